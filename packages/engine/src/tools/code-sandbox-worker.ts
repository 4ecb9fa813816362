// Runs inside a worker thread: executes sandboxed code for the host so that a long synchronous
// evaluation blocks this thread, not the caller's event loop. One message, one run.
import { parentPort } from 'node:worker_threads';
import { runSandboxedCode, type SandboxOptions, sandboxMemoryStats } from './code-sandbox';
import { SandboxError } from './sandbox-error';
import { acquireSandboxModule, releaseSandboxModule } from './sandbox-module';

/** A request from the host. */
export interface SandboxWorkerRequest {
  id: number;
  code: string;
  options: Omit<SandboxOptions, 'signal'>;
}

/** What the thread says: it is ready (its first module is loaded), or the answer to one request. */
export type SandboxWorkerReply =
  | { type: 'ready' }
  | { type: 'result'; id: number; ok: true; result: unknown; logs: string[]; peakMemoryBytes: number }
  | { type: 'result'; id: number; ok: false; code: string; message: string; peakMemoryBytes: number };

async function answer(request: SandboxWorkerRequest): Promise<SandboxWorkerReply> {
  try {
    const { result, logs } = await runSandboxedCode(request.code, request.options);
    return { type: 'result', id: request.id, ok: true, result, logs, peakMemoryBytes: peak() };
  } catch (error) {
    const code = error instanceof SandboxError ? error.code : 'runtime_error';
    const message = error instanceof Error ? error.message : String(error);
    return { type: 'result', id: request.id, ok: false, code, message, peakMemoryBytes: peak() };
  }
}

const peak = () => sandboxMemoryStats().peakMemoryBytes;

parentPort?.on('message', async (request: SandboxWorkerRequest) => {
  parentPort?.postMessage(await answer(request));
});

// Instantiating the first module takes the longest (compiling the WebAssembly); doing it before saying
// ready keeps it out of the first run's time limit, which the host enforces by killing the thread.
releaseSandboxModule(await acquireSandboxModule(32 * 1024 * 1024), { poisoned: false });
parentPort?.postMessage({ type: 'ready' } satisfies SandboxWorkerReply);
