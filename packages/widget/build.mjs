// Bundles the widget into one minified script, dist/widget.js, and prints its gzipped size.
import { mkdirSync, readFileSync } from 'node:fs';
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
