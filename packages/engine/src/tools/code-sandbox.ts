import { getQuickJS, type QuickJSContext, type QuickJSHandle } from 'quickjs-emscripten';
import { SandboxError } from './sandbox-error';

/** Limits of one sandboxed run. */
export interface SandboxOptions {
  /** Passed to the code as `input`, copied through JSON. */
  input?: unknown;
  /** Wall-clock budget. Default 1000 ms. */
  timeoutMs?: number;
  /** Heap limit of the QuickJS runtime. Default 32 MiB. */
  memoryLimitBytes?: number;
  /** Longest JSON text of the result. Default 1 MiB. */
  maxResultBytes?: number;
  signal?: AbortSignal;
}

/** What the code returned (JSON-copied) and what it logged. */
export interface SandboxResult {
  result: unknown;
  logs: string[];
}

const MAX_CODE_LENGTH = 100_000;
const MAX_INPUT_LENGTH = 1024 * 1024;
const MAX_LOG_ENTRIES = 100;
const MAX_LOG_CHARACTERS = 2000;
const MAX_STACK_BYTES = 256 * 1024;
const JOBS_PER_SLICE = 1000;
// The user's code starts on the third line of the wrapper; error line numbers are shifted back.
const WRAPPER_LINES = 2;

const CONSOLE_PRELUDE = `(function (hostLog) {
  "use strict";
  const show = (value) => {
    if (typeof value === "string") return value;
    try { const json = JSON.stringify(value); return json === undefined ? String(value) : json; } catch { return String(value); }
  };
  const write = (...values) => { hostLog(values.map(show).join(" ")); };
  globalThis.console = Object.freeze({ log: write, info: write, warn: write, error: write, debug: write });
})`;

/**
 * Runs untrusted JavaScript in QuickJS compiled to WebAssembly: a fresh runtime and context per call,
 * a heap and stack limit, and an interrupt handler that stops the code at the deadline or when `signal`
 * aborts. The code is the body of an async function: it reads `input`, may `await`, may call
 * `console.log`, and gives its result with `return`. It sees only the JavaScript built-ins: no process,
 * require, import(), fetch, timers or host objects. Throws `SandboxError`.
 *
 * The run is synchronous between promise jobs, so an abort is noticed at the next interrupt check or
 * job slice; a busy loop is bounded by `timeoutMs`.
 */
export async function runSandboxedCode(code: string, options: SandboxOptions = {}): Promise<SandboxResult> {
  if (options.signal?.aborted)
    throw new SandboxError('aborted', 'The code run was cancelled before it started.');
  if (code.length > MAX_CODE_LENGTH)
    throw new SandboxError('invalid_input', `The code is longer than ${MAX_CODE_LENGTH} characters.`);
  const inputJson = encodeInput(options.input);
  const quickjs = await getQuickJS();
  const runtime = quickjs.newRuntime();
  const timeoutMs = options.timeoutMs ?? 1000;
  const deadline = Date.now() + timeoutMs;
  const run: RunState = {
    stop: undefined,
    timeoutMs,
    memoryLimitBytes: options.memoryLimitBytes ?? 32 * 1024 * 1024,
  };
  runtime.setMemoryLimit(run.memoryLimitBytes);
  runtime.setMaxStackSize(MAX_STACK_BYTES);
  runtime.setInterruptHandler(() => {
    if (options.signal?.aborted) run.stop = 'aborted';
    else if (Date.now() > deadline) run.stop = 'timeout';
    return run.stop !== undefined;
  });
  const context = runtime.newContext();
  const handles: QuickJSHandle[] = [];
  const own = (handle: QuickJSHandle) => {
    handles.push(handle);
    return handle;
  };
  const logs: string[] = [];
  try {
    const hostLog = own(context.newFunction('log', (text) => recordLog(logs, context.getString(text))));
    const prelude = own(
      unwrap(context, run, context.evalCode(CONSOLE_PRELUDE, 'prelude.js'), 'runtime_error'),
    );
    own(unwrap(context, run, context.callFunction(prelude, context.undefined, hostLog), 'runtime_error'));
    const json = own(context.getProp(context.global, 'JSON'));
    const stringify = own(context.getProp(json, 'stringify'));
    const inputText = own(context.newString(inputJson));
    const input = own(unwrap(context, run, context.callMethod(json, 'parse', [inputText]), 'runtime_error'));
    const wrapper = `(async function (input) {\n"use strict";\n${code}\n})`;
    const userFunction = own(
      unwrap(context, run, context.evalCode(wrapper, 'code.js', { type: 'global' }), 'syntax_error'),
    );
    const promise = own(
      unwrap(context, run, context.callFunction(userFunction, context.undefined, input), 'runtime_error'),
    );
    const value = own(await settle(context, run, promise, options.signal));
    const text = own(unwrap(context, run, context.callFunction(stringify, json, value), 'runtime_error'));
    return { result: readResult(context, text, options.maxResultBytes ?? 1024 * 1024), logs };
  } finally {
    for (const handle of handles.reverse()) if (handle.alive) handle.dispose();
    context.dispose();
    runtime.dispose();
  }
}

