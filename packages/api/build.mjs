// Bundles the scripts the server runs on worker threads into plain JavaScript (dist/), so a production
// server's threads load one file with Node alone instead of compiling TypeScript source through tsx,
// which costs each thread about 50 MB and a slower start. Tests and the CLI still load the source.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const entries = {
  'model-thread': 'src/model-threads/model-thread.ts',
  // The Code tool's worker, as the engine exports it (not a path into its source).
  'code-sandbox-worker': fileURLToPath(import.meta.resolve('@agentry/engine/sandbox-worker')),
};
// Where the bundles go: dist/, or the directory given (tests build their own copy).
const outdir = path.resolve(import.meta.dirname, process.argv[2] ?? 'dist');

await build({
  entryPoints: Object.fromEntries(
    Object.entries(entries).map(([name, file]) => [name, path.resolve(import.meta.dirname, file)]),
  ),
  outdir,
  // QuickJS finds its WebAssembly next to its own package: it is loaded from node_modules as it is.
  external: ['quickjs-emscripten', '@jitl/*'],
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  // AGENTRY_BUNDLE_SOURCEMAP=1: with source maps, so a CPU profile of the model thread names the source.
  sourcemap: process.env.AGENTRY_BUNDLE_SOURCEMAP === '1',
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies inside an ES module bundle still call require() for Node's built-ins.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});
// The document reader (knowledge ingestion) loads a parser (pdf.js, mammoth, htmlparser2, papaparse)
// only for the type of file it is given: split into chunks, the bundle keeps that laziness.
await build({
  entryPoints: {
    'extraction-thread': path.join(import.meta.dirname, 'src/knowledge/extract/extraction-thread.ts'),
  },
  outdir,
  splitting: true,
  chunkNames: 'extraction-chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});
console.log(
  `worker thread scripts: ${[...Object.keys(entries), 'extraction-thread'].join(', ')} -> ${path.relative(import.meta.dirname, outdir)}/`,
);
