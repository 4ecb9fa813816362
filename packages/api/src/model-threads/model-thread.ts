// A model thread: makes provider calls (the AI SDK provider's own doStream/doGenerate, so the real wire
// code) for the server's thread, which only sees the resulting stream parts. Reading the provider's
// stream, parsing its SSE and validating each chunk is most of the CPU a streamed answer costs; here it
// runs beside the server's event loop instead of on it.
import { parentPort } from 'node:worker_threads';
import {
  appendToLast,
  createLanguageModel,
  createProviderFetch,
  type ProviderId,
  streamCompatibleChat,
  toProviderFailure,
} from '@agentry/engine/provider-calls';
import type { LanguageModelV4, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import type { FromModelThread, ThreadFailure, ToModelThread } from './protocol';

const port = parentPort;
if (!port) throw new Error('model-thread.ts runs as a worker thread.');

const calls = new Map<number, AbortController>();
/** Provider clients by what built them: building one (its schemas) costs more than a small call. */
const models = new Map<string, LanguageModelV4>();

function modelFor({
  request,
  credential,
  network,
}: Extract<ToModelThread, { kind: 'call' }>): LanguageModelV4 {
  const key = JSON.stringify([request.provider, request.model, request.baseURL, credential, network]);
  let model = models.get(key);
  if (!model) {
    // Every request goes through the address guard under the server's policy, as in-process calls do.
    model = createLanguageModel({ ...request, provider: request.provider as ProviderId }, credential, {
      fetch: createProviderFetch(network),
    });
    if (models.size >= 100) models.delete(models.keys().next().value!);
    models.set(key, model);
  }
  return model;
}
const send = (message: FromModelThread) => port.postMessage(message);

function failureOf(error: unknown, provider: string): ThreadFailure {
  const failure = toProviderFailure(error, provider as ProviderId);
  return { code: failure.code, message: failure.message, retryable: failure.retryable };
}

/** Error parts carry an explained failure; every other part crosses as it is. */
function portable(part: LanguageModelV4StreamPart, provider: string): LanguageModelV4StreamPart {
  return part.type === 'error' ? { type: 'error', error: failureOf(part.error, provider) } : part;
}

async function call(message: Extract<ToModelThread, { kind: 'call' }>): Promise<void> {
  const { id, request } = message;
  const controller = new AbortController();
  calls.set(id, controller);
  try {
    const model = modelFor(message);
    const options = { ...message.options, abortSignal: controller.signal };
    if (message.mode === 'generate') {
      const { request: _sent, ...result } = await model.doGenerate(options);
      send({ kind: 'generated', id, result });
      return;
    }
    const { stream, response } = await streamCompatibleChat(model, options);
    send({ kind: 'started', id, headers: response?.headers });
    // Parts that arrive in one turn of the loop (several SSE events in one packet) cross as one message.
    let batch: LanguageModelV4StreamPart[] = [];
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      if (batch.length === 0) return;
      send({ kind: 'parts', id, parts: batch });
      batch = [];
    };
    for await (const part of stream) {
      if (!appendToLast(batch, part)) batch.push(portable(part, request.provider));
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    }
    flush();
    send({ kind: 'end', id });
  } catch (error) {
    send({ kind: 'failed', id, failure: failureOf(error, request.provider) });
  } finally {
    calls.delete(id);
  }
}

port.on('message', (message: ToModelThread) => {
  if (message.kind === 'abort') calls.get(message.id)?.abort();
  else void call(message);
});
