import type { TRPCRouterRecord } from '@trpc/server';
import { usageSummary } from '../../services/usage';
import { exportUsageCsv } from '../../services/usage-csv';
import { usageInput } from '../../services/usage-types';
import { protectedProcedure } from '../init';

/**
 * The Usage page and an agent's Usage tab: runs, failures, tokens, cost and latency of the caller's
 * workspace (every member may read, viewers included); an agent id must be one of its agents (else 404).
 */
export const usageRouter = {
  summary: protectedProcedure
    .input(usageInput)
    .query(({ ctx, input }) => usageSummary(ctx.runtime, ctx.actor, input)),
  exportCsv: protectedProcedure
    .input(usageInput)
    .query(({ ctx, input }) => exportUsageCsv(ctx.runtime, ctx.actor, input)),
} satisfies TRPCRouterRecord;
