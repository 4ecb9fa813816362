import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
} from '@ai-sdk/provider';
import { readPrompt } from './offline-prompt';
import { offlineReasoning } from './offline-reasoning';
import { describeFiles, type OfflineTurn, planTurn } from './offline-reply';
import { offlineStructuredAnswer } from './offline-structured';

/** Model id of the built-in offline model. */
export const OFFLINE_MODEL_ID = 'agentry-offline';

/** Options of the offline model; the defaults suit tests and the preview. */
export interface OfflineModelOptions {
  /** Pause between streamed parts, to make streaming visible in a demo. Default 0: no timers at all. */
  chunkDelayMs?: number;
}

/**
 * The built-in offline model: a real AI SDK language model (spec v4) that needs no key or network, so
 * graphs run on it through exactly the same `streamText`/`generateText` path as on real providers.
 * It is deterministic (same prompt, same output), streams word-sized text deltas, reports approximate
 * usage (about 4 characters per input token, one token per streamed word), honours `maxOutputTokens`
 * and abort signals, calls offered tools that fit the request, and labels every text "[Offline model]".
 */
export function createOfflineModel(options: OfflineModelOptions = {}): LanguageModelV4 {
  const delay = options.chunkDelayMs ?? 0;
  return {
    specificationVersion: 'v4',
    provider: 'agentry',
    modelId: OFFLINE_MODEL_ID,
    supportedUrls: {},
    async doGenerate(call): Promise<LanguageModelV4GenerateResult> {
      throwIfAborted(call.abortSignal);
      const step = runStep(call);
      const content: LanguageModelV4Content[] = [];
      if (step.reasoning) content.push({ type: 'reasoning', text: step.reasoning.join('') });
      if (step.words.length > 0) content.push({ type: 'text', text: step.words.join('') });
      for (const toolCall of step.toolCalls) content.push({ type: 'tool-call', ...toolCall });
      return {
        content,
        finishReason: step.finishReason,
        usage: step.usage,
        warnings: [],
        response: { id: step.id, modelId: OFFLINE_MODEL_ID },
      };
    },
    async doStream(call): Promise<LanguageModelV4StreamResult> {
      throwIfAborted(call.abortSignal);
      const parts = streamParts(runStep(call));
      let index = 0;
      const signal = call.abortSignal;
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        async pull(controller) {
          if (delay > 0 && index > 0) await sleep(delay, signal);
          if (signal?.aborted) {
            controller.error(abortReason(signal));
            return;
          }
          const part = parts[index++];
          if (part === undefined) controller.close();
          else controller.enqueue(part);
        },
      });
      return { stream };
    },
  };
}

interface OfflineStep {
  id: string;
  /** Word-sized deltas of the reasoning shown before the answer, when the user asked it to think. */
  reasoning?: string[];
  words: string[];
  toolCalls: Array<{ toolCallId: string; toolName: string; input: string }>;
  finishReason: LanguageModelV4FinishReason;
  usage: LanguageModelV4Usage;
}

function runStep(call: LanguageModelV4CallOptions): OfflineStep {
  const view = readPrompt(call.prompt);
  const planned: OfflineTurn = planTurn(view, call);
  // A structured request gets JSON that fits its schema, once no tool is left to call.
  const format = call.responseFormat;
  const turn: OfflineTurn =
    format?.type === 'json' && planned.toolCalls.length === 0
      ? {
          text: offlineStructuredAnswer(
            format.schema as Record<string, unknown> | undefined,
            view.userText,
            view.files.length > 0 ? describeFiles(view.files) : '',
          ),
          toolCalls: [],
        }
      : planned;
  const id = `offline-${hash(`${view.system}\u0000${view.userText}\u0000${view.turnToolCalls.length}`)}`;
  let words = splitWords(turn.text);
  let toolCalls = turn.toolCalls.map((toolCall, index) => ({
    toolCallId: `${id}-call-${view.totalToolCalls + index + 1}`,
    toolName: toolCall.toolName,
    input: JSON.stringify(toolCall.input),
  }));
  let unified: LanguageModelV4FinishReason['unified'] = toolCalls.length > 0 ? 'tool-calls' : 'stop';
  const limit = call.maxOutputTokens;
  if (limit !== undefined && words.length > limit) {
    words = words.slice(0, Math.max(0, limit));
    toolCalls = [];
    unified = 'length';
  }
  const inputTokens = Math.ceil(view.inputCharacters / 4);
  const toolTokens = toolCalls.reduce((sum, toolCall) => sum + Math.ceil(toolCall.input.length / 4), 0);
  const reasoningText = offlineReasoning(view);
  const reasoning = reasoningText === undefined ? undefined : splitWords(reasoningText);
  const outputTokens = words.length + toolTokens + (reasoning?.length ?? 0);
  return {
    id,
    reasoning,
    words,
    toolCalls,
    finishReason: { unified, raw: unified },
    usage: {
      inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: outputTokens, text: words.length, reasoning: reasoning?.length ?? 0 },
    },
  };
}

function streamParts(step: OfflineStep): LanguageModelV4StreamPart[] {
  const parts: LanguageModelV4StreamPart[] = [
    { type: 'stream-start', warnings: [] },
    { type: 'response-metadata', id: step.id, modelId: OFFLINE_MODEL_ID },
  ];
  if (step.reasoning) {
    parts.push({ type: 'reasoning-start', id: 'reasoning-1' });
    for (const word of step.reasoning)
      parts.push({ type: 'reasoning-delta', id: 'reasoning-1', delta: word });
    parts.push({ type: 'reasoning-end', id: 'reasoning-1' });
  }
  if (step.words.length > 0) {
    parts.push({ type: 'text-start', id: 'text-1' });
    for (const word of step.words) parts.push({ type: 'text-delta', id: 'text-1', delta: word });
    parts.push({ type: 'text-end', id: 'text-1' });
  }
  for (const toolCall of step.toolCalls) {
    parts.push({ type: 'tool-input-start', id: toolCall.toolCallId, toolName: toolCall.toolName });
    parts.push({ type: 'tool-input-delta', id: toolCall.toolCallId, delta: toolCall.input });
    parts.push({ type: 'tool-input-end', id: toolCall.toolCallId });
    parts.push({ type: 'tool-call', ...toolCall });
  }
  parts.push({ type: 'finish', finishReason: step.finishReason, usage: step.usage });
  return parts;
}

/** Splits text into word-sized deltas that keep their trailing space, so joining them gives the text back. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    if (text.charCodeAt(index) === 32 && index + 1 < text.length && text.charCodeAt(index + 1) !== 32) {
      words.push(text.slice(start, index + 1));
      start = index + 1;
    }
  }
  if (start < text.length) words.push(text.slice(start));
  return words;
}

/** FNV-1a, enough to give deterministic response and tool call ids. */
function hash(text: string): string {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return (value >>> 0).toString(16).padStart(8, '0');
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
