import type http from 'node:http';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { processTracing } from './tracing';

/** A hot route's request span: `run` calls the handler inside it, `end` closes it once the answer is written. */
export interface RequestSpan {
  run<T>(handler: () => Promise<T>): Promise<T>;
  end(status: number | undefined, error?: unknown): void;
}

/**
 * A SERVER span for a request the hot routes answer (Next's router, which makes these spans for the
 * routes it serves, never sees them), continuing the caller's `traceparent` when it sent one. Undefined
 * when tracing is off: the hot path then does no extra work at all.
 */
export function startRequestSpan(
  incoming: http.IncomingMessage,
  route: string | undefined,
): RequestSpan | undefined {
  const tracing = processTracing();
  if (!tracing) return undefined;
  const method = incoming.method ?? 'POST';
  const url = incoming.url ?? '/';
  const query = url.indexOf('?');
  const parent = propagation.extract(ROOT_CONTEXT, incoming.headers);
  const span: Span = tracing.tracer.startSpan(
    route ? `${method} ${route}` : method,
    {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': method,
        'url.path': query === -1 ? url : url.slice(0, query),
        ...(route ? { 'http.route': route } : {}),
        'url.scheme': 'encrypted' in (incoming.socket ?? {}) ? 'https' : 'http',
        ...(incoming.headers['user-agent'] ? { 'user_agent.original': incoming.headers['user-agent'] } : {}),
      },
    },
    parent,
  );
  const spanContext = trace.setSpan(parent, span);
  return {
    run: (handler) => context.with(spanContext, handler),
    end(status, error) {
      if (status !== undefined) span.setAttribute('http.response.status_code', status);
      if (error !== undefined || (status !== undefined && status >= 500)) {
        span.setAttribute(
          'error.type',
          status !== undefined && status >= 500 ? String(status) : 'stream_failed',
        );
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    },
  };
}
