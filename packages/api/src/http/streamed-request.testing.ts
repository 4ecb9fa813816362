/** A request whose body is produced chunk by chunk, recording how many bytes the server pulled. */
export function streamedRequest(options: {
  chunkBytes: number;
  totalBytes: number;
  headers?: Record<string, string>;
  url?: string;
}) {
  const pulled = { bytes: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= options.totalBytes) return controller.close();
      pulled.bytes += options.chunkBytes;
      controller.enqueue(new Uint8Array(options.chunkBytes).fill(0x20));
    },
  });
  const request = new Request(options.url ?? 'http://127.0.0.1:3000/api/v1/agents', {
    method: 'POST',
    body,
    duplex: 'half',
    headers: { 'content-type': 'application/json', ...options.headers },
  } as RequestInit);
  return { request, pulled };
}
