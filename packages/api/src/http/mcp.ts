import { randomUUID } from 'node:crypto';
import type { LanguageModelFactory } from '@agentry/engine';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { isInitializeRequest, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { mcpCancellations } from '../services/mcp-cancel';
import { createAgentryMcpServer, listMcpAgentTools } from '../services/mcp-server';
import { authenticateRequest, requireScope } from './authenticate';
import { readBodyText } from './read-body';
import { logger } from '../logging/process-logger';

/** Largest MCP POST body: a tool call carries one message of at most 32,000 characters. */
export const MAX_MCP_BODY_BYTES = 1024 * 1024;

/** A JSON-RPC error answer with no request id (the request was refused before it was read). */
function jsonRpcError(
  status: number,
  code: number,
  message: string,
  options: { data?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Response {
  return Response.json(
    { jsonrpc: '2.0', id: null, error: { code, message, ...(options.data ? { data: options.data } : {}) } },
    { status, headers: options.headers },
  );
}

/**
 * The answer to a refused request, in JSON-RPC's shape so MCP clients show the message. A 401 carries
 * `WWW-Authenticate: Bearer`; anything not an AppError is logged and answered without its details.
 */
function refusal(error: unknown, request: Request): Response {
  if (!(error instanceof AppError)) {
    logger().error(
      { err: error, method: request.method },
      'An MCP request failed unexpectedly; answered 500',
    );
    return jsonRpcError(500, -32603, 'Something went wrong on the server.', { data: { code: 'internal' } });
  }
  const headers: Record<string, string> = {};
  if (error.status === 401) {
    headers['www-authenticate'] = request.headers.has('authorization')
      ? 'Bearer realm="agentry", error="invalid_token"'
      : 'Bearer realm="agentry"';
  }
  const retry = error.details?.retryAfterSeconds;
  if (typeof retry === 'number') headers['retry-after'] = String(retry);
  return jsonRpcError(error.status, -32000, error.message, { data: { code: error.code }, headers });
}

/** The caller: an API key with the `run` scope (MCP clients send keys; a browser session is not enough). */
async function authenticateMcpCaller(runtime: Runtime, request: Request) {
  const refused = new AppError(
    'unauthorized',
    'Send an Agentry API key with the "run" scope as "Authorization: Bearer <key>".',
  );
  if (!request.headers.has('authorization')) throw refused;
  const caller = await authenticateRequest(runtime, request);
  if (caller.via !== 'api-key' || !caller.keyId) throw refused;
  requireScope(caller, 'run');
  return { ...caller, keyId: caller.keyId };
}

/** The client's `Mcp-Session-Id`, when it is one we could have issued (visible ASCII, not too long). */
function sessionIdOf(request: Request): string | undefined {
  const value = request.headers.get('mcp-session-id');
  return value && /^[\x21-\x7e]{1,200}$/.test(value) ? value : undefined;
}

type Message = { method?: unknown; id?: unknown; params?: { requestId?: unknown; reason?: unknown } };

/** The messages of a JSON-RPC body (one, or a batch), as loosely typed objects. */
function messagesOf(body: unknown): Message[] {
  const list = Array.isArray(body) ? body : [body];
  return list.filter((entry): entry is Message => typeof entry === 'object' && entry !== null);
}

/**
 * Passes the response through and calls `done` once its body is finished or dropped: the request's
 * server then closes, which aborts a tool call still running (its client went away).
 */
function closingWhenDone(response: Response, headers: Headers, done: () => void): Response {
  const source = response.body;
  if (!source) {
    done();
    return new Response(null, { status: response.status, headers });
  }
  const reader = source.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done: finished, value } = await reader.read();
        if (finished) {
          controller.close();
          done();
        } else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
        done();
      }
    },
    async cancel(reason) {
      done();
      await reader.cancel(reason).catch(() => undefined);
    },
  });
  return new Response(body, { status: response.status, headers });
}

