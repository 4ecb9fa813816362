import { describe, expect, it } from 'vitest';
import { resetSandboxMemoryPeak, runSandboxedCode, sandboxMemoryStats } from './code-sandbox';
import { SandboxError } from './sandbox-error';

async function failure(
  code: string,
  options: Parameters<typeof runSandboxedCode>[1] = {},
): Promise<SandboxError> {
  try {
    await runSandboxedCode(code, options);
  } catch (error) {
    if (error instanceof SandboxError) return error;
    throw error;
  }
  throw new Error('expected the code to fail');
}

describe('runSandboxedCode: normal use', () => {
  it('returns a JSON value', async () => {
    expect(
      await runSandboxedCode('return { sum: 1 + 2, list: [1, "a", null], nested: { ok: true } };'),
    ).toEqual({
      result: { sum: 3, list: [1, 'a', null], nested: { ok: true } },
      logs: [],
    });
  });

  it('returns undefined when the code returns nothing', async () => {
    expect((await runSandboxedCode('const x = 1;')).result).toBeUndefined();
  });

  it('reads a JSON copy of the input', async () => {
    const input = { items: [1, 2, 3], name: 'x' };
    const { result } = await runSandboxedCode(
      'input.items.push(4); return input.items.reduce((a, b) => a + b, 0);',
      { input },
    );
    expect(result).toBe(10);
    expect(input.items).toEqual([1, 2, 3]);
  });

  it('records console.log lines, stringifying values', async () => {
    const { logs } = await runSandboxedCode(
      'console.log("hi", 1, { a: [2] }); console.error("oops"); return 0;',
    );
    expect(logs).toEqual(['hi 1 {"a":[2]}', 'oops']);
  });

  it('bounds the logs', async () => {
    const { logs } = await runSandboxedCode(
      'for (let i = 0; i < 500; i++) console.log("x".repeat(5000)); return 1;',
    );
    expect(logs).toHaveLength(101);
    expect(logs[0]!.length).toBeLessThanOrEqual(2001);
    expect(logs.at(-1)).toBe('[more logs were dropped]');
  });

  it('awaits promises and async functions', async () => {
    const code = `
      const double = async (x) => { await null; return x * 2; };
      const values = await Promise.all([double(1), double(2), Promise.resolve(3)]);
      return values;`;
    expect((await runSandboxedCode(code)).result).toEqual([2, 4, 3]);
  });

  it('reports thrown errors and rejected promises with the user line number', async () => {
    const thrown = await failure('const a = 1;\nthrow new TypeError("bad thing");');
    expect((await failure('throw null;')).code).toBe('runtime_error');
    expect(thrown.code).toBe('runtime_error');
    expect(thrown.message).toBe('TypeError: bad thing (line 2)');
    const rejected = await failure('await Promise.reject(new Error("nope"));');
    expect(rejected.code).toBe('runtime_error');
    expect(rejected.message).toContain('nope');
    expect((await failure('throw "plain";')).message).toContain('plain');
  });

  it('reports syntax errors', async () => {
    const error = await failure('return 1 +;');
    expect(error.code).toBe('syntax_error');
    expect(error.message).toMatch(/^SyntaxError/);
  });

  it('reports a promise that never settles', async () => {
    expect((await failure('await new Promise(() => {});')).code).toBe('runtime_error');
  });

  it('refuses results that are not JSON, or too large', async () => {
    expect((await failure('return 10n;')).code).toBe('runtime_error');
    expect((await failure('const a = {}; a.a = a; return a;')).code).toBe('runtime_error');
    expect((await failure('return "x".repeat(2000000);')).code).toBe('output_too_large');
    expect((await failure('return "x".repeat(200);', { maxResultBytes: 100 })).code).toBe('output_too_large');
  });

  it('refuses input that is not JSON', async () => {
    expect((await failure('return 1;', { input: { big: 1n } })).code).toBe('invalid_input');
  });
});

