import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signUpOwner, startServer, type TestServer } from './harness';
import { trpc } from './trpc-client';

interface StoredAgent {
  draftGraph: { nodes: { id: string; data: { config: Record<string, unknown> } }[] };
}

describe('pickers: a Q&A agent made by picking a knowledge base answers with a citation', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  /** The Q&A agent the first test makes. */
  let qaAgentId: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage();
    await signUpOwner(page, server.url, {
      name: 'Ada',
      email: 'ada@example.com',
      password: 'analytical-engine',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const call = <T>(path: string, input?: unknown, kind: 'query' | 'mutation' = 'mutation') =>
    trpc<T>(page.request, server.url, path, input, kind);

  it('asks for a knowledge base in the new-agent dialog, cites it in the preview, links to it and shows it deleted', async () => {
    const base = await call<{ id: string }>('knowledge.create', { name: 'Kettle manuals' });
    const spare = await call<{ id: string }>('knowledge.create', { name: 'Spare parts' });
    await call('knowledge.addText', {
      id: base.id,
      name: 'Kettle care',
      text: '# Warranty\n\nThe Aurora X2 kettle carries a five-year warranty from the date of purchase.',
    });
    await expect
      .poll(
        async () =>
          (await call<{ status: string }[]>('knowledge.documents', { id: base.id }, 'query'))[0]?.status,
        { timeout: 30_000 },
      )
      .toBe('ready');

    await page.goto(`${server.url}/agents`);
    await page.getByRole('button', { name: 'New agent' }).first().click();
    const form = page.getByRole('form', { name: 'New agent' });
    await form.getByText('Knowledge-base Q&A', { exact: true }).click();
    const choice = form.getByTestId('template-knowledge-base');
    // The dialog asks before it creates anything.
    await form.getByRole('button', { name: 'Create', exact: true }).click();
    await choice.getByText('Pick a knowledge base for this template, or create one.').waitFor();

    // Type to narrow the list, then pick with the keyboard.
    const picker = choice.getByRole('combobox', { name: 'Knowledge base to search' });
    await picker.fill('kettle');
    const list = page.getByRole('listbox', { name: 'Knowledge bases' });
    await list.getByRole('option', { name: /Kettle manuals/ }).waitFor();
    expect(await list.getByRole('option').count()).toBe(1);
    await expect(list.getByRole('option').textContent()).resolves.toContain('1 document');
    await picker.press('Enter');
    await list.waitFor({ state: 'hidden' });
    expect(await picker.inputValue()).toBe('Kettle manuals');
    expect(await choice.getByRole('alert').count()).toBe(0);
    await form.getByRole('textbox', { name: /^Name/ }).fill('Kettle answers');
    await form.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/agents\/[0-9a-f-]+$/);
    const agentId = page.url().split('/').at(-1)!;
    qaAgentId = agentId;

    // The agent searches the picked base: the offline model quotes the passage and cites it.
    await page.getByTestId('node-chat-input').waitFor();
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const chat = page.getByRole('region', { name: 'Preview chat' });
    await chat.getByLabel('Message').fill('How long is the warranty on the kettle?');
    await chat.getByRole('button', { name: 'Send' }).click();
    await chat
      .getByText(/From the knowledge base: .*five-year warranty.*\[1\]/)
      .filter({ visible: true })
      .first()
      .waitFor({ timeout: 30_000 });
    await chat
      .getByText('[1] Kettle care.md — Warranty', { exact: true })
      .filter({ visible: true })
      .first()
      .waitFor();

    // The Knowledge node names the base (not its id) and links to it in a new tab.
    await page.locator('.react-flow__node[data-id="knowledge"] .font-semibold').first().click();
    const settings = page.locator('section[aria-label="Node settings"]');
    const field = settings.getByRole('combobox', { name: 'Knowledge base' });
    expect(await field.inputValue()).toBe('Kettle manuals');
    await settings.getByText('1 document', { exact: true }).waitFor();
    const link = settings.getByRole('link', { name: /Open Kettle manuals/ });
    expect(await link.getAttribute('href')).toBe(`/knowledge/${base.id}`);
    expect(await link.getAttribute('target')).toBe('_blank');
    // Arrows open the list on the current base; Escape closes it and changes nothing.
    await field.press('ArrowDown');
    const nodeList = settings.getByRole('listbox', { name: 'Knowledge bases' });
    await nodeList.waitFor();
    const active = await field.getAttribute('aria-activedescendant');
    await expect(nodeList.locator(`[id="${active}"]`).textContent()).resolves.toContain('Kettle manuals');
    await field.press('Escape');
    await nodeList.waitFor({ state: 'hidden' });
    expect(await field.inputValue()).toBe('Kettle manuals');

    // Deleted in the tab the link opened: the node says so, and the picker still picks another.
    const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await tab.getByRole('heading', { name: 'Kettle manuals' }).waitFor();
    tab.once('dialog', (dialog) => void dialog.accept());
    await tab.getByRole('button', { name: 'Delete', exact: true }).click();
    await tab.waitForURL(/\/knowledge$/);
    await tab.close();
    await page.reload();
    await page.locator('.react-flow__node[data-id="knowledge"] .font-semibold').first().click();
    await settings.getByTestId('picker-missing').getByText(`Deleted or not found (${base.id}).`).waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await field.click();
    const options = nodeList.getByRole('option');
    await expect
      .poll(() => options.allTextContents())
      .toEqual(['None', expect.stringContaining('Spare parts')]);
    await nodeList.getByRole('option', { name: /Spare parts/ }).click();
    expect(await field.inputValue()).toBe('Spare parts');
    expect(await settings.getByTestId('picker-missing').count()).toBe(0);
    await expect
      .poll(async () => {
        const agent = await call<StoredAgent>('agents.get', { id: agentId }, 'query');
        return agent.draftGraph.nodes.find((node) => node.id === 'knowledge')?.data.config.knowledgeBaseId;
      })
      .toBe(spare.id);
  });
  it('creates the knowledge base from the dialog; Agent as Tool offers the other agents, not itself', async () => {
    await page.goto(`${server.url}/agents`);
    await page.getByRole('button', { name: 'New agent' }).first().click();
    const form = page.getByRole('form', { name: 'New agent' });
    await form.getByText('Knowledge-base Q&A', { exact: true }).click();
    const choice = form.getByTestId('template-knowledge-base');
    const newName = choice.getByLabel('Or create a knowledge base named');
    await newName.fill('Warranty FAQ');
    // Enter creates the knowledge base and picks it; the agent is not created yet.
    await newName.press('Enter');
    const picker = choice.getByRole('combobox', { name: 'Knowledge base to search' });
    await expect.poll(() => picker.inputValue()).toBe('Warranty FAQ');
    await choice.getByText('No documents yet').waitFor();
    expect(page.url()).toBe(`${server.url}/agents`);
    await form.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/agents\/[0-9a-f-]+$/);
    const created = page.url().split('/').at(-1)!;
    const bases = await call<{ id: string; name: string }[]>('knowledge.list', undefined, 'query');
    const faq = bases.find((candidate) => candidate.name === 'Warranty FAQ')!;
    const stored = await call<StoredAgent>('agents.get', { id: created }, 'query');
    expect(stored.draftGraph.nodes.find((node) => node.id === 'knowledge')?.data.config.knowledgeBaseId).toBe(
      faq.id,
    );

    const caller = await call<{ id: string }>('agents.create', {
      name: 'Front desk',
      graph: {
        version: 1,
        nodes: [
          {
            id: 'helper',
            type: 'agent-tool',
            position: { x: 0, y: 0 },
            data: { label: 'Ask an expert', config: { agentId: '', name: 'ask_expert' } },
          },
        ],
        edges: [],
      },
    });
    await page.goto(`${server.url}/agents/${caller.id}`);
    await page.locator('.react-flow__node[data-id="helper"] .font-semibold').first().click();
    const settings = page.locator('section[aria-label="Node settings"]');
    const field = settings.getByRole('combobox', { name: 'Agent', exact: true });
    await field.click();
    const list = settings.getByRole('listbox', { name: 'Agents' });
    // ✓ marks the current value: none yet.
    // The agents arrive after the list opens: read it until they are there.
    await expect
      .poll(() => list.getByRole('option').allTextContents())
      .toEqual([
        '✓None',
        expect.stringMatching(/^Kettle answers.*Draft only/),
        expect.stringMatching(/^Knowledge-base Q&A/),
      ]);
    await field.fill('kettle');
    await field.press('Enter');
    expect(await field.inputValue()).toBe('Kettle answers');
    await settings.getByText('Draft only: publish it before it can be called').waitFor();
    const link = settings.getByRole('link', { name: /Open Kettle answers/ });
    expect(await link.getAttribute('href')).toBe(`/agents/${qaAgentId}`);
  });
});
