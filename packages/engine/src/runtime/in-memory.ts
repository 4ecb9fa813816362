import type { Graph } from '../format/graph-schema';
import type { ChatMessage } from '../format/values';
import type {
  AgentLoader,
  Clock,
  ConversationStorage,
  Credential,
  RunContext,
  SecretResolver,
} from './context';

/** Conversation storage in a Map: for tests, the CLI and the programmatic Agent API. */
export function createMemoryStorage(): ConversationStorage & { clear(): void } {
  const conversations = new Map<string, ChatMessage[]>();
  const keyOf = (conversationId: string, memoryKey: string) => `${conversationId}\u0000${memoryKey}`;
  return {
    async loadMessages({ conversationId, memoryKey, limit }) {
      const messages = conversations.get(keyOf(conversationId, memoryKey)) ?? [];
      return limit > 0 ? messages.slice(-limit) : [];
    },
    async appendMessages({ conversationId, memoryKey, messages }) {
      const key = keyOf(conversationId, memoryKey);
      const stored = conversations.get(key) ?? [];
      stored.push(...messages.map((message) => ({ ...message })));
      conversations.set(key, stored);
    },
    clear() {
      conversations.clear();
    },
  };
}

/** The real wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at one instant (tests, reproducible runs). */
export function createFixedClock(at: Date | string | number): Clock {
  const time = new Date(at).getTime();
  return { now: () => new Date(time) };
}

/** Secrets from a plain object keyed by credential id. */
export function createMemorySecrets(credentials: Record<string, Credential> = {}): SecretResolver {
  return { resolve: async (credentialId) => credentials[credentialId] };
}

/** Saved agents from a plain object keyed by agent id. */
export function createMemoryAgents(agents: Record<string, Graph> = {}): AgentLoader {
  return { load: async (agentId) => agents[agentId] };
}

/** Options of createMemoryContext. */
export interface MemoryContextOptions extends Partial<RunContext> {
  credentials?: Record<string, Credential>;
  agentGraphs?: Record<string, Graph>;
}

/** A complete RunContext kept in memory; any field can be overridden. */
export function createMemoryContext(options: MemoryContextOptions = {}): RunContext {
  const { credentials, agentGraphs, ...overrides } = options;
  return {
    storage: createMemoryStorage(),
    secrets: createMemorySecrets(credentials),
    clock: systemClock,
    agents: createMemoryAgents(agentGraphs),
    conversationId: crypto.randomUUID(),
    ...overrides,
  };
}
