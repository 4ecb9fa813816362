import { runInNewContext } from 'node:vm';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { type OAuthMcpTestServer, startOAuthMcpTestServer } from '@agentry/engine/testing/mcp-oauth-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { createSession } from '../services/auth';
import { MCP_OAUTH_CALLBACK_PATH, startMcpOAuth } from '../services/mcp-oauth';
import { createTestOwner, testRuntime } from '../test-support';
import { handleMcpOAuthCallback } from './mcp-oauth-callback';

const ORIGIN = 'http://127.0.0.1:3000';
const CALLBACK = `${ORIGIN}${MCP_OAUTH_CALLBACK_PATH}`;

/** Runs the page's script against a stand-in window; returns what it posted and whether it closed. */
function runPage(html: string, withOpener = true) {
  const data = /<script type="application\/json" id="mcp-oauth-result">(.*?)<\/script>/s.exec(html)![1]!;
  const script = /<script>\n([\s\S]*?)<\/script>/.exec(html)![1]!;
  const posted: Array<{ message: unknown; targetOrigin: string }> = [];
  const broadcast: unknown[] = [];
  let closed = false;
  runInNewContext(script, {
    document: { getElementById: (id: string) => (id === 'mcp-oauth-result' ? { textContent: data } : null) },
    window: {
      opener: withOpener
        ? {
            closed: false,
            postMessage: (message: unknown, targetOrigin: string) => posted.push({ message, targetOrigin }),
          }
        : null,
      location: { origin: ORIGIN },
      close: () => {
        closed = true;
      },
    },
    BroadcastChannel: class {
      postMessage(message: unknown) {
        broadcast.push(message);
      }
      close() {}
    },
    setTimeout: (callback: () => void) => callback(),
    JSON,
  });
  return { posted, broadcast, closed };
}

for (const backend of testBackends()) {
  describe(`the MCP OAuth callback page on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let server: OAuthMcpTestServer;
    let sessionToken: string;
    let start: () => Promise<{ credentialId: string; state: string; code: string }>;

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database, { AGENTRY_ALLOW_PRIVATE_HOSTS: '127.0.0.1' });
      const owner = await createTestOwner(runtime);
      sessionToken = await createSession(runtime, owner.user.id);
      server = await startOAuthMcpTestServer();
      start = async () => {
        const started = await startMcpOAuth(runtime, owner, { url: server.mcpUrl, callbackUrl: CALLBACK });
        const location = (await fetch(started.authorizationUrl, { redirect: 'manual' })).headers.get(
          'location',
        )!;
        const params = new URL(location).searchParams;
        return { credentialId: started.credentialId, state: params.get('state')!, code: params.get('code')! };
      };
    }, 60_000);
    afterAll(async () => {
      await server?.close();
      await database?.close();
    });

    const callback = (query: Record<string, string>, cookie?: string) =>
      handleMcpOAuthCallback(
        runtime,
        new Request(`${CALLBACK}?${new URLSearchParams(query)}`, { headers: cookie ? { cookie } : {} }),
      );

    it('finishes the sign-in for the signed-in member and tells only our own origin, then closes', async () => {
      const { credentialId, state, code } = await start();
      const response = await callback({ state, code }, `agentry_session=${sessionToken}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      const html = await response.text();
      expect(html).toContain('Signed in.');

      const expected = { type: 'agentry:mcp-oauth', ok: true, credentialId, serverUrl: server.mcpUrl };
      const page = runPage(html);
      expect(page.posted).toEqual([{ message: expected, targetOrigin: ORIGIN }]);
      expect(page.broadcast).toEqual([expected]);
      expect(page.closed).toBe(true);
      // Without an opener (a sign-in page that cut it off) the channel still tells the builder.
      expect(runPage(html, false)).toMatchObject({ posted: [], broadcast: [expected], closed: true });
    });

    it('needs the session cookie, and the sign-in stays usable once the member is signed in', async () => {
      const { state, code } = await start();
      const anonymous = await callback({ state, code });
      expect(anonymous.status).toBe(401);
      const html = await anonymous.text();
      expect(html).toContain('You are not signed in to Agentry in this browser.');
      const page = runPage(html);
      expect(page.posted[0]?.message).toMatchObject({
        ok: false,
        error: expect.stringContaining('not signed in'),
      });
      // A failure stays on screen for the person to read.
      expect(page.closed).toBe(false);

      expect((await callback({ state, code }, `agentry_session=${sessionToken}`)).status).toBe(200);
      const replay = await callback({ state, code }, `agentry_session=${sessionToken}`);
      expect(replay.status).toBe(403);
      expect(await replay.text()).toContain('does not match a sign-in in progress');
    });

    it('shows the sign-in server’s error as text, never as markup', async () => {
      const response = await callback({
        error: 'access_denied',
        error_description: '<img src=x onerror=alert(1)> denied',
        state: 'x.y',
      });
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(html).toContain(
        'Sign-in failed. The sign-in server answered &quot;access_denied&quot;: &lt;img src=x onerror=alert(1)&gt; denied.',
      );
      expect(html).not.toContain('<img');
      expect(runPage(html).posted[0]?.message).toEqual({
        type: 'agentry:mcp-oauth',
        ok: false,
        error: 'The sign-in server answered "access_denied": <img src=x onerror=alert(1)> denied.',
      });
    });

    it('says what is missing when the server sent no code', async () => {
      const response = await callback({ state: 'x.y' }, `agentry_session=${sessionToken}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('sent no code or state back');
    });
  });
}
