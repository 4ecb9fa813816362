import { agents, conversations, messages } from '@agentry/db';
import { and, asc, eq } from '@agentry/db/drizzle';
import type { EngineEvent, LanguageModelFactory } from '@agentry/engine';
import { AppError } from '../errors';
import { addressLimitKey } from '../http/client-address';
import type { Runtime } from '../runtime';
import { publishedVersionGraph } from './agent-graphs';
import { type ChatRequest, splitChatMessages } from './chat';
import { type DurableRun, startDurableRun } from './durable-runs';
import { type EmbedSettings, parseEmbedSettings, type WidgetConfig, widgetConfig } from './embed-settings';
import {
  type DailyTokenReservation,
  RUN_TOKEN_RESERVATION,
  reserveDailyTokens,
  settleDailyTokens,
} from './daily-token-budget';
import { onAgentChange } from './lookup-cache';
import { publicChatLimiters } from './public-chat-limits';
import { requireAllowedOrigin } from './public-origin';
import { runJournal } from './run-journal';
import { startedRunResponse } from './run-stream';
import { RuntimeSlot } from '../runtime-slot';

/** What the public routes know of an agent, cached briefly so a chat costs no lookup of its own. */
export interface PublicAgent {
  agentId: string;
  workspaceId: string;
  publicId: string;
  name: string;
  versionId: string;
  graph: unknown;
  settings: EmbedSettings;
}

/** How long a public agent (settings, published version) is served from memory. */
const AGENT_TTL_MS = 5_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface PublicChatState {
  agents: Map<string, { value: Promise<PublicAgent | undefined>; expiresAt: number }>;
}

const states = new RuntimeSlot<PublicChatState>('public-chat');

function stateOf(runtime: Runtime): PublicChatState {
  let state = states.get(runtime);
  if (!state) {
    const created: PublicChatState = { agents: new Map() };
    onAgentChange(runtime, (publicId) => created.agents.delete(publicId));
    states.set(runtime, created);
    state = created;
  }
  return state;
}

async function readPublicAgent(runtime: Runtime, publicId: string): Promise<PublicAgent | undefined> {
  const [row] = await runtime.db
    .select({
      id: agents.id,
      workspaceId: agents.workspaceId,
      name: agents.name,
      publishedVersionId: agents.publishedVersionId,
      embedSettings: agents.embedSettings,
    })
    .from(agents)
    .where(eq(agents.publicId, publicId));
  if (!row?.publishedVersionId) return undefined;
  return {
    agentId: row.id,
    workspaceId: row.workspaceId,
    publicId,
    name: row.name,
    versionId: row.publishedVersionId,
    graph: await publishedVersionGraph(runtime, row.publishedVersionId),
    settings: parseEmbedSettings(row.embedSettings),
  };
}

/** Loads a published agent by its public id (never the internal id); 404 when there is none. */
export async function loadPublicAgent(runtime: Runtime, publicId: string): Promise<PublicAgent> {
  const state = stateOf(runtime);
  const now = Date.now();
  let entry = state.agents.get(publicId);
  if (!entry || entry.expiresAt < now) {
    if (!/^ag_[\w-]{1,40}$/.test(publicId)) throw notAvailable();
    entry = { value: readPublicAgent(runtime, publicId), expiresAt: now + AGENT_TTL_MS };
    entry.value.catch(() => state.agents.delete(publicId));
    if (state.agents.size > 10_000) state.agents.clear();
    state.agents.set(publicId, entry);
  }
  const agent = await entry.value;
  if (!agent) throw notAvailable();
  return agent;
}

export { requireAllowedOrigin } from './public-origin';

function notAvailable(): AppError {
  return new AppError('not_found', 'This assistant is not available. Check the agent id in the embed code.');
}

/** The widget's look and welcome for an allowed origin. */
export async function getPublicWidgetConfig(
  runtime: Runtime,
  publicId: string,
  origin: string | null,
): Promise<WidgetConfig & { agentName: string }> {
  const agent = await loadPublicAgent(runtime, publicId);
  requireAllowedOrigin(agent, origin);
  return { ...widgetConfig(agent.settings), agentName: agent.name };
}

/** A widget conversation of this agent (its pending records written first); undefined when there is none. */
export async function findWidgetConversation(runtime: Runtime, agent: PublicAgent, conversationId: string) {
  if (!UUID.test(conversationId)) return undefined;
  await runJournal(runtime).writeConversation(conversationId);
  const [row] = await runtime.db
    .select({ id: conversations.id, tokensUsed: conversations.tokensUsed })
    .from(conversations)
    .where(
      and(
        eq(conversations.id, conversationId),
        eq(conversations.agentId, agent.agentId),
        eq(conversations.source, 'widget'),
      ),
    );
  return row;
}

function conversationGone(): AppError {
  return new AppError('not_found', 'This conversation is no longer available. Start a new one.', {
    reason: 'conversation_not_found',
  });
}

