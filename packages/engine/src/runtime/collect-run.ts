import type { ApprovalRequest, EngineEvent, RunErrorEvent, TokenUsage } from './events';

/** A whole run gathered in memory (CLI one-shots, tests, the Agent API). */
export interface CollectedRun {
  status: 'done' | 'failed' | 'waiting';
  /** The answer, or the partial answer when the run failed (empty while it waits). */
  answer: string;
  usage: TokenUsage;
  events: EngineEvent[];
  error?: RunErrorEvent;
  /** What a waiting run asks; continue it with runGraph's `resumeFrom` and `resumeWith`. */
  waiting?: ApprovalRequest;
}

/** Reads every event of a run and returns the outcome. */
export async function collectRun(events: AsyncIterable<EngineEvent>): Promise<CollectedRun> {
  const all: EngineEvent[] = [];
  for await (const event of events) {
    all.push(event);
    if (event.type === 'run-end') {
      return { status: 'done', answer: event.answer, usage: event.usage, events: all };
    }
    if (event.type === 'run-waiting') {
      return { status: 'waiting', answer: '', usage: event.usage, events: all, waiting: event.request };
    }
    if (event.type === 'run-error') {
      return { status: 'failed', answer: event.partialAnswer, usage: event.usage, events: all, error: event };
    }
  }
  throw new Error('The run ended without run-end, run-error or run-waiting; this is a bug in the engine.');
}
