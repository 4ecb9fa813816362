import type { NodeDataPart } from '@agentry/engine';
import type { ChatFilePart } from './attachments';
import { applyChunk, messageText, type OpenText, type PreviewMessage } from './chat-message';
import { readNumberedEvents } from './sse-events';

/** Where the preview's current turn stands. */
export type PreviewStatus =
  | 'idle'
  | 'submitted'
  | 'streaming'
  /** The connection dropped (or the server restarted): reattaching from the last event seen. */
  | 'reconnecting'
  /** The run waits for an answer (shown inline). */
  | 'waiting';

/** Why a request failed, as data for the panel to put in words. */
export type PreviewError =
  /** No connection to the server (`answer`: while sending an answer, which was not sent). */
  | { code: 'unreachable'; answer?: boolean }
  /** The stream ended and the run has no id to reattach by. */
  | { code: 'cut_off' }
  /** Reattaching gave up. */
  | { code: 'connection_lost' }
  /** The run to reattach to is gone. */
  | { code: 'run_gone' }
  /** The server refused: its own message when it sent one, else its status. */
  | { code: 'server'; status: number; message?: string };

/** What the preview panel renders. */
export interface PreviewState {
  messages: PreviewMessage[];
  status: PreviewStatus;
  conversationId?: string;
  /** A request that failed (the run could not start, reattaching gave up, an answer was refused). */
  error?: PreviewError;
}

/** What the store needs from its surroundings (real ones in the browser, fakes in tests). */
export interface PreviewChatOptions {
  agentId: string;
  fetch?: typeof fetch;
  /** Survives a reload of the tab (sessionStorage); absent: nothing is kept. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  onNodeState?: (nodeId: string, state: Omit<NodeDataPart, 'nodeId'>) => void;
  /** Waits between reattach attempts (ms by attempt); the last one gives up. */
  retryDelays?: number[];
  sleep?: (ms: number) => Promise<void>;
}

/** An answer to a run's question, as the resume route takes it. */
export type PreviewAnswer = { choice: string; form?: Record<string, unknown>; reason?: string };

const DEFAULT_DELAYS = [300, 1_000, 2_000, 3_000, 5_000, 5_000, 8_000, 10_000];

/** Kept in sessionStorage so a reload finds the conversation and the run it was reading. */
interface SavedPreview {
  conversationId?: string;
  messages: PreviewMessage[];
  /** The run of the last message still to be followed (running or waiting) when the tab went. */
  runId?: string;
}

/**
 * The preview chat's state, framework-free: sends a turn to the chat route, follows its run by event
 * number (`seq`), and reattaches by itself through `GET /api/v1/runs/:id/stream` with `Last-Event-ID`
 * after a dropped connection, a server restart or a reload. Events at or below the last number seen are
 * dropped, so text is never shown twice; a `data-node-restart` replaces that node's partial text.
 * Answers go to `POST /api/v1/runs/:id/resume`, and the continued run streams into the same message.
 */
