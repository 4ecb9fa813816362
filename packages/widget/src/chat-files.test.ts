// @vitest-environment happy-dom
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { WidgetConfig } from './api';
import { TEST_CONFIG } from './__fixtures__/widget-config';

const CONFIG: WidgetConfig = TEST_CONFIG;
let files: WidgetConfig['files'];
const requests: { url: string; init?: RequestInit }[] = [];

beforeAll(async () => {
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:local-image' }));
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    requests.push({ url, init });
    if (url.endsWith('/config')) return Response.json({ ...CONFIG, files });
    if (url.endsWith('/files')) {
      const file = (init!.body as FormData).get('file') as File;
      if (file.name === 'page.html')
        return Response.json(
          { error: { message: '"page.html" is not a file a chat accepts.' } },
          { status: 400 },
        );
      return Response.json(
        { id: 'f_1', name: file.name, mediaType: file.type, size: file.size },
        { status: 201 },
      );
    }
    if (url.endsWith('/chat')) {
      const body = `data: ${JSON.stringify({ type: 'text-delta', id: 'm', delta: 'Nice cat.' })}\n\ndata: {"type":"finish"}\n\ndata: [DONE]\n\n`;
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    }
    return Response.json({ error: { message: 'Not found' } }, { status: 404 });
  });
  await import('./index');
});

async function mount(name: string): Promise<ShadowRoot> {
  requests.length = 0;
  const element = document.createElement('agentry-chat');
  element.setAttribute('agent', name);
  element.setAttribute('base', 'https://agentry.example');
  element.setAttribute('open', '');
  document.body.append(element);
  const shadow = element.shadowRoot!;
  await vi.waitFor(() => expect(shadow.querySelector('h2')?.textContent).toBe('Shop help'));
  return shadow;
}

function pick(shadow: ShadowRoot, chosen: File[]): void {
  const picker = shadow.querySelector('input[type=file]') as HTMLInputElement;
  Object.defineProperty(picker, 'files', { value: chosen, configurable: true });
  picker.dispatchEvent(new Event('change'));
}

const attachButton = (shadow: ShadowRoot) =>
  shadow.querySelector('button[aria-label="Attach files"]') as HTMLButtonElement;

describe('files in the widget', () => {
  it('has no attach button, and ignores picked files, while the owner has files off', async () => {
    files = { enabled: false, maxFileMb: 5, kinds: ['png'] };
    const shadow = await mount('ag_off');
    expect(attachButton(shadow).hidden).toBe(true);
    pick(shadow, [new File(['x'], 'cat.png', { type: 'image/png' })]);
    expect(shadow.querySelector('.chips li')).toBeNull();
    expect(requests.some((request) => request.url.endsWith('/files'))).toBe(false);
  });

  it('uploads to the public files route, sends agentry-file parts and shows the image from a local URL', async () => {
    files = { enabled: true, maxFileMb: 1, kinds: ['png', 'jpeg'] };
    const shadow = await mount('ag_on');
    expect(attachButton(shadow).hidden).toBe(false);
    expect((shadow.querySelector('input[type=file]') as HTMLInputElement).accept).toBe(
      'image/png,image/jpeg',
    );
    pick(shadow, [
      new File(['png-bytes'], 'cat.png', { type: 'image/png' }),
      new File([new Uint8Array(2 * 1048576)], 'huge.png', { type: 'image/png' }),
      new File(['<html>'], 'page.html', { type: 'text/html' }),
    ]);
    const chips = () => [...shadow.querySelectorAll('.chips li')];
    expect(chips().map((chip) => chip.querySelector('span')?.textContent)).toEqual([
      'cat.png · 1 KB',
      'huge.png · 2.0 MB',
      'page.html · 1 KB',
    ]);
    // Too large: refused before any byte leaves; the other two are uploaded.
    expect(chips()[1]!.textContent).toContain('Larger than 1 MB.');
    await vi.waitFor(() => expect(chips()[2]!.textContent).toContain('is not a file a chat accepts'));
    const uploads = requests.filter((request) => request.url.endsWith('/files'));
    expect(uploads.map((request) => request.url)).toEqual([
      'https://agentry.example/api/public/agents/ag_on/files',
      'https://agentry.example/api/public/agents/ag_on/files',
    ]);
    expect(uploads[0]!.init?.credentials).toBe('omit');

    (shadow.querySelector('textarea') as HTMLTextAreaElement).value = 'What is this?';
    (shadow.querySelector('form') as HTMLFormElement).requestSubmit();
    await vi.waitFor(() => expect(shadow.querySelector('.msg.bot')?.textContent).toContain('Nice cat.'));
    const chat = requests.find((request) => request.url.endsWith('/chat'))!;
    const body = JSON.parse(String(chat.init?.body)) as { messages: { parts: unknown[] }[] };
    // Only the stored file goes; refused ones stay out of the message.
    expect(body.messages[0]!.parts).toEqual([
      { type: 'file', mediaType: 'image/png', url: 'agentry-file:f_1', filename: 'cat.png' },
      { type: 'text', text: 'What is this?' },
    ]);
    const image = shadow.querySelector('.msg.user img') as HTMLImageElement;
    expect(image.getAttribute('src')).toBe('blob:local-image');
    expect(image.alt).toBe('cat.png');
    expect(shadow.querySelector('.chips')?.hasAttribute('hidden')).toBe(true);
  });
});
