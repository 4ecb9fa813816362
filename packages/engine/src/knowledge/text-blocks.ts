/**
 * The structure extraction keeps from any document: headings (with their level) and paragraphs. The
 * chunker cuts at these, so a chunk never straddles two sections and a paragraph stays whole when it fits.
 */
export type TextBlock =
  | { type: 'heading'; level: number; text: string }
  | { type: 'paragraph'; text: string };

const ATX_HEADING = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/;
const FENCE = /^(```|~~~)/;

/**
 * Splits markdown or plain text into blocks: `#` headings, and paragraphs separated by blank lines.
 * Code fences stay one paragraph; whitespace inside a paragraph is kept (tables and lists stay readable).
 * A generator, so a caller can pause between blocks of a large file; `onProgress` gets the share read.
 */
export function* markdownBlocks(text: string, onProgress?: (fraction: number) => void): Generator<TextBlock> {
  let paragraph: string[] = [];
  let fence: string | undefined;
  const flush = function* (): Generator<TextBlock> {
    const joined = paragraph.join('\n').trim();
    paragraph = [];
    if (joined) yield { type: 'paragraph', text: joined };
  };
  const source = text.replace(/\r\n?/g, '\n');
  let start = 0;
  let lines = 0;
  while (start <= source.length) {
    let end = source.indexOf('\n', start);
    if (end === -1) end = source.length;
    const line = source.slice(start, end).replace(/\s+$/, '');
    start = end + 1;
    if (onProgress && ++lines % 2000 === 0) onProgress(start / source.length);
    if (fence !== undefined) {
      paragraph.push(line);
      if (line.trimStart().startsWith(fence)) {
        fence = undefined;
        yield* flush();
      }
      continue;
    }
    const fenceMatch = FENCE.exec(line.trimStart());
    if (fenceMatch) {
      yield* flush();
      fence = fenceMatch[1];
      paragraph.push(line);
      continue;
    }
    const heading = ATX_HEADING.exec(line);
    if (heading) {
      yield* flush();
      yield { type: 'heading', level: heading[1]!.length, text: heading[2]!.trim() };
      continue;
    }
    if (line.trim() === '') yield* flush();
    else paragraph.push(line);
  }
  yield* flush();
  onProgress?.(1);
}

/** All the blocks of a markdown or plain text (see `markdownBlocks`). */
export function markdownToBlocks(text: string): TextBlock[] {
  return Array.from(markdownBlocks(text));
}
