import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  conversationMessages,
  getRun,
  listConversations,
  listRuns,
  pageInput,
  rerun,
} from '../../services/run-history';
import { resumeBodySchema } from '../../services/run-resume';
import { answerRun, countWaitingRuns, listWaitingRuns } from '../../services/waiting-runs';
import { protectedProcedure, roleProcedure } from '../init';

const runIdInput = z.object({ runId: z.string().min(1).max(100) });

/** Runs and conversations of an agent, for the run view and history. */
export const runsRouter = {
  list: protectedProcedure
    .input(pageInput)
    .query(({ ctx, input }) => listRuns(ctx.runtime, ctx.actor, input)),
  get: protectedProcedure
    .input(runIdInput)
    .query(({ ctx, input }) => getRun(ctx.runtime, ctx.actor, input.runId)),
  rerun: roleProcedure('editor')
    .input(runIdInput)
    .mutation(({ ctx, input }) => rerun(ctx.runtime, ctx.actor, input.runId)),
  conversations: protectedProcedure
    .input(pageInput)
    .query(({ ctx, input }) => listConversations(ctx.runtime, ctx.actor, input)),
  conversation: protectedProcedure
    .input(z.object({ conversationId: z.string().min(1).max(100) }))
    .query(({ ctx, input }) => conversationMessages(ctx.runtime, ctx.actor, input.conversationId)),
  /** Runs of the workspace waiting for a person or interrupted (the Approvals page). */
  waiting: protectedProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).optional() }).optional())
    .query(({ ctx, input }) => listWaitingRuns(ctx.runtime, ctx.actor, input?.limit)),
  /** How many runs wait (the count in the nav). */
  waitingCount: protectedProcedure.query(({ ctx }) => countWaitingRuns(ctx.runtime, ctx.actor)),
  /** Answers an operator question (`{ requestId, choice, … }`) or resumes an interrupted run (`{}`). */
  resume: roleProcedure('editor')
    .input(z.object({ runId: z.string().min(1).max(100), answer: resumeBodySchema }))
    .mutation(({ ctx, input }) => answerRun(ctx.runtime, ctx.actor, input.runId, input.answer)),
} satisfies TRPCRouterRecord;
