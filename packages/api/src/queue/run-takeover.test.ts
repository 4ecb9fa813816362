import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import type { EngineEvent, LanguageModelFactory } from '@agentry/engine';
import { MockLanguageModelV4 } from 'ai/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { createAgent } from '../services/agents';
import type { Actor } from '../services/auth';
import { runJournal } from '../services/run-journal';
import { executeRun, type PreparedRun, prepareRun } from '../services/runs';
import { createTestOwner, testRuntime } from '../test-support';
import { planTakeover } from './run-takeover';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);
const WORDS = Array.from({ length: 12 }, (_, index) => `w${index} `);
const usage = {
  inputTokens: { total: 5, noCache: 5, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 12, text: 12, reasoning: 0 },
};

/** A model that streams `words`, then either finishes or (`hang`) never does: its process "died". */
function models(words: string[], hang: boolean): LanguageModelFactory {
  return () =>
    new MockLanguageModelV4({
      doStream: async () => ({
        stream: new ReadableStream({
          start(controller) {
            controller.enqueue({ type: 'text-start', id: 't1' });
            for (const delta of words) controller.enqueue({ type: 'text-delta', id: 't1', delta });
            if (hang) return;
            controller.enqueue({ type: 'text-end', id: 't1' });
            controller.enqueue({ type: 'finish', usage, finishReason: { unified: 'stop', raw: 'stop' } });
            controller.close();
          },
        }),
      }),
    }) as never;
}

describe('planTakeover: a worker goes on with a run whose worker died', () => {
  let database: DatabaseHandle;
  let runtime: Runtime;
  let actor: Actor;
  let agentId: string;

  beforeAll(async () => {
    database = await testBackends()[0]!.open();
    runtime = await testRuntime(database);
    actor = await createTestOwner(runtime);
    agentId = (await createAgent(runtime, actor, { name: 'Takeover', graph: chatbot })).id;
  }, 60_000);

  afterAll(async () => {
    await database.close();
  });

  /** A run whose first execution streamed three words of its answer and then stopped for good. */
  async function runCutOff(): Promise<{ prepared: PreparedRun; seen: EngineEvent[] }> {
    const { prepared, record } = await prepareRun(runtime, {
      workspaceId: actor.workspaceId,
      agentId,
      graph: chatbot,
      source: 'api',
      message: 'hello',
    });
    await record();
    const events = executeRun(runtime, prepared, { languageModels: models(WORDS.slice(0, 3), true) })[
      Symbol.asyncIterator
    ]();
    const seen: EngineEvent[] = [];
    while (seen.filter((event) => event.type === 'node-delta').length < 3)
      seen.push((await events.next()).value as EngineEvent);
    await runJournal(runtime).settled();
    return { prepared, seen };
  }

  const row = async (runId: string) =>
    (
      (await database.execute(`select status, attempts, answer, error from runs where id = '${runId}'`)) as {
        status: string;
        attempts: number;
        answer: string;
        error: { code: string } | null;
      }[]
    )[0]!;

  it('continues from the checkpoint: numbers go on, the cut-off node restarts, the answer holds it once', async () => {
    const { prepared, seen } = await runCutOff();
    const last = seen.at(-1)!.seq;
    const takeover = await planTakeover(runtime, prepared, seen);
    expect(takeover.events).toEqual([
      { type: 'node-restart', runId: prepared.runId, nodeId: 'model', seq: last + 1 },
    ]);
    expect((await row(prepared.runId)).attempts).toBe(2);

    const continued: EngineEvent[] = [];
    for await (const event of executeRun(runtime, takeover.continueWith!, {
      languageModels: models(WORDS, false),
    }))
      continued.push(event);
    // No second run-start; every number follows the last one streamed, without a gap.
    expect(continued.map((event) => event.seq)).toEqual(continued.map((_, index) => last + 2 + index));
    expect(continued.some((event) => event.type === 'run-start')).toBe(false);
    expect(continued.at(-1)).toMatchObject({ type: 'run-end', answer: WORDS.join('') });
    expect(await row(prepared.runId)).toMatchObject({ status: 'succeeded', answer: WORDS.join('') });
  });

  it('interrupts a run whose tool call was in flight, and fails one started too often', async () => {
    const { prepared, seen } = await runCutOff();
    const last = seen.at(-1)!.seq;
    const toolCall = {
      type: 'tool-call',
      runId: prepared.runId,
      nodeId: 'model',
      toolCallId: 'call-1',
      toolName: 'refund',
      input: {},
      seq: last + 1,
    } as unknown as EngineEvent;
    const interrupted = await planTakeover(runtime, prepared, [...seen, toolCall]);
    expect(interrupted.continueWith).toBeUndefined();
    expect(interrupted.events).toMatchObject([{ type: 'run-error', code: 'interrupted', seq: last + 2 }]);
    expect(interrupted.events[0]).toMatchObject({ message: expect.stringContaining('"refund"') });
    expect(await row(prepared.runId)).toMatchObject({
      status: 'interrupted',
      error: { code: 'interrupted' },
    });

    const again = await runCutOff();
    await database.execute(`update runs set attempts = 3 where id = '${again.prepared.runId}'`);
    const failed = await planTakeover(runtime, again.prepared, again.seen);
    expect(failed.continueWith).toBeUndefined();
    expect(failed.events).toMatchObject([{ type: 'run-error', code: 'interrupted_repeatedly' }]);
    expect(await row(again.prepared.runId)).toMatchObject({ status: 'failed' });
  });
});
