import {
  applyCopilotEdit,
  type CopilotEdit,
  defaultNodeRegistry,
  type Graph,
  type NodeRegistry,
} from '@agentry/engine/graph';
import { copilotMessageSchema, parseCopilotLine } from './copilot-lines';
import type { CopilotBy, CopilotErrorCode, CopilotLine, CopilotMessage } from './copilot-types';
import { readNdjson, type UnreadableLine, UnreadableLineError } from './ndjson';

/** Where the panel stands: reading the conversation, streaming a turn, or waiting for the user. */
export type CopilotStatus = 'idle' | 'loading' | 'streaming';

/** An edit of the turn being streamed, as the server reported it; a refused one carries the problem. */
export interface StreamedEdit {
  edit: CopilotEdit;
  applied: boolean;
  /** Why the server refused it (its words). */
  problem?: string;
  /** Applied by the server, but this canvas's catalog could not draw it: why (the engine's words). */
  notDrawn?: string;
}

/** What went wrong with the panel's last request, as data for the panel to put in words. */
export type CopilotProblem =
  /** The stored conversation could not be read: the request's words, or none when a turn was unreadable. */
  | { code: 'load_failed'; reason?: string }
  /** No connection to the server. */
  | { code: 'unreachable' }
  /** The server refused the turn: its words (else its status), and when to try again after a 429. */
  | { code: 'http'; status: number; message?: string; retryAfter?: number }
  /** The stream's `error` line: its code and the server's words. */
  | { code: 'turn_failed'; error: CopilotErrorCode; message: string }
  /** A line the panel cannot read. */
  | { code: 'unreadable'; line: UnreadableLine }
  /** The stream ended before the stored answer. */
  | { code: 'cut_off' };

/** A turn the server sent that the panel cannot read. */
export class UnreadableMessageError extends Error {
  constructor() {
    super('The server sent a copilot message the panel cannot read.');
  }
}

/** The turn being streamed: its text so far and the proposal growing edit by edit. */
export interface CopilotTurn {
  /** The canvas as it was sent with the request. */
  base: Graph;
  /** `base` with every applied edit so far (what the canvas diff draws while the turn streams). */
  graph: Graph;
  text: string;
  edits: StreamedEdit[];
}

/** What the copilot panel renders. */
export interface CopilotState {
  messages: CopilotMessage[];
  status: CopilotStatus;
  /** The stored conversation has been read once. */
  loaded: boolean;
  turn: CopilotTurn | null;
  /** Who answered the last turn (the stream's `start` line). */
  by: CopilotBy | null;
  /** The stored answer the last turn ended with (its `message` line); null until one arrives. */
  lastAnswerId: string | null;
  /** What went wrong last. */
  error: CopilotProblem | null;
  /** A neutral note on the last turn: stopped by the user. */
  notice: 'stopped' | null;
  /** A turn the server never took (HTTP error, no connection): offered to send again. */
  unsent: string | null;
}

/** What the store needs from its surroundings (real ones in the browser, fakes in tests). */
export interface CopilotStoreOptions {
  agentId: string;
  /** The stored conversation, oldest first (`copilot.messages`). */
  loadMessages(): Promise<unknown[]>;
  fetch?: typeof fetch;
  registry?: NodeRegistry;
}

/** Reads a stored turn from the server (either door), with a message naming a bad one. */
export function toCopilotMessage(value: unknown): CopilotMessage {
  const result = copilotMessageSchema.safeParse(value);
  if (!result.success) throw new UnreadableMessageError();
  return result.data;
}

/**
 * The Copilot panel's state, framework-free: loads the agent's conversation, sends a turn to
 * `POST /api/v1/agents/:id/copilot` and reads its NDJSON lines as they arrive. Applied edits are replayed
 * on the graph that was sent, so the canvas can draw the proposal growing; refused ones are kept with
 * their problem. The turn ends on the stored `message` (and an `error` after it); a stream that ends
 * without one is reported as cut off. Stop aborts the request (the server then stops the copilot).
 */
