import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultSandboxThreadScript, SandboxError, type ThreadCodeRunner } from '@agentry/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildThreadBundle } from '../thread-bundles.testing';
import { createWorkerCodeRunner, findSandboxWorkerScript } from './worker-code-runner';

// The same behaviour from the TypeScript source (tests, CLI, dev) and from the bundle a production
// server loads without tsx (its QuickJS package loaded from node_modules).
describe.each([
  ['source, through tsx', () => undefined],
  ['production bundle', () => buildThreadBundle('code-sandbox-worker')],
])('code runner on worker threads (%s)', (_, bundle) => {
  let built: ReturnType<typeof buildThreadBundle> | undefined;
  let runCode: ThreadCodeRunner;
  beforeAll(() => {
    built = bundle();
    runCode = createWorkerCodeRunner({ size: 2, script: built?.script });
  }, 60_000);
  afterAll(() => {
    runCode.close();
    built?.remove();
  });

  it('returns results and logs from the sandbox', async () => {
    await expect(
      runCode('console.log("hi"); return input.a * input.b;', { input: { a: 6, b: 7 }, timeoutMs: 2_000 }),
    ).resolves.toEqual({
      result: 42,
      logs: ['hi'],
    });
  }, 30_000);

  it('keeps the event loop free while code loops forever, then stops it', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const error = await runCode('while (true) {}', { timeoutMs: 500 }).catch((caught: unknown) => caught);
    clearInterval(timer);
    expect(error).toBeInstanceOf(SandboxError);
    expect((error as SandboxError).code).toBe('timeout');
    // In-process, a synchronous loop would have frozen this timer for the whole half second.
    expect(ticks).toBeGreaterThan(10);
  }, 30_000);

  it('kills a run when it is aborted, and the next run still works', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await runCode('while (true) {}', { timeoutMs: 10_000, signal: controller.signal }).catch(
      (caught: unknown) => caught,
    );
    expect((error as SandboxError).code).toBe('aborted');
    await expect(runCode('return 1 + 1;', { timeoutMs: 2_000 })).resolves.toMatchObject({ result: 2 });
  }, 30_000);

  it('runs several calls at once without mixing their results', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => runCode('return input * 10;', { input: n, timeoutMs: 2_000 })),
    );
    expect(results.map((entry) => entry.result)).toEqual([10, 20, 30, 40, 50]);
  }, 30_000);

  it('stops a memory hog at its limit: the WebAssembly memory stays under the ceiling', async () => {
    const error = await runCode("const a = []; for (;;) a.push('x'.repeat(1 << 20));", {
      memoryLimitBytes: 32 * 1024 * 1024,
      timeoutMs: 1_000,
    }).catch((caught: unknown) => caught);
    expect((error as SandboxError).code).toBe('memory_limit');
    // Baseline (16 MiB) plus the limit; before, the thread's memory grew to 2 GiB within the second.
    expect(runCode.stats().peakMemoryBytes).toBeLessThanOrEqual(48 * 1024 * 1024);
  }, 30_000);
});

describe('findSandboxWorkerScript', () => {
  it('loads the worker the engine exports (not a path into its source) outside production', () => {
    const exported = createRequire(import.meta.url).resolve('@agentry/engine/sandbox-worker');
    expect(findSandboxWorkerScript(process.cwd(), false)).toBe(exported);
  });

  it("loads the api's production bundle in production when build.mjs made one", () => {
    const root = mkdtempSync(path.join(tmpdir(), 'agentry-prod-'));
    try {
      mkdirSync(path.join(root, 'packages/api/dist'), { recursive: true });
      writeFileSync(path.join(root, 'packages/api/dist/code-sandbox-worker.mjs'), '');
      mkdirSync(path.join(root, 'apps/web'), { recursive: true });
      expect(findSandboxWorkerScript(path.join(root, 'apps/web'), true)).toBe(
        path.join(root, 'packages/api/dist/code-sandbox-worker.mjs'),
      );
      expect(findSandboxWorkerScript(path.join(root, 'apps/web'), false)).toBe(defaultSandboxThreadScript());
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("falls back to the engine's own thread entry outside the repository (the CLI run elsewhere)", () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'agentry-cwd-'));
    try {
      expect(findSandboxWorkerScript(outside)).toBe(defaultSandboxThreadScript());
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
