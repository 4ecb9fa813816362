import { createUIMessageStream, type InferUIMessageChunk, type UIMessage } from 'ai';
import type { EngineErrorCode } from '../errors';
import type { GraphProblem } from '../plan/problems';
import type { ApprovalRequest, EngineEvent, NodeStatus, TokenUsage } from '../runtime/events';

/** `data-node` part: the state of one node, updated in place (same id) as it runs. */
export interface NodeDataPart {
  nodeId: string;
  nodeType: string;
  status: 'running' | NodeStatus;
  label?: string;
  attempt?: number;
  /** Previews of the node's inputs, per port (sent when it starts). */
  inputs?: Record<string, string>;
  outputPreview?: string;
  /** A Condition node: the branch it took (sent when it ends). */
  branch?: string;
  usage?: TokenUsage;
  durationMs?: number;
  error?: { code: EngineErrorCode; message: string };
}

/** `data-run` part: the state of the run. */
export interface RunDataPart {
  runId: string;
  status: 'running' | 'done' | 'failed' | 'waiting';
  usage?: TokenUsage;
  durationMs?: number;
  error?: { code: EngineErrorCode; message: string; nodeId?: string; problems?: GraphProblem[] };
}

/** `data-tool` part: one tool call and, later, its result. */
export interface ToolDataPart {
  toolCallId: string;
  nodeId: string;
  toolName: string;
  status: 'calling' | 'done' | 'error';
  input?: unknown;
  output?: unknown;
}

/** `data-node-restart` part: the node runs again from scratch; drop the text it streamed so far. */
export interface NodeRestartDataPart {
  nodeId: string;
}

/** The data parts an Agentry chat message carries besides its text. */
export type AgentryDataParts = {
  node: NodeDataPart;
  run: RunDataPart;
  tool: ToolDataPart;
  /** A Human approval node's question (a tool's question uses the AI SDK's tool-approval parts). */
  approval: ApprovalRequest;
  'node-restart': NodeRestartDataPart;
};
/** The UI message type for `useChat<AgentryUIMessage>()`. */
export type AgentryUIMessage = UIMessage<unknown, AgentryDataParts>;
/** One chunk of the UI message stream. */
export type AgentryUIMessageChunk = InferUIMessageChunk<AgentryUIMessage>;

/** Options of the mapping. */
export interface UIMessageStreamMappingOptions {
  /** Id of the assistant message (persisted chats pass theirs). */
  messageId?: string;
  /** Send data-node parts (default true); widgets that only show text can turn them off. */
  sendNodeParts?: boolean;
  /** Message metadata sent with the start chunk (e.g. the conversation id a client continues with). */
  metadata?: Record<string, unknown>;
  /**
   * Send the reasoning of answering nodes as reasoning parts (default true). The widget's stream leaves
   * it out unless its owner turns "Show reasoning" on: dropped here, on the server, not hidden in the page.
   */
  sendReasoning?: boolean;
}

/** Id of the reasoning part of an answering node (its text part's id is the node id). */
export function reasoningPartId(nodeId: string): string {
  return `reasoning-${nodeId}`;
}

/**
 * Maps engine events to AI SDK UI message chunks: answer text as text-start/-delta/-end (one text part
 * per answering node), its reasoning as reasoning-start/-delta/-end, tool calls as the AI SDK's dynamic
 * tool parts (tool-input-start/-available, tool-output-available/-error/-denied, so a plain `useChat`
 * client renders them) and as data-tool parts (with the node id), node and run state as data-node /
 * data-run parts, then finish or error. Text and reasoning of nodes that do not feed the answer stay out
 * of the message.
 *
 * Synchronous and stateful (which parts are open): one mapper per message, fed its events in order.
 */
export class UIMessageChunkMapper {
  private readonly sendNodes: boolean;
  private readonly sendReasoning: boolean;
  private readonly openText = new Set<string>();
  private readonly openReasoning = new Set<string>();
  private streamedAnswer = false;

  constructor(private readonly options: UIMessageStreamMappingOptions = {}) {
    this.sendNodes = options.sendNodeParts ?? true;
    this.sendReasoning = options.sendReasoning ?? true;
  }

