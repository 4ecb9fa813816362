// Bundles the scripts the server runs on worker threads into plain JavaScript (dist/), so a production
// server's threads load one file with Node alone instead of compiling TypeScript source through tsx,
// which costs each thread about 50 MB and a slower start. Tests and the CLI still load the source.
import path from 'node:path';
import { build } from 'esbuild';

const entries = { 'model-thread': 'src/model-threads/model-thread.ts' };

await build({
  entryPoints: Object.fromEntries(
    Object.entries(entries).map(([name, file]) => [name, path.join(import.meta.dirname, file)]),
  ),
  outdir: path.join(import.meta.dirname, 'dist'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies inside an ES module bundle still call require() for Node's built-ins.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});
console.log(`worker thread scripts: ${Object.keys(entries).join(', ')} -> dist/`);
