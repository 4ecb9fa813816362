import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeGeometry } from '../src/components/builder/node-geometry';
import { launchBrowser, signUpOwner, startServer, type TestServer } from './harness';
import { trpc } from './trpc-client';

const OWNER = { name: 'Ada', email: 'ada@example.com', password: 'analytical-engine' };
const VIEWPORT = { width: 1600, height: 1000 };

function handle(page: Page, nodeId: string, portId: string, kind: 'source' | 'target'): Locator {
  return page.locator(
    `.react-flow__node[data-id="${nodeId}"] .react-flow__handle.${kind}[data-handleid="${portId}"]`,
  );
}

/** Drags with the mouse from one handle to another, as a person would; optionally holds before releasing. */
async function dragBetween(page: Page, from: Locator, to: Locator, whileHeld?: () => Promise<void>) {
  const start = (await from.boundingBox())!;
  const end = (await to.boundingBox())!;
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 15 });
  await whileHeld?.();
  await page.mouse.up();
}

async function connect(page: Page, source: [string, string], target: [string, string]) {
  const edges = await page.locator('.react-flow__edge').count();
  await dragBetween(page, handle(page, ...source, 'source'), handle(page, ...target, 'target'));
  await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(edges + 1);
}

async function problemCount(page: Page): Promise<number> {
  const text = await page.getByRole('tab', { name: /^Problems/ }).textContent();
  return Number(/\((\d+)\)/.exec(text ?? '')?.[1]);
}

async function waitSaved(page: Page) {
  await expect
    .poll(() => page.getByTestId('save-status').getAttribute('data-status'), { timeout: 10_000 })
    .toBe('saved');
}

/** Clicks a node's title to select it (fitting the view first, since the last focus may have zoomed in). */
async function selectNode(page: Page, nodeId: string) {
  await page.getByRole('button', { name: 'Fit view', exact: true }).click();
  await page.waitForTimeout(400);
  await page.locator(`.react-flow__node[data-id="${nodeId}"] .font-semibold`).first().click();
}

async function dropFromPalette(page: Page, type: string, x: number, y: number) {
  await page.dragAndDrop(`[data-node-type="${type}"]`, '[data-testid="canvas"]', {
    targetPosition: { x, y },
  });
}

