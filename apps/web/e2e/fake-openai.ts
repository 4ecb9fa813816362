import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake OpenAI-compatible provider answers chat completions. */
export type FakeOpenAIMode =
  | { kind: 'stream'; words: string[]; delayMs: number }
  | { kind: 'fail-midway'; words: string[]; delayMs: number }
  | { kind: 'status'; status: number }
  /** Answers each request with `echoAnswer(last user message, words)`, one word every `delayMs`. */
  | { kind: 'echo'; words: number; delayMs: number };

/** The answer of the `echo` mode: differs per message, so a test can tell runs' answers apart. */
export function echoAnswer(message: string, words: number): string[] {
  return [`${message}:`, ...Array.from({ length: words }, (_, index) => `w${index + 1}`)];
}

/** The last user message's text of an OpenAI chat completion request. */
function lastUserText(body: string): string {
  try {
    const { messages } = JSON.parse(body) as { messages?: { role: string; content: unknown }[] };
    const content = messages?.filter((message) => message.role === 'user').at(-1)?.content;
    if (typeof content === 'string') return content;
    if (Array.isArray(content)) return content.map((part: { text?: string }) => part.text ?? '').join('');
  } catch {
    // Not JSON: answer with an empty echo.
  }
  return '';
}

/** A loopback OpenAI-compatible server for end-to-end tests (streams `/v1/chat/completions`). */
export interface FakeOpenAI {
  /** Base URL to put in a credential (ends with /v1). */
  baseUrl: string;
  /** Chat requests received, and how many the client closed before the answer ended. */
  stats: { requests: number; closedEarly: number; completed: number };
  setMode(mode: FakeOpenAIMode): void;
  close(): Promise<void>;
}

function chunk(content: string, finish: string | null = null): string {
  const body = {
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: 1767225600,
    model: 'fake-model',
    choices: [{ index: 0, delta: finish ? {} : { role: 'assistant', content }, finish_reason: finish }],
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}

/** Starts the fake provider on 127.0.0.1. */
export async function startFakeOpenAI(initial: FakeOpenAIMode): Promise<FakeOpenAI> {
  let mode = initial;
  const stats = { requests: 0, closedEarly: 0, completed: 0 };
  const stream = async (response: ServerResponse, words: string[], delayMs: number, failAt?: number) => {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let open = true;
    response.on('close', () => {
      if (open) stats.closedEarly += 1;
      open = false;
    });
    for (const [index, word] of words.entries()) {
      if (!open) return;
      if (failAt !== undefined && index === failAt) {
        // The provider gives up mid-answer: an error event, as OpenAI-compatible servers send one.
        response.write(
          `data: ${JSON.stringify({ error: { message: 'The server had an error (500).', type: 'server_error', code: 500 } })}\n\n`,
        );
        open = false;
        response.end();
        return;
      }
      response.write(chunk(`${index === 0 ? '' : ' '}${word}`));
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    if (!open) return;
    response.write(chunk('', 'stop'));
    response.write('data: [DONE]\n\n');
    open = false;
    stats.completed += 1;
    response.end();
  };
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      if (!request.url?.endsWith('/chat/completions')) {
        response.writeHead(404).end();
        return;
      }
      stats.requests += 1;
      const current = mode;
      if (current.kind === 'status') {
        response.writeHead(current.status, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            error: { message: `Fake provider error ${current.status}`, type: 'server_error' },
          }),
        );
      } else if (current.kind === 'echo') {
        void stream(response, echoAnswer(lastUserText(body), current.words), current.delayMs);
      } else {
        void stream(
          response,
          current.words,
          current.delayMs,
          current.kind === 'fail-midway' ? Math.floor(current.words.length / 2) : undefined,
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    stats,
    setMode: (next) => {
      mode = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
