// Runs inside a worker thread: executes sandboxed code for the host so that a long synchronous
// evaluation blocks this thread, not the server's event loop. One message, one run.
import { parentPort } from 'node:worker_threads';
import { runSandboxedCode, type SandboxOptions } from './code-sandbox';
import { SandboxError } from './sandbox-error';

/** A request from the host. */
export interface SandboxWorkerRequest {
  id: number;
  code: string;
  options: Omit<SandboxOptions, 'signal'>;
}

/** The answer to one request. */
export type SandboxWorkerReply =
  | { id: number; ok: true; result: unknown; logs: string[] }
  | { id: number; ok: false; code: string; message: string };

parentPort?.on('message', async (request: SandboxWorkerRequest) => {
  let reply: SandboxWorkerReply;
  try {
    const { result, logs } = await runSandboxedCode(request.code, request.options);
    reply = { id: request.id, ok: true, result, logs };
  } catch (error) {
    reply =
      error instanceof SandboxError
        ? { id: request.id, ok: false, code: error.code, message: error.message }
        : {
            id: request.id,
            ok: false,
            code: 'runtime_error',
            message: error instanceof Error ? error.message : String(error),
          };
  }
  parentPort?.postMessage(reply);
});
