import type { LanguageModelV4StreamPart, LanguageModelV4StreamResult } from '@ai-sdk/provider';
import { simulateReadableStream } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';

/** Usage reported by mock finish parts. */
export function usage(inputTokens: number, outputTokens: number) {
  return {
    inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: outputTokens, text: outputTokens, reasoning: 0 },
  };
}

/** Stream parts of a text answer split into the given deltas. */
export function textParts(
  deltas: string[],
  tokens = { input: 10, output: deltas.length },
): LanguageModelV4StreamPart[] {
  return [
    { type: 'text-start', id: 't1' },
    ...deltas.map((delta): LanguageModelV4StreamPart => ({ type: 'text-delta', id: 't1', delta })),
    { type: 'text-end', id: 't1' },
    {
      type: 'finish',
      usage: usage(tokens.input, tokens.output),
      finishReason: { unified: 'stop', raw: 'stop' },
    },
  ];
}

/** Stream parts of one step that calls a tool. */
export function toolCallParts(
  toolCallId: string,
  toolName: string,
  input: unknown,
): LanguageModelV4StreamPart[] {
  return [
    { type: 'tool-call', toolCallId, toolName, input: JSON.stringify(input) },
    { type: 'finish', usage: usage(5, 5), finishReason: { unified: 'tool-calls', raw: 'tool_calls' } },
  ];
}

/** A stream result from parts (no delays). */
export function streamOf(parts: LanguageModelV4StreamPart[]): LanguageModelV4StreamResult {
  return { stream: simulateReadableStream({ chunks: parts, initialDelayInMs: null, chunkDelayInMs: null }) };
}

/** A mock model answering each call with the next list of parts (the last one repeats). */
export function scriptedModel(...steps: LanguageModelV4StreamPart[][]): MockLanguageModelV4 {
  let call = 0;
  return new MockLanguageModelV4({
    doStream: async () => streamOf(steps[Math.min(call++, steps.length - 1)] ?? []),
  });
}

/** A mock model that streams one text answer. */
export function textModel(text: string): MockLanguageModelV4 {
  return scriptedModel(textParts(text.split(/(?<= )/)));
}

/** The text of all user/assistant/tool messages a mock model received on a call, for assertions. */
export function promptText(model: MockLanguageModelV4, call = 0): string {
  return JSON.stringify(model.doStreamCalls[call]?.prompt ?? []);
}