  /** The chunks of one event (none for an event the message does not show). */
  map(event: EngineEvent): AgentryUIMessageChunk[] {
    const out: AgentryUIMessageChunk[] = [];
    switch (event.type) {
      case 'run-start':
        out.push({
          type: 'start',
          messageId: this.options.messageId,
          messageMetadata: this.options.metadata,
        });
        out.push({ type: 'data-run', id: event.runId, data: { runId: event.runId, status: 'running' } });
        break;
      case 'node-start':
        if (this.sendNodes) {
          const { nodeId, nodeType, label, attempt, inputs } = event;
          out.push({
            type: 'data-node',
            id: nodeId,
            data: { nodeId, nodeType, label, attempt, inputs, status: 'running' },
          });
        }
        break;
      case 'node-reasoning':
        if (!event.feedsAnswer || !this.sendReasoning) break;
        if (!this.openReasoning.has(event.nodeId)) {
          this.openReasoning.add(event.nodeId);
          out.push({ type: 'reasoning-start', id: reasoningPartId(event.nodeId) });
        }
        out.push({ type: 'reasoning-delta', id: reasoningPartId(event.nodeId), delta: event.delta });
        break;
      case 'node-delta':
        if (!event.feedsAnswer) break;
        // The model thought, now it answers: the reasoning part ends where the text begins.
        this.closeReasoning(event.nodeId, out);
        if (!this.openText.has(event.nodeId)) {
          this.openText.add(event.nodeId);
          out.push({ type: 'text-start', id: event.nodeId });
        }
        this.streamedAnswer = true;
        out.push({ type: 'text-delta', id: event.nodeId, delta: event.delta });
        break;
      case 'node-end':
        this.closeText(event.nodeId, out);
        if (this.sendNodes) {
          const { nodeId, nodeType, status, outputPreview, branch, usage, durationMs, error } = event;
          out.push({
            type: 'data-node',
            id: nodeId,
            data: { nodeId, nodeType, status, outputPreview, branch, usage, durationMs, error },
          });
        }
        break;
      case 'tool-call': {
        const { toolCallId, nodeId, toolName, input } = event;
        this.closeReasoning(nodeId, out);
        out.push({
          type: 'data-tool',
          id: toolCallId,
          data: { toolCallId, nodeId, toolName, input, status: 'calling' },
        });
        // Dynamic: an agent's tools are chosen in the graph, so no client knows them as a static set.
        out.push({ type: 'tool-input-start', toolCallId, toolName, dynamic: true });
        out.push({ type: 'tool-input-available', toolCallId, toolName, input, dynamic: true });
        break;
      }
      case 'tool-result': {
        const { toolCallId, nodeId, toolName, output, isError, approval } = event;
        const status = isError ? 'error' : 'done';
        out.push({
          type: 'data-tool',
          id: toolCallId,
          data: { toolCallId, nodeId, toolName, output, status },
        });
        if (approval === 'denied') out.push({ type: 'tool-output-denied', toolCallId });
        else if (isError)
          out.push({
            type: 'tool-output-error',
            toolCallId,
            errorText: toolErrorText(output),
            dynamic: true,
          });
        else out.push({ type: 'tool-output-available', toolCallId, output, dynamic: true });
        break;
      }
      case 'run-end':
        this.closeAll(out);
        // Answers that were not streamed (a Prompt or Condition straight into Chat Output) arrive whole.
        if (!this.streamedAnswer && event.answer) {
          out.push({ type: 'text-start', id: 'answer' });
          out.push({ type: 'text-delta', id: 'answer', delta: event.answer });
          out.push({ type: 'text-end', id: 'answer' });
        }
        out.push({
          type: 'data-run',
          id: event.runId,
          data: { runId: event.runId, status: 'done', usage: event.usage, durationMs: event.durationMs },
        });
        out.push({ type: 'finish', finishReason: 'stop' });
        break;
      case 'node-restart':
        this.closeText(event.nodeId, out);
        out.push({ type: 'data-node-restart', id: event.nodeId, data: { nodeId: event.nodeId } });
        break;
      case 'run-waiting': {
        this.closeAll(out);
        const { request } = event;
        if (request.kind === 'tool' && request.toolCall) {
          // The AI SDK's own approval parts, so a standard useChat client renders and answers them.
          const { toolCallId, toolName, input } = request.toolCall;
          out.push({ type: 'tool-input-available', toolCallId, toolName, input, dynamic: true });
          out.push({ type: 'tool-approval-request', approvalId: request.id, toolCallId });
        } else {
          out.push({ type: 'data-approval', id: request.id, data: request });
        }
        out.push({
          type: 'data-run',
          id: event.runId,
          data: { runId: event.runId, status: 'waiting', usage: event.usage, durationMs: event.durationMs },
        });
        out.push({ type: 'finish', finishReason: 'other' });
        break;
      }
      case 'run-error': {
        this.closeAll(out);
        const { runId, code, message, nodeId, problems, usage, durationMs } = event;
        if (code === 'invalid_graph') {
          out.push({
            type: 'start',
            messageId: this.options.messageId,
            messageMetadata: this.options.metadata,
          });
        }
        out.push({
          type: 'data-run',
          id: runId,
          data: { runId, status: 'failed', usage, durationMs, error: { code, message, nodeId, problems } },
        });
        out.push({ type: 'error', errorText: message });
        break;
      }
    }
    return out;
  }

  private closeReasoning(nodeId: string, out: AgentryUIMessageChunk[]): void {
    if (this.openReasoning.delete(nodeId)) out.push({ type: 'reasoning-end', id: reasoningPartId(nodeId) });
  }

  private closeText(id: string, out: AgentryUIMessageChunk[]): void {
    this.closeReasoning(id, out);
    if (this.openText.delete(id)) out.push({ type: 'text-end', id });
  }

  private closeAll(out: AgentryUIMessageChunk[]): void {
    for (const id of [...this.openReasoning]) this.closeReasoning(id, out);
    for (const id of [...this.openText]) this.closeText(id, out);
  }
}

/** `UIMessageChunkMapper` over an event stream: the chunks of every event, in order. */
export async function* toUIMessageChunks(
  events: AsyncIterable<EngineEvent>,
  options: UIMessageStreamMappingOptions = {},
): AsyncGenerator<AgentryUIMessageChunk, void, void> {
  const mapper = new UIMessageChunkMapper(options);
  for await (const event of events) yield* mapper.map(event);
}

/** A failed tool's output as the text of a tool-output-error part: its `error` message, else its JSON. */
function toolErrorText(output: unknown): string {
  const message = (output as { error?: unknown } | null)?.error;
  return typeof message === 'string' ? message : JSON.stringify(output);
}

/** A ReadableStream of UI message chunks for `createUIMessageStreamResponse` (HTTP endpoints share it). */
export function createEngineUIMessageStream(
  events: AsyncIterable<EngineEvent>,
  options: UIMessageStreamMappingOptions = {},
): ReadableStream<AgentryUIMessageChunk> {
  return createUIMessageStream<AgentryUIMessage>({
    execute: async ({ writer }) => {
      for await (const chunk of toUIMessageChunks(events, options)) writer.write(chunk);
    },
    // Engine errors arrive as run-error events; anything thrown here is a bug and is not shown in detail.
    onError: () => 'The run failed unexpectedly.',
  });
}
