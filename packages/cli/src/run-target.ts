import { existsSync } from 'node:fs';
import {
  AppError,
  createRuntime,
  environmentCredential,
  getAgent,
  loadConfig,
  type Runtime,
  startRun,
} from '@agentry/api';
import { schema } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import {
  createLanguageModel,
  createMemoryContext,
  createThreadCodeRunner,
  type EngineEvent,
  type Graph,
  runGraph,
} from '@agentry/engine';
import { CliError } from './cli-error';
import { readGraphFile } from './commands/graph-files';
import { cliActor } from './workspace';

/** Something the CLI can send messages to: a graph file (in memory) or a saved agent (recorded in the database). */
export interface RunTarget {
  label: string;
  /** Runs one turn; the target keeps the conversation between turns. */
  turn(message: string, signal: AbortSignal): Promise<AsyncIterable<EngineEvent>>;
  close(): Promise<void>;
}

function fileTarget(file: string): RunTarget {
  const { graph, problems } = readGraphFile(file);
  if (problems.length > 0) {
    const list = problems.map((problem) => `  - [${problem.code}] ${problem.message}`).join('\n');
    throw new CliError(`${file} cannot run:\n${list}`);
  }
  const config = loadConfig();
  // Code tools run on worker threads, as on the server: in-process a busy loop would freeze the terminal.
  // One user, nobody to share with: this run may use every thread.
  const codeRunner = createThreadCodeRunner({ size: config.codeThreads, perKeyLimit: config.codeThreads });
  const context = createMemoryContext({
    conversationId: crypto.randomUUID(),
    runCode: codeRunner,
    languageModels: (request, credential) =>
      createLanguageModel(
        request as Parameters<typeof createLanguageModel>[0],
        credential ?? environmentCredential(config, request.provider),
      ),
  });
  return {
    label: file,
    turn: async (message, signal) => runGraph({ graph, input: { message }, context: { ...context, signal } }),
    close: async () => codeRunner.close(),
  };
}

async function agentTarget(idOrSlug: string, workspace: string | undefined): Promise<RunTarget> {
  let runtime: Runtime;
  runtime = await createRuntime(loadConfig(), { purpose: 'cli chat' });
  try {
    const actor = await cliActor(runtime, workspace);
    const agent = await getAgent(runtime, actor.workspaceId, idOrSlug);
    let graph = agent.draftGraph as Graph;
    let label = `${agent.name} (draft)`;
    if (agent.publishedVersionId) {
      const [version] = await runtime.db
        .select()
        .from(schema.agentVersions)
        .where(eq(schema.agentVersions.id, agent.publishedVersionId));
      if (version) {
        graph = version.graph as Graph;
        label = `${agent.name} (version ${version.version})`;
      }
    }
    let conversationId: string | undefined;
    return {
      label,
      async turn(message, signal) {
        const run = await startRun(runtime, {
          workspaceId: actor.workspaceId,
          agentId: agent.id,
          graph,
          versionId: agent.publishedVersionId,
          source: 'cli',
          conversationId,
          message,
          signal,
        });
        conversationId = run.conversationId;
        return run.events;
      },
      close: () => runtime.database.close(),
    };
  } catch (error) {
    await runtime.database.close();
    throw error instanceof AppError ? new CliError(error.message) : error;
  }
}

/** A graph file path runs in memory with no database; anything else is an agent id or slug. */
export function openRunTarget(target: string | undefined, workspace?: string): Promise<RunTarget> {
  if (!target) throw new CliError('Name a graph file (e.g. examples/chatbot.json) or an agent id.');
  if (existsSync(target) || target.endsWith('.json')) return Promise.resolve(fileTarget(target));
  return agentTarget(target, workspace);
}
