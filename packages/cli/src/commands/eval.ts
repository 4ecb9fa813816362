import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { AppError, getAgent, runAgentEval } from '@agentry/api';
import {
  type CaseResult,
  caseTurn,
  collectRun,
  createModelJudge,
  EVAL_LIMITS,
  type EvalCase,
  type Graph,
  type Judge,
  type JudgeFor,
  type JudgeModel,
  offlineJudge,
  outcomeFromEvents,
  parseCaseFile,
  type RunContext,
  runEvalCases,
  runGraph,
  toJUnitXml,
} from '@agentry/engine';
import { CliError } from '../cli-error';
import { withRuntime } from '../open-runtime';
import { fileRunContext, runnableGraphFile } from '../run-target';
import { cliActor } from '../workspace';

/** Options of `agentry eval`. */
export interface EvalOptions {
  cases?: string;
  junit?: string;
  concurrency?: string;
  judge?: string;
  draft?: boolean;
  workspace?: string;
}

/** Exit statuses: every case passed, a case failed, the eval could not run. */
const EXIT = { passed: 0, failed: 1, couldNotRun: 2 } as const;
const USAGE =
  'Usage: agentry eval <graph.json|agent> [--cases cases.jsonl] [--junit out.xml] [--concurrency N] [--judge provider:model] [--draft]';

function parseConcurrency(value: string | undefined): number {
  if (value === undefined) return 4;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > EVAL_LIMITS.maxConcurrency)
    throw new CliError(
      `--concurrency takes a whole number from 1 to ${EVAL_LIMITS.maxConcurrency}, not "${value}".`,
    );
  return number;
}

/** `--judge openai:gpt-4.1-mini` (the model may hold colons, as Ollama's tags do); `offline` alone too. */
function parseJudge(value: string | undefined): JudgeModel | undefined {
  if (value === undefined) return undefined;
  const split = value.indexOf(':');
  const provider = (split === -1 ? value : value.slice(0, split)).trim();
  const model = split === -1 ? '' : value.slice(split + 1).trim();
  if (!provider || (provider !== 'offline' && !model))
    throw new CliError(`--judge takes provider:model (e.g. openai:gpt-4.1-mini) or offline, not "${value}".`);
  return { provider, model };
}

/** Reads a case file (JSONL, or CSV by its extension); every problem is listed with its line. */
function readCases(file: string): EvalCase[] {
  if (!existsSync(file))
    throw new CliError(`No case file ${file}. Write one (one JSON case a line) or pass --cases FILE.`);
  const size = statSync(file).size;
  if (size > EVAL_LIMITS.maxFileBytes)
    throw new CliError(
      `${file} is ${(size / 1024 / 1024).toFixed(1)} MB; a case file may have at most ${EVAL_LIMITS.maxFileBytes / 1024 / 1024} MB.`,
    );
  const format = file.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl';
  const { cases, problems } = parseCaseFile(readFileSync(file, 'utf8'), format);
  if (problems.length > 0) {
    const shown = problems.slice(0, 20).map((problem) => `  ${file}:${problem.line}: ${problem.message}`);
    const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
    throw new CliError(`${file} has problems:\n${shown.join('\n')}${more}`);
  }
  if (cases.length === 0) throw new CliError(`${file} has no cases.`);
  return cases;
}

/** The judges of a file eval: an expectation's model or --judge; none, or `offline`, is the offline judge. */
function fileJudgeFor(context: RunContext, judge: JudgeModel | undefined): JudgeFor {
  const judges = new Map<string, Judge>();
  const build = (model: JudgeModel): Judge => {
    if (model.provider === 'offline') return offlineJudge;
    const key = `${model.provider}:${model.model}`;
    let made = judges.get(key);
    if (!made) {
      made = createModelJudge(context.languageModels!({ provider: model.provider, model: model.model }), key);
      judges.set(key, made);
    }
    return made;
  };
  // A wrong --judge is found before any case runs, not once per judged case.
  if (judge) build(judge);
  return (model) => {
    const chosen = model ?? judge;
    return chosen ? build(chosen) : offlineJudge;
  };
}

