import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from './fake-openai';
import { type TestServer, signedInOwner } from './harness';
import { trpc } from './trpc-client';

interface SavedAgent {
  draftRevision: number;
  draftGraph: { nodes: { id: string; type: string; data: { config: Record<string, unknown> } }[] };
}

interface StoredMessage {
  role: string;
  status: string | null;
  acceptedRevision: number | null;
}

describe('the Copilot panel in the builder', () => {
  let server: TestServer;
  let browser: Browser;
  let provider: FakeOpenAI;
  let page: Page;

  beforeAll(async () => {
    provider = await startFakeOpenAI({ kind: 'script', replies: [{ text: 'Nothing to do.' }] });
    ({ server, browser, page } = await signedInOwner());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await provider?.close();
  });

  const agentOf = (id: string) => trpc<SavedAgent>(page.request, server.url, 'agents.get', { id }, 'query');
  const panel = () => page.getByRole('region', { name: 'Copilot', exact: true });
  const diff = () => page.getByTestId('canvas-diff');
  const editorNode = (id: string) => page.getByTestId('canvas').locator(`.react-flow__node[data-id="${id}"]`);

  async function openCopilot(agentId: string) {
    await page.goto(`${server.url}/agents/${agentId}`);
    await page.getByTestId('node-chat-input').first().waitFor();
    const toggle = page.getByRole('button', { name: 'Copilot', exact: true });
    if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
    await panel().waitFor();
  }

  async function ask(text: string) {
    await panel().locator('#copilot-input').fill(text);
    await panel().locator('#copilot-input').press('Enter');
  }

  it('builds a remembering chatbot offline on a blank canvas: diff, accept, undo, accept again, then chats', async () => {
    const agent = await trpc<{ id: string }>(page.request, server.url, 'agents.create', { name: 'Blank' });
    await openCopilot(agent.id);
    await expect
      .poll(() => panel().getByTestId('copilot-label').textContent())
      .toMatch(/Offline copilot \(no model\)/);
    // A blank canvas offers whole agents to build.
    await panel().getByRole('button', { name: 'A chatbot that remembers the conversation' }).waitFor();
    // The panel is remembered open for this agent.
    await page.reload();
    await panel().waitFor();
    expect(
      await page.getByRole('button', { name: 'Copilot', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');

    await ask('a chatbot that remembers the conversation');
    // The proposal is drawn on the canvas as a diff, read-only, with the Memory node among the added ones.
    await diff().locator('[aria-label*="(memory), added"]').waitFor();
    await diff().getByText('Read-only', { exact: true }).waitFor();
    const card = panel().getByTestId('copilot-proposal');
    await expect.poll(() => card.getAttribute('data-status')).toBe('proposed');
    await card.getByTestId('change-list').getByText(/Added/).first().waitFor();
    // Nothing changed yet.
    expect((await agentOf(agent.id)).draftGraph.nodes.map((node) => node.type).sort()).toEqual([
      'chat-input',
      'chat-output',
    ]);

    await card.getByRole('button', { name: 'Accept', exact: true }).click();
    await page.getByText(/Applied the Copilot's change/).waitFor();
    await expect.poll(() => diff().count()).toBe(0);
    await editorNode('memory').waitFor();
    await expect.poll(() => card.getAttribute('data-status')).toBe('accepted');
    const accepted = await agentOf(agent.id);
    expect(accepted.draftGraph.nodes.map((node) => node.type)).toContain('memory');
    const messages = await trpc<StoredMessage[]>(
      page.request,
      server.url,
      'copilot.messages',
      { agentId: agent.id },
      'query',
    );
    expect(messages.at(-1)).toMatchObject({ status: 'accepted', acceptedRevision: accepted.draftRevision });

    // Undo takes the whole change back in one step; the card then offers to accept it again.
    await page
      .locator('.react-flow__pane')
      .first()
      .click({ position: { x: 20, y: 300 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => editorNode('memory').count()).toBe(0);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(2);
    await card.getByRole('button', { name: 'Accept again' }).click();
    await editorNode('memory').waitFor();
    await expect.poll(() => card.getByRole('button', { name: 'Accept again' }).count()).toBe(0);

    // The History panel lists the accepted change.
    await page.getByRole('button', { name: 'History', exact: true }).click();
    await page
      .getByRole('region', { name: 'Changes by Copilot' })
      .getByText(/Revision \d+/)
      .first()
      .waitFor();

    // The accepted chatbot runs in the preview, on the offline model.
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const preview = page.getByRole('region', { name: 'Preview chat' });
    await preview.locator('#preview-input').fill('My name is Ada.');
    await preview.getByRole('button', { name: 'Send' }).click();
    await preview
      .locator('[data-role="assistant"]')
      .getByText(/Offline model/)
      .first()
      .waitFor();
    expect(await panel().count()).toBe(0);
  });

  it('hands the Problems panel\'s problems to the Copilot with "Fix with Copilot"', async () => {
    const agent = await trpc<{ id: string }>(page.request, server.url, 'agents.create', { name: 'Broken' });
    await page.goto(`${server.url}/agents/${agent.id}`);
    await page.getByTestId('node-chat-input').first().waitFor();
    await page.getByRole('button', { name: /^Problems \([1-9]/ }).click();
    await page.getByRole('button', { name: 'Fix with Copilot' }).click();
    // The Copilot opens in the side panel's place and sends the request, listing the problems.
    const request = panel().locator('[data-role="user"]').first();
    await expect.poll(() => request.textContent()).toMatch(/^Fix these problems:\n- /);
    expect(await page.getByRole('complementary', { name: 'Side panel' }).count()).toBe(0);
    await panel().locator('[data-role="assistant"]').first().waitFor();
  });

  it('uses the model chosen in Settings through tool calls, and Reject leaves the graph as it was', async () => {
    provider.setMode({
      kind: 'script',
      replies: [
        {
          toolCalls: [
            { name: 'setConfig', arguments: { nodeId: 'prompt', config: { system: 'Answer in Chinese.' } } },
          ],
        },
        { text: 'I changed the prompt so the bot answers in Chinese.' },
      ],
    });
    const credential = await trpc<{ id: string }>(page.request, server.url, 'credentials.create', {
      name: 'Fake provider',
      provider: 'openai-compatible',
      apiKey: 'sk-fake-copilot-secret',
      baseUrl: provider.baseUrl,
    });
    await page.goto(`${server.url}/settings`);
    const settings = page.getByRole('region', { name: 'Copilot', exact: true });
    await settings.getByLabel('Copilot model').selectOption('openai-compatible');
    await settings.getByLabel(/^Model/).fill('fake-model');
    await settings.getByLabel(/^Credential/).selectOption(credential.id);
    await settings.getByText(/never sent/).waitFor();
    await settings.getByRole('button', { name: 'Save Copilot settings' }).click();
    await settings.getByText('Saved.').waitFor();

    const agent = await trpc<{ id: string }>(page.request, server.url, 'agents.createFromTemplate', {
      templateId: 'basic-chatbot',
    });
    const before = await agentOf(agent.id);
    await openCopilot(agent.id);
    await expect
      .poll(() => panel().getByTestId('copilot-label').textContent())
      .toMatch(/openai-compatible\/fake-model/);
    await ask('Make it answer in Chinese');
    const card = panel().getByTestId('copilot-proposal');
    await expect.poll(() => card.getAttribute('data-status')).toBe('proposed');
    await panel().getByText('I changed the prompt so the bot answers in Chinese.').waitFor();
    await card.getByText(/system: .* → “Answer in Chinese\.”/).waitFor();
    await diff().locator('[aria-label*="(prompt), changed"]').waitFor();

    await card.getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('rejected');
    await expect.poll(() => diff().count()).toBe(0);
    const after = await agentOf(agent.id);
    expect(after.draftRevision).toBe(before.draftRevision);
    expect(after.draftGraph).toEqual(before.draftGraph);

    // The provider was offered the edit tools and saw the graph, never the credential's key.
    const first = JSON.stringify(provider.bodies[0]);
    expect(first).toContain('setConfig');
    expect(first).toContain('Answer briefly');
    expect(provider.bodies.map((body) => JSON.stringify(body)).join('')).not.toContain(
      'sk-fake-copilot-secret',
    );
  });
});
