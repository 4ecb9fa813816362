// @vitest-environment happy-dom
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { WidgetConfig } from './api';
import { TEST_CONFIG } from './__fixtures__/widget-config';

const CONFIG: WidgetConfig = TEST_CONFIG;
let showReasoning = false;

/** An answer whose stream carries reasoning (as if the server had sent it). */
function thinkingAnswer(): Response {
  const chunks = [
    { type: 'start', messageMetadata: { conversationId: '6f1c2a34-1111-4222-8333-444455556666' } },
    { type: 'reasoning-start', id: 'reasoning-model' },
    { type: 'reasoning-delta', id: 'reasoning-model', delta: 'Checking the order.' },
    { type: 'reasoning-end', id: 'reasoning-model' },
    { type: 'text-delta', id: 'model', delta: 'It ships today.' },
    { type: 'finish' },
  ];
  const body = `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`;
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

beforeAll(async () => {
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = String(input);
    if (url.endsWith('/config')) return Response.json({ ...CONFIG, showReasoning });
    if (url.endsWith('/chat')) return thinkingAnswer();
    return Response.json({ error: { message: 'Not found' } }, { status: 404 });
  });
  await import('./index');
});

async function ask(): Promise<ShadowRoot> {
  const element = document.createElement('agentry-chat') as HTMLElement & { send(text: string): void };
  element.setAttribute('agent', `ag_${showReasoning}`);
  element.setAttribute('base', 'https://agentry.example');
  document.body.append(element);
  const shadow = element.shadowRoot!;
  await vi.waitFor(() => expect(shadow.querySelector('h2')?.textContent).toBe('Shop help'));
  element.send('Where is my order?');
  await vi.waitFor(() => expect(shadow.querySelector('.msg.bot')?.textContent).toContain('It ships today.'));
  return shadow;
}

describe('reasoning in the widget', () => {
  it('shows it folded behind an expandable "Reasoning ▸" button when the owner allows it', async () => {
    showReasoning = true;
    const shadow = await ask();
    const toggle = shadow.querySelector('.reason button') as HTMLButtonElement;
    const text = shadow.querySelector('.reason p') as HTMLElement;
    expect(toggle.textContent).toBe('Reasoning ▸');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(text.hidden).toBe(true);
    expect(text.textContent).toBe('Checking the order.');
    toggle.click();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(text.hidden).toBe(false);
    // The answer's bubble holds the answer only.
    expect(shadow.querySelector('.msg.bot')?.textContent).not.toContain('Checking');
  });

  it('shows none when the setting is off, whatever the stream carries', async () => {
    showReasoning = false;
    const shadow = await ask();
    expect(shadow.querySelector('.reason')).toBeNull();
  });
});
