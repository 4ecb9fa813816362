import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LanguageModelFactory } from '@agentry/engine';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll } from 'vitest';
import { MockLanguageModelV4 } from 'ai/test';
import { simulateReadableStream } from 'ai';
import { loadConfig } from './config';
import { createRuntime, type Runtime } from './runtime';
import { type Actor, createOwner, createSession, resolveSession } from './services/auth';
import { closeSharedState } from './services/shared-state';

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

/** Redis for tests and the PostgreSQL backend; a scaled-out suite runs only when both are configured. */
export const scaleOutBackends = {
  redisUrl: process.env.AGENTRY_TEST_REDIS_URL,
  postgres: testBackends().find((backend) => backend.name === 'postgres'),
};

/**
 * The server processes of one deployment, for a suite inside `describe.skipIf(!redisUrl || !postgres)`:
 * each `serverProcess()` is a runtime of its own (data dir, limiters, subscriptions, running runs itself)
 * on the shared PostgreSQL database and Redis. The database opens before the suite's tests; after them
 * every runtime is closed (`close`, then its shared state) and the database with them.
 */
export function scaleOutProcesses(label: string, close?: (runtime: Runtime) => Promise<void>) {
  const { redisUrl, postgres } = scaleOutBackends;
  let database: DatabaseHandle;
  const runtimes: Runtime[] = [];
  beforeAll(async () => {
    database = await postgres!.open();
  }, 60_000);
  afterAll(async () => {
    for (const runtime of runtimes) {
      await close?.(runtime);
      await closeSharedState(runtime);
    }
    await database?.close();
  });
  return {
    get database() {
      return database;
    },
    async serverProcess(): Promise<Runtime> {
      const config = loadConfig({
        AGENTRY_DATA_DIR: mkdtempSync(path.join(tmpdir(), `agentry-${label}-`)),
        AGENTRY_SECRET: TEST_SECRET,
        REDIS_URL: redisUrl!,
        DATABASE_URL: 'postgres://unused/only-for-config',
      });
      const runtime = await createRuntime(config, { database, runQueue: null });
      runtimes.push(runtime);
      return runtime;
    },
  };
}
