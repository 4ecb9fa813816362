/** One chunk of the AI SDK UI message stream (`start`, `text-delta`, `error`, `finish`, ...). */
export type StreamChunk = { type: string; [field: string]: unknown };

/**
 * Reads a UI message stream (server-sent events, one JSON chunk per `data:` line, `[DONE]` at the end)
 * and calls `onChunk` for each chunk. Resolves when the stream ends; rejects when the connection drops.
 */
export async function readUIMessageStream(
  body: ReadableStream<Uint8Array>,
  onChunk: (chunk: StreamChunk) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const line = (text: string) => {
    if (!text.startsWith('data:')) return;
    const data = text.slice(5).trim();
    if (!data || data === '[DONE]') return;
    try {
      onChunk(JSON.parse(data) as StreamChunk);
    } catch {
      // A malformed line is skipped rather than ending the answer.
    }
  };
  for (;;) {
    const { done, value } = await reader.read();
    buffer += decoder.decode(value, { stream: !done });
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const text of lines) line(text.replace(/\r$/, ''));
    if (done) {
      line(buffer);
      return;
    }
  }
}
