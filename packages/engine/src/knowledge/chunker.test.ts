import { describe, expect, it } from 'vitest';
import { chunkBlocks } from './chunker';
import { markdownToBlocks } from './text-blocks';
import { approximateTokens } from './token-count';

const sentence = (n: number) => `Sentence number ${n} talks about topic ${n % 7} in plain words.`;

describe('markdownToBlocks', () => {
  it('keeps headings with their level, paragraphs split by blank lines, and code fences whole', () => {
    const blocks = markdownToBlocks(
      '# Guide\n\nIntro line one\nline two\n\n## Refunds ##\n```\ncode\n\nmore\n```\nTail',
    );
    expect(blocks).toEqual([
      { type: 'heading', level: 1, text: 'Guide' },
      { type: 'paragraph', text: 'Intro line one\nline two' },
      { type: 'heading', level: 2, text: 'Refunds' },
      { type: 'paragraph', text: '```\ncode\n\nmore\n```' },
      { type: 'paragraph', text: 'Tail' },
    ]);
  });
});

describe('approximateTokens', () => {
  it('is deterministic and close to a BPE count for English prose', () => {
    expect(approximateTokens('')).toBe(0);
    expect(approximateTokens('Hello, world!')).toBe(4);
    // cl100k counts 10 tokens for this sentence.
    expect(approximateTokens('The quick brown fox jumps over the lazy dog.')).toBe(10);
    expect(approximateTokens('Internationalization in 2026')).toBe(7);
  });
});

describe('chunkBlocks', () => {
  it('starts a chunk at every heading and records the heading path', () => {
    const chunks = chunkBlocks(
      markdownToBlocks('Preface.\n\n# Guide\n\nIntro.\n\n## Refunds\n\nWithin 30 days.\n\n# Other\n\nMore.'),
    );
    expect(chunks.map((chunk) => [chunk.heading, chunk.content])).toEqual([
      ['', 'Preface.'],
      ['Guide', 'Intro.'],
      ['Guide › Refunds', 'Within 30 days.'],
      ['Other', 'More.'],
    ]);
    expect(chunks.map((chunk) => chunk.ordinal)).toEqual([0, 1, 2, 3]);
  });

  it('packs whole paragraphs up to the size and overlaps consecutive chunks of a section', () => {
    const paragraphs = Array.from({ length: 40 }, (_, index) => sentence(index));
    const chunks = chunkBlocks(
      paragraphs.map((text) => ({ type: 'paragraph' as const, text })),
      { maxTokens: 60, overlapTokens: 15 },
    );
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(chunk.tokenCount).toBeLessThanOrEqual(60);
      // Paragraphs are never cut, except the overlap, which is the tail of the previous chunk.
      for (const line of chunk.content.split('\n\n').slice(chunk.ordinal === 0 ? 0 : 1))
        expect(paragraphs).toContain(line);
    }
    for (let index = 1; index < chunks.length; index++) {
      const overlap = chunks[index]!.content.split('\n\n')[0]!;
      expect(chunks[index - 1]!.content.endsWith(overlap)).toBe(true);
      expect(approximateTokens(overlap)).toBeLessThanOrEqual(15);
    }
    // Every paragraph is in some chunk.
    const all = chunks.map((chunk) => chunk.content).join('\n\n');
    for (const paragraph of paragraphs) expect(all).toContain(paragraph);
  });

  it('cuts an over-long paragraph at sentences and an endless word by characters', () => {
    const long = Array.from({ length: 30 }, (_, index) => sentence(index)).join(' ');
    const chunks = chunkBlocks([{ type: 'paragraph', text: long }], { maxTokens: 50, overlapTokens: 0 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.tokenCount).toBeLessThanOrEqual(50);
      expect(chunk.content).toMatch(/^Sentence number \d+/);
    }
    const blob = chunkBlocks([{ type: 'paragraph', text: 'x'.repeat(5000) }], { maxTokens: 100 });
    expect(blob.map((chunk) => chunk.content).join('')).toBe('x'.repeat(5000));
    for (const chunk of blob) expect(chunk.tokenCount).toBeLessThanOrEqual(100);
  });
});
