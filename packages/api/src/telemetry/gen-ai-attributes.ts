import type { ModelCallReport } from '@agentry/engine';
import type { Attributes } from '@opentelemetry/api';

/**
 * Attribute names of the OpenTelemetry GenAI semantic conventions. They are still "development" status,
 * so, as the semantic-conventions package advises for incubating names, they are written here rather
 * than imported from its unstable entry point.
 */
export const GEN_AI = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  /** The older name of the provider attribute, still read by many backends. */
  system: 'gen_ai.system',
  requestModel: 'gen_ai.request.model',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  finishReasons: 'gen_ai.response.finish_reasons',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  conversationId: 'gen_ai.conversation.id',
  toolName: 'gen_ai.tool.name',
  toolCallId: 'gen_ai.tool.call.id',
  toolArguments: 'gen_ai.tool.call.arguments',
  toolResult: 'gen_ai.tool.call.result',
} as const;

/** Agentry's provider ids as the conventions' well-known `gen_ai.provider.name` values, where one exists. */
const PROVIDER_NAMES: Record<string, string> = {
  google: 'gcp.gemini',
};

/** The attributes of one model call's span (`chat <model>`); contents only when `capture` is on. */
export function modelCallAttributes(call: ModelCallReport, capture: boolean): Attributes {
  const provider = PROVIDER_NAMES[call.provider] ?? call.provider;
  const attributes: Attributes = {
    [GEN_AI.operationName]: 'chat',
    [GEN_AI.providerName]: provider,
    [GEN_AI.system]: provider,
    [GEN_AI.requestModel]: call.model,
    [GEN_AI.inputTokens]: call.inputTokens,
    [GEN_AI.outputTokens]: call.outputTokens,
    [GEN_AI.finishReasons]: [call.finishReason],
  };
  if (call.error) attributes['error.type'] = call.error.code;
  if (capture) {
    attributes[GEN_AI.inputMessages] = JSON.stringify(
      call.messages.map((message) => ({
        role: message.role,
        parts: [{ type: 'text', content: message.content }],
      })),
    );
    attributes[GEN_AI.outputMessages] = JSON.stringify([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: call.text }],
        finish_reason: call.finishReason,
      },
    ]);
  }
  return attributes;
}

/** A tool's input or output as span text (contents capture only). */
export function contentText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
