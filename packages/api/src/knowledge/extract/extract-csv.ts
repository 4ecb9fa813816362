import type { TextBlock } from '@agentry/engine';
import Papa from 'papaparse';
import { KnowledgeFileError } from '../knowledge-errors';

/**
 * Each CSV row becomes one paragraph of "column: value" pairs, so a chunk about a row carries its
 * column names and full-text search finds "price of the Aurora kettle".
 */
export function csvToBlocks(text: string): TextBlock[] {
  const parsed = Papa.parse<string[]>(text.trim(), { skipEmptyLines: 'greedy' });
  const rows = parsed.data;
  if (rows.length === 0) throw new KnowledgeFileError('no_text', 'The CSV file has no rows.');
  const fatal = parsed.errors.find((error) => error.type === 'Quotes');
  if (fatal) {
    throw new KnowledgeFileError(
      'corrupt',
      `The CSV file is malformed (row ${fatal.row ?? '?'}: ${fatal.message}).`,
    );
  }
  const [header, ...body] = rows;
  if (body.length === 0) return [{ type: 'paragraph', text: header!.join(', ') }];
  return body.map((row) => ({
    type: 'paragraph' as const,
    text: row
      .map((value, index) => `${header![index]?.trim() || `column ${index + 1}`}: ${value.trim()}`)
      .filter((pair) => !pair.endsWith(': '))
      .join('; '),
  }));
}
