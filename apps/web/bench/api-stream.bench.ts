// API streaming benchmark. First its saturating mode (api-saturate.ts: a provider with no delay, 1, 10 and
// 50 chats at once on three routes, chats/s, TTFT and server CPU per chat; BENCH_SATURATE=0 skips it,
// =only runs nothing else). Then the time to first token that Agentry adds over calling the provider
// directly, at 50 concurrent streams, on the OpenAI route and on the durable chat route (with the time to reattach to a
// run's stream), and 500 concurrent streams held by one server under a memory ceiling.
// Needs a production build (pnpm --filter @agentry/web build). Run: pnpm exec tsx bench/api-stream.bench.ts
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startServer, type TestServer } from '../e2e/harness';
import { runSaturatingMode, type SaturateRoute, streamedPost } from './api-saturate';
import { benchStartup } from './api-startup';
import { processParents } from './process-tree';

const ADMIN = { email: 'bench@example.com', password: 'a-long-bench-password' };
const TARGETS = { addedP50Ms: 15, addedP99Ms: 50, serverMemoryMb: 400 };
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const REQUESTS_PER_WORKER = Number(process.env.BENCH_REQUESTS_PER_WORKER ?? 8);
const HELD_STREAMS = Number(process.env.BENCH_HELD_STREAMS ?? 500);
/** `0`: skip the saturating mode; `only`: run nothing else. */
const SATURATE = process.env.BENCH_SATURATE ?? '1';
const SATURATE_CHATS = Number(process.env.BENCH_SATURATE_CHATS ?? 400);
/** The site the widget route is called from in the saturating mode (allowed on the bench agent). */
const WIDGET_ORIGIN = 'https://shop.example';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Starts the fake provider in its own process and returns its base URL. */
async function startProvider(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'api-fake-provider.ts')],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (chunk) => resolve(String(chunk).trim()));
    child.once('exit', (code) => reject(new Error(`fake provider exited (${code})`)));
  });
  return { url, child };
}

