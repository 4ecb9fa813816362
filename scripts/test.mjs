// Runs every test suite: unit and integration tests of each package, then the end-to-end tests in
// Chromium against a production build. Prints one closing line with the totals.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const reports = mkdtempSync(path.join(tmpdir(), 'agentry-test-'));
const only = process.argv.slice(2);

/** Suites in the order they run: [name, directory, vitest config or undefined, needs a web build]. */
const suites = [
  ['engine', 'packages/engine'],
  ['db', 'packages/db'],
  ['api', 'packages/api'],
  ['cli', 'packages/cli'],
  ['widget', 'packages/widget'],
  ['web', 'apps/web'],
  ['web e2e', 'apps/web', 'vitest.e2e.config.ts', true],
].filter(([name]) => only.length === 0 || only.some((word) => name.includes(word)));

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: process.env });
  return result.status ?? 1;
}

let passed = 0;
let failed = 0;
let skipped = 0;
const broken = [];
for (const [name, dir, config, needsBuild] of suites) {
  console.log(`\n=== ${name} ===`);
  if (needsBuild && run('pnpm', ['--filter', '@agentry/web', 'build'], root) !== 0) {
    broken.push(`${name} (build failed)`);
    failed += 1;
    continue;
  }
  const report = path.join(reports, `${name.replace(/\W+/g, '-')}.json`);
  const args = [
    'exec',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ];
  if (config) args.push('--config', config);
  const status = run('pnpm', args, path.join(root, dir));
  if (existsSync(report)) {
    const summary = JSON.parse(readFileSync(report, 'utf8'));
    passed += summary.numPassedTests;
    failed += summary.numFailedTests;
    skipped += summary.numPendingTests + summary.numTodoTests;
    if (status !== 0 && summary.numFailedTests === 0) {
      failed += 1;
      broken.push(`${name} (a suite failed to load)`);
    }
  } else {
    failed += 1;
    broken.push(`${name} (no report)`);
  }
  if (status !== 0) broken.push(name);
}

if (broken.length) console.log(`\nFailing: ${[...new Set(broken)].join(', ')}`);
console.log(`\nAgentry: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || broken.length > 0 ? 1 : 0);