interface RunState {
  stop: 'timeout' | 'aborted' | undefined;
  timeoutMs: number;
  memoryLimitBytes: number;
}

/** Runs promise jobs in slices, yielding to the event loop between them so an abort can land. */
async function settle(
  context: QuickJSContext,
  run: RunState,
  promise: QuickJSHandle,
  signal?: AbortSignal,
): Promise<QuickJSHandle> {
  const runtime = context.runtime;
  for (;;) {
    const state = context.getPromiseState(promise);
    if (state.type === 'fulfilled') return state.value;
    if (state.type === 'rejected') throw guestError(context, run, state.error, 'runtime_error');
    if (!runtime.hasPendingJob()) {
      throw new SandboxError(
        'runtime_error',
        'The code awaited a promise that never settles (the sandbox has no timers or I/O).',
      );
    }
    const jobs = runtime.executePendingJobs(JOBS_PER_SLICE);
    if (jobs.error) throw guestError(context, run, jobs.error, 'runtime_error');
    if (runtime.hasPendingJob()) {
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) run.stop = 'aborted';
      if (run.stop !== undefined) throw stopError(run);
    }
  }
}

function unwrap(
  context: QuickJSContext,
  run: RunState,
  result: { error?: QuickJSHandle; value?: QuickJSHandle },
  code: 'syntax_error' | 'runtime_error',
): QuickJSHandle {
  if (result.error !== undefined) throw guestError(context, run, result.error, code);
  return result.value!;
}

/** Turns a guest exception into a SandboxError and frees its handle. */
function guestError(
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
  if (message === 'out of memory' || dumped === null) {
    return new SandboxError(
      'memory_limit',
      `The code used more than the ${formatBytes(run.memoryLimitBytes)} memory limit.`,
    );
  }
  if (message === 'stack overflow' || message.includes('Maximum call stack')) {
    return new SandboxError('memory_limit', 'The code recursed too deeply (stack overflow).');
  }
  const line = userLine(stack);
  const where = line === undefined ? '' : ` (line ${line})`;
  const kind = name === 'SyntaxError' && code === 'syntax_error' ? 'syntax_error' : 'runtime_error';
  return new SandboxError(kind, `${name}: ${message}${where}`);
}

function stopError(run: RunState): SandboxError {
  return run.stop === 'aborted'
    ? new SandboxError('aborted', 'The code run was cancelled.')
    : new SandboxError('timeout', `The code ran longer than ${run.timeoutMs} ms.`);
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

function readResult(context: QuickJSContext, text: QuickJSHandle, maxBytes: number): unknown {
  if (context.typeof(text) !== 'string') return undefined;
  const length = context.getProp(text, 'length');
  const size = context.getNumber(length);
  length.dispose();
  if (size > maxBytes) {
    throw new SandboxError(
      'output_too_large',
      `The result is ${size} characters of JSON; the limit is ${maxBytes}.`,
    );
  }
  return JSON.parse(context.getString(text));
}

function recordLog(logs: string[], text: string): void {
  if (logs.length > MAX_LOG_ENTRIES) return;
  if (logs.length === MAX_LOG_ENTRIES) {
    logs.push('[more logs were dropped]');
    return;
  }
  logs.push(text.length > MAX_LOG_CHARACTERS ? `${text.slice(0, MAX_LOG_CHARACTERS)}…` : text);
}

function encodeInput(input: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(input ?? null);
  } catch (error) {
    throw new SandboxError(
      'invalid_input',
      `The input cannot be copied as JSON: ${(error as Error).message}`,
    );
  }
  if (json === undefined) return 'null';
  if (json.length > MAX_INPUT_LENGTH)
    throw new SandboxError(
      'invalid_input',
      `The input is larger than ${MAX_INPUT_LENGTH} characters of JSON.`,
    );
  return json;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${Math.round(bytes / (1024 * 1024))} MiB`
    : `${Math.round(bytes / 1024)} KiB`;
}
