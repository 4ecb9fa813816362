import type { TextBlock } from './text-blocks';
import { approximateTokens } from './token-count';

/** How documents are cut into chunks. */
export interface ChunkingOptions {
  /** Largest chunk, in approximate tokens (default 350). */
  maxTokens?: number;
  /** Tokens of the previous chunk repeated at the start of the next one in the same section (default 50). */
  overlapTokens?: number;
}

/** A retrievable piece of a document. */
export interface TextChunk {
  /** Position in the document, from 0. */
  ordinal: number;
  /** The heading path of its section ("Guide › Refunds"), empty before the first heading. */
  heading: string;
  content: string;
  tokenCount: number;
}

/** Default chunk size and overlap. */
export const DEFAULT_CHUNKING = { maxTokens: 350, overlapTokens: 50 } as const;

interface Unit {
  text: string;
  tokens: number;
  /** Starts a paragraph (joined with a blank line) rather than continuing one (a space). */
  paragraphStart: boolean;
  /** Repeated from the previous chunk. */
  overlap?: boolean;
}

const SENTENCE_END = /(?<=[.!?…。！？])\s+(?=\S)/u;

/**
 * Cuts a stream of blocks into chunks by tokens: a heading always starts a new chunk (sections never
 * mix), whole paragraphs are packed while they fit, a longer paragraph is cut at sentences and a longer
 * sentence at words. Consecutive chunks of one section overlap by about `overlapTokens`. Incremental,
 * so a large document is chunked page by page with bounded memory.
 */
export class Chunker {
  private readonly maxTokens: number;
  private readonly overlapTokens: number;
  private readonly path: string[] = [];
  private heading = '';
  private units: Unit[] = [];
  private tokens = 0;
  private ordinal = 0;

  constructor(options: ChunkingOptions = {}) {
    this.maxTokens = Math.max(16, options.maxTokens ?? DEFAULT_CHUNKING.maxTokens);
    this.overlapTokens = Math.min(
      Math.max(0, options.overlapTokens ?? DEFAULT_CHUNKING.overlapTokens),
      Math.floor(this.maxTokens / 2),
    );
  }

  /** Adds one block; returns the chunks it completed. */
  push(block: TextBlock): TextChunk[] {
    const done: TextChunk[] = [];
    if (block.type === 'heading') {
      this.emit(done);
      this.units = [];
      this.tokens = 0;
      const level = Math.min(Math.max(1, block.level), 6);
      this.path.length = level - 1;
      this.path[level - 1] = block.text.replace(/\s+/g, ' ').trim();
      this.heading = this.path.filter(Boolean).join(' › ');
      return done;
    }
    const text = block.text.trim();
    if (!text) return done;
    const tokens = approximateTokens(text);
    if (tokens <= this.maxTokens) {
      this.add({ text, tokens, paragraphStart: true }, done);
      return done;
    }
    let first = true;
    for (const piece of this.splitLong(text)) {
      this.add({ ...piece, paragraphStart: first }, done);
      first = false;
    }
    return done;
  }

  /** Ends the document; returns the last chunk, if any. */
  finish(): TextChunk[] {
    const done: TextChunk[] = [];
    this.emit(done);
    this.units = [];
    this.tokens = 0;
    return done;
  }

  private add(unit: Unit, done: TextChunk[]): void {
    if (this.tokens > 0 && this.tokens + unit.tokens > this.maxTokens) {
      this.emit(done);
      this.units = this.overlapUnits(this.maxTokens - unit.tokens);
      this.tokens = this.units.reduce((sum, each) => sum + each.tokens, 0);
    }
    this.units.push(unit);
    this.tokens += unit.tokens;
  }

  private emit(done: TextChunk[]): void {
    if (this.units.length === 0 || this.units.every((unit) => unit.overlap)) return;
    let content = '';
    for (const [index, unit] of this.units.entries()) {
      content += index === 0 ? unit.text : `${unit.paragraphStart ? '\n\n' : ' '}${unit.text}`;
    }
    done.push({
      ordinal: this.ordinal++,
      heading: this.heading,
      content,
      tokenCount: approximateTokens(content),
    });
  }

  /** The tail of the chunk just emitted, up to the overlap (and never more than `room`), as new units. */
  private overlapUnits(room: number): Unit[] {
    let budget = Math.min(this.overlapTokens, room);
    const tail: Unit[] = [];
    for (let index = this.units.length - 1; index >= 0 && budget > 0; index--) {
      const unit = this.units[index]!;
      if (unit.tokens <= budget) {
        tail.unshift({ ...unit, overlap: true });
        budget -= unit.tokens;
        continue;
      }
      const words = unit.text.split(/\s+/);
      const kept: string[] = [];
      let used = 0;
      for (let word = words.length - 1; word >= 0; word--) {
        const cost = approximateTokens(words[word]!);
        if (used + cost > budget) break;
        kept.unshift(words[word]!);
        used += cost;
      }
      if (kept.length > 0)
        tail.unshift({ text: kept.join(' '), tokens: used, paragraphStart: true, overlap: true });
      break;
    }
    if (tail[0]) tail[0].paragraphStart = true;
    return tail;
  }

  /** Cuts an over-long paragraph at sentences, and over-long sentences at words. */
  private *splitLong(text: string): Generator<Omit<Unit, 'paragraphStart'>> {
    for (const sentence of text.split(SENTENCE_END)) {
      const tokens = approximateTokens(sentence);
      if (tokens <= this.maxTokens) {
        yield { text: sentence, tokens };
        continue;
      }
      let words: string[] = [];
      let used = 0;
      for (const word of sentence.split(/\s+/)) {
        const cost = approximateTokens(word);
        if (used + cost > this.maxTokens && words.length > 0) {
          yield { text: words.join(' '), tokens: used };
          words = [];
          used = 0;
        }
        // A single "word" longer than a chunk (a base64 blob, a URL) is cut by characters.
        if (cost > this.maxTokens) {
          for (let start = 0; start < word.length; start += this.maxTokens * 4) {
            const slice = word.slice(start, start + this.maxTokens * 4);
            yield { text: slice, tokens: approximateTokens(slice) };
          }
          continue;
        }
        words.push(word);
        used += cost;
      }
      if (words.length > 0) yield { text: words.join(' '), tokens: used };
    }
  }
}

/** Chunks a whole list of blocks (see `Chunker`). */
export function chunkBlocks(blocks: Iterable<TextBlock>, options: ChunkingOptions = {}): TextChunk[] {
  const chunker = new Chunker(options);
  const chunks: TextChunk[] = [];
  for (const block of blocks) chunks.push(...chunker.push(block));
  chunks.push(...chunker.finish());
  return chunks;
}
