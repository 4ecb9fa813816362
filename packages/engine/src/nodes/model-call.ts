import type { LanguageModelV4, LanguageModelV4Prompt } from '@ai-sdk/provider';
import {
  jsonSchema,
  type ModelMessage,
  Output,
  type StopCondition,
  streamText,
  type TextPart,
  type ToolCallPart,
  type ToolSet,
} from 'ai';
import { RunAbortedError } from '../errors';
import type { NodeId } from '../format/ids';
import type { ChatMessage, ModelResource } from '../format/values';
import type { NodeEvent } from './node-definition';
import type { ProviderId } from '../providers';
import type { ChatFileStore, ModelCallReport } from '../runtime/context';
import { modelFileSupport } from '../providers/model-capabilities';
import { streamCompatibleChat } from '../providers/compatible-stream';
import { hasFiles, type ModelFilePart, resolveMessageFiles } from './message-files';
import { toProviderFailure } from '../runtime/provider-failure';

/** A structured-output request: the answer's JSON Schema and the name providers label it with. */
export interface StructuredRequest {
  schema: Record<string, unknown>;
  name: string;
}

/** One call to a model: a plain completion, or a tool loop when tools are given. */
export interface ModelCallRequest {
  /**
   * Ask for JSON fitting this schema (the provider's structured output). The reply's text is collected,
   * not streamed as text deltas: the caller validates it and reports the object.
   */
  structured?: StructuredRequest;
  resource: ModelResource;
  messages: ChatMessage[];
  /** Extra instructions placed before the system messages of `messages`. */
  instructions?: string;
  signal: AbortSignal;
  tools?: ToolSet;
  stopWhen?: StopCondition<ToolSet> | StopCondition<ToolSet>[];
  /** Tool calls whose execute() failed: reported as isError tool results. */
  failedToolCalls?: ReadonlySet<string>;
  /** A tool loop continued after a wait: the messages it had added after `messages`, in the AI SDK's form. */
  continuation?: ModelMessage[];
  /** The text the loop streamed before it stopped; new text follows it as a paragraph. */
  initialText?: string;
  /** Receives the assistant and tool messages of each step as it ends (and of a step cut short). */
  transcript?: ModelMessage[];
  /** Told about each provider call as it ends (see `modelCallObserver`); the host's tracing. */
  observe?: (call: Omit<ModelCallReport, 'nodeId'>) => void;
  /** Where the bytes of files on `messages` come from, and the node to name when one cannot be read. */
  files?: { store?: ChatFileStore; nodeId?: NodeId };
}

/** A prompt message as the call sends it: text, plus the files a user message carries. */
type CallMessage = { role: 'user' | 'assistant'; content: string; files?: ModelFilePart[] };

/**
 * The run's model-call observer bound to the calling node, or undefined when the host set none (then a
 * call builds no report at all).
 *
 * Why a plain hook and not the AI SDK's `experimental_telemetry`: plain completions do not go through
 * `streamText` (they read the provider's `doStream`, see `streamCompletion`), the SDK's spans would
 * hang off the active OpenTelemetry context, which the engine does not hold while nodes run (the host
 * builds node spans from the events), and the engine would have to depend on OpenTelemetry. The host
 * turns these reports into GenAI spans under the right node instead.
 */
export function modelCallObserver(context: {
  nodeId: string;
  services: { onModelCall?: (call: ModelCallReport) => void };
}): ModelCallRequest['observe'] {
  const observer = context.services.onModelCall;
  if (!observer) return undefined;
  const { nodeId } = context;
  return (call) => {
    try {
      observer({ ...call, nodeId });
    } catch {
      // Tracing must never fail a run.
    }
  };
}