export class CopilotStore {
  private state: CopilotState = {
    messages: [],
    status: 'idle',
    loaded: false,
    turn: null,
    by: null,
    lastAnswerId: null,
    error: null,
    notice: null,
    unsent: null,
  };
  private listeners = new Set<() => void>();
  private controller: AbortController | undefined;
  /** The user turn shown before the server stored it (replaced by the stored one on `start`). */
  private pendingId: string | undefined;
  private readonly fetch: typeof fetch;
  private readonly registry: NodeRegistry;

  constructor(private readonly options: CopilotStoreOptions) {
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.registry = options.registry ?? defaultNodeRegistry;
  }

  /** The current state (a new object after each change, for useSyncExternalStore). */
  getState = (): CopilotState => this.state;

  /** Calls `listener` after each change; returns the unsubscribe. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<CopilotState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** Reads the stored conversation; turns added meanwhile (a send that raced the load) are kept. */
  async load(): Promise<void> {
    if (!this.state.loaded && this.state.status === 'idle') this.set({ status: 'loading' });
    try {
      const stored = (await this.options.loadMessages()).map(toCopilotMessage);
      const known = new Set(stored.map((message) => message.id));
      const added = this.state.messages.filter((message) => !known.has(message.id));
      this.set({
        messages: [...stored, ...added],
        loaded: true,
        ...(this.state.status === 'loading' ? { status: 'idle' } : {}),
      });
    } catch (error) {
      this.set({
        loaded: true,
        error: {
          code: 'load_failed',
          reason:
            error instanceof UnreadableMessageError
              ? undefined
              : error instanceof Error
                ? error.message
                : String(error),
        },
        ...(this.state.status === 'loading' ? { status: 'idle' } : {}),
      });
    }
  }

