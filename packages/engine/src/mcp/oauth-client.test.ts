import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetch, OutboundAddressError } from '../tools/guarded-fetch';
import {
  createMcpOAuthProvider,
  McpOAuthError,
  type McpOAuthState,
  type McpOAuthStore,
} from './oauth-client';
import {
  memoryOAuthStore,
  type OAuthMcpTestServer,
  startOAuthMcpTestServer,
} from './oauth-test-server.testing';

const REDIRECT_URL = 'http://127.0.0.1:3000/api/mcp/oauth/callback';
const allowLoopback = createGuardedFetch({ allowHosts: ['127.0.0.1'] });
const publicOnly = createGuardedFetch();

const memoryStore = (serverUrl: string, row?: { state: McpOAuthState }) =>
  memoryOAuthStore(serverUrl, row, REDIRECT_URL);

describe('MCP OAuth client provider against the SDK demo authorization server', () => {
  let server: OAuthMcpTestServer;

  beforeAll(async () => {
    server = await startOAuthMcpTestServer();
  });
  afterAll(() => server.close());

  /** The sign-in a person does: start, follow the authorization URL as the browser would, exchange the code. */
  async function signIn(store: McpOAuthStore): Promise<void> {
    let authorizationUrl: URL | undefined;
    const starter = createMcpOAuthProvider(store, {
      serverUrl: server.mcpUrl,
      authorization: {
        state: 'state-1',
        redirect: (url) => {
          authorizationUrl = url;
        },
      },
    });
    expect(await auth(starter, { serverUrl: server.mcpUrl, fetchFn: allowLoopback })).toBe('REDIRECT');
    // The demo server approves at once and sends the browser back to Agentry's callback.
    const approval = await fetch(authorizationUrl!, { redirect: 'manual' });
    const callback = new URL(approval.headers.get('location')!);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URL);
    expect(callback.searchParams.get('state')).toBe('state-1');
    const finisher = createMcpOAuthProvider(store, { serverUrl: server.mcpUrl });
    const code = callback.searchParams.get('code')!;
    expect(
      await auth(finisher, { serverUrl: server.mcpUrl, authorizationCode: code, fetchFn: allowLoopback }),
    ).toBe('AUTHORIZED');
  }

  /** A run's connection: no person there, the guarded fetch for everything. */
  async function connect(store: McpOAuthStore, fetchFn: typeof fetch = allowLoopback): Promise<Client> {
    const client = new Client({ name: 'agentry-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(server.mcpUrl), {
      authProvider: createMcpOAuthProvider(store, { serverUrl: server.mcpUrl }),
      fetch: fetchFn,
    });
    await client.connect(transport);
    return client;
  }

  async function whoami(client: Client): Promise<string> {
    const result = await client.callTool({ name: 'whoami', arguments: {} });
    return (result.content as Array<{ text: string }>)[0]!.text;
  }

  it('signs in (discovery, dynamic registration, PKCE) and stores what a run needs', async () => {
    const store = memoryStore(server.mcpUrl);
    await signIn(store);
    const { clientInformation, tokens, discovery } = store.row.state;
    expect(clientInformation).toMatchObject({
      client_name: 'Agentry',
      redirect_uris: [REDIRECT_URL],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'none',
    });
    expect(tokens?.access_token).toMatch(/\S{20,}/);
    expect(tokens?.refresh_token).toMatch(/\S{20,}/);
    // Stamped with the issuer by the SDK and kept, so the refresh token only ever goes back there.
    expect(tokens?.issuer).toBe(`${server.origin}/`);
    expect(discovery?.serverUrl).toBe(server.mcpUrl);

    const client = await connect(store);
    const tools = await client.listTools();
    expect(tools.tools.map((tool) => tool.name)).toEqual(['whoami']);
    expect(await whoami(client)).toBe(`client ${clientInformation!.client_id}`);
    await client.close();
  });

  it('refreshes an expired access token after the 401 and saves the new tokens', async () => {
    const store = memoryStore(server.mcpUrl);
    await signIn(store);
    const before = store.row.state.tokens!;
    server.provider.expireAccessTokens();
    const refreshesBefore = server.provider.refreshes;

    const client = await connect(store);
    expect((await client.listTools()).tools).toHaveLength(1);
    await client.close();

    expect(server.provider.refreshes).toBe(refreshesBefore + 1);
    const after = store.row.state.tokens!;
    expect(after.access_token).not.toBe(before.access_token);
    expect(after.refresh_token).not.toBe(before.refresh_token);
    // The stored discovery saved the run the metadata requests: only the token endpoint was asked.
    expect(store.row.state.discovery?.authorizationServerMetadata?.token_endpoint).toBe(
      `${server.origin}/token`,
    );
  });

  it('keeps two connections of one sign-in working when one of them rotates the refresh token', async () => {
    const row = { state: {} as McpOAuthState };
    await signIn(memoryStore(server.mcpUrl, row));
    // Two runs (or processes) over the same stored sign-in, both connected with the first access token.
    const first = await connect(memoryStore(server.mcpUrl, row));
    const second = await connect(memoryStore(server.mcpUrl, row));
    server.provider.expireAccessTokens();

    expect(await whoami(first)).toMatch(/^client /);
    // The second still holds the refused access token and the refresh token the first one used up.
    expect(await whoami(second)).toMatch(/^client /);
    expect(row.state.tokens?.access_token).toBeTruthy();
    await Promise.all([first.close(), second.close()]);
  });

  it('never opens an authorization page during a run: it asks the user to sign in again, naming the server', async () => {
    const store = memoryStore(server.mcpUrl);
    const attempt = connect(store);
    await expect(attempt).rejects.toBeInstanceOf(McpOAuthError);
    await expect(attempt).rejects.toMatchObject({
      code: 'mcp_oauth_required',
      message: `The MCP server at ${server.origin} needs you to sign in again: open the MCP Tools node and press Sign in.`,
    });
  });

  it('asks for a new sign-in when the refresh token was revoked, and drops the dead tokens', async () => {
    const store = memoryStore(server.mcpUrl);
    await signIn(store);
    server.provider.expireAccessTokens();
    server.provider.revokeRefreshTokens();

    await expect(connect(store)).rejects.toMatchObject({ code: 'mcp_oauth_required' });
    expect(store.row.state.tokens).toBeUndefined();
    // The registration is still good: the next sign-in reuses it.
    expect(store.row.state.clientInformation?.client_id).toBeTruthy();
  });

  it('refuses a loopback server unless the admin allows it: no OAuth request leaves', async () => {
    const store = memoryStore(server.mcpUrl);
    const provider = createMcpOAuthProvider(store, {
      serverUrl: server.mcpUrl,
      authorization: { state: 's', redirect: () => {} },
    });
    const seen = server.requests.length;
    await expect(auth(provider, { serverUrl: server.mcpUrl, fetchFn: publicOnly })).rejects.toBeInstanceOf(
      OutboundAddressError,
    );
    await expect(connect(store, publicOnly)).rejects.toMatchObject({ code: 'address_blocked' });
    expect(server.requests.length).toBe(seen);
    expect(store.row.state).toEqual({});
  });

  it('does not hand one server’s sign-in to another origin', () => {
    const store = memoryStore(server.mcpUrl);
    expect(() => createMcpOAuthProvider(store, { serverUrl: 'https://other.example.com/mcp' })).toThrow(
      expect.objectContaining({ code: 'mcp_oauth_wrong_server' }),
    );
    // Another path on the same origin is the same server.
    expect(() => createMcpOAuthProvider(store, { serverUrl: `${server.origin}/other` })).not.toThrow();
  });
});
