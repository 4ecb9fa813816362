import { describe, expect, it } from 'vitest';
import { createMemoryCheckpoints } from '../runtime/checkpoint';
import { collectRun } from '../runtime/collect-run';
import { createFixedClock, createMemoryContext } from '../runtime/in-memory';
import { runGraph } from '../runtime/run-graph';
import { edge, node } from '../testing/graph-builders';

// Chat Input → approval; "ship" and "timeout" branches each reach the Chat Output.
const graph = {
  version: 1,
  nodes: [
    node('in', 'chat-input'),
    node('ask', 'human-approval', {
      message: 'Ship this? {{text}}',
      choices: [
        { id: 'ship', label: 'Ship it' },
        { id: 'hold', label: 'Hold' },
      ],
      form: [{ name: 'count', label: 'How many', type: 'number', required: true }],
      timeoutSeconds: 60,
      audience: 'visitor',
    }),
    node('out', 'chat-output'),
  ],
  edges: [
    edge('in', 'message', 'ask', 'text'),
    edge('ask', 'ship', 'out', 'text'),
    edge('ask', 'timeout', 'out', 'text'),
  ],
};

async function startWaiting() {
  const context = createMemoryContext({ clock: createFixedClock('2026-03-01T12:00:00Z') });
  const checkpoints = createMemoryCheckpoints();
  const first = await collectRun(
    runGraph({ graph, input: { message: 'order 7' }, context, checkpoints, runId: 'run-a' }),
  );
  const checkpoint = JSON.parse(JSON.stringify(checkpoints.latest('run-a')));
  const resume = (resumeWith: unknown) =>
    collectRun(
      runGraph({
        graph,
        input: { message: 'order 7' },
        context,
        checkpoints,
        resumeFrom: checkpoint,
        resumeWith: resumeWith as never,
      }),
    );
  return { first, checkpoint, resume };
}

describe('Human approval node', () => {
  it('ends the run as waiting with the question, its choices, form, audience and timeout', async () => {
    const { first, checkpoint } = await startWaiting();
    expect(first.status).toBe('waiting');
    expect(first.waiting).toEqual({
      id: 'run-a:wait-1',
      kind: 'approval',
      nodeId: 'ask',
      message: 'Ship this? order 7',
      choices: [
        { id: 'ship', label: 'Ship it' },
        { id: 'hold', label: 'Hold' },
      ],
      form: [{ name: 'count', label: 'How many', type: 'number', required: true }],
      audience: 'visitor',
      timeoutAt: '2026-03-01T12:01:00.000Z',
    });
    expect(checkpoint.waiting.id).toBe('run-a:wait-1');
    expect(first.events.at(-1)?.seq).toBe(checkpoint.seq);
  });

  it('routes by the answer: the chosen branch runs, the other is skipped', async () => {
    const { resume } = await startWaiting();
    const shipped = await resume({ requestId: 'run-a:wait-1', choice: 'ship', form: { count: 2 } });
    expect(shipped.status).toBe('done');
    expect(shipped.answer).toBe('order 7');
    const held = await resume({ requestId: 'run-a:wait-1', choice: 'hold', form: { count: 1 } });
    expect(held.status).toBe('done');
    expect(held.answer).toBe('');
  });

  it('takes the timeout branch when the host answers timedOut', async () => {
    const { resume } = await startWaiting();
    const timedOut = await resume({ requestId: 'run-a:wait-1', timedOut: true });
    expect(timedOut.answer).toBe('order 7');
    const end = timedOut.events.find((event) => event.type === 'node-end' && event.nodeId === 'ask');
    expect(end).toMatchObject({ status: 'done' });
  });

  it('refuses answers that do not fit the question, saying why', async () => {
    const { resume } = await startWaiting();
    const cases: [unknown, RegExp][] = [
      [undefined, /waits for an answer to request "run-a:wait-1"/],
      [{ requestId: 'other', choice: 'ship', form: { count: 1 } }, /is for request "other"/],
      [
        { requestId: 'run-a:wait-1', choice: 'maybe', form: { count: 1 } },
        /"maybe" is not a choice.*ship, hold/,
      ],
      [{ requestId: 'run-a:wait-1', choice: 'ship' }, /"count" is required/],
      [{ requestId: 'run-a:wait-1', choice: 'ship', form: { count: 'two' } }, /"count" must be a number/],
    ];
    for (const [answer, message] of cases) {
      const run = await resume(answer);
      expect(run.status).toBe('failed');
      expect(run.error).toMatchObject({ code: 'invalid_parameter' });
      expect(run.error?.message).toMatch(message);
    }
  });

  it('still ends as waiting without a checkpoint sink (nothing to continue from: hosts pass one)', async () => {
    const run = await collectRun(
      runGraph({ graph, input: { message: 'x' }, context: createMemoryContext() }),
    );
    expect(run.status).toBe('waiting');
  });
});
