import type { ApprovalRequest, NodeDataPart, RunDataPart, ToolDataPart } from '@agentry/engine';
import type { ChatFilePart } from './attachments';
import type { StreamChunk } from './sse-events';

/** A part of a preview message, in the order it arrived. */
export type PreviewPart =
  /** Answer text of one node (`nodeId`); a node restarted after a crash drops its parts. */
  | { type: 'text'; nodeId: string; text: string }
  /** The reasoning a model of node `nodeId` streamed before (or between) its answer; shown folded. */
  | { type: 'reasoning'; nodeId: string; text: string }
  /** A tool call and, later, its result (same shape as the `data-tool` part, for the sources list). */
  | { type: 'data-tool'; id: string; data: ToolDataPart }
  /** A question the run waits on: a Human approval node's, or a tool call marked "ask before running". */
  | { type: 'approval'; request: ApprovalRequest; answer?: string }
  /** A file the user sent with a message (an uploaded file: `url` is `agentry-file:<id>`). */
  | ChatFilePart;

/** One message of the preview chat. */
export interface PreviewMessage {
  id: string;
  role: 'user' | 'assistant';
  parts: PreviewPart[];
  /** The run that wrote an assistant message. */
  runId?: string;
  /** How its run stands, from the `data-run` parts (or, for a stop its events do not tell, the run's status). */
  run?: {
    status: RunDataPart['status'] | 'interrupted' | 'cancelled';
    error?: { code: string; message: string; nodeId?: string };
  };
}

/** What the reducer reports besides the message: node states for the canvas. */
export interface ChunkEffects {
  onNodeState?: (nodeId: string, state: Omit<NodeDataPart, 'nodeId'>) => void;
}

/** Open text parts per node while a message streams (not stored: rebuilt by a replay). */
export type OpenText = Map<string, number>;

/**
 * Applies one UI message stream chunk to an assistant message (mutating it; the store copies before it
 * publishes). Text goes to the node's open text part; `data-node-restart` drops every text part of
 * that node, since it streams its text again from the start; tool waits arrive as the AI SDK's
 * `tool-input-available` + `tool-approval-request`, approval waits as `data-approval`.
 */
