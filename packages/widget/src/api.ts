import { readUIMessageStream } from './ui-message-stream';

/** The widget's look and welcome, as `GET /api/public/agents/:id/config` returns it. */
export interface WidgetConfig {
  title: string;
  avatarUrl: string;
  primaryColor: string;
  primaryTextColor: string;
  backgroundColor: string;
  textColor: string;
  position: 'bottom-right' | 'bottom-left';
  welcomeMessage: string;
  starterPrompts: string[];
  placeholder: string;
  voiceInput: boolean;
  readAloud: boolean;
  /** The owner lets visitors see the model's reasoning (the server sends none otherwise). */
  showReasoning?: boolean;
  /** Files from visitors (Embed tab): off, or the largest size and the kinds accepted. */
  files?: { enabled: boolean; maxFileMb: number; kinds: string[] };
  /** The language for pages that name none the widget speaks (a BCP 47 tag such as `zh-CN`). */
  defaultLanguage?: string;
  /** The welcome and starter prompts in other languages, by tag; missing ones fall back to the fields above. */
  translations?: Record<string, { welcomeMessage?: string; starterPrompts?: string[] }>;
}

/** An uploaded file as a `useChat` file part (`url` is `agentry-file:<id>`). */
export interface FilePart {
  type: 'file';
  mediaType: string;
  url: string;
  filename: string;
}

/** One stored message of a conversation. */
export interface HistoryMessage {
  role: string;
  text: string;
}

/**
 * A refusal or failure with the message to show; `status` 0 means the network failed. `key` names the
 * widget's word for it (`e_<code>` for the server's error codes), so the widget can say it in the
 * visitor's language; the message is the English (or the server's) text.
 */
export class WidgetError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly key = '',
  ) {
    super(message);
  }
}

/** A question the run asks (a Human approval node); the widget answers those meant for the visitor. */
export interface Question {
  id: string;
  message: string;
  choices: { id: string; label: string }[];
  form?: { name: string; label: string; type: 'text' | 'number' | 'boolean'; required?: boolean }[];
  audience: 'operator' | 'visitor';
}

/** What a turn reports while it streams. */
export interface TurnHandlers {
  onConversation(id: string): void;
  onText(delta: string): void;
  /** A piece of the model's reasoning (sent only when the owner turned "Show reasoning" on). */
  onReasoning?(delta: string): void;
  /** The run ended while the widget was away: its whole answer, from the stored conversation. */
  onWhole(text: string): void;
  onQuestion(question: Question): void;
}

/** Waits (ms) before each attempt to reattach after a dropped connection; then the widget gives up. */
export const RETRY_DELAYS = [400, 1_000, 2_000, 4_000, 8_000];

const OFFLINE = 'Could not reach the assistant. Check your connection and try again.';
/** An answer that sends nothing for this long is treated as a dropped connection. */
const IDLE_MS = 90_000;

async function failure(response: Response): Promise<WidgetError> {
  let message = `The assistant answered with an error (${response.status}).`;
  let key = 'http';
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    if (typeof body.error?.message === 'string') [message, key] = [body.error.message, ''];
    if (typeof body.error?.code === 'string') key = `e_${body.error.code}`;
  } catch {}
  return new WidgetError(message, response.status, key);
}

/** Talks to Agentry's public routes for one agent (or, in the Embed tab's preview, to its chat route). */
export class WidgetClient {
  private readonly root: string;
  /** Number of the last run event shown whole (reattaching asks for what follows it). */
  private seq = 0;

  constructor(
    private readonly base: string,
    agent: string,
    private readonly endpoint?: string,
    /** The Embed tab's preview uploads to the signed-in files route. */
    private readonly filesEndpoint?: string,
  ) {
    this.root = `${base}/api/public/agents/${encodeURIComponent(agent)}`;
  }

  private credentials(): RequestCredentials {
    return this.endpoint ? 'same-origin' : 'omit';
  }

