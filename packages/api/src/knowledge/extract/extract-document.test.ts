import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TextBlock } from '@agentry/engine';
import { describe, expect, it } from 'vitest';
import { KnowledgeFileError } from '../knowledge-errors';
import { extractDocumentBlocks } from './extract-document';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(path.join(import.meta.dirname, '../__fixtures__', name)));

async function extract(name: string, bytes: Uint8Array = fixture(name)): Promise<TextBlock[]> {
  const blocks: TextBlock[] = [];
  for await (const block of extractDocumentBlocks({ name, bytes })) blocks.push(block);
  return blocks;
}

async function refusal(name: string, bytes?: Uint8Array<ArrayBuffer>): Promise<KnowledgeFileError> {
  const error = await extract(name, bytes).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(KnowledgeFileError);
  return error as KnowledgeFileError;
}

describe('extractDocumentBlocks reads every supported type', () => {
  it('markdown and text keep headings and paragraphs', async () => {
    const blocks = await extract('handbook.md');
    expect(blocks[0]).toEqual({ type: 'heading', level: 1, text: 'Customer handbook' });
    expect(blocks).toContainEqual({ type: 'heading', level: 2, text: 'Shipping' });
    expect((await extract('office.txt')).map((block) => block.text).join('\n')).toContain('called Pixel');
  });

  it('html drops scripts, styles and navigation, keeps headings, lists and tables', async () => {
    const blocks = await extract('opening-hours.html');
    const text = blocks.map((block) => block.text).join('\n');
    expect(blocks[0]).toEqual({ type: 'heading', level: 1, text: 'Opening hours' });
    expect(text).toContain('The Lisbon office opens at 8:30');
    expect(text).toContain("- New Year's Day");
    expect(text).toContain('Saturday | 10:00–13:00');
    expect(text).not.toMatch(/tracking|color: red|Home \| About/);
  });

  it('pdf: real text with headings detected from the font size, page by page', async () => {
    const blocks = await extract('warranty.pdf');
    expect(blocks).toEqual([
      { type: 'heading', level: 1, text: 'Warranty' },
      {
        type: 'paragraph',
        text: 'The Aurora X2 kettle carries a five-year warranty on its heating element. Keep the receipt: the warranty starts on the day of purchase.',
      },
      { type: 'heading', level: 1, text: 'Cleaning' },
      { type: 'paragraph', text: 'Descale the kettle with white vinegar once a month.' },
    ]);
  });

  it('docx: headings keep their levels', async () => {
    expect(await extract('onboarding.docx')).toEqual([
      { type: 'heading', level: 1, text: 'Onboarding' },
      { type: 'paragraph', text: 'New starters receive a laptop and a badge on their first Monday.' },
      { type: 'heading', level: 2, text: 'Mentors' },
      {
        type: 'paragraph',
        text: 'Every new starter is paired with a mentor from another team for six weeks.',
      },
    ]);
  });

  it('csv rows and json objects become "field: value" paragraphs', async () => {
    expect((await extract('products.csv'))[1]).toEqual({
      type: 'paragraph',
      text: 'sku: AX-2; name: Aurora X2 kettle; price_eur: 79.00; colour: copper',
    });
    expect(await extract('faq.json')).toContainEqual({
      type: 'paragraph',
      text: 'faq[0].question: Do you ship to Iceland?\nfaq[0].answer: Yes, by air freight from Lyon, in about eight days.',
    });
  });
});

describe('large files are read in steps', () => {
  it('parses a 6 MB CSV in slices (quoted newlines across slices stay in their row) while timers keep running', async () => {
    const rows = ['sku,notes'];
    for (let index = 0; index < 60_000; index++)
      rows.push(`S${index},"line one of ${index}\nline two, with a comma"`);
    const bytes = new TextEncoder().encode(rows.join('\n'));
    expect(bytes.byteLength).toBeGreaterThan(2_500_000);
    let ticks = 0;
    let longestGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      ticks++;
    }, 1);
    const blocks = await extract('big.csv', bytes);
    clearInterval(timer);
    expect(blocks).toHaveLength(60_000);
    expect(blocks[59_999]).toEqual({
      type: 'paragraph',
      text: 'sku: S59999; notes: line one of 59999\nline two, with a comma',
    });
    // Without the pauses this file held the event loop for its whole parse.
    expect(ticks).toBeGreaterThan(5);
    expect(longestGap).toBeLessThan(500);
  });
});

describe('extractDocumentBlocks refuses bad files with their reason', () => {
  it('empty, unsupported, encrypted and corrupt files', async () => {
    expect(await refusal('empty.txt')).toMatchObject({ code: 'empty', message: 'The file is empty.' });
    expect(await refusal('photo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toMatchObject({
      code: 'unsupported_type',
      message: expect.stringContaining('Unsupported file type ".png"'),
    });
    expect(await refusal('encrypted.pdf')).toMatchObject({
      code: 'encrypted',
      message: expect.stringContaining('password-protected'),
    });
    expect(await refusal('corrupt.pdf')).toMatchObject({
      code: 'corrupt',
      message: expect.stringContaining('damaged'),
    });
    expect(await refusal('corrupt.docx')).toMatchObject({
      code: 'corrupt',
      message: expect.stringContaining('not a zip'),
    });
    expect(await refusal('zip.docx', new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).toMatchObject({
      code: 'corrupt',
    });
    expect(await refusal('fake.txt', new Uint8Array([0x41, 0, 0x42]))).toMatchObject({ code: 'corrupt' });
    expect(await refusal('broken.json', new TextEncoder().encode('{"a":'))).toMatchObject({
      code: 'corrupt',
    });
    expect(await refusal('blank.md', new TextEncoder().encode('\n\n   \n'))).toMatchObject({
      code: 'no_text',
    });
  });
});