export function applyChunk(
  message: PreviewMessage,
  open: OpenText,
  chunk: StreamChunk,
  effects: ChunkEffects = {},
): void {
  const parts = message.parts;
  switch (chunk.type) {
    case 'text-start': {
      open.set(String(chunk.id), parts.length);
      parts.push({ type: 'text', nodeId: String(chunk.id), text: '' });
      break;
    }
    case 'text-delta': {
      const id = String(chunk.id);
      let index = open.get(id);
      if (index === undefined) {
        index = parts.length;
        open.set(id, index);
        parts.push({ type: 'text', nodeId: id, text: '' });
      }
      const part = parts[index];
      if (part?.type === 'text') part.text += String(chunk.delta ?? '');
      break;
    }
    case 'text-end':
      open.delete(String(chunk.id));
      break;
    case 'reasoning-start':
    case 'reasoning-delta': {
      // Keyed apart from text in `open`: a node's reasoning and text parts are both open at times.
      const key = `${REASONING}${String(chunk.id)}`;
      let index = open.get(key);
      if (index === undefined) {
        index = parts.length;
        open.set(key, index);
        parts.push({ type: 'reasoning', nodeId: reasoningNodeId(String(chunk.id)), text: '' });
      }
      const part = parts[index];
      if (chunk.type === 'reasoning-delta' && part?.type === 'reasoning')
        part.text += String(chunk.delta ?? '');
      break;
    }
    case 'reasoning-end':
      open.delete(`${REASONING}${String(chunk.id)}`);
      break;
    case 'data-node-restart': {
      const nodeId = (chunk.data as { nodeId: string }).nodeId;
      message.parts = parts.filter(
        (part) => (part.type !== 'text' && part.type !== 'reasoning') || part.nodeId !== nodeId,
      );
      reindex(message, open);
      break;
    }
    case 'data-node': {
      const { nodeId, ...state } = chunk.data as NodeDataPart;
      effects.onNodeState?.(nodeId, state);
      break;
    }
    case 'data-tool': {
      const data = chunk.data as ToolDataPart;
      const existing = parts.find((part) => part.type === 'data-tool' && part.id === data.toolCallId);
      if (existing?.type === 'data-tool') existing.data = { ...existing.data, ...data };
      else parts.push({ type: 'data-tool', id: data.toolCallId, data });
      break;
    }
    case 'data-approval': {
      const request = chunk.data as ApprovalRequest;
      if (!parts.some((part) => part.type === 'approval' && part.request.id === request.id))
        parts.push({ type: 'approval', request });
      break;
    }
    case 'tool-input-available': {
      // The call that waits: shown with its arguments once the approval request names it.
      const toolCallId = String(chunk.toolCallId);
      if (!parts.some((part) => part.type === 'data-tool' && part.id === toolCallId))
        parts.push({
          type: 'data-tool',
          id: toolCallId,
          data: {
            toolCallId,
            nodeId: '',
            toolName: String(chunk.toolName),
            input: chunk.input,
            status: 'calling',
          },
        });
      break;
    }
    case 'tool-approval-request': {
      const toolCallId = String(chunk.toolCallId);
      const call = parts.find((part) => part.type === 'data-tool' && part.id === toolCallId);
      const data = call?.type === 'data-tool' ? call.data : undefined;
      const requestId = String(chunk.approvalId);
      if (parts.some((part) => part.type === 'approval' && part.request.id === requestId)) break;
      parts.push({
        type: 'approval',
        request: {
          id: requestId,
          kind: 'tool',
          nodeId: (data?.nodeId ?? '') as ApprovalRequest['nodeId'],
          message: `Run tool ${data?.toolName ?? 'tool'}?`,
          choices: [
            { id: 'approve', label: 'Approve' },
            { id: 'deny', label: 'Deny' },
          ],
          toolCall: { toolCallId, toolName: data?.toolName ?? '', input: data?.input },
          audience: 'operator',
        },
      });
      break;
    }
    case 'data-run': {
      const { status, error } = chunk.data as RunDataPart;
      message.run = { status, error };
      break;
    }
    case 'error':
      message.run = {
        status: 'failed',
        error: message.run?.error ?? { code: 'run_failed', message: String(chunk.errorText) },
      };
      break;
  }
}

/** Prefix of a reasoning part's key in `OpenText` (text parts are keyed by their node id). */
const REASONING = 'reasoning:';

/** The node of a reasoning part's id (`reasoning-<nodeId>`, as the server names it). */
function reasoningNodeId(id: string): string {
  return id.startsWith('reasoning-') ? id.slice('reasoning-'.length) : id;
}

/** After parts were removed, points the open text and reasoning ids at their parts' new places. */
function reindex(message: PreviewMessage, open: OpenText): void {
  for (const [key] of open) {
    const reasoning = key.startsWith(REASONING);
    const nodeId = reasoning ? reasoningNodeId(key.slice(REASONING.length)) : key;
    const type = reasoning ? 'reasoning' : 'text';
    const index = message.parts.findLastIndex((part) => part.type === type && part.nodeId === nodeId);
    if (index === -1) open.delete(key);
    else open.set(key, index);
  }
}

/** The plain text of a message (what the next turn sends as history). */
export function messageText(message: PreviewMessage): string {
  return message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

/** The question a message's run still waits on (the newest unanswered approval part). */
export function openQuestion(message: PreviewMessage | undefined): ApprovalRequest | undefined {
  if (message?.run?.status !== 'waiting') return undefined;
  const part = message.parts.findLast((entry) => entry.type === 'approval' && !entry.answer);
  return part?.type === 'approval' ? part.request : undefined;
}
