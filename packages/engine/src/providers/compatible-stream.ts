// An OpenAI-compatible chat answer read straight from the socket. The AI SDK's provider turns each SSE
// event into a part through four web streams (text decoding, SSE parsing, JSON parsing with a zod
// check, its own transform): for a plain streamed answer that pipeline was most of the model thread's
// CPU, and the model thread about two fifths of what a chat costs the server (ARCHITECTURE.md, "The
// streaming path", has the measurements). Here the same bytes go through the same SSE parser
// (eventsource-parser, which the SDK uses) and the SDK's own JSON parser on the socket's data events,
// are checked by hand against the fields the provider reads, and become the parts the provider's
// transform would make (compatible-stream.test.ts runs both on the same streams and compares them).
// Only calls without tools are read this way; the request, its headers and body, and every answer that
// is not a successful event stream stay the provider's own (see `streamCompatibleChat`).
import type { IncomingMessage } from 'node:http';
import {
  InvalidResponseDataError,
  JSONParseError,
  type LanguageModelV4,
  type LanguageModelV4CallOptions,
  type LanguageModelV4FinishReason,
  type LanguageModelV4StreamPart,
  type LanguageModelV4StreamResult,
  type LanguageModelV4Usage,
  TypeValidationError,
} from '@ai-sdk/provider';
import {
  createLanguageModelResponseMetadata,
  createNullLanguageModelUsage,
  secureJsonParse,
} from '@ai-sdk/provider-utils';
import { createParser } from 'eventsource-parser';
import { takeEventStream } from '../tools/event-stream-takers';
import { appendToLast } from './merge-deltas';

/** Chat models this package built with the provider's defaults (no custom usage or metadata readers). */
const readableModels = new WeakSet<LanguageModelV4>();

/** Marks a chat model of `createOpenAICompatible` built with its default usage and metadata handling. */
export function allowDirectReading(model: LanguageModelV4): void {
  readableModels.add(model);
}

/**
 * `model.doStream(options)`, with the answer read from the socket when it can be: the model is an
 * OpenAI-compatible chat model built here, the call offers no tools and wants no raw chunks, and the
 * provider answers with an event stream through the guarded fetch. Everything else is the provider's
 * own result.
 */
export async function streamCompatibleChat(
  model: LanguageModelV4,
  options: LanguageModelV4CallOptions,
): Promise<LanguageModelV4StreamResult> {
  if (!readableModels.has(model) || (options.tools?.length ?? 0) > 0 || options.includeRawChunks) {
    return model.doStream(options);
  }
  // A signal of this call's own: calls of one run share the run's signal, and the body goes by signal.
  const signal = AbortSignal.any(options.abortSignal ? [options.abortSignal] : []);
  let body: IncomingMessage | undefined;
  const withdraw = takeEventStream(signal, (taken) => {
    body = taken;
  });
  let result: LanguageModelV4StreamResult;
  try {
    result = await model.doStream({ ...options, abortSignal: signal });
  } catch (error) {
    body?.destroy();
    throw error;
  } finally {
    withdraw();
  }
  if (!body) return result;
  // The provider read an empty event stream: its parts still say what only it knows (the warnings about
  // the call's settings, and under which key its metadata goes), then that the stream had no finish.
  let warnings: Extract<LanguageModelV4StreamPart, { type: 'stream-start' }>['warnings'] = [];
  let metadataKey: string | undefined;
  for await (const part of result.stream as unknown as AsyncIterable<LanguageModelV4StreamPart>) {
    if (part.type === 'stream-start') warnings = part.warnings;
    if (part.type === 'finish') metadataKey = Object.keys(part.providerMetadata ?? {})[0];
  }
  if (metadataKey === undefined) {
    body.destroy();
    throw new Error('The provider did not finish an empty stream.');
  }
  return { ...result, stream: readChatStream(body, warnings, metadataKey) };
}

