// Builds the installable package into dist/: ES module JavaScript per entry point (esbuild) and type
// declarations (tsc). The monorepo itself keeps running the TypeScript source; `publishConfig` in
// package.json points the packed package at dist/ instead.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const root = import.meta.dirname;
const dist = path.join(root, 'dist');
rmSync(dist, { recursive: true, force: true });

/** Shared esbuild options: Node 22+, every dependency left as an import the installer resolves. */
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  legalComments: 'none',
  logLevel: 'warning',
};

// One file per entry point, shared code in chunks beside them (so `./graph` stays browser-safe: it pulls
// in only the chunks it reaches).
await build({
  ...common,
  entryPoints: {
    index: path.join(root, 'src/index.ts'),
    graph: path.join(root, 'src/graph.ts'),
    evals: path.join(root, 'src/evals/index.ts'),
    'provider-calls': path.join(root, 'src/provider-calls.ts'),
  },
  outdir: dist,
  splitting: true,
  chunkNames: '[name]-[hash]',
});
// The Code tool's worker thread: `defaultSandboxThreadScript()` looks for code-sandbox-thread.mjs beside
// the module that calls it, which in dist/ is this plain JavaScript bundle (no tsx needed).
await build({
  ...common,
  entryPoints: [path.join(root, 'src/tools/code-sandbox-worker.ts')],
  outfile: path.join(dist, 'code-sandbox-thread.mjs'),
});

// Declarations: TypeScript 7 emits them itself (tsconfig.build.json).
const tsc = path.join(
  path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')),
  'bin',
  'tsc',
);
const emitted = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (emitted.status !== 0) {
  console.error('tsc could not emit the declarations (see above).');
  process.exit(1);
}

// The source imports `./graph` (bundler resolution); Node-style resolution (`moduleResolution: node16`
// and later) in an ES module package needs `./graph.js` or `./graph/index.js`, so spell them out.
const types = path.join(dist, 'types');
const specifier = /(from\s+|import\()(['"])(\.{1,2}\/[^'"]*)\2/g;
function withExtension(file, relative) {
  const target = path.resolve(path.dirname(file), relative);
  if (existsSync(`${target}.d.ts`)) return `${relative}.js`;
  if (existsSync(path.join(target, 'index.d.ts'))) return `${relative}/index.js`;
  throw new Error(`${path.relative(root, file)}: cannot find the declarations of "${relative}"`);
}
function fixSpecifiers(directory) {
  for (const name of readdirSync(directory)) {
    const file = path.join(directory, name);
    if (statSync(file).isDirectory()) fixSpecifiers(file);
    else if (name.endsWith('.d.ts')) {
      const text = readFileSync(file, 'utf8');
      const fixed = text.replace(
        specifier,
        (_, before, quote, relative) => `${before}${quote}${withExtension(file, relative)}${quote}`,
      );
      if (fixed !== text) writeFileSync(file, fixed);
    }
  }
}
fixSpecifiers(types);
console.log(`@agentry/engine: built ${path.relative(root, dist)}/ (JavaScript and declarations)`);
