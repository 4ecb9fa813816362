import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPackageExport, findThreadScript, threadExecArgv } from './source-files';

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

describe('findPackageExport', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'agentry-package-export-'));
  const start = path.join(root, 'apps', 'web');
  const pkg = path.join(root, 'node_modules', '@scope', 'pkg');
  mkdirSync(start, { recursive: true });
  mkdirSync(path.join(pkg, 'dist'), { recursive: true });
  writeFileSync(path.join(pkg, 'dist', 'worker.mjs'), '');
  writeFileSync(
    path.join(pkg, 'package.json'),
    JSON.stringify({
      exports: {
        './worker': './dist/worker.mjs',
        './conditional': { types: './dist/worker.d.ts', import: './dist/worker.mjs' },
        './missing': './dist/missing.mjs',
      },
    }),
  );
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds the file a package exports, from its package.json in node_modules upwards', () => {
    const worker = path.join(realpathSync(pkg), 'dist', 'worker.mjs');
    expect(findPackageExport('@scope/pkg', './worker', start)).toBe(worker);
    expect(findPackageExport('@scope/pkg', './conditional', start)).toBe(worker);
  });

  it('gives nothing for an unknown package, subpath or a missing file', () => {
    expect(findPackageExport('@scope/other', './worker', start)).toBeUndefined();
    expect(findPackageExport('@scope/pkg', './unknown', start)).toBeUndefined();
    expect(findPackageExport('@scope/pkg', './missing', start)).toBeUndefined();
  });
});
