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
 */
export function markdownToBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let paragraph: string[] = [];
  let fence: string | undefined;
  const flush = () => {
    const joined = paragraph.join('\n').trim();
    if (joined) blocks.push({ type: 'paragraph', text: joined });
    paragraph = [];
  };
  for (const rawLine of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.replace(/\s+$/, '');
    if (fence !== undefined) {
      paragraph.push(line);
      if (line.trimStart().startsWith(fence)) {
        fence = undefined;
        flush();
      }
      continue;
    }
    const fenceMatch = FENCE.exec(line.trimStart());
    if (fenceMatch) {
      flush();
      fence = fenceMatch[1];
      paragraph.push(line);
      continue;
    }
    const heading = ATX_HEADING.exec(line);
    if (heading) {
      flush();
      blocks.push({ type: 'heading', level: heading[1]!.length, text: heading[2]!.trim() });
      continue;
    }
    if (line.trim() === '') flush();
    else paragraph.push(line);
  }
  flush();
  return blocks;
}
