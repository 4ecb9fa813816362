import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection';
import { findMigrationsFolder } from './migrations';
import { testDatabaseUrl } from './testing';

describe.skipIf(!testDatabaseUrl)('migrations on a new PostgreSQL database', () => {
  it('three processes starting together apply them once; none fails', { timeout: 60_000 }, async () => {
    const name = `agentry_migrate_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(testDatabaseUrl!);
    url.pathname = `/${name}`;
    try {
      // Each open has its own pool, so its own PostgreSQL sessions: to the server these are three
      // processes racing on `create schema drizzle` and `create table`.
      const opened = await Promise.allSettled(
        [1, 2, 3].map(() => openDatabase({ databaseUrl: url.toString() })),
      );
      const failures = opened.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
      for (const result of opened) if (result.status === 'fulfilled') await result.value.close();
      expect(failures).toEqual([]);

      const journal = JSON.parse(
        readFileSync(path.join(findMigrationsFolder(), 'meta', '_journal.json'), 'utf8'),
      ) as { entries: unknown[] };
      const database = new pg.Client({ connectionString: url.toString() });
      await database.connect();
      const applied = await database.query('select count(*)::int as count from drizzle.__drizzle_migrations');
      await database.end();
      expect(applied.rows[0].count).toBe(journal.entries.length);
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
