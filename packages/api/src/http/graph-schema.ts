import { evalCaseJsonSchema } from '@agentry/engine/evals';
import { graphJsonSchema } from '@agentry/engine/graph';

/** A JSON Schema as a public, cacheable response that any origin may read. */
function schemaResponse(body: string): Response {
  return new Response(body, {
    headers: {
      'content-type': 'application/schema+json; charset=utf-8',
      'cache-control': 'public, max-age=3600',
      'access-control-allow-origin': '*',
    },
  });
}

let cachedGraph: string | undefined;
let cachedEvalCase: string | undefined;

/** `GET /api/v1/schema/graph.json`: the JSON Schema of the graph format (public, cacheable). */
export function handleGraphSchema(): Response {
  cachedGraph ??= JSON.stringify(graphJsonSchema(), null, 2);
  return schemaResponse(cachedGraph);
}

/**
 * `GET /api/v1/schema/eval-case.json`: the JSON Schema of one test case, a line of a `.jsonl` case file
 * (public, cacheable), for editors that validate case files as they are written.
 */
export function handleEvalCaseSchema(): Response {
  cachedEvalCase ??= JSON.stringify(evalCaseJsonSchema(), null, 2);
  return schemaResponse(cachedEvalCase);
}
