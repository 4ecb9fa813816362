import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { loadConfig } from './config';
import { createRuntime, type Runtime } from './runtime';

/** A runtime over an already-open test database, with its own data dir for the secret key. */
export function testRuntime(database: DatabaseHandle, env: Record<string, string> = {}): Promise<Runtime> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'agentry-api-'));
  return createRuntime(loadConfig({ AGENTRY_DATA_DIR: dataDir, ...env }), { database });
}
