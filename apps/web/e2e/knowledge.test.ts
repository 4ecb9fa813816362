import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signUpOwner, startServer, type TestServer } from './harness';

const fixtures = path.resolve(import.meta.dirname, '../../../packages/api/src/knowledge/__fixtures__');
const fixture = (name: string, mimeType: string) => ({
  name,
  mimeType,
  buffer: readFileSync(path.join(fixtures, name)),
});

describe('knowledge: upload a document, ask the Q&A template, see the cited source', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let knowledgeBaseUrl: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('ingests uploads with their states, answers a query, and the Q&A agent cites the PDF', async () => {
    page = await browser.newPage();
    await signUpOwner(page, server.url, {
      name: 'Ada',
      email: 'ada@example.com',
      password: 'analytical-engine',
    });

    await page.getByRole('link', { name: 'Knowledge' }).click();
    await page.getByText('No knowledge bases yet').waitFor();
    await page.getByRole('button', { name: 'New knowledge base' }).first().click();
    await page.getByLabel('Name').fill('Product manuals');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { name: 'Product manuals' }).waitFor();
    // No embedding model: search is full-text, and the page says why.
    await page.getByTestId('search-mode').getByText('No embedding model is set').waitFor();
    knowledgeBaseUrl = page.url();

    await page
      .getByLabel('Upload documents')
      .setInputFiles([
        fixture('warranty.pdf', 'application/pdf'),
        fixture('encrypted.pdf', 'application/pdf'),
        { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]) },
      ]);
    await page.getByText('photo.png was not added: Unsupported file type ".png"').waitFor();
    const warranty = page.locator('li[data-document="warranty.pdf"]');
    await warranty.getByText('ready').waitFor({ timeout: 30_000 });
    await expect(warranty.textContent()).resolves.toMatch(/\d+ chunks/);
    const encrypted = page.locator('li[data-document="encrypted.pdf"]');
    await encrypted.getByText('failed').waitFor({ timeout: 30_000 });
    await encrypted.getByText(/password-protected/).waitFor();

    await warranty.getByRole('button', { name: 'Chunks' }).click();
    await warranty.getByText('The Aurora X2 kettle carries a five-year warranty').waitFor();

    await page.getByRole('textbox', { name: 'Query' }).fill('How long is the kettle warranty?');
    await page.getByRole('button', { name: 'Search' }).click();
    const results = page.getByRole('list', { name: 'Results' });
    await results.getByText('warranty.pdf — Warranty').first().waitFor();
    await expect(results.locator('li').first().textContent()).resolves.toContain(
      '[1] warranty.pdf — Warranty · score',
    );

    await page.getByRole('button', { name: 'Create Q&A agent' }).click();
    await page.getByRole('status').getByText('Created the agent').waitFor();
    await page.getByRole('link', { name: 'Open it' }).click();
    await page.waitForURL(/\/agents\/[0-9a-f-]+$/);
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const chat = page.getByRole('region', { name: 'Preview chat' });
    await chat.getByLabel('Message').fill('How long is the warranty on the kettle?');
    await chat.getByRole('button', { name: 'Send' }).click();
    // The answer (not the folded tool output) quotes the passage, cites [1] and lists the source.
    const answer = chat
      .getByText(/From the knowledge base: .*five-year warranty.*\[1\]/)
      .filter({ visible: true });
    await answer.first().waitFor({ timeout: 30_000 });
    await chat
      .getByText('[1] warranty.pdf — Warranty', { exact: true })
      .filter({ visible: true })
      .first()
      .waitFor();
    if (process.env.KNOWLEDGE_E2E_SCREENSHOT)
      await page.screenshot({ path: process.env.KNOWLEDGE_E2E_SCREENSHOT });
  });

  it('streams large uploads through the server: 12 MB is taken, over 25 MB is refused naming the limit', async () => {
    const id = knowledgeBaseUrl.split('/').at(-1)!;
    const upload = (name: string, buffer: Buffer) =>
      page.request.post(`${server.url}/api/knowledge/${id}/documents`, {
        headers: { origin: server.url },
        multipart: { file: { name, mimeType: 'application/octet-stream', buffer } },
      });
    const paragraph =
      'Shipping notes: parcels to Reykjavik travel by air freight from Lyon every Thursday.\n\n';
    const large = Buffer.from(paragraph.repeat(Math.ceil((12 * 1024 * 1024) / paragraph.length)));
    const taken = await upload('big-notes.md', large);
    expect(taken.status()).toBe(201);
    const tooLarge = await upload('huge.pdf', Buffer.alloc(25 * 1024 * 1024 + 1, 0x25));
    expect(tooLarge.status()).toBe(413);
    expect(((await tooLarge.json()) as { error: { message: string } }).error.message).toBe(
      'huge.pdf: The file is larger than the 25 MB limit per file.',
    );
    await page.goto(knowledgeBaseUrl);
    await page.locator('li[data-document="big-notes.md"]').getByText('ready').waitFor({ timeout: 90_000 });
  });
});
