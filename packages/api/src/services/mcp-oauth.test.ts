import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DatabaseHandle } from '@agentry/db';
import { credentials } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import { testBackends } from '@agentry/db/testing';
import {
  collectRun,
  createMcpOAuthProvider,
  createProviderFetch,
  type EngineEvent,
  runGraph,
} from '@agentry/engine';
import { type OAuthMcpTestServer, startOAuthMcpTestServer } from '@agentry/engine/testing/mcp-oauth-server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { simulateReadableStream } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { createCallerFactory, createTrpcContext, router } from '../trpc/init';
import { mcpRouter } from '../trpc/routers/mcp';
import { mcpOAuthRouter } from '../trpc/routers/mcp-oauth';
import { createTestOwner, testRuntime } from '../test-support';
import { type Actor, createSession, resolveSession } from './auth';
import { createAgent } from './agents';
import { listCredentials, resolveCredential } from './credentials';
import { createEngineContext } from './engine-context';
import { addMember } from './members';
import {
  finishMcpOAuth,
  MCP_OAUTH_CALLBACK_PATH,
  MCP_OAUTH_PROVIDER,
  resolveMcpOAuthCredential,
  startMcpOAuth,
} from './mcp-oauth';
import { edge, node } from '@agentry/engine/testing/graph-builders';

const CALLBACK = `http://127.0.0.1:3000${MCP_OAUTH_CALLBACK_PATH}`;

