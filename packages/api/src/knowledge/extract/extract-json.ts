import type { TextBlock } from '@agentry/engine';
import { KnowledgeFileError } from '../knowledge-errors';

/**
 * A JSON document as readable paragraphs: each object with plain values becomes one paragraph of
 * "path: value" lines ("faq[0].question: …"), so related fields stay in one chunk.
 */
export function jsonToBlocks(text: string): TextBlock[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new KnowledgeFileError(
      'corrupt',
      `The JSON file is not valid JSON (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  const blocks: TextBlock[] = [];
  const visit = (node: unknown, path: string) => {
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) visit(item, `${path}[${index}]`);
      return;
    }
    if (node !== null && typeof node === 'object') {
      const lines: string[] = [];
      for (const [key, child] of Object.entries(node)) {
        const childPath = path ? `${path}.${key}` : key;
        if (child !== null && typeof child === 'object') visit(child, childPath);
        else lines.push(`${childPath}: ${String(child)}`);
      }
      if (lines.length > 0) blocks.push({ type: 'paragraph', text: lines.join('\n') });
      return;
    }
    blocks.push({ type: 'paragraph', text: path ? `${path}: ${String(node)}` : String(node) });
  };
  visit(value, '');
  return blocks;
}