async function importText(page: Page, name: string, text: string) {
  await page
    .getByTestId('import-file')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

async function agentIdOf(page: Page): Promise<string> {
  return /\/agents\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
}

describe('the builder in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
    page = await context.newPage();
    await signUpOwner(page, server.url, OWNER);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('builds an agent from a blank canvas, refuses a bad connection, fixes problems, publishes, restores and round-trips the file', async () => {
    await page.getByRole('button', { name: 'New agent' }).first().click();
    await page.getByLabel('Name').fill('Drawn bot');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/agents\/[0-9a-f-]{36}$/);
    const agentId = await agentIdOf(page);
    // A blank agent starts with a Chat Input and a Chat Output, not an empty canvas.
    await page.getByTestId('node-chat-input').waitFor();
    await page.getByTestId('node-chat-output').waitFor();

    // Drag a Prompt and a Model from the palette onto the canvas.
    await dropFromPalette(page, 'prompt', 260, 120);
    await page.getByTestId('node-prompt-1').waitFor();
    await dropFromPalette(page, 'model', 460, 700);
    await page.getByTestId('node-model-1').waitFor();
    const before = await problemCount(page);
    expect(before).toBeGreaterThan(0);

    // Text into a memory input is refused while dragging, naming both port types, and nothing is added.
    const edges = await page.locator('.react-flow__edge').count();
    await dragBetween(
      page,
      handle(page, 'chat-input', 'message', 'source'),
      handle(page, 'model-1', 'memory', 'target'),
      async () => {
        const hint = page.getByTestId('connection-hint');
        await hint.waitFor();
        expect(await hint.textContent()).toMatch(/text output .* memory input/);
      },
    );
    await page.getByRole('alert').filter({ hasText: 'Connection refused' }).waitFor();
    expect(await page.locator('.react-flow__edge').count()).toBe(edges);

    // Connect the chain by mouse; the problems list shrinks to nothing.
    await connect(page, ['chat-input', 'message'], ['prompt-1', 'message']);
    await connect(page, ['prompt-1', 'prompt'], ['model-1', 'prompt']);
    await connect(page, ['model-1', 'text'], ['chat-output', 'text']);
    await expect.poll(() => problemCount(page)).toBe(0);

    // A bad setting shows as a problem on the node and in the list; clicking it selects the node; fixing it clears it.
    await selectNode(page, 'model-1');
    await page.getByLabel('Temperature').fill('5');
    await expect.poll(() => problemCount(page)).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('node-model-1').getAttribute('data-problems')).not.toBe('0');
    // The field says what is wrong.
    await page.locator('section[aria-label="Node settings"] [role="alert"]').first().waitFor();
    await selectNode(page, 'chat-input');
    await page.getByRole('tab', { name: /^Problems/ }).click();
    await page.getByTestId('problems-list').getByRole('button').first().click();
    await expect
      .poll(() => page.locator('.react-flow__node.selected').getAttribute('data-id'))
      .toBe('model-1');
    await page.getByRole('tab', { name: 'settings' }).click();
    await page.getByLabel('Temperature').fill('0.5');
    await expect.poll(() => problemCount(page)).toBe(0);
    await page
      .getByTestId('problems-empty')
      .or(page.getByRole('tab', { name: 'Problems (0)' }))
      .first()
      .waitFor();
    await waitSaved(page);

    // The sizes the canvas estimates for nodes it has not drawn yet (large graphs) match the drawn nodes.
    for (const [nodeId, type, config] of [
      ['prompt-1', 'prompt', { system: '', template: '{{message}}' }],
      ['model-1', 'model', {}],
      ['chat-input', 'chat-input', {}],
      ['chat-output', 'chat-output', {}],
    ] as const) {
      const drawn = (await page.evaluate(`(() => {
        const node = document.querySelector('.react-flow__node[data-id="${nodeId}"]');
        const zoom = Number(/scale\\(([^)]+)\\)/.exec(document.querySelector('.react-flow__viewport').style.transform)[1]);
        const box = node.getBoundingClientRect();
        return {
          width: Math.round(box.width / zoom),
          height: Math.round(box.height / zoom),
          handles: [...node.querySelectorAll('.react-flow__handle')].map((handle) => {
            const rect = handle.getBoundingClientRect();
            return { id: handle.dataset.handleid, x: Math.round((rect.left - box.left) / zoom), y: Math.round((rect.top - box.top) / zoom) };
          }),
        };
      })()`)) as { width: number; height: number; handles: { id: string; x: number; y: number }[] };
      const estimate = nodeGeometry(type, config);
      expect({ width: drawn.width, height: drawn.height }).toEqual({
        width: estimate.width,
        height: estimate.height,
      });
      expect(drawn.handles.sort((a, b) => a.y - b.y || a.x - b.x)).toEqual(
        estimate.handles
          .map((item) => ({ id: item.id, x: item.x, y: item.y }))
          .sort((a, b) => a.y - b.y || a.x - b.x),
      );
    }

    // Publish version 1.
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByLabel('Note (optional)').fill('First drawn version');
    await page.getByRole('button', { name: 'Publish version' }).click();
    await page.getByText('Published version 1.').waitFor();

    // Change the draft, see the change against v1, then restore v1.
    await selectNode(page, 'prompt-1');
    await page.getByLabel('System').fill('Answer like a pirate.');
    await waitSaved(page);
    await page.getByRole('tab', { name: 'history' }).click();
    await page.getByTestId('versions-list').getByText('First drawn version').waitFor();
    await page.getByTestId('change-list').getByText('Answer like a pirate.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Restore v1' }).click();
    await page.getByText('Restored version 1 into the draft').waitFor();
    await waitSaved(page);
    expect(
      await trpc(page.request, server.url, 'agents.diff', { id: agentId, from: 1, to: 'draft' }, 'query'),
    ).toEqual([]);
    await selectNode(page, 'prompt-1');
    expect(await page.getByLabel('System').inputValue()).toBe('');

    // Export the graph as a file, change it, import it back.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('drawn-bot.agentry.json');
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(exported.version).toBe(1);
    expect(exported.nodes.map((node: { id: string }) => node.id).sort()).toEqual([
      'chat-input',
      'chat-output',
      'model-1',
      'prompt-1',
    ]);
    expect(exported.edges).toHaveLength(3);
    const prompt = exported.nodes.find((node: { id: string }) => node.id === 'prompt-1');
    prompt.data.config.system = 'Imported instructions.';
    await importText(page, 'edited.json', JSON.stringify(exported));
    await page.getByText('Imported 4 nodes').waitFor();
    await selectNode(page, 'prompt-1');
    expect(await page.getByLabel('System').inputValue()).toBe('Imported instructions.');
    await waitSaved(page);
    const saved = await trpc<{
      draftGraph: { nodes: { id: string; data: { config: { system?: string } } }[] };
    }>(page.request, server.url, 'agents.get', { id: agentId }, 'query');
    expect(saved.draftGraph.nodes.find((node) => node.id === 'prompt-1')?.data.config.system).toBe(
      'Imported instructions.',
    );

    // Undo brings the draft from before the import back.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 300 } });
    await page.keyboard.press('Control+z');
    await selectNode(page, 'prompt-1');
    expect(await page.getByLabel('System').inputValue()).toBe('');
  });

  it('shows every problem of a broken or hostile file and changes nothing, and marks unknown nodes it imports anyway', async () => {
    const agent = await trpc<{ id: string }>(page.request, server.url, 'agents.createFromTemplate', {
      templateId: 'basic-chatbot',
    });
    await page.goto(`${server.url}/agents/${agent.id}`);
    await page.getByTestId('node-model').waitFor();
    const nodes = () => page.locator('.react-flow__node').count();
    expect(await nodes()).toBe(5);

    await importText(page, 'broken.json', JSON.stringify({ version: 2, nodes: 'none', edges: [] }));
    const refused = page.getByTestId('import-refused');
    await refused.waitFor();
    expect(await refused.getByTestId('import-problems').locator('li').count()).toBeGreaterThanOrEqual(2);
    await refused.getByText('Nothing was changed.').waitFor();
    await page.getByRole('button', { name: 'Close', exact: true }).click();

    await importText(
      page,
      'huge.json',
      `{"version":1,"nodes":[],"edges":[],"padding":"${'x'.repeat(2.2 * 1024 * 1024)}"}`,
    );
    await page.getByTestId('import-refused').getByText('the limit is 2 MB').waitFor();
    await page.getByRole('button', { name: 'Close', exact: true }).click();

    await importText(page, 'not-json.json', '{ "version": 1, nodes: ');
    await page
      .getByTestId('import-refused')
      .getByText(/not valid JSON/i)
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Close', exact: true }).click();

    const withSecret = {
      version: 1,
      nodes: [
        {
          id: 'm',
          type: 'model',
          position: { x: 0, y: 0 },
          data: { config: { apiKey: 'sk-live-1234567890' } },
        },
      ],
      edges: [],
    };
    await importText(page, 'secret.json', JSON.stringify(withSecret));
    await page
      .getByTestId('import-refused')
      .getByText(/looks like a secret/)
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    expect(await nodes()).toBe(5);

    const exported = await trpc<{ text: string }>(
      page.request,
      server.url,
      'agents.exportGraph',
      { id: agent.id },
      'query',
    );
    const graph = JSON.parse(exported.text);
    graph.nodes.push({
      id: 'warp',
      type: 'teleporter',
      position: { x: 0, y: 500 },
      data: { label: 'Warp drive', config: {} },
    });
    await importText(page, 'unknown.json', JSON.stringify(graph));
    const review = page.getByTestId('import-review');
    await review.getByText('unknown_node_type').waitFor();
    await review.getByRole('button', { name: 'Import anyway' }).click();
    const broken = page.getByTestId('node-warp');
    await broken.getByText('Unknown node type “teleporter”').waitFor();
    expect(await broken.getAttribute('data-broken')).toBe('true');
    await expect.poll(() => problemCount(page)).toBeGreaterThan(0);
    await broken.getByRole('button', { name: 'Delete node' }).click();
    await expect.poll(() => page.getByTestId('node-warp').count()).toBe(0);
    await expect.poll(() => problemCount(page)).toBe(0);
  });

  it('adds a credential whose key never comes back to the page, tests it, and offers it on Model nodes by name', async () => {
    const key = 'sk-e2e-never-shown-7777';
    const provider = await startFakeCompatible(key);
    const bodies: string[] = [];
    const recorder = (response: { text(): Promise<string> }) => {
      void response.text().then(
        (text) => bodies.push(text),
        () => {},
      );
    };
    page.on('response', recorder);
    try {
      await page.goto(`${server.url}/agents`);
      await page.getByRole('link', { name: 'Credentials' }).click();
      await page.waitForURL(/\/credentials$/);
      await page.getByRole('button', { name: 'Add credential' }).first().click();
      await page.getByLabel('Name').fill('Local gateway');
      await page.getByLabel('Provider').selectOption('openai-compatible');
      await page.getByLabel('API key (optional)').fill(key);
      await page.getByLabel('Base URL').fill(provider.url);
      await page.getByRole('button', { name: 'Save credential' }).click();
      const row = page.getByRole('listitem').filter({ hasText: 'Local gateway' });
      await row.getByText('••••7777').waitFor();

      await row.getByRole('button', { name: 'Test' }).click();
      await row
        .getByTestId('credential-test-result')
        .getByText(/answered/)
        .waitFor();
      expect(provider.authorizations).toContain(`Bearer ${key}`);

      page.once('dialog', (dialog) => void dialog.accept('Team gateway'));
      await row.getByRole('button', { name: 'Rename' }).click();
      await page.getByRole('heading', { name: 'Team gateway' }).waitFor();

      // A Model node set to this provider lists the credential by name.
      const agent = await trpc<{ id: string }>(page.request, server.url, 'agents.createFromTemplate', {
        templateId: 'basic-chatbot',
      });
      await page.goto(`${server.url}/agents/${agent.id}`);
      await selectNode(page, 'model');
      await page.getByLabel('Provider').selectOption('openai-compatible');
      const picker = page.getByRole('combobox', { name: 'Credential' });
      await picker.fill('team');
      await page
        .getByRole('option', { name: /Team gateway/ })
        .getByText('openai-compatible · ••••7777')
        .waitFor();
      await picker.press('Enter');
      // The box shows the choice once React has taken it: read it until then, not once.
      await expect.poll(() => picker.inputValue()).toBe('Team gateway');
      await waitSaved(page);

      await page.goto(`${server.url}/credentials`);
      await page.getByText('Team gateway').waitFor();
      expect(await page.content()).not.toContain(key);
      await page.waitForTimeout(300);
      expect(bodies.length).toBeGreaterThan(5);
      expect(bodies.filter((body) => body.includes(key))).toEqual([]);
    } finally {
      page.off('response', recorder);
      await provider.close();
    }
  });

  it('never lets two tabs overwrite each other: the second save gets the conflict banner', async () => {
    const agent = await trpc<{ id: string }>(page.request, server.url, 'agents.createFromTemplate', {
      templateId: 'basic-chatbot',
      name: 'Shared',
    });
    const first = await context.newPage();
    const second = await context.newPage();
    for (const tab of [first, second]) {
      await tab.goto(`${server.url}/agents/${agent.id}`);
      await tab.getByTestId('node-prompt').waitFor();
    }
    await selectNode(first, 'prompt');
    await first.getByLabel('System').fill('Saved by the first tab.');
    await waitSaved(first);

    await selectNode(second, 'prompt');
    await second.getByLabel('System').fill('Written in the second tab.');
    const banner = second.getByTestId('conflict-banner');
    await banner.waitFor({ timeout: 10_000 });
    expect(await second.getByTestId('save-status').getAttribute('data-status')).toBe('conflict');
    // It shows what differs before offering the choice.
    await banner
      .getByTestId('change-list')
      .getByText('Written in the second tab.', { exact: false })
      .waitFor();
    await banner.getByRole('button', { name: 'Keep mine (save over)' }).click();
    await waitSaved(second);
    await expect.poll(() => banner.count()).toBe(0);

    // The first tab is now behind: its next save conflicts, and it can take the other draft.
    await first.getByLabel('System').fill('The first tab again.');
    const firstBanner = first.getByTestId('conflict-banner');
    await firstBanner.waitFor({ timeout: 10_000 });
    await firstBanner.getByRole('button', { name: 'Reload theirs' }).click();
    await waitSaved(first);
    await selectNode(first, 'prompt');
    expect(await first.getByLabel('System').inputValue()).toBe('Written in the second tab.');
    const stored = await trpc<{
      draftGraph: { nodes: { id: string; data: { config: { system?: string } } }[] };
    }>(page.request, server.url, 'agents.get', { id: agent.id }, 'query');
    expect(stored.draftGraph.nodes.find((node) => node.id === 'prompt')?.data.config.system).toBe(
      'Written in the second tab.',
    );
    await first.close();
    await second.close();
  });

  it('gives a viewer a read-only canvas without save or publish', async () => {
    const agent = await trpc<{ id: string }>(page.request, server.url, 'agents.createFromTemplate', {
      templateId: 'router',
    });
    await trpc(page.request, server.url, 'members.add', {
      name: 'Vic',
      email: 'vic@example.com',
      password: 'viewer-password',
      role: 'viewer',
    });
    const viewerContext = await browser.newContext({ viewport: VIEWPORT });
    const viewer = await viewerContext.newPage();
    await viewer.goto(`${server.url}/sign-in`);
    await viewer.getByLabel('Email').fill('vic@example.com');
    await viewer.getByLabel('Password').fill('viewer-password');
    await viewer.getByRole('button', { name: 'Sign in' }).click();
    await viewer.waitForURL(/\/agents$/);
    await viewer.goto(`${server.url}/agents/${agent.id}`);
    await viewer.getByTestId('node-router').waitFor();
    await viewer.getByText('Read-only (viewer)').waitFor();
    expect(await viewer.getByRole('button', { name: 'Publish', exact: true }).count()).toBe(0);
    expect(await viewer.getByTestId('save-status').count()).toBe(0);
    expect(await viewer.getByLabel('Node palette').count()).toBe(0);
    await selectNode(viewer, 'answer-prompt');
    expect(await viewer.getByLabel('System').isDisabled()).toBe(true);
    // Nodes do not move (the node keeps its place on the canvas, whatever the view does).
    const node = viewer.locator('.react-flow__node[data-id="router"]');
    const placement = async () => /translate\([^)]*\)/.exec((await node.getAttribute('style')) ?? '')?.[0];
    const placed = await placement();
    expect(placed).toBeTruthy();
    const box = (await node.boundingBox())!;
    await viewer.mouse.move(box.x + 20, box.y + 10);
    await viewer.mouse.down();
    await viewer.mouse.move(box.x + 220, box.y + 210, { steps: 5 });
    await viewer.mouse.up();
    expect(await placement()).toBe(placed);
    await viewerContext.close();
  });
});

/** A loopback OpenAI-compatible server that answers one short completion for the right key. */
async function startFakeCompatible(key: string) {
  const authorizations: string[] = [];
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      authorizations.push(request.headers.authorization ?? '');
      if (request.headers.authorization !== `Bearer ${key}`) {
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: 'Bad key', type: 'invalid_request_error' } }));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: 'chatcmpl-e2e',
          object: 'chat.completion',
          created: 1767225600,
          model: 'local-model',
          choices: [{ index: 0, message: { role: 'assistant', content: 'OK' }, finish_reason: 'length' }],
          usage: { prompt_tokens: 4, completion_tokens: 1, total_tokens: 5 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
