import type { LanguageModelFactory, UIMessageStreamMappingOptions } from '@agentry/engine';
import { AppError } from '../../errors';
import type { Runtime } from '../../runtime';
import { type ChatRequest, splitChatMessages } from '../chat';
import { chatFilesOfMessage } from '../chat-message-files';
import { settleDailyTokens } from '../daily-token-budget';
import { type DurableRun, startDurableRun } from '../durable-runs';
import type { EmbedSettings } from '../embed-settings';
import { requireAllowedOrigin } from '../public-origin';
import { startedRunResponse } from '../run-stream';
import { conversationGone, findWidgetConversation } from './conversations';
import { publicChatLimiters } from './limiters';
import { countVisitorMessage, reserveVisitorTokens, settlingDailyTokens } from './limits';
import { loadPublicAgent } from './public-agent';

/** One visitor's chat turn, as the public route receives it. */
export interface PublicChatRequest {
  publicId: string;
  origin: string | null;
  /** The client's address, for the per-address limit. */
  clientAddress: string;
  body: ChatRequest;
  signal?: AbortSignal;
  /** Tests replace the provider. */
  languageModels?: LanguageModelFactory;
}

/**
 * A visitor's chat turn through the widget: the published version only, from an allowed origin, within
 * the agent's limits (message length 413; messages per minute per address (IPv6 by /64) and per
 * conversation, tokens per conversation and per agent per day 429). Before the run starts it reserves
 * its token budget from the day's total (`reserveDailyTokens`), so concurrent runs cannot together spend
 * past the cap. Only the last user message is taken from the body; the history comes from the stored
 * conversation, so a page cannot put words in the agent's mouth.
 */
export async function publicChatResponse(runtime: Runtime, request: PublicChatRequest): Promise<Response> {
  const limiters = await publicChatLimiters(runtime);
  const agent = await loadPublicAgent(runtime, request.publicId);
  requireAllowedOrigin(agent, request.origin);
  const { limits } = agent.settings;
  const { message, files: fileParts } = splitChatMessages(request.body.messages.slice(-1));
  if (fileParts.length > 0 && !agent.settings.files.enabled)
    throw new AppError('forbidden', 'This chat does not accept files.');
  if (message.length > limits.maxMessageChars) {
    throw new AppError(
      'too_large',
      `Your message is ${message.length} characters long; the limit is ${limits.maxMessageChars}. Please shorten it.`,
    );
  }
  const conversationId = request.body.conversationId;
  const conversation = conversationId
    ? await findWidgetConversation(runtime, agent, conversationId)
    : undefined;
  if (conversationId && !conversation) throw conversationGone();

  await countVisitorMessage(limiters, agent, request.clientAddress, conversation);
  const files = await chatFilesOfMessage(runtime, {
    workspaceId: agent.workspaceId,
    agentId: agent.agentId,
    conversationId: conversation?.id,
    source: 'widget',
    parts: fileParts,
    limits: agent.settings.files,
  });
  const reservation = await reserveVisitorTokens(runtime, agent, conversation);

  let run: DurableRun;
  try {
    run = await startDurableRun(
      runtime,
      {
        workspaceId: agent.workspaceId,
        agentId: agent.agentId,
        graph: agent.graph,
        versionId: agent.versionId,
        source: 'widget',
        conversationId: conversation?.id,
        message,
        files,
        languageModels: request.languageModels,
        options: { budget: { maxTokens: reservation.tokens } },
      },
      { readerBound: true, wrap: (events) => settlingDailyTokens(runtime, reservation, events) },
    );
  } catch (error) {
    await settleDailyTokens(runtime, reservation, 0).catch(() => {});
    throw error;
  }
  if (!conversation)
    await limiters.perConversation.hit(run.conversationId, limits.messagesPerMinutePerConversation);
  return startedRunResponse(runtime, run, {
    visitor: true,
    mapping: visitorStreamMapping(run.conversationId, agent.settings),
    signal: request.signal,
  });
}

/**
 * The UI message mapping of a widget's stream (its reattached streams use the same): text only, plus the
 * model's reasoning when the owner turned "Show reasoning" on.
 */
export function visitorStreamMapping(
  conversationId: string,
  settings: Pick<EmbedSettings, 'showReasoning'>,
): UIMessageStreamMappingOptions {
  return { sendNodeParts: false, sendReasoning: settings.showReasoning, metadata: { conversationId } };
}
