// Calls whose event-stream body their caller reads from the socket itself (providers/compatible-stream.ts),
// by the signal the call was made with; the guarded fetch (guarded-fetch.ts) hands such a body over and
// answers `fetch`'s caller with an empty one. Its own module, free of Node imports, because the model
// node that asks for it is bundled for the browser too.
import type { IncomingMessage } from 'node:http';

const takers = new WeakMap<AbortSignal, (body: IncomingMessage) => void>();

/**
 * Hands the body of the call made with `signal` to `take` instead of `fetch`'s caller, when the answer is
 * a successful event stream (any other answer, an error's included, reaches the caller as usual). Only
 * the guarded fetch honours it. Returns the function that withdraws the request.
 */
export function takeEventStream(signal: AbortSignal, take: (body: IncomingMessage) => void): () => void {
  takers.set(signal, take);
  return () => takers.delete(signal);
}

/** Who takes the event-stream body of the call made with `signal`, if anyone. */
export function eventStreamTaker(signal: AbortSignal | null | undefined) {
  return signal ? takers.get(signal) : undefined;
}
