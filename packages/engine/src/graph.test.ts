import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('the browser entry (@agentry/engine/graph)', () => {
  it('bundles for the browser without any Node built-in', async () => {
    const result = await build({
      entryPoints: [path.resolve(import.meta.dirname, 'graph.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((file) => file.includes('quickjs'))).toBe(false);
    expect(inputs.some((file) => file.includes('tools/http-request'))).toBe(false);
    expect(result.outputFiles[0]!.text).toContain('chat-input');
  }, 60_000);
});
