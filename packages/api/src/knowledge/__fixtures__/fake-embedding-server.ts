import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake server received. */
export interface EmbeddingRequest {
  authorization: string | undefined;
  model: string;
  inputs: string[];
}

/** Concepts the fake model "understands": words a keyword search would miss map to the same axis. */
const SYNONYMS: Record<string, string> = {
  reimbursement: 'refund',
  reimbursed: 'refund',
  repaid: 'refund',
  delivery: 'parcel',
  package: 'parcel',
};

const DIMENSIONS = 64;

/** A deterministic "semantic" embedding: hashed words, with synonyms folded onto one word. */
export function fakeEmbedding(text: string): number[] {
  const vector = new Array<number>(DIMENSIONS).fill(0);
  for (const match of text.toLowerCase().matchAll(/[a-z0-9]+/g)) {
    let word = match[0].replace(/s$/, '');
    word = SYNONYMS[word] ?? word;
    let hash = 0x811c9dc5;
    for (const character of word) hash = Math.imul(hash ^ character.charCodeAt(0), 0x01000193);
    vector[(hash >>> 0) % DIMENSIONS]! += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/**
 * A local server on 127.0.0.1 speaking OpenAI's `POST /v1/embeddings`, recording what it was sent.
 * `failNext` makes the following requests answer 503, to test a provider outage.
 */
export async function startFakeEmbeddingServer() {
  const requests: EmbeddingRequest[] = [];
  const state = { failing: false };
  const server = createServer(async (request, response) => {
    const body = JSON.parse(await readBody(request)) as { model: string; input: string | string[] };
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    requests.push({ authorization: request.headers.authorization, model: body.model, inputs });
    if (request.url !== '/v1/embeddings' || state.failing) {
      response.writeHead(state.failing ? 503 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'unavailable', type: 'server_error' } }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        object: 'list',
        data: inputs.map((input, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(input) })),
        model: body.model,
        usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    setFailing(failing: boolean) {
      state.failing = failing;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
