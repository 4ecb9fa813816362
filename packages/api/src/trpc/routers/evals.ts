import type { TRPCRouterRecord } from '@trpc/server';
import { EVAL_LIMITS, judgeModelSchema } from '@agentry/engine/evals';
import { z } from 'zod';
import { caseFromConversation, caseFromRun } from '../../services/eval-case-capture';
import { caseFileFormat, exportEvalCases, importEvalCases } from '../../services/eval-case-files';
import { deleteEvalCase, listEvalCases, saveEvalCase, saveEvalCaseInput } from '../../services/eval-cases';
import { compareEvalRuns, evalPassRates } from '../../services/eval-compare';
import { evalPublishCheck } from '../../services/eval-publish-check';
import { cancelEvalRun, getEvalRun, listEvalRuns, startEvalRun } from '../../services/eval-runs';
import {
  getEvalSettings,
  MAX_EVAL_CONCURRENCY,
  saveEvalSettings,
  saveEvalSettingsInput,
} from '../../services/eval-settings';
import { protectedProcedure, roleProcedure } from '../init';

const id = z.string().min(1).max(100);
const agentInput = z.object({ agentId: id });
const idInput = z.object({ id });
const caseName = z.string().trim().min(1).max(EVAL_LIMITS.maxNameLength).optional();

/**
 * An agent's tests (the Tests tab): cases, eval runs and their results, comparisons, the pass-rate chart,
 * settings and the publish check. Members read; editors change and run. Every service checks that the
 * agent, case, run or conversation is the caller's workspace's (others answer 404).
 */
export const evalsRouter = {
  listCases: protectedProcedure
    .input(agentInput)
    .query(({ ctx, input }) => listEvalCases(ctx.runtime, ctx.actor, input.agentId)),
  saveCase: roleProcedure('editor')
    .input(saveEvalCaseInput)
    .mutation(({ ctx, input }) => saveEvalCase(ctx.runtime, ctx.actor, input)),
  deleteCase: roleProcedure('editor')
    .input(idInput)
    .mutation(({ ctx, input }) => deleteEvalCase(ctx.runtime, ctx.actor, input.id)),
  importCases: roleProcedure('editor')
    // Characters never outnumber UTF-8 bytes: this bound holds a file's text the service then measures.
    .input(agentInput.extend({ format: caseFileFormat, text: z.string().max(EVAL_LIMITS.maxFileBytes) }))
    .mutation(({ ctx, input }) => importEvalCases(ctx.runtime, ctx.actor, input)),
  exportCases: protectedProcedure
    .input(agentInput.extend({ format: caseFileFormat }))
    .query(({ ctx, input }) => exportEvalCases(ctx.runtime, ctx.actor, input)),
  caseFromConversation: roleProcedure('editor')
    .input(agentInput.extend({ conversationId: id, name: caseName }))
    .mutation(({ ctx, input }) => caseFromConversation(ctx.runtime, ctx.actor, input)),
  caseFromRun: roleProcedure('editor')
    .input(z.object({ runId: id, name: caseName }))
    .mutation(({ ctx, input }) => caseFromRun(ctx.runtime, ctx.actor, input)),
  startRun: roleProcedure('editor')
    .input(
      agentInput.extend({
        target: z.union([z.literal('draft'), z.object({ versionId: id })]),
        caseIds: z.array(id).min(1).max(EVAL_LIMITS.maxCases).optional(),
        concurrency: z.number().int().min(1).max(MAX_EVAL_CONCURRENCY).optional(),
        judge: judgeModelSchema.nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => startEvalRun(ctx.runtime, ctx.actor, input)),
  getRun: protectedProcedure
    .input(idInput)
    .query(({ ctx, input }) => getEvalRun(ctx.runtime, ctx.actor, input.id)),
  listRuns: protectedProcedure
    .input(agentInput.extend({ limit: z.number().int().min(1).max(100).optional() }))
    .query(({ ctx, input }) => listEvalRuns(ctx.runtime, ctx.actor, input)),
  cancelRun: roleProcedure('editor')
    .input(idInput)
    .mutation(({ ctx, input }) => cancelEvalRun(ctx.runtime, ctx.actor, input.id)),
  compare: protectedProcedure
    .input(z.object({ a: id, b: id }))
    .query(({ ctx, input }) => compareEvalRuns(ctx.runtime, ctx.actor, input)),
  passRates: protectedProcedure
    .input(agentInput)
    .query(({ ctx, input }) => evalPassRates(ctx.runtime, ctx.actor, input.agentId)),
  getSettings: protectedProcedure
    .input(agentInput)
    .query(({ ctx, input }) => getEvalSettings(ctx.runtime, ctx.actor, input.agentId)),
  saveSettings: roleProcedure('editor')
    .input(saveEvalSettingsInput)
    .mutation(({ ctx, input }) => saveEvalSettings(ctx.runtime, ctx.actor, input)),
  publishCheck: protectedProcedure
    .input(agentInput)
    .query(({ ctx, input }) => evalPublishCheck(ctx.runtime, ctx.actor, input.agentId)),
} satisfies TRPCRouterRecord;
