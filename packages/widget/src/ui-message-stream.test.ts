import { describe, expect, it } from 'vitest';
import { readUIMessageStream, type StreamChunk } from './ui-message-stream';

function streamOf(parts: Uint8Array[], dropAtEnd = false): ReadableStream<Uint8Array> {
  const queue = [...parts];
  return new ReadableStream({
    pull(controller) {
      const next = queue.shift();
      if (next) controller.enqueue(next);
      else if (dropAtEnd) controller.error(new TypeError('network error'));
      else controller.close();
    },
  });
}

const sse = [
  'data: {"type":"start","messageMetadata":{"conversationId":"c1"}}',
  'data: {"type":"text-start","id":"t"}',
  'data: {"type":"text-delta","id":"t","delta":"Grüße 👋 "}',
  'data: not json',
  'data: {"type":"text-delta","id":"t","delta":"done"}',
  'data: {"type":"finish"}',
  'data: [DONE]',
  '',
].join('\n\n');

describe('readUIMessageStream', () => {
  it('reads chunks split anywhere, even inside a multi-byte character', async () => {
    const bytes = new TextEncoder().encode(sse);
    for (const size of [1, 2, 3, 7, 64, bytes.length]) {
      const parts: Uint8Array[] = [];
      for (let index = 0; index < bytes.length; index += size) parts.push(bytes.slice(index, index + size));
      const chunks: StreamChunk[] = [];
      await readUIMessageStream(streamOf(parts), (chunk) => chunks.push(chunk));
      expect(chunks.map((chunk) => chunk.type)).toEqual([
        'start',
        'text-start',
        'text-delta',
        'text-delta',
        'finish',
      ]);
      expect(
        chunks
          .filter((chunk) => chunk.type === 'text-delta')
          .map((chunk) => String(chunk.delta))
          .join(''),
      ).toBe('Grüße 👋 done');
    }
  });

  it('rejects when the connection drops', async () => {
    const chunks: StreamChunk[] = [];
    const half = new TextEncoder().encode(sse.slice(0, 120));
    await expect(
      readUIMessageStream(streamOf([half], true), (chunk) => chunks.push(chunk)),
    ).rejects.toThrow();
    expect(chunks[0]?.type).toBe('start');
  });
});
