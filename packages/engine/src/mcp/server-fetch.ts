import type { Logger } from '../runtime/context';
import { createGuardedFetch } from '../tools/guarded-fetch';
import { MCP_UNREACHABLE_ADDRESS_MESSAGE, McpClientError } from './mcp-client-error';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

const guardedFetches = new Map<string, typeof globalThis.fetch>();

/** One guarded fetch per allow-list, so connections under the same policy share keep-alive sockets. */
function guardedFetchFor(allowPrivateHosts: readonly string[]): typeof globalThis.fetch {
  const key = JSON.stringify([...allowPrivateHosts].sort());
  let guarded = guardedFetches.get(key);
  if (!guarded) {
    guarded = createGuardedFetch({ allowHosts: [...allowPrivateHosts] });
    guardedFetches.set(key, guarded);
  }
  return guarded;
}

/** The fetch an SDK transport uses for one server, and the refusal behind its last failure. */
export interface ServerFetch {
  fetch: (url: string | URL, init?: RequestInit) => Promise<Response>;
  /**
   * The address or redirect refusal that made the last request fail, once. The SSE transport reports a
   * failed stream as its own error with only a message, so the caller reads the cause here.
   */
  takeRefusal(): McpClientError | undefined;
}

/**
 * A fetch bound to one MCP server: every request goes through the address guard (private and loopback
 * addresses only where the admin allows them); the server's headers (credential included) are added only
 * to requests for the server's own origin; redirects within that origin are followed (at most 5) and a
 * redirect to any other origin is refused, so a credential never follows one.
 */
export function createServerFetch(options: {
  serverUrl: URL;
  headers: Record<string, string>;
  allowPrivateHosts: readonly string[];
  logger?: Logger;
}): ServerFetch {
  const origin = options.serverUrl.origin;
  const guarded = guardedFetchFor(options.allowPrivateHosts);
  let refusal: McpClientError | undefined;
  const refuse = (error: McpClientError): never => {
    refusal = error;
    throw error;
  };
  return {
    takeRefusal() {
      const taken = refusal;
      refusal = undefined;
      return taken;
    },
    fetch: async (input, init = {}) => {
      let url = new URL(input);
      let method = (init.method ?? 'GET').toUpperCase();
      let body = init.body;
      for (let hop = 0; ; hop++) {
        const headers = new Headers(init.headers);
        if (url.origin === origin) {
          // The protocol's own headers (session, version, content type) are never replaced by the node's.
          for (const [name, value] of Object.entries(options.headers)) {
            if (!headers.has(name)) headers.set(name, value);
          }
        }
        let response: Response;
        try {
          response = await guarded(url, { ...init, method, body, headers, redirect: 'manual' });
        } catch (error) {
          if ((error as { code?: unknown } | null)?.code === 'address_blocked') {
            // The details (the kind of address) stay in the server log; the model and the editor learn
            // only that the address is off limits.
            options.logger?.warn('MCP client refused a private or reserved address', {
              server: origin,
              detail: (error as Error).message,
            });
            refuse(new McpClientError('address_blocked', MCP_UNREACHABLE_ADDRESS_MESSAGE, { cause: error }));
          }
          throw error;
        }
        const location = response.headers.get('location');
        if (!REDIRECT_STATUSES.has(response.status) || location === null) return response;
        await response.body?.cancel();
        const next = new URL(location, url);
        if (next.origin !== origin) {
          refuse(
            new McpClientError(
              'redirect_refused',
              `The MCP server at ${origin} redirected to ${next.origin}; Agentry does not follow a server to another origin. Use the URL it redirects to, if you trust it.`,
            ),
          );
        }
        if (hop >= MAX_REDIRECTS) {
          refuse(
            new McpClientError(
              'redirect_refused',
              `The MCP server at ${origin} redirected more than ${MAX_REDIRECTS} times.`,
            ),
          );
        }
        if (
          response.status === 303 ||
          ((response.status === 301 || response.status === 302) && method === 'POST')
        ) {
          method = 'GET';
          body = undefined;
        }
        url = next;
      }
    },
  };
}
