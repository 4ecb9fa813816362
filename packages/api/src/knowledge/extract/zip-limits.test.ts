import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDocx, paragraph, repeated } from '../__fixtures__/make-docx';
import { checkZipArchive, summarizeZip } from './zip-limits';

const onboarding = new Uint8Array(
  readFileSync(path.join(import.meta.dirname, '../__fixtures__/onboarding.docx')),
);

describe('checkZipArchive reads the zip directory before anything is unpacked', () => {
  it('lets a real Word document through with its declared sizes', () => {
    expect(checkZipArchive(onboarding)).toEqual({ entries: 17, unpackedBytes: 33_070, worstRatio: 0 });
  });

  it('refuses a small file that unpacks past the limit, naming both sizes', async () => {
    const bomb = await makeDocx(repeated(paragraph('a'), 400_000));
    expect(() => checkZipArchive(bomb, 'DOCX', { maxUnpackedBytes: 10 * 1024 * 1024 })).toThrow(
      'The DOCX document unpacks to 13 MB, over the 10 MB limit.',
    );
  });

  it('refuses one large entry compressed past 100:1 even under the size limit', async () => {
    const bomb = await makeDocx(repeated(paragraph('a'), 100_000));
    expect(summarizeZip(bomb).worstRatio).toBeGreaterThan(100);
    expect(() => checkZipArchive(bomb)).toThrow(/compressed \d+:1, over the 100:1 limit/);
  });

  it('refuses a directory declaring more entries than the limit, without walking it', () => {
    const end = new Uint8Array(22);
    const view = new DataView(end.buffer);
    view.setUint32(0, 0x06054b50, true);
    view.setUint16(8, 60_000, true);
    view.setUint16(10, 60_000, true);
    expect(() => checkZipArchive(end)).toThrow(
      'The DOCX document holds 60,000 files, over the limit of 5,000.',
    );
  });

  it('refuses a zip without a directory as damaged', () => {
    expect(() => checkZipArchive(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).toThrow(
      expect.objectContaining({ code: 'corrupt' }),
    );
  });
});