/** Tracks one provider call's timing, tokens and text for `observe`; inert without an observer. */
function createCallReporter(request: ModelCallRequest, system: string[]) {
  const { observe, resource } = request;
  if (!observe) return undefined;
  const model = typeof resource.model === 'string' ? resource.model : resource.model.modelId;
  const messages: ChatMessage[] = [
    ...(system.length > 0 ? [{ role: 'system' as const, content: system.join('\n\n') }] : []),
    ...request.messages.filter((message) => message.role !== 'system'),
  ];
  let startedAt = Date.now();
  let text = '';
  return {
    start(): void {
      startedAt = Date.now();
      text = '';
    },
    text(delta: string): void {
      text += delta;
    },
    end({
      inputTokens,
      outputTokens,
      finishReason,
    }: Omit<ModelCallResult, 'text' | 'steps' | 'lastStepToolNames'>): void {
      const endedAt = Date.now();
      observe({
        provider: resource.provider,
        model,
        startedAt,
        endedAt,
        messages,
        text,
        inputTokens,
        outputTokens,
        finishReason,
      });
    },
    fail(error: unknown): void {
      const failure = error as { code?: unknown; message?: unknown };
      observe({
        provider: resource.provider,
        model,
        startedAt,
        endedAt: Date.now(),
        messages,
        text,
        inputTokens: 0,
        outputTokens: 0,
        finishReason: 'error',
        error: {
          code: typeof failure?.code === 'string' ? failure.code : 'provider_error',
          message: typeof failure?.message === 'string' ? failure.message : String(error),
        },
      });
    },
  };
}

/** What a model call produced. */
export interface ModelCallResult {
  text: string;
  steps: number;
  /** Tool names called in the last step. */
  lastStepToolNames: string[];
  inputTokens: number;
  outputTokens: number;
  finishReason: string;
}

/**
 * Streams a model call and reports it as node events (text deltas, tool calls and results, usage per
 * step). Provider errors, also those arriving mid-stream, are thrown as EngineErrors: the text already
 * yielded stays with the caller. The AI SDK's own retries are off: the scheduler retries, and only
 * before any output.
 */