/** Calls a tRPC mutation the way the app's client does (superjson body). */
async function trpc(base: string, procedure: string, input: unknown, cookie = ''): Promise<Response> {
  const response = await fetch(`${base}/api/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ json: input }),
  });
  if (!response.ok) throw new Error(`${procedure}: ${response.status} ${await response.text()}`);
  return response;
}

/** Signs in, creates an API key and a credential for the fake provider, and publishes an agent on it. */
async function setUp(
  server: TestServer,
  providerUrl: string,
): Promise<{ key: string; agentId: string; publicId: string; cookie: string }> {
  const signIn = await trpc(server.url, 'auth.signIn', ADMIN);
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  const data = async (response: Response) =>
    ((await response.json()) as { result: { data: { json: Record<string, string> } } }).result.data.json;
  const key = (
    await data(await trpc(server.url, 'apiKeys.create', { name: 'bench', scopes: ['run', 'manage'] }, cookie))
  ).key!;
  const credential = await data(
    await trpc(
      server.url,
      'credentials.create',
      { name: 'Fake', provider: 'openai-compatible', baseUrl: `${providerUrl}/v1`, apiKey: 'fake-key' },
      cookie,
    ),
  );
  const graph = {
    version: 1,
    nodes: [
      { id: 'in', type: 'chat-input', position: { x: 0, y: 0 }, data: { config: {} } },
      {
        id: 'model',
        type: 'model',
        position: { x: 300, y: 0 },
        data: { config: { provider: 'openai-compatible', model: 'fake', credentialId: credential.id } },
      },
      { id: 'out', type: 'chat-output', position: { x: 600, y: 0 }, data: { config: {} } },
    ],
    edges: [
      { id: 'e1', source: 'in', sourceHandle: 'message', target: 'model', targetHandle: 'prompt' },
      { id: 'e2', source: 'model', sourceHandle: 'text', target: 'out', targetHandle: 'text' },
    ],
  };
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const created = await fetch(`${server.url}/api/v1/agents`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: 'Bench agent', graph }),
  });
  const agent = (await created.json()) as { id: string; publicId: string; problems: unknown[] };
  if (!created.ok || agent.problems.length) throw new Error(`agent: ${JSON.stringify(agent)}`);
  const published = await fetch(`${server.url}/api/v1/agents/${agent.id}/publish`, {
    method: 'POST',
    headers,
  });
  if (!published.ok) throw new Error(`publish: ${await published.text()}`);
  return { key, agentId: agent.id, publicId: agent.publicId, cookie };
}

interface StreamResult {
  ttftMs: number;
  ok: boolean;
  /** Why a stream failed: the status and body, the connection error, or what the stream lacked. */
  error?: string;
}

// The load generator talks plain node:http over kept-alive connections: it should cost as little CPU as
// possible, since it shares the machine with the server it measures (fetch costs several times more).
// Idle connections are dropped after 3 s, before the server's keep-alive timeout (Node's 5 s) closes
// them: a request sent just as the server closes its connection would fail with ECONNRESET.
const agent = new http.Agent({
  keepAlive: true,
  maxSockets: Number.POSITIVE_INFINITY,
  timeout: 3_000,
});

/** Sends one streaming completion and times the first content token and the end of the stream. */
function stream(url: string, key: string | undefined, model: string): Promise<StreamResult> {
  const started = performance.now();
  const body = JSON.stringify({
    model,
    stream: true,
    messages: [{ role: 'user', content: 'Tell me a story.' }],
  });
  return new Promise<StreamResult>((resolve) => {
    let ttftMs = Number.NaN;
    let text = '';
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(key ? { authorization: `Bearer ${key}` } : {}),
        },
      },
      (response) => {
        if (response.statusCode !== 200) {
          let failure = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (failure += chunk));
          response.on('end', () =>
            resolve({ ttftMs, ok: false, error: `HTTP ${response.statusCode}: ${failure.slice(0, 300)}` }),
          );
          return;
        }
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (Number.isNaN(ttftMs)) {
            text += chunk;
            if (/"content":"[^"]/.test(text)) ttftMs = performance.now() - started;
          } else if (!text.includes('[DONE]')) {
            text = chunk;
          }
        });
        response.on('end', () => {
          const ok = text.includes('[DONE]') && !Number.isNaN(ttftMs);
          resolve({
            ttftMs,
            ok,
            ...(ok
              ? {}
              : {
                  error: `stream ended without ${Number.isNaN(ttftMs) ? 'a token' : '[DONE]'}: ${text.slice(-300)}`,
                }),
          });
        });
        response.on('error', (error) => resolve({ ttftMs, ok: false, error: `response: ${error.message}` }));
      },
    );
    request.on('error', (error) => resolve({ ttftMs, ok: false, error: `request: ${error.message}` }));
    request.end(body);
  });
}

/**
 * Sends one chat on the durable path (`POST /agents/:id/chat`, the UI message stream the preview, the
 * widget and `useChat` read), timing the first text delta. Resolves with the run id for reattaching.
 */
function chat(base: string, key: string, agentId: string): Promise<StreamResult & { runId?: string }> {
  const started = performance.now();
  const body = JSON.stringify({
    messages: [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'Tell me a story.' }] }],
  });
  return new Promise((resolve) => {
    let ttftMs = Number.NaN;
    let tail = '';
    const request = http.request(
      `${base}/api/v1/agents/${agentId}/chat`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${key}`,
        },
      },
      (response) => {
        const runId = String(response.headers['x-agentry-run-id'] ?? '') || undefined;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          tail = (tail + chunk).slice(-400);
          if (Number.isNaN(ttftMs) && chunk.includes('"text-delta"')) ttftMs = performance.now() - started;
        });
        response.on('end', () => {
          const ok = response.statusCode === 200 && tail.includes('"finish"') && !Number.isNaN(ttftMs);
          resolve({ ttftMs, ok, runId, ...(ok ? {} : { error: `HTTP ${response.statusCode}: ${tail}` }) });
        });
        response.on('error', (error) => resolve({ ttftMs, ok: false, error: `response: ${error.message}` }));
      },
    );
    request.on('error', (error) => resolve({ ttftMs, ok: false, error: `request: ${error.message}` }));
    request.end(body);
  });
}

/** Reattaches to a run's stream after `after` and times the request to its first replayed event. */
function reattach(base: string, key: string, runId: string, after: number): Promise<StreamResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    let firstMs = Number.NaN;
    const request = http.get(
      `${base}/api/v1/runs/${runId}/stream?after=${after}`,
      { agent, headers: { authorization: `Bearer ${key}` } },
      (response) => {
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (Number.isNaN(firstMs) && /^id: \d+/m.test(chunk)) firstMs = performance.now() - started;
        });
        response.on('end', () => {
          const ok = response.statusCode === 200 && !Number.isNaN(firstMs);
          resolve({ ttftMs: firstMs, ok, ...(ok ? {} : { error: `HTTP ${response.statusCode}` }) });
        });
      },
    );
    request.on('error', (error) =>
      resolve({ ttftMs: firstMs, ok: false, error: `request: ${error.message}` }),
    );
  });
}

