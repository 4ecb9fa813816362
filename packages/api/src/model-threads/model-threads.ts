import { Worker } from 'node:worker_threads';
import {
  type Credential,
  createLanguageModel,
  EngineError,
  createProviderFetch,
  type LanguageModelRequest,
  type NetworkPolicy,
  type ProviderId,
} from '@agentry/engine';
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import { findThreadScript, threadExecArgv } from '../source-files';
import type { FromModelThread, ThreadFailure, ToModelThread } from './protocol';

/** Provider calls made on worker threads; see model-thread.ts. */
export interface ModelThreads {
  /**
   * The model a Model node asks for, its calls made on a thread (which builds the provider client from
   * `request` and `credential`). Settings are checked here first, so a missing key fails as it would
   * in-process. The offline model needs no network and stays on this thread. `network` says which
   * private hosts the calls may reach (default: public addresses only).
   */
  languageModel(
    request: LanguageModelRequest,
    credential?: Credential,
    network?: NetworkPolicy,
  ): LanguageModelV4;
  /** Stops the threads; calls in flight fail. */
  close(): Promise<void>;
}

/** What a call is made with: the model asked for, its credential and the network policy. */
interface CallTarget {
  request: LanguageModelRequest;
  credential: Credential | undefined;
  network: NetworkPolicy;
}

/** The handlers of one call in flight, fed by the thread's messages. */
interface PendingCall {
  onMessage(message: FromModelThread): void;
  /** The thread died under the call. */
  onLost(error: EngineError): void;
}

const toError = (failure: ThreadFailure) =>
  new EngineError(failure.code, failure.message, { retryable: failure.retryable });

class ModelThread {
  private worker: Worker | undefined;
  readonly calls = new Map<number, PendingCall>();

  constructor(private readonly script: string) {}

