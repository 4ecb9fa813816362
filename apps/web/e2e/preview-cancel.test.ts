import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from './fake-openai';
import { launchBrowser, signUpOwner, startServer, type TestServer, waitFor } from './harness';
import { trpc } from './trpc-client';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../examples/chatbot.json'), 'utf8'),
);

/** The example chatbot with its model switched to an OpenAI-compatible server. */
function graphWithProvider(credentialId: string) {
  const graph = structuredClone(chatbot);
  const model = graph.nodes.find((node: { id: string }) => node.id === 'model');
  model.data.config = { provider: 'openai-compatible', model: 'fake-model', credentialId };
  return graph;
}

describe('closing the tab mid-run', () => {
  let server: TestServer;
  let browser: Browser;
  let provider: FakeOpenAI;

  beforeAll(async () => {
    provider = await startFakeOpenAI({
      kind: 'stream',
      words: Array.from({ length: 200 }, (_, i) => `word${i}`),
      delayMs: 50,
    });
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await provider?.close();
  });

  it('aborts the provider request and records the run as cancelled', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signUpOwner(page, server.url, {
      name: 'Ada',
      email: 'ada@example.com',
      password: 'analytical-engine',
    });
    const credential = await trpc<{ id: string }>(page.request, server.url, 'credentials.create', {
      name: 'Fake',
      provider: 'openai-compatible',
      apiKey: 'fake-key',
      baseUrl: provider.baseUrl,
    });
    const agent = await trpc<{ id: string }>(page.request, server.url, 'agents.create', {
      name: 'Slow talker',
      graph: graphWithProvider(credential.id),
    });

    const tab = await context.newPage();
    await tab.goto(`${server.url}/agents`);
    await tab.evaluate(
      ({ id }) => {
        void fetch(`/api/v1/agents/${id}/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            target: 'draft',
            messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Talk for a while.' }] }],
          }),
        }).then((response) => response.body?.getReader().read());
      },
      { id: agent.id },
    );
    await waitFor(() => provider.stats.requests === 1, 'the provider to be called');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await tab.close();

    await waitFor(() => provider.stats.closedEarly === 1, 'the provider request to be aborted');
    expect(provider.stats.completed).toBe(0);
    await waitFor(async () => {
      const runs = await trpc<{ items: { status: string }[] }>(
        page.request,
        server.url,
        'runs.list',
        { agentId: agent.id, limit: 5 },
        'query',
      );
      return runs.items[0]?.status === 'cancelled';
    }, 'the run to be recorded as cancelled');
    await context.close();
  });
});
