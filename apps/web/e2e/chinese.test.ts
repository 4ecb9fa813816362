import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN as widgetWords } from '../../../packages/widget/src/lang-zh-CN';
import { startSite } from './api-setup';
import { launchBrowser, startServer, type TestServer } from './harness';
import { trpc } from './trpc-client';

type Tree = { [key: string]: string | Tree };
const catalog = (locale: string): Tree =>
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../messages/${locale}.json`), 'utf8'));
const zh = catalog('zh-CN');

/** A message of the Chinese catalog, formatted with its values as the app formats it. */
function say(key: string, values: Record<string, string | number> = {}): string {
  let node: string | Tree = zh;
  for (const part of key.split('.')) node = (node as Tree)[part]!;
  if (typeof node !== 'string') throw new Error(`${key} is not a message`);
  return String(new IntlMessageFormat(node, 'zh-CN').format(values));
}

/**
 * A person whose browser asks for Chinese: set-up, the agents list, the builder, the preview chat,
 * publishing and the widget on a Chinese page all speak Chinese, words taken from the shipped catalogs.
 * Then the person picks English in Settings, which wins over the browser from then on.
 */
describe('the app in Chinese (简体中文), in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let site: Awaited<ReturnType<typeof startSite>> | undefined;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await server?.stop();
  });

  it('walks set-up, the builder, the preview, publishing and the widget in Chinese', async () => {
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/setup$/);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await page.getByRole('heading', { name: say('auth.welcome') }).waitFor();

    // A refused field is explained in Chinese: the API's zod issue, said by the app.
    await page.getByLabel(say('auth.yourName')).fill('小明');
    await page.getByLabel(say('auth.email')).fill('ming@example.com');
    await page.getByLabel(say('auth.password')).fill('short');
    await page.getByRole('button', { name: say('auth.createOwner') }).click();
    await page.getByText(say('apiErrors.issue.tooShort', { minimum: 10 })).waitFor();
    await page.getByLabel(say('auth.password')).fill('a-long-password');
    await page.getByRole('button', { name: say('auth.createOwner') }).click();
    await page.waitForURL(/\/agents$/);

    const nav = page.getByRole('navigation', { name: say('nav.main') });
    await nav.getByRole('link', { name: say('nav.agents') }).waitFor();
    await page.getByRole('heading', { name: say('agents.title'), level: 1 }).waitFor();

    // A new agent from a template, whose name and description are in Chinese.
    await page
      .getByRole('button', { name: say('agents.new') })
      .first()
      .click();
    await page.getByText(say('agents.templates.basic-chatbot.name')).click();
    await page.getByLabel(say('agents.name')).fill('客服助手');
    await page.getByRole('button', { name: say('agents.create'), exact: true }).click();
    await page.waitForURL(/\/agents\/[^/]+$/);
    const agentId = new URL(page.url()).pathname.split('/').pop()!;

    // The builder: the palette and the template's nodes say their types in Chinese.
    const chatInput = page.getByTestId('node-chat-input');
    await chatInput.waitFor();
    await expect(chatInput.textContent()).resolves.toContain(say('nodes.chat-input.title'));
    const palette = page.getByLabel(say('nodePalette.label'));
    await palette.getByText(say('nodes.model.title'), { exact: true }).first().waitFor();

    // The preview chat.
    await page.getByRole('button', { name: say('builder.toolbar.preview'), exact: true }).click();
    const preview = page.getByRole('region', { name: say('preview.region') });
    await expect(preview.getByTestId('preview-model').textContent()).resolves.toContain(
      say('preview.offlineModel'),
    );
    await preview.getByLabel(say('preview.messageLabel')).fill('你好');
    await preview.getByRole('button', { name: say('preview.send') }).click();
    // The answer is the offline model's own words (data, not UI).
    await preview
      .locator('[data-role="assistant"]')
      .getByText(/Offline model/)
      .first()
      .waitFor();

    // Publish, through the Chinese dialog.
    await page.getByRole('button', { name: say('builder.toolbar.publish'), exact: true }).click();
    const dialog = page.getByRole('dialog', { name: say('builder.publish.title') });
    await dialog.getByRole('button', { name: say('builder.publish.submit') }).click();
    await page.getByText(say('builder.toast.published', { version: 1 })).waitFor();

    // The Embed tab: allow a Chinese site, whose visitors get the widget in Chinese.
    const { publicId } = await trpc<{ publicId: string }>(
      page.request,
      server.url,
      'embed.get',
      { id: agentId },
      'query',
    );
    site = await startSite(
      () => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>小店</title></head>
<body><h1>小店</h1><script src="${server.url}/widget.js" data-agent="${publicId}" async></script></body></html>`,
    );
    await page.goto(`${server.url}/agents/${agentId}/embed`);
    await page.waitForLoadState('networkidle');
    await page.getByLabel(say('embed.origins.siteToAllow')).fill(site.url);
    await page.getByRole('button', { name: say('embed.origins.add') }).click();
    await page.getByRole('button', { name: say('embed.editor.save') }).click();
    await page
      .getByRole('status')
      .filter({ hasText: say('embed.editor.saved') })
      .waitFor();
    const saved = await trpc<{ settings: { allowedOrigins: string[] } }>(
      page.request,
      server.url,
      'embed.get',
      { id: agentId },
      'query',
    );
    expect(saved.settings.allowedOrigins).toEqual([site.url]);

    const visitor = await browser.newPage();
    await visitor.goto(site.url);
    await visitor.getByRole('button', { name: new RegExp(`^${widgetWords.openChat}`) }).click();
    const chat = visitor.getByRole('dialog');
    await chat.waitFor();
    await expect(chat.getAttribute('lang')).resolves.toBe('zh-CN');
    // The box is enabled once the widget has its configuration; if it never is, say what the widget said.
    const box = chat.getByRole('textbox', { name: widgetWords.message });
    const state = async () =>
      (await box.isEnabled())
        ? 'enabled'
        : `disabled; notice: ${await chat.locator('.notice').textContent()}`;
    await expect.poll(state, { timeout: 20_000 }).toBe('enabled');
    await box.fill('你好');
    await chat.getByRole('button', { name: widgetWords.send }).click();
    await chat.locator('.msg.bot').last().getByText('[Offline model]').waitFor();
    await visitor.close();
  });

  it('speaks English once the person picks it in Settings, though the browser asks for Chinese', async () => {
    await page.goto(`${server.url}/settings`);
    await page.getByRole('heading', { name: say('settings.page.title'), level: 1 }).waitFor();
    await page.getByLabel(say('language.label')).selectOption('en');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.goto(`${server.url}/agents`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await page.getByRole('heading', { name: 'Agents', level: 1 }).waitFor();
    // And back to the browser's language.
    await page.goto(`${server.url}/settings`);
    await page.getByLabel('Language of the app').selectOption('');
    await page.getByRole('heading', { name: say('settings.page.title'), level: 1 }).waitFor();
  });
});
