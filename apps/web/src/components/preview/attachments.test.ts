import { describe, expect, it } from 'vitest';
import { createFormat } from '../../i18n/format';
import { AttachmentTray, filesOf, formatSize, MAX_ATTACHMENTS } from './attachments';

const png = () => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'cat.png', { type: 'image/png' });

/** A fetch that answers each upload with `answer(file name)`, recording the uploads it got. */
function uploadFetch(answer: (name: string) => Response | Promise<Response>) {
  const uploads: { url: string; method: string; file: File }[] = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const file = (init.body as FormData).get('file') as File;
    uploads.push({ url: String(input), method: init.method ?? 'GET', file });
    return answer(file.name);
  }) as typeof globalThis.fetch;
  return { fetch, uploads };
}

const stored = (name: string, id = 'f1') =>
  Response.json({ id, name, mediaType: 'image/png', size: 4 }, { status: 201 });

describe('AttachmentTray', () => {
  it('uploads an added file as multipart and offers it as an agentry-file part', async () => {
    const { fetch, uploads } = uploadFetch((name) => stored(name, 'file_42'));
    const tray = new AttachmentTray('/api/v1/agents/a1/files', fetch);
    const seen: string[] = [];
    tray.subscribe(() =>
      seen.push(
        tray
          .getState()
          .map((item) => item.status)
          .join(','),
      ),
    );
    await tray.add([png()]);

    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({ url: '/api/v1/agents/a1/files', method: 'POST' });
    expect(uploads[0]!.file.name).toBe('cat.png');
    // Shown as uploading first, then ready.
    expect(seen).toEqual(['uploading', 'ready']);
    expect(tray.uploading).toBe(false);
    expect(tray.parts()).toEqual([
      { type: 'file', mediaType: 'image/png', url: 'agentry-file:file_42', filename: 'cat.png', size: 4 },
    ]);
  });

  it("shows the server's reason for a refused file and sends only the files that were stored", async () => {
    const { fetch } = uploadFetch((name) =>
      name === 'big.png'
        ? Response.json(
            {
              error: {
                code: 'too_large',
                message: '"big.png" is 9 MB; this agent accepts files up to 5 MB.',
              },
            },
            { status: 413 },
          )
        : name === 'page.html'
          ? new Response('nope', { status: 415 })
          : stored(name),
    );
    const tray = new AttachmentTray('/u', fetch);
    await tray.add([
      png(),
      new File(['x'], 'big.png', { type: 'image/png' }),
      new File(['<html>'], 'page.html', { type: 'text/html' }),
    ]);
    const [ok, big, html] = tray.getState();
    expect(ok?.status).toBe('ready');
    expect(big).toMatchObject({
      status: 'failed',
      error: { code: 'server', message: '"big.png" is 9 MB; this agent accepts files up to 5 MB.' },
    });
    // No JSON body: the reason is made from the status.
    expect(html).toMatchObject({
      status: 'failed',
      error: { code: 'unsupported', name: 'page.html' },
    });
    expect(tray.parts().map((part) => part.filename)).toEqual(['cat.png']);
  });

  it('says so when the upload cannot reach the server', async () => {
    const fetch = (async () => {
      throw new TypeError('network');
    }) as unknown as typeof globalThis.fetch;
    const tray = new AttachmentTray('/u', fetch);
    await tray.add([png()]);
    expect(tray.getState()[0]).toMatchObject({
      status: 'failed',
      error: { code: 'offline', name: 'cat.png' },
    });
  });

  it('forgets a file removed while it uploads, and refuses files past the per-message limit', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { fetch, uploads } = uploadFetch(async (name) => {
      await gate;
      return stored(name);
    });
    const tray = new AttachmentTray('/u', fetch);
    const adding = tray.add([png()]);
    expect(tray.uploading).toBe(true);
    tray.remove(tray.getState()[0]!.key);
    release();
    await adding;
    expect(tray.getState()).toEqual([]);
    expect(uploads).toHaveLength(1);

    const many = Array.from({ length: MAX_ATTACHMENTS + 1 }, (_, index) => new File(['a'], `${index}.txt`));
    await tray.add(many);
    expect(uploads).toHaveLength(1 + MAX_ATTACHMENTS);
    expect(tray.getState().at(-1)).toMatchObject({
      name: `${MAX_ATTACHMENTS}.txt`,
      status: 'failed',
      error: { code: 'too_many', max: MAX_ATTACHMENTS },
    });
    tray.clear();
    expect(tray.getState()).toEqual([]);
  });
});

describe('filesOf and formatSize', () => {
  it('reads pasted clipboard file items when the file list is empty', () => {
    const file = png();
    const data = {
      files: [] as unknown as FileList,
      items: [
        { kind: 'string', getAsFile: () => null },
        { kind: 'file', getAsFile: () => file },
      ],
    } as unknown as DataTransfer;
    expect(filesOf(data)).toEqual([file]);
    expect(filesOf(null)).toEqual([]);
  });

  it('writes sizes for chips, numbers the locale’s way', () => {
    const en = createFormat('en');
    expect([formatSize(900, en), formatSize(12 * 1024, en), formatSize(3 * 1024 * 1024, en)]).toEqual([
      '900 B',
      '12 KB',
      '3.0 MB',
    ]);
    expect(formatSize(3.4 * 1024 * 1024, createFormat('de'))).toBe('3,4 MB');
  });
});