/** The parts of one answer, as the provider's transform makes them from the same events. */
function readChatStream(
  body: IncomingMessage,
  warnings: Extract<LanguageModelV4StreamPart, { type: 'stream-start' }>['warnings'],
  metadataKey: string,
): ReadableStream<LanguageModelV4StreamPart> {
  const chat = new ChatParts(metadataKey);
  const decoder = new TextDecoder();
  let parts: LanguageModelV4StreamPart[] = [];
  const parser = createParser({
    onEvent: (event) => {
      if (event.data !== '[DONE]') chat.event(event.data, parts);
    },
  });
  return new ReadableStream<LanguageModelV4StreamPart>(
    {
      start(controller) {
        controller.enqueue({ type: 'stream-start', warnings });
        // Deltas of one text that arrive in one read go on as one, as the model thread's messages do:
        // whoever reads the answer handles one delta per read, not one per token. Words that arrive
        // apart still go on one by one.
        const enqueue = () => {
          const joined: LanguageModelV4StreamPart[] = [];
          for (const part of parts) if (!appendToLast(joined, part)) joined.push(part);
          for (const part of joined) controller.enqueue(part);
          parts = [];
        };
        body.on('data', (chunk: Buffer) => {
          parser.feed(decoder.decode(chunk, { stream: true }));
          enqueue();
          if ((controller.desiredSize ?? 1) <= 0) body.pause();
        });
        let ended = false;
        body.once('end', () => {
          ended = true;
          // As the SDK's stream: what follows the last blank line is not an event.
          parser.feed(decoder.decode());
          chat.finish(parts);
          enqueue();
          controller.close();
        });
        body.once('error', (error) => controller.error(error));
        body.once('close', () => {
          if (!ended) controller.error(new TypeError('terminated: the provider closed the stream'));
        });
      },
      pull() {
        body.resume();
      },
      cancel() {
        body.destroy();
      },
    },
    { highWaterMark: 64 },
  );
}

type Usage = {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: {
    reasoning_tokens?: number | null;
    accepted_prediction_tokens?: number | null;
    rejected_prediction_tokens?: number | null;
  } | null;
};
type Delta = {
  content?: string | Array<{ type: string; text?: unknown; thinking?: unknown }> | null;
  refusal?: unknown;
  reasoning_content?: string | null;
  reasoning?: string | null;
};
type Chunk = {
  id?: string | null;
  created?: number | null;
  model?: string | null;
  choices: Array<{ delta?: Delta | null; finish_reason?: string | null }>;
  usage?: Usage | null;
  error?: unknown;
};

/** The provider transform's state over one answer (`doStream` in @ai-sdk/openai-compatible). */
class ChatParts {
  private finishReason: LanguageModelV4FinishReason | undefined;
  private rawFinishReason: string | undefined;
  private usage: Usage | undefined;
  private metadataSent = false;
  private reasoning = false;
  private text = false;
  private refused = false;

  constructor(private readonly metadataKey: string) {}

  event(data: string, out: LanguageModelV4StreamPart[]): void {
    let value: unknown;
    try {
      value = secureJsonParse(data);
    } catch (cause) {
      this.fail(new JSONParseError({ text: data, cause }), out);
      return;
    }
    if (!isChunk(value)) {
      if (isErrorChunk(value)) this.fail(value.error, out);
      else this.fail(new TypeValidationError({ value, cause: 'not a chat completion chunk' }), out);
      return;
    }
    if ('error' in value) {
      this.fail(value.error, out);
      return;
    }
    if (!this.metadataSent) {
      const metadata = createLanguageModelResponseMetadata({
        id: value.id,
        model: value.model,
        created: value.created || undefined,
      });
      if (Object.values(metadata).some(Boolean)) {
        this.metadataSent = true;
        out.push({ type: 'response-metadata', ...metadata });
      }
    }
    if (value.usage != null) this.usage = value.usage;
    const choice = value.choices[0];
    if (choice?.finish_reason != null) this.rawFinishReason = choice.finish_reason;
    const delta = choice?.delta;
    if (delta == null) return;
    const reasoning = delta.reasoning_content ?? delta.reasoning;
    if (reasoning) this.reasoningDelta(reasoning, out);
    for (const part of contentParts(delta.content)) {
      if (part.type === 'reasoning') this.reasoningDelta(part.text, out);
      else this.textDelta(part.text, out);
    }
    if (typeof delta.refusal === 'string' && delta.refusal.length > 0) {
      this.refused = true;
      this.textDelta(delta.refusal, out);
    }
  }

