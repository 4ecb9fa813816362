import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

const WEB_DIR = path.resolve(import.meta.dirname, '..');

/** Where Chromium is: CHROMIUM_PATH, or Debian's package. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    Boolean,
  ) as string[];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(
      'End-to-end tests need Chromium: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.',
    );
  }
  return found;
}

/** A free port on the loopback address. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A production Agentry server on a free loopback port with its own empty data dir. */
export interface TestServer {
  url: string;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL: no shutdown, as in a crash); `stop()` still removes its data dir. */
  kill(): Promise<void>;
}

/**
 * The server command of `pnpm start` (apps/web/package.json): its environment assignments, Node's flags,
 * then Next's own script. Read from there so tests and benchmarks run the server exactly as users do.
 */
function startCommand(): { env: Record<string, string>; args: string[] } {
  const script = (
    JSON.parse(readFileSync(path.join(WEB_DIR, 'package.json'), 'utf8')) as {
      scripts: { start: string };
    }
  ).scripts.start;
  const match = /^((?:[A-Z_]+=\S+ )*)node((?: --\S+)*) (\S+) start /.exec(script);
  if (!match) {
    throw new Error(
      `apps/web's start script is not "[VAR=value ...] node [flags] <next> start ...": ${script}`,
    );
  }
  const env = Object.fromEntries(
    match[1]!
      .trim()
      .split(' ')
      .filter(Boolean)
      .map((assignment) => [
        assignment.slice(0, assignment.indexOf('=')),
        assignment.slice(assignment.indexOf('=') + 1),
      ]),
  );
  return {
    env,
    args: [...match[2]!.trim().split(' ').filter(Boolean), path.join(WEB_DIR, match[3]!), 'start'],
  };
}

/**
 * Spawns the built server as `pnpm start` does (its environment and flags, see startCommand) on a loopback
 * port, with this process's environment and `env` on top; output is piped.
 */
export function spawnStartCommand(port: number, env: Record<string, string>): ChildProcess {
  const command = startCommand();
  return spawn(process.execPath, [...command.args, '-H', '127.0.0.1', '-p', String(port)], {
    cwd: WEB_DIR,
    env: { ...process.env, ...command.env, PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Starts the server as `pnpm start` does (the app must be built) and waits until it answers. */
export async function startServer(
  env: Record<string, string> = {},
  options: { dataDir?: string } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'agentry-e2e-'));
  const port = await freePort();
  let log = '';
  const child = spawnStartCommand(port, {
    AGENTRY_DATA_DIR: dataDir,
    DATABASE_URL: '',
    // The fake providers these tests start listen on loopback: the admin allows that host.
    AGENTRY_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
    ...env,
  });
  child.stdout?.on('data', (chunk) => (log += chunk));
  child.stderr?.on('data', (chunk) => (log += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${log}`);
    try {
      const response = await fetch(`${url}/sign-in`, { redirect: 'manual' });
      if (response.status < 500) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`The server did not start within 60 s:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    dataDir,
    output: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Launches headless Chromium with the flags that work as root on a closed network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Fills the owner sign-up form on /setup. */
export async function signUpOwner(
  page: Page,
  baseUrl: string,
  account: { name: string; email: string; password: string },
) {
  await page.goto(`${baseUrl}/`);
  await page.waitForURL(/\/setup$/);
  await page.getByLabel('Your name').fill(account.name);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Create owner account' }).click();
  await page.waitForURL(/\/agents$/);
}

/** The owner most browser tests sign up as. */
export const ADA = { name: 'Ada', email: 'ada@example.com', password: 'analytical-engine' } as const;

/**
 * Where most browser tests start: a fresh built server, Chromium, and a page of `viewport` size signed in
 * as the owner (Ada, signed up through /setup). The caller stops the server and closes the browser.
 */
export async function signedInOwner(
  viewport = { width: 1440, height: 900 },
): Promise<{ server: TestServer; browser: Browser; page: Page }> {
  const server = await startServer();
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport });
  await signUpOwner(page, server.url, ADA);
  return { server, browser, page };
}

/** Polls `check` until it holds, failing after `ms` with what was awaited (for effects across processes). */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  ms = 15_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
