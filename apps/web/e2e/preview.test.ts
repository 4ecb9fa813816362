import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from './fake-openai';
import { type TestServer, waitFor, signedInOwner } from './harness';
import { trpc } from './trpc-client';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../examples/chatbot.json'), 'utf8'),
);
const words = (count: number) => Array.from({ length: count }, (_, index) => `word${index}`);

/** Records, in the page, the order in which canvas nodes start running. */
const WATCH_NODES = `(() => {
  window.__started = [];
  new MutationObserver((records) => {
    for (const record of records) {
      const element = record.target;
      if (element.getAttribute && element.getAttribute('data-run-status') === 'running') {
        const id = element.getAttribute('data-testid').replace(/^node-/, '');
        if (!window.__started.includes(id)) window.__started.push(id);
      }
    }
  }).observe(document.body, { attributes: true, attributeFilter: ['data-run-status'], subtree: true });
})()`;

describe('preview chat with a live run trace', () => {
  let server: TestServer;
  let browser: Browser;
  let provider: FakeOpenAI;
  let page: Page;

  beforeAll(async () => {
    provider = await startFakeOpenAI({ kind: 'stream', words: words(5), delayMs: 10 });
    ({ server, browser, page } = await signedInOwner());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await provider?.close();
  });

  async function openPreview(agentId: string) {
    await page.goto(`${server.url}/agents/${agentId}`);
    await page.getByTestId('node-chat-input').waitFor();
    await page.getByRole('button', { name: 'Preview' }).click();
    return page.getByRole('region', { name: 'Preview chat' });
  }

  async function send(text: string) {
    const panel = page.getByRole('region', { name: 'Preview chat' });
    await panel.locator('#preview-input').fill(text);
    await panel.getByRole('button', { name: 'Send' }).click();
  }

  it('chats with a template agent, lights up nodes in order, and opens the run timeline', async () => {
    const agent = await trpc<{ id: string }>(page.request, server.url, 'agents.createFromTemplate', {
      templateId: 'basic-chatbot',
    });
    const panel = await openPreview(agent.id);
    await expect(panel.getByTestId('preview-model').textContent()).resolves.toMatch(/Offline model/);
    await page.evaluate(WATCH_NODES);
    await send('My name is Ada.');
    await panel
      .locator('[data-role="assistant"]')
      .getByText(/Offline model/)
      .first()
      .waitFor();
    for (const id of ['chat-input', 'prompt', 'memory', 'model', 'chat-output']) {
      await page.locator(`[data-testid="node-${id}"][data-run-status="done"]`).waitFor();
    }
    const started = (await page.evaluate('window.__started')) as string[];
    const order = (id: string) => started.indexOf(id);
    expect(order('chat-input')).toBeGreaterThanOrEqual(0);
    expect(order('chat-input')).toBeLessThan(order('prompt'));
    expect(order('prompt')).toBeLessThan(order('model'));
    expect(order('model')).toBeLessThan(order('chat-output'));

    // Clicking a node shows what it received and produced in the last run, with time and tokens.
    await page.getByTestId('node-model').click();
    const lastRun = page.getByRole('region', { name: 'Last run' });
    await lastRun
      .getByTestId('run-output')
      .getByText(/Offline model/)
      .waitFor();
    await expect(lastRun.textContent()).resolves.toMatch(/Last run: done · .*ms.* tokens/);
    await expect(lastRun.textContent()).resolves.toMatch(/prompt/);

    // Memory works across turns in the preview, as it will in the widget.
    await send('What is my name?');
    await panel
      .locator('[data-role="assistant"]')
      .nth(1)
      .getByText(/My name is Ada/)
      .waitFor();

    await page.getByRole('link', { name: 'Runs' }).click();
    await page.waitForURL(/\/runs$/);
    await page.getByRole('list', { name: 'Runs' }).getByRole('link').first().click();
    const timeline = page.getByRole('list', { name: 'Node timeline' });
    await timeline.waitFor();
    await expect(timeline.getByRole('listitem').count()).resolves.toBe(5);
    // Opening a node's row shows what it received and produced.
    await timeline
      .locator('summary')
      .filter({ hasText: /^Prompt/ })
      .click();
    await timeline.getByText(/"message": "What is my name\?"/).waitFor();
  });

  it('stops a long answer mid-way, and marks a provider failure on its node keeping the partial text', async () => {
    provider.setMode({ kind: 'stream', words: words(400), delayMs: 25 });
    const credential = await trpc<{ id: string }>(page.request, server.url, 'credentials.create', {
      name: 'Fake provider',
      provider: 'openai-compatible',
      apiKey: 'fake-key',
      baseUrl: provider.baseUrl,
    });
    const graph = structuredClone(chatbot);
    graph.nodes.find((node: { id: string }) => node.id === 'model').data.config = {
      provider: 'openai-compatible',
      model: 'fake-model',
      credentialId: credential.id,
    };
    const agent = await trpc<{ id: string }>(page.request, server.url, 'agents.create', {
      name: 'Talker',
      graph,
    });
    const panel = await openPreview(agent.id);
    await send('Talk a lot.');
    await panel
      .locator('[data-role="assistant"]')
      .getByText(/word10/)
      .waitFor();
    await panel.getByRole('button', { name: 'Stop' }).click();
    await panel.getByRole('button', { name: 'Regenerate' }).waitFor();
    const kept = (await panel.locator('[data-role="assistant"]').last().textContent()) ?? '';
    expect(kept).toContain('word0');
    expect(kept).not.toContain('word399');
    // Stop reaches the provider through the server (and its model thread): its connection closes.
    await waitFor(() => provider.stats.closedEarly >= 1, 'the provider connection to close');

    // A provider that fails mid-answer: the failure is marked on the model node and the partial text stays.
    provider.setMode({ kind: 'fail-midway', words: words(20), delayMs: 10 });
    await send('Try again.');
    await panel
      .getByRole('alert')
      .getByText(/500|error/i)
      .waitFor();
    await page.locator('[data-testid="node-model"][data-run-status="failed"]').waitFor();
    await expect(page.locator('[data-testid="node-prompt"]').getAttribute('data-run-status')).resolves.toBe(
      'done',
    );
    const partial = (await panel.locator('[data-role="assistant"]').last().textContent()) ?? '';
    expect(partial).toContain('word0');
    expect(partial).not.toContain('word19');
    await panel.getByRole('alert').getByRole('button', { name: 'Retry' }).waitFor();
  });
});
