import { describe, expect, it } from 'vitest';
import { readJsonBody } from './errors';
import { readBodyBytes } from './read-body';
import { streamedRequest } from './streamed-request.testing';

describe('reading request bodies under a limit', () => {
  it('stops reading a chunked body at the first chunk past the limit', async () => {
    const { request, pulled } = streamedRequest({ chunkBytes: 64 * 1024, totalBytes: 64 * 1024 * 1024 });
    await expect(readJsonBody(request, 1024 * 1024)).rejects.toMatchObject({
      code: 'too_large',
      message: 'The request body is larger than the 1 MB limit.',
    });
    // Not the 64 MB on offer: at most the limit, the chunk that crossed it, and one the stream queued ahead.
    expect(pulled.bytes).toBeLessThanOrEqual(1024 * 1024 + 2 * 64 * 1024);
  });

  it('does not trust a Content-Length that understates the body', async () => {
    const { request, pulled } = streamedRequest({
      chunkBytes: 16 * 1024,
      totalBytes: 8 * 1024 * 1024,
      headers: { 'content-length': '10' },
    });
    await expect(readBodyBytes(request, 64 * 1024)).rejects.toMatchObject({ code: 'too_large' });
    expect(pulled.bytes).toBeLessThanOrEqual(64 * 1024 + 2 * 16 * 1024);
  });

  it('refuses a declared Content-Length past the limit before reading a byte', async () => {
    const { request, pulled } = streamedRequest({
      chunkBytes: 1024,
      totalBytes: 4 * 1024 * 1024,
      headers: { 'content-length': String(4 * 1024 * 1024) },
    });
    await expect(readBodyBytes(request, 64 * 1024)).rejects.toThrow('64 KB limit');
    expect(pulled.bytes).toBeLessThanOrEqual(1024);
  });

  it('reads a body within the limit, and says when it is not JSON', async () => {
    const ok = new Request('http://127.0.0.1/', { method: 'POST', body: JSON.stringify({ a: 'é' }) });
    expect(await readJsonBody(ok, 100)).toEqual({ a: 'é' });
    const bad = new Request('http://127.0.0.1/', { method: 'POST', body: '{nope' });
    await expect(readJsonBody(bad, 100)).rejects.toMatchObject({ code: 'bad_request' });
  });
});
