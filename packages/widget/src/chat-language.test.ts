// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WidgetConfig } from './api';
import { TEST_CONFIG } from './__fixtures__/widget-config';

const CONFIG: WidgetConfig = {
  ...TEST_CONFIG,
  welcomeMessage: 'Hello! Ask me anything.',
  starterPrompts: ['Where is my order?'],
  translations: {
    'zh-CN': { welcomeMessage: '你好！有什么问题都可以问我。', starterPrompts: ['我的订单在哪里？'] },
  },
};
let config: WidgetConfig = CONFIG;
let chat: () => Response = () => Response.json({}, { status: 500 });

beforeAll(async () => {
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = String(input);
    if (url.endsWith('/config')) return Response.json(config);
    if (url.endsWith('/chat')) return chat();
    return Response.json({ error: { message: 'Not found' } }, { status: 404 });
  });
  await import('./index');
});

afterEach(() => {
  for (const element of document.querySelectorAll('agentry-chat, div[lang]')) element.remove();
  document.documentElement.lang = '';
  config = CONFIG;
});

type Chat = HTMLElement & { send(text: string): void };
/** Mounts a widget (inside `parent`, default the body) and waits for its config. */
async function mount(attributes: Record<string, string> = {}, parent: HTMLElement = document.body) {
  const element = document.createElement('agentry-chat') as Chat;
  element.setAttribute('agent', 'ag_lang');
  element.setAttribute('base', 'https://agentry.example');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  parent.append(element);
  const shadow = element.shadowRoot!;
  await vi.waitFor(() => expect(shadow.querySelector('h2')?.textContent).toBeTruthy());
  const $ = (selector: string) => shadow.querySelector(selector) as HTMLElement;
  const label = (selector: string) => $(selector).getAttribute('aria-label');
  return { element, shadow, $, label };
}

describe('the language of <agentry-chat>', () => {
  it('speaks Simplified Chinese on a zh-CN page: its own words, the Chinese welcome and starters', async () => {
    document.documentElement.lang = 'zh-CN';
    const { $, label } = await mount();
    expect(label('.launcher')).toBe('打开聊天：Shop help');
    expect(label('button[type=submit]')).toBe('发送消息');
    expect(label('.starters')).toBe('推荐问题');
    expect($('label').textContent).toBe('消息');
    expect($('.panel').lang).toBe('zh-CN');
    expect($('.panel').dir).toBe('ltr');
    expect($('.launcher').lang).toBe('zh-CN');
    expect($('.log').textContent).toContain('你好！有什么问题都可以问我。');
    expect($('.log').textContent).not.toContain('Hello!');
    expect($('.starters button').textContent).toBe('我的订单在哪里？');
  });

  it("prefers the element's lang, then the nearest lang up the page", async () => {
    document.documentElement.lang = 'zh-CN';
    const english = await mount({ lang: 'en-GB' });
    expect(english.label('button[type=submit]')).toBe('Send message');
    expect(english.$('.log').textContent).toContain('Hello! Ask me anything.');
    english.element.remove();

    document.documentElement.lang = 'en';
    const section = document.createElement('div');
    section.lang = 'zh-Hans';
    document.body.append(section);
    const chinese = await mount({}, section);
    expect(chinese.label('button[type=submit]')).toBe('发送消息');
  });

  it("uses the agent's default language where the page names none the widget speaks, else English", async () => {
    config = { ...CONFIG, defaultLanguage: 'zh-CN' };
    const none = await mount();
    expect(none.label('.launcher')).toBe('打开聊天：Shop help');
    none.element.remove();
    document.documentElement.lang = 'fr';
    const french = await mount();
    expect(french.label('.launcher')).toBe('打开聊天：Shop help');
    french.element.remove();
    config = CONFIG;
    const fallback = await mount();
    expect(fallback.label('.launcher')).toBe('Open chat: Shop help');
  });

  it('falls back to the default welcome and starters, and says untouched defaults in the language', async () => {
    document.documentElement.lang = 'zh';
    config = {
      ...CONFIG,
      title: 'Chat with us',
      placeholder: 'Type your message…',
      welcomeMessage: 'Hi! How can I help you today?',
      translations: {},
    };
    const { $ } = await mount();
    expect($('h2').textContent).toBe('在线咨询');
    expect(($('textarea') as HTMLTextAreaElement).placeholder).toBe('输入消息…');
    expect($('.log').textContent).toContain('你好！有什么可以帮你？');
    // No Chinese starters: the default ones.
    expect($('.starters button').textContent).toBe('Where is my order?');
    document.documentElement.lang = 'zh';
    config = { ...CONFIG, translations: { 'zh-CN': { welcomeMessage: '' } } };
    const custom = await mount();
    expect(custom.$('.log').textContent).toContain('Hello! Ask me anything.');
  });

  it('re-draws its words when its lang or the page lang changes', async () => {
    const { element, $, label } = await mount();
    expect(label('.launcher')).toBe('Open chat: Shop help');
    element.setAttribute('lang', 'zh-CN');
    expect(label('.launcher')).toBe('打开聊天：Shop help');
    expect(label('.log')).toBe('对话');
    expect($('.log').textContent).toContain('你好！有什么问题都可以问我。');
    element.removeAttribute('lang');
    expect(label('.launcher')).toBe('Open chat: Shop help');
    document.documentElement.lang = 'zh-CN';
    await vi.waitFor(() => expect(label('.launcher')).toBe('打开聊天：Shop help'));
  });

  it('says failures in the language: server refusals by their code, its own ones by key', async () => {
    document.documentElement.lang = 'zh-CN';
    chat = () =>
      Response.json(
        { error: { code: 'rate_limited', message: 'You are sending messages too quickly.' } },
        {
          status: 429,
        },
      );
    const { element, $ } = await mount();
    element.send('你好');
    await vi.waitFor(() =>
      expect($('.notice').textContent).toBe('发送过于频繁或已达到用量上限，请稍后再试。'),
    );
    chat = () => {
      throw new TypeError('network error');
    };
    element.send('还在吗？');
    await vi.waitFor(() => expect($('.notice button')?.textContent).toBe('重试'));
    expect($('.notice').textContent).toContain('无法连接到助手');
  });
});
