import { describe, expect, it } from 'vitest';
import { createMemoryCheckpoints } from '../runtime/checkpoint';
import { collectRun } from '../runtime/collect-run';
import type { CodeRunner } from '../runtime/context';
import { createMemoryContext } from '../runtime/in-memory';
import { runGraph } from '../runtime/run-graph';
import { edge, node } from '../testing/graph-builders';

function graph(askBeforeRunning: boolean) {
  return {
    version: 1,
    nodes: [
      node('in', 'chat-input'),
      node('model', 'model', { provider: 'offline', model: '' }),
      node('refund', 'code-tool', {
        name: 'issue_refund',
        description: 'Issues a refund for an order.',
        code: 'return { refunded: true };',
        askBeforeRunning,
      }),
      node('agent', 'agent', { instructions: 'Refund when asked.', maxSteps: 4 }),
      node('out', 'chat-output'),
    ],
    edges: [
      edge('in', 'message', 'agent', 'prompt'),
      edge('model', 'model', 'agent', 'model'),
      edge('refund', 'tool', 'agent', 'tools'),
      edge('agent', 'text', 'out', 'text'),
    ],
  };
}

/** Runs until the tool asks, then answers; counts how often the tool's code really ran. */
async function askThenAnswer(answer: Record<string, unknown>) {
  let ran = 0;
  const runCode: CodeRunner = async () => {
    ran++;
    return { result: { refunded: true }, logs: [] };
  };
  const context = { ...createMemoryContext(), runCode };
  const checkpoints = createMemoryCheckpoints();
  const input = { message: 'Please issue_refund for order 7.' };
  const first = await collectRun(
    runGraph({ graph: graph(true), input, context, checkpoints, runId: 'run-t' }),
  );
  const ranBeforeAnswer = ran;
  const request = first.waiting!;
  const second = await collectRun(
    runGraph({
      graph: graph(true),
      input,
      context,
      checkpoints,
      resumeFrom: JSON.parse(JSON.stringify(checkpoints.latest('run-t'))),
      resumeWith: { requestId: request.id, ...answer } as never,
    }),
  );
  return { first, second, request, ranBeforeAnswer, ran: () => ran };
}

describe('tool approval on the Agent node', () => {
  it('runs an unmarked tool without asking', async () => {
    const run = await collectRun(
      runGraph({
        graph: graph(false),
        input: { message: 'Please issue_refund for order 7.' },
        context: createMemoryContext(),
      }),
    );
    expect(run.status).toBe('done');
    expect(run.events.some((event) => event.type === 'tool-result')).toBe(true);
  });

  it('waits with the call and its arguments before a marked tool runs, then runs it once approved', async () => {
    const { first, second, request, ranBeforeAnswer, ran } = await askThenAnswer({ choice: 'approve' });
    expect(first.status).toBe('waiting');
    expect(ranBeforeAnswer).toBe(0);
    expect(request).toMatchObject({
      kind: 'tool',
      nodeId: 'agent',
      audience: 'operator',
      choices: [
        { id: 'approve', label: 'Approve' },
        { id: 'deny', label: 'Deny' },
      ],
      toolCall: { toolName: 'issue_refund', input: { input: expect.any(String) } },
    });
    expect(request.message).toMatch(/^Run tool issue_refund with \{/);
    expect(second.status).toBe('done');
    expect(ran()).toBe(1);
    expect(second.events.map((event) => event.type).slice(0, 2)).toEqual(['node-restart', 'node-start']);
    const result = second.events.find((event) => event.type === 'tool-result');
    expect(result).toMatchObject({
      toolName: 'issue_refund',
      isError: false,
      output: { result: { refunded: true } },
    });
  });

  it('gives the model the reason when a person denies the call, and never runs the tool', async () => {
    const { second, ran } = await askThenAnswer({ choice: 'deny', reason: 'over the refund limit' });
    expect(ran()).toBe(0);
    const result = second.events.find((event) => event.type === 'tool-result');
    expect(result).toMatchObject({
      isError: true,
      output: { error: 'A person denied this call: over the refund limit' },
    });
    expect(second.answer).toContain('over the refund limit');
  });
});
