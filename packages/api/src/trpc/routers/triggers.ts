import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { callerOrigin } from '../../services/public-origin';
import { cronProblem, nextRuns } from '../../services/trigger-config';
import {
  createTrigger,
  createTriggerInput,
  listTriggers,
  removeTrigger,
  rotateTriggerToken,
  setTriggerEnabled,
  type TriggerAccess,
  updateTrigger,
  updateTriggerInput,
} from '../../services/triggers';
import type { TrpcContext } from '../init';
import { protectedProcedure, roleProcedure } from '../init';

const idInput = z.object({ id: z.string().min(1).max(100) });

/** A member's access: their role in the workspace, every agent of it. */
function accessOf(ctx: TrpcContext): TriggerAccess {
  const actor = ctx.actor!;
  return { workspaceId: actor.workspaceId, role: actor.role, agentIds: null };
}

/** The origin the builder is served on: webhook URLs are shown on it. */
function originOf(ctx: TrpcContext): string {
  return callerOrigin(ctx.request, ctx.runtime.config.trustedProxies);
}

/** Time zones are checked when a schedule is saved; the preview only reports them. */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An agent's webhook and schedule triggers, for the builder's Triggers panel. */
export const triggersRouter = {
  list: protectedProcedure
    .input(z.object({ agentId: z.string().min(1).max(100) }))
    .query(({ ctx, input }) => listTriggers(ctx.runtime, accessOf(ctx), input.agentId, originOf(ctx))),
  create: roleProcedure('editor')
    .input(createTriggerInput)
    .mutation(({ ctx, input }) => createTrigger(ctx.runtime, accessOf(ctx), input, originOf(ctx))),
  update: roleProcedure('editor')
    .input(updateTriggerInput)
    .mutation(({ ctx, input }) => updateTrigger(ctx.runtime, accessOf(ctx), input, originOf(ctx))),
  remove: roleProcedure('editor')
    .input(idInput)
    .mutation(({ ctx, input }) => removeTrigger(ctx.runtime, accessOf(ctx), input.id)),
  rotate: roleProcedure('editor')
    .input(idInput)
    .mutation(({ ctx, input }) => rotateTriggerToken(ctx.runtime, accessOf(ctx), input.id, originOf(ctx))),
  setEnabled: roleProcedure('editor')
    .input(idInput.extend({ enabled: z.boolean() }))
    .mutation(({ ctx, input }) =>
      setTriggerEnabled(ctx.runtime, accessOf(ctx), input.id, input.enabled, originOf(ctx)),
    ),
  /** The next 5 times a cron expression fires in a time zone, or what is wrong with it. */
  preview: protectedProcedure
    .input(z.object({ cron: z.string().max(200), timezone: z.string().max(100).default('UTC') }))
    .query(({ input }) => {
      const cron = input.cron.trim();
      const timezone = input.timezone.trim() || 'UTC';
      if (!isTimeZone(timezone)) return { nextRuns: [], errors: [`Unknown time zone "${timezone}".`] };
      const problem = cron ? cronProblem(cron, timezone) : 'Enter a cron expression such as 0 8 * * 1-5.';
      if (problem) return { nextRuns: [], errors: [problem] };
      return { nextRuns: nextRuns({ cron, timezone }, new Date(), 5), errors: [] as string[] };
    }),
} satisfies TRPCRouterRecord;
