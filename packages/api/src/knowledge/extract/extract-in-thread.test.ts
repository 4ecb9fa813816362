import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DocumentExtractor, TextBlock } from '@agentry/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildThreadBundle } from '../../thread-bundles.testing';
import { extractDocumentBlocks } from './extract-document';
import { createThreadExtractor } from './extract-in-thread';

const fixtures = path.join(import.meta.dirname, '../__fixtures__');
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(fixtures, name)));
const FILES = [
  'warranty.pdf',
  'onboarding.docx',
  'opening-hours.html',
  'products.csv',
  'faq.json',
  'handbook.md',
];

async function collect(
  extract: DocumentExtractor,
  name: string,
  bytes = fixture(name),
): Promise<TextBlock[]> {
  const blocks: TextBlock[] = [];
  for await (const block of extract({ name, bytes })) blocks.push(block);
  return blocks;
}

describe('reading documents on a thread', () => {
  let bundle: ReturnType<typeof buildThreadBundle>;
  beforeAll(() => {
    bundle = buildThreadBundle('extraction-thread');
  }, 120_000);
  afterAll(() => bundle.remove());

  it('the production bundle reads every type as the server thread would, with progress', async () => {
    const extract = createThreadExtractor({ script: bundle.script });
    for (const name of FILES) {
      expect(await collect(extract, name), name).toEqual(await collect(extractDocumentBlocks, name));
    }
    const progress: number[] = [];
    for await (const _block of extract({
      name: 'warranty.pdf',
      bytes: fixture('warranty.pdf'),
      onProgress: (fraction) => progress.push(fraction),
    }));
    expect(progress.at(-1)).toBe(1);
  }, 60_000);

  it("a file's own failure comes back with its code and message", async () => {
    const extract = createThreadExtractor({ script: bundle.script });
    await expect(collect(extract, 'encrypted.pdf')).rejects.toMatchObject({
      name: 'KnowledgeFileError',
      code: 'encrypted',
      message: expect.stringContaining('password-protected'),
    });
  }, 30_000);

  it('a thread that stops answering is stopped after its time limit, with the reason', async () => {
    const extract = createThreadExtractor({
      script: path.join(fixtures, 'stalled-extraction-thread.mjs'),
      stepTimeoutMs: 1_000,
    });
    const started = performance.now();
    await expect(collect(extract, 'handbook.md')).rejects.toMatchObject({
      code: 'reader_stopped',
      message:
        'Reading the document took longer than 1 second and was stopped; the file may be too large or malformed.',
    });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('an aborted read ends its thread and rejects with the reason it was aborted for', async () => {
    const extract = createThreadExtractor({ script: path.join(fixtures, 'stalled-extraction-thread.mjs') });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('shutting down')), 200);
    const blocks = extract({ name: 'handbook.md', bytes: fixture('handbook.md'), signal: controller.signal });
    await expect(
      (async () => {
        for await (const _block of blocks);
      })(),
    ).rejects.toThrow('shutting down');
  });
});
