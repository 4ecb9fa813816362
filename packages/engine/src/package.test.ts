// The engine and the widget as installable packages: both are built and packed (`pnpm pack`, so
// publishConfig points them at dist/), installed with `npm install --offline` into an empty project in the
// system's temp directory (outside the monorepo: no workspace, no source, no tsx), and used from there.
// Offline, their third-party dependencies come from the workspace's own installed copies (file: links),
// so only what the tarballs hold is @agentry code; an import of anything undeclared fails to resolve.
import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const engineDir = path.resolve(import.meta.dirname, '..');
const widgetDir = path.resolve(engineDir, '../widget');
const repoRoot = path.resolve(engineDir, '../..');

/** The five-line program of docs/engine.md, unchanged. */
const FIVE_LINES = `import { readFileSync } from 'node:fs';
import { collectRun, createMemoryContext, runGraph } from '@agentry/engine';
const graph = JSON.parse(readFileSync('chatbot.json', 'utf8'));
const run = await collectRun(runGraph({ graph, input: { message: 'What can you do?' }, context: createMemoryContext() }));
console.log(run.answer);
`;

/** The Code tool's worker threads from dist/ (plain JavaScript: this project has no tsx). */
const CODE_THREAD = `import { createThreadCodeRunner } from '@agentry/engine';
const runCode = createThreadCodeRunner({ size: 1 });
console.log(JSON.stringify(await runCode('return input.a * input.b;', { input: { a: 6, b: 7 }, timeoutMs: 10000 })));
runCode.close();
`;

/** Type-checked under Node's own resolution: the declarations resolve, and they are not \`any\`. */
const TYPED = `import { defaultNodeRegistry, validateGraph, type Graph } from '@agentry/engine/graph';
import { evalCaseSchema } from '@agentry/engine/evals';
import { runGraph } from '@agentry/engine';
import type { AgentryApi } from '@agentry/widget';
export const check = (graph: Graph): boolean => validateGraph(graph, defaultNodeRegistry).ok && evalCaseSchema.safeParse({}).success;
// @ts-expect-error runGraph needs a request
runGraph();
export const api: AgentryApi | undefined = undefined;
`;

/** A bundling site: happy-dom as the page, then \`import '@agentry/widget'\` defines <agentry-chat>. */
const WIDGET_PAGE = `import { Window } from 'happy-dom';
const page = new Window({ url: 'https://shop.example/' });
for (const name of ['window', 'document', 'customElements', 'HTMLElement', 'HTMLTextAreaElement', 'location',
  'navigator', 'localStorage', 'sessionStorage', 'CSS', 'Event', 'CustomEvent', 'KeyboardEvent', 'Node',
  'getComputedStyle', 'requestAnimationFrame', 'MutationObserver'])
  Object.defineProperty(globalThis, name, { value: page[name], configurable: true, writable: true });
const asked = [];
globalThis.fetch = async (url) => {
  asked.push(String(url));
  return Response.json({ title: 'Shop help', avatarUrl: '', primaryColor: '#112233', primaryTextColor: '#ffffff',
    backgroundColor: '#ffffff', textColor: '#000000', position: 'bottom-right', welcomeMessage: 'Hi! Ask me.',
    starterPrompts: ['Where is my order?'], placeholder: 'Ask…', voiceInput: false, readAloud: false });
};
await import('@agentry/widget');
const element = document.createElement('agentry-chat');
element.setAttribute('agent', 'ag_shop');
element.setAttribute('base', 'https://agentry.example');
document.body.append(element);
const title = () => element.shadowRoot?.querySelector('#title')?.textContent;
for (let tries = 0; tries < 100 && title() !== 'Shop help'; tries++) await new Promise((r) => setTimeout(r, 20));
console.log(JSON.stringify({ defined: typeof customElements.get('agentry-chat'), title: title(),
  starter: element.shadowRoot?.querySelector('.starters button')?.textContent, asked,
  script: import.meta.resolve('@agentry/widget/widget.js') }));
await page.happyDOM.abort();
page.close();
`;

/** Runs a command; fails the test with its output when it exits non-zero. */
function run(command: string, args: string[], options: SpawnSyncOptions & { cwd: string }): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000, ...options });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${options.cwd}) failed: ${result.error?.message ?? ''}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return String(result.stdout);
}

/** pnpm, as the pnpm running this test was started (a script or a binary), else from PATH. */
function pnpm(args: string[], cwd: string): string {
  const execPath = process.env.npm_execpath ?? '';
  if (!path.basename(execPath).startsWith('pnpm')) return run('pnpm', args, { cwd });
  return /\.[cm]?js$/.test(execPath)
    ? run(process.execPath, [execPath, ...args], { cwd })
    : run(execPath, args, { cwd });
}