  /** Sends a turn about `graph` (the canvas now), based on the draft `revision`; resolves when it ends. */
  async send(text: string, graph: Graph, revision: number): Promise<void> {
    this.stop();
    const controller = new AbortController();
    this.controller = controller;
    const pending: CopilotMessage = {
      id: `pending:${crypto.randomUUID()}`,
      role: 'user',
      content: text,
      status: null,
      proposal: null,
      acceptedRevision: null,
      acceptedBy: null,
      acceptedAt: null,
      createdAt: new Date().toISOString(),
    };
    this.set({
      messages: [...this.state.messages, pending],
      status: 'streaming',
      turn: { base: graph, graph, text: '', edits: [] },
      lastAnswerId: null,
      error: null,
      notice: null,
      unsent: null,
    });
    this.pendingId = pending.id;
    let response: Response;
    try {
      response = await this.fetch(`/api/v1/agents/${encodeURIComponent(this.options.agentId)}/copilot`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: text, graph, revision }),
        signal: controller.signal,
      });
    } catch {
      if (controller.signal.aborted) return;
      this.refused(pending, text, { code: 'unreachable' });
      return;
    }
    if (!response.ok || !response.body) {
      this.refused(pending, text, await httpErrorText(response));
      return;
    }
    let ended = false;
    let failure: CopilotProblem | null = null;
    try {
      await readNdjson(
        response.body,
        (value) => {
          const line = parseCopilotLine(value);
          if (!line || controller.signal.aborted) return;
          if (line.type === 'message') ended = true;
          if (line.type === 'error')
            failure = { code: 'turn_failed', error: line.code, message: line.message };
          this.apply(line, pending.id);
        },
        controller.signal,
      );
    } catch (error) {
      // A dropped connection after the stored message lost nothing; before it, the fallback below says so.
      if (!controller.signal.aborted && !failure && error instanceof UnreadableLineError)
        failure = { code: 'unreadable', line: error.detail };
    }
    if (controller.signal.aborted) return;
    this.controller = undefined;
    this.set({
      status: 'idle',
      turn: null,
      error: failure ?? (ended ? null : { code: 'cut_off' }),
    });
    // Cut off: the server may have stored the turn anyway; show what it kept.
    if (!ended) await this.load();
  }

  /** Applies one stream line to the state. */
  private apply(line: CopilotLine, pendingId: string): void {
    const turn = this.state.turn;
    switch (line.type) {
      case 'start':
        this.set({
          by: line.by,
          messages: this.state.messages.map((message) =>
            message.id === pendingId ? line.userMessage : message,
          ),
        });
        return;
      case 'text':
        if (turn) this.set({ turn: { ...turn, text: turn.text + line.delta } });
        return;
      case 'edit': {
        if (!turn) return;
        if (!line.applied) {
          this.set({
            turn: {
              ...turn,
              edits: [...turn.edits, { edit: line.edit, applied: false, problem: line.problem }],
            },
          });
          return;
        }
        const result = applyCopilotEdit(turn.graph, line.edit, this.registry);
        this.set({
          turn: {
            ...turn,
            graph: result.ok ? result.graph : turn.graph,
            // The server applied it but this canvas's catalog cannot: say so rather than draw a lie.
            edits: [
              ...turn.edits,
              result.ok
                ? { edit: line.edit, applied: true }
                : { edit: line.edit, applied: true, notDrawn: result.problem },
            ],
          },
        });
        return;
      }
      case 'message':
        this.set({
          messages: [...this.state.messages.filter((item) => item.id !== line.message.id), line.message],
          lastAnswerId: line.message.id,
        });
        return;
      case 'error':
        return;
    }
  }

  /** The server did not take the turn: the pending message goes, its text is offered again. */
  private refused(pending: CopilotMessage, text: string, error: CopilotProblem): void {
    this.controller = undefined;
    this.set({
      messages: this.state.messages.filter((message) => message.id !== pending.id),
      status: 'idle',
      turn: null,
      error,
      unsent: text,
    });
  }

  /** Stops the turn being streamed (aborting the request stops the copilot on the server). */
  stop(): void {
    if (!this.controller) return;
    this.controller.abort();
    this.controller = undefined;
    // A user turn the server had not confirmed yet may or may not be stored: the reload below says which.
    const pendingId = this.pendingId;
    this.set({
      messages: this.state.messages.filter((message) => message.id !== pendingId),
      status: 'idle',
      turn: null,
      notice: 'stopped',
    });
    void this.load();
  }

  /** Aborts a turn without reloading (the panel is going away). */
  dispose(): void {
    this.controller?.abort();
    this.controller = undefined;
  }

  /** Puts a turn the server changed (accepted, rejected) in place of the one shown. */
  replaceMessage(value: unknown): CopilotMessage {
    const message = toCopilotMessage(value);
    this.set({ messages: this.state.messages.map((item) => (item.id === message.id ? message : item)) });
    return message;
  }

  /** Forgets the conversation shown (after the server deleted it). */
  reset(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.set({ messages: [], status: 'idle', turn: null, error: null, notice: null, unsent: null });
  }

  /** Hides the last error or notice. */
  dismissError(): void {
    this.set({ error: null, notice: null, unsent: null });
  }
}

/** An HTTP error before the stream: the server's message, and when to try again after a 429. */
async function httpErrorText(response: Response): Promise<CopilotProblem> {
  const problem: Extract<CopilotProblem, { code: 'http' }> = { code: 'http', status: response.status };
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string' && body.error.message) problem.message = body.error.message;
  } catch {}
  if (response.status === 429) {
    const seconds = Number(response.headers.get('retry-after'));
    // A message that already says when to try again is not told twice.
    if (Number.isFinite(seconds) && seconds > 0 && !/try again/i.test(problem.message ?? ''))
      problem.retryAfter = Math.ceil(seconds);
  }
  return problem;
}