/** Runs the cases on a graph file in memory, as `agentry run` does: no database, one conversation a case. */
async function evalGraphFile(
  file: string,
  options: EvalOptions,
  signal: AbortSignal,
): Promise<{ suite: string; results: CaseResult[] }> {
  const graph: Graph = runnableGraphFile(file);
  const casesFile = options.cases ?? `${file.replace(/\.json$/i, '')}.cases.jsonl`;
  const cases = readCases(casesFile);
  const concurrency = parseConcurrency(options.concurrency);
  const { context, close } = fileRunContext();
  try {
    const judgeFor = fileJudgeFor(context, parseJudge(options.judge));
    console.log(`Running ${cases.length} case${cases.length === 1 ? '' : 's'} of ${casesFile} on ${file}…`);
    const results = await runEvalCases({
      cases,
      concurrency,
      judgeFor,
      signal,
      runCase: async (evalCase, _index, caseSignal) => {
        const { message, history } = caseTurn(evalCase.input);
        const started = performance.now();
        const run = await collectRun(
          runGraph({
            graph,
            input: { message, history },
            context: { ...context, conversationId: crypto.randomUUID(), signal: caseSignal },
          }),
        );
        return { outcome: outcomeFromEvents(run.events, { latencyMs: performance.now() - started }) };
      },
    });
    return { suite: file, results };
  } finally {
    await close();
  }
}

/** Runs an agent's stored cases (or a case file) through the API, recorded like a Tests-tab run. */
async function evalAgent(
  idOrSlug: string,
  options: EvalOptions,
  signal: AbortSignal,
): Promise<{ suite: string; results: CaseResult[] }> {
  const cases = options.cases === undefined ? undefined : readCases(options.cases);
  const concurrency = options.concurrency === undefined ? undefined : parseConcurrency(options.concurrency);
  const judge = parseJudge(options.judge);
  return withRuntime('eval', async (runtime) => {
    const actor = await cliActor(runtime, options.workspace);
    const agent = await getAgent(runtime, actor.workspaceId, idOrSlug);
    const draft = options.draft || !agent.publishedVersionId;
    console.log(
      `Running the ${cases ? `cases of ${options.cases}` : 'stored cases'} on ${agent.name} (${draft ? 'draft' : 'published version'})…`,
    );
    const { results } = await runAgentEval(runtime, actor, {
      agentId: agent.id,
      target: draft ? 'draft' : 'published',
      cases,
      concurrency,
      judge,
      signal,
    });
    return { suite: agent.name, results };
  });
}

function cell(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/** The results as a table: one row a case, its failed expectations (or error) indented below it. */
export function resultTable(results: readonly CaseResult[]): string[] {
  const width = Math.min(40, Math.max(4, ...results.map((result) => result.name.length)));
  const lines = [`  ${cell('Case', width)}  Result  ${'Latency'.padStart(9)}  ${'Tokens'.padStart(7)}`];
  for (const result of results) {
    const status = result.error !== undefined ? 'ERROR' : result.passed ? 'PASS' : 'FAIL';
    const latency = `${Math.round(result.outcome.latencyMs)} ms`;
    const tokens = String(result.outcome.tokens.input + result.outcome.tokens.output);
    lines.push(
      `  ${cell(result.name, width)}  ${status.padEnd(6)}  ${latency.padStart(9)}  ${tokens.padStart(7)}`,
    );
    if (result.error !== undefined) lines.push(`      ${result.error.split('\n')[0]}`);
    for (const expectation of result.expectations) {
      if (!expectation.passed) lines.push(`      ${expectation.kind}: ${expectation.message}`);
    }
  }
  return lines;
}

/**
 * `agentry eval <graph.json|agent>`: runs test cases and prints a table and a summary; writes a JUnit
 * report with --junit. Exits 0 when every case passed, 1 when one failed, 2 when the eval could not run.
 */
export async function evalCommand(target: string | undefined, options: EvalOptions): Promise<number> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  try {
    if (!target) throw new CliError(USAGE);
    const isFile = existsSync(target) || target.toLowerCase().endsWith('.json');
    const { suite, results } = isFile
      ? await evalGraphFile(target, options, controller.signal)
      : await evalAgent(target, options, controller.signal);
    for (const line of resultTable(results)) console.log(line);
    const passed = results.filter((result) => result.passed).length;
    const failed = results.length - passed;
    console.log(`${passed} passed, ${failed} failed of ${results.length}`);
    if (options.junit) {
      try {
        writeFileSync(options.junit, toJUnitXml({ name: suite, results }));
      } catch (error) {
        throw new CliError(`Cannot write the JUnit report ${options.junit}: ${(error as Error).message}`);
      }
      console.log(`JUnit report: ${options.junit}`);
    }
    return failed === 0 ? EXIT.passed : EXIT.failed;
  } catch (error) {
    const message = controller.signal.aborted
      ? 'Cancelled.'
      : error instanceof Error
        ? error.message
        : String(error);
    console.error(`agentry eval: ${message}`);
    if (
      !(error instanceof CliError || error instanceof AppError) &&
      error instanceof Error &&
      process.env.AGENTRY_DEBUG
    )
      console.error(error.stack);
    return EXIT.couldNotRun;
  } finally {
    process.off('SIGINT', stop);
  }
}
