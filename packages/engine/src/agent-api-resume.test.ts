import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Agent, AgentRunError, AgentWaitingError } from './agent-api';

const refund = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../api/src/templates/refund-with-approval.json'), 'utf8'),
);
const MESSAGE = 'Please refund order 1042: the kettle arrived broken, it cost 39.90.';

describe('Agent API: runs that wait for a person', () => {
  it('run() returns the question; resume(runId, answer) continues down the chosen branch', async () => {
    const agent = Agent.fromGraph(refund);
    const waiting = await agent.run(MESSAGE);
    expect(waiting).toMatchObject({ status: 'waiting', request: { kind: 'approval', nodeId: 'approval' } });
    if (waiting.status !== 'waiting') return;
    expect(JSON.parse(JSON.stringify(waiting.checkpoint)).waiting.id).toBe(waiting.request.id);
    const done = await agent.resume(waiting.runId, { choice: 'approve' });
    expect(done).toMatchObject({ status: 'done', runId: waiting.runId });
    expect(done.status === 'done' && done.answer).toMatch(/refunded.*RF-\d{6}/);
    await expect(agent.resume(waiting.runId, { choice: 'approve' })).rejects.toThrow(AgentRunError);
  });

  it('resumes from a checkpoint stored elsewhere, in another Agent', async () => {
    const first = await Agent.fromGraph(refund).run(MESSAGE);
    if (first.status !== 'waiting') throw new Error('expected a wait');
    const stored = JSON.parse(JSON.stringify(first.checkpoint));
    const done = await Agent.fromGraph(refund).resume(stored, { choice: 'reject' });
    expect(done.status).toBe('done');
    expect(done.status === 'done' && done.answer).not.toMatch(/RF-\d{6}/);
  });

  it('generateResponse() throws AgentWaitingError with the run id to resume', async () => {
    const agent = Agent.fromGraph(refund);
    const error = await agent.generateResponse(MESSAGE).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AgentWaitingError);
    const { runId } = error as AgentWaitingError;
    expect((await agent.resume(runId, { choice: 'approve' })).status).toBe('done');
  });
});
