import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** A queue worker process (`agentry worker`), as `pnpm agentry worker` starts it. */
export interface WorkerProcess {
  output(): string;
  /** SIGKILL: the worker dies mid-run, with no chance to hand its runs back. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `agentry worker` with `env` and waits until it takes runs. */
export async function startWorker(env: Record<string, string>, concurrency: number): Promise<WorkerProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'agentry-worker-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      // tsx as a loader in this process (its CLI would run the worker in a child a SIGKILL misses).
      '--import',
      'tsx',
      'packages/cli/src/main.ts',
      'worker',
      '--concurrency',
      String(concurrency),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, AGENTRY_DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout?.on('data', (chunk) => (log += chunk));
  child.stderr?.on('data', (chunk) => (log += chunk));
  const deadline = Date.now() + 60_000;
  while (!log.includes('taking runs')) {
    if (child.exitCode !== null) throw new Error(`The worker exited (${child.exitCode}):\n${log}`);
    if (Date.now() > deadline) throw new Error(`The worker did not start within 60 s:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  const end = async (signal: NodeJS.Signals) => {
    if (ended()) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  return {
    output: () => log,
    kill: () => end('SIGKILL'),
    async stop() {
      await end('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What a reader of a UI message stream (SSE) has seen. */
export interface StreamReader {
  /** Text of each text part by id, as a client shows it (a `data-node-restart` empties that node's). */
  texts: Map<string, string>;
  /** The `id:` of the last whole event (send it back as `Last-Event-ID`). */
  lastId: number;
  deltas: number;
  restarts: number;
  finished: boolean;
  errors: string[];
}

/** A fresh reader state. */
export function newReader(): StreamReader {
  return { texts: new Map(), lastId: 0, deltas: 0, restarts: 0, finished: false, errors: [] };
}

/** The answer the reader shows: its text parts in order. */
export function shownText(reader: StreamReader): string {
  return [...reader.texts.values()].join('');
}

/**
 * Reads a UI message stream into `reader` until it ends (true) or the connection breaks (false: the
 * server died). Chunks update the reader as a `useChat` client would.
 */
export async function readUIStream(response: Response, reader: StreamReader): Promise<boolean> {
  if (!response.body) throw new Error(`No stream (${response.status}).`);
  const decoder = new TextDecoder();
  let buffer = '';
  const source = response.body.getReader();
  try {
    for (;;) {
      const { value, done } = await source.read();
      if (done) return reader.finished;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        let id: number | undefined;
        for (const line of block.split('\n')) {
          if (line.startsWith('id: ')) id = Number(line.slice(4));
          if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
          const chunk = JSON.parse(line.slice(6)) as {
            type: string;
            id?: string;
            delta?: string;
            errorText?: string;
          };
          if (chunk.type === 'text-delta') {
            reader.texts.set(chunk.id!, (reader.texts.get(chunk.id!) ?? '') + chunk.delta);
            reader.deltas++;
          }
          if (chunk.type === 'data-node-restart') {
            reader.texts.delete(chunk.id!);
            reader.restarts++;
          }
          if (chunk.type === 'finish') reader.finished = true;
          if (chunk.type === 'error') reader.errors.push(chunk.errorText ?? '');
        }
        if (id !== undefined) reader.lastId = id;
      }
    }
  } catch {
    return false;
  }
}

/** Signs in through tRPC and returns a caller that sends the session cookie (as the app's client). */
export async function signIn(
  baseUrl: string,
  account: { email: string; password: string },
): Promise<<T>(path: string, input: unknown) => Promise<T>> {
  const headers = { 'content-type': 'application/json', origin: baseUrl };
  const response = await fetch(`${baseUrl}/api/trpc/auth.signIn`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ json: account }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((value) => value.split(';')[0])
    .join('; ');
  return async <T>(procedure: string, input: unknown) => {
    const result = await fetch(`${baseUrl}/api/trpc/${procedure}`, {
      method: 'POST',
      headers: { ...headers, cookie },
      body: JSON.stringify({ json: input }),
    });
    const body = (await result.json()) as { result?: { data: { json: T } }; error?: unknown };
    if (!result.ok || !body.result) throw new Error(`${procedure} failed: ${JSON.stringify(body.error)}`);
    return body.result.data.json;
  };
}
