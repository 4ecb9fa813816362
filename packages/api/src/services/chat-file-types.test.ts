import { describe, expect, it } from 'vitest';
import { checkChatFile } from './chat-file-types';

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(
    values.flatMap((value) => (typeof value === 'string' ? [...value].map((c) => c.charCodeAt(0)) : [value])),
  );

describe('checkChatFile', () => {
  it('tells images, PDFs and DOCX apart by their magic numbers, whatever the sender claims', () => {
    expect(checkChatFile('a', '', bytes(0x89, 'PNG\r\n', 0x1a, '\n', 0))).toEqual({
      kind: 'png',
      mediaType: 'image/png',
    });
    expect(checkChatFile('a.jpg', 'image/jpeg', bytes(0xff, 0xd8, 0xff, 0xe0))).toMatchObject({
      kind: 'jpeg',
    });
    expect(checkChatFile('a.gif', '', bytes('GIF89a', 0))).toMatchObject({ kind: 'gif' });
    expect(checkChatFile('a.webp', '', bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '))).toMatchObject({
      kind: 'webp',
    });
    expect(checkChatFile('a.pdf', '', bytes('%PDF-1.7\n'))).toMatchObject({ kind: 'pdf' });
    expect(checkChatFile('a.docx', '', bytes('PK', 3, 4, '....word/document.xml'))).toMatchObject({
      kind: 'docx',
    });
  });

  it('refuses a claim the bytes contradict, any zip that is not a DOCX, and active text under any name', () => {
    expect(() => checkChatFile('cat.png', 'image/png', bytes('%PDF-1.7'))).toThrow(
      '"cat.png" claims to be png but its content is pdf.',
    );
    expect(() => checkChatFile('cat.png', 'image/png', bytes('hello'))).toThrow(
      '"cat.png" claims to be png but its content is text.',
    );
    expect(() => checkChatFile('x.docx', '', bytes('PK', 3, 4, 'evil.exe'))).toThrow(
      '"x.docx" claims to be docx but its content is text.',
    );
    for (const active of ['<svg onload=alert(1)>', '  <html>', '<?xml version="1.0"?>', '<script>'])
      expect(() => checkChatFile('notes.txt', 'text/plain', bytes(active))).toThrow(/never accepted/);
    expect(() => checkChatFile('bin.txt', '', bytes('a', 0, 'b'))).toThrow(/not a file a chat accepts/);
  });

  it('takes UTF-8 text as txt, md, csv or json by its name, and checks that JSON parses', () => {
    expect(checkChatFile('notes.md', '', bytes('# Hi'))).toEqual({ kind: 'md', mediaType: 'text/markdown' });
    expect(checkChatFile('t', 'text/csv', bytes('a,b'))).toMatchObject({ kind: 'csv' });
    expect(checkChatFile('noname', '', bytes('plain'))).toMatchObject({ kind: 'txt' });
    expect(() => checkChatFile('a.json', '', bytes('{nope'))).toThrow('"a.json" is not valid JSON.');
    expect(() => checkChatFile('empty.txt', '', new Uint8Array())).toThrow('"empty.txt" is empty.');
  });
});
