// A reading thread that dies on its first batch, as a parser bug or a native crash would: the limit
// tests check that its document fails at once with the reason, and is not retried in a loop.
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', (request) => {
  if (request.type === 'next') throw new Error('the parser fell over');
});
