import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import type { Runtime } from '../runtime';
import { type Actor, createOwner, createSession, resolveSession } from '../services/auth';
import { testRuntime } from '../test-support';
import type { IncomingFile } from './knowledge-documents';

/** A fixture file from `__fixtures__`, as an upload. */
export function fixtureFile(name: string): IncomingFile {
  return { name, bytes: new Uint8Array(readFileSync(path.join(import.meta.dirname, '__fixtures__', name))) };
}

/**
 * A runtime over a test database (configured by `env`) with its owner signed in; `sessionToken` is
 * their cookie value.
 */
export async function ownerRuntime(
  database: DatabaseHandle,
  env: Record<string, string> = {},
): Promise<{ runtime: Runtime; actor: Actor; sessionToken: string }> {
  const runtime = await testRuntime(database, env);
  const userId = await createOwner(runtime, {
    name: 'Owner',
    email: 'owner@example.com',
    password: 'a-long-password',
  });
  const sessionToken = await createSession(runtime, userId);
  const actor = (await resolveSession(runtime, sessionToken))!;
  return { runtime, actor, sessionToken };
}