/**
 * A visitor's way into one of its conversations: the published agent by public id, from an allowed
 * origin, and the widget conversation of that agent (404 when it is gone).
 */
export async function openVisitorConversation(
  runtime: Runtime,
  publicId: string,
  origin: string | null,
  conversationId: string,
): Promise<PublicAgent> {
  const agent = await loadPublicAgent(runtime, publicId);
  requireAllowedOrigin(agent, origin);
  if (!(await findWidgetConversation(runtime, agent, conversationId))) throw conversationGone();
  return agent;
}

/** The messages of a widget conversation of this agent, oldest first (the last 100). */
export async function getPublicConversation(
  runtime: Runtime,
  publicId: string,
  origin: string | null,
  conversationId: string,
) {
  await openVisitorConversation(runtime, publicId, origin, conversationId);
  const rows = await runtime.db
    .select({
      id: messages.id,
      role: messages.role,
      content: messages.content,
      createdAt: messages.createdAt,
    })
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    .orderBy(asc(messages.createdAt));
  return {
    conversationId,
    messages: rows
      .slice(-100)
      .map((row) => ({ id: row.id, role: row.role, text: row.content, createdAt: row.createdAt })),
  };
}

/**
 * Passes a widget run's events through, replacing the run's daily reservation by its usage when it
 * ends or starts waiting. A run stopped early (the visitor left) reports no total: it is charged the
 * steps it finished. (Tool calls and results are kept from the page when it is streamed.)
 */
export async function* settlingDailyTokens(
  runtime: Runtime,
  reservation: DailyTokenReservation,
  events: AsyncIterable<EngineEvent>,
): AsyncGenerator<EngineEvent> {
  let finishedSteps = 0;
  let usedTokens: number | undefined;
  const settle = (tokens: number) =>
    settleDailyTokens(runtime, reservation, tokens).catch((error: unknown) =>
      runtime.logger.error(
        { err: error, agentId: reservation.agentId },
        "Could not record a public chat's tokens against the agent's daily budget",
      ),
    );
  try {
    for await (const event of events) {
      if (event.type === 'node-end') finishedSteps += event.usage.inputTokens + event.usage.outputTokens;
      if (event.type === 'run-end' || event.type === 'run-error' || event.type === 'run-waiting') {
        usedTokens = event.usage.inputTokens + event.usage.outputTokens;
        await settle(usedTokens);
      }
      yield event;
    }
  } finally {
    if (usedTokens === undefined) await settle(finishedSteps);
  }
}

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

function limited(message: string, retryAfterSeconds: number, reason: string): AppError {
  return new AppError('rate_limited', message, { retryAfterSeconds, reason });
}

function secondsToMidnight(): number {
  const midnight = new Date();
  midnight.setUTCHours(24, 0, 0, 0);
  return Math.ceil((midnight.getTime() - Date.now()) / 1000);
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
  const { message } = splitChatMessages(request.body.messages.slice(-1));
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

  const addressKey = `${agent.agentId}:${addressLimitKey(request.clientAddress)}`;
  const byAddress = await limiters.perAddress.hit(addressKey, limits.messagesPerMinutePerIp);
  if (!byAddress.ok)
    throw limited(
      `You are sending messages too quickly. Try again in ${byAddress.retryAfterSeconds} s.`,
      byAddress.retryAfterSeconds,
      'address_rate',
    );
  if (conversation) {
    const byConversation = await limiters.perConversation.hit(
      conversation.id,
      limits.messagesPerMinutePerConversation,
    );
    if (!byConversation.ok) {
      await limiters.perAddress.undo(addressKey);
      throw limited(
        `This conversation is moving too fast. Try again in ${byConversation.retryAfterSeconds} s.`,
        byConversation.retryAfterSeconds,
        'conversation_rate',
      );
    }
    if (conversation.tokensUsed >= limits.tokensPerConversation) {
      throw limited(
        'This conversation has reached its length limit. Start a new conversation to continue.',
        60,
        'conversation_tokens',
      );
    }
  }
  // A run may not spend more than what is left of its conversation, nor more than it reserved of the day.
  const reservation = await reserveDailyTokens(
    runtime,
    agent.agentId,
    Math.min(RUN_TOKEN_RESERVATION, limits.tokensPerConversation - (conversation?.tokensUsed ?? 0)),
    limits.tokensPerAgentPerDay,
  );
  if ('refused' in reservation) {
    throw reservation.refused === 'exhausted'
      ? limited(
          'This assistant has reached its daily limit. Please try again tomorrow.',
          secondsToMidnight(),
          'agent_daily_tokens',
        )
      : limited(
          'This assistant is answering as many visitors as its daily limit allows right now. Please try again in a minute.',
          60,
          'agent_daily_tokens_reserved',
        );
  }

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
    mapping: visitorStreamMapping(run.conversationId),
    signal: request.signal,
  });
}

/** The UI message mapping of a widget's stream (text only; its reattached streams use the same). */
export function visitorStreamMapping(conversationId: string) {
  return { sendNodeParts: false, metadata: { conversationId } };
}
