import { agentDailyUsage, agents, agentVersions, conversations, messages } from '@agentry/db';
import { and, asc, eq, sql } from '@agentry/db/drizzle';
import { createEngineUIMessageStream, type EngineEvent, type LanguageModelFactory } from '@agentry/engine';
import { createUIMessageStreamResponse } from 'ai';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { type ChatRequest, STREAM_HEADERS, splitChatMessages } from './chat';
import {
  type EmbedSettings,
  isOriginAllowed,
  parseEmbedSettings,
  type WidgetConfig,
  widgetConfig,
} from './embed-settings';
import { SlidingWindowLimiter } from './rate-limit';
import { onAgentChange } from './lookup-cache';
import { runJournal } from './run-journal';
import { startRun } from './runs';

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
/** How long the day's token total of an agent is trusted before it is read again (other instances). */
const DAILY_USAGE_TTL_MS = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface PublicChatState {
  agents: Map<string, { value: Promise<PublicAgent | undefined>; expiresAt: number }>;
  /** Published versions are immutable: their graphs are kept (the engine caches the compiled plan per object). */
  graphs: Map<string, unknown>;
  dailyTokens: Map<string, { day: string; tokens: number; readAt: number }>;
  perAddress: SlidingWindowLimiter;
  perConversation: SlidingWindowLimiter;
}

const states = new WeakMap<Runtime, PublicChatState>();

function stateOf(runtime: Runtime): PublicChatState {
  let state = states.get(runtime);
  if (!state) {
    const created: PublicChatState = {
      agents: new Map(),
      graphs: new Map(),
      dailyTokens: new Map(),
      perAddress: new SlidingWindowLimiter(60_000),
      perConversation: new SlidingWindowLimiter(60_000),
    };
    onAgentChange((publicId) => created.agents.delete(publicId));
    states.set(runtime, created);
    state = created;
  }
  return state;
}

/**
 * The graph of a published version. Versions never change, so graphs are kept in memory (the engine
 * then reuses the compiled plan of the same object): a chat with a published agent reads no graph.
 */