export async function* streamModelCall(
  request: ModelCallRequest,
): AsyncGenerator<NodeEvent, ModelCallResult, void> {
  const { resource, signal } = request;
  const system: string[] = request.instructions ? [request.instructions] : [];
  const messages: CallMessage[] = [];
  const support = hasFiles(request.messages)
    ? {
        label: resource.label,
        // The name the node was configured with (the label's), as validation judged it, not the SDK's model id.
        support: modelFileSupport(resource.provider, resource.label.slice(resource.provider.length + 1)),
      }
    : undefined;
  for (const message of request.messages) {
    if (message.role === 'system') system.push(message.content);
    else if (support && message.role === 'user' && message.files?.length) {
      const resolved = await resolveMessageFiles(message, support, request.files ?? {});
      messages.push({ role: 'user', content: resolved.text, files: resolved.files });
    } else messages.push({ role: message.role, content: message.content });
  }
  const provider = resource.provider as ProviderId;
  const reporter = createCallReporter(request, system);
  if (!request.tools && typeof resource.model === 'object') {
    return yield* streamCompletion(resource.model as LanguageModelV4, system, messages, request, reporter);
  }
  const result = streamText({
    model: resource.model,
    instructions: system.length > 0 ? system.join('\n\n') : undefined,
    messages: request.continuation
      ? [...messages.map(toModelMessage), ...request.continuation]
      : messages.map(toModelMessage),
    ...resource.settings,
    tools: request.tools,
    stopWhen: request.stopWhen,
    // Only the response format matters here: the node validates the reply itself (ajv, clear messages).
    output: request.structured
      ? Output.object({ schema: jsonSchema(request.structured.schema), name: request.structured.name })
      : undefined,
    maxRetries: 0,
    abortSignal: signal,
    onError: () => {}, // errors arrive as stream parts below; the default handler would log them
  });
  const outcome: ModelCallResult = {
    text: request.initialText ?? '',
    steps: 0,
    lastStepToolNames: [],
    inputTokens: 0,
    outputTokens: 0,
    finishReason: 'unknown',
  };
  let stepHasText = false;
  const step = createStepRecorder(request.transcript);
  try {
    for await (const part of result.stream) {
      step.record(part);
      switch (part.type) {
        case 'start-step':
          reporter?.start();
          stepHasText = false;
          // Nothing of a structured reply was streamed: only the last step's text is the answer.
          if (request.structured) outcome.text = '';
          outcome.lastStepToolNames = [];
          break;
        case 'text-delta': {
          if (part.text.length === 0) break;
          // Text of several steps reads as paragraphs, streamed exactly as it ends up in the answer.
          const text = !stepHasText && outcome.text.length > 0 ? `\n\n${part.text}` : part.text;
          stepHasText = true;
          outcome.text += text;
          reporter?.text(part.text);
          if (!request.structured) yield { type: 'text-delta', text };
          break;
        }
        case 'reasoning-delta':
          if (part.text.length > 0) yield { type: 'reasoning-delta', text: part.text };
          break;
        case 'tool-call':
          outcome.lastStepToolNames.push(part.toolName);
          yield {
            type: 'tool-call',
            toolCallId: part.toolCallId,
            toolName: part.toolName,
            input: part.input,
          };
          break;
        case 'tool-result': {
          const isError = request.failedToolCalls?.has(part.toolCallId) ?? false;
          yield {
            type: 'tool-result',
            toolCallId: part.toolCallId,
            toolName: part.toolName,
            output: part.output,
            isError,
          };
          break;
        }
        case 'tool-error': {
          const message = part.error instanceof Error ? part.error.message : String(part.error);
          const output = { error: message };
          yield {
            type: 'tool-result',
            toolCallId: part.toolCallId,
            toolName: part.toolName,
            output,
            isError: true,
          };
          break;
        }
        case 'finish-step': {
          const inputTokens = part.usage.inputTokens ?? 0;
          const outputTokens = part.usage.outputTokens ?? 0;
          outcome.steps += 1;
          outcome.inputTokens += inputTokens;
          outcome.outputTokens += outputTokens;
          outcome.finishReason = part.finishReason;
          reporter?.end({ inputTokens, outputTokens, finishReason: part.finishReason });
          yield { type: 'usage', inputTokens, outputTokens };
          break;
        }
        case 'error':
          throw toProviderFailure(part.error, provider);
        case 'abort':
          throw signal.reason ?? new RunAbortedError();
      }
    }
  } catch (error) {
    step.flush();
    // A stream that breaks (network cut, malformed data) throws here instead of sending an error part.
    const failure = signal.aborted
      ? (signal.reason ?? new RunAbortedError())
      : toProviderFailure(error, provider);
    reporter?.fail(failure);
    throw failure;
  }
  return outcome;
}

/**
 * A plain completion (no tools): the provider's own streaming call, read directly. It is the same wire
 * code as `streamText` (the provider's `doStream`), without the tool-loop machinery around it, which costs
 * several stream layers per token.
 */
