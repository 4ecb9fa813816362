import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { DemoInMemoryAuthProvider } from '@modelcontextprotocol/sdk/examples/server/demoInMemoryOAuthProvider.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { InvalidGrantError, InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import {
  getOAuthProtectedResourceMetadataUrl,
  mcpAuthRouter,
} from '@modelcontextprotocol/sdk/server/auth/router.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { OAuthClientInformationFull, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { z } from 'zod';
import { createMcpOAuthProvider, type McpOAuthState, type McpOAuthStore } from './oauth-client';

type Next = (error?: unknown) => void;
type Handler = (
  request: IncomingMessage & { body?: unknown; auth?: AuthInfo },
  response: ServerResponse,
  next: Next,
) => void;
interface ExpressApp {
  (request: IncomingMessage, response: ServerResponse): void;
  use(...handlers: unknown[]): void;
  get(path: string, ...handlers: unknown[]): void;
  post(path: string, ...handlers: unknown[]): void;
}
interface Express {
  (): ExpressApp;
  json(): unknown;
}

// express is the SDK's dependency (its auth router is built on it), not ours: load the copy it uses.
const requireFromSdk = createRequire(
  createRequire(import.meta.url).resolve('@modelcontextprotocol/sdk/server/auth/router.js'),
);
const express = requireFromSdk('express') as Express;

interface IssuedToken {
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

/**
 * The SDK's demo authorization server (it approves every authorization request at once), with what the
 * demo leaves out: refresh tokens (rotated on each use) and access tokens a test can expire.
 */
export class RefreshingDemoAuthProvider extends DemoInMemoryAuthProvider {
  private readonly accessTokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<string, { clientId: string; scopes: string[] }>();
  /** How many refresh grants were answered. */
  refreshes = 0;

  override async exchangeAuthorizationCode(
    client: OAuthClientInformationFull,
    authorizationCode: string,
    codeVerifier?: string,
  ): Promise<OAuthTokens> {
    const tokens = await super.exchangeAuthorizationCode(client, authorizationCode, codeVerifier);
    const scopes = tokens.scope ? tokens.scope.split(' ') : [];
    return this.issue(client.client_id, scopes, tokens.access_token);
  }

  override async exchangeRefreshToken(
    client: OAuthClientInformationFull,
    refreshToken: string,
  ): Promise<OAuthTokens> {
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant || grant.clientId !== client.client_id) throw new InvalidGrantError('Unknown refresh token');
    this.refreshTokens.delete(refreshToken);
    this.refreshes += 1;
    return this.issue(client.client_id, grant.scopes);
  }

  override async verifyAccessToken(token: string): Promise<AuthInfo> {
    const issued = this.accessTokens.get(token);
    if (!issued) throw new InvalidTokenError('Unknown access token');
    return { token, clientId: issued.clientId, scopes: issued.scopes, expiresAt: issued.expiresAt };
  }

  /** Makes every access token issued so far expired (refresh tokens stay valid). */
  expireAccessTokens(): void {
    for (const issued of this.accessTokens.values()) issued.expiresAt = Math.floor(Date.now() / 1000) - 60;
  }

  /** Forgets every refresh token (the user revoked access at the server). */
  revokeRefreshTokens(): void {
    this.refreshTokens.clear();
  }

  private issue(clientId: string, scopes: string[], accessToken: string = randomUUID()): OAuthTokens {
    const refreshToken = randomUUID();
    this.accessTokens.set(accessToken, {
      clientId,
      scopes,
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
    });
    this.refreshTokens.set(refreshToken, { clientId, scopes });
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: 3600,
      refresh_token: refreshToken,
      scope: scopes.join(' '),
    };
  }
}

/** An OAuth-protected MCP server on loopback: the SDK's auth router, bearer middleware and MCP server. */
export interface OAuthMcpTestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The MCP endpoint, `<origin>/mcp`. */
  mcpUrl: string;
  provider: RefreshingDemoAuthProvider;
  /** "METHOD /path" of every request, in order. */
  requests: string[];
  /** Requests to the MCP endpoint, with whether they carried a bearer token. */
  mcpRequests: { bearer: boolean }[];
  close(): Promise<void>;
}

