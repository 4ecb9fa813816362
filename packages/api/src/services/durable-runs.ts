import type { EngineEvent } from '@agentry/engine';
import type { Runtime } from '../runtime';
import { LiveRun, liveRuns } from './live-runs';
import { executeRun, type PreparedRun, prepareRun, queuedEvents, type StartRunRequest } from './runs';

/** A run that executes whether or not anyone reads it; readers follow `live`. */
export interface DurableRun {
  runId: string;
  conversationId: string;
  live: LiveRun;
}

/** How a durable run relates to its readers. */
export interface DurableRunOptions {
  /**
   * A chat turn: when every reader has gone for REATTACH_GRACE_MS (a closed tab, not a dropped
   * connection that comes back) the run is cancelled. Without it the run goes on alone (`POST …/runs`).
   */
  readerBound: boolean;
  /** Passes the run's events through (the widget settles its token budget here, read or not). */
  wrap?: (events: AsyncIterable<EngineEvent>) => AsyncIterable<EngineEvent>;
}

/**
 * Starts a run that this process drives to its end itself: its events go to the run's LiveRun (readers
 * here follow it from memory) and to the database (readers elsewhere, and after the run, replay them).
 * A run without a reader records its start at once, so `GET /api/v1/runs/:id` finds it.
 */
export async function startDurableRun(
  runtime: Runtime,
  request: Omit<StartRunRequest, 'signal'>,
  options: DurableRunOptions,
): Promise<DurableRun> {
  const { prepared, record } = await prepareRun(runtime, request);
  const controller = new AbortController();
  if (!options.readerBound || runtime.runQueue) await record();
  const events =
    runtime.runQueue && !request.languageModels
      ? queuedEvents(runtime, runtime.runQueue.enqueue(prepared, controller.signal), prepared, request.source)
      : executeRun(runtime, prepared, {
          signal: controller.signal,
          languageModels: request.languageModels,
          record,
          source: request.source,
        });
  const live = driveRun(runtime, prepared, options.wrap ? options.wrap(events) : events, {
    source: request.source,
    agentId: request.agentId,
    cancel: options.readerBound ? () => controller.abort() : undefined,
  });
  return { runId: prepared.runId, conversationId: prepared.conversationId, live };
}

/**
 * Reads a run's events to the end in the background, handing each to a LiveRun registered under the
 * run's id while it lasts. The events' own iterable stores them (executeRun), so when the last one
 * arrives everything is written and the LiveRun can go.
 */
export function driveRun(
  runtime: Runtime,
  prepared: Pick<PreparedRun, 'runId' | 'workspaceId' | 'conversationId' | 'resume'>,
  events: AsyncIterable<EngineEvent>,
  owner: { source: string; agentId: string; cancel?: () => void },
): LiveRun {
  const registry = liveRuns(runtime);
  const live = new LiveRun(
    prepared.runId,
    {
      workspaceId: prepared.workspaceId,
      agentId: owner.agentId,
      conversationId: prepared.conversationId,
      source: owner.source,
    },
    owner.cancel,
    prepared.resume ? prepared.resume.checkpoint.seq + prepared.resume.seqOffset : 0,
  );
  registry.set(prepared.runId, live);
  void (async () => {
    try {
      for await (const event of events) live.push(event);
    } catch (error) {
      runtime.logger.error({ err: error, runId: prepared.runId }, 'A run stopped unexpectedly');
    } finally {
      live.end();
      if (registry.get(prepared.runId) === live) registry.delete(prepared.runId);
    }
  })();
  return live;
}
