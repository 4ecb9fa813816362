import type { EngineEvent, RunErrorEvent, TokenUsage } from './events';

/** A whole run gathered in memory (CLI one-shots, tests, the Agent API). */
export interface CollectedRun {
  status: 'done' | 'failed';
  /** The answer, or the partial answer when the run failed. */
  answer: string;
  usage: TokenUsage;
  events: EngineEvent[];
  error?: RunErrorEvent;
}

/** Reads every event of a run and returns the outcome. */
export async function collectRun(events: AsyncIterable<EngineEvent>): Promise<CollectedRun> {
  const all: EngineEvent[] = [];
  for await (const event of events) {
    all.push(event);
    if (event.type === 'run-end') {
      return { status: 'done', answer: event.answer, usage: event.usage, events: all };
    }
    if (event.type === 'run-error') {
      return { status: 'failed', answer: event.partialAnswer, usage: event.usage, events: all, error: event };
    }
  }
  throw new Error('The run ended without run-end or run-error; this is a bug in the engine.');
}
