import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

// The official SDK comes from the engine package (see mcp-test-server.ts); express is the SDK's own
// dependency (its OAuth router is built on it), loaded from beside the SDK.
const requireFromEngine = createRequire(
  path.resolve(import.meta.dirname, '../../../packages/engine/package.json'),
);
const requireFromSdk = createRequire(
  requireFromEngine.resolve('@modelcontextprotocol/sdk/server/auth/router.js'),
);

type Handler = (
  request: IncomingMessage & { body?: unknown },
  response: ServerResponse,
  next: () => void,
) => void;
interface ExpressApp {
  (request: IncomingMessage, response: ServerResponse): void;
  use(handler: unknown): void;
  post(path: string, ...handlers: unknown[]): void;
  get(path: string, ...handlers: unknown[]): void;
}

async function sdk<T>(specifier: string): Promise<T> {
  return (await import(pathToFileURL(requireFromEngine.resolve(specifier)).href)) as T;
}

/** An OAuth-protected MCP server on loopback. */
export interface OAuthMcpTestServer {
  mcpUrl: string;
  /** Requests to the MCP endpoint, with whether they carried a bearer token. */
  mcpRequests: { bearer: boolean }[];
  close(): Promise<void>;
}

/**
 * The SDK's demo authorization server (it approves every sign-in at once, as a person pressing Allow)
 * and, behind its bearer check, a stateless MCP server with one tool, `whoami`, that names the OAuth
 * client it was called as.
 */
export async function startOAuthMcpTestServer(): Promise<OAuthMcpTestServer> {
  const express = requireFromSdk('express') as { (): ExpressApp; json(): unknown };
  const { DemoInMemoryAuthProvider } = await sdk<{ DemoInMemoryAuthProvider: new () => unknown }>(
    '@modelcontextprotocol/sdk/examples/server/demoInMemoryOAuthProvider.js',
  );
  const { mcpAuthRouter, getOAuthProtectedResourceMetadataUrl } = await sdk<{
    mcpAuthRouter(options: Record<string, unknown>): unknown;
    getOAuthProtectedResourceMetadataUrl(url: URL): string;
  }>('@modelcontextprotocol/sdk/server/auth/router.js');
  const { requireBearerAuth } = await sdk<{ requireBearerAuth(options: Record<string, unknown>): unknown }>(
    '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js',
  );
  const { McpServer } = await sdk<{
    McpServer: new (info: {
      name: string;
      version: string;
    }) => {
      registerTool(
        name: string,
        config: { description: string; inputSchema: Record<string, z.ZodType> },
        callback: (
          args: unknown,
          extra: { authInfo?: { clientId: string } },
        ) => Promise<{ content: { type: 'text'; text: string }[] }>,
      ): unknown;
      connect(transport: unknown): Promise<void>;
      close(): Promise<void>;
    };
  }>('@modelcontextprotocol/sdk/server/mcp.js');
  const { StreamableHTTPServerTransport } = await sdk<{
    StreamableHTTPServerTransport: new (
      options: Record<string, unknown>,
    ) => {
      handleRequest(request: IncomingMessage, response: ServerResponse, body?: unknown): Promise<void>;
      close(): Promise<void>;
    };
  }>('@modelcontextprotocol/sdk/server/streamableHttp.js');

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const mcpUrl = `${origin}/mcp`;
  const provider = new DemoInMemoryAuthProvider();
  const mcpRequests: { bearer: boolean }[] = [];
  const app = express();
  app.use(
    mcpAuthRouter({
      provider,
      issuerUrl: new URL(origin),
      resourceServerUrl: new URL(mcpUrl),
      scopesSupported: ['mcp:tools'],
    }),
  );
  const count: Handler = (request, _response, next) => {
    mcpRequests.push({ bearer: /^Bearer /.test(request.headers.authorization ?? '') });
    next();
  };
  const bearer = requireBearerAuth({
    verifier: provider,
    resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(new URL(mcpUrl)),
  });
  const handleMcp: Handler = (request, response, next) => {
    const mcp = new McpServer({ name: 'e2e-oauth', version: '1.0.0' });
    mcp.registerTool(
      'whoami',
      { description: 'Names the signed-in OAuth client', inputSchema: { greeting: z.string().optional() } },
      async (_args, extra) => ({
        content: [{ type: 'text', text: `Signed in as ${extra.authInfo?.clientId}.` }],
      }),
    );
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    response.on('close', () => {
      void transport.close();
      void mcp.close();
    });
    mcp
      .connect(transport)
      .then(() => transport.handleRequest(request, response, request.body))
      .catch(next);
  };
  app.post('/mcp', count, express.json(), bearer, handleMcp);
  app.get('/mcp', count, bearer, ((_request, response) => {
    response.writeHead(405).end();
  }) satisfies Handler);
  server.on('request', app);
  return {
    mcpUrl,
    mcpRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
