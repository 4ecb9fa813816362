import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeRunner } from '../runtime/context';
import { type CodeThreadLimits, CodeThreadSlots } from './code-thread-slots';
import { SandboxThread, type SandboxThreadLaunch } from './sandbox-thread';

/** Options of createThreadCodeRunner; the limits default from `size`. */
export interface ThreadCodeRunnerOptions extends Partial<CodeThreadLimits> {
  /**
   * The thread's script: by default the engine's TypeScript source through its tsx bootstrap. A server
   * passes its prebuilt bundle (no tsx in production), found lazily when the first thread starts.
   */
  script?: string | (() => string);
  /** Node options of the thread for a script (default: none; the bootstrap registers tsx itself). */
  execArgv?: (script: string) => string[];
}

/** A CodeRunner on worker threads, with what it has measured. */
export type ThreadCodeRunner = CodeRunner & {
  /** The most WebAssembly memory any thread's sandbox has held; calls waiting for a thread. */
  stats(): { peakMemoryBytes: number; waiting: number };
  /** Stops every thread (idle threads never keep a process alive, so this is optional). */
  close(): void;
};

/** The engine's own sandbox thread entry, from source. */
export function defaultSandboxThreadScript(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'code-sandbox-thread.mjs');
}

/** The defaults for a pool of `size` threads: half of them per key (at least one), short bounded waits. */
export function defaultCodeThreadLimits(size = 2): CodeThreadLimits {
  return {
    size,
    perKeyLimit: Math.max(1, Math.floor(size / 2)),
    waitTimeoutMs: 10_000,
    maxWaiting: 64,
    maxWaitingPerKey: 16,
  };
}

/**
 * Runs Code-tool JavaScript on a pool of worker threads instead of the caller's event loop: QuickJS
 * evaluates synchronously, so in-process a busy loop stalls everything else until its time limit, and a
 * thread can be killed outright when a run overstays or is aborted. Threads are shared fairly between
 * keys (`options.key` of each call: the host's workspace or agent); see CodeThreadSlots.
 */
export function createThreadCodeRunner(options: ThreadCodeRunnerOptions = {}): ThreadCodeRunner {
  const limits = { ...defaultCodeThreadLimits(options.size), ...definedLimits(options) };
  const slots = new CodeThreadSlots(limits);
  let launch: SandboxThreadLaunch | undefined;
  const launchOnce = (): SandboxThreadLaunch => {
    if (!launch) {
      const script =
        typeof options.script === 'function'
          ? options.script()
          : (options.script ?? defaultSandboxThreadScript());
      launch = { script, execArgv: options.execArgv?.(script) ?? [] };
    }
    return launch;
  };
  const threads = Array.from({ length: limits.size }, () => new SandboxThread(launchOnce));
  const run: CodeRunner = async (code, { key, ...runOptions }) => {
    const owner = key ?? '';
    const slot = await slots.acquire(owner, runOptions.signal);
    try {
      return await threads[slot]!.run(code, runOptions);
    } finally {
      slots.release(owner, slot);
    }
  };
  return Object.assign(run, {
    stats: () => ({
      peakMemoryBytes: Math.max(0, ...threads.map((thread) => thread.peakMemoryBytes)),
      waiting: slots.waitingCount,
    }),
    close: () => {
      for (const thread of threads) thread.kill();
    },
  });
}

function definedLimits(options: ThreadCodeRunnerOptions): Partial<CodeThreadLimits> {
  const { size, perKeyLimit, waitTimeoutMs, maxWaiting, maxWaitingPerKey } = options;
  return Object.fromEntries(
    Object.entries({ size, perKeyLimit, waitTimeoutMs, maxWaiting, maxWaitingPerKey }).filter(
      ([, value]) => value !== undefined,
    ),
  );
}
