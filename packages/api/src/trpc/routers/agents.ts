import { defaultNodeRegistry, nodeCatalog } from '@agentry/engine';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  diffVersions,
  getVersion,
  publishAgent,
  restoreVersion,
  saveDraft,
  saveDraftInput,
} from '../../services/agent-versions';
import {
  createAgent,
  createAgentInput,
  deleteAgent,
  duplicateAgent,
  getAgent,
  listAgents,
  listAgentsInput,
  listVersions,
  renameAgent,
} from '../../services/agents';
import { diffGraphs } from '@agentry/engine';
import { checkGraph, parseGraphFile, serializeGraph } from '../../services/graph-files';
import {
  createAgentFromTemplate,
  createFromTemplateInput,
  listTemplates,
  starterGraph,
} from '../../services/templates';
import { protectedProcedure, roleProcedure } from '../init';

const idInput = z.object({ id: z.string().min(1).max(100) });
const versionInput = idInput.extend({ version: z.number().int().min(1) });

/** The workspace's agents: CRUD, drafts with optimistic concurrency, versions, import and export. */
export const agentsRouter = {
  list: protectedProcedure
    .input(listAgentsInput)
    .query(({ ctx, input }) => listAgents(ctx.runtime, ctx.actor, input?.search)),
  get: protectedProcedure.input(idInput).query(async ({ ctx, input }) => {
    const agent = await getAgent(ctx.runtime, ctx.actor.workspaceId, input.id);
    return { ...agent, problems: checkGraph(agent.draftGraph).problems };
  }),
  create: roleProcedure('editor')
    .input(createAgentInput.extend({ graph: z.unknown().optional() }))
    .mutation(({ ctx, input }) =>
      createAgent(ctx.runtime, ctx.actor, {
        ...input,
        // A blank agent starts with a Chat Input and a Chat Output placed, not an empty canvas.
        graph: input.graph === undefined ? starterGraph() : checkGraph(input.graph).graph,
      }),
    ),
  templates: protectedProcedure.query(() => listTemplates()),
  createFromTemplate: roleProcedure('editor')
    .input(createFromTemplateInput)
    .mutation(({ ctx, input }) => createAgentFromTemplate(ctx.runtime, ctx.actor, input)),
  rename: roleProcedure('editor')
    .input(idInput.extend({ name: z.string().trim().min(1, 'Name the agent').max(120) }))
    .mutation(({ ctx, input }) => renameAgent(ctx.runtime, ctx.actor, input.id, input.name)),
  duplicate: roleProcedure('editor')
    .input(idInput)
    .mutation(({ ctx, input }) => duplicateAgent(ctx.runtime, ctx.actor, input.id)),
  delete: roleProcedure('editor')
    .input(idInput)
    .mutation(({ ctx, input }) => deleteAgent(ctx.runtime, ctx.actor, input.id)),
  saveDraft: roleProcedure('editor')
    .input(saveDraftInput)
    .mutation(({ ctx, input }) => saveDraft(ctx.runtime, ctx.actor, input)),
  validate: protectedProcedure
    .input(z.object({ graph: z.unknown() }))
    .mutation(({ input }) => checkGraph(input.graph).problems),
  publish: roleProcedure('editor')
    .input(idInput.extend({ note: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) => publishAgent(ctx.runtime, ctx.actor, input)),
  versions: protectedProcedure
    .input(idInput)
    .query(({ ctx, input }) => listVersions(ctx.runtime, ctx.actor, input.id)),
  version: protectedProcedure
    .input(versionInput)
    .query(({ ctx, input }) => getVersion(ctx.runtime, ctx.actor, input.id, input.version)),
  restore: roleProcedure('editor')
    .input(versionInput.extend({ baseRevision: z.number().int().min(1), force: z.boolean().optional() }))
    .mutation(({ ctx, input }) => restoreVersion(ctx.runtime, ctx.actor, input)),
  diff: protectedProcedure
    .input(
      idInput.extend({
        from: z.number().int().min(1),
        to: z.union([z.number().int().min(1), z.literal('draft')]),
      }),
    )
    .query(({ ctx, input }) => diffVersions(ctx.runtime, ctx.actor, input)),
  /** What changed between two graphs the caller holds (the conflict banner: theirs against mine). */
  compareGraphs: protectedProcedure
    .input(z.object({ before: z.unknown(), after: z.unknown() }))
    .mutation(({ input }) => diffGraphs(checkGraph(input.before).graph, checkGraph(input.after).graph)),
  importGraph: protectedProcedure.input(z.object({ text: z.string() })).mutation(({ input }) => {
    const { graph, problems } = parseGraphFile(input.text);
    return { graph, problems };
  }),
  exportGraph: protectedProcedure.input(idInput).query(async ({ ctx, input }) => {
    const agent = await getAgent(ctx.runtime, ctx.actor.workspaceId, input.id);
    return {
      fileName: `${agent.slug}.agentry.json`,
      text: serializeGraph(checkGraph(agent.draftGraph).graph),
    };
  }),
  nodeCatalog: protectedProcedure.query(() => nodeCatalog(defaultNodeRegistry)),
} satisfies TRPCRouterRecord;
