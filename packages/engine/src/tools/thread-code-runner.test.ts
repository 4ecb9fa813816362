import { afterAll, describe, expect, it } from 'vitest';
import { SandboxError } from './sandbox-error';
import { createThreadCodeRunner } from './thread-code-runner';

const MiB = 1024 * 1024;

async function failure(promise: Promise<unknown>): Promise<SandboxError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof SandboxError)) throw new Error(`expected a SandboxError, got ${String(error)}`);
  return error;
}

// The engine's default thread entry (TypeScript source through its tsx bootstrap), as the CLI and the
// Agent library use it.
describe('createThreadCodeRunner', () => {
  const runners: { close(): void }[] = [];
  const runner = (options: Parameters<typeof createThreadCodeRunner>[0] = {}) => {
    const created = createThreadCodeRunner(options);
    runners.push(created);
    return created;
  };
  afterAll(() => {
    for (const created of runners) created.close();
  });

  it('runs code on a thread from the engine source (its own tsx bootstrap)', async () => {
    const runCode = runner({ size: 1 });
    await expect(
      runCode('console.log("hi"); return input.a * input.b;', { input: { a: 6, b: 7 }, timeoutMs: 2_000 }),
    ).resolves.toEqual({ result: 42, logs: ['hi'] });
  }, 30_000);

  it('stops a memory hog inside its ceiling: the thread never holds more than baseline plus limit', async () => {
    const runCode = runner({ size: 1 });
    const hogs = [
      "const a = []; for (;;) a.push('x'.repeat(1 << 20));",
      'return new ArrayBuffer(512 * 1024 * 1024).byteLength;',
      "let s = 'x'.repeat(1 << 20); for (;;) { s = s + s; s.charCodeAt(5); }",
    ];
    for (const code of hogs) {
      const error = await failure(runCode(code, { memoryLimitBytes: 32 * MiB, timeoutMs: 10_000 }));
      expect(error.code).toBe('memory_limit');
    }
    // Before the fix this snippet grew the thread's WebAssembly memory to 2 GiB (about 1.2 GB resident).
    expect(runCode.stats().peakMemoryBytes).toBeLessThanOrEqual(16 * MiB + 32 * MiB);
    await expect(runCode('return 1 + 1;', { timeoutMs: 2_000 })).resolves.toMatchObject({ result: 2 });
  }, 60_000);

  it('makes a caller wait at most waitTimeoutMs for a thread, then says busy', async () => {
    const runCode = runner({ size: 1, waitTimeoutMs: 200 });
    await runCode('return 0;', { timeoutMs: 2_000 });
    const loop = failure(runCode('while (true) {}', { key: 'a', timeoutMs: 3_000 }));
    const waited = await failure(runCode('return 1;', { key: 'b', timeoutMs: 1_000 }));
    expect(waited.code).toBe('busy');
    expect(waited.message).toMatch(/All code threads are busy; try again/);
    expect((await loop).code).toBe('timeout');
  }, 30_000);

  it('keeps a thread for another key while one key floods the pool', async () => {
    const runCode = runner({ size: 2 });
    await Promise.all([runCode('return 0;', { key: 'warm' }), runCode('return 0;', { key: 'up' })]);
    let floodSettled = 0;
    const flood = [1, 2, 3].map(() =>
      failure(runCode('while (true) {}', { key: 'greedy', timeoutMs: 2_000 })).finally(() => floodSettled++),
    );
    // With one shared FIFO the greedy key held both threads and this run waited behind two of its loops.
    await expect(runCode('return "mine";', { key: 'polite', timeoutMs: 1_000 })).resolves.toMatchObject({
      result: 'mine',
    });
    expect(floodSettled).toBe(0);
    for (const error of await Promise.all(flood)) expect(error.code).toBe('timeout');
  }, 60_000);
});
