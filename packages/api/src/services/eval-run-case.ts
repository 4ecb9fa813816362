import { runs } from '@agentry/db';
import { and, eq } from '@agentry/db/drizzle';
import type { EngineEvent } from '@agentry/engine';
import { type CaseOutcome, caseTurn, type EvalCase, outcomeFromEvents } from '@agentry/engine/evals';
import type { Runtime } from '../runtime';
import { estimateCost } from './model-prices';
import { credentialPricing } from './credentials';
import { credentialIdsOf, modelsByNode, type PriceBook, pricingCredentialOf } from './usage-models';
import { runJournal } from './run-journal';
import { startRun } from './runs';

/** What one case runs: the graph of the draft or of a version, in a workspace. */
export interface EvalTarget {
  workspaceId: string;
  agentId: string;
  graph: unknown;
  /** The published version run; null: the draft. */
  versionId: string | null;
}

/**
 * What a run's tokens cost in US dollars, node by node at the prices of their models; undefined when a
 * node that used tokens has no known price (a partial sum would pass a `maxCostUsd` it should not).
 */
export function costOfEvents(
  graph: unknown,
  events: readonly EngineEvent[],
  book?: PriceBook,
): number | undefined {
  const models = modelsByNode(graph);
  let usd = 0;
  for (const event of events) {
    if (event.type !== 'node-end') continue;
    if (event.usage.inputTokens === 0 && event.usage.outputTokens === 0) continue;
    const model = models.get(event.nodeId);
    const cost = model
      ? estimateCost(model.provider, model.model, event.usage, pricingCredentialOf(model, book))
      : null;
    if (!cost) return undefined;
    usd += cost.usd;
  }
  return usd;
}

const END_EVENTS = new Set<EngineEvent['type']>(['run-end', 'run-error', 'run-waiting']);

/**
 * Runs one case as a normal run (source `eval`, a conversation of its own) through `startRun`, so
 * queue mode hands it to a worker; reads all its events and measures the time to its end event.
 */
export async function runEvalCase(
  runtime: Runtime,
  target: EvalTarget,
  evalCase: EvalCase,
  signal: AbortSignal,
): Promise<{ outcome: CaseOutcome; runId: string }> {
  const { message, history } = caseTurn(evalCase.input);
  const startedAt = performance.now();
  const run = await startRun(runtime, {
    workspaceId: target.workspaceId,
    agentId: target.agentId,
    graph: target.graph,
    versionId: target.versionId,
    source: 'eval',
    message,
    history,
    signal,
  });
  const events: EngineEvent[] = [];
  let endedAt: number | undefined;
  for await (const event of run.events) {
    events.push(event);
    if (endedAt === undefined && END_EVENTS.has(event.type)) endedAt = performance.now();
  }
  if (events.at(-1)?.type === 'run-waiting') await cancelWaitingRun(runtime, run.runId);
  const latencyMs = Math.round((endedAt ?? performance.now()) - startedAt);
  const outcome = outcomeFromEvents(events, { latencyMs });
  const ids = credentialIdsOf(target.graph);
  const book = ids.length > 0 ? await credentialPricing(runtime, target.workspaceId, ids) : undefined;
  const costUsd = costOfEvents(target.graph, events, book);
  return { outcome: { ...outcome, ...(costUsd === undefined ? {} : { costUsd }) }, runId: run.runId };
}

/** How long to look for a waiting case's run row (a queue worker may write it after its event arrives). */
const WAITING_ROW_TRIES = 20;
const WAITING_ROW_DELAY_MS = 250;

/**
 * An eval cannot answer an approval: the case counts as an error, and its run is cancelled rather than left
 * on the Approvals page waiting for a person nobody asked.
 */
async function cancelWaitingRun(runtime: Runtime, runId: string): Promise<void> {
  await runJournal(runtime).settled();
  for (let attempt = 0; attempt < WAITING_ROW_TRIES; attempt++) {
    const updated = await runtime.db
      .update(runs)
      .set({ status: 'cancelled', pending: null, endedAt: new Date() })
      .where(and(eq(runs.id, runId), eq(runs.status, 'waiting')))
      .returning({ id: runs.id });
    if (updated.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, WAITING_ROW_DELAY_MS));
  }
}