export class PreviewChatStore {
  private state: PreviewState = { messages: [], status: 'idle' };
  private listeners = new Set<() => void>();
  private controller: AbortController | undefined;
  private open: OpenText = new Map();
  /** Number of the last event applied to the current assistant message. */
  lastSeq = 0;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: PreviewChatOptions) {
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  private get storageKey(): string {
    return `agentry:preview:${this.options.agentId}`;
  }

  /** The current state (a new object after each change, for useSyncExternalStore). */
  getState = (): PreviewState => this.state;

  /** Calls `listener` after each change; returns the unsubscribe. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<PreviewState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private get current(): PreviewMessage | undefined {
    const last = this.state.messages.at(-1);
    return last?.role === 'assistant' ? last : undefined;
  }

  /** Publishes a change to the current assistant message (a copy, so React sees a new value). */
  private touch(status?: PreviewStatus): void {
    const messages = [...this.state.messages];
    const last = messages.at(-1);
    if (last?.role === 'assistant') messages[messages.length - 1] = { ...last, parts: [...last.parts] };
    this.set({ messages, ...(status ? { status } : {}) });
  }

  /**
   * Sends a message to the draft, with the files already uploaded for it (`agentry-file:` parts), and
   * follows its run. Earlier messages go as text only: a run reads the files of the message it answers.
   */
  async send(text: string, files: readonly ChatFilePart[] = []): Promise<void> {
    this.stop();
    const { conversationId } = this.state;
    const user: PreviewMessage = {
      id: crypto.randomUUID(),
      role: 'user',
      parts: [...files, ...(text ? [{ type: 'text' as const, nodeId: '', text }] : [])],
    };
    const fileParts = files.map(({ type, mediaType, url, filename }) => ({ type, mediaType, url, filename }));
    const history = this.state.messages.map((message) => ({
      id: message.id,
      role: message.role,
      parts: [{ type: 'text', text: messageText(message) }],
    }));
    const assistant: PreviewMessage = { id: crypto.randomUUID(), role: 'assistant', parts: [] };
    this.open = new Map();
    this.lastSeq = 0;
    this.set({ messages: [...this.state.messages, user, assistant], status: 'submitted', error: undefined });
    const controller = new AbortController();
    this.controller = controller;
    let response: Response;
    try {
      response = await this.fetch(`/api/v1/agents/${encodeURIComponent(this.options.agentId)}/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          messages: [
            ...history,
            { id: user.id, role: 'user', parts: [...fileParts, ...(text ? [{ type: 'text', text }] : [])] },
          ],
          target: 'draft',
          conversationId,
        }),
        signal: controller.signal,
      });
    } catch {
      if (controller.signal.aborted) return;
      this.fail({ code: 'unreachable' });
      return;
    }
    if (!response.ok || !response.body) {
      this.fail(await errorText(response));
      return;
    }
    assistant.runId = response.headers.get('x-agentry-run-id') ?? undefined;
    const conversation = response.headers.get('x-agentry-conversation-id') ?? conversationId;
    this.set({ conversationId: conversation ?? undefined });
    this.save();
    await this.follow(response.body, controller);
  }

  /**
   * Reads a run's stream into the current message; reattaches when it ends before the run does (no
   * stream given: reattach at once, e.g. after an answer).
   */
  private async follow(
    body: ReadableStream<Uint8Array> | undefined,
    controller: AbortController,
  ): Promise<void> {
    const delays = this.options.retryDelays ?? DEFAULT_DELAYS;
    let attempt = 0;
    let stream = body;
    let wait = body !== undefined;
    for (;;) {
      let ended = false;
      if (stream) {
        this.set({ status: 'streaming', error: undefined });
        try {
          ended = (
            await readNumberedEvents(stream, async (event) => {
              if (controller.signal.aborted) return;
              attempt = 0;
              this.apply(event.seq, event.chunks);
              // A fast run (the offline model) can start and finish a node within one network read:
              // let the canvas render the node running before its end arrives, so it lights up.
              if (startsNode(event.chunks)) await yieldToRenderer();
            })
          ).sawDone;
        } catch {
          // A dropped connection: reattach below.
        }
      }
      if (controller.signal.aborted) return;
      const message = this.current;
      if (message && ended && isActive(message)) await this.settleStatus(message);
      if (message && !isActive(message)) {
        this.touch();
        this.finish(message.run?.status === 'waiting' ? 'waiting' : 'idle');
        return;
      }
      if (!message?.runId) {
        this.fail({ code: 'cut_off' });
        return;
      }
      if (attempt >= delays.length) {
        this.fail({ code: 'connection_lost' });
        return;
      }
      this.set({ status: 'reconnecting' });
      if (wait) await this.sleep(delays[attempt] ?? 1_000);
      attempt++;
      wait = true;
      if (controller.signal.aborted) return;
      const next = await this.reattach(message.runId, controller);
      if (next === null) return;
      stream = next;
    }
  }

  /**
   * A stream that ended whole without the run's end: the run stopped in a way its events do not say
   * (interrupted by a restart, cancelled); its status says which.
   */
  private async settleStatus(message: PreviewMessage): Promise<void> {
    try {
      const response = await this.fetch(`/api/v1/runs/${encodeURIComponent(message.runId ?? '')}`);
      if (!response.ok) return;
      const run = (await response.json()) as { status: string; error?: { code: string; message: string } };
      if (run.status === 'interrupted' || run.status === 'cancelled' || run.status === 'failed')
        message.run = { status: run.status, error: run.error ?? undefined };
      else if (run.status === 'succeeded') message.run = { status: 'done' };
    } catch {}
  }

  /** Opens `GET /api/v1/runs/:id/stream` after the last event seen; undefined: try again later. */
  private async reattach(
    runId: string,
    controller: AbortController,
  ): Promise<ReadableStream<Uint8Array> | undefined | null> {
    try {
      const response = await this.fetch(`/api/v1/runs/${encodeURIComponent(runId)}/stream`, {
        headers: { 'last-event-id': String(this.lastSeq) },
        signal: controller.signal,
      });
      if (response.status === 404) {
        this.fail({ code: 'run_gone' });
        return null;
      }
      if (!response.ok || !response.body) return undefined;
      return response.body;
    } catch {
      return undefined;
    }
  }

  /** Applies one numbered event; numbers already applied are dropped (a replay that overlaps). */
  apply(seq: number, chunks: { type: string; [field: string]: unknown }[]): void {
    const message = this.current;
    if (!message || seq <= this.lastSeq) return;
    this.lastSeq = seq;
    for (const chunk of chunks) {
      if (chunk.type === 'start') {
        const metadata = chunk.messageMetadata as { runId?: string; conversationId?: string } | undefined;
        if (metadata?.runId) message.runId = metadata.runId;
        if (metadata?.conversationId && !this.state.conversationId)
          this.state = { ...this.state, conversationId: metadata.conversationId };
      }
      applyChunk(message, this.open, chunk, { onNodeState: this.options.onNodeState });
    }
    this.touch();
  }

  /** Answers the question the current run waits on, then follows the continued run in the same message. */
  answer(requestId: string, answer: PreviewAnswer): Promise<void> {
    return this.resume({ requestId, ...answer }, requestId, answer.choice);
  }

  /** Continues the current run after a restart interrupted it (`{}` to the resume route). */
  continueInterrupted(): Promise<void> {
    return this.resume({});
  }

  private async resume(body: object, requestId?: string, choice?: string): Promise<void> {
    const message = this.current;
    if (!message?.runId) return;
    const before = this.state.status;
    const controller = new AbortController();
    this.controller = controller;
    this.set({ status: 'submitted', error: undefined });
    let response: Response;
    try {
      response = await this.fetch(`/api/v1/runs/${encodeURIComponent(message.runId)}/resume`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
    } catch {
      this.set({ status: before, error: { code: 'unreachable', answer: true } });
      return;
    }
    if (!response.ok) {
      const refused = await errorText(response);
      // 409: answered or continued elsewhere meanwhile (the Approvals page): follow the run instead.
      if (response.status !== 409) {
        this.set({ status: before, error: refused });
        return;
      }
    }
    for (const part of message.parts)
      if (part.type === 'approval' && part.request.id === requestId) part.answer = choice;
    message.run = { status: 'running' };
    this.touch();
    this.save();
    await this.follow(undefined, controller);
  }

  /** Stops reading (the server cancels a chat run nobody reads). */
  stop(): void {
    this.controller?.abort();
    this.controller = undefined;
    if (this.state.status !== 'idle' && this.state.status !== 'waiting') this.set({ status: 'idle' });
  }

  /** Drops a message and everything after it (Retry sends that message again). */
  dropFrom(messageId: string): void {
    const index = this.state.messages.findIndex((message) => message.id === messageId);
    if (index >= 0) this.set({ messages: this.state.messages.slice(0, index) });
  }

  /** Forgets the conversation. */
  clear(): void {
    this.stop();
    this.open = new Map();
    this.lastSeq = 0;
    this.set({ messages: [], status: 'idle', conversationId: undefined, error: undefined });
    try {
      this.options.storage?.removeItem(this.storageKey);
    } catch {}
  }

  /**
   * After a reload: shows the saved conversation and replays the last run from its first event, so a
   * running answer goes on and a waiting run shows its question again.
   */
  async restore(): Promise<void> {
    let saved: SavedPreview | undefined;
    try {
      const text = this.options.storage?.getItem(this.storageKey);
      saved = text ? (JSON.parse(text) as SavedPreview) : undefined;
    } catch {}
    if (!saved || !Array.isArray(saved.messages)) return;
    const last = saved.messages.at(-1);
    const follow = saved.runId && last?.role === 'assistant' && last.runId === saved.runId ? last : undefined;
    if (follow) follow.parts = [];
    if (follow) follow.run = { status: 'running' };
    this.open = new Map();
    this.lastSeq = 0;
    this.set({ messages: saved.messages, conversationId: saved.conversationId, status: 'idle' });
    if (!follow) return;
    const controller = new AbortController();
    this.controller = controller;
    this.set({ status: 'reconnecting' });
    const stream = await this.reattach(follow.runId!, controller);
    if (stream === null) return;
    await this.follow(stream, controller);
  }

  private finish(status: 'idle' | 'waiting'): void {
    this.controller = undefined;
    this.set({ status });
    this.save();
  }

  private fail(error: PreviewError): void {
    this.controller = undefined;
    const message = this.current;
    if (message && message.parts.length === 0 && !message.run) {
      // Nothing arrived: drop the empty answer (the user's message stays, for Retry).
      this.state = { ...this.state, messages: this.state.messages.slice(0, -1) };
    }
    this.set({ status: 'idle', error });
    this.save();
  }

  /** Writes the conversation for a reload; the run of the last message is followed again after one. */
  private save(): void {
    const message = this.current;
    const active = message?.run?.status !== 'done' && message?.run?.status !== 'failed';
    const saved: SavedPreview = {
      conversationId: this.state.conversationId,
      messages: this.state.messages,
      runId: active ? message?.runId : undefined,
    };
    try {
      this.options.storage?.setItem(this.storageKey, JSON.stringify(saved));
    } catch {
      // Storage full or blocked: a reload then starts a new conversation.
    }
  }
}

/** Whether a message's run may still send events (running, or not yet known). */
function isActive(message: PreviewMessage): boolean {
  const status = message.run?.status;
  return status === undefined || status === 'running';
}

async function errorText(response: Response): Promise<PreviewError> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    if (typeof body.error?.message === 'string')
      return { code: 'server', status: response.status, message: body.error.message };
  } catch {}
  return { code: 'server', status: response.status };
}

/** Whether an event's chunks mark a node as running. */
function startsNode(chunks: readonly { type: string; [field: string]: unknown }[]): boolean {
  return chunks.some(
    (chunk) =>
      chunk.type === 'data-node' && (chunk.data as { status?: string } | undefined)?.status === 'running',
  );
}

/** Waits one macrotask (behind React's scheduled render, which also posts on a MessageChannel). */
function yieldToRenderer(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
