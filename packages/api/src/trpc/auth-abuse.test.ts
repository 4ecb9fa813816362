import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEER_ADDRESS_HEADER, peerAddressHeader } from '../http/client-address';
import { handleCreateAgent, handleListAgents } from '../http/agents';
import { streamedRequest } from '../http/streamed-request.testing';
import type { Runtime } from '../runtime';
import { passwordHashesStarted } from '../security/password';
import { FailureLimiter } from '../rate-limit';
import { createSession } from '../services/auth';
import { testRuntime } from '../test-support';
import { handleTrpcRequest } from './handler';

const BASE = 'http://127.0.0.1:3000/api/trpc';
const OWNER = { name: 'Ada', email: 'ada@example.com', password: 'a-long-password' };

interface TrpcError {
  message: string;
  data: { code: string; httpStatus: number; path?: string };
}

/** Sends one raw tRPC request, as a browser or a script would. */
async function send(
  runtime: Runtime,
  path: string,
  options: { body?: string; address?: string; headers?: Record<string, string>; method?: string } = {},
) {
  const response = await handleTrpcRequest(
    runtime,
    new Request(`${BASE}/${path}`, {
      method: options.method ?? 'POST',
      headers: {
        'content-type': 'application/json',
        host: '127.0.0.1:3000',
        ...(options.address ? { [PEER_ADDRESS_HEADER]: peerAddressHeader(options.address) } : {}),
        ...options.headers,
      },
      body: options.body,
    }),
  );
  const json = (await response.json()) as unknown;
  const errors = (Array.isArray(json) ? json : [json])
    .map((entry) => (entry as { error?: { json: TrpcError } }).error?.json)
    .filter((error): error is TrpcError => error !== undefined);
  return { status: response.status, headers: response.headers, errors };
}

function signIn(runtime: Runtime, address: string, password: string, email = OWNER.email) {
  return send(runtime, 'auth.signIn', { address, body: JSON.stringify({ json: { email, password } }) });
}

/** Hashes started while `work` runs (this file's tests run one at a time). */
async function hashesDuring(work: () => Promise<unknown>): Promise<number> {
  const before = passwordHashesStarted();
  await work();
  return passwordHashesStarted() - before;
}

