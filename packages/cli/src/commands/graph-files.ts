import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError, createAgent, getAgent, parseGraphFile, serializeGraph, checkGraph } from '@agentry/api';
import type { GraphProblem } from '@agentry/engine';
import { CliError } from '../cli-error';
import { withRuntime } from '../open-runtime';
import { cliActor } from '../workspace';

/** Formats graph problems one per line, naming the node, port or edge. */
export function formatProblems(problems: readonly GraphProblem[]): string {
  return problems
    .map((problem) => {
      const where = [
        problem.nodeId && `node ${problem.nodeId}`,
        problem.portId && `port ${problem.portId}`,
        problem.edgeId && `edge ${problem.edgeId}`,
      ]
        .filter(Boolean)
        .join(', ');
      return `  - [${problem.code}]${where ? ` ${where}:` : ''} ${problem.message}`;
    })
    .join('\n');
}

/** Reads and checks a graph file; refuses it with every problem listed. */
export function readGraphFile(file: string) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return parseGraphFile(text);
  } catch (error) {
    if (error instanceof AppError) {
      const problems = error.details?.problems as GraphProblem[] | undefined;
      throw new CliError(
        `${file}: ${error.message}${problems?.length ? `\n${formatProblems(problems)}` : ''}`,
      );
    }
    throw error;
  }
}

/** `agentry import <graph.json> [--name NAME]`: creates an agent from a graph file; a graph with problems changes nothing. */
export async function importCommand(
  file: string | undefined,
  options: { name?: string; workspace?: string },
): Promise<void> {
  if (!file) throw new CliError('Usage: agentry import <graph.json> [--name NAME]');
  const { graph, problems } = readGraphFile(file);
  if (problems.length > 0) {
    throw new CliError(
      `${file} has ${problems.length} problem(s); nothing was imported:\n${formatProblems(problems)}`,
    );
  }
  const name = options.name?.trim() || path.basename(file).replace(/(\.agentry)?\.json$/i, '');
  await withRuntime('import', async (runtime) => {
    const actor = await cliActor(runtime, options.workspace);
    const agent = await createAgent(runtime, actor, { name, graph });
    console.error(`Imported "${agent.name}" (slug ${agent.slug}).`);
    console.log(agent.id);
  });
}

/** `agentry export <agent-id|slug> [--out FILE]`: writes the agent's draft graph as JSON. */
export async function exportCommand(
  idOrSlug: string | undefined,
  options: { out?: string; workspace?: string },
): Promise<void> {
  if (!idOrSlug) throw new CliError('Usage: agentry export <agent-id|slug> [--out FILE]');
  await withRuntime('export', async (runtime) => {
    const actor = await cliActor(runtime, options.workspace);
    const agent = await getAgent(runtime, actor.workspaceId, idOrSlug).catch((error: unknown) => {
      throw error instanceof AppError ? new CliError(error.message) : error;
    });
    const text = serializeGraph(checkGraph(agent.draftGraph).graph);
    if (options.out) {
      writeFileSync(options.out, text);
      console.error(`Wrote ${options.out}.`);
    } else process.stdout.write(text);
  });
}
