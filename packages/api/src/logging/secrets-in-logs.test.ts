import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { handleAgentChat } from '../http/agent-chat';
import { createRuntime, type Runtime } from '../runtime';
import { publishAgent } from '../services/agent-versions';
import { createAgent } from '../services/agents';
import { createApiKey } from '../services/api-keys';
import { createCredential } from '../services/credentials';
import { createTestOwner, TEST_SECRET } from '../test-support';
import { type CapturedLogs, captureLogs } from './capture.testing';
import { useLogger } from './process-logger';

/** The credential's key: a string that appears nowhere else, so any line holding it leaked it. */
const KEY = `sk-leak-check-${crypto.randomUUID()}`;

/**
 * A loopback OpenAI-compatible provider and an API for the HTTP tool. The model's first answer calls
 * the HTTP tool on `/echo`, which echoes the Authorization header it got (the credential's key); the
 * second call is refused with a 403 whose message repeats the key (which the run's error quotes), as careless providers do.
 */
function fakeServices(): Promise<{ url: string; server: Server; seenKeys: string[] }> {
  const seenKeys: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      seenKeys.push(request.headers.authorization ?? '');
      if (request.url === '/echo') {
        response.end(`You sent: ${request.headers.authorization}`);
        return;
      }
      const { messages } = JSON.parse(body) as { messages: { role: string }[] };
      if (messages.some((message) => message.role === 'tool')) {
        response.writeHead(403, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            error: { message: `This key may not use the model: ${request.headers.authorization}` },
          }),
        );
        return;
      }
      const address = server.address() as AddressInfo;
      const chunk = (choices: unknown[]) =>
        `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'fake', choices })}\n\n`;
      const call = {
        index: 0,
        id: 'call_1',
        type: 'function',
        function: {
          name: 'http_request',
          arguments: JSON.stringify({ url: `http://127.0.0.1:${address.port}/echo`, method: 'GET' }),
        },
      };
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(
        chunk([{ index: 0, delta: { role: 'assistant', tool_calls: [call] }, finish_reason: null }]),
      );
      response.write(chunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]));
      response.end('data: [DONE]\n\n');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seenKeys }),
    ),
  );
}

/** The autonomous agent template, its model and HTTP tool using the credential (whose base URL is the fake's). */
function graphWith(credentialId: string): unknown {
  const graph = JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, '../templates/autonomous-agent.json'), 'utf8'),
  ) as { nodes: { id: string; data: { config: Record<string, unknown> } }[] };
  for (const node of graph.nodes) {
    if (node.id === 'model')
      node.data.config = { provider: 'openai-compatible', model: 'fake', credentialId };
    if (node.id === 'http-request')
      node.data.config = { allowHosts: ['127.0.0.1'], methods: ['GET'], credentialId };
  }
  return graph;
}

for (const backend of testBackends()) {
  describe(`a credential in a chat that logs at trace level, on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let services: Awaited<ReturnType<typeof fakeServices>>;
    let logs: CapturedLogs;
    let restore: () => void;

    beforeAll(async () => {
      services = await fakeServices();
      logs = await captureLogs('trace');
      // Lines of code without a runtime at hand (HTTP plumbing) go through the process's logger.
      restore = useLogger(logs.logger);
      database = await backend.open();
      const dataDir = mkdtempSync(path.join(tmpdir(), 'agentry-logs-'));
      runtime = await createRuntime(
        loadConfig({
          AGENTRY_DATA_DIR: dataDir,
          AGENTRY_SECRET: TEST_SECRET,
          AGENTRY_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
          LOG_LEVEL: 'trace',
        }),
        { database, logger: logs.logger },
      );
    }, 60_000);
    afterAll(async () => {
      restore();
      services.server.close();
      await database.close();
    });

    it('never writes the key, though the tool call and the refused model call both log', async () => {
      const actor = await createTestOwner(runtime);
      const credential = await createCredential(runtime, actor, {
        name: 'Fake provider',
        provider: 'openai-compatible',
        apiKey: KEY,
        baseUrl: `${services.url}/v1`,
        allowedHosts: ['127.0.0.1'],
      });
      const agent = await createAgent(runtime, actor, {
        name: 'Leaky',
        graph: graphWith(credential.id) as never,
      });
      await publishAgent(runtime, actor, { id: agent.id });
      const apiKey = (await createApiKey(runtime, actor.workspaceId, 'test')).key;
      const response = await handleAgentChat(
        runtime,
        new Request(`http://127.0.0.1:3000/api/v1/agents/${agent.id}/chat`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            host: '127.0.0.1:3000',
            authorization: `Bearer ${apiKey}`,
          },
          body: JSON.stringify({
            messages: [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'Fetch the echo page' }] }],
          }),
        }),
        agent.id,
      );
      expect(response.status).toBe(200);
      const stream = await response.text();
      // The key really went out (to the tool's API and the provider), and came back in the failure.
      expect(services.seenKeys).toEqual([`Bearer ${KEY}`, `Bearer ${KEY}`, `Bearer ${KEY}`]);
      expect(stream).toContain('"status":"failed"');
      await runtime.logger.flush?.();
      const lines = logs.lines();
      // The paths that log did log: the tool's request and the failed run, with the run's id.
      const toolLine = lines.find((line) => line.msg === 'HTTP tool request answered');
      const failedLine = lines.find((line) => line.msg === 'A run failed');
      expect(toolLine).toMatchObject({
        level: 'debug',
        host: expect.stringMatching(/^127\.0\.0\.1:/),
        status: 200,
      });
      expect(failedLine).toMatchObject({ level: 'warn', code: 'provider_auth', runId: toolLine?.runId });
      expect(failedLine?.reason).toContain('[Redacted]');
      const text = logs.text();
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(apiKey);
      expect(text).not.toContain('Fetch the echo page');
    }, 60_000);
  });
}
