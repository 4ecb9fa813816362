/** What was wrong with a line: not JSON (its start), or a known `type` with the wrong shape. */
export type UnreadableLine = { kind: 'not_json'; line: string } | { kind: 'shape'; type: string };

/** A streamed line that cannot be read (not JSON, or not a line the reader knows the shape of). */
export class UnreadableLineError extends Error {
  constructor(
    message: string,
    readonly detail: UnreadableLine,
  ) {
    super(message);
  }
}

/**
 * Reads newline-delimited JSON as it arrives, handing each whole line to `onLine` parsed. A network read
 * can end anywhere (mid-line, mid-character), so the undecoded bytes and the unfinished line wait for the
 * next read; a last line without its newline still counts. Rejects when the stream errors (a dropped
 * connection) or a line is not JSON; `signal` stops reading (and cancels the stream) at once.
 */
export async function readNdjson(
  stream: ReadableStream<Uint8Array>,
  onLine: (value: unknown) => void,
  signal?: AbortSignal,
): Promise<void> {
  const reader = stream.getReader();
  const cancel = () => void reader.cancel().catch(() => {});
  signal?.addEventListener('abort', cancel, { once: true });
  const decoder = new TextDecoder();
  let pending = '';
  const take = (line: string) => {
    const trimmed = line.trim();
    if (!trimmed) return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      const start = trimmed.length > 80 ? `${trimmed.slice(0, 77)}…` : trimmed;
      throw new UnreadableLineError(`The server sent a line that is not JSON: ${start}`, {
        kind: 'not_json',
        line: start,
      });
    }
    onLine(value);
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal?.aborted) return;
      if (done) break;
      pending += decoder.decode(value, { stream: true });
      let end = pending.indexOf('\n');
      while (end >= 0) {
        take(pending.slice(0, end));
        pending = pending.slice(end + 1);
        end = pending.indexOf('\n');
      }
    }
    take(pending + decoder.decode());
  } catch (error) {
    // Stop the download too: nothing after a broken line can be trusted.
    await reader.cancel().catch(() => {});
    throw error;
  } finally {
    signal?.removeEventListener('abort', cancel);
    reader.releaseLock();
  }
}
