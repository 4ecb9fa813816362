import type { EngineEvent } from '@agentry/engine';
import { describe, expect, it } from 'vitest';
import { eventsOfRow, expandStoredEvent, RunEventRecorder, type StoredRunEvent } from './run-events';

const runId = 'run-1';
const usage = { inputTokens: 0, outputTokens: 0 };

/** A short run: start, a node that streams three deltas, its end, the run's end. */
function shortRun(): EngineEvent[] {
  return [
    { seq: 1, type: 'run-start', runId, nodeCount: 1, startedAt: '2026-12-06T00:00:00.000Z' },
    {
      seq: 2,
      type: 'node-start',
      runId,
      nodeId: 'model',
      nodeType: 'model',
      label: 'Model',
      inputs: {},
      attempt: 0,
    },
    { seq: 3, type: 'node-delta', runId, nodeId: 'model', delta: 'Hel', feedsAnswer: true },
    { seq: 4, type: 'node-delta', runId, nodeId: 'model', delta: 'lo ', feedsAnswer: true },
    { seq: 5, type: 'node-delta', runId, nodeId: 'model', delta: 'there', feedsAnswer: true },
    {
      seq: 6,
      type: 'node-end',
      runId,
      nodeId: 'model',
      nodeType: 'model',
      status: 'done',
      usage,
      durationMs: 1,
    },
    { seq: 7, type: 'run-end', runId, answer: 'Hello there', usage, durationMs: 2 },
  ] as unknown as EngineEvent[];
}

function record(recorder: RunEventRecorder, events: EngineEvent[]): StoredRunEvent[] {
  const rows = events.flatMap((event) => recorder.add(event));
  return [...rows, ...recorder.drain()];
}

describe('RunEventRecorder', () => {
  it('merges reasoning deltas like text, never reasoning into text, and cuts them for a reader the same way', () => {
    const events = [
      { seq: 1, type: 'node-reasoning', runId, nodeId: 'model', delta: 'Let me ', feedsAnswer: true },
      { seq: 2, type: 'node-reasoning', runId, nodeId: 'model', delta: 'think.', feedsAnswer: true },
      { seq: 3, type: 'node-delta', runId, nodeId: 'model', delta: 'Hi', feedsAnswer: true },
    ] as unknown as EngineEvent[];
    const [row] = record(new RunEventRecorder(), events);
    const replayed = expandStoredEvent(row!, 0);
    expect(replayed).toMatchObject([
      { type: 'node-reasoning', delta: 'Let me think.', seq: 2 },
      { type: 'node-delta', delta: 'Hi', seq: 3 },
    ]);
    expect(expandStoredEvent(row!, 1).filter((event) => event.seq > 1)[0]).toMatchObject({
      type: 'node-reasoning',
      delta: 'think.',
    });
  });

  it('stores a short run as one row that replays as the same events, the deltas joined', () => {
    const rows = record(new RunEventRecorder(), shortRun());
    expect(rows).toHaveLength(1);
    expect(rows[0]!.seq).toBe(7);
    const replayed = rows.flatMap((row) => expandStoredEvent(row, 0));
    const original = shortRun();
    expect(replayed.map((event) => event.seq)).toEqual([1, 2, 5, 6, 7]);
    expect(replayed[2]).toMatchObject({ type: 'node-delta', delta: 'Hello there', seq: 5 });
    for (const index of [0, 1]) expect(replayed[index]).toMatchObject(original[index]!);
    expect(replayed[4]).toMatchObject(original[6]!);
  });

  it('gives a reader that saw part of the joined text exactly the rest', () => {
    const [row] = record(new RunEventRecorder(), shortRun());
    const afterFirstDelta = expandStoredEvent(row!, 3).filter((event) => event.seq > 3);
    expect(afterFirstDelta[0]).toMatchObject({ type: 'node-delta', delta: 'lo there', seq: 5 });
    expect(afterFirstDelta.map((event) => event.type)).toEqual(['node-delta', 'node-end', 'run-end']);
  });

  it('lists the events of a batch row and of an old single-event row alike', () => {
    const [batch] = record(new RunEventRecorder(), shortRun());
    expect(eventsOfRow(batch!).map((stored) => stored.seq)).toEqual([1, 2, 5, 6, 7]);
    const single = { seq: 3, event: { type: 'node-start', runId, nodeId: 'x' } };
    expect(eventsOfRow(single)).toEqual([single]);
    expect(expandStoredEvent(single, 0)).toEqual([{ type: 'node-start', runId, nodeId: 'x', seq: 3 }]);
  });

  it('stores held events when they have waited long enough with nothing new (a long tool call)', async () => {
    const stored: StoredRunEvent[] = [];
    const recorder: RunEventRecorder = new RunEventRecorder(() => stored.push(...recorder.drain()));
    for (const event of shortRun().slice(0, 2)) expect(recorder.add(event)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(stored.flatMap(eventsOfRow).map((row) => row.seq)).toEqual([1, 2]);
    // Later events start a new row.
    for (const event of shortRun().slice(2)) recorder.add(event);
    const rest = recorder.drain();
    expect(rest.flatMap(eventsOfRow).map((row) => row.seq)).toEqual([5, 6, 7]);
  });
});
