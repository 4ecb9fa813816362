import { randomUUID } from 'node:crypto';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, chatbotGraph } from './api-setup';
import { echoAnswer, type FakeOpenAI, startFakeOpenAI } from './fake-openai';
import { startServer, type TestServer } from './harness';
import {
  newReader,
  readUIStream,
  type StreamReader,
  shownText,
  signIn,
  startWorker,
  type WorkerProcess,
} from './scale-out-support';

const databaseUrl = process.env.AGENTRY_TEST_DATABASE_URL;
const redisUrl = process.env.AGENTRY_TEST_REDIS_URL;
if (!databaseUrl || !redisUrl)
  console.warn(
    'Skipping the multi-process test (two web servers, two workers): set AGENTRY_TEST_DATABASE_URL and AGENTRY_TEST_REDIS_URL (CI sets both).',
  );

const RUNS = 20;
/** Words of each answer and the time between them: runs last ~2.5 s, so kills land mid-answer. */
const WORDS = 24;
const WORD_MS = 100;
const RATE_LIMIT = 4;
const ORIGIN = 'http://shop.example';

const userMessage = (text: string) => ({
  messages: [{ id: randomUUID(), role: 'user', parts: [{ type: 'text', text }] }],
});

describe.skipIf(!databaseUrl || !redisUrl)(
  'scale-out: two web servers and two workers on PostgreSQL and Redis',
  () => {
    let database: DatabaseHandle;
    let provider: FakeOpenAI;
    let serverA: TestServer;
    let serverB: TestServer;
    let workers: WorkerProcess[] = [];
    let key: string;
    let agent: { id: string; publicId: string };
    let call: <T>(path: string, input: unknown) => Promise<T>;
    const sql = async <T>(text: string) => (await database.execute(text)) as T[];

    beforeAll(async () => {
      // A throwaway database and a queue name of its own: nothing is shared with other suites.
      database = await testBackends()
        .find((backend) => backend.name === 'postgres')!
        .open();
      provider = await startFakeOpenAI({ kind: 'echo', words: WORDS, delayMs: WORD_MS });
      const env = {
        DATABASE_URL: database.location,
        REDIS_URL: redisUrl!,
        AGENTRY_QUEUE_NAME: `agentry-scale-out-${randomUUID().slice(0, 8)}`,
        AGENTRY_SECRET: 'scale-out-test-secret',
        // The fake provider listens on loopback: the workers, which call it, must be allowed to.
        AGENTRY_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
        ...ADMIN,
      };
      [serverA, serverB, ...workers] = await Promise.all([
        startServer(env),
        startServer(env),
        startWorker(env, RUNS / 2),
        startWorker(env, RUNS / 2),
      ]);
      call = await signIn(serverA.url, {
        email: ADMIN.AGENTRY_ADMIN_EMAIL,
        password: ADMIN.AGENTRY_ADMIN_PASSWORD,
      });
      key = (
        await call<{ key: string }>('apiKeys.create', {
          name: 'scale-out',
          scopes: ['run', 'manage', 'knowledge'],
        })
      ).key;
      const credential = await call<{ id: string }>('credentials.create', {
        name: 'Fake',
        provider: 'openai-compatible',
        apiKey: 'fake-key',
        baseUrl: provider.baseUrl,
      });
      const graph = structuredClone(chatbotGraph);
      const model = graph.nodes.find((node: { id: string }) => node.id === 'model');
      model.data.config = { provider: 'openai-compatible', model: 'fake-model', credentialId: credential.id };
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      const created = await fetch(`${serverA.url}/api/v1/agents`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'Echo', graph }),
      });
      expect(created.status).toBe(201);
      agent = (await created.json()) as { id: string; publicId: string };
      expect(
        (await fetch(`${serverA.url}/api/v1/agents/${agent.id}/publish`, { method: 'POST', headers })).status,
      ).toBe(201);
      await call('embed.update', {
        id: agent.id,
        settings: { allowedOrigins: [ORIGIN], limits: { messagesPerMinutePerIp: RATE_LIMIT } },
      });
    });

    afterAll(async () => {
      await Promise.all([serverA?.stop(), serverB?.stop(), ...workers.map((worker) => worker.stop())]);
      await provider?.close();
      await database?.close();
    });

    it(`holds a public chat limit of ${RATE_LIMIT} a minute across both servers`, async () => {
      const statuses = await Promise.all(
        Array.from({ length: RATE_LIMIT + 3 }, async (_, index) => {
          const server = index % 2 === 0 ? serverA : serverB;
          const response = await fetch(`${server.url}/api/public/agents/${agent.publicId}/chat`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: ORIGIN },
            body: JSON.stringify(userMessage(`visitor ${index}`)),
          });
          await response.text();
          return response.status;
        }),
      );
      expect(statuses.filter((status) => status === 200)).toHaveLength(RATE_LIMIT);
      expect(statuses.filter((status) => status === 429)).toHaveLength(3);
    });

    it('processes ten documents uploaded through both servers once each', async () => {
      const base = await call<{ id: string }>('knowledge.create', { name: 'Manuals' });
      await Promise.all(
        Array.from({ length: 10 }, async (_, index) => {
          const form = new FormData();
          const text = `Manual ${index}. The part number of model ${index} is P-${1000 + index}.`;
          form.append('file', new Blob([text], { type: 'text/plain' }), `manual-${index}.txt`);
          const server = index % 2 === 0 ? serverA : serverB;
          const response = await fetch(`${server.url}/api/knowledge/${base.id}/documents`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}` },
            body: form,
          });
          expect(response.status).toBe(201);
        }),
      );
      const deadline = Date.now() + 20_000;
      let documents: { status: string; attempts: number; chunk_count: number }[] = [];
      while (Date.now() < deadline) {
        documents = await sql(`select status, attempts, chunk_count from knowledge_documents`);
        if (documents.length === 10 && documents.every((document) => document.status === 'ready')) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(documents).toHaveLength(10);
      for (const document of documents)
        expect(document).toEqual({ status: 'ready', attempts: 1, chunk_count: 1 });
      const [chunks] = await sql<{ count: string }>(`select count(*) from knowledge_chunks`);
      expect(Number(chunks!.count)).toBe(10);
    });

    it('finishes twenty runs once each when server A and a worker are killed mid-run', async () => {
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      const runs = await Promise.all(
        Array.from({ length: RUNS }, async (_, index) => {
          const message = `run-${index}`;
          const response = await fetch(`${serverA.url}/api/v1/agents/${agent.id}/chat`, {
            method: 'POST',
            headers,
            body: JSON.stringify(userMessage(message)),
          });
          expect(response.status).toBe(200);
          const runId = response.headers.get('x-agentry-run-id')!;
          const reader = newReader();
          return { message, runId, reader, first: readUIStream(response, reader) };
        }),
      );
      // Every run is mid-answer: some words are out, most are still to come.
      const deadline = Date.now() + 20_000;
      while (runs.some((run) => run.reader.deltas < 3) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 25));
      expect(runs.every((run) => run.reader.deltas >= 3 && !run.reader.finished)).toBe(true);

      await Promise.all([serverA.kill(), workers[0]!.kill()]);
      // The readers lost server A: each reattaches through B from the last event it had.
      const outcomes = await Promise.all(
        runs.map(async (run) => {
          if (await run.first) return run.reader;
          const response = await fetch(`${serverB.url}/api/v1/runs/${run.runId}/stream`, {
            headers: { authorization: `Bearer ${key}`, 'last-event-id': String(run.reader.lastId) },
          });
          expect(response.status).toBe(200);
          await readUIStream(response, run.reader);
          return run.reader;
        }),
      );
      for (const [index, reader] of outcomes.entries()) {
        const expected = echoAnswer(runs[index]!.message, WORDS).join(' ');
        expect({
          run: index,
          shown: shownText(reader),
          finished: reader.finished,
          errors: reader.errors,
        }).toEqual({
          run: index,
          shown: expected,
          finished: true,
          errors: [],
        });
      }
      // The killed worker's runs were taken over by the other one from their checkpoints.
      expect(outcomes.some((reader: StreamReader) => reader.restarts > 0)).toBe(true);

      const rows = await sql<{
        id: string;
        status: string;
        answer: string;
        attempts: number;
        answers: string;
      }>(
        `select r.id, r.status, r.answer, r.attempts,
         (select count(*) from messages m where m.conversation_id = r.conversation_id and m.role = 'assistant') as answers
       from runs r where r.source = 'api'`,
      );
      expect(rows).toHaveLength(RUNS);
      for (const run of runs) {
        const row = rows.find((candidate) => candidate.id === run.runId)!;
        expect({ status: row.status, answer: row.answer, answers: Number(row.answers) }).toEqual({
          status: 'succeeded',
          answer: echoAnswer(run.message, WORDS).join(' '),
          answers: 1,
        });
      }
      expect(rows.filter((row) => row.attempts > 1).length).toBeGreaterThan(0);
    });
  },
);
