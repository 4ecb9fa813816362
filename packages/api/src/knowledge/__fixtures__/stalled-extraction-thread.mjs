// A reading thread that never answers, as a parser stuck in a loop would: the time-limit test checks
// that it is stopped and its document fails with the reason.
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', () => {});
