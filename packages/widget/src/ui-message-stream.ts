/** One chunk of the AI SDK UI message stream (`start`, `text-delta`, `error`, `finish`, ...). */
export type StreamChunk = { type: string; [field: string]: unknown };

/**
 * Reads a UI message stream (server-sent events, one JSON chunk per `data:` line, `[DONE]` at the end)
 * and calls `onChunk` for each chunk. The server numbers its run events with `id:` on each event's last
 * chunk: chunks are held until that id arrives, then handed over with it (`onEvent`), so a connection
 * cut mid-event leaves nothing half-applied and the last id seen names an event shown whole. Chunks of
 * streams without ids are handed over at once. Resolves when the stream ends; rejects when it drops.
 */
export async function readUIMessageStream(
  body: ReadableStream<Uint8Array>,
  onChunk: (chunk: StreamChunk) => void,
  onEvent?: (seq: number) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let held: StreamChunk[] = [];
  let id: number | undefined;
  const line = (text: string) => {
    if (text.startsWith('id:')) id = Number(text.slice(3));
    if (!text.startsWith('data:')) return;
    const data = text.slice(5).trim();
    if (!data || data === '[DONE]') return;
    try {
      held.push(JSON.parse(data) as StreamChunk);
    } catch {
      // A malformed line is skipped rather than ending the answer.
    }
    if (!onEvent || id !== undefined) {
      const event = held;
      held = [];
      for (const chunk of event) onChunk(chunk);
      if (id !== undefined && id > 0) onEvent?.(id);
      id = undefined;
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
      for (const chunk of held) onChunk(chunk);
      return;
    }
  }
}
