import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { readUIMessageStream, type UIMessage, type UIMessageChunk } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { publishAgent } from '../services/agent-versions';
import { createAgent } from '../services/agents';
import { createApiKey } from '../services/api-keys';
import { createTestOwner, testRuntime } from '../test-support';
import { handleAgentChat } from './agent-chat';
import { edge, node } from '@agentry/engine/testing/graph-builders';

/** An agent whose refund tool asks before running (the offline model calls tools named in the message). */
const refundAgent = {
  version: 1,
  nodes: [
    node('in', 'chat-input'),
    node('model', 'model', { provider: 'offline', model: '' }),
    node('refund', 'code-tool', {
      name: 'issue_refund',
      description: 'Issues a refund for an order.',
      code: 'return { refunded: true, confirmation: "RF-7" };',
      askBeforeRunning: true,
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

/** Reads a UI message stream response the way useChat does, continuing `message` when given. */
async function readAssistant(response: Response, message?: UIMessage): Promise<UIMessage> {
  expect(response.status).toBe(200);
  const text = await response.text();
  const chunks = text
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice(6)) as UIMessageChunk);
  const stream = new ReadableStream<UIMessageChunk>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  let last: UIMessage | undefined = message;
  for await (const update of readUIMessageStream({ stream, message: message && structuredClone(message) }))
    last = update;
  return last!;
}

type ToolPart = { type: string; state: string; approval?: Record<string, unknown>; output?: unknown };
const toolPartOf = (message: UIMessage) =>
  message.parts.find((part) => 'approval' in part || part.type === 'dynamic-tool') as ToolPart | undefined;

for (const backend of testBackends()) {
  describe(`tool approval answered by a useChat client on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let key: string;
    let agentId: string;
    let otherAgentId: string;

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      const owner = await createTestOwner(runtime);
      agentId = (await createAgent(runtime, owner, { name: 'Refunds', graph: refundAgent })).id;
      otherAgentId = (await createAgent(runtime, owner, { name: 'Other', graph: refundAgent })).id;
      await publishAgent(runtime, owner, { id: agentId });
      await publishAgent(runtime, owner, { id: otherAgentId });
      key = (await createApiKey(runtime, owner.workspaceId, 'chat', { scopes: ['run'] })).key;
    }, 60_000);
    afterAll(() => database.close());

    const chat = (id: string, messages: unknown[]) =>
      handleAgentChat(
        runtime,
        new Request(`http://127.0.0.1:3000/api/v1/agents/${id}/chat`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ messages }),
        }),
        id,
      );
    const user = {
      id: 'u1',
      role: 'user',
      parts: [{ type: 'text', text: 'Please issue_refund for order 7.' }],
    };

    /** Sends the question, then the answer as addToolApprovalResponse leaves the messages. */
    async function askAndAnswer(approved: boolean, answerTo = agentId) {
      const asked = await readAssistant(await chat(agentId, [user]));
      const part = toolPartOf(asked);
      expect(part?.state).toBe('approval-requested');
      part!.state = 'approval-responded';
      part!.approval = {
        ...part!.approval,
        approved,
        reason: approved ? undefined : 'Order 7 was refunded already.',
      };
      return { asked, response: await chat(answerTo, [user, asked]) };
    }

    it('approving runs the tool and the answer goes on in the same assistant message', async () => {
      const { asked, response } = await askAndAnswer(true);
      const answered = await readAssistant(response, asked);
      expect(answered.id).toBe(asked.id);
      const part = toolPartOf(answered)!;
      expect(part.state).toBe('output-available');
      expect(JSON.stringify(part.output)).toContain('RF-7');
    });

    it('denying never runs the tool and the model is told why', async () => {
      const { asked, response } = await askAndAnswer(false);
      const answered = await readAssistant(response, asked);
      expect(toolPartOf(answered)!.state).toBe('output-denied');
      const text = answered.parts.map((part) => ('text' in part ? part.text : '')).join('');
      // The model got the person's reason as the call's result (the offline model repeats it).
      expect(text).toContain('refunded already');
      expect(text).not.toContain('RF-7');
    });

    it("refuses an answer sent to another agent's chat", async () => {
      const { response } = await askAndAnswer(true, otherAgentId);
      expect(response.status).toBe(404);
    });
  });
}