describe('runSandboxedCode: escapes', () => {
  it('has no process, require, module, fetch, timers or Buffer', async () => {
    const { result } = await runSandboxedCode(
      'return ["process", "require", "module", "fetch", "setTimeout", "setInterval", "setImmediate", "Buffer", "global", "WebAssembly", "XMLHttpRequest", "std", "os"].map((name) => typeof globalThis[name]);',
    );
    expect(new Set(result as string[])).toEqual(new Set(['undefined']));
    expect((await failure('return process.env;')).message).toMatch(/ReferenceError: .*process/);
    expect((await failure('return require("fs");')).message).toMatch(/ReferenceError: .*require/);
  });

  it('sees only standard built-ins on globalThis', async () => {
    const { result } = await runSandboxedCode('return Object.getOwnPropertyNames(globalThis);');
    const names = result as string[];
    const allowed =
      /^(Object|Function|Array|Number|parseFloat|parseInt|Infinity|NaN|undefined|decodeURI|decodeURIComponent|encodeURI|encodeURIComponent|escape|unescape|isFinite|isNaN|globalThis|Symbol|Error|EvalError|RangeError|ReferenceError|SyntaxError|TypeError|URIError|InternalError|AggregateError|Iterator|Math|Reflect|JSON|String|Boolean|Date|RegExp|Proxy|Map|Set|WeakMap|WeakSet|WeakRef|FinalizationRegistry|Promise|ArrayBuffer|SharedArrayBuffer|DataView|Atomics|BigInt|\w*Array|eval|console|queueMicrotask|performance|structuredClone|navigator|Float16Array|__loadScript|gc)$/;
    expect(names.filter((name) => !allowed.test(name))).toEqual([]);
  });

  it('cannot reach the host through constructor chains', async () => {
    const viaArrow = await failure('return (() => {}).constructor("return process")();');
    expect(viaArrow.message).toMatch(/ReferenceError: .*process/);
    const viaThis = await failure('return this.constructor.constructor("return process")();');
    expect(viaThis.code).toBe('runtime_error');
    const viaProto = await failure(
      'return Object.getPrototypeOf(async function () {}).constructor("return require")();',
    );
    expect(viaProto.code).toBe('runtime_error');
    const { result } = await runSandboxedCode('return Function("return typeof globalThis.process")();');
    expect(result).toBe('undefined');
  });

  it('cannot import modules', async () => {
    const error = await failure('await import("fs");');
    expect(error.code).toBe('runtime_error');
    expect((await failure('import fs from "fs";')).code).toBe('syntax_error');
  });

  it('stops an infinite loop at the deadline, even inside try/catch', async () => {
    const started = Date.now();
    const error = await failure('try { while (true) {} } catch (e) { return "caught"; }', { timeoutMs: 100 });
    expect(error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops an endless promise chain at the deadline', async () => {
    const error = await failure('const spin = async () => { await null; return spin(); }; await spin();', {
      timeoutMs: 100,
    });
    expect(error.code).toBe('timeout');
  });

  it.each([
    ['many small objects', 'const list = []; while (true) list.push({ n: list.length });'],
    ['many arrays', 'const list = []; while (true) list.push(new Array(10000).fill(1));'],
    ['one growing array', 'const list = []; while (true) list.push(list.length);'],
    ['one huge buffer', 'return new Uint8Array(1e9).length;'],
  ])('stops a memory bomb (%s) at the memory limit', async (_name, code) => {
    const error = await failure(code, { memoryLimitBytes: 8 * 1024 * 1024, timeoutMs: 5000 });
    expect(error.code).toBe('memory_limit');
    expect(error.message).toContain('8 MiB');
  });

  it('keeps working after runs that hit the limits', async () => {
    await failure('const list = []; while (true) list.push({ n: list.length });', {
      memoryLimitBytes: 1024 * 1024,
    });
    await failure('const spin = async () => { await null; return spin(); }; await spin();', {
      timeoutMs: 50,
    });
    expect((await runSandboxedCode('return 41 + 1;')).result).toBe(42);
  });

  it('stops deep recursion', async () => {
    const error = await failure('const f = (n) => f(n + 1) + 1; return f(0);', { timeoutMs: 5000 });
    expect(error.code).toBe('memory_limit');
    expect(error.message).toMatch(/stack overflow/);
  });

  it('refuses to start when aborted, and stops when the signal aborts mid-run', async () => {
    expect((await failure('return 1;', { signal: AbortSignal.abort() })).code).toBe('aborted');
    // The run is synchronous between job slices, so the signal flips from inside the busy loop's time.
    const abortAt = Date.now() + 50;
    const signal = {
      get aborted() {
        return Date.now() > abortAt;
      },
    } as AbortSignal;
    const error = await failure('while (true) {}', { signal, timeoutMs: 5000 });
    expect(error.code).toBe('aborted');
  });

  it('notices an abort between promise job slices', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const code = 'let n = 0; const step = async () => { await null; n++; return step(); }; await step();';
    expect((await failure(code, { signal: controller.signal, timeoutMs: 5000 })).code).toBe('aborted');
  });
});

