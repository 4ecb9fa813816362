import { graphJsonSchema } from '@agentry/engine/graph';

let cached: string | undefined;

/** `GET /api/v1/schema/graph.json`: the JSON Schema of the graph format (public, cacheable). */
export function handleGraphSchema(): Response {
  cached ??= JSON.stringify(graphJsonSchema(), null, 2);
  return new Response(cached, {
    headers: {
      'content-type': 'application/schema+json; charset=utf-8',
      'cache-control': 'public, max-age=3600',
      'access-control-allow-origin': '*',
    },
  });
}