  private spawn(): Worker {
    const worker = new Worker(this.script, {
      execArgv: threadExecArgv(this.script),
      // Provider streams allocate much short-lived garbage; a small young generation keeps the thread's
      // memory down, and its more frequent scavenges happen off the server's event loop. A process-wide
      // --max-semi-space-size (as `pnpm start` sets) takes precedence over this limit.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    worker.unref();
    worker.on('message', (message: FromModelThread) => this.calls.get(message.id)?.onMessage(message));
    worker.on('error', (error) => this.lost(worker, error.message));
    worker.on('exit', (code) => this.lost(worker, `exit code ${code}`));
    return worker;
  }

  /** The thread is gone: its calls fail (a new thread starts with the next call). */
  private lost(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const error = new EngineError('provider_unavailable', `The model thread stopped (${reason}).`, {
      retryable: true,
    });
    for (const call of [...this.calls.values()]) call.onLost(error);
    this.calls.clear();
  }

  /** Starts a call on the thread; throws (DataCloneError) when its options cannot cross to a thread. */
  post(message: Extract<ToModelThread, { kind: 'call' }>, call: PendingCall): void {
    this.worker ??= this.spawn();
    this.calls.set(message.id, call);
    if (this.calls.size === 1) this.worker.ref();
    try {
      this.worker.postMessage(message);
    } catch (error) {
      this.done(message.id);
      throw error;
    }
  }

  /** Tells the thread to stop a call; nothing to tell when the thread is gone (its calls went with it). */
  abort(id: number): void {
    this.worker?.postMessage({ kind: 'abort', id } satisfies ToModelThread);
  }

  done(id: number): void {
    if (this.calls.delete(id) && this.calls.size === 0) this.worker?.unref();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.lost(worker, 'closed');
    await worker.terminate();
  }
}

/**
 * Starts `size` model threads (lazily, on first use). Each call goes to the thread with the fewest calls
 * in flight; its stream parts come back as messages, errors already explained by the engine.
 */
export function createModelThreads(options: { size: number; script?: string }): ModelThreads {
  const script =
    options.script ??
    findThreadScript('packages/api/src/model-threads/model-thread.ts', 'packages/api/dist/model-thread.mjs');
  const threads = Array.from({ length: Math.max(1, options.size) }, () => new ModelThread(script));
  let nextId = 1;
  const localModels = new Map<string, LanguageModelV4>();
  const pick = () => threads.reduce((best, thread) => (thread.calls.size < best.calls.size ? thread : best));

  function stream(
    model: LanguageModelV4,
    { request, credential, network }: CallTarget,
    { abortSignal, ...callOptions }: LanguageModelV4CallOptions,
  ): Promise<LanguageModelV4StreamResult> {
    abortSignal?.throwIfAborted();
    const thread = pick();
    const id = nextId++;
    let controller!: ReadableStreamDefaultController<LanguageModelV4StreamPart>;
    let settled = false;
    let onAbort = () => {};
    const parts = new ReadableStream<LanguageModelV4StreamPart>({
      start(c) {
        controller = c;
      },
      cancel() {
        if (settled) return;
        finish();
        thread.abort(id);
      },
    });
    const finish = () => {
      settled = true;
      thread.done(id);
      abortSignal?.removeEventListener('abort', onAbort);
    };
    return new Promise<LanguageModelV4StreamResult>((resolve, reject) => {
      let started = false;
      const fail = (error: unknown) => {
        if (settled) return;
        finish();
        if (started) controller.error(error);
        else reject(error);
      };
      onAbort = () => {
        if (settled) return;
        thread.abort(id);
        fail(abortSignal?.reason);
      };
      const call: PendingCall = {
        onMessage(message) {
          if (settled) return;
          switch (message.kind) {
            case 'started':
              started = true;
              resolve({ stream: parts, response: { headers: message.headers } });
              return;
            case 'parts':
              for (const part of message.parts) {
                controller.enqueue(
                  part.type === 'error'
                    ? { type: 'error', error: toError(part.error as ThreadFailure) }
                    : part,
                );
              }
              return;
            case 'end':
              finish();
              controller.close();
              return;
            case 'failed':
              fail(toError(message.failure));
              return;
            case 'generated':
              fail(new Error('The model thread answered a stream with a whole result.'));
          }
        },
        onLost: fail,
      };
      try {
        thread.post(
          { kind: 'call', id, mode: 'stream', request, credential, network, options: callOptions },
          call,
        );
      } catch {
        // Options that cannot cross threads (a URL object in a file part): make the call here.
        settled = true;
        resolve(model.doStream({ ...callOptions, abortSignal }));
        return;
      }
      abortSignal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  function generate(
    model: LanguageModelV4,
    { request, credential, network }: CallTarget,
    { abortSignal, ...callOptions }: LanguageModelV4CallOptions,
  ): Promise<LanguageModelV4GenerateResult> {
    abortSignal?.throwIfAborted();
    const thread = pick();
    const id = nextId++;
    return new Promise<LanguageModelV4GenerateResult>((resolve, reject) => {
      const settle = (outcome: () => void) => {
        thread.done(id);
        abortSignal?.removeEventListener('abort', onAbort);
        outcome();
      };
      const onAbort = () => {
        thread.abort(id);
        settle(() => reject(abortSignal?.reason));
      };
      const call: PendingCall = {
        onMessage(message) {
          if (message.kind === 'generated') settle(() => resolve(message.result));
          else if (message.kind === 'failed') settle(() => reject(toError(message.failure)));
        },
        onLost: (error) => settle(() => reject(error)),
      };
      try {
        thread.post(
          { kind: 'call', id, mode: 'generate', request, credential, network, options: callOptions },
          call,
        );
      } catch {
        resolve(model.doGenerate({ ...callOptions, abortSignal }));
        return;
      }
      abortSignal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  return {
    languageModel(request, credential, network = {}) {
      const settings = { ...request, provider: request.provider as ProviderId };
      // Built here too (once per configuration): it throws what a Model node should see at once (unknown
      // provider, missing key or base URL), and makes a call whose options cannot cross to a thread.
      const key = JSON.stringify([request.provider, request.model, request.baseURL, credential, network]);
      let local = localModels.get(key);
      if (!local) {
        local = createLanguageModel(settings, credential, { fetch: createProviderFetch(network) });
        if (localModels.size >= 100) localModels.delete(localModels.keys().next().value!);
        localModels.set(key, local);
      }
      if (settings.provider === 'offline') return local;
      const here = local;
      return {
        specificationVersion: 'v4',
        provider: here.provider,
        modelId: here.modelId,
        supportedUrls: here.supportedUrls,
        doStream: (callOptions) => stream(here, { request, credential, network }, callOptions),
        doGenerate: (callOptions) => generate(here, { request, credential, network }, callOptions),
      };
    },
    async close() {
      await Promise.all(threads.map((thread) => thread.close()));
    },
  };
}