/** `workers` closed loops of `perWorker` streams each, started 10 ms apart; returns every result. */
async function load(
  workers: number,
  perWorker: number,
  run: () => Promise<StreamResult>,
): Promise<StreamResult[]> {
  const results: StreamResult[] = [];
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      await new Promise((resolve) => setTimeout(resolve, worker * 10));
      for (let index = 0; index < perWorker; index++) results.push(await run());
    }),
  );
  return results;
}

/** The server's processes: every process below this one except the fake providers. */
function serverProcesses(exclude: Set<number>): number[] {
  const parents = processParents();
  const isDescendant = (pid: number): boolean => {
    for (let current = parents.get(pid); current; current = parents.get(current)) {
      if (exclude.has(current)) return false;
      if (current === process.pid) return true;
    }
    return false;
  };
  return [...parents.keys()].filter((pid) => !exclude.has(pid) && isDescendant(pid));
}

/** Resident memory of the server's processes, in MB. */
function serverMemoryMb(exclude: Set<number>): number {
  let kb = 0;
  for (const pid of serverProcesses(exclude)) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {}
  }
  return kb / 1024;
}

/** CPU time the server's processes have used so far (user + system), in ms (Linux clock ticks of 10 ms). */
function serverCpuMs(exclude: Set<number>): number {
  let ticks = 0;
  for (const pid of serverProcesses(exclude)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {}
  }
  return ticks * 10;
}

const fmt = (value: number) => value.toFixed(1);

/** Prints each distinct reason among failed streams, with how many failed for it. */
function printFailures(label: string, results: StreamResult[]): void {
  const reasons = new Map<string, number>();
  for (const result of results) {
    if (!result.ok) reasons.set(result.error ?? 'unknown', (reasons.get(result.error ?? 'unknown') ?? 0) + 1);
  }
  for (const [reason, count] of reasons) console.log(`    ${label}, ${count}×: ${reason}`);
}
const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');

/**
 * The saturating mode on the three routes a chat takes (OpenAI-compatible, the chat route of the preview
 * and `useChat`, the widget's public route) against a provider with no delay. Returns the failed chats.
 */
async function saturatingMode(
  server: TestServer,
  providerUrl: string,
  providers: Set<number>,
): Promise<number> {
  const bench = await setUp(server, providerUrl);
  // The widget route needs the calling site allowed, and limits a bench's thousands of chats would pass.
  await trpc(
    server.url,
    'embed.update',
    {
      id: bench.agentId,
      settings: {
        allowedOrigins: [WIDGET_ORIGIN],
        limits: {
          messagesPerMinutePerIp: 10_000,
          messagesPerMinutePerConversation: 10_000,
          tokensPerAgentPerDay: 1_000_000_000,
        },
      },
    },
    bench.cookie,
  );
  const completion = JSON.stringify({
    model: bench.agentId,
    stream: true,
    messages: [{ role: 'user', content: 'Tell me a story.' }],
  });
  const direct = JSON.stringify({ ...JSON.parse(completion), model: 'fake' });
  const uiChat = JSON.stringify({
    messages: [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'Tell me a story.' }] }],
  });
  const auth = { authorization: `Bearer ${bench.key}` };
  const openAiToken = /"content":"[^"]/;
  const openAiDone = (tail: string) => tail.includes('[DONE]');
  const uiToken = /"text-delta"/;
  const uiDone = (tail: string) => tail.includes('"finish"');
  let visitor = 0;
  const routes: SaturateRoute[] = [
    {
      label: 'provider directly',
      server: false,
      send: () =>
        streamedPost(agent, `${providerUrl}/v1/chat/completions`, {}, direct, openAiToken, openAiDone),
    },
    {
      label: 'POST /api/v1/chat/completions',
      server: true,
      send: () =>
        streamedPost(
          agent,
          `${server.url}/api/v1/chat/completions`,
          auth,
          completion,
          openAiToken,
          openAiDone,
        ),
    },
    {
      label: 'POST /api/v1/agents/:id/chat',
      server: true,
      send: () =>
        streamedPost(
          agent,
          `${server.url}/api/v1/agents/${bench.agentId}/chat`,
          auth,
          uiChat,
          uiToken,
          uiDone,
        ),
    },
    {
      label: 'POST /api/public/agents/:id/chat',
      server: true,
      send: () => {
        visitor += 1;
        const address = `198.51.100.${visitor % 250}`;
        return streamedPost(
          agent,
          `${server.url}/api/public/agents/${bench.publicId}/chat`,
          { origin: WIDGET_ORIGIN, 'x-forwarded-for': address },
          uiChat,
          uiToken,
          uiDone,
        );
      },
    },
  ];
  // BENCH_SATURATE_ROUTES=chat/completions,public: only the routes whose label contains one of these (profiling).
  const only = process.env.BENCH_SATURATE_ROUTES?.split(',');
  return runSaturatingMode({
    routes: routes.filter(
      (route) => !route.server || !only || only.some((part) => route.label.includes(part)),
    ),
    // BENCH_SATURATE_CONCURRENCY=1: only these levels (profiling).
    concurrencies: process.env.BENCH_SATURATE_CONCURRENCY?.split(',').map(Number) ?? [1, 10, 50],
    chatsPerRun: SATURATE_CHATS,
    serverCpuMs: () => serverCpuMs(providers),
  });
}

