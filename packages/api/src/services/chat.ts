import type { ChatMessage, LanguageModelFactory } from '@agentry/engine';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { answerApprovalInChat, approvalResponseOf } from './chat-approval';
import { startDurableRun } from './durable-runs';
import { type ChatFilePart, chatFilesOfMessage, filePartsOf } from './chat-message-files';
import { startedRunResponse } from './run-stream';
import type { RunSource } from './runs';

export { STREAM_HEADERS } from './run-stream';

/**
 * Largest chat request body: room for images sent inline as data URLs (a 5 MB image is about 6.7 MB of
 * base64). Larger files go through the upload route (`POST /api/v1/agents/:id/files`) first.
 */
export const MAX_CHAT_BODY_BYTES = 8 * 1024 * 1024;

/** Longest user message accepted, in characters. */
export const MAX_MESSAGE_CHARS = 32_000;

const textPart = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  /** File parts (`useChat`): `agentry-file:<id>` of an uploaded file, or a data URL. */
  url: z.string().optional(),
  mediaType: z.string().max(200).optional(),
  filename: z.string().max(500).optional(),
});
const uiMessage = z.looseObject({
  id: z.string().max(200).optional(),
  role: z.enum(['system', 'user', 'assistant']),
  parts: z.array(textPart).max(500),
});

/** Body of `POST /api/v1/agents/:id/chat`, as `useChat` sends it. */
export const chatRequestSchema = z.looseObject({
  messages: z.array(uiMessage).min(1, 'Send at least one message').max(500),
  conversationId: z.string().min(1).max(100).optional(),
  /** Which graph answers: the published version (default for API keys) or the draft (preview). */
  target: z.enum(['draft', 'published']).optional(),
});

/** A parsed chat request body. */
export type ChatRequest = z.infer<typeof chatRequestSchema>;

function textOf(message: z.infer<typeof uiMessage>): string {
  return message.parts
    .filter((part) => part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('');
}

/** The new user message, its file parts and the earlier turns, from `useChat`'s message list. */
export function splitChatMessages(messages: ChatRequest['messages']): {
  message: string;
  history: ChatMessage[];
  files: ChatFilePart[];
} {
  const last = messages.at(-1);
  if (last?.role !== 'user')
    throw new AppError('bad_request', 'messages: the last message must be from the user.');
  const message = textOf(last);
  const files = filePartsOf(last);
  if (!message.trim() && files.length === 0)
    throw new AppError('bad_request', 'messages: the last message has no text.');
  if (message.length > MAX_MESSAGE_CHARS) {
    throw new AppError(
      'too_large',
      `The message is ${message.length} characters long; the limit is ${MAX_MESSAGE_CHARS}.`,
    );
  }
  const history = messages
    .slice(0, -1)
    .map((entry) => ({ role: entry.role, content: textOf(entry) }))
    .filter((entry) => entry.content.length > 0)
    .slice(-50);
  return { message, history, files };
}

/** What to run for a chat request. */
export interface ChatTarget {
  workspaceId: string;
  agentId: string;
  graph: unknown;
  versionId?: string | null;
  source: RunSource;
  /** The API key that asked for the run, recorded as its actor. */
  apiKeyId?: string;
  /** Send node/tool state parts (preview) or text only (widget). */
  sendNodeParts?: boolean;
  /** The caller may answer the agent's tool approvals from the chat (editors and keys, not viewers). */
  mayAnswer?: boolean;
  languageModels?: LanguageModelFactory;
}

/**
 * Runs an agent for one chat turn and answers with the AI SDK UI message stream (SSE), which `useChat`
 * consumes unchanged; every event carries its number as the SSE `id:`. The conversation id comes back in
 * the `x-agentry-conversation-id` header and in the assistant message's metadata, the run id in
 * `x-agentry-run-id`. A reader that loses the connection reattaches with `GET /api/v1/runs/:id/stream`
 * (`Last-Event-ID`); when no reader is left for a few seconds (a closed tab) the run is cancelled. A
 * request whose last message answers a tool approval (`addToolApprovalResponse`) continues that run.
 */
export async function chatResponse(
  runtime: Runtime,
  target: ChatTarget,
  request: ChatRequest,
  signal?: AbortSignal,
): Promise<Response> {
  const approval = approvalResponseOf(request.messages);
  if (approval) {
    return answerApprovalInChat(
      runtime,
      {
        workspaceId: target.workspaceId,
        agentId: target.agentId,
        mayAnswer: target.mayAnswer ?? false,
        languageModels: target.languageModels,
        mapping: (run) => chatStreamMapping(target, run),
      },
      approval,
      signal,
    );
  }
  const { message, history, files: fileParts } = splitChatMessages(request.messages);
  const run = await startDurableRun(
    runtime,
    {
      workspaceId: target.workspaceId,
      agentId: target.agentId,
      graph: target.graph,
      versionId: target.versionId,
      source: target.source,
      apiKeyId: target.apiKeyId,
      conversationId: request.conversationId,
      message,
      history: request.conversationId ? undefined : history,
      files: await chatFilesOfMessage(runtime, {
        workspaceId: target.workspaceId,
        agentId: target.agentId,
        conversationId: request.conversationId,
        source: target.source === 'preview' ? 'preview' : 'api',
        parts: fileParts,
      }),
      languageModels: target.languageModels,
    },
    { readerBound: true },
  );
  return startedRunResponse(runtime, run, { mapping: chatStreamMapping(target, run), signal });
}

/** The UI message mapping of a chat's stream (its reattached streams use the same). */
export function chatStreamMapping(
  target: Pick<ChatTarget, 'sendNodeParts'>,
  run: { runId: string; conversationId: string },
) {
  return {
    sendNodeParts: target.sendNodeParts ?? true,
    metadata: { conversationId: run.conversationId, runId: run.runId },
  };
}
