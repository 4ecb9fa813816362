export { type RequestSpan, startRequestSpan } from './request-span';
export { RunTrace, type RunTraceInfo, runTraceInfo, traceRun } from './run-trace';
export { processTracing, startTracing, type Tracing, tracingFor } from './tracing';
