// The worker thread that reads one document (extract-in-thread.ts starts it). Parsing a hostile file
// can take all the memory it is given: here, that is the thread's limit, and the server lives on.
import { parentPort } from 'node:worker_threads';
import type { TextBlock } from '@agentry/engine';
import { KnowledgeFileError } from '../knowledge-errors';
import { extractDocumentBlocks } from './extract-document';
import type { ExtractionReply, ExtractionRequest } from './extraction-protocol';

/** Characters of text sent per batch: large enough to be cheap, small enough to bound the server's share. */
const BATCH_CHARACTERS = 256 * 1024;

const port = parentPort;
if (!port) throw new Error('extraction-thread runs only as a worker thread.');
const send = (reply: ExtractionReply) => port.postMessage(reply);
let blocks: AsyncIterator<TextBlock> | undefined;

port.on('message', (request: ExtractionRequest) => {
  if (request.type === 'start') {
    blocks = extractDocumentBlocks({
      name: request.name,
      bytes: request.bytes,
      mimeType: request.mimeType,
      onProgress: (fraction) => send({ type: 'progress', fraction }),
    })[Symbol.asyncIterator]();
    return;
  }
  void nextBatch();
});

async function nextBatch(): Promise<void> {
  if (!blocks) return send({ type: 'error', message: 'No document was sent to the reading thread.' });
  try {
    const batch: TextBlock[] = [];
    let characters = 0;
    while (characters < BATCH_CHARACTERS) {
      const next = await blocks.next();
      if (next.done) break;
      batch.push(next.value);
      characters += next.value.text.length;
    }
    send(batch.length > 0 ? { type: 'blocks', blocks: batch } : { type: 'end' });
  } catch (error) {
    if (error instanceof KnowledgeFileError)
      send({ type: 'error', code: error.code, message: error.message });
    else send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}