export async function publishedVersionGraph(runtime: Runtime, versionId: string): Promise<unknown> {
  const { graphs } = stateOf(runtime);
  if (graphs.has(versionId)) return graphs.get(versionId);
  const [row] = await runtime.db
    .select({ graph: agentVersions.graph })
    .from(agentVersions)
    .where(eq(agentVersions.id, versionId));
  if (!row) return undefined;
  if (graphs.size >= 500) graphs.delete(graphs.keys().next().value!);
  graphs.set(versionId, row.graph);
  return row.graph;
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

function notAvailable(): AppError {
  return new AppError('not_found', 'This assistant is not available. Check the agent id in the embed code.');
}

/** Refuses a request whose origin the agent does not allow (403, with a message the widget shows). */
export function requireAllowedOrigin(agent: PublicAgent, origin: string | null): void {
  if (isOriginAllowed(origin, agent.settings.allowedOrigins)) return;
  throw new AppError(
    'forbidden',
    origin && origin !== 'null'
      ? `This site (${origin}) is not allowed to use this assistant. Its owner can add it in Agentry under Embed → Allowed sites.`
      : 'This assistant only answers requests from the sites its owner allows.',
  );
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

async function findWidgetConversation(runtime: Runtime, agent: PublicAgent, conversationId: string) {
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

/** The messages of a widget conversation of this agent, oldest first (the last 100). */
export async function getPublicConversation(
  runtime: Runtime,
  publicId: string,
  origin: string | null,
  conversationId: string,
) {
  const agent = await loadPublicAgent(runtime, publicId);
  requireAllowedOrigin(agent, origin);
  if (!(await findWidgetConversation(runtime, agent, conversationId))) throw conversationGone();
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

function utcDay(date = new Date()): string {
  return date.toISOString().slice(0, 10);
}

async function tokensToday(runtime: Runtime, state: PublicChatState, agentId: string): Promise<number> {
  const day = utcDay();
  const cached = state.dailyTokens.get(agentId);
  if (cached && cached.day === day && Date.now() - cached.readAt < DAILY_USAGE_TTL_MS) return cached.tokens;
  const [row] = await runtime.db
    .select({ tokens: agentDailyUsage.tokens })
    .from(agentDailyUsage)
    .where(and(eq(agentDailyUsage.agentId, agentId), eq(agentDailyUsage.day, day)));
  const tokens = row?.tokens ?? 0;
  state.dailyTokens.set(agentId, { day, tokens, readAt: Date.now() });
  return tokens;
}

async function addTokensToday(
  runtime: Runtime,
  state: PublicChatState,
  agentId: string,
  tokens: number,
): Promise<void> {
  if (tokens <= 0) return;
  const day = utcDay();
  const [row] = await runtime.db
    .insert(agentDailyUsage)
    .values({ agentId, day, tokens })
    .onConflictDoUpdate({
      target: [agentDailyUsage.agentId, agentDailyUsage.day],
      set: { tokens: sql`${agentDailyUsage.tokens} + ${tokens}` },
    })
    .returning({ tokens: agentDailyUsage.tokens });
  state.dailyTokens.set(agentId, { day, tokens: row?.tokens ?? tokens, readAt: Date.now() });
}

/**
 * Passes a run's events on to a visitor, adding its tokens to the agent's daily total when it ends.
 * Tool calls and results stay private (they are recorded in the run, never sent to the page).
 */
async function* forVisitor(
  runtime: Runtime,
  state: PublicChatState,
  agentId: string,
  events: AsyncIterable<EngineEvent>,
): AsyncGenerator<EngineEvent> {
  for await (const event of events) {
    if (event.type === 'run-end' || event.type === 'run-error') {
      await addTokensToday(runtime, state, agentId, event.usage.inputTokens + event.usage.outputTokens).catch(
        (error: unknown) => console.error('[public-chat] could not record daily usage', error),
      );
    }
    if (event.type === 'tool-call' || event.type === 'tool-result') continue;
    yield event;
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

/**
 * A visitor's chat turn through the widget: the published version only, from an allowed origin, within
 * the agent's limits (message length 413; messages per minute per address and per conversation, tokens
 * per conversation and per agent per day 429). Only the last user message is taken from the body; the
 * history comes from the stored conversation, so a page cannot put words in the agent's mouth.
 */
export async function publicChatResponse(runtime: Runtime, request: PublicChatRequest): Promise<Response> {
  const state = stateOf(runtime);
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

  const addressKey = `${agent.agentId}:${request.clientAddress}`;
  const byAddress = state.perAddress.hit(addressKey, limits.messagesPerMinutePerIp);
  if (!byAddress.ok)
    throw limited(
      `You are sending messages too quickly. Try again in ${byAddress.retryAfterSeconds} s.`,
      byAddress.retryAfterSeconds,
      'address_rate',
    );
  if (conversation) {
    const byConversation = state.perConversation.hit(
      conversation.id,
      limits.messagesPerMinutePerConversation,
    );
    if (!byConversation.ok) {
      state.perAddress.undo(addressKey);
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
  const usedToday = await tokensToday(runtime, state, agent.agentId);
  if (usedToday >= limits.tokensPerAgentPerDay) {
    const midnight = new Date();
    midnight.setUTCHours(24, 0, 0, 0);
    throw limited(
      'This assistant has reached its daily limit. Please try again tomorrow.',
      Math.ceil((midnight.getTime() - Date.now()) / 1000),
      'agent_daily_tokens',
    );
  }

  const run = await startRun(runtime, {
    workspaceId: agent.workspaceId,
    agentId: agent.agentId,
    graph: agent.graph,
    versionId: agent.versionId,
    source: 'widget',
    conversationId: conversation?.id,
    message,
    signal: request.signal,
    languageModels: request.languageModels,
    // A run may not spend more than what is left of either cap.
    options: {
      budget: {
        maxTokens: Math.max(
          1,
          Math.min(
            limits.tokensPerConversation - (conversation?.tokensUsed ?? 0),
            limits.tokensPerAgentPerDay - usedToday,
          ),
        ),
      },
    },
  });
  if (!conversation) state.perConversation.hit(run.conversationId, limits.messagesPerMinutePerConversation);
  const stream = createEngineUIMessageStream(forVisitor(runtime, state, agent.agentId, run.events), {
    sendNodeParts: false,
    metadata: { conversationId: run.conversationId },
  });
  return createUIMessageStreamResponse({
    stream,
    headers: { ...STREAM_HEADERS, 'x-agentry-conversation-id': run.conversationId },
  });
}
