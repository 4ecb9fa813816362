import type { Runtime } from '../runtime';
import type { Invalidation } from './cache-invalidation';
import { RuntimeSlot } from '../runtime-slot';

/** A map whose entries expire after `ttlMs`; the oldest entry goes when it is full. */
export class TtlCache<K, V> {
  private entries = new Map<K, { value: V; expiresAt: number }>();
  private dropped = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > Date.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /**
   * Counts the `deleteWhere` calls so far. A reader takes it before reading the database and hands it
   * to `set`: a row read before an invalidation arrived is not cached over it.
   */
  get generation(): number {
    return this.dropped;
  }

  /** Caches `value`, unless entries were dropped since `readAt` (a `generation`) was taken. */
  set(key: K, value: V, readAt?: number): void {
    if (readAt !== undefined && readAt !== this.dropped) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, expiresAt: Date.now() + this.ttlMs });
  }

  /** Drops the entries whose value matches (a revoked key, a deleted credential). */
  deleteWhere(matches: (value: V) => boolean): void {
    this.dropped++;
    for (const [key, entry] of this.entries) if (matches(entry.value)) this.entries.delete(key);
  }
}

/**
 * How long a run's lookups (API key, agent, credential) are reused. Every run would otherwise read the
 * same rows again; on the embedded database each read costs about a millisecond of the server's only
 * thread. Changes made through this process drop the entries at once; with REDIS_URL they are published
 * and every other process drops them at once too (`invalidate`). Without Redis, another process (several
 * servers on one PostgreSQL) sees a revoked key or deleted credential at most this much later.
 */
export const LOOKUP_TTL_MS = 5_000;

/** A bearer key that authenticated: what it may do, and until when (checked on every use). */
export interface ApiKeyHit {
  keyId: string;
  workspaceId: string;
  scopes: string[];
  /** The agents the key is limited to; null: every agent. */
  agentIds: string[] | null;
  expiresAt: Date | null;
  createdBy: string | null;
  lastUsedAt: Date | null;
}

/** An agent as a completion request names it. */
export interface AgentHit {
  id: string;
  name: string;
  publishedVersionId: string | null;
}

/** A credential row, its secret still encrypted. */
export interface CredentialHit {
  id: string;
  name: string;
  provider: string;
  baseUrl: string | null;
  allowedHosts: string[];
  /** Model prices the workspace set on the credential (USD per million tokens). */
  prices: Record<string, { input: number; output: number }>;
  encryptedSecret: string | null;
  /**
   * The secret once opened: reused while the entry lives (every run of an agent would otherwise decrypt
   * it again). It is no more exposed than before: the key that opens it is in the same memory.
   */
  opened?: Promise<string>;
}

interface Lookups {
  apiKeys: TtlCache<string, ApiKeyHit>;
  agents: TtlCache<string, AgentHit>;
  credentials: TtlCache<string, CredentialHit>;
  /** Told an agent's public id when it is published, deleted or re-embedded (`onAgentChange`). */
  agentListeners: Set<(publicId: string) => void>;
}

const caches = new RuntimeSlot<Lookups>('lookups');

/** The runtime's cached lookups. */
export function lookups(runtime: Runtime): Lookups {
  let found = caches.get(runtime);
  if (!found) {
    found = {
      apiKeys: new TtlCache(LOOKUP_TTL_MS),
      agents: new TtlCache(LOOKUP_TTL_MS),
      credentials: new TtlCache(LOOKUP_TTL_MS),
      agentListeners: new Set(),
    };
    caches.set(runtime, found);
  }
  return found;
}

/** Calls `listener` with an agent's public id whenever this process publishes, deletes or re-embeds it. */
export function onAgentChange(runtime: Runtime, listener: (publicId: string) => void): () => void {
  const { agentListeners } = lookups(runtime);
  agentListeners.add(listener);
  return () => agentListeners.delete(listener);
}

/** Drops this process's cached entries that `message` names (a change here, or one another process published). */
export function applyInvalidation(runtime: Runtime, message: Invalidation): void {
  const cached = lookups(runtime);
  if (message.kind === 'api-keys') {
    const gone = new Set(message.ids);
    cached.apiKeys.deleteWhere((hit) => gone.has(hit.keyId));
  } else if (message.kind === 'credential') {
    cached.credentials.deleteWhere((hit) => hit.id === message.id);
  } else {
    cached.agents.deleteWhere((hit) => hit.id === message.id);
    for (const listener of cached.agentListeners) listener(message.publicId);
  }
}

/** A key was revoked, a credential or agent changed: drop it here and, with REDIS_URL, in every process. */
export function invalidate(runtime: Runtime, message: Invalidation): void {
  applyInvalidation(runtime, message);
  runtime.invalidation?.publish(message);
}

/** An agent was published, deleted or its embed settings changed here: drop what is cached of it everywhere. */
export function agentChanged(runtime: Runtime, agent: { id: string; publicId: string }): void {
  invalidate(runtime, { kind: 'agent', id: agent.id, publicId: agent.publicId });
}
