import type { TextBlock } from '@agentry/engine';
import Papa from 'papaparse';
import { KnowledgeFileError } from '../knowledge-errors';

/** Characters of CSV parsed at a time, so a large file is read in slices between which others run. */
const SLICE = 256 * 1024;

/** The end of the record that contains `from` (a newline outside quotes), or the end of the text. */
function recordEnd(text: string, from: number, quoted: { inside: boolean }, scannedTo: number): number {
  for (let index = scannedTo; index < text.length; index++) {
    const character = text.charCodeAt(index);
    if (character === 34) quoted.inside = !quoted.inside;
    else if (character === 10 && !quoted.inside && index >= from) return index + 1;
  }
  return text.length;
}

function parseRows(slice: string): string[][] {
  const parsed = Papa.parse<string[]>(slice, { skipEmptyLines: 'greedy' });
  const fatal = parsed.errors.find((error) => error.type === 'Quotes');
  if (fatal) {
    throw new KnowledgeFileError('corrupt', `The CSV file is malformed (${fatal.message}).`);
  }
  return parsed.data;
}

/**
 * Each CSV row becomes one paragraph of "column: value" pairs, so a chunk about a row carries its
 * column names and full-text search finds "price of the Aurora kettle". The text is parsed in slices
 * cut at record boundaries (quotes are tracked), as a generator.
 */
export function* csvBlocks(text: string, onProgress?: (fraction: number) => void): Generator<TextBlock> {
  const source = text.trim();
  const quoted = { inside: false };
  let start = 0;
  let scanned = 0;
  let header: string[] | undefined;
  while (start < source.length) {
    const end = recordEnd(source, Math.min(start + SLICE, source.length), quoted, scanned);
    scanned = end;
    const rows = parseRows(source.slice(start, end));
    start = end;
    for (const row of rows) {
      if (!header) {
        header = row.map((name, index) => name.trim() || `column ${index + 1}`);
        continue;
      }
      const names = header;
      const text = row
        .map((value, index) => `${names[index] ?? `column ${index + 1}`}: ${value.trim()}`)
        .filter((pair) => !pair.endsWith(': '))
        .join('; ');
      if (text) yield { type: 'paragraph', text };
    }
    onProgress?.(start / source.length);
  }
  if (!header) throw new KnowledgeFileError('no_text', 'The CSV file has no rows.');
}

/** All the blocks of a CSV text (see `csvBlocks`). */
export function csvToBlocks(text: string): TextBlock[] {
  return Array.from(csvBlocks(text));
}