for (const backend of testBackends()) {
  describe(`sign-in and sign-up abuse over tRPC on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      // The server's settings but a minute's first wait, so a slow machine cannot outlast it mid-test.
      runtime.signInLimiter = new FailureLimiter({
        freeAttempts: 5,
        windowMs: 15 * 60_000,
        baseDelayMs: 60_000,
        maxDelayMs: 5 * 60_000,
      });
    });
    afterAll(() => database.close());

    it('hashes at most the free allowance of parallel first sign-ups from one address', async () => {
      const statuses: number[] = [];
      const hashes = await hashesDuring(async () => {
        const answers = await Promise.all(
          Array.from({ length: 10 }, () =>
            send(runtime, 'auth.signUpOwner', {
              address: '10.20.0.1',
              body: JSON.stringify({ json: OWNER }),
            }),
          ),
        );
        statuses.push(...answers.map((answer) => answer.status));
      });
      expect(hashes).toBeLessThanOrEqual(5);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(5);
      expect(statuses.every((status) => [200, 409, 429].includes(status))).toBe(true);
    });

    it('answers a sign-up once an owner exists with 409, without hashing its password', async () => {
      let status = 0;
      const hashes = await hashesDuring(async () => {
        ({ status } = await send(runtime, 'auth.signUpOwner', {
          address: '10.20.0.2',
          body: JSON.stringify({ json: { ...OWNER, email: 'eve@example.com' } }),
        }));
      });
      expect(status).toBe(409);
      expect(hashes).toBe(0);
    });

    it('refuses twenty sign-ins in one batch without checking a single password', async () => {
      const attempt = { json: { email: OWNER.email, password: 'wrong-password' } };
      const paths = Array.from({ length: 20 }, () => 'auth.signIn').join(',');
      const body = JSON.stringify(
        Object.fromEntries(Array.from({ length: 20 }, (_, index) => [index, attempt])),
      );
      let answer: Awaited<ReturnType<typeof send>> | undefined;
      const hashes = await hashesDuring(async () => {
        answer = await send(runtime, `${paths}?batch=1`, { address: '10.30.0.1', body });
      });
      expect(hashes).toBe(0);
      expect(answer?.status).toBe(400);
      expect(answer?.errors).toHaveLength(20);
      expect(answer?.errors[0]?.message).toBe(
        'auth.signIn cannot be batched with other calls; send it as a request of its own.',
      );
      // Hidden among other calls, too.
      const mixed = await send(runtime, 'agents.create,auth.signIn?batch=1', {
        address: '10.30.0.1',
        body: JSON.stringify({ 0: { json: { name: 'x' } }, 1: attempt }),
      });
      expect(mixed.status).toBe(400);
    });

    it('checks at most the free allowance of twenty parallel wrong passwords', async () => {
      const fromOneAddress: number[] = [];
      const oneAddress = await hashesDuring(async () => {
        const answers = await Promise.all(
          Array.from({ length: 20 }, () => signIn(runtime, '10.40.0.1', 'wrong-password')),
        );
        fromOneAddress.push(...answers.map((answer) => answer.status));
      });
      expect(oneAddress).toBeLessThanOrEqual(5);
      expect(fromOneAddress.filter((status) => status === 401).length).toBe(oneAddress);
      expect(fromOneAddress.filter((status) => status === 429).length).toBe(20 - oneAddress);

      // Twenty addresses against one (unknown) email: the email's count holds them to the same allowance.
      await signIn(runtime, '10.40.1.0', 'warm-the-dummy-hash', 'warm@example.com');
      const manyAddresses = await hashesDuring(() =>
        Promise.all(
          Array.from({ length: 20 }, (_, index) =>
            signIn(runtime, `10.40.1.${index + 1}`, 'wrong-password', 'ghost@example.com'),
          ),
        ),
      );
      expect(manyAddresses).toBeLessThanOrEqual(5);

      // One by one, exactly the free allowance is checked before the wait starts.
      const sequential: number[] = [];
      const oneByOne = await hashesDuring(async () => {
        for (let index = 0; index < 8; index++)
          sequential.push(
            (await signIn(runtime, '10.40.2.1', 'wrong-password', 'ghost2@example.com')).status,
          );
      });
      expect(oneByOne).toBe(5);
      expect(sequential).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    });

    it('lets the owner in from their usual address while someone else fails for their email', async () => {
      expect((await signIn(runtime, '10.50.0.1', OWNER.password)).status).toBe(200);
      // An attacker elsewhere keeps failing: the email is locked for addresses without a recent success.
      const attacker = [];
      for (let index = 0; index < 7; index++)
        attacker.push((await signIn(runtime, '10.66.0.1', 'guess')).status);
      expect(attacker.slice(-2)).toEqual([429, 429]);
      const rotated = await signIn(runtime, '10.66.0.2', 'guess');
      expect(rotated.status).toBe(429);
      expect(rotated.errors[0]?.message).toMatch(/Try again in \d+ seconds/);

      expect((await signIn(runtime, '10.50.0.1', OWNER.password)).status).toBe(200);
      // The owner's success did not clear the attacker's count.
      expect((await signIn(runtime, '10.66.0.3', 'guess')).status).toBe(429);
      // A right password from an address with no recent success still waits.
      expect((await signIn(runtime, '10.66.0.4', OWNER.password)).status).toBe(429);
      // Failures from the owner's own address still count there.
      const ownAddress = [];
      for (let index = 0; index < 6; index++)
        ownAddress.push((await signIn(runtime, '10.50.0.1', 'typo')).status);
      expect(ownAddress).toEqual([401, 401, 401, 401, 401, 429]);
    });

    it('answers 413 to oversized tRPC bodies without reading them whole', async () => {
      const fiveMegabytes = JSON.stringify({
        json: { email: OWNER.email, password: 'x'.repeat(5 * 1024 * 1024) },
      });
      const big = await send(runtime, 'auth.signIn', { address: '10.60.0.1', body: fiveMegabytes });
      expect(big.status).toBe(413);
      expect(big.errors[0]?.message).toBe('The request body is larger than the 16 KB limit.');

      // Chunked, no length: an endless-looking stream is cut off just past the 4 MB limit.
      const chunked = streamedRequest({
        url: `${BASE}/agents.importGraph`,
        chunkBytes: 64 * 1024,
        totalBytes: 64 * 1024 * 1024,
        headers: { host: '127.0.0.1:3000' },
      });
      const refused = await handleTrpcRequest(runtime, chunked.request);
      expect(refused.status).toBe(413);
      expect(JSON.stringify(await refused.json())).toContain('4 MB limit');
      expect(chunked.pulled.bytes).toBeLessThanOrEqual(4 * 1024 * 1024 + 2 * 64 * 1024);

      // A Content-Length that understates the body changes nothing.
      const lying = streamedRequest({
        url: `${BASE}/auth.signIn`,
        chunkBytes: 16 * 1024,
        totalBytes: 5 * 1024 * 1024,
        headers: { host: '127.0.0.1:3000', 'content-length': '40' },
      });
      expect((await handleTrpcRequest(runtime, lying.request)).status).toBe(413);
      expect(lying.pulled.bytes).toBeLessThanOrEqual(16 * 1024 + 2 * 16 * 1024);
    });

    it('refuses a malformed session cookie with 400 and clears it, and an opaque Origin with 403', async () => {
      const cookie = { cookie: 'agentry_session=%E0%A4%A' };
      const status = await send(runtime, 'auth.status', { method: 'GET', headers: cookie });
      expect(status.status).toBe(400);
      expect(status.errors[0]?.message).toMatch(/agentry_session cookie is malformed/);
      expect(status.headers.get('set-cookie')).toMatch(/^agentry_session=;.*Max-Age=0/);

      for (const origin of ['null', 'not a url', 'file:///etc/passwd']) {
        const answer = await send(runtime, 'auth.signIn', {
          address: '10.70.0.1',
          headers: { origin },
          body: JSON.stringify({ json: { email: OWNER.email, password: OWNER.password } }),
        });
        expect(answer.status).toBe(403);
        expect(answer.errors[0]?.message).toBe('Cross-site request refused.');
      }
    });

    it('answers the same malformed cookie and opaque Origin on /api/v1 with 400 and 403', async () => {
      const listed = await handleListAgents(
        runtime,
        new Request('http://127.0.0.1:3000/api/v1/agents', {
          headers: { cookie: 'agentry_session=%E0%A4%A' },
        }),
      );
      expect(listed.status).toBe(400);
      expect(((await listed.json()) as { error: { code: string } }).error.code).toBe('bad_request');

      const [owner] = (await database.execute("select id from users where email = 'ada@example.com'")) as {
        id: string;
      }[];
      const token = await createSession(runtime, owner!.id);
      const created = await handleCreateAgent(
        runtime,
        new Request('http://127.0.0.1:3000/api/v1/agents', {
          method: 'POST',
          headers: {
            host: '127.0.0.1:3000',
            origin: 'null',
            cookie: `agentry_session=${token}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ name: 'From a sandboxed frame' }),
        }),
      );
      expect(created.status).toBe(403);
    });
  });
}
