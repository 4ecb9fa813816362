import type { Graph } from '@agentry/engine/graph';
import type { EditorStore } from './editor-store';

/** What the toolbar shows about the draft. */
export type SaveStatus = 'saved' | 'unsaved' | 'saving' | 'conflict' | 'error';

/** The saver's state, read through `subscribe`/`getState`. */
export interface SaverState {
  status: SaveStatus;
  /** The draft revision this editor last saw on the server. */
  revision: number;
  /** On conflict: the revision someone else saved. */
  conflictRevision?: number;
  error?: string;
  savedAt?: Date;
}

/** How the saver talks to the server and reads its errors. */
export interface DraftSaverOptions {
  store: EditorStore;
  revision: number;
  send(request: { graph: Graph; baseRevision: number; force: boolean }): Promise<{ revision: number }>;
  /** The server's current revision when the error is a 409 conflict, otherwise undefined. */
  conflictRevision(error: unknown): number | undefined;
  describe(error: unknown): string;
  /** The saver's own messages in the page's language (English when absent). */
  words?: {
    /** Why a run or publish cannot save while a conflict is open. */
    conflict(): string;
    /** A save failed and the server said nothing more. */
    failed(): string;
  };
  /** Quiet time after the last edit before saving. */
  delayMs?: number;
  /** Longest an edit waits while edits keep coming. */
  maxWaitMs?: number;
}

/** Raised by `flush` while a conflict is unresolved. */
export class DraftConflictError extends Error {
  constructor(message = 'This agent was changed elsewhere. Reload theirs or keep yours before running it.') {
    super(message);
    this.name = 'DraftConflictError';
  }
}

/**
 * Autosaves the editor's draft: debounced after edits, one request at a time, always against the
 * revision it last saw. A 409 stops autosaving until the person chooses (reload theirs or save over),
 * so two tabs or two people never silently overwrite each other.
 */
export class DraftSaver {
  private state: SaverState;
  private readonly listeners = new Set<() => void>();
  private savedVersion: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstUnsavedAt = 0;
  private inFlight: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: DraftSaverOptions) {
    this.state = { status: 'saved', revision: options.revision };
    this.savedVersion = options.store.getState().docVersion;
  }

  getState = (): SaverState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Starts watching the editor for changes. */
  start(): void {
    this.unsubscribe ??= this.options.store.subscribe(() => this.onEdit());
  }

  /** Stops watching and cancels a pending save. */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearTimeout(this.timer);
  }

  /** Whether the editor holds changes the server does not have. */
  isDirty(): boolean {
    return this.options.store.getState().docVersion !== this.savedVersion;
  }

  /** Saves now if there are unsaved changes and waits for it; throws while a conflict is open. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.throwIfConflict();
    if (this.inFlight) await this.inFlight;
    this.throwIfConflict();
    if (this.isDirty()) await this.save(false);
    this.throwIfConflict();
    const { status, error } = this.getState();
    if (status === 'error') throw new Error(error ?? this.options.words?.failed() ?? 'Saving failed.');
  }

  private throwIfConflict(): void {
    if (this.getState().status === 'conflict') throw new DraftConflictError(this.options.words?.conflict());
  }

  /** Resolves a conflict by writing this editor's draft over the other one. */
  async saveOver(): Promise<void> {
    if (this.inFlight) await this.inFlight;
    await this.save(true);
  }

  /** The editor now holds what the server has at `revision` (after reloading theirs or a restore). */
  adopt(revision: number): void {
    clearTimeout(this.timer);
    this.savedVersion = this.options.store.getState().docVersion;
    this.setState({ status: 'saved', revision, savedAt: new Date() });
  }

  private onEdit(): void {
    if (!this.isDirty()) return;
    if (this.state.status === 'conflict') return;
    if (this.state.status === 'saved' || this.state.status === 'error') {
      this.firstUnsavedAt = Date.now();
      this.setState({ ...this.state, status: 'unsaved', error: undefined });
    }
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const delay = this.options.delayMs ?? 800;
    const waited = Date.now() - this.firstUnsavedAt;
    const wait = Math.max(0, Math.min(delay, (this.options.maxWaitMs ?? 4000) - waited));
    this.timer = setTimeout(() => {
      if (this.inFlight) this.schedule();
      else void this.save(false);
    }, wait);
  }

  private async save(force: boolean): Promise<void> {
    const { store } = this.options;
    const version = store.getState().docVersion;
    if (!force && version === this.savedVersion) return;
    const graph = store.getGraph();
    this.setState({ ...this.state, status: 'saving', error: undefined });
    const request = this.options.send({ graph, baseRevision: this.state.revision, force }).then(
      (result) => {
        this.savedVersion = version;
        const dirty = this.isDirty();
        this.setState({
          status: dirty ? 'unsaved' : 'saved',
          revision: result.revision,
          savedAt: new Date(),
        });
        if (dirty) {
          this.firstUnsavedAt = Date.now();
          this.schedule();
        }
      },
      (error: unknown) => {
        const current = this.options.conflictRevision(error);
        if (current !== undefined) {
          this.setState({ ...this.state, status: 'conflict', conflictRevision: current });
        } else {
          this.setState({ ...this.state, status: 'error', error: this.options.describe(error) });
        }
      },
    );
    this.inFlight = request;
    try {
      await request;
    } finally {
      if (this.inFlight === request) this.inFlight = undefined;
    }
  }

  private setState(next: SaverState): void {
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}