/**
 * `/api/mcp`: Agentry as an MCP server over Streamable HTTP. Each published agent the API key may run is
 * a tool (see services/mcp-server.ts); a call runs it and streams its answer as progress notifications.
 *
 * Stateless: every request gets a fresh SDK server and transport, so any server process can answer any
 * request. The initialize answer carries an `Mcp-Session-Id` of our own (random, holding no state) that
 * clients send back; a `notifications/cancelled` POST, which may reach another process than the call,
 * finds the call by (API key, session, request id) here or, with REDIS_URL, in the process holding it.
 * GET (a stream for server-initiated messages) is 405: a stateless server has nothing to send there.
 */
export async function handleMcp(
  runtime: Runtime,
  request: Request,
  options: { languageModels?: LanguageModelFactory } = {},
): Promise<Response> {
  let caller: Awaited<ReturnType<typeof authenticateMcpCaller>>;
  let body: unknown;
  try {
    caller = await authenticateMcpCaller(runtime, request);
    if (request.method !== 'POST' && request.method !== 'DELETE') {
      return jsonRpcError(
        405,
        -32000,
        'Method not allowed: this MCP server streams each answer on its POST and offers no GET stream.',
        { headers: { allow: 'POST, DELETE' } },
      );
    }
    // Read (with the limit enforced while reading) before anything is parsed.
    if (request.method === 'POST') {
      const text = await readBodyText(request, MAX_MCP_BODY_BYTES);
      try {
        body = JSON.parse(text);
      } catch {
        return jsonRpcError(400, -32700, 'Parse error: the request body is not valid JSON.');
      }
    }
  } catch (error) {
    return refusal(error, request);
  }

  const sessionId = sessionIdOf(request);
  const messages = messagesOf(body);
  const cancellations = mcpCancellations(runtime);
  for (const message of messages) {
    const requestId = message.params?.requestId;
    if (message.method !== 'notifications/cancelled' || !sessionId) continue;
    if (typeof requestId !== 'string' && typeof requestId !== 'number') continue;
    const reason = typeof message.params?.reason === 'string' ? message.params.reason : undefined;
    cancellations.cancel({ apiKeyId: caller.keyId, sessionId, requestId }, reason);
  }

  const needsTools = messages.some(
    (message) => message.method === 'tools/list' || message.method === 'tools/call',
  );
  let tools: Awaited<ReturnType<typeof listMcpAgentTools>> = [];
  try {
    if (needsTools) tools = await listMcpAgentTools(runtime, caller.workspaceId, caller.agentIds);
  } catch (error) {
    return refusal(error, request);
  }

  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: false,
  });
  const holdCall = async (requestId: RequestId, signal: AbortSignal) => {
    // A client's cancellation is handed to this request's server as the SDK's own notification: it
    // aborts the handler's signal and drops the call's response.
    const release = sessionId
      ? await cancellations.hold({ apiKeyId: caller.keyId, sessionId, requestId }, (reason) =>
          transport.onmessage?.({
            jsonrpc: '2.0',
            method: 'notifications/cancelled',
            params: { requestId, ...(reason === undefined ? {} : { reason }) },
          }),
        )
      : undefined;
    return () => {
      release?.();
      // A cancelled call gets no response, so its stream would stay open: end it.
      if (signal.aborted) transport.closeSSEStream(requestId);
    };
  };
  const server = createAgentryMcpServer(
    runtime,
    { workspaceId: caller.workspaceId, apiKeyId: caller.keyId },
    { tools, holdCall, languageModels: options.languageModels },
  );
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    void server.close().catch(() => undefined);
  };
  request.signal.addEventListener('abort', close, { once: true });
  try {
    await server.connect(transport);
    const response = await transport.handleRequest(request, {
      parsedBody: request.method === 'POST' ? body : undefined,
    });
    const headers = new Headers(response.headers);
    if (response.ok && messages.some((message) => isInitializeRequest(message))) {
      headers.set('mcp-session-id', randomUUID());
    }
    return closingWhenDone(response, headers, close);
  } catch (error) {
    close();
    return refusal(error, request);
  }
}
