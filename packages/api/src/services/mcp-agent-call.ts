import type { ApprovalRequest, EngineEvent, LanguageModelFactory } from '@agentry/engine';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { ProgressStream } from './mcp-progress';
import { publishedVersionGraph } from './agent-graphs';
import { startRun } from './runs';
import { logger } from '../logging/process-logger';

/** A knowledge source the answer drew on, as the agent's knowledge tool returned it. */
export interface McpAnswerSource {
  /** The number the answer cites it by, [1], [2]… */
  index: number;
  documentName: string;
  heading: string;
  excerpt: string;
}

/** `structuredContent` of a call: what the run answered, and where to find it again. */
export interface McpAnswer {
  [key: string]: unknown;
  /** `waiting`: the run stopped for a person's answer (see the text for how to resume it). */
  status: 'succeeded' | 'waiting';
  answer: string;
  sources: McpAnswerSource[];
  conversationId: string;
  runId: string;
}

/** Which agent a call runs (its published version) and for whom. */
export interface McpCallTarget {
  workspaceId: string;
  agentId: string;
  agentName: string;
  versionId: string;
  /** The API key that called, recorded as the run's actor. */
  apiKeyId: string;
  languageModels?: LanguageModelFactory;
}

/** A tool call's arguments. */
export interface McpCallArguments {
  message: string;
  conversationId?: string;
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

function toolError(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/** Gathers the numbered sources of the knowledge tool results of a run (each passage once). */
class SourceCollector {
  readonly sources: McpAnswerSource[] = [];
  private seen = new Set<string>();

  add(output: unknown): void {
    const list = (output as { sources?: unknown } | null)?.sources;
    if (!Array.isArray(list)) return;
    for (const item of list.slice(0, 50)) {
      const source = item as Record<string, unknown>;
      if (typeof source.documentName !== 'string') continue;
      const entry: McpAnswerSource = {
        index: typeof source.index === 'number' ? source.index : this.sources.length + 1,
        documentName: source.documentName,
        heading: typeof source.heading === 'string' ? source.heading : '',
        excerpt: typeof source.excerpt === 'string' ? source.excerpt : '',
      };
      const id = JSON.stringify([entry.documentName, entry.heading, entry.excerpt]);
      if (this.seen.has(id)) continue;
      this.seen.add(id);
      this.sources.push(entry);
    }
  }
}

/** The answer, then its sources as a list an MCP client shows as text (unless the answer lists them). */
function answerText(answer: string, sources: readonly McpAnswerSource[]): string {
  if (sources.length === 0 || /^Sources:$/m.test(answer)) return answer;
  const lines = sources.map(
    (source) => `- [${source.index}] ${source.documentName}${source.heading ? ` — ${source.heading}` : ''}`,
  );
  return `${answer}\n\nSources:\n${lines.join('\n')}`;
}

/** What a client is told about a run that waits for a person, and how to go on. */
function waitingText(runId: string, request: ApprovalRequest): string {
  return [
    `The run is waiting for a person to answer: "${request.message}"`,
    `Run id: ${runId}. An editor answers it on the Approvals page of Agentry, or with POST /api/v1/runs/${runId}/resume; GET /api/v1/runs/${runId} shows its status and, once it has finished, its answer.`,
  ].join('\n');
}

/**
 * Runs an agent's published version for one MCP tool call, as a recorded run (source `mcp`, the key
 * as its actor): streams the answer as progress notifications when the client asked for them, and
 * returns the answer with its knowledge sources. `extra.signal` (the client cancelled, or went away)
 * cancels the run. Agent errors are tool errors; a run that waits for a person is not an error: the
 * text says how to resume it.
 */
export async function callAgentTool(
  runtime: Runtime,
  target: McpCallTarget,
  args: McpCallArguments,
  extra: Extra,
): Promise<CallToolResult> {
  const token = extra._meta?.progressToken;
  const progress =
    token === undefined ? undefined : new ProgressStream(token, (note) => extra.sendNotification(note));
  let run: Awaited<ReturnType<typeof startRun>>;
  try {
    const graph = await publishedVersionGraph(runtime, target.versionId);
    run = await startRun(runtime, {
      workspaceId: target.workspaceId,
      agentId: target.agentId,
      graph,
      versionId: target.versionId,
      source: 'mcp',
      apiKeyId: target.apiKeyId,
      conversationId: args.conversationId,
      message: args.message,
      signal: extra.signal,
      languageModels: target.languageModels,
    });
  } catch (error) {
    return failure(error, 'starting the run');
  }
  const sources = new SourceCollector();
  const answerOf = (status: McpAnswer['status'], answer: string): McpAnswer => ({
    status,
    answer,
    sources: sources.sources,
    conversationId: run.conversationId,
    runId: run.runId,
  });
  try {
    for await (const event of run.events as AsyncIterable<EngineEvent>) {
      if (event.type === 'node-delta' && event.feedsAnswer) progress?.push(event.delta);
      else if (event.type === 'tool-result' && !event.isError) sources.add(event.output);
      else if (event.type === 'run-end') {
        await progress?.flush();
        const structured = answerOf('succeeded', event.answer);
        return {
          content: [{ type: 'text', text: answerText(event.answer, structured.sources) }],
          structuredContent: structured,
        };
      } else if (event.type === 'run-waiting') {
        await progress?.flush();
        return {
          content: [{ type: 'text', text: waitingText(run.runId, event.request) }],
          structuredContent: answerOf('waiting', ''),
        };
      } else if (event.type === 'run-error') {
        progress?.stop();
        return toolError(
          event.code === 'aborted'
            ? 'The run was cancelled.'
            : `The agent "${target.agentName}" failed: ${event.message} (code ${event.code}, run ${run.runId})`,
        );
      }
    }
  } catch (error) {
    return failure(error, `running ${run.runId}`);
  } finally {
    progress?.stop();
  }
  // A queued run stops reading without an outcome when the call is cancelled.
  return toolError('The run was cancelled.');
}

/** A tool error for something thrown: an AppError's message as it is, anything else only logged. */
function failure(error: unknown, doing: string): CallToolResult {
  if (error instanceof AppError) return toolError(error.message);
  logger().error({ err: error, doing }, 'An MCP tool call failed unexpectedly');
  return toolError('Something went wrong on the server; the agent did not answer.');
}
