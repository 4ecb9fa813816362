import type { EngineEvent } from '@agentry/engine';
import { describe, expect, it, vi } from 'vitest';
import { LiveRun, REATTACH_GRACE_MS } from './live-runs';
import { runStreamResponse } from './run-stream';

const runId = 'run-1';
const usage = { inputTokens: 3, outputTokens: 2 };
const owner = { workspaceId: 'w', agentId: 'a', conversationId: 'c', source: 'api' };

/** A run that streams "Hello world" from one model node. */
const helloRun = [
  {
    seq: 1,
    type: 'run-start',
    runId,
    conversationId: 'c',
    startedAt: new Date(0).toISOString(),
    nodeCount: 1,
  },
  { seq: 2, type: 'node-start', runId, nodeId: 'model', nodeType: 'model', label: 'Model', inputs: {} },
  { seq: 3, type: 'node-delta', runId, nodeId: 'model', delta: 'Hello', feedsAnswer: true },
  { seq: 4, type: 'node-delta', runId, nodeId: 'model', delta: ' world', feedsAnswer: true },
  { seq: 5, type: 'node-end', runId, nodeId: 'model', nodeType: 'model', status: 'succeeded', durationMs: 2 },
  { seq: 6, type: 'run-end', runId, answer: 'Hello world', usage, durationMs: 3 },
] as EngineEvent[];

function streamed(batches: EngineEvent[][], after = 0): Promise<string> {
  return runStreamResponse(
    async function* () {
      yield* batches;
    },
    { after, mapping: {} },
  ).text();
}

/** The SSE events of a stream: each one's `id:` and the types of its data lines. */
function sseEvents(text: string): { id: string | undefined; types: string[] }[] {
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      const lines = block.split('\n');
      const id = lines.find((line) => line.startsWith('id: '))?.slice(4);
      const data = lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice(6));
      return { id, types: data.map((json) => (json === '[DONE]' ? '[DONE]' : JSON.parse(json).type)) };
    });
}

describe('the UI message stream of a run given in batches', () => {
  it('sends the same bytes whether events come one by one or all together', async () => {
    const oneByOne = await streamed(helloRun.map((event) => [event]));
    const together = await streamed([helloRun]);
    expect(together).toBe(oneByOne);
    // Every event's last chunk carries its number, so Last-Event-ID names an event the reader has whole.
    const ids = sseEvents(together)
      .map((event) => event.id)
      .filter(Boolean);
    expect(ids).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(together).toContain('data: {"type":"text-delta","id":"model","delta":" world"}');
    expect(together.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('after a reconnect, continues the message the reader has: no second start, the text part still open', async () => {
    const resumed = sseEvents(await streamed([helloRun.slice(0, 4), helloRun.slice(4)], 3));
    const types = resumed.flatMap((event) => event.types);
    expect(types).toEqual(['text-delta', 'text-end', 'data-node', 'data-run', 'finish', '[DONE]']);
    expect(resumed[0]?.id).toBe('4');
  });
});

describe('LiveRun.followBatches', () => {
  it('hands over the events pushed in one turn together, then follows until the run ends', async () => {
    const live = new LiveRun(runId, owner);
    live.push(helloRun[0]!);
    const seen: number[][] = [];
    const reading = (async () => {
      for await (const batch of live.followBatches(0)) seen.push(batch.map((event) => event.seq));
    })();
    await new Promise((resolve) => setImmediate(resolve));
    for (const event of helloRun.slice(1, 4)) live.push(event);
    await new Promise((resolve) => setImmediate(resolve));
    for (const event of helloRun.slice(4)) live.push(event);
    live.end();
    await reading;
    expect(seen).toEqual([[1], [2, 3, 4], [5, 6]]);
  });

  it('starts after the number asked for, and `follow` gives the same events one at a time', async () => {
    const live = new LiveRun(runId, owner);
    for (const event of helloRun) live.push(event);
    live.end();
    const batches: number[][] = [];
    for await (const batch of live.followBatches(4)) batches.push(batch.map((event) => event.seq));
    expect(batches).toEqual([[5, 6]]);
    const single: number[] = [];
    for await (const event of live.follow(2)) single.push(event.seq);
    expect(single).toEqual([3, 4, 5, 6]);
  });

  it('stops when its signal aborts and lets go of the run: a reader-bound run is cancelled after the grace period', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let cancelled = false;
      const live = new LiveRun(runId, owner, () => {
        cancelled = true;
      });
      live.push(helloRun[0]!);
      const stop = new AbortController();
      const batches: number[][] = [];
      const reading = (async () => {
        for await (const batch of live.followBatches(0, stop.signal))
          batches.push(batch.map((event) => event.seq));
      })();
      await new Promise((resolve) => setImmediate(resolve));
      stop.abort();
      await reading;
      expect(batches).toEqual([[1]]);
      // Not at once: a reader that comes back within the grace period keeps it.
      expect(cancelled).toBe(false);
      vi.advanceTimersByTime(REATTACH_GRACE_MS);
      expect(cancelled).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
