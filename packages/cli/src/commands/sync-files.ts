import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError, embedSettingsSchema, type EmbedSettings, parseGraphFile } from '@agentry/api';
import type { Graph, GraphProblem } from '@agentry/engine';
import { type EvalCase, parseCaseFile } from '@agentry/engine/evals';
import { CliError } from '../cli-error';
import { formatProblems } from './graph-files';

/** What a slug looks like (the server makes them so); file names must be one, so they cannot leave the folder. */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** One agent as its files in the folder hold it; `embed` and `cases` are undefined when their file is absent. */
export interface LocalAgent {
  slug: string;
  graph: Graph;
  embed?: EmbedSettings;
  cases?: EvalCase[];
}

/** What `pull` recorded: where from, and each agent's id and the draft revision pulled. */
export interface SyncState {
  version: 1;
  server: string;
  agents: { slug: string; id: string; revision: number }[];
}

/** The folder's files for one agent slug. */
export function agentFiles(dir: string, slug: string) {
  return {
    graph: path.join(dir, `${slug}.json`),
    embed: path.join(dir, `${slug}.embed.json`),
    cases: path.join(dir, `${slug}.cases.jsonl`),
  };
}

const statePath = (dir: string) => path.join(dir, '.agentry', 'state.json');

/** JSON as the folder keeps it: two-space indentation and a trailing newline, for readable diffs. */
export function jsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Writes a file whole or not at all (a temporary file renamed over it), so an interrupted pull leaves no half file. */
export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/** The state `pull` left in the folder, or undefined before the first pull. */
export function readState(dir: string): SyncState | undefined {
  const file = statePath(dir);
  if (!existsSync(file)) return undefined;
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as SyncState;
    if (value.version !== 1 || typeof value.server !== 'string' || !Array.isArray(value.agents))
      throw new Error('not a state file of this version');
    return value;
  } catch (error) {
    throw new CliError(`${file} is damaged (${(error as Error).message}); pull again to rewrite it.`);
  }
}

/** Writes the state with agents sorted by slug and keys in a fixed order, so it diffs cleanly in git. */
export function writeState(dir: string, state: SyncState): void {
  const agents = [...state.agents]
    .sort((a, b) => a.slug.localeCompare(b.slug))
    .map(({ slug, id, revision }) => ({ slug, id, revision }));
  writeFileAtomic(statePath(dir), jsonFile({ version: 1, server: state.server, agents }));
}

/** The slugs of the folder's graph files (`<slug>.json`, not `<slug>.embed.json`), and files misnamed. */
function graphFileNames(dir: string): { slugs: string[]; misnamed: string[] } {
  if (!existsSync(dir)) throw new CliError(`No folder ${dir}.`);
  const names = readdirSync(dir).filter(
    (name) => name.endsWith('.json') && !name.endsWith('.embed.json') && !name.startsWith('.'),
  );
  const slugs: string[] = [];
  const misnamed: string[] = [];
  for (const name of names.sort()) {
    const slug = name.slice(0, -'.json'.length);
    (SLUG.test(slug) ? slugs : misnamed).push(name);
  }
  return { slugs: slugs.map((name) => name.slice(0, -'.json'.length)), misnamed };
}

function readGraph(file: string, problems: string[]): Graph | undefined {
  try {
    const checked = parseGraphFile(readFileSync(file, 'utf8'));
    if (checked.problems.length === 0) return checked.graph;
    problems.push(`${file}: ${checked.problems.length} problem(s):\n${formatProblems(checked.problems)}`);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const listed = error.details?.problems as GraphProblem[] | undefined;
    problems.push(`${file}: ${error.message}${listed?.length ? `\n${formatProblems(listed)}` : ''}`);
  }
  return undefined;
}

function readEmbed(file: string, problems: string[]): EmbedSettings | undefined {
  if (!existsSync(file)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${file}: not valid JSON: ${(error as Error).message}`);
    return undefined;
  }
  const parsed = embedSettingsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map(
    (issue) => `  - ${issue.path.join('.') || 'settings'}: ${issue.message}`,
  );
  problems.push(`${file}: not valid embed settings:\n${lines.join('\n')}`);
  return undefined;
}

function readCases(file: string, problems: string[]): EvalCase[] | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = parseCaseFile(readFileSync(file, 'utf8'), 'jsonl');
  if (parsed.problems.length === 0) return parsed.cases;
  const lines = parsed.problems.slice(0, 10).map((problem) => `  - line ${problem.line}: ${problem.message}`);
  problems.push(`${file}: ${parsed.problems.length} case(s) not valid:\n${lines.join('\n')}`);
  return undefined;
}

/**
 * Reads and checks every agent in the folder. A file with problems is not returned; its problems are,
 * naming the file and the node, line or field, so a caller can refuse everything before changing anything.
 */
export function readFolder(dir: string): { agents: LocalAgent[]; problems: string[] } {
  const { slugs, misnamed } = graphFileNames(dir);
  const problems = misnamed.map(
    (name) =>
      `${path.join(dir, name)}: name a graph file after the agent's slug (lowercase letters, digits and dashes, e.g. support-bot.json).`,
  );
  const agents: LocalAgent[] = [];
  for (const slug of slugs) {
    const files = agentFiles(dir, slug);
    const before = problems.length;
    const graph = readGraph(files.graph, problems);
    const embed = readEmbed(files.embed, problems);
    const cases = readCases(files.cases, problems);
    if (graph && problems.length === before) agents.push({ slug, graph, embed, cases });
  }
  return { agents, problems };
}
