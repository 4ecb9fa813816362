import type { TextBlock } from '@agentry/engine';
import { Parser } from 'htmlparser2';

/** Elements whose text is never knowledge (code, styling, navigation chrome). */
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'head',
  'nav',
  'iframe',
  'object',
]);
/** Elements that end a paragraph. */
const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'li',
  'table',
  'tr',
  'dl',
  'dt',
  'dd',
  'figure',
  'figcaption',
  'form',
  'hr',
  'address',
  'details',
  'summary',
]);
const HEADING = /^h([1-6])$/;

/** Characters of HTML fed to the parser at a time; the blocks found are handed out in between. */
const SLICE = 64 * 1024;

/**
 * Turns HTML into headings and paragraphs: h1–h6 become headings, block elements end paragraphs, list
 * items start with "- ", table cells are joined with " | ", scripts, styles and navigation are dropped.
 * Entities are decoded by the parser. A generator fed slice by slice, so a large page is read in steps.
 */
export function* htmlBlocks(html: string, onProgress?: (fraction: number) => void): Generator<TextBlock> {
  let blocks: TextBlock[] = [];
  let text = '';
  let skipDepth = 0;
  let heading: number | undefined;
  let preDepth = 0;
  const flush = () => {
    const value = preDepth > 0 ? text.replace(/^\n+|\s+$/g, '') : text.replace(/[ \t\r\n\f]+/g, ' ').trim();
    text = '';
    if (!value) return;
    if (heading !== undefined) blocks.push({ type: 'heading', level: heading, text: value });
    else blocks.push({ type: 'paragraph', text: value });
  };
  const parser = new Parser(
    {
      onopentag(name) {
        // Inside a skipped element every tag is counted, so its end is found again.
        if (skipDepth > 0 || SKIPPED.has(name)) {
          skipDepth++;
          return;
        }
        const level = HEADING.exec(name);
        if (level) {
          flush();
          heading = Number(level[1]);
        } else if (name === 'li') {
          flush();
          text = '- ';
        } else if (name === 'td' || name === 'th') {
          if (text.trim()) text += ' | ';
        } else if (name === 'br') {
          text += '\n';
        } else if (BLOCKS.has(name)) {
          flush();
          if (name === 'pre') preDepth++;
        }
      },
      ontext(data) {
        if (skipDepth === 0) text += data;
      },
      onclosetag(name, isImplied) {
        if (skipDepth > 0) {
          skipDepth--;
          return;
        }
        if (HEADING.test(name)) {
          flush();
          heading = undefined;
        } else if (BLOCKS.has(name) && !isImplied) {
          flush();
          if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  for (let start = 0; start < html.length; start += SLICE) {
    parser.write(html.slice(start, start + SLICE));
    yield* blocks;
    blocks = [];
    onProgress?.(Math.min(1, (start + SLICE) / html.length));
  }
  parser.end();
  flush();
  yield* blocks;
}

/** All the blocks of an HTML text (see `htmlBlocks`). */
export function htmlToBlocks(html: string): TextBlock[] {
  return Array.from(htmlBlocks(html));
}
