import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LanguageModelFactory } from '@agentry/engine';
import type { DatabaseHandle } from '@agentry/db';
import { MockLanguageModelV4 } from 'ai/test';
import { simulateReadableStream } from 'ai';
import { loadConfig } from './config';
import { createRuntime, type Runtime } from './runtime';
import { type Actor, createOwner, createSession, resolveSession } from './services/auth';

/** The credential key of test runtimes: several runtimes on one database must share it (key check). */
export const TEST_SECRET = 'agentry-test-secret';

/** A runtime over an already-open test database, with its own data dir and the shared test key. */
export function testRuntime(database: DatabaseHandle, env: Record<string, string> = {}): Promise<Runtime> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'agentry-api-'));
  return createRuntime(loadConfig({ AGENTRY_DATA_DIR: dataDir, AGENTRY_SECRET: TEST_SECRET, ...env }), {
    database,
  });
}

/** Creates the owner of a fresh install and returns them as a signed-in actor. */
export async function createTestOwner(runtime: Runtime): Promise<Actor> {
  const userId = await createOwner(runtime, {
    name: 'Owner',
    email: 'owner@example.com',
    password: 'a-long-password',
  });
  const actor = await resolveSession(runtime, await createSession(runtime, userId));
  if (!actor) throw new Error('The new owner has no session.');
  return actor;
}

/** The words `slowWordModels` streams, one chunk each. */
export const SLOW_WORDS = Array.from({ length: 30 }, (_, index) => `w${index} `);

/** Models that stream SLOW_WORDS one by one, `delayMs` apart: long enough to watch, leave or cancel mid-answer. */
export function slowWordModels(delayMs: number): LanguageModelFactory {
  return () =>
    new MockLanguageModelV4({
      doStream: async () => ({
        stream: simulateReadableStream({
          initialDelayInMs: delayMs,
          chunkDelayInMs: delayMs,
          chunks: [
            { type: 'text-start', id: 't1' },
            ...SLOW_WORDS.map((delta) => ({ type: 'text-delta' as const, id: 't1', delta })),
            { type: 'text-end', id: 't1' },
            {
              type: 'finish',
              usage: {
                inputTokens: { total: 5, noCache: 5, cacheRead: 0, cacheWrite: 0 },
                outputTokens: { total: 30, text: 30, reasoning: 0 },
              },
              finishReason: { unified: 'stop', raw: 'stop' },
            },
          ],
        }),
      }),
    }) as never;
}
