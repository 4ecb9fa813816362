import { AppError } from '../errors';

/** Names a byte count the way limits are written for people: "4 MB", "16 KB", "512 bytes". */
export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

/** The 413 for a body past `maxBytes`, naming the limit. */
export function bodyTooLarge(maxBytes: number): AppError {
  return new AppError('too_large', `The request body is larger than the ${describeBytes(maxBytes)} limit.`, {
    limitBytes: maxBytes,
  });
}

/**
 * Reads a request body, refusing (413) past `maxBytes` while reading: a declared Content-Length over the
 * limit is refused before any byte is read, and a body that lies about its length or is chunked is cut
 * off at the first chunk past the limit, so an oversized body is never held whole in memory.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  const body = request.body;
  if (Number.isFinite(declared) && declared > maxBytes) {
    await body?.cancel().catch(() => undefined);
    throw bodyTooLarge(maxBytes);
  }
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Reads a request body as UTF-8 text with the limit enforced while reading (see `readBodyBytes`). */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(request, maxBytes));
}
