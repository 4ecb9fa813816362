import { Worker } from 'node:worker_threads';
import type { DocumentExtractor, ExtractorInput, TextBlock } from '@agentry/engine';
import { findThreadScript, threadExecArgv } from '../../source-files';
import { KnowledgeFileError, type KnowledgeFileErrorCode } from '../knowledge-errors';
import { EXTRACTION_HEAP_MB, EXTRACTION_STEP_TIMEOUT_MS, EXTRACTION_TOTAL_MEMORY_MB } from '../limits';
import type { ExtractionReply, ExtractionRequest } from './extraction-protocol';

/** Limits of the reading thread (the defaults are those of limits.ts) and, for tests, its script. */
export interface ThreadExtractorOptions {
  script?: string;
  heapMb?: number;
  totalMemoryMb?: number;
  stepTimeoutMs?: number;
}

/** How often the thread's memory (heap and buffers) is read while it works. */
const WATCH_INTERVAL_MS = 100;
const MEGABYTE = 1024 * 1024;

/**
 * The reading thread's script: in production the bundle build.mjs made, elsewhere the TypeScript
 * source (see findThreadScript).
 */
export function findExtractionThreadScript(start = process.cwd()): string {
  return findThreadScript(
    'packages/api/src/knowledge/extract/extraction-thread.ts',
    'packages/api/dist/extraction-thread.mjs',
    { start },
  );
}

/**
 * A `DocumentExtractor` that reads each document on a worker thread of its own, with a heap limit, a
 * watch on its buffers and a time limit per step: a file that would take the server's memory (a zip
 * bomb that lied about its size, a pathological PDF) kills only its thread, and fails with the reason.
 */
export function createThreadExtractor(options: ThreadExtractorOptions = {}): DocumentExtractor {
  let script = options.script;
  return async function* (input: ExtractorInput): AsyncGenerator<TextBlock> {
    script ??= findExtractionThreadScript();
    const thread = new ExtractionThread(script, options, input);
    try {
      for (;;) {
        const blocks = await thread.next();
        if (!blocks) return;
        yield* blocks;
      }
    } finally {
      await thread.close();
    }
  };
}

/** "2 minutes", "1 second" for messages. */
function formatDuration(milliseconds: number): string {
  const seconds = Math.max(1, Math.round(milliseconds / 1000));
  if (seconds % 60 === 0) return seconds === 60 ? '1 minute' : `${seconds / 60} minutes`;
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

const stopped = (code: KnowledgeFileErrorCode, message: string) => new KnowledgeFileError(code, message);

class ExtractionThread {
  private readonly worker: Worker;
  private readonly heapMb: number;
  private readonly totalMemoryMb: number;
  private readonly stepTimeoutMs: number;
  private waiting:
    | { resolve: (reply: ExtractionReply) => void; reject: (error: unknown) => void }
    | undefined;
  /** Why the thread was stopped, once it was. */
  private failure: unknown;
  private exited = false;
  private readonly watch: NodeJS.Timeout;
  private readonly onAbort: () => void;

  constructor(
    script: string,
    options: ThreadExtractorOptions,
    private readonly input: ExtractorInput,
  ) {
    this.heapMb = options.heapMb ?? EXTRACTION_HEAP_MB;
    this.totalMemoryMb = options.totalMemoryMb ?? EXTRACTION_TOTAL_MEMORY_MB;
    this.stepTimeoutMs = options.stepTimeoutMs ?? EXTRACTION_STEP_TIMEOUT_MS;
    this.worker = new Worker(script, {
      execArgv: threadExecArgv(script),
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb, maxYoungGenerationSizeMb: 32 },
    });
    this.worker.on('message', (reply: ExtractionReply) => {
      if (reply.type === 'progress') this.input.onProgress?.(reply.fraction);
      else this.settle((waiting) => waiting.resolve(reply));
    });
    this.worker.on('error', (error: Error & { code?: string }) => {
      this.failure ??=
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? this.outOfMemory()
          : stopped('reader_stopped', `The document reader stopped unexpectedly (${error.message}).`);
    });
    this.worker.on('exit', (exitCode) => {
      this.exited = true;
      clearInterval(this.watch);
      this.failure ??= stopped(
        'reader_stopped',
        `The document reader stopped unexpectedly (exit code ${exitCode}); the file may be malformed.`,
      );
      const failure = this.failure;
      this.settle((waiting) => waiting.reject(failure));
    });
    // The heap limit does not cover buffers (unzipped data lives outside the heap): they are watched.
    this.watch = setInterval(() => void this.checkMemory(), WATCH_INTERVAL_MS);
    this.onAbort = () => this.stop(this.input.signal?.reason ?? new Error('aborted'));
    this.input.signal?.addEventListener('abort', this.onAbort, { once: true });
    const start: ExtractionRequest = {
      type: 'start',
      name: input.name,
      bytes: input.bytes,
      mimeType: input.mimeType,
    };
    this.worker.postMessage(start);
  }

  /** The next batch of blocks, or undefined at the end; throws the document's failure. */
  async next(): Promise<TextBlock[] | undefined> {
    this.input.signal?.throwIfAborted();
    if (this.exited) throw this.failure;
    const reply = await new Promise<ExtractionReply>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          this.stop(
            stopped(
              'reader_stopped',
              `Reading the document took longer than ${formatDuration(this.stepTimeoutMs)} and was stopped; the file may be too large or malformed.`,
            ),
          ),
        this.stepTimeoutMs,
      );
      this.waiting = {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.worker.postMessage({ type: 'next' } satisfies ExtractionRequest);
    });
    if (reply.type === 'blocks') return reply.blocks;
    if (reply.type === 'end') return undefined;
    if (reply.type === 'error' && reply.code) {
      throw new KnowledgeFileError(reply.code as KnowledgeFileErrorCode, reply.message);
    }
    throw new Error(reply.type === 'error' ? reply.message : 'The document reader answered out of turn.');
  }

  /** Ends the thread (whatever it is doing) and waits until it is gone. */
  async close(): Promise<void> {
    clearInterval(this.watch);
    this.input.signal?.removeEventListener('abort', this.onAbort);
    if (!this.exited) await this.worker.terminate();
  }

  private settle(action: (waiting: NonNullable<ExtractionThread['waiting']>) => void): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) action(waiting);
  }

  private stop(reason: unknown): void {
    this.failure ??= reason;
    void this.worker.terminate();
  }

  private outOfMemory(): KnowledgeFileError {
    return stopped(
      'reader_stopped',
      `Reading the document needed more than ${this.heapMb} MB of memory and was stopped; the file may be a zip bomb, or too large or malformed to read.`,
    );
  }

  private async checkMemory(): Promise<void> {
    if (this.exited) return;
    try {
      const heap = await this.worker.getHeapStatistics();
      if (heap.used_heap_size + heap.external_memory > this.totalMemoryMb * MEGABYTE) {
        this.stop(
          stopped(
            'reader_stopped',
            `Reading the document needed more than ${this.totalMemoryMb} MB of memory and was stopped; the file may be a zip bomb, or too large or malformed to read.`,
          ),
        );
      }
    } catch {
      // The thread ended between two reads: its exit says why.
    }
  }
}
