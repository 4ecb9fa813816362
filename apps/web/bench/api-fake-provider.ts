// A fake OpenAI-compatible provider for the API benchmark: streams `tokens` words after `firstTokenMs`,
// one every `tokenMs`, then usage and [DONE]. Runs in its own process so it does not share the event
// loop with the load generator. Prints its URL on stdout.
import { createServer } from 'node:http';

const firstTokenMs = Number(process.env.FIRST_TOKEN_MS ?? 10);
const tokenMs = Number(process.env.TOKEN_MS ?? 20);
const tokens = Number(process.env.TOKENS ?? 30);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', async () => {
    const started = Math.floor(Date.now() / 1000);
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: started, model: 'fake', choices, ...extra })}\n\n`;
    let closed = false;
    response.on('close', () => (closed = true));
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.write(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
    // 0 ms: no timer at all, so the whole answer goes out at once (the saturating mode).
    if (firstTokenMs > 0) await sleep(firstTokenMs);
    for (let index = 0; index < tokens && !closed; index++) {
      response.write(chunk([{ index: 0, delta: { content: `word${index} ` }, finish_reason: null }]));
      if (tokenMs > 0 && index < tokens - 1) await sleep(tokenMs);
    }
    response.write(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]));
    const promptTokens = Math.ceil(body.length / 4);
    response.write(
      chunk([], {
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: tokens,
          total_tokens: promptTokens + tokens,
        },
      }),
    );
    response.end('data: [DONE]\n\n');
  });
});
server.keepAliveTimeout = 60_000;
// Started with an IPC channel: when the benchmark process ends, however it ends, this one ends too.
process.on('disconnect', () => process.exit(0));
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
});