/**
 * Starts an authorization server and an MCP server (Streamable HTTP, stateless) on one loopback port.
 * Its tool `whoami` answers the OAuth client id of the token it was called with.
 */
export async function startOAuthMcpTestServer(): Promise<OAuthMcpTestServer> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const mcpUrl = `${origin}/mcp`;
  const provider = new RefreshingDemoAuthProvider();
  const requests: string[] = [];
  const mcpRequests: { bearer: boolean }[] = [];
  const app = express();
  const log: Handler = (request, _response, next) => {
    const path = new URL(request.url ?? '/', origin).pathname;
    requests.push(`${request.method} ${path}`);
    if (path === '/mcp') mcpRequests.push({ bearer: /^Bearer /i.test(request.headers.authorization ?? '') });
    next();
  };
  app.use(log);
  app.use(
    mcpAuthRouter({
      provider,
      issuerUrl: new URL(origin),
      resourceServerUrl: new URL(mcpUrl),
      scopesSupported: ['mcp:tools'],
    }),
  );
  const bearer = requireBearerAuth({
    verifier: provider,
    resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(new URL(mcpUrl)),
  });
  const handleMcp: Handler = (request, response, next) => {
    const mcp = new McpServer({ name: 'oauth-test-server', version: '1.0.0' });
    mcp.registerTool(
      'whoami',
      { description: 'Names the OAuth client that called', inputSchema: { greeting: z.string().optional() } },
      async (_args, extra) => ({
        content: [{ type: 'text', text: `client ${extra.authInfo?.clientId ?? 'none'}` }],
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
  app.post('/mcp', express.json(), bearer, handleMcp);
  app.get('/mcp', bearer, ((_request, response) => {
    response.writeHead(405).end();
  }) satisfies Handler);
  server.on('request', app);
  return {
    origin,
    mcpUrl,
    provider,
    requests,
    mcpRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Signs `store` in to the test server the way a person does: start (discovery, registration, PKCE),
 * follow the authorization URL as the browser would (the demo server approves at once), exchange the code.
 */
export async function signInForTest(
  server: OAuthMcpTestServer,
  store: McpOAuthStore,
  fetchFn: typeof fetch,
): Promise<void> {
  let authorizationUrl: URL | undefined;
  const starter = createMcpOAuthProvider(store, {
    serverUrl: server.mcpUrl,
    authorization: {
      state: 'test-state',
      redirect: (url) => {
        authorizationUrl = url;
      },
    },
  });
  if ((await auth(starter, { serverUrl: server.mcpUrl, fetchFn })) !== 'REDIRECT' || !authorizationUrl) {
    throw new Error('The test server did not ask for a sign-in.');
  }
  const approval = await fetch(authorizationUrl, { redirect: 'manual' });
  const code = new URL(approval.headers.get('location') ?? '').searchParams.get('code');
  if (!code) throw new Error('The test server sent no code back.');
  const finisher = createMcpOAuthProvider(store, { serverUrl: server.mcpUrl });
  await auth(finisher, { serverUrl: server.mcpUrl, authorizationCode: code, fetchFn });
}

/** A sign-in store kept in `row.state`, serialised as the app's encrypted row is; stores may share a row. */
export function memoryOAuthStore(
  serverUrl: string,
  row: { state: McpOAuthState } = { state: {} },
  redirectUrl = 'http://127.0.0.1:3000/api/mcp/oauth/callback',
): McpOAuthStore & { row: { state: McpOAuthState } } {
  return {
    serverUrl,
    redirectUrl,
    row,
    async load() {
      return JSON.parse(JSON.stringify(row.state)) as McpOAuthState;
    },
    async save(patch) {
      row.state = JSON.parse(JSON.stringify({ ...row.state, ...patch })) as McpOAuthState;
    },
  };
}
