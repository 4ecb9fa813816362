import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection';
import { DatabaseError } from './errors';
import { agents, users, workspaces } from './schema';
import { testBackends } from './testing';

for (const backend of testBackends()) {
  describe(`database on ${backend.name}`, () => {
    it('migrates and stores a workspace with an agent', async () => {
      const handle = await backend.open();
      try {
        const [workspace] = await handle.db.insert(workspaces).values({ name: 'Team' }).returning();
        expect(workspace?.id).toMatch(/[0-9a-f-]{36}/);
        await handle.db.insert(agents).values({
          workspaceId: workspace!.id,
          publicId: 'pub_1',
          slug: 'helper',
          name: 'Helper',
          draftGraph: { version: 1, nodes: [], edges: [] },
        });
        const rows = await handle.db.select().from(agents).where(eq(agents.workspaceId, workspace!.id));
        expect(rows).toHaveLength(1);
        expect(rows[0]?.draftRevision).toBe(1);
        expect(rows[0]?.draftGraph).toEqual({ version: 1, nodes: [], edges: [] });
        // The unique slug per workspace is enforced by the database, not only by code.
        await expect(
          handle.db.insert(agents).values({
            workspaceId: workspace!.id,
            publicId: 'pub_2',
            slug: 'helper',
            name: 'Other',
            draftGraph: {},
          }),
        ).rejects.toThrow();
      } finally {
        await handle.close();
      }
    }, 60_000);

    it('reports whether pgvector is available', async () => {
      const handle = await backend.open();
      try {
        if (handle.capabilities.vector) {
          const rows = await handle.execute("select '[1,2]'::vector <-> '[1,3]'::vector as d");
          expect(rows).toEqual([{ d: 1 }]);
        } else {
          expect(handle.capabilities.vectorUnavailableReason).toMatch(/vector/);
        }
      } finally {
        await handle.close();
      }
    }, 60_000);
  });
}

describe('embedded data directory', () => {
  it('keeps data across restarts and refuses a second process while locked', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'agentry-persist-'));
    try {
      const first = await openDatabase({
        dataDir: dir,
        purpose: 'test server',
        url: 'http://127.0.0.1:3999',
      });
      await first.db.insert(users).values({ email: 'a@example.com', name: 'A', passwordHash: 'x' });
      // A lock held by a live process (pretend: our parent) is refused with its name and URL.
      const lockFile = path.join(dir, 'agentry.lock');
      const mine = readFileSync(lockFile, 'utf8');
      writeFileSync(lockFile, JSON.stringify({ ...JSON.parse(mine), pid: process.ppid }));
      const refused = await openDatabase({ dataDir: dir }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(DatabaseError);
      expect((refused as DatabaseError).code).toBe('data_dir_locked');
      expect((refused as Error).message).toContain(dir);
      expect((refused as Error).message).toContain('http://127.0.0.1:3999');
      writeFileSync(lockFile, mine);
      await first.close();

      // A directory an earlier version configured (a 32 MB buffer cache) opens with today's settings:
      // the buffer cache is all touched at open, so its size is memory every server holds.
      writeFileSync(path.join(dir, 'pglite', 'postgresql.conf'), 'shared_buffers=32MB\n');
      const second = await openDatabase({ dataDir: dir });
      const rows = await second.db.select().from(users);
      expect(rows.map((row) => row.email)).toEqual(['a@example.com']);
      expect(await second.execute('show shared_buffers')).toEqual([{ shared_buffers: '8MB' }]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('takes over a stale lock from a dead process', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'agentry-stale-'));
    try {
      writeFileSync(path.join(dir, 'agentry.lock'), JSON.stringify({ pid: 2 ** 22 + 7, purpose: 'gone' }));
      const handle = await openDatabase({ dataDir: dir });
      await handle.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('fails on a corrupt data dir naming it and deletes nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'agentry-corrupt-'));
    try {
      const pgDir = path.join(dir, 'pglite');
      await import('node:fs').then((fs) => fs.mkdirSync(pgDir));
      writeFileSync(path.join(pgDir, 'PG_VERSION'), 'garbage');
      writeFileSync(path.join(pgDir, 'precious.txt'), 'keep me');
      const error = await openDatabase({ dataDir: dir }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DatabaseError);
      expect((error as Error).message).toContain(pgDir);
      expect(readFileSync(path.join(pgDir, 'precious.txt'), 'utf8')).toBe('keep me');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
