// Bundles the widget into one minified script, dist/widget.js, and prints its gzipped size; then the same
// code as an ES module, dist/index.js (+ index.d.ts), for sites that bundle their own scripts.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { WIDGET_GZIP_BUDGET, widgetBuildOptions } from './build-options.mjs';

const outfile = path.join(import.meta.dirname, 'dist', 'widget.js');
mkdirSync(path.dirname(outfile), { recursive: true });
await build({ ...widgetBuildOptions, outfile });
const bytes = readFileSync(outfile);
const gzipped = gzipSync(bytes, { level: 9 }).length;
console.log(
  `widget.js: ${(bytes.length / 1024).toFixed(1)} KB, ${(gzipped / 1024).toFixed(1)} KB gzipped (budget ${WIDGET_GZIP_BUDGET / 1024} KB)`,
);
if (gzipped > WIDGET_GZIP_BUDGET) {
  console.error('widget.js is over its size budget.');
  process.exit(1);
}

// The ES module entry: importing it defines <agentry-chat> and `window.Agentry` (no script tag, so nothing
// mounts by itself). Same code and target as widget.js; the site's bundler minifies.
const dist = path.dirname(outfile);
await build({ ...widgetBuildOptions, format: 'esm', minify: false, outfile: path.join(dist, 'index.js') });
// Its declarations: tsc (TypeScript 7) emits every reachable file; only index.d.ts is the public surface.
const tsc = path.join(
  path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')),
  'bin',
  'tsc',
);
const types = mkdtempSync(path.join(tmpdir(), 'agentry-widget-types-'));
const tsconfig = path.join(import.meta.dirname, 'tsconfig.build.json');
const emitted = spawnSync(process.execPath, [tsc, '-p', tsconfig, '--outDir', types], { stdio: 'inherit' });
if (emitted.status !== 0) {
  console.error('tsc could not emit the declarations of index.js (see above).');
  process.exit(1);
}
if (/from\s+['"]\./.test(readFileSync(path.join(types, 'index.d.ts'), 'utf8'))) {
  console.error('index.d.ts imports another file: ship that file too.');
  process.exit(1);
}
copyFileSync(path.join(types, 'index.d.ts'), path.join(dist, 'index.d.ts'));
rmSync(types, { recursive: true, force: true });
console.log('index.js + index.d.ts: the ES module entry');
