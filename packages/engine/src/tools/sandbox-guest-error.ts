import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';
import { SandboxError } from './sandbox-error';

// The user's code starts on the third line of the wrapper; error line numbers are shifted back.
const WRAPPER_LINES = 2;

/** What stopped a run from outside the guest, and the limits to name in messages. */
export interface RunState {
  stop: 'timeout' | 'aborted' | 'memory' | undefined;
  timeoutMs: number;
  memoryLimitBytes: number;
}
/** The value of a QuickJS call result; a guest exception becomes a SandboxError. */
export function unwrap(
  context: QuickJSContext,
  run: RunState,
  result: { error?: QuickJSHandle; value?: QuickJSHandle },
  code: 'syntax_error' | 'runtime_error',
): QuickJSHandle {
  if (result.error !== undefined) throw guestError(context, run, result.error, code);
  return result.value!;
}

/** Turns a guest exception into a SandboxError and frees its handle. */
export function guestError(
  context: QuickJSContext,
  run: RunState,
  error: QuickJSHandle,
  code: 'syntax_error' | 'runtime_error',
): SandboxError {
  let dumped: unknown;
  try {
    dumped = context.dump(error);
  } catch {
    dumped = undefined;
  } finally {
    error.dispose();
  }
  if (run.stop !== undefined) return stopError(run);
  const { name, message, stack } = readErrorFields(dumped);
  if (message === 'out of memory') return memoryError(run);
  if (message === 'stack overflow' || message.includes('Maximum call stack')) {
    return new SandboxError('memory_limit', 'The code recursed too deeply (stack overflow).');
  }
  const line = userLine(stack);
  const where = line === undefined ? '' : ` (line ${line})`;
  const kind = name === 'SyntaxError' && code === 'syntax_error' ? 'syntax_error' : 'runtime_error';
  return new SandboxError(kind, `${name}: ${message}${where}`);
}

/** The error for a run stopped by the interrupt handler or between job slices. */
export function stopError(run: RunState): SandboxError {
  if (run.stop === 'aborted') return new SandboxError('aborted', 'The code run was cancelled.');
  if (run.stop === 'memory') return memoryError(run);
  return new SandboxError('timeout', `The code ran longer than ${run.timeoutMs} ms.`);
}

function memoryError(run: RunState): SandboxError {
  return new SandboxError(
    'memory_limit',
    `The code used more than the ${formatBytes(run.memoryLimitBytes)} memory limit.`,
  );
}

function readErrorFields(dumped: unknown): { name: string; message: string; stack: string } {
  if (typeof dumped === 'object' && dumped !== null) {
    const record = dumped as Record<string, unknown>;
    return {
      name: String(record.name ?? 'Error'),
      message: String(record.message ?? ''),
      stack: String(record.stack ?? ''),
    };
  }
  return { name: 'Error', message: `Uncaught ${JSON.stringify(dumped) ?? String(dumped)}`, stack: '' };
}

function userLine(stack: string): number | undefined {
  const match = /code\.js:(\d+)/.exec(stack);
  if (match === null) return undefined;
  const line = Number(match[1]) - WRAPPER_LINES;
  return line >= 1 ? line : undefined;
}
function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${Math.round(bytes / (1024 * 1024))} MiB`
    : `${Math.round(bytes / 1024)} KiB`;
}
