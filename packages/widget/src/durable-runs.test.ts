// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RETRY_DELAYS, type WidgetConfig } from './api';
import { TEST_CONFIG } from './__fixtures__/widget-config';

const CONFIG: WidgetConfig = TEST_CONFIG;
const CONVERSATION = '0b5a3f7e-2222-4333-8444-555566667777';
const ROOT = 'https://agentry.example/api/public/agents/ag_runs';

type Chunk = Record<string, unknown>;
/** One numbered run event as the server writes it: `id:` on its last chunk. */
const event = (seq: number, ...chunks: Chunk[]) =>
  chunks
    .map(
      (chunk, index) =>
        `${index === chunks.length - 1 ? `id: ${seq}\n` : ''}data: ${JSON.stringify(chunk)}\n\n`,
    )
    .join('');
const delta = (text: string): Chunk => ({ type: 'text-delta', id: 'agent', delta: text });

/** A stream body sending `parts` one read at a time, then ending or dropping the connection. */
function stream(parts: string[], end: 'done' | 'drop'): Response {
  const encoder = new TextEncoder();
  const queue = [...parts, ...(end === 'done' ? ['data: [DONE]\n\n'] : [])];
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = queue.shift();
      if (next !== undefined) controller.enqueue(encoder.encode(next));
      else if (end === 'done') controller.close();
      else controller.error(new TypeError('network error'));
    },
  });
  return new Response(body, {
    headers: { 'content-type': 'text/event-stream', 'x-agentry-conversation-id': CONVERSATION },
  });
}

let route: (url: string, init?: RequestInit) => Response;
const calls: { url: string; init?: RequestInit }[] = [];
const json = (body: unknown, status = 200) => Response.json(body, { status });
const until = (check: () => unknown) => vi.waitFor(() => expect(check()).toBeTruthy(), { timeout: 2000 });

type Chat = HTMLElement & { send(text: string): void };
function mount(): { element: Chat; shadow: ShadowRoot } {
  const element = document.createElement('agentry-chat') as Chat;
  element.setAttribute('agent', 'ag_runs');
  element.setAttribute('base', 'https://agentry.example');
  document.body.append(element);
  return { element, shadow: element.shadowRoot! };
}
const $ = <T extends Element = HTMLElement>(shadow: ShadowRoot, selector: string) =>
  shadow.querySelector(selector) as T;
const ready = (shadow: ShadowRoot) => until(() => !$<HTMLTextAreaElement>(shadow, 'textarea').disabled);

beforeAll(async () => {
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init });
    return route(String(input), init);
  });
  await import('./index');
  RETRY_DELAYS.splice(0, RETRY_DELAYS.length, 0, 0);
});

afterEach(() => {
  calls.length = 0;
  localStorage.clear();
  for (const element of document.querySelectorAll('agentry-chat')) element.remove();
});

