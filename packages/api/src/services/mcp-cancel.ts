import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Runtime } from '../runtime';
import { RuntimeSlot } from '../runtime-slot';

/** The Redis channel on which a process asks the others to cancel an MCP tool call it does not hold. */
export const MCP_CANCEL_CHANNEL = 'agentry:mcp-cancel';

const callKeySchema = z.object({
  apiKeyId: z.string().min(1).max(100),
  sessionId: z.string().min(1).max(200),
  requestId: z.union([z.string().max(200), z.number()]),
});

/**
 * Names one MCP tool call in flight: the API key that made it, the client's session (our random
 * `Mcp-Session-Id`, echoed by the client) and the JSON-RPC request id, which is unique only per session.
 */
export type McpCallKey = z.infer<typeof callKeySchema>;

/** Stops a held call (the holder turns it into the SDK's own cancellation). */
type CancelCall = (reason: string | undefined) => void;

/** The MCP calls this process holds, and the way to cancel calls held by any process. */
export interface McpCancellations {
  /**
   * Holds a call until the returned `release` is called; `cancel` stops it when the client cancels.
   * With REDIS_URL it first makes sure this process hears cancellations sent to the others.
   */
  hold(key: McpCallKey, cancel: CancelCall): Promise<() => void>;
  /**
   * Cancels the call `key` names: at once when this process holds it, otherwise (with REDIS_URL) by
   * telling every other process. A call is only ever found under the key of the API key that made it, so
   * another key's cancellation matches nothing.
   */
  cancel(key: McpCallKey, reason?: string): void;
  /** Closes the subscriber connection (tests, and processes that stop). */
  close(): Promise<void>;
}

// How long the first held call waits for the subscription before going on without it (a cancellation
// sent to another process then reaches this one only once the subscription is up).
const SUBSCRIBE_TIMEOUT_MS = 3_000;

const messageSchema = z.object({
  origin: z.string(),
  key: callKeySchema,
  reason: z.string().max(1_000).optional(),
});

/** One string per key; the request id keeps its type (JSON-RPC's 5 and "5" are different requests). */
function keyText(key: McpCallKey): string {
  return JSON.stringify([key.apiKeyId, key.sessionId, typeof key.requestId, String(key.requestId)]);
}

function createCancellations(runtime: Runtime): McpCancellations {
  const held = new Map<string, CancelCall>();
  const origin = randomUUID();
  let subscriber: Redis | undefined;
  let subscribed: Promise<void> | undefined;

  const cancelHere = (key: McpCallKey, reason: string | undefined): boolean => {
    const cancel = held.get(keyText(key));
    cancel?.(reason);
    return cancel !== undefined;
  };

  /** Subscribes once, on a connection of its own (a subscribed connection can do nothing else). */
  const subscribe = (url: string): Promise<void> => {
    subscribed ??= (async () => {
      const { Redis } = await import('ioredis');
      const connection = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: SUBSCRIBE_TIMEOUT_MS });
      subscriber = connection;
      connection.on('error', () => {
        // Reported by the shared command connection's warning; the subscriber reconnects by itself.
      });
      connection.on('message', (channel: string, text: string) => {
        if (channel !== MCP_CANCEL_CHANNEL) return;
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return;
        }
        const message = messageSchema.safeParse(parsed);
        if (!message.success || message.data.origin === origin) return;
        cancelHere(message.data.key, message.data.reason);
      });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        connection.subscribe(MCP_CANCEL_CHANNEL),
        new Promise((resolve) => {
          timer = setTimeout(resolve, SUBSCRIBE_TIMEOUT_MS);
        }),
      ])
        .catch((error: unknown) =>
          runtime.logger.warn(
            { err: error },
            "Could not subscribe to MCP cancellations in Redis; a client's cancellation that reaches another server process will not stop the call here",
          ),
        )
        .finally(() => clearTimeout(timer));
    })();
    return subscribed;
  };

  return {
    async hold(key, cancel) {
      const { redisUrl } = runtime.config;
      if (redisUrl) await subscribe(redisUrl);
      const text = keyText(key);
      held.set(text, cancel);
      return () => {
        if (held.get(text) === cancel) held.delete(text);
      };
    },
    cancel(key, reason) {
      if (cancelHere(key, reason)) return;
      const publisher = runtime.sharedRedis;
      if (!publisher) return;
      publisher
        .publish(MCP_CANCEL_CHANNEL, JSON.stringify({ origin, key, reason: reason?.slice(0, 1_000) }))
        .catch((error: Error) =>
          runtime.logger.warn(
            { err: error },
            'Could not pass an MCP cancellation to the other processes through Redis',
          ),
        );
    },
    async close() {
      held.clear();
      await subscribed;
      await subscriber?.quit().catch(() => subscriber?.disconnect());
    },
  };
}

const registries = new RuntimeSlot<McpCancellations>('mcp-cancellations');

/** The runtime's MCP cancellations, created on first use. */
export function mcpCancellations(runtime: Runtime): McpCancellations {
  let registry = registries.get(runtime);
  if (!registry) {
    registry = createCancellations(runtime);
    registries.set(runtime, registry);
  }
  return registry;
}

/** Closes the runtime's MCP cancellation subscriber, if one was opened. */
export async function closeMcpCancellations(runtime: Runtime): Promise<void> {
  const registry = registries.get(runtime);
  registries.delete(runtime);
  await registry?.close();
}
