import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEER_ADDRESS_HEADER, peerAddressHeader } from '../http/client-address';
import type { Runtime } from '../runtime';
import { testRuntime } from '../test-support';
import { handleTrpcRequest } from './handler';

/** A tiny browser: keeps the session cookie between calls like a real one would. */
function client(runtime: Runtime) {
  let cookie = '';
  async function call(
    path: string,
    input?: unknown,
    method: 'GET' | 'POST' = 'POST',
    headers: Record<string, string> = {},
  ) {
    const url = new URL(`http://127.0.0.1:3000/api/trpc/${path}`);
    if (method === 'GET' && input !== undefined)
      url.searchParams.set('input', JSON.stringify({ json: input }));
    const response = await handleTrpcRequest(
      runtime,
      new Request(url, {
        method,
        headers: {
          'content-type': 'application/json',
          host: '127.0.0.1:3000',
          ...(cookie ? { cookie } : {}),
          ...headers,
        },
        body: method === 'POST' ? JSON.stringify({ json: input ?? null }) : undefined,
      }),
    );
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0]!.endsWith('=') ? '' : setCookie.split(';')[0]!;
    const body = (await response.json()) as {
      result?: { data: { json: unknown } };
      error?: {
        json: {
          message: string;
          data: { fields?: Record<string, string>; issues?: unknown[]; appCode?: string };
        };
      };
    };
    return { status: response.status, setCookie, data: body.result?.data.json, error: body.error?.json };
  }
  return {
    call,
    get cookie() {
      return cookie;
    },
    set cookie(value: string) {
      cookie = value;
    },
  };
}

