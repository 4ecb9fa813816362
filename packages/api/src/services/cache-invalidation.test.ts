import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createRuntime, type Runtime } from '../runtime';
import { createTestOwner, TEST_SECRET } from '../test-support';
import { authenticateApiKey, createApiKey, revokeApiKey } from './api-keys';
import type { Actor } from './auth';
import { createCredential, deleteCredential, resolveCredential } from './credentials';
import { agentChanged, onAgentChange } from './lookup-cache';
import { closeSharedState } from './shared-state';

const redisUrl = process.env.AGENTRY_TEST_REDIS_URL;
const postgres = testBackends().find((backend) => backend.name === 'postgres');

/** One server process's runtime on the shared database; with Redis when `redis` is set. */
function serverRuntime(database: DatabaseHandle, redis: boolean): Promise<Runtime> {
  const env: Record<string, string> = {
    AGENTRY_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'agentry-invalidate-')),
    AGENTRY_SECRET: TEST_SECRET,
  };
  if (redis) Object.assign(env, { REDIS_URL: redisUrl!, DATABASE_URL: 'postgres://unused/only-for-config' });
  return createRuntime(loadConfig(env), { database, runQueue: null });
}

/** Polls `refused` every 5 ms for up to `withinMs`; resolves to how long it took, or undefined. */
async function refusedWithin(withinMs: number, refused: () => Promise<boolean>): Promise<number | undefined> {
  const started = performance.now();
  while (performance.now() - started < withinMs) {
    if (await refused()) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return undefined;
}

describe.skipIf(!redisUrl || !postgres)(
  'cache invalidation across processes (PostgreSQL + REDIS_URL)',
  () => {
    let database: DatabaseHandle;
    let actor: Actor;
    const runtimes: Runtime[] = [];
    const open = async (redis: boolean) => {
      const runtime = await serverRuntime(database, redis);
      runtimes.push(runtime);
      return runtime;
    };
    beforeAll(async () => {
      database = await postgres!.open();
      actor = await createTestOwner(await open(false));
    }, 60_000);
    afterAll(async () => {
      await Promise.all(runtimes.map((runtime) => closeSharedState(runtime)));
      await database.close();
    });

    const keyRefused = (runtime: Runtime, key: string) => () =>
      authenticateApiKey(runtime, key).then(
        () => false,
        () => true,
      );

    it('a key revoked through server A is refused by server B at once, not after its 5 s cache', async () => {
      const [first, second] = [await open(true), await open(true)];
      const { key, id } = await createApiKey(first, actor.workspaceId, 'ci', { scopes: ['run'] });
      // B has the key cached.
      await authenticateApiKey(second, key);
      await revokeApiKey(first, actor, id);
      const tookMs = await refusedWithin(100, keyRefused(second, key));
      expect(tookMs).toBeDefined();
    });

    it("without Redis, the same revocation is still served from B's cache (what the bus fixes)", async () => {
      const [first, second] = [await open(false), await open(false)];
      const { key, id } = await createApiKey(first, actor.workspaceId, 'ci', { scopes: ['run'] });
      await authenticateApiKey(second, key);
      await revokeApiKey(first, actor, id);
      expect(await refusedWithin(100, keyRefused(second, key))).toBeUndefined();
    });

    it('a deleted credential and a changed agent reach the other process at once', async () => {
      const [first, second] = [await open(true), await open(true)];
      const credential = await createCredential(first, actor, {
        name: 'OpenAI',
        provider: 'openai',
        apiKey: 'sk-12345',
      });
      expect((await resolveCredential(second, actor.workspaceId, credential.id)).apiKey).toBe('sk-12345');
      await deleteCredential(first, actor, credential.id);
      const credentialGone = () =>
        resolveCredential(second, actor.workspaceId, credential.id).then(
          () => false,
          () => true,
        );
      expect(await refusedWithin(100, credentialGone)).toBeDefined();

      const heard: string[] = [];
      const stop = onAgentChange(second, (publicId) => heard.push(publicId));
      try {
        // Listeners belong to a runtime: B hears A's publish through Redis, and only once.
        agentChanged(first, { id: 'agent-1', publicId: 'pub-agent-1' });
        expect(heard).toEqual([]);
        expect(await refusedWithin(100, async () => heard.length === 1)).toBeDefined();
        expect(heard).toEqual(['pub-agent-1']);
      } finally {
        stop();
      }
    });
  },
);
