import { type Tracer, trace } from '@opentelemetry/api';
import type { AgentryConfig } from '../config';
import type { Runtime } from '../runtime';

/** The process's OpenTelemetry SDK, once started: its tracer and how to push out what it holds. */
export interface Tracing {
  tracer: Tracer;
  /** Exports every ended span now (tests, and before a worker exits). */
  forceFlush(): Promise<void>;
  /** Exports what is left and stops the SDK; the process traces nothing afterwards. */
  shutdown(): Promise<void>;
}

/**
 * The SDK is process-wide (OpenTelemetry's global tracer provider, context manager and propagator), so
 * its handle lives on `globalThis` under a process-wide symbol, like the hot routes' state: Next loads
 * this package twice (instrumentation hook and routes), and both copies must find the one SDK.
 */
const STATE = Symbol.for('agentry.tracing');
type Holder = { [STATE]?: Tracing };

/** The started SDK, or undefined: the one check every traced path makes first. */
export function processTracing(): Tracing | undefined {
  return (globalThis as Holder)[STATE];
}

/** The tracing a runtime's runs use: none unless its configuration names an endpoint and the SDK runs. */
export function tracingFor(runtime: Runtime): Tracing | undefined {
  return runtime.config.otlpTracesEndpoint ? processTracing() : undefined;
}

/**
 * Starts the OpenTelemetry SDK when `config.otlpTracesEndpoint` is set (OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT); otherwise loads nothing and returns undefined. Spans go out over
 * OTLP/HTTP (JSON) in batches. The exporter reads OTEL_EXPORTER_OTLP_HEADERS (and the _TRACES_ variant)
 * itself; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override the resource, `serviceName` is the
 * default (`agentry-web`, `agentry-worker`). The endpoint is set by the admin, so it may be loopback
 * (a local collector): the outbound-address guard is for URLs users control, not this one.
 * Started once per process; a second call returns the running SDK.
 */
export async function startTracing(
  config: AgentryConfig,
  options: { serviceName: string },
): Promise<Tracing | undefined> {
  const url = config.otlpTracesEndpoint;
  if (!url) return undefined;
  const holder = globalThis as Holder;
  if (holder[STATE]) return holder[STATE];
  // Loaded only when tracing is on: a server without it never loads the SDK.
  const [sdk, exporter, resources, hooks, core, conventions] = await Promise.all([
    import('@opentelemetry/sdk-trace'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/core'),
    import('@opentelemetry/semantic-conventions'),
  ]);
  if (holder[STATE]) return holder[STATE];
  const resource = resources
    .resourceFromAttributes({ [conventions.ATTR_SERVICE_NAME]: options.serviceName })
    .merge(resources.detectResources({ detectors: [resources.envDetector] }));
  const provider = new sdk.TracerProvider({
    resource,
    spanProcessors: [new sdk.BatchSpanProcessor({ exporter: new exporter.OTLPTraceExporter({ url }) })],
  });
  const { context, propagation } = await import('@opentelemetry/api');
  // Spans follow the request through awaits (Next's own spans and the hot routes' request span), and
  // `traceparent` headers are read and written in the W3C format.
  context.setGlobalContextManager(new hooks.AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new core.CompositePropagator({
      propagators: [new core.W3CTraceContextPropagator(), new core.W3CBaggagePropagator()],
    }),
  );
  trace.setGlobalTracerProvider(provider);
  const tracing: Tracing = {
    tracer: trace.getTracer('agentry'),
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      delete holder[STATE];
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
  holder[STATE] = tracing;
  return tracing;
}
