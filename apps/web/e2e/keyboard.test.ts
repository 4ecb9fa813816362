import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInOwner, type TestServer } from './harness';
import { trpc } from './trpc-client';

// Builds an agent with the keyboard alone: after the agent is created, every step is a key press
// (Tab to move, Enter/Space/Delete/arrows/Ctrl+C/V to act); no click, no tRPC edit.

/**
 * Presses Tab (or Shift+Tab, when the wanted element comes earlier in the page) until the focused
 * element matches `selector` (and has `text`, when given); fails naming it after `max` presses.
 */
async function tabTo(page: Page, selector: string, options: { max?: number; text?: string } = {}) {
  for (let presses = 0; presses < (options.max ?? 250); presses++) {
    const where = await page.evaluate(
      ([wanted, text]) => {
        const active = document.activeElement;
        const target = [...document.querySelectorAll(wanted)].find(
          (element) => text === '' || element.textContent?.trim() === text,
        );
        if (!target) return 'missing';
        if (target === active) return 'here';
        if (!active || active === document.body) return 'after';
        return active.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_PRECEDING ? 'before' : 'after';
      },
      [selector, options.text ?? ''] as const,
    );
    if (where === 'here') return;
    if (where === 'missing') throw new Error(`No ${selector} ${options.text ?? ''} on the page`);
    await page.keyboard.press(where === 'before' ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${selector} ${options.text ?? ''}`);
}

const nodeSelector = (id: string) => `.react-flow__node[data-id="${id}"]`;
const handleSelector = (id: string, port: string, kind: 'source' | 'target') =>
  `${nodeSelector(id)} .react-flow__handle.${kind}[data-handleid="${port}"]`;

async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return element?.dataset.id ?? element?.getAttribute('aria-label') ?? element?.tagName ?? '';
  });
}

async function announced(page: Page, text: RegExp) {
  await expect
    .poll(async () => ((await page.getByTestId('announcer').textContent()) ?? '').replace(/\u200b/g, ''))
    .toMatch(text);
}

/** Adds a node type from the palette with Enter; the new node gets the focus. */
async function addFromPalette(page: Page, type: string, expectedId: string, title: string) {
  await tabTo(page, `[data-node-type="${type}"]`);
  await page.keyboard.press('Enter');
  await page.locator(nodeSelector(expectedId)).waitFor();
  await expect.poll(() => focused(page)).toBe(expectedId);
  await announced(page, new RegExp(`^${title} added$`));
}

/** Opens a port's list with Enter, walks it with the arrow keys to `option`, and picks it with Enter. */
async function connectFrom(
  page: Page,
  port: [string, string, 'source' | 'target'],
  option: string,
  sentence: RegExp,
) {
  const edges = await page.locator('.react-flow__edge').count();
  await tabTo(page, handleSelector(...port));
  await page.keyboard.press('Enter');
  const list = page.getByTestId('port-menu').getByRole('listbox');
  await list.waitFor();
  const options = await list.getByRole('option').allTextContents();
  const index = options.findIndex((text) => text.startsWith(option));
  expect(index, `"${option}" in ${JSON.stringify(options)}`).toBeGreaterThanOrEqual(0);
  for (let step = 0; step < index; step++) await page.keyboard.press('ArrowDown');
  await expect(list.getAttribute('aria-activedescendant')).resolves.toBeTruthy();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(edges + 1);
  await announced(page, sentence);
  // The focus is back on the port it started from.
  await expect
    .poll(() => page.evaluate((wanted) => document.activeElement?.matches(wanted), handleSelector(...port)))
    .toBe(true);
}

async function problemCount(page: Page): Promise<number> {
  const text = await page.getByRole('tab', { name: /^Problems/ }).textContent();
  return Number(/\((\d+)\)/.exec(text ?? '')?.[1]);
}

describe('the builder without a mouse', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ({ server, browser, page } = await signedInOwner());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('builds the basic chatbot from a blank canvas with the keyboard only, and it answers', async () => {
    const agent = await trpc<{ id: string }>(page.request, server.url, 'agents.create', {
      name: 'Keyboard bot',
    });
    await page.goto(`${server.url}/agents/${agent.id}`);
    await page.locator(nodeSelector('chat-input')).waitFor();
    await page.locator(nodeSelector('chat-output')).waitFor();

    // Palette items add with Enter, at a free spot, and take the focus.
    await tabTo(page, '[data-node-type="prompt"]');
    await page.keyboard.press('Enter');
    await page.locator(nodeSelector('prompt-1')).waitFor();
    await expect.poll(() => focused(page)).toBe('prompt-1');
    await announced(page, /^Prompt added$/);
    await addFromPalette(page, 'model', 'model-1', 'Model');
    await addFromPalette(page, 'memory', 'memory-1', 'Conversation Memory');

    // Ports have names, and a port's list offers only what it may join.
    await expect(
      page.locator(handleSelector('model-1', 'prompt', 'target')).getAttribute('aria-label'),
    ).resolves.toMatch(/^Model, input prompt \(messages\)/);
    await tabTo(page, handleSelector('chat-input', 'message', 'source'));
    await page.keyboard.press('Enter');
    const offered = await page.getByTestId('port-menu').getByRole('option').allTextContents();
    expect(offered.some((text) => text.startsWith('Prompt.message'))).toBe(true);
    expect(offered.some((text) => text.startsWith('Model.memory'))).toBe(false);
    // Escape closes it and gives the focus back to the port; nothing is connected.
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('port-menu').count()).resolves.toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(
      /^Chat Input, output message/,
    );
    expect(await page.locator('.react-flow__edge').count()).toBe(0);

    await connectFrom(
      page,
      ['chat-input', 'message', 'source'],
      'Prompt.message',
      /^Connected Chat Input\.message to Prompt\.message$/,
    );
    await connectFrom(
      page,
      ['prompt-1', 'prompt', 'source'],
      'Model.prompt',
      /^Connected Prompt\.prompt to Model\.prompt$/,
    );
    await connectFrom(
      page,
      ['memory-1', 'memory', 'source'],
      'Model.memory',
      /^Connected Conversation Memory\.memory to Model\.memory$/,
    );
    // From the input side this time.
    await connectFrom(
      page,
      ['chat-output', 'text', 'target'],
      'Model.text',
      /^Connected Model\.text to Chat Output\.text$/,
    );
    await expect.poll(() => problemCount(page)).toBe(0);

    // Enter on a node opens its settings with the focus in them.
    await tabTo(page, nodeSelector('model-1'));
    await page.keyboard.press('Enter');
    await expect
      .poll(() =>
        page.evaluate(() => Boolean(document.activeElement?.closest('section[aria-label="Node settings"]'))),
      )
      .toBe(true);
    await expect(page.locator('section[aria-label="Node settings"] h2').textContent()).resolves.toBe('Model');
    // Escape in the settings gives the focus back to the node on the canvas.
    await page.keyboard.press('Escape');
    await expect
      .poll(() =>
        page.evaluate(() => document.activeElement?.closest('.react-flow__node')?.getAttribute('data-id')),
      )
      .toBe('model-1');

    // Delete on a focused node removes it with its edges; add it again and reconnect.
    await tabTo(page, nodeSelector('memory-1'));
    await page.keyboard.press('Delete');
    await expect(page.locator(nodeSelector('memory-1')).count()).resolves.toBe(0);
    await announced(page, /^Conversation Memory deleted$/);
    expect(await page.locator('.react-flow__edge').count()).toBe(3);
    await addFromPalette(page, 'memory', 'memory-1', 'Conversation Memory');
    await connectFrom(
      page,
      ['memory-1', 'memory', 'source'],
      'Model.memory',
      /^Connected Conversation Memory\.memory to Model\.memory$/,
    );

    // An edge is removed from its port's list too ("Disconnect …"), and Ctrl+Z brings it back.
    await tabTo(page, handleSelector('model-1', 'memory', 'target'));
    await page.keyboard.press('Enter');
    const disconnect = await page.getByTestId('port-menu').getByRole('option').allTextContents();
    for (let step = 0; step < disconnect.indexOf('Disconnect Conversation Memory.memory'); step++) {
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    await announced(page, /^Removed the connection: Conversation Memory\.memory$/);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(4);

    // Space selects a node, Ctrl+C/V copy and paste it (the copy takes the focus); Delete removes it.
    await tabTo(page, nodeSelector('prompt-1'));
    await page.keyboard.press('Space');
    await expect(page.locator(`${nodeSelector('prompt-1')}.selected`).count()).resolves.toBe(1);
    // Arrow keys move a selected node.
    const before = await page.locator(nodeSelector('prompt-1')).boundingBox();
    await page.keyboard.press('Shift+ArrowDown');
    await expect
      .poll(async () => (await page.locator(nodeSelector('prompt-1')).boundingBox())!.y)
      .toBeGreaterThan(before!.y);
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await page.locator(nodeSelector('prompt-2')).waitFor();
    await expect.poll(() => focused(page)).toBe('prompt-2');
    await announced(page, /^Pasted 1 node$/);
    await page.keyboard.press('Delete');
    await expect(page.locator(nodeSelector('prompt-2')).count()).resolves.toBe(0);
    await announced(page, /^Prompt deleted$/);

    // The draft saved is the chatbot, with no problems.
    await expect.poll(() => problemCount(page)).toBe(0);
    await page.keyboard.press('Control+s');
    await expect
      .poll(() => page.getByTestId('save-status').getAttribute('data-status'), { timeout: 10_000 })
      .toBe('saved');
    const saved = await trpc<{ draftGraph: { nodes: { type: string }[]; edges: unknown[] } }>(
      page.request,
      server.url,
      'agents.get',
      { id: agent.id },
      'query',
    );
    expect(saved.draftGraph.nodes.map((node) => node.type).sort()).toEqual([
      'chat-input',
      'chat-output',
      'memory',
      'model',
      'prompt',
    ]);
    expect(saved.draftGraph.edges).toHaveLength(4);

    // The preview answers (the offline model), reached and used by keyboard.
    await tabTo(page, 'button', { text: 'Preview' });
    await page.keyboard.press('Enter');
    await tabTo(page, '#preview-input');
    await page.keyboard.type('Hello from the keyboard');
    await page.keyboard.press('Enter');
    await page
      .getByRole('region', { name: 'Preview chat' })
      .locator('[data-role="assistant"]')
      .getByText(/Offline model/)
      .first()
      .waitFor({ timeout: 30_000 });
  }, 180_000);

  it('keeps the focus inside a dialog and gives it back to the opener on close', async () => {
    await tabTo(page, 'button', { text: 'Publish' });
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    for (let presses = 0; presses < 12; presses++) {
      await page.keyboard.press('Tab');
      expect(
        await page.evaluate(() => Boolean(document.activeElement?.closest('dialog[open]'))),
        `focus after ${presses + 1} Tab(s)`,
      ).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(dialog.count()).resolves.toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Publish');
  }, 60_000);
});
