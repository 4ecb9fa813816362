import type { APIRequestContext } from 'playwright-core';

/**
 * Calls a tRPC procedure with the page's cookies (superjson wire format), as the app's client would.
 *
 * The request context keeps connections alive; a call made just as the server closes an idle one
 * (Node's 5 s keep-alive timeout) fails with ECONNRESET before the server has read it. Playwright
 * retries exactly that error (`maxRetries`), so a poll that lands on the boundary does not fail the test.
 */
export async function trpc<T = unknown>(
  request: APIRequestContext,
  baseUrl: string,
  path: string,
  input?: unknown,
  kind: 'query' | 'mutation' = 'mutation',
): Promise<T> {
  const url = `${baseUrl}/api/trpc/${path}`;
  const response =
    kind === 'query'
      ? await request.get(`${url}?input=${encodeURIComponent(JSON.stringify({ json: input ?? null }))}`, {
          maxRetries: 2,
        })
      : await request.post(url, {
          data: { json: input ?? null },
          maxRetries: 2,
          headers: { 'content-type': 'application/json', origin: baseUrl },
        });
  const body = (await response.json()) as {
    result?: { data: { json: T } };
    error?: { json: { message: string } };
  };
  if (!response.ok() || !body.result)
    throw new Error(`tRPC ${path} failed (${response.status()}): ${body.error?.json.message}`);
  return body.result.data.json;
}
