import type { CodeRunner } from '@agentry/engine';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import type { Runtime } from '../runtime';
import { createEngineContext } from './engine-context';

describe('createEngineContext: Code tools', () => {
  // The thread pool shares its threads by key; without one, every workspace queued in one line.
  it('runs code under the workspace as its key, so the pool can share threads per tenant', async () => {
    const calls: Parameters<CodeRunner>[1][] = [];
    const codeRunner: CodeRunner = async (_code, options) => {
      calls.push(options);
      return { result: 1, logs: [] };
    };
    const runtime = { config: loadConfig({}), codeRunner } as unknown as Runtime;
    const context = createEngineContext(runtime, { workspaceId: 'workspace-a', conversationId: 'c1' });
    await context.runCode?.('return 1;', { timeoutMs: 500, key: 'forged-by-a-graph' });
    expect(calls).toEqual([{ timeoutMs: 500, key: 'workspace-a' }]);
  });
});
