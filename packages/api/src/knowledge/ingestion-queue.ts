import { knowledgeDocuments } from '@agentry/db';
import { asc } from '@agentry/db/drizzle';
import type { Runtime } from '../runtime';
import { MAX_PROCESSING_ATTEMPTS } from './limits';
import {
  claimable,
  failInterruptedDocument,
  type ProcessOptions,
  type ProcessOutcome,
  processDocument,
} from './process-document';

/** Options of the in-process queue. */
export interface IngestionQueueOptions {
  /** Documents processed at the same time (default 1: ingestion shares the CPU with requests). */
  concurrency?: number;
  /** Passed to every job (tests inject an extractor). */
  process?: Pick<ProcessOptions, 'extract' | 'chunking'>;
}

/**
 * The in-process ingestion queue: runs `processDocument` for queued documents with bounded
 * concurrency, in upload order. Progress and state live in the database, so the page reads them from
 * there and a restart loses nothing: `resume()` picks up documents left queued or processing.
 */
export class IngestionQueue {
  private readonly waiting: string[] = [];
  private readonly running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  private readonly concurrency: number;
  private readonly processOptions: IngestionQueueOptions['process'];
  private idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly runtime: Runtime,
    options: IngestionQueueOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.processOptions = options.process;
  }

  /** Queues a document (again); a document already waiting or running is not queued twice. */
  enqueue(documentId: string): void {
    if (this.stopped || this.waiting.includes(documentId) || this.running.has(documentId)) return;
    this.waiting.push(documentId);
    this.pump();
  }

  /**
   * Takes a document off the queue or stops its job (it was deleted, or is processed again); resolves
   * once the job has ended, so the caller's next write is not overwritten by it.
   */
  async cancel(documentId: string): Promise<void> {
    const index = this.waiting.indexOf(documentId);
    if (index >= 0) this.waiting.splice(index, 1);
    const job = this.running.get(documentId);
    if (!job) return;
    job.controller.abort(new Error('cancelled'));
    await job.done;
  }

  /**
   * Queues every document the database says is queued, or processing by a process that is gone (after
   * a restart; see `claimable`: on PostgreSQL another instance may be working on it), except those
   * whose processing already started MAX_PROCESSING_ATTEMPTS times without finishing: each of those
   * took the process (or its thread) down, so they are marked failed with the reason instead of
   * being tried again at every start. Several instances may queue the same document: processing
   * claims it first, so only one of them reads it. Returns how many were queued.
   */
  async resume(): Promise<number> {
    const rows = await this.runtime.db
      .select({ id: knowledgeDocuments.id, attempts: knowledgeDocuments.attempts })
      .from(knowledgeDocuments)
      .where(claimable(this.runtime))
      .orderBy(asc(knowledgeDocuments.createdAt));
    let queued = 0;
    for (const row of rows) {
      if (row.attempts >= MAX_PROCESSING_ATTEMPTS) {
        await failInterruptedDocument(this.runtime, row.id, row.attempts);
        continue;
      }
      this.enqueue(row.id);
      queued++;
    }
    return queued;
  }

  /** Resolves when nothing is waiting or running (tests, the CLI, shutdown). */
  idle(): Promise<void> {
    if (this.waiting.length === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops taking work and cancels running jobs (they are picked up again on the next start). */
  stop(): void {
    this.stopped = true;
    this.waiting.length = 0;
    for (const job of this.running.values()) job.controller.abort(new Error('stopping'));
  }

  private pump(): void {
    while (this.running.size < this.concurrency && this.waiting.length > 0) {
      const documentId = this.waiting.shift()!;
      const controller = new AbortController();
      const job = { controller, done: Promise.resolve() as Promise<unknown> };
      this.running.set(documentId, job);
      job.done = this.run(documentId, controller);
    }
    if (this.waiting.length === 0 && this.running.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private async run(documentId: string, controller: AbortController): Promise<ProcessOutcome | undefined> {
    try {
      return await processDocument(this.runtime, documentId, undefined, {
        ...this.processOptions,
        signal: controller.signal,
      });
    } catch (error) {
      this.runtime.logger.error({ err: error, documentId }, 'Processing a knowledge document crashed');
      return undefined;
    } finally {
      if (this.running.get(documentId)?.controller === controller) this.running.delete(documentId);
      this.pump();
    }
  }
}

// Kept on the runtime object itself (not in a module-level map) so a dev-server reload of this module
// finds the running queue instead of starting a second one over the same documents.
const QUEUE = Symbol.for('agentry.knowledge.ingestionQueue');
type RuntimeWithQueue = Runtime & { [QUEUE]?: IngestionQueue };

/**
 * The runtime's queue, created on first use; creating it resumes the documents a previous process left
 * unfinished, so the first knowledge request after a restart (or start-up, when the host calls this)
 * brings them back.
 */
export function ingestionQueue(runtime: Runtime): IngestionQueue {
  const holder = runtime as RuntimeWithQueue;
  let queue = holder[QUEUE];
  if (!queue) {
    queue = new IngestionQueue(runtime);
    holder[QUEUE] = queue;
    queue
      .resume()
      .catch((error: unknown) =>
        runtime.logger.error(
          { err: error },
          'Could not resume processing the knowledge documents left unfinished',
        ),
      );
  }
  return queue;
}
