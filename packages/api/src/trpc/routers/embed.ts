import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  getEmbedSettings,
  updateEmbedSettings,
  updateEmbedSettingsInput,
} from '../../services/embed-settings';
import { protectedProcedure, roleProcedure } from '../init';

/** An agent's Embed tab: widget look, allowed sites and public-chat limits. */
export const embedRouter = {
  get: protectedProcedure
    .input(z.object({ id: z.string().min(1).max(100) }))
    .query(({ ctx, input }) => getEmbedSettings(ctx.runtime, ctx.actor, input.id)),
  update: roleProcedure('editor')
    .input(updateEmbedSettingsInput)
    .mutation(({ ctx, input }) => updateEmbedSettings(ctx.runtime, ctx.actor, input)),
} satisfies TRPCRouterRecord;
