import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  createAgent,
  createAgentInput,
  deleteAgent,
  getAgent,
  listAgents,
  listAgentsInput,
  listVersions,
  renameAgent,
} from '../../services/agents';
import { protectedProcedure, roleProcedure } from '../init';

const idInput = z.object({ id: z.string().min(1).max(100) });

/** The workspace's agents. */
export const agentsRouter = {
  list: protectedProcedure
    .input(listAgentsInput)
    .query(({ ctx, input }) => listAgents(ctx.runtime, ctx.actor, input?.search)),
  get: protectedProcedure
    .input(idInput)
    .query(({ ctx, input }) => getAgent(ctx.runtime, ctx.actor.workspaceId, input.id)),
  create: roleProcedure('editor')
    .input(createAgentInput)
    .mutation(({ ctx, input }) => createAgent(ctx.runtime, ctx.actor, input)),
  rename: roleProcedure('editor')
    .input(idInput.extend({ name: z.string().trim().min(1, 'Name the agent').max(120) }))
    .mutation(({ ctx, input }) => renameAgent(ctx.runtime, ctx.actor, input.id, input.name)),
  delete: roleProcedure('editor')
    .input(idInput)
    .mutation(({ ctx, input }) => deleteAgent(ctx.runtime, ctx.actor, input.id)),
  versions: protectedProcedure
    .input(idInput)
    .query(({ ctx, input }) => listVersions(ctx.runtime, ctx.actor, input.id)),
} satisfies TRPCRouterRecord;
