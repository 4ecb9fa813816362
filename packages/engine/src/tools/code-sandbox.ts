import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';
import { SandboxError } from './sandbox-error';
import { guestError, type RunState, stopError, unwrap } from './sandbox-guest-error';
import { acquireSandboxModule, atMemoryCeiling, releaseSandboxModule } from './sandbox-module';

export { resetSandboxMemoryPeak, sandboxMemoryStats } from './sandbox-module';

/** Limits of one sandboxed run. */
export interface SandboxOptions {
  /** Passed to the code as `input`, copied through JSON. */
  input?: unknown;
  /** Wall-clock budget. Default 1000 ms. */
  timeoutMs?: number;
  /** Memory the code may use; the WebAssembly memory cannot grow past it. Default 32 MiB. */
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
  const timeoutMs = options.timeoutMs ?? 1000;
  const run: RunState = {
    stop: undefined,
    timeoutMs,
    memoryLimitBytes: options.memoryLimitBytes ?? 32 * 1024 * 1024,
  };
  const module = await acquireSandboxModule(run.memoryLimitBytes);
  const runtime = module.quickjs.newRuntime();
  const deadline = Date.now() + timeoutMs;
  // The module's memory maximum is what bounds the run; QuickJS's own limit refuses a single oversized
  // allocation early (its running total is inexact in this build: no malloc_usable_size).
  runtime.setMemoryLimit(run.memoryLimitBytes);
  runtime.setMaxStackSize(MAX_STACK_BYTES);
  runtime.setInterruptHandler(() => {
    if (options.signal?.aborted) run.stop = 'aborted';
    else if (Date.now() > deadline) run.stop = 'timeout';
    return run.stop !== undefined;
  });
  let poisoned = false;
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
  } catch (error) {
    if (error instanceof SandboxError) throw error;
    // Anything else is the engine itself failing (a WebAssembly trap): never reuse that module.
    poisoned = true;
    if (atMemoryCeiling(module)) throw stopError({ ...run, stop: 'memory' });
    throw new SandboxError('runtime_error', `The sandbox failed internally: ${(error as Error).message}`);
  } finally {
    try {
      for (const handle of handles.reverse()) if (handle.alive) handle.dispose();
      context.dispose();
      runtime.dispose();
    } catch {
      // QuickJS 0.32 can trip its own "gc_obj_list not empty" assertion when freeing a runtime after an
      // out-of-memory error or an interrupted job (quickjs-emscripten issues 257 and 269). The abort
      // poisons the whole WebAssembly module, so drop it; the next run instantiates a fresh one.
      poisoned = true;
    }
    releaseSandboxModule(module, { poisoned });
  }
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
    if (run.stop !== undefined) throw stopError(run);
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
