import { Worker } from 'node:worker_threads';
import type { SandboxWorkerReply, SandboxWorkerRequest } from './code-sandbox-worker';
import type { SandboxOptions } from './code-sandbox';
import { SandboxError, type SandboxErrorCode } from './sandbox-error';

/** Extra time the host gives a thread beyond the code's own limit before it kills the thread. */
const GRACE_MS = 1_000;
/** The thread's own JavaScript heap: QuickJS's memory is WebAssembly memory, bounded per run. */
const THREAD_RESOURCE_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 };

/** How to start a sandbox thread. */
export interface SandboxThreadLaunch {
  script: string;
  execArgv: string[];
}

/** What a run on a thread gave. */
export interface ThreadRunResult {
  result: unknown;
  logs: string[];
}

interface Started {
  worker: Worker;
  ready: Promise<void>;
  /** Why the thread died, when it did so by itself (`ERR_WORKER_OUT_OF_MEMORY`...). */
  failure?: Error & { code?: string };
}

/** One worker thread running one sandboxed run at a time; killed when a run overstays or is aborted. */
export class SandboxThread {
  private current: Started | undefined;
  private nextId = 1;
  /** The most WebAssembly memory this thread's sandbox has held, over all its runs (kills included). */
  peakMemoryBytes = 0;

  constructor(private readonly launch: () => SandboxThreadLaunch) {}

  /** Stops the thread (the next run starts a fresh one). */
  kill(): void {
    const current = this.current;
    this.current = undefined;
    void current?.worker.terminate();
  }

  /** Runs `code` on the thread; throws SandboxError. */
  async run(code: string, options: SandboxOptions): Promise<ThreadRunResult> {
    const started = this.start();
    const { signal, ...plain } = options;
    await waitUntilReady(started, signal, () => this.kill());
    const { worker } = started;
    const id = this.nextId++;
    const timeoutMs = plain.timeoutMs ?? 1_000;
    return new Promise<ThreadRunResult>((resolve, reject) => {
      const settle = (outcome: () => void) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      const fail = (errorCode: SandboxErrorCode, message: string) =>
        settle(() => reject(new SandboxError(errorCode, message)));
      const onMessage = (reply: SandboxWorkerReply) => {
        if (reply.type !== 'result' || reply.id !== id) return;
        this.peakMemoryBytes = Math.max(this.peakMemoryBytes, reply.peakMemoryBytes);
        if (reply.ok) {
          const { result, logs } = reply;
          settle(() => resolve({ result, logs }));
        } else fail(reply.code as SandboxErrorCode, reply.message);
      };
      const onExit = () => {
        if (this.current === started) this.current = undefined;
        if (started.failure?.code === 'ERR_WORKER_OUT_OF_MEMORY')
          fail('memory_limit', 'The code ran out of memory and its thread was stopped.');
        else fail('runtime_error', 'The sandbox thread stopped unexpectedly.');
      };
      // A thread that does not answer in time is killed outright: the code cannot hold it.
      const onAbort = () => {
        this.kill();
        fail('aborted', 'The code was stopped.');
      };
      const timer = setTimeout(() => {
        this.kill();
        fail('timeout', `The code ran longer than ${timeoutMs} ms and was stopped.`);
      }, timeoutMs + GRACE_MS);
      worker.on('message', onMessage);
      worker.once('exit', onExit);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage({ id, code, options: plain } satisfies SandboxWorkerRequest);
    });
  }

  private start(): Started {
    if (this.current) return this.current;
    const { script, execArgv } = this.launch();
    const worker = new Worker(script, { execArgv, resourceLimits: THREAD_RESOURCE_LIMITS });
    // An idle sandbox thread must not keep the host process (a CLI command, a script) alive.
    worker.unref();
    const started: Started = { worker, ready: Promise.resolve() };
    started.ready = new Promise<void>((resolve, reject) => {
      const onReady = (reply: SandboxWorkerReply) => {
        if (reply.type !== 'ready') return;
        worker.off('message', onReady);
        resolve();
      };
      worker.on('message', onReady);
      worker.once('exit', () => reject(startError(started.failure)));
    });
    // Settled by run(); this keeps an early failure from surfacing as an unhandled rejection.
    started.ready.catch(() => undefined);
    worker.on('error', (error) => {
      started.failure = error;
      if (this.current === started) this.kill();
    });
    worker.on('exit', () => {
      if (this.current === started) this.current = undefined;
    });
    this.current = started;
    return started;
  }
}

/** Waits for a new thread to load; an abort meanwhile kills it. */
async function waitUntilReady(started: Started, signal: AbortSignal | undefined, kill: () => void) {
  if (signal?.aborted) throw new SandboxError('aborted', 'The code run was cancelled before it started.');
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      kill();
      reject(new SandboxError('aborted', 'The code run was cancelled before it started.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([started.ready, aborted]);
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

function startError(failure: Error | undefined): SandboxError {
  const reason = failure ? `: ${failure.message}` : '';
  return new SandboxError('runtime_error', `The sandbox thread could not start${reason}.`);
}
