import { and, asc, desc, eq, lt } from '@agentry/db/drizzle';
import { agentVersions, conversations, messages, type RunStep, runs, triggers } from '@agentry/db';
import { type ChatMessage, collectRun } from '@agentry/engine';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { getAgent } from './agents';
import { type Actor, requireRole } from './auth';
import { credentialPricing } from './credentials';
import { type CostEstimate, estimateCost, missingPriceReason } from './model-prices';
import { runTrigger } from './run-status';
import {
  credentialIdsOf,
  modelsByNode,
  type NodeModel,
  type PriceBook,
  pricingCredentialOf,
} from './usage-models';
import { startRun } from './runs';

/** Moved to usage-models.ts (the run journal prices tokens with it too); kept here for its callers. */
export { modelsByNode };

/** Paging input: newest first, `cursor` is the ISO time of the last item already shown. */
export const pageInput = z.object({
  agentId: z.string().min(1).max(100),
  cursor: z.iso.datetime({ offset: true }).optional(),
  limit: z.number().int().min(1).max(100).default(20),
});

/** Lists an agent's runs, newest first, a page at a time. */
export async function listRuns(runtime: Runtime, actor: Actor, input: z.infer<typeof pageInput>) {
  await getAgent(runtime, actor.workspaceId, input.agentId);
  const filters = [eq(runs.agentId, input.agentId), eq(runs.workspaceId, actor.workspaceId)];
  if (input.cursor) filters.push(lt(runs.startedAt, new Date(input.cursor)));
  const rows = await runtime.db
    .select({
      id: runs.id,
      status: runs.status,
      source: runs.source,
      input: runs.input,
      answer: runs.answer,
      usage: runs.usage,
      error: runs.error,
      startedAt: runs.startedAt,
      durationMs: runs.durationMs,
      conversationId: runs.conversationId,
      triggerId: runs.triggerId,
      triggerName: triggers.name,
      triggerKind: triggers.kind,
    })
    .from(runs)
    .leftJoin(triggers, eq(triggers.id, runs.triggerId))
    .where(and(...filters))
    .orderBy(desc(runs.startedAt))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    items: page.map(({ triggerName, triggerKind, ...row }) => ({
      ...row,
      trigger: runTrigger(row.triggerId, triggerName, triggerKind),
      message: (row.input as { message?: string }).message ?? '',
      answer: row.answer.slice(0, 300),
    })),
    nextCursor: rows.length > input.limit ? page.at(-1)!.startedAt.toISOString() : null,
  };
}

/** One run with its steps (timeline), inputs, error and cost estimate per node. */
export async function getRun(runtime: Runtime, actor: Actor, runId: string) {
  const [run] = await runtime.db
    .select()
    .from(runs)
    .where(and(eq(runs.id, runId), eq(runs.workspaceId, actor.workspaceId)));
  if (!run) throw new AppError('not_found', 'No such run in this workspace.');
  const [trigger] = run.triggerId
    ? await runtime.db
        .select({ id: triggers.id, name: triggers.name, kind: triggers.kind })
        .from(triggers)
        .where(eq(triggers.id, run.triggerId))
    : [];
  if (!run.graph && run.versionId) {
    // Runs of a published version point at it rather than keep a copy of its graph.
    const [version] = await runtime.db
      .select({ graph: agentVersions.graph })
      .from(agentVersions)
      .where(eq(agentVersions.id, run.versionId));
    run.graph = version?.graph ?? null;
  }
  const steps = stepsOf(run.id, run.steps ?? []);
  const models = modelsByNode(run.graph);
  const book = await credentialPricing(runtime, actor.workspaceId, credentialIdsOf(run.graph));
  const withCost = steps.map((step) => {
    const usage = (step.usage as { inputTokens: number; outputTokens: number } | null) ?? {
      inputTokens: 0,
      outputTokens: 0,
    };
    return { ...step, usage, ...stepCost(models.get(step.nodeId), usage, book) };
  });
  const nodeLabels = Object.fromEntries(
    (
      (run.graph as { nodes?: { id: string; type: string; data?: { label?: string } }[] } | null)?.nodes ?? []
    ).map((node) => [node.id, node.data?.label || node.type]),
  );
  return {
    ...run,
    trigger: trigger ?? null,
    input: run.input as { message: string; history?: ChatMessage[] },
    steps: withCost,
    nodeLabels,
  };
}

/** A run's steps in the shape they had as rows of their own (times as dates), by start time. */
function stepsOf(runId: string, steps: RunStep[]) {
  const time = (iso: string | null) => (iso === null ? null : new Date(iso));
  return steps
    .map((step) => ({ ...step, runId, startedAt: time(step.startedAt), endedAt: time(step.endedAt) }))
    .sort((a, b) => (a.startedAt?.getTime() ?? Infinity) - (b.startedAt?.getTime() ?? Infinity));
}

/**
 * A step's cost, or why it has none: `costMissing` is set when the step used tokens that no price covers
 * (the UI shows the sentence, which names the credential to set a price on).
 */
export function stepCost(
  model: NodeModel | undefined,
  usage: { inputTokens: number; outputTokens: number },
  book: PriceBook,
): { cost: CostEstimate | null; costMissing: string | null } {
  const used = usage.inputTokens + usage.outputTokens > 0;
  if (!model) return { cost: null, costMissing: used ? 'no model is known for this node' : null };
  const credential = pricingCredentialOf(model, book);
  const cost = estimateCost(model.provider, model.model, usage, credential);
  return {
    cost,
    costMissing: cost || !used ? null : missingPriceReason(model.provider, model.model, credential),
  };
}

/** Runs a recorded run again with the same graph snapshot and input, in a new conversation. */
export async function rerun(runtime: Runtime, actor: Actor, runId: string) {
  requireRole(actor, 'editor');
  const run = await getRun(runtime, actor, runId);
  if (!run.graph)
    throw new AppError('bad_request', 'This run kept no graph snapshot, so it cannot be re-run.');
  const started = await startRun(runtime, {
    workspaceId: actor.workspaceId,
    agentId: run.agentId,
    graph: run.graph,
    versionId: run.versionId,
    source: 'preview',
    message: run.input.message,
    history: run.input.history,
  });
  const outcome = await collectRun(started.events);
  return { runId: started.runId, status: outcome.status };
}

/** Lists an agent's conversations, newest activity first, a page at a time. */
export async function listConversations(runtime: Runtime, actor: Actor, input: z.infer<typeof pageInput>) {
  await getAgent(runtime, actor.workspaceId, input.agentId);
  const filters = [
    eq(conversations.agentId, input.agentId),
    eq(conversations.workspaceId, actor.workspaceId),
  ];
  if (input.cursor) filters.push(lt(conversations.updatedAt, new Date(input.cursor)));
  const rows = await runtime.db
    .select()
    .from(conversations)
    .where(and(...filters))
    .orderBy(desc(conversations.updatedAt))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return { items: page, nextCursor: rows.length > input.limit ? page.at(-1)!.updatedAt.toISOString() : null };
}

/** The messages of one conversation of the workspace, oldest first. */
export async function conversationMessages(runtime: Runtime, actor: Actor, conversationId: string) {
  const [conversation] = await runtime.db
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.workspaceId, actor.workspaceId)));
  if (!conversation) throw new AppError('not_found', 'No such conversation in this workspace.');
  const rows = await runtime.db
    .select({
      id: messages.id,
      role: messages.role,
      content: messages.content,
      runId: messages.runId,
      createdAt: messages.createdAt,
    })
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    .orderBy(asc(messages.createdAt));
  return { conversation, messages: rows };
}
