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
} satisfies TRPCRouterRecord;