describe('durable runs in the widget', () => {
  it('reattaches after the connection drops mid-answer and shows the whole answer once', async () => {
    const first = [
      event(1, { type: 'start' }, { type: 'data-run', data: { status: 'running' } }),
      event(2, { type: 'text-start', id: 'agent' }, delta('Your order ')),
      event(3, delta('ships ')),
      // The connection is cut inside event 4: its chunk arrives, its id line does not.
      `data: ${JSON.stringify(delta('to'))}\n\n`,
    ];
    const rest = [
      event(4, delta('today')),
      event(5, delta('.'), { type: 'text-end', id: 'agent' }),
      event(6, { type: 'finish' }),
    ];
    route = (url) => {
      if (url.endsWith('/config')) return json(CONFIG);
      if (url.endsWith('/chat')) return stream(first, 'drop');
      if (url.includes('/stream')) return stream(rest, 'done');
      return json({ error: { message: 'Not found' } }, 404);
    };
    const { element, shadow } = mount();
    await ready(shadow);
    element.send('Where is my order?');
    await until(() => !$(shadow, '[aria-busy]') && calls.some((call) => call.url.includes('/stream')));
    const reattach = calls.find((call) => call.url.includes('/stream'))!;
    expect(reattach.url).toBe(`${ROOT}/conversations/${CONVERSATION}/stream?after=3`);
    expect(reattach.init?.credentials).toBe('omit');
    const bots = [...shadow.querySelectorAll('.msg.bot')];
    expect(bots).toHaveLength(1);
    expect(bots[0]!.textContent).toBe('Shop help: Your order ships today.');
    expect($(shadow, '.notice').hidden).toBe(true);
  });

  it("renders the visitor's question as text with its form and buttons, posts the answer and streams the rest", async () => {
    const question = {
      id: 'q-7',
      kind: 'approval',
      nodeId: 'confirm',
      message: 'Confirm the order of 2 mugs? <img src=x onerror="window.__pwned=1">',
      choices: [
        { id: 'yes', label: 'Confirm' },
        { id: 'no', label: 'Cancel' },
      ],
      form: [{ name: 'note', label: 'Delivery note', type: 'text', required: true }],
      audience: 'visitor',
    };
    route = (url) => {
      if (url.endsWith('/config')) return json(CONFIG);
      if (url.endsWith('/chat'))
        return stream(
          [
            event(1, { type: 'start' }),
            event(2, { type: 'text-start', id: 'agent' }, delta('Here is your order.'), {
              type: 'text-end',
              id: 'agent',
            }),
            event(
              3,
              { type: 'data-approval', id: 'q-7', data: question },
              { type: 'data-run', data: { status: 'waiting' } },
              { type: 'finish', finishReason: 'other' },
            ),
          ],
          'done',
        );
      if (url.endsWith('/resume')) return json({ id: 'r1', status: 'running' }, 202);
      if (url.includes('/stream?after=3'))
        return stream(
          [
            event(4, { type: 'text-start', id: 'done' }, delta('Ordered, thank you!')),
            event(5, { type: 'finish' }),
          ],
          'done',
        );
      return json({ error: { message: 'Not found' } }, 404);
    };
    const { element, shadow } = mount();
    await ready(shadow);
    element.send('Two mugs please');
    await until(() => $(shadow, '.q button'));
    const card = $(shadow, '.q');
    expect(card.textContent).toContain('<img src=x onerror="window.__pwned=1">');
    expect(card.querySelector('img')).toBeNull();
    expect([...card.querySelectorAll('.choices button')].map((button) => button.textContent)).toEqual([
      'Confirm',
      'Cancel',
    ]);

    // A required field left empty is named, and nothing is sent.
    $<HTMLButtonElement>(shadow, '.choices button').click();
    expect($(shadow, '.notice').textContent).toBe('"Delivery note" is required.');
    expect(calls.some((call) => call.url.endsWith('/resume'))).toBe(false);

    $<HTMLInputElement>(shadow, '.q input[name=note]').value = 'Leave at the door';
    $<HTMLButtonElement>(shadow, '.choices button').click();
    await until(() => $(shadow, '.msg.bot:last-child')?.textContent?.includes('Ordered, thank you!'));
    const resume = calls.find((call) => call.url.endsWith('/resume'))!;
    expect(resume.url).toBe(`${ROOT}/conversations/${CONVERSATION}/resume`);
    expect(JSON.parse(String(resume.init?.body))).toEqual({
      requestId: 'q-7',
      choice: 'yes',
      form: { note: 'Leave at the door' },
    });
    expect(
      [...card.querySelectorAll('.choices button')].every((button) => (button as HTMLButtonElement).disabled),
    ).toBe(true);
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('after a page load replays a waiting run and shows its question again', async () => {
    localStorage.setItem('agentry:ag_runs:conversation', CONVERSATION);
    route = (url) => {
      if (url.endsWith('/config')) return json(CONFIG);
      if (url.endsWith(`/conversations/${CONVERSATION}`))
        return json({ messages: [{ role: 'user', text: 'Two mugs please' }] });
      if (url.includes('/stream?after=0'))
        return stream(
          [
            event(1, { type: 'start' }, { type: 'text-start', id: 'agent' }, delta('Here is your order.')),
            event(
              2,
              {
                type: 'data-approval',
                data: {
                  id: 'q-8',
                  message: 'Confirm?',
                  choices: [{ id: 'yes', label: 'Confirm' }],
                  audience: 'visitor',
                },
              },
              { type: 'finish' },
            ),
          ],
          'done',
        );
      return json({ error: { message: 'Not found' } }, 404);
    };
    const { shadow } = mount();
    await until(() => $(shadow, '.q button'));
    expect($(shadow, '.msg.bot').textContent).toContain('Here is your order.');
    expect($(shadow, '.q').textContent).toContain('Confirm?');
  });

  it("shows an operator's question as a note, without buttons", async () => {
    route = (url) => {
      if (url.endsWith('/config')) return json(CONFIG);
      if (url.endsWith('/chat'))
        return stream(
          [
            event(
              1,
              {
                type: 'data-approval',
                data: {
                  id: 'q-9',
                  message: 'Refund 40 EUR?',
                  choices: [{ id: 'approve', label: 'Approve' }],
                  audience: 'operator',
                },
              },
              { type: 'finish' },
            ),
          ],
          'done',
        );
      return json({ error: { message: 'Not found' } }, 404);
    };
    const { element, shadow } = mount();
    await ready(shadow);
    element.send('Refund please');
    await until(() => $(shadow, '.q'));
    expect($(shadow, '.q').textContent).toContain('Someone from the team will review this.');
    expect($(shadow, '.q button')).toBeNull();
  });
});
