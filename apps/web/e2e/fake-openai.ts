import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake OpenAI-compatible provider answers chat completions. */
export type FakeOpenAIMode =
  | { kind: 'stream'; words: string[]; delayMs: number }
  | { kind: 'fail-midway'; words: string[]; delayMs: number }
  | { kind: 'status'; status: number }
  /** Answers each request with `echoAnswer(last user message, words)`, one word every `delayMs`. */
  | { kind: 'echo'; words: number; delayMs: number }
  /**
   * Answers the n-th request with the n-th reply (the last one again past the end): text, or tool calls
   * streamed as OpenAI does (`delta.tool_calls`, then `finish_reason: "tool_calls"`), as a model using tools.
   */
  | { kind: 'script'; replies: FakeReply[] }
  /**
   * Thinks, then answers, in one streamed reply as OpenAI-compatible reasoning servers do: each
   * `reasoning` piece as `delta.<field>` (`reasoning_content`: vLLM, DeepSeek, LM Studio; `reasoning`:
   * OpenRouter, Ollama), then the `words`, then a usage chunk (`choices: []`, as `stream_options.include_usage`
   * asks) counting `usage` tokens, so a run's cost follows from known numbers.
   */
  | {
      kind: 'reasoning';
      reasoning: string[];
      words: string[];
      field?: 'reasoning_content' | 'reasoning';
      usage: { prompt_tokens: number; completion_tokens: number };
    };

/** One scripted answer: text, or calls of the tools the request offered (arguments as JSON values). */
export type FakeReply = { text: string } | { toolCalls: { name: string; arguments: unknown }[] };

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
  /** The bodies of the chat requests received, parsed, oldest first (what a client sent the provider). */
  bodies: unknown[];
  setMode(mode: FakeOpenAIMode): void;
  close(): Promise<void>;
}

function chunk(content: string, finish: string | null = null): string {
  return event(finish ? {} : { role: 'assistant', content }, finish);
}

function event(delta: object, finish: string | null = null): string {
  const body = {
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: 1767225600,
    model: 'fake-model',
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}

/** A scripted reply as one streamed answer; tool call arguments arrive in two pieces, as providers split them. */
function scripted(reply: FakeReply): string {
  if ('text' in reply) return `${chunk(reply.text)}${chunk('', 'stop')}data: [DONE]\n\n`;
  const calls = reply.toolCalls.map(({ name, arguments: input }, index) => {
    const text = JSON.stringify(input);
    const half = Math.floor(text.length / 2);
    return (
      event({
        role: 'assistant',
        tool_calls: [
          {
            index,
            id: `call_${index + 1}`,
            type: 'function',
            function: { name, arguments: text.slice(0, half) },
          },
        ],
      }) + event({ tool_calls: [{ index, function: { arguments: text.slice(half) } }] })
    );
  });
  return `${calls.join('')}${event({}, 'tool_calls')}data: [DONE]\n\n`;
}

/** A `reasoning` mode reply: reasoning deltas, answer deltas, the stop chunk, the usage chunk. */
function reasoned(mode: Extract<FakeOpenAIMode, { kind: 'reasoning' }>): string {
  const field = mode.field ?? 'reasoning_content';
  const thinking = mode.reasoning.map((piece, index) =>
    // Reasoning servers send `content: null` beside the reasoning until the answer begins.
    event({ ...(index === 0 ? { role: 'assistant' } : {}), content: null, [field]: piece }),
  );
  const answer = mode.words.map((word, index) => event({ content: `${index === 0 ? '' : ' '}${word}` }));
  const usage = `data: ${JSON.stringify({
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: 1767225600,
    model: 'fake-model',
    choices: [],
    usage: { ...mode.usage, total_tokens: mode.usage.prompt_tokens + mode.usage.completion_tokens },
  })}\n\n`;
  return `${thinking.join('')}${answer.join('')}${event({}, 'stop')}${usage}data: [DONE]\n\n`;
}

/** Starts the fake provider on 127.0.0.1. */
export async function startFakeOpenAI(initial: FakeOpenAIMode): Promise<FakeOpenAI> {
  let mode = initial;
  const stats = { requests: 0, closedEarly: 0, completed: 0 };
  const bodies: unknown[] = [];
  let scriptIndex = 0;
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
      try {
        bodies.push(JSON.parse(body));
      } catch {
        bodies.push(body);
      }
      const current = mode;
      if (current.kind === 'script') {
        const reply = current.replies[Math.min(scriptIndex++, current.replies.length - 1)];
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        response.end(reply ? scripted(reply) : `${chunk('', 'stop')}data: [DONE]\n\n`);
        stats.completed += 1;
      } else if (current.kind === 'reasoning') {
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        response.end(reasoned(current));
        stats.completed += 1;
      } else if (current.kind === 'status') {
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
    bodies,
    setMode: (next) => {
      mode = next;
      scriptIndex = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
