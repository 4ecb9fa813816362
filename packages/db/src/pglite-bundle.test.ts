import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection';
import { pgliteBundle, readWhenOpen } from './pglite-bundle';

const anchor = path.join(import.meta.dirname, 'create-pglite-dir.mjs');

describe('readWhenOpen', () => {
  it('drops what only initdb, PGXS, replication, ICU and other client encodings read', () => {
    for (const file of [
      '/pglite/share/postgresql/postgres.bki',
      '/pglite/share/postgresql/information_schema.sql',
      '/pglite/share/postgresql/system_views.sql',
      '/pglite/share/postgresql/postgresql.conf.sample',
      '/pglite/lib/postgresql/pgxs/src/Makefile.global',
      '/pglite/lib/postgresql/utf8_and_sjis.so',
      '/pglite/lib/postgresql/euc2004_sjis2004.so',
      '/pglite/lib/postgresql/libpqwalreceiver.so',
      '/pglite/icu/icudt76l/coll/ucadata.icu',
    ]) {
      expect(readWhenOpen(file), file).toBe(false);
    }
  });

  it('keeps what queries read: time zones, text search, PL/pgSQL, extensions', () => {
    for (const file of [
      '/pglite/share/postgresql/timezone/Europe/Paris',
      '/pglite/share/postgresql/timezonesets/Default',
      '/pglite/share/postgresql/tsearch_data/english.stop',
      '/pglite/share/postgresql/extension/plpgsql.control',
      '/pglite/lib/postgresql/dict_snowball.so',
      '/pglite/lib/postgresql/plpgsql.so',
      '/home/postgres/.pgpass',
    ]) {
      expect(readWhenOpen(file), file).toBe(true);
    }
  });
});

/**
 * What queries read from the image still works: a time zone, English stemming and stop words
 * (dict_snowball.so, tsearch_data), PL/pgSQL.
 */
async function expectQueriesReadTheirFiles(db: PGlite): Promise<void> {
  const { rows: zone } = await db.query<{ local: string }>(
    "select (timestamptz '2026-07-01 12:00:00+00' at time zone 'Europe/Paris')::text as local",
  );
  expect(zone).toEqual([{ local: '2026-07-01 14:00:00' }]);
  const { rows: words } = await db.query<{ words: string }>(
    "select to_tsvector('english', 'The dogs were running')::text as words",
  );
  expect(words).toEqual([{ words: "'dog':2 'run':4" }]);
  await db.exec('do $$ begin perform 1; end $$');
}

describe('pgliteBundle', () => {
  it('gives the image back once open; the files kept are whole copies and the others are gone', async () => {
    const bundle = pgliteBundle(anchor)!;
    expect(bundle).toBeDefined();
    const db = await PGlite.create({ fsBundle: bundle.blob });
    try {
      const fs = db.Module.FS;
      const contents = (file: string) =>
        (fs.lookupPath(file, {}).node as unknown as { contents: Uint8Array }).contents;
      const paris = '/pglite/share/postgresql/timezone/Europe/Paris';
      const before = contents(paris).slice();
      expect(before.byteLength).toBeGreaterThan(0);

      expect(bundle.release(db)).toBeGreaterThan(6_000_000);
      expect(bundle.release(db)).toBe(0);

      // A kept file has a buffer of its own with the same bytes (a view of the detached image would be empty).
      expect(contents(paris).buffer.byteLength).toBe(before.byteLength);
      expect(contents(paris)).toEqual(before);
      expect(fs.analyzePath('/pglite/share/postgresql/postgres.bki', false).exists).toBe(false);
      expect(fs.analyzePath('/pglite/lib/postgresql/utf8_and_sjis.so', false).exists).toBe(false);

      await expectQueriesReadTheirFiles(db);
    } finally {
      await db.close();
    }
  }, 60_000);
});

describe('pgliteBundle when the file system cannot be walked', () => {
  it('keeps the image and every file queries read', async () => {
    const bundle = pgliteBundle(anchor)!;
    const db = await PGlite.create({ fsBundle: bundle.blob });
    try {
      const fs = db.Module.FS as unknown as { readdir(path: string): string[] };
      const readdir = fs.readdir;
      fs.readdir = (path) => {
        if (path.startsWith('/pglite/lib')) throw new Error('EACCES');
        return readdir.call(fs, path);
      };
      try {
        expect(bundle.release(db)).toBe(0);
      } finally {
        fs.readdir = readdir;
      }
      await expectQueriesReadTheirFiles(db);
    } finally {
      await db.close();
    }
  }, 60_000);
});

describe('the embedded database without its image', () => {
  it('answers a query that needs a dropped file with an error naming it', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'agentry-bundle-'));
    const handle = await openDatabase({ dataDir, purpose: 'test' });
    try {
      const [row] = (await handle.execute("select to_tsvector('english', 'running')::text as v")) as {
        v: string;
      }[];
      expect(row?.v).toBe("'run':1");
      // Shift JIS is converted by utf8_and_sjis.so, which an open database no longer has.
      await expect(handle.execute("select convert_to('a', 'SJIS')")).rejects.toThrow(/utf8_and_sjis/);
      // The error left the database usable.
      expect(await handle.execute('select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
