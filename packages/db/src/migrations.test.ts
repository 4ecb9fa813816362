import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from './connection';
import { findMigrationsFolder } from './migrations';
import { testDatabaseUrl } from './testing';

const rows = <T>(result: unknown) => (result as { rows: T[] }).rows;

/** The committed migrations up to and including `last` (a copy, with its journal cut there). */
function migrationsUpTo(last: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'agentry-migrations-'));
  cpSync(findMigrationsFolder(), folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const end = journal.entries.findIndex((entry) => entry.tag === last);
  if (end < 0) throw new Error(`No migration ${last}.`);
  for (const entry of journal.entries.slice(end + 1)) rmSync(path.join(folder, `${entry.tag}.sql`));
  journal.entries = journal.entries.slice(0, end + 1);
  writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

/** Opens the database with the migrations in `folder` applied (AGENTRY_MIGRATIONS_DIR points there). */
async function openWith(folder: string | undefined, open: () => Promise<DatabaseHandle>) {
  const before = process.env.AGENTRY_MIGRATIONS_DIR;
  if (folder) process.env.AGENTRY_MIGRATIONS_DIR = folder;
  else delete process.env.AGENTRY_MIGRATIONS_DIR;
  try {
    return await open();
  } finally {
    if (before === undefined) delete process.env.AGENTRY_MIGRATIONS_DIR;
    else process.env.AGENTRY_MIGRATIONS_DIR = before;
  }
}

interface Target {
  name: string;
  open(): Promise<DatabaseHandle>;
  remove(): Promise<void>;
}

function targets(): Target[] {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'agentry-migrate-'));
  const list: Target[] = [
    {
      name: 'pglite',
      open: () => openDatabase({ dataDir, purpose: 'test', createInChildProcess: false }),
      remove: async () => rmSync(dataDir, { recursive: true, force: true }),
    },
  ];
  if (testDatabaseUrl) {
    const name = `agentry_migrate_${process.pid}`;
    const url = new URL(testDatabaseUrl);
    url.pathname = `/${name}`;
    const admin = async (statement: string) => {
      const client = new pg.Client({ connectionString: testDatabaseUrl });
      await client.connect();
      await client.query(statement);
      await client.end();
    };
    let created = false;
    list.push({
      name: 'postgres',
      open: async () => {
        if (!created) await admin(`create database ${name}`);
        created = true;
        return openDatabase({ databaseUrl: url.toString() });
      },
      remove: () => admin(`drop database if exists ${name} with (force)`),
    });
  }
  return list;
}

describe('migration 0010: a run keeps its steps in its row', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  for (const target of targets()) {
    it(`moves the steps of existing runs into runs.steps and lists them in the run_steps view (${target.name})`, async () => {
      const before = migrationsUpTo('0009_users_locale');
      cleanups.push(async () => rmSync(before, { recursive: true, force: true }), target.remove);
      const old = await openWith(before, target.open);
      await old.db.execute(sql`insert into workspaces (id, name) values ('w1', 'Workspace')`);
      await old.db.execute(
        sql`insert into agents (id, workspace_id, public_id, slug, name, draft_graph) values ('a1', 'w1', 'p1', 'a', 'A', '{}')`,
      );
      await old.db.execute(sql`insert into runs (id, workspace_id, agent_id, source, status, input)
        values ('r1', 'w1', 'a1', 'api', 'succeeded', '{}'), ('r2', 'w1', 'a1', 'api', 'failed', '{}')`);
      await old.db.execute(sql`insert into run_steps values
        ('s2', 'r1', 'model', 'model', 'done', '{"prompt": "1 messages"}', '{"preview": "Hi"}',
          '{"inputTokens": 3, "outputTokens": 5}', null, '2026-12-07T10:00:00.250Z', '2026-12-07T10:00:01.500Z', 1250),
        ('s1', 'r1', 'in', 'chat-input', 'done', null, '{"preview": "Hello"}', null, null,
          '2026-12-07T10:00:00.001Z', '2026-12-07T10:00:00.002Z', 1),
        ('s3', 'r1', 'out', 'chat-output', 'failed', '{}', null, null, '{"code": "x"}', '2026-12-07T10:00:01.600Z', null, null)`);
      const listedBefore = rows(
        await old.db.execute(sql`select * from run_steps order by run_id, started_at`),
      );
      await old.close();

      const migrated = await openWith(undefined, target.open);
      try {
        const runs = rows<{ id: string; steps: unknown }>(
          await migrated.db.execute(sql`select id, steps from runs order by id`),
        );
        expect(runs[1]!.steps).toBeNull();
        expect(runs[0]!.steps).toEqual([
          {
            id: 's1',
            nodeId: 'in',
            nodeType: 'chat-input',
            status: 'done',
            input: null,
            output: { preview: 'Hello' },
            usage: null,
            error: null,
            startedAt: '2026-12-07T10:00:00.001Z',
            endedAt: '2026-12-07T10:00:00.002Z',
            durationMs: 1,
          },
          expect.objectContaining({ id: 's2', startedAt: '2026-12-07T10:00:00.250Z', durationMs: 1250 }),
          expect.objectContaining({ id: 's3', endedAt: null, error: { code: 'x' }, output: null }),
        ]);
        // The view lists the same rows, with the same columns and values, as the table did.
        const listedAfter = rows(
          await migrated.db.execute(sql`select * from run_steps order by run_id, started_at`),
        );
        expect(listedAfter).toEqual(listedBefore);
      } finally {
        await migrated.close();
      }
    });
  }
});
