// The API benchmark's saturating mode: the provider streams its 50 tokens with no delay, so the server is
// never idle waiting for it, and a fixed number of chats runs at 1, 10 and 50 at once on each route. What
// it prints is what one chat costs the server (CPU per chat), how many it serves a second, and the time
// to first token, beside the provider called directly in the same run.
import http from 'node:http';

/** One route under load: sends one chat and resolves when its stream ended. */
export interface SaturateRoute {
  label: string;
  send(): Promise<{ ttftMs: number; ok: boolean; error?: string }>;
  /** Counts this route's server CPU (false for the provider called directly). */
  server: boolean;
}

/** What one route did at one concurrency. */
export interface SaturateFigures {
  chatsPerSecond: number;
  ttftP50: number;
  ttftP99: number;
  /** Server CPU per chat in ms (NaN for the provider called directly). */
  cpuPerChatMs: number;
  errors: number;
  firstError?: string;
}

const TARGETS = { cpuPerChatMs: 3, chatsPerSecond: 400, ttftP99Ms: 250 };

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Runs `total` chats through `route`, `concurrency` at a time, and measures them. */
export async function saturate(
  route: SaturateRoute,
  concurrency: number,
  total: number,
  serverCpuMs: () => number,
): Promise<SaturateFigures> {
  let next = 0;
  const ttfts: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const cpuBefore = serverCpuMs();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        const result = await route.send();
        if (result.ok) ttfts.push(result.ttftMs);
        else {
          errors += 1;
          firstError ??= result.error;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    chatsPerSecond: total / seconds,
    ttftP50: percentile(ttfts, 50),
    ttftP99: percentile(ttfts, 99),
    cpuPerChatMs: route.server ? (serverCpuMs() - cpuBefore) / total : Number.NaN,
    errors,
    firstError,
  };
}

const fmt = (value: number, digits = 1) => (Number.isNaN(value) ? '–' : value.toFixed(digits));

/**
 * Runs every route at each concurrency (a warm-up first) and prints one table, the provider called
 * directly on the first line of each concurrency. Returns the number of failed chats.
 */
export async function runSaturatingMode(options: {
  routes: SaturateRoute[];
  concurrencies: number[];
  chatsPerRun: number;
  serverCpuMs: () => number;
}): Promise<number> {
  const { routes, concurrencies, chatsPerRun, serverCpuMs } = options;
  console.log(
    `\nSaturating: the provider streams 50 tokens with no delay; ${chatsPerRun} chats per route and concurrency.`,
  );
  for (const route of routes) await saturate(route, 10, Math.min(200, chatsPerRun), serverCpuMs);
  console.log(
    '  concurrency  route                              chats/s  TTFT p50  TTFT p99  server CPU/chat  errors',
  );
  let failures = 0;
  for (const concurrency of concurrencies) {
    // Each level opens its extra connections unmeasured first (to the provider and to the server), so
    // whichever route is measured first does not alone pay for accepting them.
    for (const route of [routes.find((each) => !each.server), routes.find((each) => each.server)])
      if (route) await saturate(route, concurrency, concurrency * 2, serverCpuMs);
    for (const route of routes) {
      const figures = await saturate(route, concurrency, chatsPerRun, serverCpuMs);
      failures += figures.errors;
      const cpuMark =
        route.server && concurrency === 50
          ? figures.cpuPerChatMs <= TARGETS.cpuPerChatMs
            ? ' ok'
            : ' MISSED'
          : '';
      const rateMark =
        route.server && concurrency === 50
          ? figures.chatsPerSecond >= TARGETS.chatsPerSecond && figures.ttftP99 < TARGETS.ttftP99Ms
            ? ' ok'
            : ' MISSED'
          : '';
      console.log(
        `  ${String(concurrency).padStart(11)}  ${route.label.padEnd(33)}  ${fmt(figures.chatsPerSecond, 0).padStart(7)}${rateMark.padEnd(7)} ${fmt(figures.ttftP50).padStart(6)} ms ${fmt(figures.ttftP99).padStart(6)} ms  ${fmt(figures.cpuPerChatMs, 2).padStart(9)} ms${cpuMark.padEnd(7)} ${figures.errors}`,
      );
      if (figures.firstError) console.log(`      first error: ${figures.firstError.slice(0, 300)}`);
    }
  }
  console.log(
    `  targets at 50 concurrent: server CPU per chat <= ${TARGETS.cpuPerChatMs} ms, >= ${TARGETS.chatsPerSecond} chats/s with TTFT p99 < ${TARGETS.ttftP99Ms} ms`,
  );
  return failures;
}

/**
 * Sends one POST whose answer streams, timing the first chunk that matches `firstToken` and checking
 * the end of the stream with `complete`. Plain node:http over the caller's kept-alive agent: the load
 * generator shares the cores with the server, so it must cost as little as possible.
 */
export function streamedPost(
  agent: http.Agent,
  url: string,
  headers: Record<string, string>,
  body: string,
  firstToken: RegExp,
  complete: (tail: string) => boolean,
): Promise<{ ttftMs: number; ok: boolean; error?: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    let ttftMs = Number.NaN;
    let tail = '';
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (response) => {
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          // A chunk may hold many events (the server writes what arrived in one turn at once).
          const seen = tail + chunk;
          if (Number.isNaN(ttftMs) && firstToken.test(seen)) ttftMs = performance.now() - started;
          tail = seen.slice(-600);
        });
        response.on('end', () => {
          const ok = response.statusCode === 200 && complete(tail) && !Number.isNaN(ttftMs);
          resolve({ ttftMs, ok, ...(ok ? {} : { error: `HTTP ${response.statusCode}: ${tail}` }) });
        });
        response.on('error', (error) => resolve({ ttftMs, ok: false, error: `response: ${error.message}` }));
      },
    );
    request.on('error', (error) => resolve({ ttftMs, ok: false, error: `request: ${error.message}` }));
    request.end(body);
  });
}
