// Start-up benchmark, run at the end of api-stream.bench.ts (it needs the same production build): the time
// from spawning the server as `pnpm start` does to its first answer from an API route that reads the
// database, and its idle memory a few seconds later. The embedded database is created once (not measured),
// then opened STARTUP_RUNS times; with BENCH_DATABASE_URL, one start on PostgreSQL is measured too.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, spawnStartCommand } from '../e2e/harness';
import { processParents } from './process-tree';

const WEB_DIR = path.resolve(import.meta.dirname, '..');
const TARGETS = { startMs: 2_000, idleMb: 150 };
const STARTUP_RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 3);
/** How long the server idles after its first answers before its memory is read. */
const IDLE_MS = 3_000;
// A well-formed key that matches no row: the answer (401) needs the runtime open and one query answered.
const UNKNOWN_KEY = 'agt_startup-bench-matches-no-key';

/** Resident memory of a process and all its descendants, in MB (the server and its helper processes). */
function treeMemoryMb(root: number): number {
  const parents = processParents();
  const inTree = (pid: number): boolean => {
    for (let current: number | undefined = pid; current; current = parents.get(current)) {
      if (current === root) return true;
    }
    return false;
  };
  let kb = 0;
  for (const pid of parents.keys()) {
    if (!inTree(pid)) continue;
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {}
  }
  return kb / 1024;
}

interface Started {
  child: ChildProcess;
  url: string;
  /** Spawn to the first answer below 500 from GET /api/v1/models. */
  startMs: number;
  output(): string;
}

/** GET /api/v1/models with an unknown key: 401 once the database answers. */
async function ask(url: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/models`, {
    headers: { authorization: `Bearer ${UNKNOWN_KEY}` },
  });
  await response.arrayBuffer();
  return response.status;
}

/** Spawns the built server and polls every 20 ms until an API route that reads the database answers. */
async function start(dataDir: string, env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const spawnedAt = performance.now();
  const child = spawnStartCommand(port, { AGENTRY_DATA_DIR: dataDir, ...env });
  child.stdout?.on('data', (chunk) => (log += chunk));
  child.stderr?.on('data', (chunk) => (log += chunk));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${log}`);
    try {
      const status = await ask(url);
      if (status < 500) break;
      if (Date.now() > deadline) throw new Error(`The server answered ${status}:\n${log}`);
    } catch (error) {
      // ECONNREFUSED until Next listens; anything else past the deadline is reported.
      if (Date.now() > deadline) throw new Error(`The server did not answer within 90 s (${error}):\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, url, startMs: performance.now() - spawnedAt, output: () => log };
}

/** Stops the server as a user's Ctrl-C or a service manager would (SIGTERM), SIGKILL after 10 s. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** One measured start: time to serving, then idle memory after one more request and IDLE_MS. */
async function measuredStart(
  dataDir: string,
  env: Record<string, string>,
): Promise<{ startMs: number; idleMb: number }> {
  const server = await start(dataDir, env);
  try {
    await ask(server.url);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    return { startMs: server.startMs, idleMb: treeMemoryMb(server.child.pid!) };
  } finally {
    await stop(server.child);
  }
}

const fmt = (value: number) => value.toFixed(1);
const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

function report(label: string, runs: { startMs: number; idleMb: number }[]): void {
  const starts = runs.map((run) => run.startMs);
  const memory = runs.map((run) => run.idleMb);
  const startP50 = median(starts);
  const idleP50 = median(memory);
  console.log(
    `  ${label}, ${runs.length} start(s): start to serving p50 ${fmt(startP50 / 1000)} s, max ${fmt(Math.max(...starts) / 1000)} s ` +
      `(target < ${TARGETS.startMs / 1000} s: ${mark(startP50 < TARGETS.startMs)}); ` +
      `idle RSS p50 ${fmt(idleP50)} MB, max ${fmt(Math.max(...memory))} MB (target < ${TARGETS.idleMb}: ${mark(idleP50 < TARGETS.idleMb)})`,
  );
}

/** A new empty database on BENCH_DATABASE_URL's server (its own database holds the main bench's key check). */
async function withFreshPostgres<T>(baseUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  // The bench has no PostgreSQL client of its own: the db package's `pg` is the one the server uses.
  const pg = createRequire(path.resolve(WEB_DIR, '../../packages/db/package.json'))(
    'pg',
  ) as typeof import('pg');
  const name = `agentry_startup_bench_${process.pid}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  try {
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    return await work(url.toString());
  } finally {
    await admin(`drop database if exists ${name} with (force)`);
  }
}

/**
 * Measures start to serving and idle memory on the embedded database (and on PostgreSQL with
 * BENCH_DATABASE_URL), printing them beside the targets. Returns how many starts failed.
 */
export async function benchStartup(): Promise<number> {
  console.log(
    `\nStart-up (built app; spawn to first API answer that reads the database; RSS ${IDLE_MS / 1000} s later):`,
  );
  let failures = 0;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'agentry-startup-'));
  const embedded = { DATABASE_URL: '', REDIS_URL: '' };
  try {
    // The first start creates the data directory and applies every migration: not what users wait for daily.
    const created = await start(dataDir, embedded);
    await stop(created.child);
    console.log(`  embedded database, first start (creates the data dir): ${fmt(created.startMs / 1000)} s`);
    const runs = [];
    for (let run = 0; run < STARTUP_RUNS; run++) runs.push(await measuredStart(dataDir, embedded));
    report('embedded database (existing data dir)', runs);
  } catch (error) {
    failures += 1;
    console.log(`  embedded database: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  if (!databaseUrl) {
    console.log('  PostgreSQL: skipped (set BENCH_DATABASE_URL)');
    return failures;
  }
  const pgDataDir = mkdtempSync(path.join(tmpdir(), 'agentry-startup-pg-'));
  try {
    await withFreshPostgres(databaseUrl, async (url) => {
      const env = { DATABASE_URL: url, REDIS_URL: '' };
      await stop((await start(pgDataDir, env)).child);
      report('PostgreSQL (migrated database)', [await measuredStart(pgDataDir, env)]);
    });
  } catch (error) {
    failures += 1;
    console.log(`  PostgreSQL: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    rmSync(pgDataDir, { recursive: true, force: true });
  }
  return failures;
}

// Alone: pnpm exec tsx bench/api-startup.ts (the app must be built).
if (import.meta.main) {
  process.exit((await benchStartup()) > 0 ? 1 : 0);
}
