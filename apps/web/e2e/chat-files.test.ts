import OpenAI from 'openai';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSite } from './api-setup';
import { type FakeOpenAI, startFakeOpenAI } from './fake-openai';
import { type TestServer, signedInOwner } from './harness';
import { trpc } from './trpc-client';

/** A 1×1 PNG: real image bytes, so the server's check by magic number accepts it. */
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const PNG = Buffer.from(PNG_BASE64, 'base64');
const PNG_DATA_URL = `data:image/png;base64,${PNG_BASE64}`;

const at = (id: string, type: string, x: number, config: Record<string, unknown> = {}) => ({
  id,
  type,
  position: { x, y: 80 },
  data: { label: id, config },
});
const link = (source: string, sourceHandle: string, target: string, targetHandle: string) => ({
  id: `${source}-${sourceHandle}-${target}-${targetHandle}`,
  source,
  sourceHandle,
  target,
  targetHandle,
});

/** Chat Input (message and files) → Model → Chat Output. */
function visionGraph(model: Record<string, unknown>) {
  return {
    version: 1,
    nodes: [
      at('chat-input', 'chat-input', 0),
      at('model', 'model', 300, model),
      at('out', 'chat-output', 600),
    ],
    edges: [
      link('chat-input', 'message', 'model', 'prompt'),
      link('chat-input', 'files', 'model', 'files'),
      link('model', 'text', 'out', 'text'),
    ],
  };
}

/** The content parts of the last user message the fake provider received. */
function lastUserContent(
  provider: FakeOpenAI,
): { type: string; text?: string; image_url?: { url: string } }[] {
  const body = provider.bodies.at(-1) as { messages: { role: string; content: unknown }[] };
  const content = body.messages.filter((message) => message.role === 'user').at(-1)?.content;
  return Array.isArray(content) ? content : [{ type: 'text', text: String(content) }];
}

