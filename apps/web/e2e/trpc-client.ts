import type { APIRequestContext } from 'playwright-core';

/** Calls a tRPC procedure with the page's cookies (superjson wire format), as the app's client would. */
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
      ? await request.get(`${url}?input=${encodeURIComponent(JSON.stringify({ json: input ?? null }))}`)
      : await request.post(url, {
          data: { json: input ?? null },
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
