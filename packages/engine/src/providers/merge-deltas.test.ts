import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { appendToLast } from './merge-deltas';

function batchOf(parts: LanguageModelV4StreamPart[]): LanguageModelV4StreamPart[] {
  const batch: LanguageModelV4StreamPart[] = [];
  for (const part of parts) if (!appendToLast(batch, part)) batch.push(part);
  return batch;
}

describe('appendToLast', () => {
  it('joins consecutive deltas of one text, reasoning or tool input, in order', () => {
    expect(
      batchOf([
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: 'Hel' },
        { type: 'text-delta', id: 't', delta: 'lo' },
        { type: 'text-delta', id: 't', delta: '!' },
        { type: 'reasoning-delta', id: 'r', delta: 'a' },
        { type: 'reasoning-delta', id: 'r', delta: 'b' },
        { type: 'tool-input-delta', id: 'c', delta: '{"q":' },
        { type: 'tool-input-delta', id: 'c', delta: '"x"}' },
        { type: 'text-end', id: 't' },
      ]),
    ).toEqual([
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Hello!' },
      { type: 'reasoning-delta', id: 'r', delta: 'ab' },
      { type: 'tool-input-delta', id: 'c', delta: '{"q":"x"}' },
      { type: 'text-end', id: 't' },
    ]);
  });

  it('keeps deltas of other ids, other kinds, with provider metadata, or with a part between, apart', () => {
    const parts: LanguageModelV4StreamPart[] = [
      { type: 'text-delta', id: 'a', delta: '1' },
      { type: 'text-delta', id: 'b', delta: '2' },
      { type: 'reasoning-delta', id: 'b', delta: '3' },
      { type: 'text-delta', id: 'b', delta: '4', providerMetadata: { x: { y: 1 } } },
      { type: 'text-delta', id: 'b', delta: '5' },
      { type: 'text-end', id: 'b' },
      { type: 'text-delta', id: 'b', delta: '6' },
    ];
    expect(batchOf(parts)).toEqual(parts);
  });
});