const usage = {
  inputTokens: { total: 5, noCache: 5, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
};
/** A model that calls `whoami` once, then answers. */
function whoamiModel(): MockLanguageModelV4 {
  const steps: LanguageModelV4StreamPart[][] = [
    [
      { type: 'tool-call', toolCallId: 'c1', toolName: 'whoami', input: '{}' },
      { type: 'finish', usage, finishReason: { unified: 'tool-calls', raw: 'tool_calls' } },
    ],
    [
      { type: 'text-start', id: 't1' },
      { type: 'text-delta', id: 't1', delta: 'Done.' },
      { type: 'text-end', id: 't1' },
      { type: 'finish', usage, finishReason: { unified: 'stop', raw: 'stop' } },
    ],
  ];
  let call = 0;
  return new MockLanguageModelV4({
    doStream: async () => ({
      stream: simulateReadableStream({
        chunks: steps[Math.min(call++, steps.length - 1)]!,
        initialDelayInMs: null,
        chunkDelayInMs: null,
      }),
    }),
  });
}

for (const backend of testBackends()) {
  describe(`MCP OAuth sign-in on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let owner: Actor;
    let server: OAuthMcpTestServer;

    beforeAll(async () => {
      database = await backend.open();
      // Loopback servers are refused unless the admin allows them; the test server is on 127.0.0.1.
      runtime = await testRuntime(database, { AGENTRY_ALLOW_PRIVATE_HOSTS: '127.0.0.1' });
      owner = await createTestOwner(runtime);
      server = await startOAuthMcpTestServer();
    }, 60_000);
    afterAll(async () => {
      await server?.close();
      await database?.close();
    });

    async function row(id: string) {
      const [found] = await runtime.db.select().from(credentials).where(eq(credentials.id, id));
      return found!;
    }
    function opened(sealed: string, id: string, workspaceId = owner.workspaceId) {
      return JSON.parse(runtime.secrets.decrypt(sealed, { kind: MCP_OAUTH_PROVIDER, id, workspaceId })) as {
        tokens?: { access_token: string; refresh_token?: string };
        pending?: { expiresAt: number };
        codeVerifier?: string;
      };
    }
    /** What the browser does: open the authorization URL; the demo server approves and redirects to us. */
    async function approve(authorizationUrl: string): Promise<{ state: string; code: string }> {
      const answer = await fetch(authorizationUrl, { redirect: 'manual' });
      expect(answer.status).toBe(302);
      const callback = new URL(answer.headers.get('location')!);
      expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);
      return { state: callback.searchParams.get('state')!, code: callback.searchParams.get('code')! };
    }
    async function whoami(credentialId: string): Promise<string> {
      const credential = await resolveMcpOAuthCredential(runtime, owner.workspaceId, credentialId);
      const client = new Client({ name: 'agentry-test', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(server.mcpUrl), {
          authProvider: createMcpOAuthProvider(credential!.oauth, { serverUrl: server.mcpUrl }),
          fetch: createProviderFetch({ allowPrivateHosts: ['127.0.0.1'] }),
        }),
      );
      try {
        expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['whoami']);
        const result = await client.callTool({ name: 'whoami', arguments: {} });
        return (result.content as Array<{ text: string }>)[0]!.text;
      } finally {
        await client.close();
      }
    }
    async function member(role: 'editor' | 'viewer', email: string): Promise<Actor> {
      const added = await addMember(runtime, owner, { name: role, email, password: 'a-long-password', role });
      return (await resolveSession(runtime, await createSession(runtime, added.id)))!;
    }

    it('signs in end to end and a run lists and calls tools with the stored, encrypted tokens', async () => {
      const started = await startMcpOAuth(runtime, owner, { url: server.mcpUrl, callbackUrl: CALLBACK });
      const authorization = new URL(started.authorizationUrl);
      expect(`${authorization.origin}${authorization.pathname}`).toBe(`${server.origin}/authorize`);
      expect(authorization.searchParams.get('redirect_uri')).toBe(CALLBACK);
      expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');

      const created = await row(started.credentialId);
      expect(created).toMatchObject({
        provider: 'mcp-oauth',
        baseUrl: server.mcpUrl,
        allowedHosts: ['127.0.0.1'],
        secretTail: null,
      });
      // The browser's list shows it by name, with nothing of the secret.
      const listed = (await listCredentials(runtime, owner)).find(
        (entry) => entry.id === started.credentialId,
      );
      expect(listed).toMatchObject({ provider: 'mcp-oauth', maskedKey: null });
      expect(JSON.stringify(listed)).not.toMatch(/v2:|token|verifier/i);

      const { state, code } = await approve(started.authorizationUrl);
      expect(state.startsWith(`${started.credentialId}.`)).toBe(true);
      const finished = await finishMcpOAuth(runtime, owner, { state, code });
      expect(finished).toEqual({ credentialId: started.credentialId, serverUrl: server.mcpUrl });

      const sealed = (await row(started.credentialId)).encryptedSecret!;
      const stored = opened(sealed, started.credentialId);
      expect(stored.tokens?.access_token).toBeTruthy();
      expect(stored.pending).toBeUndefined();
      expect(stored.codeVerifier).toBeUndefined();
      // Encrypted at rest: neither token appears in the row.
      expect(sealed).not.toContain(stored.tokens!.access_token);
      expect(sealed).not.toContain(stored.tokens!.refresh_token!);

      expect(await whoami(started.credentialId)).toMatch(/^client \S+/);
    });

    it('refreshes an expired access token during a run and stores the new one, encrypted', async () => {
      const started = await startMcpOAuth(runtime, owner, { url: server.mcpUrl, callbackUrl: CALLBACK });
      await finishMcpOAuth(runtime, owner, await approve(started.authorizationUrl));
      const before = opened((await row(started.credentialId)).encryptedSecret!, started.credentialId).tokens!;
      server.provider.expireAccessTokens();

      expect(await whoami(started.credentialId)).toMatch(/^client /);
      const after = opened((await row(started.credentialId)).encryptedSecret!, started.credentialId).tokens!;
      expect(after.access_token).not.toBe(before.access_token);
      expect(after.refresh_token).not.toBe(before.refresh_token);
    });

    it('reuses the workspace’s credential for the same URL, keeping its registration', async () => {
      const first = await startMcpOAuth(runtime, owner, { url: server.mcpUrl, callbackUrl: CALLBACK });
      const registrations = server.requests.filter((line) => line === 'POST /register').length;
      const second = await startMcpOAuth(runtime, owner, { url: server.mcpUrl, callbackUrl: CALLBACK });
      expect(second.credentialId).toBe(first.credentialId);
      expect(server.requests.filter((line) => line === 'POST /register').length).toBe(registrations);
      const rows = await runtime.db.select().from(credentials).where(eq(credentials.baseUrl, server.mcpUrl));
      expect(rows).toHaveLength(1);
      // The newer start replaced the older one's state.
      await expect(
        finishMcpOAuth(runtime, owner, await approve(first.authorizationUrl)),
      ).rejects.toMatchObject({
        code: 'forbidden',
      });
    });

    it('refuses a wrong, used or expired state', async () => {
      const started = await startMcpOAuth(runtime, owner, { url: server.mcpUrl, callbackUrl: CALLBACK });
      const { state, code } = await approve(started.authorizationUrl);
      await expect(
        finishMcpOAuth(runtime, owner, { state: `${started.credentialId}.forged`, code }),
      ).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('does not match') });
      await expect(finishMcpOAuth(runtime, owner, { state: 'no-credential.x', code })).rejects.toMatchObject({
        code: 'forbidden',
      });
      // The wrong attempts did not use it up; the right one does, once.
      await finishMcpOAuth(runtime, owner, { state, code });
      await expect(finishMcpOAuth(runtime, owner, { state, code })).rejects.toMatchObject({
        code: 'forbidden',
      });

      const late = await startMcpOAuth(runtime, owner, { url: server.mcpUrl, callbackUrl: CALLBACK });
      const lateCallback = await approve(late.authorizationUrl);
      // Eleven minutes later: move the stored expiry into the past, as the clock would.
      const current = (await row(late.credentialId)).encryptedSecret!;
      const stored = opened(current, late.credentialId);
      stored.pending!.expiresAt = Date.now() - 60_000;
      await runtime.db
        .update(credentials)
        .set({
          encryptedSecret: runtime.secrets.encrypt(JSON.stringify(stored), {
            kind: MCP_OAUTH_PROVIDER,
            id: late.credentialId,
            workspaceId: owner.workspaceId,
          }),
        })
        .where(eq(credentials.id, late.credentialId));
      await expect(finishMcpOAuth(runtime, owner, lateCallback)).rejects.toMatchObject({
        code: 'forbidden',
        message: expect.stringContaining('expired'),
      });
    });

    it('refuses another member’s state, which stays usable by the member who started it', async () => {
      const editor = await member('editor', 'editor@example.com');
      const started = await startMcpOAuth(runtime, owner, { url: server.mcpUrl, callbackUrl: CALLBACK });
      const callback = await approve(started.authorizationUrl);
      await expect(finishMcpOAuth(runtime, editor, callback)).rejects.toMatchObject({
        code: 'forbidden',
        message: expect.stringContaining('Another member'),
      });
      await expect(finishMcpOAuth(runtime, owner, callback)).resolves.toMatchObject({
        credentialId: started.credentialId,
      });

      const viewer = await member('viewer', 'viewer@example.com');
      await expect(
        startMcpOAuth(runtime, viewer, { url: server.mcpUrl, callbackUrl: CALLBACK }),
      ).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('refuses a loopback MCP server unless the admin allows it, and leaves no credential behind', async () => {
      const strict = await testRuntime(database);
      const seen = server.requests.length;
      const url = `${server.origin}/strict/mcp`;
      await expect(startMcpOAuth(strict, owner, { url, callbackUrl: CALLBACK })).rejects.toMatchObject({
        code: 'bad_request',
        message: expect.stringContaining('AGENTRY_ALLOW_PRIVATE_HOSTS'),
      });
      expect(server.requests.length).toBe(seen);
      expect(await runtime.db.select().from(credentials).where(eq(credentials.baseUrl, url))).toEqual([]);
    });

    it('says so when a server has no OAuth or is down, and refuses URLs that are no web address', async () => {
      const plain = createServer((_request, response) => response.writeHead(404).end('not here'));
      await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
      const origin = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
      await expect(
        startMcpOAuth(runtime, owner, { url: `${origin}/mcp`, callbackUrl: CALLBACK }),
      ).rejects.toMatchObject({
        code: 'bad_request',
        message: `${origin} does not offer an OAuth sign-in (it publishes no authorization server metadata). Use a credential with its token or key instead.`,
      });
      await new Promise((resolve) => plain.close(resolve));
      await expect(
        startMcpOAuth(runtime, owner, { url: `${origin}/mcp`, callbackUrl: CALLBACK }),
      ).rejects.toMatchObject({ code: 'unavailable', message: `Could not reach ${origin} (ECONNREFUSED).` });
      expect(
        await runtime.db
          .select()
          .from(credentials)
          .where(eq(credentials.baseUrl, `${origin}/mcp`)),
      ).toEqual([]);
      await expect(
        startMcpOAuth(runtime, owner, { url: 'file:///etc/passwd', callbackUrl: CALLBACK }),
      ).rejects.toMatchObject({ code: 'bad_request', details: { field: 'url' } });
    });

    it('an agent run calls a tool on the server with the stored tokens, and stores the refreshed ones', async () => {
      const started = await startMcpOAuth(runtime, owner, { url: server.mcpUrl, callbackUrl: CALLBACK });
      await finishMcpOAuth(runtime, owner, await approve(started.authorizationUrl));
      const signedIn = opened((await row(started.credentialId)).encryptedSecret!, started.credentialId);
      server.provider.expireAccessTokens();
      const graph = {
        version: 1,
        nodes: [
          node('in', 'chat-input'),
          node('model', 'model', { provider: 'offline', model: 'agent-model' }),
          node('mcp', 'mcp-tools', {
            url: server.mcpUrl,
            tools: ['whoami'],
            credentialId: started.credentialId,
          }),
          node('agent', 'agent', { instructions: 'Use the tools.', maxSteps: 3 }),
          node('out', 'chat-output'),
        ],
        edges: [
          edge('in', 'message', 'agent', 'prompt'),
          edge('model', 'model', 'agent', 'model'),
          edge('mcp', 'tool', 'agent', 'tools'),
          edge('agent', 'text', 'out', 'text'),
        ],
      };
      const model = whoamiModel();
      const context = createEngineContext(runtime, {
        workspaceId: owner.workspaceId,
        conversationId: 'oauth-run',
        languageModels: () => model,
      });
      const result = await collectRun(runGraph({ graph, input: { message: 'Who am I?' }, context }));

      expect(result.status).toBe('done');
      const toolResult = result.events.find((event: EngineEvent) => event.type === 'tool-result');
      expect(toolResult).toMatchObject({
        toolName: 'whoami',
        isError: false,
        output: expect.stringMatching(/^client \S+/),
      });
      const after = opened((await row(started.credentialId)).encryptedSecret!, started.credentialId);
      expect(after.tokens!.access_token).not.toBe(signedIn.tokens!.access_token);
      // Paths that open provider keys get no key out of a sign-in.
      expect(
        (await resolveCredential(runtime, owner.workspaceId, started.credentialId)).apiKey,
      ).toBeUndefined();
    });

    it('mcp.listTools lists with the sign-in, and without one says the server wants a sign-in', async () => {
      // Its own member: the owner has used up this minute's sign-ins.
      const lister = await member('editor', 'lister@example.com');
      const started = await startMcpOAuth(runtime, lister, { url: server.mcpUrl, callbackUrl: CALLBACK });
      await finishMcpOAuth(runtime, lister, await approve(started.authorizationUrl));
      const agent = await createAgent(runtime, lister, { name: 'OAuth lister' });
      const caller = createCallerFactory(router({ mcp: mcpRouter }))(
        await createTrpcContext(
          runtime,
          new Request('http://127.0.0.1:3000/api/trpc/mcp.listTools', {
            method: 'POST',
            headers: {
              host: '127.0.0.1:3000',
              cookie: `agentry_session=${await createSession(runtime, lister.user.id)}`,
            },
          }),
          new Headers(),
        ),
      );
      const listed = await caller.mcp.listTools({
        agentId: agent.id,
        url: server.mcpUrl,
        credentialId: started.credentialId,
      });
      expect(listed.tools.map((tool) => tool.name)).toEqual(['whoami']);
      await expect(caller.mcp.listTools({ agentId: agent.id, url: server.mcpUrl })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: `The MCP server at ${server.origin} asks you to sign in: press Sign in on this MCP Tools node.`,
        cause: { details: { reason: 'oauth_required' } },
      });
    });

    it('mcpOAuth.start answers for the address the browser uses and limits how often a member starts', async () => {
      const editor = await member('editor', 'limits@example.com');
      const token = await createSession(runtime, editor.user.id);
      const caller = async () =>
        createCallerFactory(router({ mcpOAuth: mcpOAuthRouter }))(
          await createTrpcContext(
            runtime,
            new Request('http://127.0.0.1:3000/api/trpc/mcpOAuth.start', {
              method: 'POST',
              headers: {
                host: 'agentry.test',
                origin: 'http://agentry.test',
                cookie: `agentry_session=${token}`,
              },
            }),
            new Headers(),
          ),
        );
      const first = await (await caller()).mcpOAuth.start({ url: server.mcpUrl });
      expect(new URL(first.authorizationUrl).searchParams.get('redirect_uri')).toBe(
        `http://agentry.test${MCP_OAUTH_CALLBACK_PATH}`,
      );
      for (let started = 1; started < 10; started++)
        await (await caller()).mcpOAuth.start({ url: server.mcpUrl });
      await expect((await caller()).mcpOAuth.start({ url: server.mcpUrl })).rejects.toMatchObject({
        code: 'TOO_MANY_REQUESTS',
      });
    });
  });
}
