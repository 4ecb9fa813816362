import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../__fixtures__/load-fixture';
import { createMemoryStorage } from '../runtime/in-memory';
import { promptText, scriptedModel, textParts, toolCallParts, usage } from '../testing/mock-model';
import {
  drainNode,
  eventTrail,
  mockContext,
  modelResource,
  nodeContext,
  runToEnd,
} from '../testing/run-helpers';
import { agentNode } from './agent';
import { calculatorToolNode } from './calculator-tool';
import { NodeInputs } from './node-inputs';

function calculator() {
  const config = calculatorToolNode.config.parse({});
  return (calculatorToolNode.run(new NodeInputs({}), nodeContext(config)) as { tool: unknown }).tool;
}

function runAgent(config: object, model: ReturnType<typeof scriptedModel>, message = 'Work out 6*7') {
  const inputs = new NodeInputs({
    prompt: [{ role: 'user', content: message }],
    model: modelResource(model),
    tools: [calculator()],
  });
  return drainNode(agentNode.run(inputs, nodeContext(agentNode.config.parse(config))));
}

describe('Agent', () => {
  it('calls tools in a loop and answers with what they returned', async () => {
    const model = scriptedModel(
      toolCallParts('call-1', 'calculator', { expression: '6*7' }),
      textParts(['The answer ', 'is 42.']),
    );
    const run = await runToEnd(
      loadFixture('agent-tools'),
      mockContext({ 'agent-model': model }),
      'What is 6*7?',
    );
    expect(run.answer).toBe('The answer is 42.');
    expect(eventTrail(run.events)).toEqual(
      expect.arrayContaining(['tool-call:agent', 'tool-result:agent', 'node-end:agent:done']),
    );
    const result = run.events.find((event) => event.type === 'tool-result');
    expect(result).toMatchObject({
      toolName: 'calculator',
      isError: false,
      output: { expression: '6*7', result: 42 },
    });
    // The tool's result went back to the model for its second step; both tools were offered.
    expect(promptText(model, 1)).toContain('42');
    expect(Object.keys(model.doStreamCalls[0]?.tools ?? {}).length).toBe(2);
    expect(run.usage).toEqual({ inputTokens: 15, outputTokens: 7 });
  });

  it('returns a failing tool’s error to the agent as its result, and the run goes on', async () => {
    const model = scriptedModel(
      toolCallParts('call-1', 'calculator', { expression: '1/0' }),
      textParts(['Division by zero is undefined.']),
    );
    const run = await runToEnd(loadFixture('agent-tools'), mockContext({ 'agent-model': model }));
    expect(run.status).toBe('done');
    const result = run.events.find((event) => event.type === 'tool-result');
    expect(result).toMatchObject({ isError: true, output: { error: expect.stringMatching(/zero/i) } });
    expect(promptText(model, 1)).toMatch(/error.*zero/i);
  });

  it('remembers turns in its memory', async () => {
    const storage = createMemoryStorage();
    const graph = loadFixture('agent-tools');
    graph.nodes.push({ id: 'memory', type: 'memory', position: { x: 0, y: 0 }, data: {} });
    graph.edges.push({
      id: 'm',
      source: 'memory',
      sourceHandle: 'memory',
      target: 'agent',
      targetHandle: 'memory',
    });
    const first = scriptedModel(textParts(['Nice to meet you.']));
    await runToEnd(graph, mockContext({ 'agent-model': first }, { storage }), 'I am Ada');
    const second = scriptedModel(textParts(['You are Ada.']));
    await runToEnd(graph, mockContext({ 'agent-model': second }, { storage }), 'Who am I?');
    expect(promptText(second)).toContain('I am Ada');
    expect(promptText(second)).toContain('Nice to meet you.');
  });

  it('autonomous mode works until it calls finish and reports it', async () => {
    const model = scriptedModel(
      toolCallParts('call-1', 'calculator', { expression: '6*7' }),
      toolCallParts('call-2', 'finish', { summary: 'Done: 6*7 is 42.' }),
      textParts(['never reached']),
    );
    const { outputs, events } = await runAgent({ mode: 'autonomous', maxSteps: 8 }, model);
    expect(outputs.text).toBe('Done: 6*7 is 42.');
    expect(outputs.report).toMatchObject({ mode: 'autonomous', stopReason: 'finished', steps: 2 });
    expect(model.doStreamCalls).toHaveLength(2);
    expect(promptText(model)).toContain('call the \\"finish\\" tool');
    expect(
      events
        .filter((event) => event.type === 'tool-call')
        .map((event) => event.type === 'tool-call' && event.toolName),
    ).toEqual(['calculator', 'finish']);
  });

  it('autonomous mode stops when its step budget runs out and says so', async () => {
    const model = scriptedModel(toolCallParts('call-n', 'calculator', { expression: '1+1' }));
    const { outputs } = await runAgent({ mode: 'autonomous', maxSteps: 3 }, model);
    expect(model.doStreamCalls).toHaveLength(3);
    expect(outputs.report).toMatchObject({ stopReason: 'step_budget', steps: 3 });
    expect(outputs.text).toContain('step budget ran out');
  });

  it('autonomous mode stops when its token budget runs out', async () => {
    const expensive: LanguageModelV4StreamPart[] = [
      { type: 'tool-call', toolCallId: 'c', toolName: 'calculator', input: '{"expression":"2"}' },
      { type: 'finish', usage: usage(80, 40), finishReason: { unified: 'tool-calls', raw: 'tool_calls' } },
    ];
    const model = scriptedModel(expensive);
    const { outputs } = await runAgent({ mode: 'autonomous', maxSteps: 10, maxTokens: 200 }, model);
    expect(model.doStreamCalls).toHaveLength(2);
    expect(outputs.report).toMatchObject({
      stopReason: 'token_budget',
      usage: { inputTokens: 160, outputTokens: 80 },
    });
    expect(outputs.text).toContain('token budget ran out');
  });

  it('refuses two tools with the same name', async () => {
    const inputs = new NodeInputs({
      prompt: [{ role: 'user', content: 'x' }],
      model: modelResource(scriptedModel()),
      tools: [calculator(), calculator()],
    });
    const run = drainNode(agentNode.run(inputs, nodeContext(agentNode.config.parse({}))));
    await expect(run).rejects.toThrow(/named "calculator"/);
  });
});