for (const backend of testBackends()) {
  describe(`sign-in over tRPC on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
    });
    afterAll(() => database.close());

    it('creates the owner once, then signs in and out with an http-only cookie', async () => {
      const browser = client(runtime);
      expect((await browser.call('auth.status', undefined, 'GET')).data).toEqual({
        initialised: false,
        user: null,
      });

      const bad = await browser.call('auth.signUpOwner', {
        name: 'Ada',
        email: 'not-an-email',
        password: 'short',
      });
      expect(bad.status).toBe(400);
      expect(bad.error?.data.fields).toMatchObject({
        email: expect.any(String),
        password: expect.stringMatching(/10 characters/),
      });
      expect(bad.error?.message).toMatch(/email/);
      // The codes and limits the web app needs to say the same in the user's language.
      expect(bad.error?.data.issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: 'email', code: 'invalid_format', format: 'email' }),
          expect.objectContaining({ path: 'password', code: 'too_small', origin: 'string', minimum: 10 }),
        ]),
      );

      const signUp = await browser.call('auth.signUpOwner', {
        name: 'Ada',
        email: 'Ada@Example.com',
        password: 'a-long-password',
      });
      expect(signUp.status).toBe(200);
      expect(signUp.setCookie).toMatch(/HttpOnly/);
      expect(signUp.setCookie).toMatch(/SameSite=Lax/);
      const status = await browser.call('auth.status', undefined, 'GET');
      expect(status.data).toMatchObject({
        initialised: true,
        user: { email: 'ada@example.com', role: 'owner' },
      });

      const second = await client(runtime).call('auth.signUpOwner', {
        name: 'Eve',
        email: 'eve@example.com',
        password: 'a-long-password',
      });
      expect(second.status).toBe(409);

      expect((await browser.call('auth.signOut')).status).toBe(200);
      expect((await browser.call('agents.list', undefined, 'GET')).status).toBe(401);

      const signIn = await browser.call('auth.signIn', {
        email: 'ada@example.com',
        password: 'a-long-password',
      });
      expect(signIn.status).toBe(200);
      expect((await browser.call('agents.list', undefined, 'GET')).data).toEqual([]);

      // The app's language is saved on the account and comes back with the session; null follows the
      // browser again; a malformed tag is refused.
      expect((await browser.call('auth.setLocale', { locale: 'zh-CN' })).status).toBe(200);
      expect((await browser.call('auth.status', undefined, 'GET')).data).toMatchObject({
        user: { locale: 'zh-CN' },
      });
      expect((await browser.call('auth.setLocale', { locale: 'zh_CN<script>' })).status).toBe(400);
      expect((await browser.call('auth.setLocale', { locale: null })).status).toBe(200);
      expect((await browser.call('auth.status', undefined, 'GET')).data).toMatchObject({
        user: { locale: null },
      });
      expect((await client(runtime).call('auth.setLocale', { locale: 'en' })).status).toBe(401);
    });

    it('refuses a wrong password without saying which part was wrong, and slows repeats', async () => {
      const browser = client(runtime);
      const unknownUser = await browser.call(
        'auth.signIn',
        { email: 'nobody@example.com', password: 'whatever-pass' },
        'POST',
        {
          [PEER_ADDRESS_HEADER]: peerAddressHeader('10.9.9.9'),
        },
      );
      const wrongPassword = await browser.call(
        'auth.signIn',
        { email: 'ada@example.com', password: 'wrong-password' },
        'POST',
        {
          [PEER_ADDRESS_HEADER]: peerAddressHeader('10.9.9.8'),
        },
      );
      expect(unknownUser.status).toBe(401);
      expect(wrongPassword.status).toBe(401);
      expect(wrongPassword.error?.data.appCode).toBe('unauthorized');
      expect(unknownUser.error?.message).toBe(wrongPassword.error?.message);
      let last = wrongPassword;
      for (let i = 0; i < 6; i++) {
        last = await browser.call(
          'auth.signIn',
          { email: 'ada@example.com', password: 'wrong-password' },
          'POST',
          {
            [PEER_ADDRESS_HEADER]: peerAddressHeader('10.9.9.8'),
          },
        );
      }
      expect(last.status).toBe(429);
      expect(last.error?.message).toMatch(/Try again in \d+ seconds/);
      // Even the right password waits out the penalty.
      const right = await browser.call(
        'auth.signIn',
        { email: 'ada@example.com', password: 'a-long-password' },
        'POST',
        {
          [PEER_ADDRESS_HEADER]: peerAddressHeader('10.9.9.8'),
        },
      );
      expect(right.status).toBe(429);
    });

    it('scopes data to the workspace, enforces roles and refuses sessions of deleted users', async () => {
      runtime.signInLimiter.succeed('email:ada@example.com');
      const owner = client(runtime);
      await owner.call('auth.signIn', { email: 'ada@example.com', password: 'a-long-password' }, 'POST', {
        [PEER_ADDRESS_HEADER]: peerAddressHeader('10.1.1.1'),
      });
      const created = await owner.call('agents.create', { name: 'Support bot' });
      expect(created.status).toBe(200);
      const agentId = (created.data as { id: string }).id;

      const added = await owner.call('members.add', {
        name: 'Vic',
        email: 'vic@example.com',
        password: 'viewer-password',
        role: 'viewer',
      });
      expect(added.status).toBe(200);
      const viewer = client(runtime);
      await viewer.call('auth.signIn', { email: 'vic@example.com', password: 'viewer-password' }, 'POST', {
        [PEER_ADDRESS_HEADER]: peerAddressHeader('10.1.1.2'),
      });
      expect((await viewer.call('agents.list', undefined, 'GET')).data).toHaveLength(1);
      const refused = await viewer.call('agents.delete', { id: agentId });
      expect(refused.status).toBe(403);
      expect(refused.error?.message).toMatch(/editor role/);
      expect(
        (
          await viewer.call('members.add', {
            name: 'X',
            email: 'x@example.com',
            password: 'xxxxxxxxxxxx',
            role: 'editor',
          })
        ).status,
      ).toBe(403);

      const vicId = (
        (await owner.call('members.list', undefined, 'GET')).data as { id: string; email: string }[]
      ).find((member) => member.email === 'vic@example.com')!.id;
      expect((await owner.call('members.remove', { id: vicId })).status).toBe(200);
      expect((await viewer.call('agents.list', undefined, 'GET')).status).toBe(401);
    });

    it('refuses cross-site mutations', async () => {
      const browser = client(runtime);
      const response = await browser.call(
        'auth.signIn',
        { email: 'ada@example.com', password: 'a-long-password' },
        'POST',
        {
          origin: 'https://evil.example',
        },
      );
      expect(response.status).toBe(403);
    });

    it('never sends a saved credential back in clear', async () => {
      runtime.signInLimiter.succeed('email:ada@example.com');
      const owner = client(runtime);
      await owner.call('auth.signIn', { email: 'ada@example.com', password: 'a-long-password' }, 'POST', {
        [PEER_ADDRESS_HEADER]: peerAddressHeader('10.1.1.3'),
      });
      const saved = await owner.call('credentials.create', {
        name: 'OpenAI',
        provider: 'openai',
        apiKey: 'sk-test-SECRET-9876',
      });
      expect(saved.status).toBe(200);
      const listed = await owner.call('credentials.list', undefined, 'GET');
      expect(JSON.stringify(listed.data)).not.toContain('SECRET');
      expect(listed.data).toMatchObject([{ name: 'OpenAI', maskedKey: '••••9876' }]);
      const rows = await database.execute('select encrypted_secret from credentials');
      expect(JSON.stringify(rows)).not.toContain('SECRET');
    });
  });
}
