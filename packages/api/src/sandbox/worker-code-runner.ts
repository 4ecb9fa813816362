import { Worker } from 'node:worker_threads';
import { type CodeRunner, SandboxError, type SandboxErrorCode } from '@agentry/engine';
import { findThreadScript, threadExecArgv } from '../source-files';

type Reply =
  | { id: number; ok: true; result: unknown; logs: string[] }
  | { id: number; ok: false; code: string; message: string };

/** Extra time the host gives a worker beyond the code's own limit before it kills the thread. */
const GRACE_MS = 2_000;

/**
 * The engine's sandbox worker script, found from the working directory (bundlers move our own files):
 * in production the bundle build.mjs made, elsewhere the TypeScript source (see findThreadScript).
 */
export function findSandboxWorkerScript(start = process.cwd()): string {
  return findThreadScript(
    'packages/engine/src/tools/code-sandbox-worker.ts',
    'packages/api/dist/code-sandbox-worker.mjs',
    { start },
  );
}

class SandboxThread {
  private worker: Worker | undefined;
  private nextId = 1;
  /** Taken by the pool before a run starts, released when it settles. */
  busy = false;

  constructor(private readonly script: string) {}

  private spawn(): Worker {
    const worker = new Worker(this.script, {
      execArgv: threadExecArgv(this.script),
      resourceLimits: { maxOldGenerationSizeMb: 128 },
    });
    worker.unref();
    worker.on('error', () => this.kill());
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
    });
    return worker;
  }

  kill(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  run(code: string, options: Parameters<CodeRunner>[1]): Promise<{ result: unknown; logs: string[] }> {
    this.worker ??= this.spawn();
    const worker = this.worker;
    const id = this.nextId++;
    const { signal, ...plain } = options;
    return new Promise<{ result: unknown; logs: string[] }>((resolve, reject) => {
      const settle = (outcome: () => void) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        signal?.removeEventListener('abort', onAbort);
        this.busy = false;
        outcome();
      };
      const fail = (code: SandboxErrorCode, message: string) =>
        settle(() => reject(new SandboxError(code, message)));
      const onMessage = (reply: Reply) => {
        if (reply.id !== id) return;
        if (reply.ok) settle(() => resolve({ result: reply.result, logs: reply.logs }));
        else fail(reply.code as SandboxErrorCode, reply.message);
      };
      const onExit = () => fail('runtime_error', 'The sandbox thread stopped unexpectedly.');
      // A thread that does not answer in time is killed outright: the code cannot hold it.
      const onAbort = () => {
        this.kill();
        fail('aborted', 'The code was stopped.');
      };
      const timer = setTimeout(
        () => {
          this.kill();
          fail('timeout', `The code ran longer than ${plain.timeoutMs ?? 1_000} ms and was stopped.`);
        },
        (plain.timeoutMs ?? 1_000) + GRACE_MS,
      );
      worker.on('message', onMessage);
      worker.once('exit', onExit);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage({ id, code, options: plain });
    });
  }
}

/**
 * Runs Code-tool JavaScript on worker threads instead of the server's event loop: QuickJS evaluates
 * synchronously, so in-process a busy loop would stall every other request until its time limit.
 * Up to `size` runs go at once; a thread that overstays its limit, or whose run is aborted, is killed.
 */
export function createWorkerCodeRunner(options: { size?: number; script?: string } = {}): CodeRunner {
  const size = options.size ?? 2;
  let threads: SandboxThread[] | undefined;
  const waiting: (() => void)[] = [];
  const acquire = async (): Promise<SandboxThread> => {
    if (!threads) {
      const script = options.script ?? findSandboxWorkerScript();
      threads = Array.from({ length: size }, () => new SandboxThread(script));
    }
    for (;;) {
      const free = threads.find((thread) => !thread.busy);
      if (free) {
        free.busy = true;
        return free;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
  return async (code, runOptions) => {
    const thread = await acquire();
    try {
      return await thread.run(code, runOptions);
    } finally {
      waiting.shift()?.();
    }
  };
}
