import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import type { AgentryUIMessage, AgentryUIMessageChunk } from '@agentry/engine';
import { readUIMessageStream } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { publishAgent } from '../services/agent-versions';
import { createAgent } from '../services/agents';
import { createApiKey } from '../services/api-keys';
import { createTestOwner, testRuntime } from '../test-support';
import { handleAgentChat } from './agent-chat';

/** An Agent with a calculator and a clock on the offline model. */
const agentTools = JSON.parse(
  readFileSync(
    path.resolve(import.meta.dirname, '../../../engine/src/__fixtures__/agent-tools.json'),
    'utf8',
  ),
);
agentTools.nodes.find((node: { id: string }) => node.id === 'model').data.config.model = '';

/** The chunks of an SSE UI message stream, as a stream the AI SDK reads. */
async function chunkStream(response: Response): Promise<ReadableStream<AgentryUIMessageChunk>> {
  const chunks = (await response.text())
    .split('\n\n')
    .map((block) =>
      block
        .replace(/^id: \d+\n/, '')
        .replace(/^data: /, '')
        .trim(),
    )
    .filter((data) => data && data !== '[DONE]')
    .map((data) => JSON.parse(data) as AgentryUIMessageChunk);
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

for (const backend of testBackends()) {
  describe(`the chat route's tool and reasoning parts on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let key: string;
    let agentId: string;
    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      const actor = await createTestOwner(runtime);
      key = (await createApiKey(runtime, actor.workspaceId, 'test')).key;
      agentId = (await createAgent(runtime, actor, { name: 'Numbers', graph: agentTools })).id;
      await publishAgent(runtime, actor, { id: agentId });
    }, 60_000);
    afterAll(() => database.close());

    it('reaches a plain useChat client as reasoning and dynamic tool UI parts', async () => {
      const response = await handleAgentChat(
        runtime,
        new Request('http://127.0.0.1:3000/api/v1/agents/x/chat', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({
            messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Think: what is 6*7?' }] }],
          }),
        }),
        agentId,
      );
      expect(response.status).toBe(200);
      let message: AgentryUIMessage | undefined;
      for await (const next of readUIMessageStream<AgentryUIMessage>({ stream: await chunkStream(response) }))
        message = next;
      const parts = message!.parts;
      const reasoning = parts.find((part) => part.type === 'reasoning');
      expect(reasoning).toMatchObject({
        state: 'done',
        text: expect.stringMatching(/^\[Offline model\] Thinking:/),
      });
      const tool = parts.find((part) => part.type === 'dynamic-tool');
      expect(tool).toMatchObject({
        toolName: 'calculator',
        state: 'output-available',
        input: expect.objectContaining({ expression: expect.stringContaining('6') }),
        output: expect.objectContaining({ result: 42 }),
      });
      // Reasoning comes before the tool call and stays out of the answer's text.
      expect(parts.indexOf(reasoning!)).toBeLessThan(parts.indexOf(tool!));
      const text = parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
      expect(text).not.toContain('Thinking:');
    });
  });
}