/** Builds and packs a package into `destination`; returns the tarball's path. */
function buildAndPack(dir: string, destination: string): string {
  run(process.execPath, ['build.mjs'], { cwd: dir });
  const before = new Set(readdirSync(destination));
  pnpm(['pack', '--pack-destination', destination], dir);
  const tarball = readdirSync(destination).find((name) => !before.has(name) && name.endsWith('.tgz'));
  if (!tarball) throw new Error(`pnpm pack wrote no tarball for ${dir}`);
  return path.join(destination, tarball);
}

/** `file:` links to the workspace's installed copy of each package (resolved from `from`). */
function installedLinks(names: string[], from: string): Record<string, string> {
  return Object.fromEntries(
    names.map((name) => [name, `file:${realpathSync(path.join(from, 'node_modules', name))}`]),
  );
}

describe('@agentry/engine and @agentry/widget as packages', () => {
  let work: string;
  let project: string;
  const node = (args: string[]) => run(process.execPath, args, { cwd: project });

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'agentry-pack-'));
    project = path.join(work, 'project');
    const engineTarball = buildAndPack(engineDir, work);
    const widgetTarball = buildAndPack(widgetDir, work);
    const manifest = JSON.parse(readFileSync(path.join(engineDir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    mkdirSync(project);
    writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({
        name: 'my-program',
        private: true,
        type: 'module',
        dependencies: {
          '@agentry/engine': `file:${engineTarball}`,
          '@agentry/widget': `file:${widgetTarball}`,
          ...installedLinks(Object.keys(manifest.dependencies), engineDir),
          ...installedLinks(['happy-dom'], widgetDir),
          ...installedLinks(['typescript', '@types/node'], engineDir),
        },
      }),
    );
    // npm under this Node (22+), with none of pnpm's npm_* settings (they name the engine as the prefix).
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_/i.test(key)));
    env.PATH = `${path.dirname(process.execPath)}${path.delimiter}${env.PATH ?? ''}`;
    env.npm_config_cache = path.join(work, 'npm-cache');
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: project,
      env,
    });
    copyFileSync(path.join(repoRoot, 'examples/chatbot.json'), path.join(project, 'chatbot.json'));
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('installs the tarballs: dist/ JavaScript and declarations, no TypeScript source, no @agentry dependency', () => {
    const engine = path.join(project, 'node_modules/@agentry/engine');
    expect(realpathSync(engine).startsWith(realpathSync(project))).toBe(true); // copied in, not linked
    const manifest = JSON.parse(readFileSync(path.join(engine, 'package.json'), 'utf8'));
    expect(manifest.exports['.']).toEqual({ types: './dist/types/index.d.ts', import: './dist/index.js' });
    expect(Object.keys(manifest.exports)).toEqual([
      '.',
      './graph',
      './evals',
      './provider-calls',
      './sandbox-worker',
      './package.json',
    ]);
    // The Code tool's worker, for a host that bundles its own threads: the plain JavaScript bundle.
    expect(manifest.exports['./sandbox-worker']).toBe('./dist/code-sandbox-thread.mjs');
    expect(Object.keys(manifest.dependencies).filter((name) => name.startsWith('@agentry/'))).toEqual([]);
    expect(readdirSync(engine).sort()).toEqual(['README.md', 'dist', 'package.json']);
    const files = readdirSync(path.join(engine, 'dist'), { recursive: true }).map(String);
    expect(files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
    expect(files).toContain('code-sandbox-thread.mjs');
  });

  it('runs examples/chatbot.json on the offline model with the five-line program of docs/engine.md', () => {
    const docs = readFileSync(path.join(repoRoot, 'docs/engine.md'), 'utf8');
    expect(docs).toContain(FIVE_LINES);
    writeFileSync(path.join(project, 'main.mjs'), FIVE_LINES);
    expect(node(['main.mjs'])).toBe(
      '[Offline model] You said: "What can you do?". Add a model provider for real answers.\n',
    );
  });

  it('runs the Code tool on worker threads from dist/, without tsx', () => {
    writeFileSync(path.join(project, 'code.mjs'), CODE_THREAD);
    expect(JSON.parse(node(['code.mjs']))).toEqual({ result: 42, logs: [] });
  });

  it('type-checks a program against the declarations under moduleResolution nodenext', () => {
    writeFileSync(path.join(project, 'typed.ts'), TYPED);
    writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2023',
          lib: ['es2023', 'dom'],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
        },
        files: ['typed.ts'],
      }),
    );
    node([path.join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);
  });

  it('defines <agentry-chat> when a bundling site imports @agentry/widget, and the element renders', () => {
    writeFileSync(path.join(project, 'widget.mjs'), WIDGET_PAGE);
    const page = JSON.parse(node(['widget.mjs']));
    expect(page).toMatchObject({ defined: 'function', title: 'Shop help', starter: 'Where is my order?' });
    expect(page.asked).toEqual(['https://agentry.example/api/public/agents/ag_shop/config']);
    expect(page.script).toMatch(/node_modules\/@agentry\/widget\/dist\/widget\.js$/);
  });
});
