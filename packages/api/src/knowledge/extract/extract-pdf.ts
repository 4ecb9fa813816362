import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { TextBlock } from '@agentry/engine';
import { getDocumentProxy } from 'unpdf';
import { KnowledgeFileError } from '../knowledge-errors';

interface TextItem {
  str: string;
  transform: number[];
  hasEOL?: boolean;
}

interface Line {
  text: string;
  size: number;
  y: number;
}

/**
 * Reads a PDF page by page with pdf.js (bundled by unpdf: no worker, nothing fetched), so a large file
 * yields its text as it goes, each page is released after use, and other requests run between pages. Lines set clearly larger than the
 * page's body text become headings; a vertical gap starts a new paragraph. Encrypted and damaged
 * files are refused with the reason.
 */
export async function* extractPdf(
  bytes: Uint8Array,
  signal?: AbortSignal,
  onProgress?: (fraction: number) => void,
): AsyncGenerator<TextBlock> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js takes ownership of the buffer it is given; pass a copy so the caller keeps its bytes.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (error) {
    throw pdfError(error);
  }
  try {
    let produced = false;
    for (let number = 1; number <= pdf.numPages; number++) {
      signal?.throwIfAborted();
      let items: TextItem[];
      try {
        const page = await pdf.getPage(number);
        const content = await page.getTextContent();
        items = (content.items as unknown[]).filter(
          (item): item is TextItem => typeof item === 'object' && item !== null && 'str' in item,
        );
        page.cleanup();
      } catch (error) {
        throw pdfError(error, number);
      }
      for (const block of pageBlocks(items)) {
        produced = true;
        yield block;
      }
      onProgress?.(number / pdf.numPages);
      // pdf.js's in-thread "worker" answers through microtasks, which never let timers or sockets
      // run: without this, a 1,000-page PDF would hold the event loop for its whole parse.
      await yieldToEventLoop();
    }
    if (!produced) {
      throw new KnowledgeFileError(
        'no_text',
        'The PDF has no text layer (it may be scanned images); run it through OCR first.',
      );
    }
  } finally {
    await pdf.loadingTask.destroy().catch(() => {});
  }
}

function pdfError(error: unknown, page?: number): KnowledgeFileError {
  if (error instanceof KnowledgeFileError) return error;
  const name = (error as { name?: string } | undefined)?.name;
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') {
    return new KnowledgeFileError(
      'encrypted',
      'The PDF is password-protected (encrypted); remove the password and upload it again.',
      { cause: error },
    );
  }
  return new KnowledgeFileError(
    'corrupt',
    `The PDF could not be read${page ? ` (page ${page})` : ''}: it is damaged or not a PDF (${message}).`,
    { cause: error },
  );
}

function pageBlocks(items: readonly TextItem[]): TextBlock[] {
  const lines: Line[] = [];
  let current: Line | undefined;
  let breakAfter = false;
  for (const item of items) {
    const size = Math.hypot(item.transform[2] ?? 0, item.transform[3] ?? 0) || 1;
    const y = item.transform[5] ?? 0;
    if (!current || breakAfter || Math.abs(current.y - y) > size * 0.5) {
      if (current?.text.trim()) lines.push(current);
      current = { text: '', size: 0, y };
    }
    if (item.str) {
      current.text += item.str;
      current.size = Math.max(current.size, size);
    }
    breakAfter = item.hasEOL === true;
  }
  if (current?.text.trim()) lines.push(current);
  if (lines.length === 0) return [];

  // The body size is the one most characters are set in.
  const weight = new Map<number, number>();
  for (const line of lines) {
    const key = Math.round(line.size * 2) / 2;
    weight.set(key, (weight.get(key) ?? 0) + line.text.length);
  }
  const body = [...weight].sort((a, b) => b[1] - a[1])[0]![0];
  const blocks: TextBlock[] = [];
  let paragraph: string[] = [];
  let previous: Line | undefined;
  const flush = () => {
    const text = paragraph.join(' ').replace(/\s+/g, ' ').trim();
    if (text) blocks.push({ type: 'paragraph', text });
    paragraph = [];
  };
  for (const line of lines) {
    const text = line.text.trim();
    if (line.size >= body * 1.25 && text.length <= 150) {
      flush();
      blocks.push({ type: 'heading', level: line.size >= body * 1.6 ? 1 : 2, text });
      previous = undefined;
      continue;
    }
    if (previous && Math.abs(previous.y - line.y) > Math.max(previous.size, line.size) * 1.8) flush();
    // A word hyphenated at the end of a line is joined again.
    if (paragraph.length > 0 && /[a-z]-$/.test(paragraph.at(-1)!) && /^[a-z]/.test(text)) {
      paragraph[paragraph.length - 1] = paragraph.at(-1)!.slice(0, -1) + text;
    } else {
      paragraph.push(text);
    }
    previous = line;
  }
  flush();
  return blocks;
}