describe('runSandboxedCode: resources', () => {
  it('frees every runtime: wasm memory stays flat over many runs, failures included', async () => {
    const run = async (index: number) => {
      await runSandboxedCode('console.log(input); return { n: input * 2, s: "x".repeat(1000) };', {
        input: index,
      });
      await runSandboxedCode('throw new Error("x")').catch(() => undefined);
      await runSandboxedCode('return 1 +').catch(() => undefined);
      await runSandboxedCode('await Promise.reject(1)').catch(() => undefined);
    };
    for (let index = 0; index < 50; index++) await run(index);
    const before = sandboxMemoryStats().idleBytes;
    for (let index = 0; index < 300; index++) await run(index);
    expect(sandboxMemoryStats().idleBytes).toBe(before);
  });

  // Before the WebAssembly memory had a maximum, QuickJS's limit saw only single allocations and the
  // interrupt handler noticed growth only after it happened: a 32 MiB snippet grew the process by ~1.2 GB.
  it.each([
    ['many 1 MiB strings', "const a = []; for (;;) a.push('x'.repeat(1 << 20));"],
    ['one 512 MiB buffer', 'return new ArrayBuffer(512 * 1024 * 1024).byteLength;'],
    ['string doubling', "let s = 'x'.repeat(1 << 20); for (;;) { s = s + s; s.charCodeAt(5); }"],
    ['many arrays of numbers', 'const a = []; for (;;) a.push(new Array(100000).fill(1.5));'],
  ])('never lets the WebAssembly memory pass its ceiling (%s)', async (_name, code) => {
    const limit = 16 * 1024 * 1024;
    resetSandboxMemoryPeak();
    const error = await failure(code, { memoryLimitBytes: limit, timeoutMs: 10_000 });
    expect(error.code).toBe('memory_limit');
    expect(error.message).toContain('16 MiB');
    // The module's own baseline (16 MiB: QuickJS's static data, stack and runtime) plus the limit.
    expect(sandboxMemoryStats().peakMemoryBytes).toBeLessThanOrEqual(16 * 1024 * 1024 + limit);
    expect((await runSandboxedCode('return 6 * 7;', { memoryLimitBytes: limit })).result).toBe(42);
  });

  it('gives each memory limit its own ceiling, and a larger limit still lets code use it', async () => {
    const code = 'const a = []; for (let i = 0; i < 40; i++) a.push("y".repeat(1 << 20)); return a.length;';
    expect((await failure(code, { memoryLimitBytes: 16 * 1024 * 1024 })).code).toBe('memory_limit');
    expect((await runSandboxedCode(code, { memoryLimitBytes: 96 * 1024 * 1024 })).result).toBe(40);
  });
});