describe('images in chats in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let provider: FakeOpenAI;
  let page: Page;
  let site: Awaited<ReturnType<typeof startSite>>;
  let agent: { id: string; publicId: string };

  beforeAll(async () => {
    provider = await startFakeOpenAI({ kind: 'stream', words: ['A', 'tiny', 'picture.'], delayMs: 0 });
    ({ server, browser, page } = await signedInOwner());
    const credential = await trpc<{ id: string }>(page.request, server.url, 'credentials.create', {
      name: 'Vision box',
      provider: 'openai-compatible',
      apiKey: 'fake-key',
      baseUrl: provider.baseUrl,
    });
    // A model the capability table lists as reading images (a LLaVA-style vision model).
    agent = await trpc<{ id: string; publicId: string }>(page.request, server.url, 'agents.create', {
      name: 'Picture reader',
      graph: visionGraph({
        provider: 'openai-compatible',
        model: 'llava-vision',
        credentialId: credential.id,
      }),
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

  it('sends an image attached in the preview to the model as an image_url part, and shows it', async () => {
    await page.goto(`${server.url}/agents/${agent.id}`);
    await page.getByTestId('node-chat-input').waitFor();
    await page.getByRole('button', { name: 'Preview' }).click();
    const panel = page.getByRole('region', { name: 'Preview chat' });
    const chooser = page.waitForEvent('filechooser');
    await panel.getByRole('button', { name: 'Attach files' }).click();
    await (await chooser).setFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG });
    const chips = panel.getByRole('list', { name: 'Attached files' });
    await chips.locator('li[data-status="ready"]').getByText('dot.png').waitFor();
    await panel.locator('#preview-input').fill('What is in this picture?');
    await panel.getByRole('button', { name: 'Send' }).click();
    await panel.locator('[data-role="assistant"]').last().getByText('A tiny picture.').waitFor();
    await expect(chips.count()).resolves.toBe(0);

    const content = lastUserContent(provider);
    expect(content.find((part) => part.type === 'text')?.text).toContain('What is in this picture?');
    const images = content.filter((part) => part.type === 'image_url');
    expect(images).toHaveLength(1);
    expect(images[0]!.image_url!.url).toBe(PNG_DATA_URL);

    // The sent message shows the image through the members-only download route, inline.
    const thumbnail = panel.locator('[data-role="user"] img[alt^="dot.png"]');
    await thumbnail.waitFor();
    expect(await thumbnail.getAttribute('src')).toMatch(
      new RegExp(`^/api/v1/agents/${agent.id}/files/[^/?]+\\?inline=1$`),
    );
    await expect
      .poll(() => thumbnail.evaluate((image: HTMLImageElement) => image.naturalWidth), { timeout: 5000 })
      .toBe(1);
  });

  it('says in words why a file is refused in the preview', async () => {
    const panel = page.getByRole('region', { name: 'Preview chat' });
    const chooser = page.waitForEvent('filechooser');
    await panel.getByRole('button', { name: 'Attach files' }).click();
    await (await chooser).setFiles({
      name: 'page.png',
      mimeType: 'image/png',
      buffer: Buffer.from('<html><script>alert(1)</script></html>'),
    });
    const failed = panel.getByRole('list', { name: 'Attached files' }).locator('li[data-status="failed"]');
    await failed
      .getByRole('alert')
      .getByText(/page\.png/)
      .waitFor();
    await failed.getByRole('button', { name: 'Remove page.png' }).click();
    await expect(panel.getByRole('list', { name: 'Attached files' }).count()).resolves.toBe(0);
  });

  it('offers files in the widget only after the Embed tab turns them on, and the image reaches the model', async () => {
    await trpc(page.request, server.url, 'agents.publish', { id: agent.id, note: 'vision' });
    await page.goto(`${server.url}/agents/${agent.id}/embed`);
    await page.waitForLoadState('networkidle');
    await page.getByLabel('Site to allow').fill(site.url);
    await page.getByRole('button', { name: 'Add site' }).click();
    await page.getByRole('button', { name: 'Save embed settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();

    const openWidget = async () => {
      const visitor = await browser.newPage();
      await visitor.goto(site.url);
      await visitor.getByRole('button', { name: /^Open chat/ }).click();
      const dialog = visitor.getByRole('dialog');
      await dialog.getByRole('textbox', { name: 'Message' }).waitFor();
      return { visitor, dialog };
    };

    // Off (the default): no attach button on the visitor's page.
    const off = await openWidget();
    await expect(off.dialog.getByRole('button', { name: 'Attach files' }).isVisible()).resolves.toBe(false);
    await off.visitor.close();

    const filesOn = page.getByLabel(/^Let visitors attach files/);
    await expect(filesOn.isChecked()).resolves.toBe(false);
    await filesOn.check();
    await page.getByLabel('Largest file (MB)').fill('2');
    await page.getByRole('button', { name: 'Save embed settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const saved = await trpc<{ settings: { files: unknown } }>(
      page.request,
      server.url,
      'embed.get',
      { id: agent.id },
      'query',
    );
    expect(saved.settings.files).toMatchObject({ enabled: true, maxFileMb: 2 });
    // The Embed tab's live preview shows the button too.
    const preview = page.frameLocator('iframe[title="Widget preview"]');
    await preview.getByRole('button', { name: 'Attach files' }).waitFor();

    const { visitor, dialog } = await openWidget();
    const chooser = visitor.waitForEvent('filechooser');
    await dialog.getByRole('button', { name: 'Attach files' }).click();
    await (await chooser).setFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG });
    await dialog
      .getByRole('list', { name: 'Attached files' })
      .getByText(/dot\.png/)
      .waitFor();
    const requests = provider.stats.requests;
    await dialog.getByRole('textbox', { name: 'Message' }).fill('And in this one?');
    await dialog.getByRole('textbox', { name: 'Message' }).press('Enter');
    await dialog.locator('.msg.bot').last().getByText('A tiny picture.').waitFor();
    expect(provider.stats.requests).toBe(requests + 1);
    const content = lastUserContent(provider);
    expect(content.find((part) => part.type === 'text')?.text).toContain('And in this one?');
    expect(content.filter((part) => part.type === 'image_url').map((part) => part.image_url!.url)).toEqual([
      PNG_DATA_URL,
    ]);
    // The visitor's own image is shown from a local object URL (no download route for visitors).
    const mine = dialog.locator('.msg.user img');
    expect(await mine.getAttribute('src')).toMatch(/^blob:/);
    await visitor.close();
  });

  it('takes an image_url from the OpenAI client, and the offline model describes what it received', async () => {
    const offline = await trpc<{ id: string }>(page.request, server.url, 'agents.create', {
      name: 'Offline describer',
      graph: visionGraph({ provider: 'offline' }),
    });
    await trpc(page.request, server.url, 'agents.publish', { id: offline.id, note: 'offline' });
    const { key } = await trpc<{ key: string }>(page.request, server.url, 'apiKeys.create', {
      name: 'files e2e',
      scopes: ['run'],
    });
    const client = new OpenAI({ apiKey: key, baseURL: `${server.url}/api/v1`, maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: offline.id,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Describe this' },
            { type: 'image_url', image_url: { url: PNG_DATA_URL } },
          ],
        },
      ],
    });
    expect(completion.choices[0]!.message.content).toMatch(/I received 1 image \([^)]*image\/png/);

    // An image by https URL is refused with a 400 naming the part: the server fetches nothing.
    const refused = await client.chat.completions
      .create({
        model: offline.id,
        messages: [
          { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] },
        ],
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
  });
});