async function main(): Promise<void> {
  // The answers of the first phase: BENCH_TOKENS words, one every BENCH_TOKEN_MS.
  const fast = await startProvider({
    FIRST_TOKEN_MS: '10',
    TOKEN_MS: process.env.BENCH_TOKEN_MS ?? '20',
    TOKENS: process.env.BENCH_TOKENS ?? '30',
  });
  const slow = await startProvider({ FIRST_TOKEN_MS: '10', TOKEN_MS: '100', TOKENS: '50' });
  // The saturating mode's provider: 50 tokens with no delay at all.
  const instant = await startProvider({ FIRST_TOKEN_MS: '0', TOKEN_MS: '0', TOKENS: '50' });
  const providers = new Set([fast.child.pid!, slow.child.pid!, instant.child.pid!]);
  const server = await startServer({
    AGENTRY_ADMIN_EMAIL: ADMIN.email,
    AGENTRY_ADMIN_PASSWORD: ADMIN.password,
    // An empty PostgreSQL database to use instead of the embedded one (the default, as `pnpm start`).
    ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
    ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
    // The widget route counts visitors by address: the saturating mode's visitors each send their own
    // X-Forwarded-For, as visitors behind one proxy would.
    AGENTRY_TRUSTED_PROXIES: '1',
  });
  let failures = 0;
  try {
    if (SATURATE !== '0') failures += await saturatingMode(server, instant.url, providers);
    if (SATURATE === 'only') return;
    const fastAgent = await setUp(server, fast.url);
    const direct = () => stream(`${fast.url}/v1/chat/completions`, undefined, 'fake');
    const viaAgentry = () =>
      stream(`${server.url}/api/v1/chat/completions`, fastAgent.key, fastAgent.agentId);

    // Warm up both paths at the measured concurrency (JIT, route compilation, caches, and the kept-alive
    // connections of every pool on the way), so the figures are of the steady state, not the ramp.
    await load(CONCURRENCY, 2, direct);
    await load(CONCURRENCY, 2, viaAgentry);

    console.log(
      `Database: ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL (BENCH_DATABASE_URL)' : 'embedded PGlite'}`,
    );
    console.log(
      `Time to first token at ${CONCURRENCY} concurrent streams (${CONCURRENCY * REQUESTS_PER_WORKER} each):`,
    );
    const directResults = await load(CONCURRENCY, REQUESTS_PER_WORKER, direct);
    const cpuBefore = serverCpuMs(providers);
    const agentryResults = await load(CONCURRENCY, REQUESTS_PER_WORKER, viaAgentry);
    const cpuPerStream = (serverCpuMs(providers) - cpuBefore) / agentryResults.length;
    const errors = [...directResults, ...agentryResults].filter((result) => !result.ok).length;
    failures += errors;
    const ttft = (results: StreamResult[]) =>
      results.filter((result) => result.ok).map((result) => result.ttftMs);
    const directP50 = percentile(ttft(directResults), 50);
    const directP99 = percentile(ttft(directResults), 99);
    const agentryP50 = percentile(ttft(agentryResults), 50);
    const agentryP99 = percentile(ttft(agentryResults), 99);
    const addedP50 = agentryP50 - directP50;
    const addedP99 = agentryP99 - directP99;
    console.log(`  provider directly:  p50 ${fmt(directP50)} ms, p99 ${fmt(directP99)} ms`);
    console.log(`  through Agentry:    p50 ${fmt(agentryP50)} ms, p99 ${fmt(agentryP99)} ms`);
    console.log(
      `  added by Agentry:   p50 ${fmt(addedP50)} ms (target < ${TARGETS.addedP50Ms}: ${mark(addedP50 < TARGETS.addedP50Ms)}), ` +
        `p99 ${fmt(addedP99)} ms (target < ${TARGETS.addedP99Ms}: ${mark(addedP99 < TARGETS.addedP99Ms)})`,
    );
    console.log(
      `  server CPU per streamed answer (${process.env.BENCH_TOKENS ?? 30} tokens): ${fmt(cpuPerStream)} ms`,
    );
    console.log(`  errors: ${errors}`);
    printFailures('provider directly', directResults);
    printFailures('through Agentry', agentryResults);

    // The durable path: the UI message stream of /chat, with numbered events, checkpoints and stored
    // events, at the same concurrency, against the same provider.
    await load(CONCURRENCY, 1, () => chat(server.url, fastAgent.key, fastAgent.agentId));
    const chatCpuBefore = serverCpuMs(providers);
    const chatResults = await load(CONCURRENCY, REQUESTS_PER_WORKER, () =>
      chat(server.url, fastAgent.key, fastAgent.agentId),
    );
    const chatCpu = (serverCpuMs(providers) - chatCpuBefore) / chatResults.length;
    const chatErrors = chatResults.filter((result) => !result.ok).length;
    failures += chatErrors;
    const chatP50 = percentile(ttft(chatResults), 50);
    const chatP99 = percentile(ttft(chatResults), 99);
    console.log(
      `\nDurable chat (POST /agents/:id/chat, UI message stream) at ${CONCURRENCY} concurrent streams:`,
    );
    console.log(
      `  added by Agentry:   p50 ${fmt(chatP50 - directP50)} ms, p99 ${fmt(chatP99 - directP99)} ms; server CPU per streamed answer: ${fmt(chatCpu)} ms; errors: ${chatErrors}`,
    );
    printFailures('durable chat', chatResults);

    // Reattach: request to the first replayed event, for finished runs (replayed from the database) at
    // the same concurrency; the first event of each run is skipped, so the replay starts mid-run.
    const finished = chatResults.flatMap((result) => (result.runId ? [result.runId] : []));
    const replayed = await load(CONCURRENCY, 1, () => {
      const runId = finished.pop();
      return runId
        ? reattach(server.url, fastAgent.key, runId, 1)
        : Promise.resolve({ ttftMs: Number.NaN, ok: false, error: 'no run id' });
    });
    const replayErrors = replayed.filter((result) => !result.ok).length;
    failures += replayErrors;
    console.log(
      `  reattach to a finished run (request to first replayed event): p50 ${fmt(percentile(ttft(replayed), 50))} ms, p99 ${fmt(percentile(ttft(replayed), 99))} ms; errors: ${replayErrors}`,
    );
    printFailures('reattach', replayed);

    const slowAgent = await setUp(server, slow.url);
    if (HELD_STREAMS === 0) return;
    console.log(`\n${HELD_STREAMS} concurrent streams of ~5 s each on one server:`);
    let peakMb = serverMemoryMb(providers);
    const idleMb = peakMb;
    const sampler = setInterval(() => {
      peakMb = Math.max(peakMb, serverMemoryMb(providers));
    }, 200);
    const started = performance.now();
    const held = await Promise.all(
      Array.from({ length: HELD_STREAMS }, (_, index) =>
        new Promise((resolve) => setTimeout(resolve, index * 2)).then(() =>
          stream(`${server.url}/api/v1/chat/completions`, slowAgent.key, slowAgent.agentId),
        ),
      ),
    );
    clearInterval(sampler);
    peakMb = Math.max(peakMb, serverMemoryMb(providers));
    const heldErrors = held.filter((result) => !result.ok).length;
    failures += heldErrors;
    const heldTtft = held.filter((result) => result.ok).map((result) => result.ttftMs);
    console.log(
      `  completed: ${held.length - heldErrors}/${HELD_STREAMS}, errors: ${heldErrors} (${mark(heldErrors === 0)})`,
    );
    printFailures('held', held);
    console.log(
      `  time to first token: p50 ${fmt(percentile(heldTtft, 50))} ms, p99 ${fmt(percentile(heldTtft, 99))} ms; all done in ${fmt((performance.now() - started) / 1000)} s`,
    );
    console.log(
      `  server memory (RSS): ${fmt(idleMb)} MB before, ${fmt(peakMb)} MB peak (target < ${TARGETS.serverMemoryMb}: ${mark(peakMb < TARGETS.serverMemoryMb)})`,
    );
  } finally {
    await server.stop();
    fast.child.kill();
    slow.child.kill();
    instant.child.kill();
  }
  if ((await benchStartup()) > 0) process.exitCode = 1;
  if (failures > 0) {
    console.error(`${failures} stream(s) failed.`);
    process.exit(1);
  }
}

await main();
