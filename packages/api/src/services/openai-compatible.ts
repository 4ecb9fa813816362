import { agents } from '@agentry/db';
import { and, asc, eq, inArray, isNotNull } from '@agentry/db/drizzle';
import type { ChatMessage, EngineEvent, LanguageModelFactory, TokenUsage } from '@agentry/engine';
import { z } from 'zod';
import { AppError } from '../errors';
import { holdStream } from '../metrics/streams';
import type { Runtime } from '../runtime';
import { MAX_MESSAGE_CHARS, STREAM_HEADERS } from './chat';
import { startRun } from './runs';

const contentPart = z.looseObject({ type: z.string(), text: z.string().optional() });
const chatCompletionMessage = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(contentPart).max(100), z.null()]).optional(),
});

/** The body of `POST /api/v1/chat/completions` (OpenAI's shape; sampling options are the agent's own). */
export const chatCompletionRequestSchema = z.looseObject({
  /** The agent: its id or slug. */
  model: z.string().trim().min(1, 'Name the agent (its id or slug) as the model').max(200),
  messages: z.array(chatCompletionMessage).min(1, 'Send at least one message').max(500),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
});

/** A parsed chat completion request. */
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

function textOf(message: z.infer<typeof chatCompletionMessage>): string {
  if (typeof message.content === 'string') return message.content;
  return (message.content ?? [])
    .filter((part) => part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('');
}

/** The new user message and the earlier turns, from an OpenAI message list (tool turns are left out). */
export function toRunInput(messages: ChatCompletionRequest['messages']): {
  message: string;
  history: ChatMessage[];
} {
  const last = messages.at(-1)!;
  if (last.role !== 'user')
    throw new AppError(
      'bad_request',
      `messages.${messages.length - 1}.role: the last message must be "user".`,
    );
  const message = textOf(last);
  if (!message.trim())
    throw new AppError(
      'bad_request',
      `messages.${messages.length - 1}.content: the last message has no text.`,
    );
  if (message.length > MAX_MESSAGE_CHARS) {
    throw new AppError(
      'too_large',
      `The message is ${message.length} characters long; the limit is ${MAX_MESSAGE_CHARS}.`,
    );
  }
  const history: ChatMessage[] = [];
  for (const entry of messages.slice(0, -1).slice(-50)) {
    if (entry.role === 'tool' || entry.role === 'function') continue;
    const content = textOf(entry);
    if (!content) continue;
    history.push({ role: entry.role === 'developer' ? 'system' : entry.role, content });
  }
  return { message, history };
}

/** What answers a completion: a workspace's agent at its published version. */
export interface CompletionTarget {
  workspaceId: string;
  agentId: string;
  versionId: string;
  graph: unknown;
  /** The API key that asked, recorded as the run's actor. */
  apiKeyId?: string;
  languageModels?: LanguageModelFactory;
}

function usageOf(usage: TokenUsage) {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

/** The status and body of a run that failed, in the API's error shape. */
function runFailure(event: Extract<EngineEvent, { type: 'run-error' }>): Response {
  const status = event.code === 'provider_rate_limited' ? 429 : event.code === 'budget_exceeded' ? 429 : 502;
  return Response.json({ error: { code: event.code, message: event.message } }, { status });
}

/**
 * Answers an OpenAI chat completion with an agent's run: one JSON `chat.completion`, or with
 * `stream: true` OpenAI's SSE `chat.completion.chunk`s ending in `[DONE]` (usage in a last chunk when
 * `stream_options.include_usage` is set). Each request is a new conversation, as OpenAI's API is stateless.
 */
export async function chatCompletionResponse(
  runtime: Runtime,
  target: CompletionTarget,
  request: ChatCompletionRequest,
  signal?: AbortSignal,
): Promise<Response> {
  const { message, history } = toRunInput(request.messages);
  const run = await startRun(runtime, {
    workspaceId: target.workspaceId,
    agentId: target.agentId,
    graph: target.graph,
    versionId: target.versionId,
    source: 'openai',
    apiKeyId: target.apiKeyId,
    message,
    history,
    signal,
    languageModels: target.languageModels,
  });
  const id = `chatcmpl-${run.runId}`;
  const created = Math.floor(Date.now() / 1000);
  const model = request.model;

  if (!request.stream) {
    for await (const event of run.events) {
      if (event.type === 'run-error') return runFailure(event);
      if (event.type === 'run-end') {
        return Response.json({
          id,
          object: 'chat.completion',
          created,
          model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: event.answer, refusal: null },
              logprobs: null,
              finish_reason: 'stop',
            },
          ],
          usage: usageOf(event.usage),
          system_fingerprint: null,
        });
      }
    }
    throw new Error('The run ended without an outcome.');
  }

  const includeUsage = request.stream_options?.include_usage === true;
  const encoder = new TextEncoder();
  const chunk = (delta: Record<string, unknown>, finishReason: string | null) =>
    encoder.encode(
      `data: ${JSON.stringify({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
        ...(includeUsage ? { usage: null } : {}),
      })}\n\n`,
    );
  // A token's chunk is the same JSON as chunk({ content }, null), built around its text rather than
  // serialised whole for every token.
  const contentHead = `{"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"choices":[{"index":0,"delta":{"content":`;
  const contentTail = `},"logprobs":null,"finish_reason":null}]${includeUsage ? ',"usage":null' : ''}}`;
  const contentChunk = (text: string) =>
    encoder.encode(`data: ${contentHead}${JSON.stringify(text)}${contentTail}\n\n`);
  const iterator = run.events[Symbol.asyncIterator]();
  let streamed = false;
  // Held until the stream closes, fails or is cancelled (`agentry_streams_held`).
  const release = holdStream(runtime);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(chunk({ role: 'assistant', content: '' }, null));
    },
    async pull(controller) {
      // One engine event per pull: the stream's back-pressure reaches the run.
      try {
        for (;;) {
          const next = await iterator.next();
          if (next.done) {
            release();
            controller.close();
            return;
          }
          const event = next.value;
          if (event.type === 'node-delta' && event.feedsAnswer) {
            streamed = true;
            controller.enqueue(contentChunk(event.delta));
            return;
          }
          if (event.type === 'run-end') {
            if (!streamed && event.answer) controller.enqueue(chunk({ content: event.answer }, null));
            controller.enqueue(chunk({}, 'stop'));
            if (includeUsage) {
              controller.enqueue(
                encoder.encode(
                  `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: usageOf(event.usage) })}\n\n`,
                ),
              );
            }
            controller.enqueue(encoder.encode('data: [DONE]\n\n'));
            release();
            controller.close();
            await iterator.return?.();
            return;
          }
          if (event.type === 'run-error') {
            // OpenAI's clients raise an error for a data line that carries `error`.
            controller.enqueue(
              encoder.encode(
                `data: ${JSON.stringify({ error: { code: event.code, message: event.message } })}\n\n`,
              ),
            );
            release();
            controller.close();
            await iterator.return?.();
            return;
          }
        }
      } catch (error) {
        release();
        throw error;
      }
    },
    async cancel() {
      release();
      await iterator.return?.();
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      ...STREAM_HEADERS,
      connection: 'keep-alive',
      'x-agentry-run-id': run.runId,
      'x-agentry-conversation-id': run.conversationId,
    },
  });
}

/**
 * `GET /api/v1/models`: the workspace's published agents as OpenAI models (id = the agent's slug); only
 * `agentIds` when the key is limited to them (null: all).
 */
export async function listAgentModels(
  runtime: Runtime,
  workspaceId: string,
  agentIds: readonly string[] | null = null,
) {
  const filters = [eq(agents.workspaceId, workspaceId), isNotNull(agents.publishedVersionId)];
  if (agentIds !== null) filters.push(inArray(agents.id, agentIds.length > 0 ? [...agentIds] : ['']));
  const rows = await runtime.db
    .select({ id: agents.id, slug: agents.slug, name: agents.name, createdAt: agents.createdAt })
    .from(agents)
    .where(and(...filters))
    .orderBy(asc(agents.name));
  return {
    object: 'list' as const,
    data: rows.map((row) => ({
      id: row.slug,
      object: 'model' as const,
      created: Math.floor(row.createdAt.getTime() / 1000),
      owned_by: 'agentry',
      agent_id: row.id,
      name: row.name,
    })),
  };
}
