import { agents } from '@agentry/db';
import { and, asc, eq, inArray, isNotNull } from '@agentry/db/drizzle';
import {
  askForStructuredAnswer,
  type ChatMessage,
  defaultNodeRegistry,
  EngineError,
  type EngineEvent,
  type LanguageModelFactory,
  nodeId,
  outputSchemaProblem,
  parseStructuredReply,
  type TokenUsage,
} from '@agentry/engine';
import { z } from 'zod';
import { AppError } from '../errors';
import { holdStream } from '../metrics/streams';
import type { Runtime } from '../runtime';
import { MAX_MESSAGE_CHARS, STREAM_HEADERS } from './chat';
import { type ChatFilePart, chatFilesOfMessage } from './chat-message-files';
import { CHAT_FILE_URL_PREFIX } from './chat-files';
import { startRun } from './runs';
import { sseBytes } from './run-stream';

const contentPart = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  /** `image_url` parts: a data URL (https URLs are refused: the server fetches nothing on a message's say-so). */
  image_url: z.looseObject({ url: z.string() }).optional(),
  /** `file` parts: `file_data` as a data URL, or `file_id` of a file uploaded with POST /api/v1/agents/:id/files. */
  file: z
    .looseObject({
      file_data: z.string().optional(),
      file_id: z.string().optional(),
      filename: z.string().optional(),
    })
    .optional(),
});
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
  /** `json_schema`: the answer is JSON fitting the schema; `json_object`: any JSON object. */
  response_format: z
    .discriminatedUnion('type', [
      z.looseObject({ type: z.literal('text') }),
      z.looseObject({ type: z.literal('json_object') }),
      z.looseObject({
        type: z.literal('json_schema'),
        json_schema: z.looseObject({
          name: z
            .string()
            .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Use 1 to 64 letters, digits, _ or -.')
            .default('response'),
          description: z.string().max(2000).nullish(),
          schema: z.record(z.string(), z.unknown()),
          strict: z.boolean().nullish(),
        }),
      }),
    ])
    .nullish(),
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
  files: ChatFilePart[];
} {
  const last = messages.at(-1)!;
  if (last.role !== 'user')
    throw new AppError(
      'bad_request',
      `messages.${messages.length - 1}.role: the last message must be "user".`,
    );
  const message = textOf(last);
  const files = filePartsOfCompletion(last, messages.length - 1);
  if (!message.trim() && files.length === 0)
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
  return { message, history, files };
}

/** The image and file parts of an OpenAI message, as chat file parts (see chat-message-files.ts). */
function filePartsOfCompletion(
  message: z.infer<typeof chatCompletionMessage>,
  index: number,
): ChatFilePart[] {
  if (!Array.isArray(message.content)) return [];
  const parts: ChatFilePart[] = [];
  message.content.forEach((part, position) => {
    const where = `messages.${index}.content.${position}`;
    if (part.type === 'image_url') {
      const url = part.image_url?.url ?? '';
      if (!url.startsWith('data:')) {
        throw new AppError(
          'bad_request',
          `${where}.image_url.url: only data: URLs are accepted; this server does not fetch images from URLs. Send the image as a data URL, or upload it with POST /api/v1/agents/:id/files and send a file part with its file_id.`,
        );
      }
      parts.push({ url, filename: `image-${parts.length + 1}` });
    } else if (part.type === 'file') {
      const { file_data: data, file_id: id, filename } = part.file ?? {};
      if (id) parts.push({ url: `${CHAT_FILE_URL_PREFIX}${id}`, filename });
      else if (data?.startsWith('data:')) parts.push({ url: data, filename });
      else throw new AppError('bad_request', `${where}.file: send file_data as a data: URL, or a file_id.`);
    }
  });
  return parts;
}

/** The schema a completion's answer must fit, from `response_format` (undefined: plain text). */
function requestedSchema(
  request: ChatCompletionRequest,
): { schema: Record<string, unknown>; name: string } | undefined {
  const format = request.response_format;
  if (format?.type === 'json_schema') {
    const problem = outputSchemaProblem(format.json_schema.schema);
    if (problem) throw new AppError('bad_request', `response_format.json_schema.schema: ${problem}`);
    return { schema: format.json_schema.schema, name: format.json_schema.name };
  }
  // json_object asks for any object: there is no schema to pass to the agent's model, only the check.
  if (format?.type === 'json_object') return { schema: { type: 'object' }, name: 'response' };
  return undefined;
}

/**
 * The answer checked against the requested schema: undefined when it fits, else a 422 naming the problem
 * (the agent ran, but what it said is not what the caller asked for).
 */
async function answerMismatch(
  answer: string,
  requested: { schema: Record<string, unknown> } | undefined,
): Promise<Response | undefined> {
  if (!requested) return undefined;
  try {
    await parseStructuredReply(answer, requested.schema, nodeId('answer'));
    return undefined;
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    const message = error.message.replace(/^The model/, 'The agent');
    return Response.json(
      { error: { code: 'structured_output_mismatch', message: `response_format: ${message}` } },
      { status: 422 },
    );
  }
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
  const { message, history, files: fileParts } = toRunInput(request.messages);
  const requested = requestedSchema(request);
  // The nodes that answer are asked for the schema where they can be; the answer is checked either way.
  const graph =
    requested && request.response_format?.type === 'json_schema'
      ? askForStructuredAnswer(target.graph, requested, defaultNodeRegistry).graph
      : target.graph;
  const run = await startRun(runtime, {
    workspaceId: target.workspaceId,
    agentId: target.agentId,
    graph,
    versionId: target.versionId,
    source: 'openai',
    apiKeyId: target.apiKeyId,
    message,
    history,
    files: await chatFilesOfMessage(runtime, {
      workspaceId: target.workspaceId,
      agentId: target.agentId,
      source: 'api',
      parts: fileParts,
    }),
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
        const mismatch = await answerMismatch(event.answer, requested);
        if (mismatch) return mismatch;
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
  const chunk = (delta: Record<string, unknown>, finishReason: string | null) =>
    sseBytes(
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
    sseBytes(`data: ${contentHead}${JSON.stringify(text)}${contentTail}\n\n`);
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
          // A structured answer is sent whole once checked, so a client never parses half a mismatch.
          if (event.type === 'node-delta' && event.feedsAnswer && !requested) {
            streamed = true;
            controller.enqueue(contentChunk(event.delta));
            return;
          }
          if (event.type === 'run-end') {
            const mismatch = await answerMismatch(event.answer, requested);
            if (mismatch) {
              const { error } = (await mismatch.json()) as { error: unknown };
              controller.enqueue(sseBytes(`data: ${JSON.stringify({ error })}\n\n`));
              release();
              controller.close();
              await iterator.return?.();
              return;
            }
            if (!streamed && event.answer) controller.enqueue(chunk({ content: event.answer }, null));
            controller.enqueue(chunk({}, 'stop'));
            if (includeUsage) {
              controller.enqueue(
                sseBytes(
                  `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: usageOf(event.usage) })}\n\n`,
                ),
              );
            }
            controller.enqueue(sseBytes('data: [DONE]\n\n'));
            release();
            controller.close();
            await iterator.return?.();
            return;
          }
          if (event.type === 'run-error') {
            // OpenAI's clients raise an error for a data line that carries `error`.
            controller.enqueue(
              sseBytes(
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
