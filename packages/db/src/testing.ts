import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from './connection';

/** A database backend a test suite can run against. */
export interface TestBackend {
  name: 'pglite' | 'postgres';
  /** Opens a fresh, migrated, empty database; `close()` also removes it. */
  open(): Promise<DatabaseHandle>;
}

/** The PostgreSQL server tests use, when set (CI sets it to the local server's `test` database). */
export const testDatabaseUrl = process.env.AGENTRY_TEST_DATABASE_URL;

async function openFreshPostgres(baseUrl: string): Promise<DatabaseHandle> {
  const name = `agentry_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString() });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: baseUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

async function openFreshPglite(): Promise<DatabaseHandle> {
  const dir = mkdtempSync(path.join(tmpdir(), 'agentry-db-'));
  const handle = await openDatabase({ dataDir: dir, purpose: 'test', createInChildProcess: false });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Backends to run database suites against: PGlite always, PostgreSQL when AGENTRY_TEST_DATABASE_URL is set. */
export function testBackends(): TestBackend[] {
  const backends: TestBackend[] = [{ name: 'pglite', open: openFreshPglite }];
  if (testDatabaseUrl) backends.push({ name: 'postgres', open: () => openFreshPostgres(testDatabaseUrl) });
  else console.warn('AGENTRY_TEST_DATABASE_URL is not set: PostgreSQL suites are skipped (CI sets it).');
  return backends;
}