async function* streamCompletion(
  model: LanguageModelV4,
  system: string[],
  messages: CallMessage[],
  request: ModelCallRequest,
  reporter: ReturnType<typeof createCallReporter>,
): AsyncGenerator<NodeEvent, ModelCallResult, void> {
  const { resource, signal } = request;
  const provider = resource.provider as ProviderId;
  const prompt: LanguageModelV4Prompt = [];
  if (system.length > 0) prompt.push({ role: 'system', content: system.join('\n\n') });
  for (const message of messages) {
    if (message.role === 'user' && message.files?.length) {
      prompt.push({
        role: 'user',
        content: [
          ...(message.content ? [{ type: 'text' as const, text: message.content }] : []),
          ...message.files.map((file) => ({
            type: 'file' as const,
            data: { type: 'data' as const, data: file.data },
            mediaType: file.mediaType,
            filename: file.filename,
          })),
        ],
      });
    } else prompt.push({ role: message.role, content: [{ type: 'text', text: message.content }] });
  }
  const outcome: ModelCallResult = {
    text: '',
    steps: 1,
    lastStepToolNames: [],
    inputTokens: 0,
    outputTokens: 0,
    finishReason: 'unknown',
  };
  reporter?.start();
  try {
    const { structured } = request;
    const { stream } = await streamCompatibleChat(model, {
      prompt,
      ...resource.settings,
      responseFormat: structured && { type: 'json', schema: structured.schema, name: structured.name },
      abortSignal: signal,
    });
    for await (const part of stream) {
      if (part.type === 'text-delta') {
        if (part.delta.length === 0) continue;
        outcome.text += part.delta;
        reporter?.text(part.delta);
        if (!structured) yield { type: 'text-delta', text: part.delta };
      } else if (part.type === 'reasoning-delta') {
        if (part.delta.length > 0) yield { type: 'reasoning-delta', text: part.delta };
      } else if (part.type === 'finish') {
        outcome.inputTokens = part.usage.inputTokens.total ?? 0;
        outcome.outputTokens = part.usage.outputTokens.total ?? 0;
        outcome.finishReason = part.finishReason.unified;
        reporter?.end(outcome);
        yield { type: 'usage', inputTokens: outcome.inputTokens, outputTokens: outcome.outputTokens };
      } else if (part.type === 'error') {
        throw toProviderFailure(part.error, provider);
      }
    }
  } catch (error) {
    const failure = signal.aborted
      ? (signal.reason ?? new RunAbortedError())
      : toProviderFailure(error, provider);
    reporter?.fail(failure);
    throw failure;
  }
  return outcome;
}

/** A call message in the AI SDK's form: a user message with files becomes text and file parts. */
function toModelMessage(message: CallMessage): ModelMessage {
  if (message.role === 'user' && message.files?.length) {
    return {
      role: 'user',
      content: [
        ...(message.content ? [{ type: 'text' as const, text: message.content }] : []),
        ...message.files.map((file) => ({
          type: 'file' as const,
          data: file.data,
          mediaType: file.mediaType,
          filename: file.filename,
        })),
      ],
    };
  }
  return { role: message.role, content: message.content };
}

/** Rebuilds each step's assistant and tool messages from the stream, for an agent's loop state. */
function createStepRecorder(transcript: ModelMessage[] | undefined) {
  let assistant: (TextPart | ToolCallPart)[] = [];
  let tool: Extract<ModelMessage, { role: 'tool' }>['content'] = [];
  const flush = () => {
    if (!transcript) return;
    if (assistant.length > 0) transcript.push({ role: 'assistant', content: assistant });
    if (tool.length > 0) transcript.push({ role: 'tool', content: tool });
    assistant = [];
    tool = [];
  };
  return {
    flush,
    record(part: { type: string }): void {
      if (!transcript) return;
      if (part.type === 'text-delta') {
        const last = assistant.at(-1);
        const { text } = part as unknown as { text: string };
        if (last?.type === 'text') last.text += text;
        else assistant.push({ type: 'text', text });
      } else if (part.type === 'tool-call') {
        const { toolCallId, toolName, input } = part as unknown as {
          toolCallId: string;
          toolName: string;
          input: unknown;
        };
        assistant.push({ type: 'tool-call', toolCallId, toolName, input });
      } else if (part.type === 'tool-result' || part.type === 'tool-error') {
        const { toolCallId, toolName, output, error } = part as unknown as {
          toolCallId: string;
          toolName: string;
          output?: unknown;
          error?: unknown;
        };
        const value =
          part.type === 'tool-result'
            ? output
            : { error: error instanceof Error ? error.message : String(error) };
        tool.push({
          type: 'tool-result',
          toolCallId,
          toolName,
          output: { type: 'json', value: value as never },
        });
      } else if (part.type === 'finish-step') flush();
    },
  };
}
