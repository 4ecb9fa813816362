import { existsSync } from 'node:fs';
import {
  AppError,
  createRuntime,
  currentAgentGraph,
  environmentCredential,
  loadConfig,
  loadResumableRun,
  type Runtime,
  resumeRun,
  runEventsFromStart,
  startRun,
} from '@agentry/api';
import {
  createLanguageModel,
  createMemoryCheckpoints,
  createMemoryContext,
  createThreadCodeRunner,
  type EngineEvent,
  type Graph,
  type ResumeAnswer,
  type RunContext,
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
  /** Answers the question the last turn's run waits on; the run goes on (events after `afterSeq`). */
  answer(answer: ResumeAnswer, afterSeq: number, signal: AbortSignal): Promise<AsyncIterable<EngineEvent>>;
  close(): Promise<void>;
}

/** Only the events after `afterSeq` (a continued run's stream replays what came before). */
async function* after(events: AsyncIterable<EngineEvent>, afterSeq: number): AsyncGenerator<EngineEvent> {
  for await (const event of events) if (event.seq > afterSeq) yield event;
}

/**
 * What a graph file runs with, in memory and without the database: the environment's provider keys
 * and code tools on worker threads. `close` stops the threads.
 */
export function fileRunContext(): { context: RunContext; close: () => Promise<void> } {
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
  return { context, close: async () => codeRunner.close() };
}

/** A graph file that can run; one with problems is refused with every problem listed. */
export function runnableGraphFile(file: string): Graph {
  const { graph, problems } = readGraphFile(file);
  if (problems.length > 0) {
    const list = problems.map((problem) => `  - [${problem.code}] ${problem.message}`).join('\n');
    throw new CliError(`${file} cannot run:\n${list}`);
  }
  return graph;
}

function fileTarget(file: string): RunTarget {
  const graph = runnableGraphFile(file);
  const { context, close } = fileRunContext();
  // A waiting run continues from its checkpoint, kept in memory for this chat.
  const checkpoints = createMemoryCheckpoints({ keepHistory: false });
  let last: { runId: string; message: string } | undefined;
  return {
    label: file,
    turn: async (message, signal) => {
      last = { runId: crypto.randomUUID(), message };
      return runGraph({
        graph,
        input: { message },
        context: { ...context, signal },
        runId: last.runId,
        checkpoints,
      });
    },
    answer: async (answer, _afterSeq, signal) => {
      const checkpoint = last && checkpoints.latest(last.runId);
      if (!last || !checkpoint) throw new CliError('Nothing is waiting for an answer.');
      return runGraph({
        graph,
        input: { message: last.message },
        context: { ...context, signal },
        checkpoints,
        resumeFrom: checkpoint,
        resumeWith: answer,
      });
    },
    close,
  };
}

async function agentTarget(idOrSlug: string, workspace: string | undefined): Promise<RunTarget> {
  let runtime: Runtime;
  runtime = await createRuntime(loadConfig(), { purpose: 'cli chat' });
  try {
    const actor = await cliActor(runtime, workspace);
    const agent = await currentAgentGraph(runtime, actor.workspaceId, idOrSlug);
    const graph = agent.graph as Graph;
    const label = `${agent.name} (${agent.version === null ? 'draft' : `version ${agent.version}`})`;
    let conversationId: string | undefined;
    let runId: string | undefined;
    return {
      label,
      async turn(message, signal) {
        const run = await startRun(runtime, {
          workspaceId: actor.workspaceId,
          agentId: agent.agentId,
          graph,
          versionId: agent.versionId,
          source: 'cli',
          conversationId,
          message,
          signal,
        });
        conversationId = run.conversationId;
        runId = run.runId;
        return run.events;
      },
      // The run is stored: continue it as the server does (from its checkpoint), then follow it.
      async answer(answer, afterSeq, signal) {
        const stored = runId ? await loadResumableRun(runtime, runId) : undefined;
        if (!stored) throw new CliError('Nothing is waiting for an answer.');
        try {
          await resumeRun(runtime, stored, answer);
        } catch (error) {
          throw error instanceof AppError ? new CliError(error.message) : error;
        }
        return after(runEventsFromStart(runtime, stored.id, signal, afterSeq), afterSeq);
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
