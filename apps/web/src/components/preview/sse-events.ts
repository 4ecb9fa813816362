/** One chunk of the UI message stream, as JSON (`start`, `text-delta`, `data-run`, …). */
export type StreamChunk = { type: string; [field: string]: unknown };

/** The chunks of one numbered run event: the server puts `id: <seq>` on the last chunk of each event. */
export interface NumberedEvent {
  seq: number;
  chunks: StreamChunk[];
}

/**
 * Reads an SSE UI message stream and hands over whole numbered events: chunks gather until the one
 * carrying an `id:`, which completes the event. So a reader cut off mid-event has applied nothing of
 * it, and the `seq` it reports is always an event it holds whole. Resolves at the end of the stream
 * (`sawDone` says whether the server sent `[DONE]`); rejects when the connection drops. `onEvent` may
 * return a promise: the next event waits for it.
 */
export async function readNumberedEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: NumberedEvent) => void | Promise<void>,
): Promise<{ sawDone: boolean }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let chunks: StreamChunk[] = [];
  let id: number | undefined;
  let data: string[] = [];
  let sawDone = false;
  // Events completed by one read, handed over one at a time (the reader may pause between them).
  let ready: NumberedEvent[] = [];
  const dispatch = () => {
    const text = data.join('\n');
    data = [];
    if (text === '[DONE]') sawDone = true;
    else if (text) {
      try {
        chunks.push(JSON.parse(text) as StreamChunk);
      } catch {
        // A malformed line is skipped rather than ending the answer.
      }
    }
    if (id !== undefined) {
      ready.push({ seq: id, chunks });
      chunks = [];
      id = undefined;
    }
  };
  const line = (text: string) => {
    if (text === '') dispatch();
    else if (text.startsWith('id:')) {
      const seq = Number(text.slice(3).trim());
      if (Number.isSafeInteger(seq)) id = seq;
    } else if (text.startsWith('data:')) data.push(text.slice(5).trimStart());
  };
  for (;;) {
    const { done, value } = await reader.read();
    buffer += decoder.decode(value, { stream: !done });
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const text of lines) line(text.replace(/\r$/, ''));
    if (done) {
      if (buffer) line(buffer);
      if (data.length > 0) dispatch();
    }
    const events = ready;
    ready = [];
    for (const event of events) await onEvent(event);
    if (done) return { sawDone };
  }
}
