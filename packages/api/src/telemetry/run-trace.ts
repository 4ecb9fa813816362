import type { EngineEvent, ModelCallReport } from '@agentry/engine';
import {
  type Attributes,
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { Runtime } from '../runtime';
import type { PreparedRun, StartRunRequest } from '../services/runs';
import { contentText, GEN_AI, modelCallAttributes } from './gen-ai-attributes';
import { tracingFor } from './tracing';

/**
 * What a run's trace needs beyond the prepared run, carried in it (and so in a queue job): the W3C
 * `traceparent` of the span that asked for the run (the HTTP request's), and what the run span names.
 */
export interface RunTraceInfo {
  traceparent?: string;
  agentId: string;
  versionId: string | null;
  source: StartRunRequest['source'];
}

/**
 * The trace fields of a run about to be prepared, taken from the active context (the request's span);
 * undefined, with no propagation work at all, when tracing is off.
 */
export function runTraceInfo(runtime: Runtime, request: StartRunRequest): RunTraceInfo | undefined {
  if (!tracingFor(runtime)) return undefined;
  const carrier: { traceparent?: string } = {};
  propagation.inject(context.active(), carrier);
  return {
    traceparent: carrier.traceparent,
    agentId: request.agentId,
    versionId: request.versionId ?? null,
    source: request.source,
  };
}

/** One node's span while it runs, and the model calls reported before its start was seen. */
interface NodeSpan {
  span?: Span;
  context?: Context;
  pending: ModelCallReport[];
  label?: string;
}

/**
 * Builds a run's spans from its engine events: `agentry.run` (under the requester's span), an
 * `agentry.node` per node, `execute_tool <name>` per tool call under its node, and a GenAI `chat <model>`
 * span per provider call from the engine's model-call reports. Events are read where the host reads
 * them, so a node's span starts when its `node-start` is seen; a model call reported before that (the
 * engine runs ahead of its reader) waits for it.
 */
export class RunTrace {
  private readonly runSpan: Span;
  private readonly runContext: Context;
  private readonly nodes = new Map<string, NodeSpan>();
  private readonly tools = new Map<string, Span>();
  private ended = false;
  /** The run reported how it ended (or paused). */
  private settled = false;

  constructor(
    private readonly tracer: Tracer,
    prepared: PreparedRun,
    private readonly capture: boolean,
  ) {
    const info = prepared.trace;
    const parent = info?.traceparent
      ? propagation.extract(ROOT_CONTEXT, { traceparent: info.traceparent })
      : ROOT_CONTEXT;
    const attributes: Attributes = {
      'agentry.run.id': prepared.runId,
      'agentry.workspace.id': prepared.workspaceId,
      'agentry.conversation.id': prepared.conversationId,
      [GEN_AI.conversationId]: prepared.conversationId,
    };
    if (info) {
      attributes['agentry.agent.id'] = info.agentId;
      attributes['agentry.run.source'] = info.source;
      if (info.versionId) attributes['agentry.agent.version_id'] = info.versionId;
    }
    if (prepared.resume) attributes['agentry.run.resumed'] = true;
    if (capture) attributes['agentry.run.input'] = prepared.message;
    this.runSpan = tracer.startSpan('agentry.run', { kind: SpanKind.INTERNAL, attributes }, parent);
    this.runContext = trace.setSpan(parent, this.runSpan);
  }

  /** The engine's model-call observer (RunContext.onModelCall). */
  readonly onModelCall = (call: ModelCallReport): void => {
    if (this.ended) return;
    const node = this.nodes.get(call.nodeId);
    if (node?.context) this.modelSpan(call, node.context);
    else if (node) node.pending.push(call);
    else this.nodes.set(call.nodeId, { pending: [call] });
  };

  /** Passes the events through, building spans as they go; the run span ends with the run. */
  async *wrap(events: AsyncIterable<EngineEvent>): AsyncGenerator<EngineEvent> {
    let failure: unknown;
    try {
      for await (const event of events) {
        this.observe(event);
        // The run span ends before its last event goes on: whoever sees the end (a queue's reader
        // in another process) finds the whole run in the exporter's next batch.
        if (this.settled) this.close(undefined);
        yield event;
      }
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      this.close(failure);
    }
  }

  private observe(event: EngineEvent): void {
    if (event.type === 'run-end' || event.type === 'run-waiting' || event.type === 'run-error')
      this.settled = true;
    switch (event.type) {
      case 'node-start':
        this.startNode(event.nodeId, event.nodeType, event.label, event.attempt);
        return;
      case 'node-end':
        this.endNode(event);
        return;
      case 'tool-call': {
        const parent = this.nodes.get(event.nodeId)?.context ?? this.runContext;
        const attributes: Attributes = {
          [GEN_AI.operationName]: 'execute_tool',
          [GEN_AI.toolName]: event.toolName,
          [GEN_AI.toolCallId]: event.toolCallId,
          'agentry.node.id': event.nodeId,
        };
        if (this.capture) attributes[GEN_AI.toolArguments] = contentText(event.input);
        const span = this.tracer.startSpan(
          `execute_tool ${event.toolName}`,
          { kind: SpanKind.INTERNAL, attributes },
          parent,
        );
        this.tools.set(event.toolCallId, span);
        return;
      }
      case 'tool-result': {
        const span = this.tools.get(event.toolCallId);
        if (!span) return; // a replayed result of a call made before a checkpoint
        this.tools.delete(event.toolCallId);
        if (this.capture) span.setAttribute(GEN_AI.toolResult, contentText(event.output));
        if (event.approval) span.setAttribute('agentry.tool.approval', event.approval);
        if (event.isError) {
          span.setAttribute('error.type', 'tool_error');
          const output = event.output as { error?: unknown } | undefined;
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: typeof output?.error === 'string' ? output.error : 'The tool failed.',
          });
        }
        span.end();
        return;
      }
      case 'run-end':
        this.runSpan.setAttributes({ 'agentry.run.status': 'succeeded', ...tokens(event.usage) });
        if (this.capture) this.runSpan.setAttribute('agentry.run.answer', event.answer);
        return;
      case 'run-waiting':
        this.runSpan.setAttributes({ 'agentry.run.status': 'waiting', ...tokens(event.usage) });
        return;
      case 'run-error': {
        const status = event.code === 'aborted' ? 'cancelled' : 'failed';
        this.runSpan.setAttributes({
          'agentry.run.status': status,
          'error.type': event.code,
          ...tokens(event.usage),
        });
        if (event.nodeId) this.runSpan.setAttribute('agentry.node.id', event.nodeId);
        this.runSpan.setStatus({ code: SpanStatusCode.ERROR, message: event.message });
        return;
      }
    }
  }

  private startNode(nodeId: string, nodeType: string, label: string, attempt: number): void {
    const known = this.nodes.get(nodeId);
    known?.span?.end(); // an earlier attempt that never reported its end (a retry)
    const pending = known?.pending ?? [];
    const earliest = Math.min(Date.now(), ...pending.map((call) => call.startedAt));
    const span = this.tracer.startSpan(
      'agentry.node',
      {
        kind: SpanKind.INTERNAL,
        startTime: earliest,
        attributes: {
          'agentry.node.id': nodeId,
          'agentry.node.type': nodeType,
          'agentry.node.label': label,
          'agentry.node.attempt': attempt,
        },
      },
      this.runContext,
    );
    const node: NodeSpan = { span, context: trace.setSpan(this.runContext, span), pending: [], label };
    this.nodes.set(nodeId, node);
    for (const call of pending) this.modelSpan(call, node.context!);
  }

  private endNode(event: Extract<EngineEvent, { type: 'node-end' }>): void {
    let node = this.nodes.get(event.nodeId);
    if (!node?.span) {
      // Skipped nodes (a branch not taken) end without starting: their span is as long as they took.
      this.startNode(event.nodeId, event.nodeType, node?.label ?? event.nodeId, 0);
      node = this.nodes.get(event.nodeId)!;
    }
    const span = node.span!;
    span.setAttributes({
      'agentry.node.status': event.status,
      'agentry.node.duration_ms': Math.round(event.durationMs),
      ...tokens(event.usage),
    });
    if (event.branch) span.setAttribute('agentry.node.branch', event.branch);
    if (event.error) {
      span.setAttribute('error.type', event.error.code);
      span.setStatus({ code: SpanStatusCode.ERROR, message: event.error.message });
    }
    span.end();
    node.span = undefined;
  }

  private modelSpan(call: ModelCallReport, parent: Context): void {
    const span = this.tracer.startSpan(
      `chat ${call.model}`,
      {
        kind: SpanKind.CLIENT,
        startTime: call.startedAt,
        attributes: modelCallAttributes(call, this.capture),
      },
      parent,
    );
    if (call.error) span.setStatus({ code: SpanStatusCode.ERROR, message: call.error.message });
    span.end(call.endedAt);
  }

  /** Ends what is still open: a run stopped early (a closed tab) is recorded as cancelled. */
  private close(failure: unknown): void {
    if (this.ended) return;
    this.ended = true;
    for (const [nodeId, node] of this.nodes) {
      for (const call of node.pending) this.modelSpan(call, node.context ?? this.runContext);
      node.pending = [];
      if (node.span) {
        node.span.setAttribute('agentry.node.status', 'cancelled');
        node.span.end();
        this.nodes.delete(nodeId);
      }
    }
    for (const span of this.tools.values()) span.end();
    this.tools.clear();
    if (failure !== undefined) {
      this.runSpan.setAttribute('agentry.run.status', 'failed');
      this.runSpan.setStatus({
        code: SpanStatusCode.ERROR,
        message: failure instanceof Error ? failure.message : String(failure),
      });
    } else if (!this.settled) {
      this.runSpan.setAttribute('agentry.run.status', 'cancelled');
    }
    this.runSpan.end();
  }
}

function tokens(usage: { inputTokens: number; outputTokens: number }): Attributes {
  return { [GEN_AI.inputTokens]: usage.inputTokens, [GEN_AI.outputTokens]: usage.outputTokens };
}

/** A run's trace when tracing is on for this runtime; undefined (nothing built) otherwise. */
export function traceRun(runtime: Runtime, prepared: PreparedRun): RunTrace | undefined {
  const tracing = tracingFor(runtime);
  if (!tracing) return undefined;
  return new RunTrace(tracing.tracer, prepared, runtime.config.otelCaptureContent);
}
