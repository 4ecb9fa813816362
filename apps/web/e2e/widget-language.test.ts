import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, publishChatbot, signInAndCreateKey, startSite } from './api-setup';
import { launchBrowser, startServer, type TestServer } from './harness';
import { trpc } from './trpc-client';

const WELCOME = '你好！想了解订单的什么情况？';
const STARTER = '我的订单在哪里？';

describe('the chat widget in the page language, in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startSite>>;
  let agent: { id: string; publicId: string };
  let admin: Page;

  beforeAll(async () => {
    server = await startServer(ADMIN);
    browser = await launchBrowser();
    admin = await browser.newPage();
    const key = await signInAndCreateKey(admin, server.url);
    agent = await publishChatbot(server.url, key);
    // A Chinese page: the widget takes its language from <html lang>.
    site = await startSite(
      () => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>小店</title></head>
<body><h1>小店</h1><script src="${server.url}/widget.js" data-agent="${agent.publicId}" async></script></body></html>`,
    );
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await server?.stop();
  });

  it('writes a Chinese welcome and starter prompts in the Embed tab, previewed in Chinese', async () => {
    await admin.goto(`${server.url}/agents/${agent.id}/embed`);
    await admin.waitForLoadState('networkidle');
    await admin.getByLabel('Welcome message').fill('Hello! What would you like to know about your order?');
    await admin.getByRole('radio', { name: '简体中文' }).check();
    // The same fields now hold the Chinese words, empty until written.
    await expect(admin.getByLabel('Welcome message').inputValue()).resolves.toBe('');
    await admin.getByLabel('Welcome message').fill(WELCOME);
    await admin.getByLabel('Starter prompts').fill(STARTER);
    const preview = admin.frameLocator('iframe[title="Widget preview"]');
    await preview.getByRole('button', { name: STARTER }).waitFor();
    await preview.getByText(WELCOME).waitFor();
    await preview.getByRole('textbox', { name: '消息' }).waitFor();
    await admin.getByRole('radio', { name: 'English' }).check();
    await preview.getByRole('textbox', { name: 'Message' }).waitFor();
    await expect(admin.getByLabel('Welcome message').inputValue()).resolves.toMatch(/^Hello!/);

    await admin.getByLabel('Site to allow').fill(site.url);
    await admin.getByRole('button', { name: 'Add site' }).click();
    await admin.getByRole('button', { name: 'Save embed settings' }).click();
    await admin.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const saved = await trpc<{ settings: { defaultLanguage: string; translations: unknown } }>(
      admin.request,
      server.url,
      'embed.get',
      { id: agent.id },
      'query',
    );
    expect(saved.settings.defaultLanguage).toBe('en');
    expect(saved.settings.translations).toEqual({
      'zh-CN': { welcomeMessage: WELCOME, starterPrompts: [STARTER] },
    });
  });

  it('shows a page with <html lang="zh-CN"> the Chinese widget and welcome, and English on lang="en"', async () => {
    const page = await browser.newPage();
    await page.goto(site.url);
    // The title was left at its default ("Chat with us"): it is said in Chinese too.
    await page.getByRole('button', { name: '打开聊天：在线咨询' }).click();
    const dialog = page.getByRole('dialog', { name: '在线咨询' });
    await dialog.waitFor();
    await expect(dialog.getAttribute('lang')).resolves.toBe('zh-CN');
    await dialog.getByText(WELCOME).waitFor();
    await expect(dialog.getByRole('group', { name: '推荐问题' }).isVisible()).resolves.toBe(true);
    await expect(dialog.getByRole('textbox', { name: '消息' }).getAttribute('placeholder')).resolves.toBe(
      '输入消息…',
    );
    await expect(dialog.getByRole('button', { name: '关闭聊天' }).isVisible()).resolves.toBe(true);

    await dialog.getByRole('button', { name: STARTER }).click();
    await dialog.locator('.msg.bot').last().getByText('[Offline model]').waitFor();
    await expect(dialog.locator('.msg.user .sr').first().textContent()).resolves.toBe('你：');

    // The element's own lang wins over the page's, and a live change says everything again.
    await page.evaluate(() => document.querySelector('agentry-chat')!.setAttribute('lang', 'en'));
    const english = page.getByRole('dialog', { name: 'Chat with us' });
    await english.getByRole('button', { name: 'Send message' }).waitFor();
    await english.getByText('Hello! What would you like to know about your order?').waitFor();
    // The conversation stays.
    await expect(english.locator('.msg.user').count()).resolves.toBe(1);
    await page.close();
  });
});
