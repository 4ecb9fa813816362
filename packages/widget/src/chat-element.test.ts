// @vitest-environment happy-dom
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { RETRY_DELAYS, type WidgetConfig } from './api';

const CONFIG: WidgetConfig = {
  title: 'Shop help',
  avatarUrl: '',
  primaryColor: '#112233',
  primaryTextColor: '#ffffff',
  backgroundColor: '#ffffff',
  textColor: '#000000',
  position: 'bottom-left',
  welcomeMessage: 'Hello! Ask me anything.',
  starterPrompts: ['Where is my order?'],
  placeholder: 'Ask…',
  voiceInput: true,
  readAloud: true,
};
const CONVERSATION = '6f1c2a34-1111-4222-8333-444455556666';

type Route = (url: string, init?: RequestInit) => Response | Promise<Response>;
let route: Route;
const calls: { url: string; init?: RequestInit }[] = [];

function sse(chunks: unknown[], finish = true): ReadableStream<Uint8Array> {
  const lines = chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`);
  if (finish) lines.push('data: {"type":"finish"}\n\n', 'data: [DONE]\n\n');
  const encoder = new TextEncoder();
  return new ReadableStream({
    pull(controller) {
      const next = lines.shift();
      if (next) controller.enqueue(encoder.encode(next));
      else if (finish) controller.close();
      else controller.error(new TypeError('network error'));
    },
  });
}

function answer(text: string, finish = true): Response {
  return new Response(
    sse(
      [
        { type: 'start', messageMetadata: { conversationId: CONVERSATION } },
        ...text
          .split(' ')
          .map((word, index) => ({ type: 'text-delta', id: 't', delta: index ? ` ${word}` : word })),
      ],
      finish,
    ),
    { headers: { 'content-type': 'text/event-stream', 'x-agentry-conversation-id': CONVERSATION } },
  );
}

const json = (body: unknown, status = 200) => Response.json(body, { status });
const until = (check: () => unknown) => vi.waitFor(() => expect(check()).toBeTruthy(), { timeout: 2000 });

type Chat = HTMLElement & { open(): void; close(): void; send(text: string): void };
function mount(attributes: Record<string, string> = {}): { element: Chat; shadow: ShadowRoot } {
  const element = document.createElement('agentry-chat') as Chat;
  element.setAttribute('agent', 'ag_test');
  element.setAttribute('base', 'https://agentry.example');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  return { element, shadow: element.shadowRoot! };
}
const $ = <T extends Element = HTMLElement>(shadow: ShadowRoot, selector: string) =>
  shadow.querySelector(selector) as T;

beforeAll(async () => {
  const script = document.createElement('script');
  script.type = 'text/x-not-loaded'; // happy-dom would try to fetch it
  script.src = 'https://agentry.example/widget.js';
  script.dataset.agent = 'ag_auto';
  document.head.append(script);
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, init });
    return route(url, init);
  });
  route = (url) => (url.endsWith('/config') ? json(CONFIG) : json({ error: { message: 'no' } }, 404));
  await import('./index');
  // Reattach at once in tests (the real widget waits 0.4 s, 1 s, 2 s … between attempts).
  RETRY_DELAYS.splice(0, RETRY_DELAYS.length, 0, 0);
});

beforeEach(() => {
  calls.length = 0;
  localStorage.clear();
  route = (url) => {
    if (url.endsWith('/config')) return json(CONFIG);
    if (url.endsWith('/chat')) return answer('**Your** order ships <script>window.__pwned=1</script> today');
    if (url.includes('/stream')) return new Response(null, { status: 204 });
    if (url.includes('/conversations/'))
      return json({
        messages: [
          { role: 'user', text: 'Where is my order?' },
          { role: 'assistant', text: 'It ships **today**.' },
        ],
      });
    return json({ error: { message: 'Not found' } }, 404);
  };
});

afterEach(() => {
  for (const element of document.querySelectorAll('agentry-chat[agent="ag_test"]')) element.remove();
});

describe('the script tag', () => {
  it('mounts a widget for data-agent, talks to the origin of its src, and exposes Agentry.open/close', async () => {
    const element = document.querySelector('agentry-chat[agent="ag_auto"]') as Chat;
    expect(element).not.toBeNull();
    const shadow = element.shadowRoot!;
    await until(() => $(shadow, 'h2').textContent === 'Shop help');
    window.Agentry!.open();
    expect($(shadow, '.panel').hidden).toBe(false);
    window.Agentry!.close();
    expect($(shadow, '.panel').hidden).toBe(true);
    element.remove();
  });
});

describe('<agentry-chat>', () => {
  it('draws itself in a shadow root with the configured title, colours, welcome and starters', async () => {
    const { element, shadow } = mount();
    await until(() => $(shadow, 'h2').textContent === 'Shop help');
    expect(calls[0]!.url).toBe('https://agentry.example/api/public/agents/ag_test/config');
    expect(calls[0]!.init?.credentials).toBe('omit');
    expect(document.body.querySelector('.launcher')).toBeNull();
    expect(element.style.getPropertyValue('--p')).toBe('#112233');
    expect(element.dataset.position).toBe('bottom-left');
    expect($(shadow, '.launcher').getAttribute('aria-label')).toBe('Open chat: Shop help');
    expect($(shadow, '.log').textContent).toContain('Hello! Ask me anything.');
    expect($(shadow, '.starters').hidden).toBe(false);
    expect($(shadow, '[role=dialog]').getAttribute('aria-modal')).toBe('true');
  });

  it('opens and closes from the keyboard and keeps focus inside the open panel', async () => {
    const { shadow } = mount();
    await until(() => !$<HTMLTextAreaElement>(shadow, 'textarea').disabled);
    const launcher = $<HTMLButtonElement>(shadow, '.launcher');
    launcher.click();
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
    expect(shadow.activeElement).toBe($(shadow, 'textarea'));
    const panel = $(shadow, '.panel');
    const send = $<HTMLButtonElement>(shadow, 'button[type=submit]');
    send.removeAttribute('disabled');
    send.focus();
    panel.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
    expect(shadow.activeElement?.getAttribute('aria-label')).toMatch(/Read answers aloud|Start a new/);
    const first = shadow.activeElement as HTMLElement;
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true, bubbles: true }));
    expect(shadow.activeElement).toBe(send);
    panel.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(panel.hidden).toBe(true);
    expect(shadow.activeElement).toBe(launcher);
  });

  it('streams an answer as safe markdown and keeps the conversation across page loads', async () => {
    const { element, shadow } = mount();
    await until(() => !$<HTMLTextAreaElement>(shadow, 'textarea').disabled);
    element.send('Where is my order?');
    await until(() => $(shadow, '.msg.bot:last-child strong')?.textContent === 'Your');
    await until(() => !$(shadow, '[aria-busy]'));
    const chat = calls.find((call) => call.url.endsWith('/chat'))!;
    expect(chat.url).toBe('https://agentry.example/api/public/agents/ag_test/chat');
    expect(JSON.parse(String(chat.init!.body))).toMatchObject({
      messages: [{ role: 'user', parts: [{ type: 'text', text: 'Where is my order?' }] }],
    });
    const last = $(shadow, '.msg.bot:last-child');
    expect(last.textContent).toContain('<script>window.__pwned=1</script>');
    expect(last.querySelector('script')).toBeNull();
    expect(localStorage.getItem('agentry:ag_test:conversation')).toBe(CONVERSATION);
    element.remove();

    // A new page load: the history is shown.
    const again = mount();
    await until(() => again.shadow.querySelectorAll('.msg').length === 3);
    expect(calls.map((call) => call.url)).toContain(
      `https://agentry.example/api/public/agents/ag_test/conversations/${CONVERSATION}`,
    );
    // Nothing was running: the reattach answered 204 and no empty bubble stays.
    expect(calls.at(-1)!.url).toMatch(/\/stream\?after=0$/);
    expect($(again.shadow, '.msg.bot:last-child strong').textContent).toBe('today');
    expect($(again.shadow, '.starters').hidden).toBe(true);
    again.element.send('Thanks');
    await until(() =>
      calls.some((call) => call.url.endsWith('/chat') && String(call.init?.body).includes(CONVERSATION)),
    );
  });

  it('offers a retry when a dropped connection cannot be reattached', async () => {
    let attempts = 0;
    route = (url) => {
      if (url.endsWith('/config')) return json(CONFIG);
      if (url.includes('/stream')) throw new TypeError('network error');
      attempts++;
      return attempts === 1 ? answer('Half an', false) : answer('The whole answer');
    };
    const { element, shadow } = mount();
    await until(() => !$<HTMLTextAreaElement>(shadow, 'textarea').disabled);
    element.send('Hello');
    await until(() => $(shadow, '.notice button')?.textContent === 'Retry');
    expect($(shadow, '.notice').textContent).toMatch(/connection dropped/);
    expect(calls.filter((call) => call.url.includes('/stream?after='))).toHaveLength(2);
    expect($(shadow, '[aria-busy]')).toBeNull();
    $<HTMLButtonElement>(shadow, '.notice button').click();
    await until(() => $(shadow, '.msg.bot:last-child')?.textContent?.includes('The whole answer'));
    expect($(shadow, '.notice').hidden).toBe(true);
    expect([...shadow.querySelectorAll('.msg.user')].map((message) => message.textContent)).toEqual([
      'You: Hello',
    ]);
  });

  it('shows refusals: rate limits, over-long messages and a site that is not allowed', async () => {
    route = (url) =>
      url.endsWith('/config')
        ? json(CONFIG)
        : json({ error: { code: 'rate_limited', message: 'You are sending messages too quickly.' } }, 429);
    const { element, shadow } = mount();
    await until(() => !$<HTMLTextAreaElement>(shadow, 'textarea').disabled);
    element.send('Hi');
    await until(() => $(shadow, '.notice').textContent === 'You are sending messages too quickly.');
    element.remove();

    route = () =>
      json({ error: { code: 'forbidden', message: 'This site is not allowed to use this assistant.' } }, 403);
    const refused = mount();
    await until(() => $(refused.shadow, '.notice').textContent?.includes('not allowed'));
    expect($<HTMLTextAreaElement>(refused.shadow, 'textarea').disabled).toBe(true);
  });

  it('shows voice input and read-aloud only where the browser has them', async () => {
    const first = mount();
    await until(() => $(first.shadow, 'h2').textContent === 'Shop help');
    expect($(first.shadow, '[aria-label="Speak your message"]').hidden).toBe(true);
    first.element.remove();
    const recognition = vi.fn();
    vi.stubGlobal('webkitSpeechRecognition', recognition);
    const second = mount();
    await until(() => $(second.shadow, 'h2').textContent === 'Shop help');
    expect($(second.shadow, '[aria-label="Speak your message"]').hidden).toBe(false);
    second.element.remove();
    const off = mount({
      'data-config': JSON.stringify({ ...CONFIG, voiceInput: false, readAloud: false }),
      'data-endpoint': '/x',
    });
    await until(() => $(off.shadow, 'h2').textContent === 'Shop help');
    expect($(off.shadow, '[aria-label="Speak your message"]').hidden).toBe(true);
    expect($(off.shadow, '[aria-label="Read answers aloud"]').hidden).toBe(true);
    vi.unstubAllGlobals();
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) =>
      route(String(input), init),
    );
  });
});