  finish(out: LanguageModelV4StreamPart[]): void {
    if (this.reasoning) out.push({ type: 'reasoning-end', id: 'reasoning-0' });
    if (this.text) out.push({ type: 'text-end', id: 'txt-0' });
    if (this.rawFinishReason != null) {
      this.finishReason = {
        unified: unifiedFinishReason(this.rawFinishReason, this.refused),
        raw: this.rawFinishReason,
      };
    }
    if (this.finishReason === undefined) {
      this.finishReason = { unified: 'error', raw: undefined };
      out.push({
        type: 'error',
        error: new InvalidResponseDataError({
          data: undefined,
          message: 'Response stream ended without a finish reason.',
        }),
      });
    }
    const metadata: Record<string, number> = {};
    const details = this.usage?.completion_tokens_details;
    if (details?.accepted_prediction_tokens != null)
      metadata.acceptedPredictionTokens = details.accepted_prediction_tokens;
    if (details?.rejected_prediction_tokens != null)
      metadata.rejectedPredictionTokens = details.rejected_prediction_tokens;
    out.push({
      type: 'finish',
      finishReason: this.finishReason,
      usage: convertUsage(this.usage),
      providerMetadata: { [this.metadataKey]: metadata },
    });
  }

  private fail(error: unknown, out: LanguageModelV4StreamPart[]): void {
    this.finishReason = { unified: 'error', raw: undefined };
    this.rawFinishReason = undefined;
    out.push({ type: 'error', error });
  }

  private reasoningDelta(delta: string, out: LanguageModelV4StreamPart[]): void {
    if (this.text) {
      out.push({ type: 'text-end', id: 'txt-0' });
      this.text = false;
    }
    if (!this.reasoning) {
      out.push({ type: 'reasoning-start', id: 'reasoning-0' });
      this.reasoning = true;
    }
    out.push({ type: 'reasoning-delta', id: 'reasoning-0', delta });
  }

  private textDelta(delta: string, out: LanguageModelV4StreamPart[]): void {
    if (this.reasoning) {
      out.push({ type: 'reasoning-end', id: 'reasoning-0' });
      this.reasoning = false;
    }
    if (!this.text) {
      out.push({ type: 'text-start', id: 'txt-0' });
      this.text = true;
    }
    out.push({ type: 'text-delta', id: 'txt-0', delta });
  }
}

function unifiedFinishReason(raw: string, refused: boolean): LanguageModelV4FinishReason['unified'] {
  switch (raw) {
    case 'stop':
      return refused ? 'content-filter' : 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    case 'function_call':
    case 'tool_calls':
      return 'tool-calls';
    default:
      return 'other';
  }
}

function convertUsage(usage: Usage | undefined): LanguageModelV4Usage {
  if (usage == null) return createNullLanguageModelUsage();
  const prompt = usage.prompt_tokens ?? 0;
  const completion = usage.completion_tokens ?? 0;
  const cacheRead = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  return {
    inputTokens: { total: prompt, noCache: prompt - cacheRead, cacheRead, cacheWrite: undefined },
    outputTokens: { total: completion, text: Math.max(0, completion - reasoning), reasoning },
    raw: usage as LanguageModelV4Usage['raw'],
  };
}

