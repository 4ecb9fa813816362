import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findThreadScript, threadExecArgv } from './source-files';

describe('findThreadScript', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'agentry-source-files-'));
  const start = path.join(root, 'apps', 'web');
  mkdirSync(start, { recursive: true });
  mkdirSync(path.join(root, 'src'), { recursive: true });
  writeFileSync(path.join(root, 'src', 'thread.ts'), '');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('loads the source outside production, and in production until a build made the bundle', () => {
    const source = path.join(root, 'src', 'thread.ts');
    expect(findThreadScript('src/thread.ts', 'dist/thread.mjs', { production: false, start })).toBe(source);
    expect(findThreadScript('src/thread.ts', 'dist/thread.mjs', { production: true, start })).toBe(source);
    mkdirSync(path.join(root, 'dist'));
    writeFileSync(path.join(root, 'dist', 'thread.mjs'), '');
    expect(findThreadScript('src/thread.ts', 'dist/thread.mjs', { production: true, start })).toBe(
      path.join(root, 'dist', 'thread.mjs'),
    );
    expect(findThreadScript('src/thread.ts', 'dist/thread.mjs', { production: false, start })).toBe(source);
  });

  it('names the file it could not find', () => {
    expect(() => findThreadScript('src/missing.ts', 'dist/missing.mjs', { start })).toThrow(
      /Cannot find src\/missing\.ts/,
    );
  });

  it('gives tsx only to TypeScript source', () => {
    expect(threadExecArgv('/x/thread.ts')).toEqual(['--import', 'tsx']);
    expect(threadExecArgv('/x/thread.mjs')).toEqual([]);
  });
});
