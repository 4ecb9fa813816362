import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
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
