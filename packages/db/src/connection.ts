import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { acquireDataDirLock } from './data-dir-lock';
import { DatabaseError } from './errors';
import { findMigrationsFolder, withMigrationLock } from './migrations';
import { pgliteBundle } from './pglite-bundle';
import { pgliteWasmModule } from './pglite-wasm';
import * as schema from './schema';

/** The drizzle database, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** What the connected database can do; features that need more say so to the user. */
export interface DatabaseCapabilities {
  /** pgvector is available (always with the embedded database). */
  vector: boolean;
  /** Why vectors are off, in words for the user, when they are. */
  vectorUnavailableReason?: string;
}

/** An open database with its driver kind and a way to close it. */
export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Where the data lives: the directory or the server URL without its password. */
  location: string;
  capabilities: DatabaseCapabilities;
  /** Runs raw SQL (for health checks and tests). */
  execute(sql: string): Promise<unknown[]>;
  close(): Promise<void>;
}

/** How to open the database. */
export interface OpenDatabaseOptions {
  /** PostgreSQL URL; when absent the embedded PGlite database under `dataDir` is used. */
  databaseUrl?: string;
  /** Directory for the embedded database; required when `databaseUrl` is absent. */
  dataDir?: string;
  /** Keep the embedded database in memory (tests). */
  inMemory?: boolean;
  /** Apply committed migrations after connecting (default true). */
  migrate?: boolean;
  /** Who opens it, recorded in the data-dir lock so others can be told. */
  purpose?: string;
  /** The server URL recorded in the lock, if this process serves HTTP. */
  url?: string;
  /**
   * Create a new embedded database in a child process, which returns the memory creating takes when it
   * exits (default true; test suites that create many small databases turn it off for speed).
   */
  createInChildProcess?: boolean;
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured PostgreSQL server';
  }
}

/**
 * Each database's driver is loaded when that database is opened, so a server holds only its own:
 * PGlite's JavaScript and pgvector's are not loaded on PostgreSQL, nor node-postgres on the embedded
 * database. Drizzle's driver modules import their driver, so they are loaded here too.
 */
async function loadPostgresDriver() {
  const [{ default: pg }, { drizzle }, { migrate }] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
    import('drizzle-orm/node-postgres/migrator'),
  ]);
  return { pg, drizzle, migrate };
}

async function loadPgliteDriver() {
  const [{ PGlite }, { vector }, { drizzle }, { migrate }, { PreparingClient }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-pgvector'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
    import('./pglite-statements'),
  ]);
  return { PGlite, vector, drizzle, migrate, PreparingClient };
}

