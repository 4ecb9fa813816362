import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handleAgentChat } from '../http/agent-chat';
import type { Runtime } from '../runtime';
import { publishAgent } from '../services/agent-versions';
import { createAgent } from '../services/agents';
import { createApiKey } from '../services/api-keys';
import { createTestOwner, testRuntime } from '../test-support';
import { type ReceivedSpan, startOtlpReceiver } from './otlp-receiver.testing';
import { startTracing, type Tracing } from './tracing';

const supportAgent = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../templates/support-agent.json'), 'utf8'),
);
const QUESTION = 'I bought 3 items at 12.50 each; what is 3 * 12.5?';

/** Chats with the agent through the real handler, inside a request span as Next's would be. */
async function chat(runtime: Runtime, tracing: Tracing | undefined, agentId: string, key: string) {
  const request = new Request(`http://127.0.0.1:3000/api/v1/agents/${agentId}/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', host: '127.0.0.1:3000', authorization: `Bearer ${key}` },
    body: JSON.stringify({
      messages: [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: QUESTION }] }],
    }),
  });
  const span = tracing?.tracer.startSpan('POST /api/v1/agents/[id]/chat');
  const parent = span ? trace.setSpan(ROOT_CONTEXT, span) : ROOT_CONTEXT;
  const response = await context.with(parent, () => handleAgentChat(runtime, request, agentId));
  expect(response.status).toBe(200);
  const body = await response.text();
  span?.end();
  await tracing?.forceFlush();
  return { body, requestSpanId: span?.spanContext().spanId };
}

const byName = (spans: ReceivedSpan[], name: string) => spans.filter((span) => span.name === name);

describe('run traces over OTLP/HTTP', () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let database: DatabaseHandle;
  let runtime: Runtime;
  let tracing: Tracing;
  let agentId: string;
  let key: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    database = await testBackends()[0]!.open();
    runtime = await testRuntime(database, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    tracing = (await startTracing(runtime.config, { serviceName: 'agentry-web' }))!;
    const actor = await createTestOwner(runtime);
    key = (await createApiKey(runtime, actor.workspaceId, 'test')).key;
    agentId = (await createAgent(runtime, actor, { name: 'Support', graph: supportAgent })).id;
    await publishAgent(runtime, actor, { id: agentId });
  });
  afterAll(async () => {
    await tracing?.shutdown();
    await receiver?.close();
    await database?.close();
  });

  it('exports the run, its nodes, model calls and tool calls under the request span, without contents', async () => {
    const { body, requestSpanId } = await chat(runtime, tracing, agentId, key);
    expect(body).toContain('37.5');
    const spans = receiver.spans.splice(0);
    const [run] = byName(spans, 'agentry.run');
    expect(run).toBeDefined();
    expect(run!.resource['service.name']).toBe('agentry-web');
    expect(run!.parentSpanId).toBe(requestSpanId);
    expect(run!.attributes).toMatchObject({
      'agentry.agent.id': agentId,
      'agentry.run.source': 'api',
      'agentry.run.status': 'succeeded',
      'agentry.agent.version_id': expect.any(String),
      'agentry.run.id': expect.any(String),
      'agentry.conversation.id': expect.any(String),
      'gen_ai.usage.input_tokens': expect.any(Number),
      'gen_ai.usage.output_tokens': expect.any(Number),
    });
    // Every span of the run is in the request's trace.
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set([run!.traceId]));

    const nodes = byName(spans, 'agentry.node');
    expect(nodes.every((node) => node.parentSpanId === run!.spanId)).toBe(true);
    const agent = nodes.find((node) => node.attributes['agentry.node.id'] === 'agent')!;
    expect(agent.attributes).toMatchObject({
      'agentry.node.type': 'agent',
      'agentry.node.label': 'Support agent',
      'agentry.node.status': 'done',
      'agentry.node.duration_ms': expect.any(Number),
    });

    const models = spans.filter((span) => span.attributes['gen_ai.operation.name'] === 'chat');
    // The offline model calls the calculator, then answers: two provider calls, both under the agent.
    expect(models.length).toBe(2);
    for (const model of models) {
      expect(model.name).toBe(`chat ${model.attributes['gen_ai.request.model']}`);
      expect(model.kind).toBe(3); // CLIENT
      expect(model.parentSpanId).toBe(agent.spanId);
      expect(model.attributes).toMatchObject({
        'gen_ai.provider.name': 'offline',
        'gen_ai.system': 'offline',
        'gen_ai.usage.input_tokens': expect.any(Number),
        'gen_ai.usage.output_tokens': expect.any(Number),
      });
    }
    expect(models.map((model) => model.attributes['gen_ai.response.finish_reasons'])).toEqual([
      ['tool-calls'],
      ['stop'],
    ]);

    const tools = spans.filter((span) => span.name.startsWith('execute_tool '));
    expect(tools).toHaveLength(1);
    expect(tools[0]!.parentSpanId).toBe(agent.spanId);
    expect(tools[0]!.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': tools[0]!.name.slice('execute_tool '.length),
      'gen_ai.tool.call.id': expect.any(String),
    });

    // Contents stay out unless the admin turns them on; credentials and headers never go in.
    const exported = JSON.stringify(spans);
    for (const name of ['gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.tool.call.arguments'])
      expect(exported).not.toContain(name);
    expect(exported).not.toContain('12.5?');
    expect(exported).not.toContain(key);
    expect(exported).not.toContain('authorization');
  });

  it('puts prompts, answers and tool arguments in the spans when content capture is on', async () => {
    runtime.config.otelCaptureContent = true;
    try {
      await chat(runtime, tracing, agentId, key);
    } finally {
      runtime.config.otelCaptureContent = false;
    }
    const spans = receiver.spans.splice(0);
    const models = spans.filter((span) => span.attributes['gen_ai.operation.name'] === 'chat');
    const input = JSON.parse(String(models[0]!.attributes['gen_ai.input.messages']));
    expect(input).toContainEqual({ role: 'user', parts: [{ type: 'text', content: QUESTION }] });
    const output = JSON.parse(String(models.at(-1)!.attributes['gen_ai.output.messages']));
    expect(output[0].parts[0].content).toContain('37.5');
    const [tool] = spans.filter((span) => span.name.startsWith('execute_tool '));
    expect(String(tool!.attributes['gen_ai.tool.call.arguments'])).toContain('3 * 12.5');
    expect(String(tool!.attributes['gen_ai.tool.call.result'])).toContain('37.5');
    expect(JSON.stringify(spans)).not.toContain(key);
  });

  it('builds nothing for a runtime without an endpoint: no span, no propagation', async () => {
    const quiet = await testRuntime(database);
    const startSpan = vi.spyOn(tracing.tracer, 'startSpan');
    const inject = vi.spyOn(propagation, 'inject');
    const extract = vi.spyOn(propagation, 'extract');
    try {
      await chat(quiet, undefined, agentId, key);
      expect(startSpan).not.toHaveBeenCalled();
      expect(inject).not.toHaveBeenCalled();
      expect(extract).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
    }
    await tracing.forceFlush();
    expect(receiver.spans).toEqual([]);
  });
});