  private async get<T>(path: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.root + path, { credentials: 'omit' });
    } catch {
      throw new WidgetError(OFFLINE, 0, 'offline');
    }
    if (!response.ok) throw await failure(response);
    return (await response.json()) as T;
  }

  /** The widget's settings (refused for sites the agent does not allow). */
  config(): Promise<WidgetConfig> {
    return this.get('/config');
  }

  /** The stored messages of a conversation. */
  async history(conversationId: string): Promise<HistoryMessage[]> {
    return (
      await this.get<{ messages: HistoryMessage[] }>(`/conversations/${encodeURIComponent(conversationId)}`)
    ).messages;
  }

  /**
   * Sends one message and streams the answer. A connection that drops mid-answer is reattached by
   * itself from the last event shown (no text twice, none missing). Rejects with a `WidgetError` for
   * refusals (4xx) and when reattaching fails for good (status 0), so the caller can offer a retry.
   */
  async chat(
    text: string,
    conversationId: string | undefined,
    handlers: TurnHandlers,
    files: FilePart[] = [],
  ): Promise<void> {
    this.seq = 0;
    let response: Response;
    try {
      response = await fetch(this.endpoint ?? `${this.root}/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          messages: [{ role: 'user', parts: [...files, ...(text ? [{ type: 'text', text }] : [])] }],
          conversationId,
          target: 'published',
        }),
        credentials: this.credentials(),
      });
    } catch {
      throw new WidgetError(OFFLINE, 0, 'offline');
    }
    if (!response.ok || !response.body) throw await failure(response);
    const id = response.headers.get('x-agentry-conversation-id') ?? conversationId;
    if (id) handlers.onConversation(id);
    await this.follow(response, id, response.headers.get('x-agentry-run-id'), handlers);
  }

  /** Uploads one file for the next message; rejects with the server's reason (size, kind, limit). */
  async upload(file: File): Promise<FilePart> {
    const body = new FormData();
    body.append('file', file, file.name);
    let response: Response;
    try {
      response = await fetch(this.filesEndpoint ?? `${this.root}/files`, {
        method: 'POST',
        body,
        credentials: this.credentials(),
      });
    } catch {
      throw new WidgetError(OFFLINE, 0, 'offline');
    }
    if (!response.ok) throw await failure(response);
    const stored = (await response.json()) as { id: string; name: string; mediaType: string };
    return {
      type: 'file',
      mediaType: stored.mediaType,
      url: `agentry-file:${stored.id}`,
      filename: stored.name,
    };
  }

  /** Answers the visitor's question, then streams the run as it goes on. */
  async answer(
    conversationId: string,
    answer: { requestId: string; choice: string; form?: Record<string, unknown> },
    handlers: TurnHandlers,
  ): Promise<void> {
    let response: Response;
    try {
      response = await fetch(`${this.root}/conversations/${encodeURIComponent(conversationId)}/resume`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(answer),
        credentials: 'omit',
      });
    } catch {
      throw new WidgetError(OFFLINE, 0, 'offline');
    }
    if (!response.ok) throw await failure(response);
    await this.follow(undefined, conversationId, null, handlers);
  }

  /**
   * After a page load: the conversation's running or waiting run, replayed from its start and then
   * followed. Resolves false when nothing is running (the history holds every answer).
   */
  async reattach(conversationId: string, handlers: TurnHandlers): Promise<boolean> {
    this.seq = 0;
    const response = await this.open(conversationId, null);
    if (response === null) return false;
    await this.follow(response, conversationId, null, handlers);
    return true;
  }

  /** The reattach stream after the last event seen; null: the run ended; undefined: try again. */
  private async open(conversationId: string | undefined, runId: string | null) {
    const url = this.endpoint
      ? runId && `${this.base}/api/v1/runs/${encodeURIComponent(runId)}/stream?after=${this.seq}`
      : conversationId &&
        `${this.root}/conversations/${encodeURIComponent(conversationId)}/stream?after=${this.seq}`;
    if (!url) return null;
    try {
      const response = await fetch(url, { credentials: this.credentials() });
      if (response.status === 204) return null;
      if (response.ok && response.body) return response;
      if (response.status >= 400 && response.status < 500) throw await failure(response);
    } catch (error) {
      if (error instanceof WidgetError) throw error;
    }
    return undefined;
  }

  /** Reads a run's stream to its end or its question, reattaching after drops; undefined: open one first. */
  private async follow(
    first: Response | undefined,
    conversationId: string | undefined,
    runId: string | null,
    handlers: TurnHandlers,
  ): Promise<void> {
    let response: Response | null | undefined = first;
    let attempt = 0;
    // After an answer the continued run is opened at once; after a drop, after a pause.
    let pause = first !== undefined;
    for (;;) {
      if (response) {
        const outcome = await this.read(response, handlers);
        if (outcome === 'end') return;
        if (typeof outcome === 'string') throw new WidgetError(outcome, 500, 'e_run');
        if (outcome) attempt = 0;
      }
      const delay = RETRY_DELAYS[attempt++];
      if (delay === undefined)
        throw new WidgetError('The connection dropped before the answer was complete.', 0, 'dropped');
      if (pause) await new Promise((resolve) => setTimeout(resolve, delay));
      pause = true;
      response = await this.open(conversationId, runId);
      if (response === null) {
        // The run ended while we were away: the stored conversation has its whole answer.
        if (conversationId) {
          const last = (await this.history(conversationId)).at(-1);
          if (last && last.role !== 'user') handlers.onWhole(last.text);
        }
        return;
      }
    }
  }

  /**
   * Reads one stream: 'end' when the run finished or waits, an error text when it failed, else whether
   * any event arrived before the connection dropped or stalled.
   */
  private async read(response: Response, handlers: TurnHandlers): Promise<'end' | string | boolean> {
    const abort = new AbortController();
    let timer = setTimeout(() => abort.abort(), IDLE_MS);
    let ended = false;
    let progressed = false;
    let failed: string | undefined;
    const stall = new Promise<never>((_, reject) =>
      abort.signal.addEventListener('abort', () => reject(new Error('stalled'))),
    );
    try {
      await Promise.race([
        stall,
        readUIMessageStream(
          response.body!,
          (chunk) => {
            if (chunk.type === 'text-delta') handlers.onText(String(chunk.delta));
            else if (chunk.type === 'reasoning-delta') handlers.onReasoning?.(String(chunk.delta));
            else if (chunk.type === 'data-approval') handlers.onQuestion(chunk.data as Question);
            else if (chunk.type === 'error') failed = String(chunk.errorText);
            else if (chunk.type === 'finish') ended = true;
          },
          (seq) => {
            clearTimeout(timer);
            timer = setTimeout(() => abort.abort(), IDLE_MS);
            progressed = true;
            if (seq > this.seq) this.seq = seq;
          },
        ),
      ]);
    } catch {
      void response.body?.cancel().catch(() => undefined);
    } finally {
      clearTimeout(timer);
    }
    if (failed) return failed;
    return ended ? 'end' : progressed;
  }
}
