// Runs every benchmark and prints its figures. Benchmarks that drive the web app build it first.
// Usage: pnpm bench [name...]   (names: engine, knowledge, usage, canvas, preview, api)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const only = process.argv.slice(2);

/** [name, file relative to the root, needs a production build of the web app, Node flags]. */
const benches = [
  ['engine', 'packages/engine/bench/run.ts', false],
  // The knowledge services run PGlite in this process: with the flag `pnpm start` gives the server.
  ['knowledge', 'packages/api/bench/knowledge.bench.ts', false, ['--liftoff-only']],
  // A million runs on the embedded database, then the Usage page's queries on their rollups.
  ['usage', 'packages/api/bench/usage.bench.ts', false, ['--liftoff-only']],
  ['canvas', 'apps/web/bench/canvas.bench.ts', true],
  ['preview', 'apps/web/bench/preview.bench.ts', true],
  ['api', 'apps/web/bench/api-stream.bench.ts', true],
].filter(([name]) => only.length === 0 || only.includes(name));

let built = false;
let failed = 0;
for (const [name, file, needsBuild, flags = []] of benches) {
  const full = path.join(root, file);
  if (!existsSync(full)) {
    console.log(`\n=== ${name}: not present (${file}) ===`);
    continue;
  }
  if (needsBuild && !built) {
    console.log('\n=== building the web app ===');
    if (
      spawnSync('pnpm', ['--filter', '@agentry/web', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0
    )
      process.exit(1);
    built = true;
  }
  console.log(`\n=== ${name} (${file}) ===`);
  const result = spawnSync('pnpm', ['exec', 'tsx', '--expose-gc', ...flags, full], {
    cwd: path.dirname(full),
    stdio: 'inherit',
  });
  if (result.status !== 0) failed += 1;
}
process.exit(failed > 0 ? 1 : 0);
