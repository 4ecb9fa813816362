import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type DatabaseHandle, workspaces } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { orderedSchema } from '@agentry/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { createTestOwner, testRuntime } from '../test-support';
import {
  currentAgentGraph,
  draftAgentGraph,
  publishedAgentGraph,
  publishedGraphOfAgent,
} from './agent-graphs';
import { publishAgent, saveDraft } from './agent-versions';
import { createAgent, getAgent } from './agents';
import type { Actor } from './auth';
import { workspaceOwnerActor } from './members';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);

for (const backend of testBackends()) {
  describe(`which graph runs for an agent on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let actor: Actor;
    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      actor = await createTestOwner(runtime);
    });
    afterAll(() => database.close());

    it('keeps the order of a structured output schema’s fields through the database, as the model gets it', async () => {
      const schema = {
        type: 'object',
        properties: {
          reasoning: { type: 'string' },
          category: { type: 'string', enum: ['refund', 'other'] },
        },
        required: ['reasoning', 'category'],
        additionalProperties: false,
      };
      const graph = structuredClone(chatbot);
      const model = graph.nodes.find((node: { type: string }) => node.type === 'model');
      model.data.config = { ...model.data.config, output: { type: 'json', name: 'triage', schema } };
      const agent = await createAgent(runtime, actor, { name: 'Ordered', graph });
      const stored = await getAgent(runtime, actor.workspaceId, agent.id);
      const storedModel = (stored.draftGraph as typeof graph).nodes.find(
        (node: { type: string }) => node.type === 'model',
      );
      const back = orderedSchema(storedModel.data.config.output.schema);
      expect(Object.keys(back.properties as object)).toEqual(['reasoning', 'category']);
      expect(back).toEqual(schema);
    });

    it('runs the draft until the agent is published, then the published version, by id or slug', async () => {
      const agent = await createAgent(runtime, actor, { name: 'Graph Home', graph: chatbot });
      const draft = await currentAgentGraph(runtime, actor.workspaceId, agent.slug);
      expect(draft).toMatchObject({ agentId: agent.id, versionId: null, version: null });
      await expect(publishedAgentGraph(runtime, actor.workspaceId, agent.id)).rejects.toMatchObject({
        code: 'not_found',
        message: expect.stringMatching(/no published version yet/),
      });
      expect(await publishedGraphOfAgent(runtime, actor.workspaceId, agent.id)).toBeUndefined();

      const version = await publishAgent(runtime, actor, { id: agent.id });
      const published = await currentAgentGraph(runtime, actor.workspaceId, agent.slug);
      expect(published).toMatchObject({ agentId: agent.id, versionId: version.id, version: 1 });
      // The draft moves on; the published graph does not, and a second read is the same object.
      await saveDraft(runtime, actor, {
        id: agent.id,
        graph: { ...chatbot, nodes: [...chatbot.nodes] },
        baseRevision: agent.draftRevision,
      });
      const again = await publishedAgentGraph(runtime, actor.workspaceId, agent.id);
      expect(again.graph).toBe(published.graph);
      expect((await draftAgentGraph(runtime, actor.workspaceId, agent.id)).versionId).toBeNull();
      expect(await publishedGraphOfAgent(runtime, actor.workspaceId, agent.id)).toBe(published.graph);
    });

    it('finds no agent of another workspace, and no agent by a non-id for agent-as-tool', async () => {
      const agent = await createAgent(runtime, actor, { name: 'Kept Home', graph: chatbot });
      await publishAgent(runtime, actor, { id: agent.id });
      const [other] = await runtime.db.insert(workspaces).values({ name: 'Other' }).returning();
      await expect(currentAgentGraph(runtime, other!.id, agent.id)).rejects.toMatchObject({
        code: 'not_found',
      });
      expect(await publishedGraphOfAgent(runtime, other!.id, agent.id)).toBeUndefined();
      expect(await publishedGraphOfAgent(runtime, actor.workspaceId, agent.slug)).toBeUndefined();
    });

    it("acts as the workspace's owner, and as nobody where there is none", async () => {
      const owner = await workspaceOwnerActor(runtime, actor.workspaceId);
      expect(owner).toEqual({ user: actor.user, workspaceId: actor.workspaceId, role: 'owner' });
      const [empty] = await runtime.db.insert(workspaces).values({ name: 'Empty' }).returning();
      expect(await workspaceOwnerActor(runtime, empty!.id)).toBeUndefined();
    });
  });
}
