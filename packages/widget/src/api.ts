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
}

/** One stored message of a conversation. */
export interface HistoryMessage {
  role: string;
  text: string;
}

/** A refusal or failure with the message to show; `status` 0 means the network failed. */
export class WidgetError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const OFFLINE = 'Could not reach the assistant. Check your connection and try again.';
/** An answer that sends nothing for this long is treated as a dropped connection. */
const IDLE_MS = 90_000;

async function failure(response: Response): Promise<WidgetError> {
  let message = `The assistant answered with an error (${response.status}).`;
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {}
  return new WidgetError(message, response.status);
}

/** Talks to Agentry's public routes for one agent (or, in the Embed tab's preview, to its chat route). */
export class WidgetClient {
  private readonly root: string;

  constructor(
    base: string,
    agent: string,
    private readonly endpoint?: string,
  ) {
    this.root = `${base}/api/public/agents/${encodeURIComponent(agent)}`;
  }

  private async get<T>(path: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.root + path, { credentials: 'omit' });
    } catch {
      throw new WidgetError(OFFLINE, 0);
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
   * Sends one message and streams the answer into `onText`. Rejects with a `WidgetError` for refusals
   * (status 4xx) and for a dropped or stalled connection (status 0), so the caller can offer a retry.
   */
  async chat(
    text: string,
    conversationId: string | undefined,
    onConversation: (id: string) => void,
    onText: (delta: string) => void,
  ): Promise<void> {
    const abort = new AbortController();
    let timer = setTimeout(() => abort.abort(), IDLE_MS);
    const alive = () => {
      clearTimeout(timer);
      timer = setTimeout(() => abort.abort(), IDLE_MS);
    };
    let finished = false;
    let started = false;
    let failed: string | undefined;
    try {
      const response = await fetch(this.endpoint ?? `${this.root}/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          messages: [{ role: 'user', parts: [{ type: 'text', text }] }],
          conversationId,
          target: 'published',
        }),
        credentials: this.endpoint ? 'same-origin' : 'omit',
        signal: abort.signal,
      });
      if (!response.ok || !response.body) throw await failure(response);
      started = true;
      const id = response.headers.get('x-agentry-conversation-id');
      if (id) onConversation(id);
      await readUIMessageStream(response.body, (chunk) => {
        alive();
        if (chunk.type === 'text-delta') onText(String(chunk.delta));
        else if (chunk.type === 'error') failed = String(chunk.errorText);
        else if (chunk.type === 'finish') finished = true;
      });
    } catch (error) {
      if (error instanceof WidgetError) throw error;
      if (!started) throw new WidgetError(OFFLINE, 0);
    } finally {
      clearTimeout(timer);
    }
    if (failed) throw new WidgetError(failed, 500);
    if (!finished) throw new WidgetError('The connection dropped before the answer was complete.', 0);
  }
}
