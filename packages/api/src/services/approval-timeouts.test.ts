import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { runs } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleStartAgentRun } from '../http/runs';
import type { Runtime } from '../runtime';
import { createTestOwner, testRuntime } from '../test-support';
import { publishAgent } from './agent-versions';
import { createAgent } from './agents';
import { createApiKey } from './api-keys';
import { answerTimedOutApprovals } from './approval-timeouts';

const refundTemplate = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../templates/refund-with-approval.json'), 'utf8'),
) as { nodes: { id: string; data: { config: Record<string, unknown> } }[]; edges: unknown[] };

/** The refund template whose question times out after a minute; the timeout branch answers directly. */
function refundWithTimeout() {
  const graph = structuredClone(refundTemplate);
  graph.nodes.find((node) => node.id === 'approval')!.data.config.timeoutSeconds = 60;
  graph.edges.push({
    id: 'timeout-declines',
    source: 'approval',
    sourceHandle: 'timeout',
    target: 'chat-output',
    targetHandle: 'text',
  });
  return graph;
}

async function statusOf(runtime: Runtime, runId: string, wanted: string[]) {
  for (let attempt = 0; attempt < 400; attempt++) {
    const [row] = await runtime.db
      .select({ status: runs.status, answer: runs.answer, pending: runs.pending })
      .from(runs)
      .where(eq(runs.id, runId));
    if (row && wanted.includes(row.status)) return row;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`run ${runId} never reached ${wanted.join('/')}`);
}

for (const backend of testBackends()) {
  describe(`approval timeouts on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
    }, 60_000);
    afterAll(() => database.close());

    it('answers a question whose time ran out with its timeout branch, once, even after a restart', async () => {
      const owner = await createTestOwner(runtime);
      const agentId = (await createAgent(runtime, owner, { name: 'Refunds', graph: refundWithTimeout() })).id;
      await publishAgent(runtime, owner, { id: agentId });
      const { key } = await createApiKey(runtime, owner.workspaceId, 'runner', { scopes: ['run'] });
      const started = await handleStartAgentRun(
        runtime,
        new Request(`http://127.0.0.1:3000/api/v1/agents/${agentId}/runs`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ input: 'Refund order 7 for 20 EUR, it arrived broken.' }),
        }),
        agentId,
      );
      const { id } = (await started.json()) as { id: string };
      const waiting = await statusOf(runtime, id, ['waiting', 'failed']);
      expect(waiting.status).toBe('waiting');
      const timeoutAt = new Date((waiting.pending as { timeoutAt: string }).timeoutAt);

      // Before its time nothing is answered; a process started later (the question outlived a restart)
      // answers it once the time has passed, and a second sweep finds nothing left to answer.
      expect(await answerTimedOutApprovals(runtime, { now: new Date(timeoutAt.getTime() - 1_000) })).toEqual(
        [],
      );
      const restarted = await testRuntime(database);
      const later = new Date(timeoutAt.getTime() + 1_000);
      expect(await answerTimedOutApprovals(restarted, { now: later })).toEqual([id]);
      expect(await answerTimedOutApprovals(restarted, { now: later })).toEqual([]);

      const done = await statusOf(restarted, id, ['succeeded', 'failed']);
      expect(done.status).toBe('succeeded');
      // The timeout branch was taken: the refund tool never ran, so no confirmation number.
      expect(done.answer).not.toMatch(/RF-/);
      expect(done.answer.length).toBeGreaterThan(0);
    }, 60_000);
  });
}