function contentParts(content: Delta['content']): Array<{ type: 'text' | 'reasoning'; text: string }> {
  if (content == null) return [];
  if (typeof content === 'string') return content.length > 0 ? [{ type: 'text', text: content }] : [];
  const parts: Array<{ type: 'text' | 'reasoning'; text: string }> = [];
  for (const part of content) {
    if (part.type === 'text' && typeof part.text === 'string') {
      if (part.text.length > 0) parts.push({ type: 'text', text: part.text });
    } else if (part.type === 'thinking' && Array.isArray(part.thinking)) {
      const text = part.thinking
        .filter(
          (item): item is { type: 'text'; text: string } =>
            item != null && typeof item === 'object' && item.type === 'text' && typeof item.text === 'string',
        )
        .map((item) => item.text)
        .join('');
      if (text.length > 0) parts.push({ type: 'reasoning', text });
    }
  }
  return parts;
}

// The checks below accept what the provider's chunk schema accepts, field by field (`chunkBaseSchema`
// and the default error structure in @ai-sdk/openai-compatible): other fields pass unread.
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const nullish = (value: unknown) => value === null || value === undefined;
const stringOrNullish = (value: unknown) => nullish(value) || typeof value === 'string';
const numberOrNullish = (value: unknown) =>
  nullish(value) || (typeof value === 'number' && Number.isFinite(value));

function isUsage(value: unknown): boolean {
  if (nullish(value)) return true;
  if (!isObject(value)) return false;
  if (!numberOrNullish(value.prompt_tokens)) return false;
  if (!numberOrNullish(value.completion_tokens) || !numberOrNullish(value.total_tokens)) return false;
  const prompt = value.prompt_tokens_details;
  if (!nullish(prompt) && !(isObject(prompt) && numberOrNullish(prompt.cached_tokens))) return false;
  const completion = value.completion_tokens_details;
  return (
    nullish(completion) ||
    (isObject(completion) &&
      numberOrNullish(completion.reasoning_tokens) &&
      numberOrNullish(completion.accepted_prediction_tokens) &&
      numberOrNullish(completion.rejected_prediction_tokens))
  );
}

function isContent(value: unknown): boolean {
  return (
    nullish(value) ||
    typeof value === 'string' ||
    (Array.isArray(value) && value.every((part) => isObject(part) && typeof part.type === 'string'))
  );
}

function isToolCallDeltas(value: unknown): boolean {
  if (nullish(value)) return true;
  if (!Array.isArray(value)) return false;
  return value.every((call) => {
    if (!isObject(call) || !numberOrNullish(call.index) || !stringOrNullish(call.id)) return false;
    const fn = call.function;
    if (!isObject(fn) || !stringOrNullish(fn.name) || !stringOrNullish(fn.arguments)) return false;
    const extra = call.extra_content;
    if (nullish(extra)) return true;
    if (!isObject(extra)) return false;
    const google = extra.google;
    return nullish(google) || (isObject(google) && stringOrNullish(google.thought_signature));
  });
}

function isDelta(value: unknown): boolean {
  if (nullish(value)) return true;
  if (!isObject(value)) return false;
  return (
    (nullish(value.role) || value.role === 'assistant' || value.role === '') &&
    isContent(value.content) &&
    stringOrNullish(value.reasoning_content) &&
    stringOrNullish(value.reasoning) &&
    isToolCallDeltas(value.tool_calls)
  );
}

function isChunk(value: unknown): value is Chunk {
  if (!isObject(value)) return false;
  if (!stringOrNullish(value.id) || !numberOrNullish(value.created) || !stringOrNullish(value.model)) {
    return false;
  }
  if (!Array.isArray(value.choices)) return false;
  for (const choice of value.choices) {
    if (!isObject(choice) || !isDelta(choice.delta) || !stringOrNullish(choice.finish_reason)) return false;
  }
  return isUsage(value.usage);
}

function isErrorChunk(value: unknown): value is { error: Record<string, unknown> } {
  if (!isObject(value) || !isObject(value.error)) return false;
  const { message, type, code } = value.error;
  return (
    typeof message === 'string' &&
    stringOrNullish(type) &&
    (nullish(code) || typeof code === 'string' || typeof code === 'number')
  );
}
