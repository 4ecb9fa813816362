import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatbotGraph, startSite } from './api-setup';
import { type FakeOpenAI, startFakeOpenAI } from './fake-openai';
import { type TestServer, signedInOwner } from './harness';
import { trpc } from './trpc-client';

const REASONING = ['The user ', 'greets me; ', 'a short, ', 'warm reply ', 'fits best.'];
const THOUGHT = REASONING.join('');
const ANSWER = ['Hello', 'from', 'the', 'thinking', 'model.'];
/**
 * Tokens the fake provider reports, and the price set on the credential: 1200 × $2.5 + 300 × $10 per
 * million = $0.0030 + $0.0030, so a run shows $0.0060 only if the credential's price was used.
 */
const USAGE = { prompt_tokens: 1200, completion_tokens: 300 };
const EXPECTED_COST = '$0.0060';

const at = (id: string, type: string, x: number, config: Record<string, unknown> = {}, y = 80) => ({
  id,
  type,
  position: { x, y },
  data: { label: id, config },
});
const link = (source: string, sourceHandle: string, target: string, targetHandle: string) => ({
  id: `${source}-${sourceHandle}-${target}-${targetHandle}`,
  source,
  sourceHandle,
  target,
  targetHandle,
});

describe('reasoning and credential prices in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let provider: FakeOpenAI;
  let page: Page;
  let site: Awaited<ReturnType<typeof startSite>>;
  let credentialId: string;
  let agent: { id: string; publicId: string };

  beforeAll(async () => {
    provider = await startFakeOpenAI({
      kind: 'reasoning',
      reasoning: REASONING,
      words: ANSWER,
      usage: USAGE,
    });
    ({ server, browser, page } = await signedInOwner());
    credentialId = (
      await trpc<{ id: string }>(page.request, server.url, 'credentials.create', {
        name: 'Thinker box',
        provider: 'openai-compatible',
        apiKey: 'fake-key',
        baseUrl: provider.baseUrl,
      })
    ).id;
    const graph = structuredClone(chatbotGraph);
    const model = graph.nodes.find((node: { id: string }) => node.id === 'model');
    model.data = {
      label: 'Thinker',
      config: { provider: 'openai-compatible', model: 'thinker', credentialId },
    };
    agent = await trpc<{ id: string; publicId: string }>(page.request, server.url, 'agents.create', {
      name: 'Deep thought',
      graph,
    });
    site = await startSite(
      () => `<!doctype html><html lang="en"><head><title>Shop</title></head>
<body><script src="${server.url}/widget.js" data-agent="${agent.publicId}" async></script></body></html>`,
    );
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await server?.stop();
    await provider?.close();
  });

  async function openPreview(agentId: string) {
    await page.goto(`${server.url}/agents/${agentId}`);
    await page.getByTestId('node-chat-input').waitFor();
    await page.getByRole('button', { name: 'Preview' }).click();
    return page.getByRole('region', { name: 'Preview chat' });
  }

  it('sets a model price on the Credentials page, checked before it is saved', async () => {
    await page.goto(`${server.url}/credentials`);
    await page
      .getByTestId('credential-prices')
      .getByText(/No prices set/)
      .waitFor();
    await page.getByRole('button', { name: 'Prices', exact: true }).click();
    const form = page.getByRole('form', { name: 'Model prices of Thinker box' });
    await form.getByLabel('Model 1', { exact: true }).fill('thinker');
    await form.getByLabel('Input price of model 1').fill('2.5');
    await form.getByLabel('Output price of model 1').fill('-10');
    await form.getByRole('button', { name: 'Save prices' }).click();
    await form.getByRole('alert').getByText('thinker: the output price cannot be negative').waitFor();
    await form.getByLabel('Output price of model 1').fill('10');
    await form.getByRole('button', { name: 'Save prices' }).click();
    await page
      .getByTestId('credential-prices')
      .getByText('thinker $2.5 in / $10 out per 1M tokens')
      .waitFor();
    // Stored, not only shown: the list the server answers holds the price.
    const listed = await trpc<{ id: string; prices: Record<string, unknown> }[]>(
      page.request,
      server.url,
      'credentials.list',
      undefined,
      'query',
    );
    expect(listed.find((credential) => credential.id === credentialId)?.prices).toEqual({
      thinker: { input: 2.5, output: 10 },
    });
  });

  it('shows the streamed reasoning folded in the preview and the run details, with the cost from that price', async () => {
    const panel = await openPreview(agent.id);
    await panel.locator('#preview-input').fill('Hi there!');
    await panel.getByRole('button', { name: 'Send' }).click();
    const answer = panel.locator('[data-role="assistant"]').last();
    await answer.getByText('Hello from the thinking model.').waitFor();
    await page.locator('[data-testid="node-chat-output"][data-run-status="done"]').waitFor();
    // Folded: one button, closed, and the reasoning not on the page until it is opened.
    const fold = answer.getByRole('button', { name: /^Reasoning/ });
    await expect(fold.count()).resolves.toBe(1);
    await expect(fold.textContent()).resolves.toBe('Reasoning ▸');
    await expect(fold.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(answer.getByText(THOUGHT).count()).resolves.toBe(0);
    // The reasoning is not part of the answer's text either.
    await expect(answer.textContent()).resolves.not.toContain('warm reply');
    await fold.click();
    await expect(fold.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(fold.textContent()).resolves.toBe('Reasoning ▾');
    await answer.getByText(THOUGHT).waitFor();
    await fold.click();
    await expect(fold.getAttribute('aria-expanded')).resolves.toBe('false');
    // One provider call made all of it: the reasoning came from the answer's own stream.
    expect(provider.stats.requests).toBe(1);

    // The run details: the cost of the credential's price, the reasoning kept with the Model's step.
    await page.goto(`${server.url}/agents/${agent.id}/runs`);
    await page.getByRole('list', { name: 'Runs' }).getByRole('link').first().click();
    const timeline = page.getByRole('list', { name: 'Node timeline' });
    await timeline.waitFor();
    await expect(page.getByTestId('run-cost').textContent()).resolves.toBe(EXPECTED_COST);
    await expect(page.getByRole('list', { name: 'Costs not known' }).count()).resolves.toBe(0);
    const step = timeline.getByRole('listitem').filter({ hasText: /^Thinker/ });
    await expect(step.locator('summary').textContent()).resolves.toContain('1500 tok');
    await expect(step.getByTitle('price set on the credential Thinker box').textContent()).resolves.toBe(
      EXPECTED_COST,
    );
    await step.locator('summary').click();
    const stored = step.getByRole('button', { name: /^Reasoning/ });
    await expect(stored.textContent()).resolves.toBe('Reasoning ▸');
    await expect(step.getByText(THOUGHT).count()).resolves.toBe(0);
    await stored.click();
    await expect(stored.getAttribute('aria-expanded')).resolves.toBe('true');
    await step.getByText(THOUGHT).waitFor();
  });

  it('keeps the reasoning out of the widget until the Embed tab turns "Show reasoning" on', async () => {
    // Servers like OpenRouter and Ollama name the field `reasoning` rather than `reasoning_content`.
    provider.setMode({
      kind: 'reasoning',
      reasoning: REASONING,
      words: ANSWER,
      usage: USAGE,
      field: 'reasoning',
    });
    await trpc(page.request, server.url, 'agents.publish', { id: agent.id, note: 'thinker' });
    await page.goto(`${server.url}/agents/${agent.id}/embed`);
    await page.waitForLoadState('networkidle');
    const showReasoning = page.getByLabel(/^Show reasoning/);
    await expect(showReasoning.isChecked()).resolves.toBe(false);
    await page.getByLabel('Site to allow').fill(site.url);
    await page.getByRole('button', { name: 'Add site' }).click();
    await page.getByRole('button', { name: 'Save embed settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();

    /** Chats once from the embedding site in a fresh browser context; returns the page and the stream. */
    const chatFromSite = async (message: string) => {
      const visitor = await browser.newPage();
      await visitor.goto(site.url);
      await visitor.getByRole('button', { name: /^Open chat/ }).click();
      const dialog = visitor.getByRole('dialog');
      await dialog.waitFor();
      const streamed = visitor.waitForResponse((response) => response.url().endsWith('/chat'));
      await visitor.getByRole('textbox', { name: 'Message' }).fill(message);
      await visitor.getByRole('textbox', { name: 'Message' }).press('Enter');
      const body = await (await streamed).text();
      await dialog.locator('.msg.bot').last().getByText('Hello from the thinking model.').waitFor();
      return { visitor, dialog, body };
    };

    // Off (the default): the public route sends no reasoning at all, and the widget shows none.
    const hidden = await chatFromSite('Hello?');
    expect(hidden.body).toContain('"text-delta"');
    expect(hidden.body).not.toContain('reasoning');
    expect(hidden.body).not.toContain('warm reply');
    await expect(hidden.dialog.getByRole('button', { name: /Reasoning/ }).count()).resolves.toBe(0);
    await expect(hidden.dialog.getByText(/warm reply/).count()).resolves.toBe(0);
    await hidden.visitor.close();

    await showReasoning.check();
    await page.getByRole('button', { name: 'Save embed settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();

    // On: the reasoning arrives as reasoning parts and shows folded before the answer.
    const shown = await chatFromSite('Hello again?');
    expect(shown.body).toContain('"reasoning-delta"');
    const fold = shown.dialog.getByRole('button', { name: /^Reasoning/ });
    await fold.waitFor();
    await expect(fold.textContent()).resolves.toBe('Reasoning ▸');
    await expect(fold.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(shown.dialog.getByText(THOUGHT).isVisible()).resolves.toBe(false);
    await fold.click();
    await expect(fold.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(shown.dialog.getByText(THOUGHT).isVisible()).resolves.toBe(true);
    // The answer's bubble holds the answer only.
    await expect(shown.dialog.locator('.msg.bot').last().textContent()).resolves.not.toContain('warm reply');
    await shown.visitor.close();
  });

  it('shows a tool call of an agent once in the preview', async () => {
    provider.setMode({
      kind: 'script',
      replies: [
        { toolCalls: [{ name: 'calculator', arguments: { expression: '6 * 7' } }] },
        { text: 'Six times seven is 42.' },
      ],
    });
    const graph = {
      version: 1,
      nodes: [
        at('chat-input', 'chat-input', 0),
        at('model', 'model', 0, { provider: 'openai-compatible', model: 'thinker', credentialId }, 300),
        at('calculator', 'calculator-tool', 280, {}, 300),
        at('agent', 'agent', 560),
        at('chat-output', 'chat-output', 840),
      ],
      edges: [
        link('chat-input', 'message', 'agent', 'prompt'),
        link('model', 'model', 'agent', 'model'),
        link('calculator', 'tool', 'agent', 'tools'),
        link('agent', 'text', 'chat-output', 'text'),
      ],
    };
    const helper = await trpc<{ id: string }>(page.request, server.url, 'agents.create', {
      name: 'Counter',
      graph,
    });
    const panel = await openPreview(helper.id);
    await panel.locator('#preview-input').fill('What is 6 times 7?');
    await panel.getByRole('button', { name: 'Send' }).click();
    const answer = panel.locator('[data-role="assistant"]').last();
    await answer.getByText('Six times seven is 42.').waitFor();
    await page.locator('[data-testid="node-chat-output"][data-run-status="done"]').waitFor();
    const calls = answer.locator('summary').filter({ hasText: /^Tool calculator/ });
    await expect(calls.count()).resolves.toBe(1);
    await expect(calls.textContent()).resolves.toMatch(/— done$/);
    await calls.click();
    await answer.getByText('output: {"expression":"6 * 7","result":42}').waitFor();
  });
});