async function openPostgres(url: string, migrate: boolean): Promise<DatabaseHandle> {
  const { pg, drizzle: drizzlePg, migrate: migratePg } = await loadPostgresDriver();
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client can lose its connection (a server restart, an admin terminating it); without a
  // listener that error would crash the process. The pool replaces the client on the next query.
  pool.on('error', (error) => console.error(`[db] a PostgreSQL connection was lost: ${error.message}`));
  try {
    await pool.query('select 1');
  } catch (cause) {
    await pool.end();
    throw new DatabaseError(
      'connection_failed',
      `Cannot connect to PostgreSQL at ${redact(url)}: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  const db = drizzlePg(pool, { schema });
  // Several processes may start together on an empty database: one migrates, the others wait.
  const capabilities = await withMigrationLock(
    () => pool.connect(),
    async () => {
      if (migrate) await migratePg(db, { migrationsFolder: findMigrationsFolder() });
      return detectVector(async (sql) => (await pool.query(sql)).rows);
    },
  ).catch(async (error: unknown) => {
    await pool.end();
    throw error;
  });
  return {
    db: db as unknown as Database,
    kind: 'postgres',
    location: redact(url),
    capabilities,
    execute: async (sql) => (await pool.query(sql)).rows,
    close: () => pool.end(),
  };
}

async function detectVector(run: (sql: string) => Promise<unknown[]>): Promise<DatabaseCapabilities> {
  try {
    await run('create extension if not exists vector');
    return { vector: true };
  } catch {
    const available = await run("select 1 from pg_available_extensions where name = 'vector'").catch(
      () => [],
    );
    return {
      vector: false,
      vectorUnavailableReason: available.length
        ? 'The PostgreSQL user may not create the "vector" extension; ask an admin to run CREATE EXTENSION vector.'
        : 'This PostgreSQL server has no "vector" extension (pgvector) installed; full-text search still works.',
    };
  }
}

/**
 * Settings of the embedded database (written to its postgresql.conf at every open, so they apply to
 * existing data directories too). Its shared memory lives in the server's own memory and is all touched
 * when the database opens (the WebAssembly build zero-fills it), so every MB of it is paid even by an idle
 * server; PostgreSQL's defaults are sized for a dedicated server with a hundred connections.
 * - Buffer cache: 16 MB instead of 32 MB took about 20 MB off the server in the API benchmark, and 8 MB
 *   instead of 16 MB about 6 MB at idle and 10 MB under load, at the same CPU per streamed answer. A page
 *   it misses is read from the OS page cache, which holds the files anyway. 1 MB cost about 1 ms more CPU
 *   per chat, one at a time.
 * - Connections: PGlite serves one, in single-user mode; the lock, process and replication tables sized
 *   for 100 connections, 16 autovacuum workers (which single-user mode never starts) and 10 WAL senders
 *   were 4 MB of it. The lock table still holds 128 × 7 backends = 896 locks: applying every migration to a
 *   new database in one transaction takes about 430.
 */
const PGLITE_SETTINGS = [
  'shared_buffers=8MB',
  'wal_buffers=1MB',
  'max_connections=4',
  'superuser_reserved_connections=0',
  'autovacuum_worker_slots=1',
  'max_wal_senders=0',
  'max_replication_slots=0',
  'max_locks_per_transaction=128',
];

/** Finds create-pglite-dir.mjs from the working directory up (bundlers move our own files, not the tree). */
function findCreateScript(): string | undefined {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'packages', 'db', 'src', 'create-pglite-dir.mjs');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Creates a new embedded database directory in a child process (see create-pglite-dir.mjs): creating
 * takes ~200 MB more than opening, which a process returns when it exits and this one would keep.
 * Without the script (an unusual layout) the directory is created in-process, as PGlite would.
 */
async function createPgliteDir(pgDir: string): Promise<void> {
  const script = findCreateScript();
  if (!script) return;
  const stderr = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [script, pgDir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let output = '';
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve('') : resolve(output.trim() || `exit code ${code}`)));
  });
  if (stderr) throw new Error(stderr);
}

async function openPglite(options: OpenDatabaseOptions, migrate: boolean): Promise<DatabaseHandle> {
  const {
    PGlite,
    vector,
    drizzle: drizzlePglite,
    migrate: migratePglite,
    PreparingClient,
  } = await loadPgliteDriver();
  // Compiled while the directory is checked and locked (see pglite-wasm.ts for why not by PGlite).
  const anchor = findCreateScript();
  const wasmModule = pgliteWasmModule(anchor);
  // Its file-system image, given back once the database is open (see pglite-bundle.ts).
  const bundle = pgliteBundle(anchor);
  let release = () => {};
  let client: PGlite;
  let location = 'memory';
  if (options.inMemory) {
    client = await PGlite.create({
      extensions: { vector },
      pgliteWasmModule: await wasmModule,
      fsBundle: bundle?.blob,
    });
  } else {
    if (!options.dataDir)
      throw new DatabaseError('data_dir_unusable', 'No data directory was given for the embedded database.');
    const dataDir = path.resolve(options.dataDir);
    const pgDir = path.join(dataDir, 'pglite');
    location = pgDir;
    release = acquireDataDirLock(dataDir, options.purpose ?? 'agentry', options.url);
    const existed = existsSync(pgDir) && readdirSync(pgDir).length > 0;
    try {
      if (!existed && options.createInChildProcess !== false) await createPgliteDir(pgDir);
      client = await PGlite.create(pgDir, {
        extensions: { vector },
        postgresqlconf: PGLITE_SETTINGS,
        pgliteWasmModule: await wasmModule,
        fsBundle: bundle?.blob,
      });
      await client.query('select 1');
    } catch (cause) {
      release();
      const detail = cause instanceof Error ? cause.message : String(cause);
      throw new DatabaseError(
        'data_dir_unusable',
        existed
          ? `The embedded database in ${pgDir} could not be opened (${detail}). It may be corrupt or from another version; it was left untouched. Restore a backup, or move it aside and start again.`
          : `Could not create the embedded database in ${pgDir}: ${detail}`,
        { cause },
      );
    }
  }
  await client.exec('create extension if not exists vector');
  bundle?.release(client);
  if (migrate) await migratePglite(drizzlePglite(client), { migrationsFolder: findMigrationsFolder() });
  // The app's queries run as prepared statements, each in one call into the database (see PreparingClient).
  // The migrations above do not: each of their statements runs once.
  const db = drizzlePglite({ client: new PreparingClient(client) as unknown as PGlite, schema });
  return {
    db: db as unknown as Database,
    kind: 'pglite',
    location,
    capabilities: { vector: true },
    execute: async (sql) => (await client.query(sql)).rows,
    close: async () => {
      await client.close();
      release();
    },
  };
}

/** Opens (and by default migrates) the database: PostgreSQL when a URL is given, embedded PGlite otherwise. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const migrate = options.migrate ?? true;
  return options.databaseUrl ? openPostgres(options.databaseUrl, migrate) : openPglite(options, migrate);
}
