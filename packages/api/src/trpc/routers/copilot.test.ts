import type { DatabaseHandle } from '@agentry/db';
import { agents, copilotMessages, credentials, workspaces } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import { testBackends } from '@agentry/db/testing';
import { diffGraphs, type Graph, OFFLINE_COPILOT_LABEL } from '@agentry/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime';
import { saveDraft } from '../../services/agent-versions';
import { createAgent } from '../../services/agents';
import type { Actor } from '../../services/auth';
import {
  type CopilotMessage,
  MAX_COPILOT_MESSAGES,
  storeCopilotMessage,
} from '../../services/copilot-messages';
import type { CopilotSettingsView } from '../../services/copilot-settings';
import { createCredential } from '../../services/credentials';
import { starterGraph } from '../../services/templates';
import { testRuntime } from '../../test-support';
import { callProcedure, ownerAndViewerSessions } from '../call-procedure.testing';

/** The starter graph with its input joined to its output: a proposal's graph. */
function joinedGraph(): Graph {
  const graph = starterGraph();
  return {
    ...graph,
    edges: [
      {
        id: 'e1',
        source: 'chat-input',
        sourceHandle: 'message',
        target: 'chat-output',
        targetHandle: 'text',
      },
    ],
  };
}

for (const backend of testBackends()) {
  describe(`copilot over tRPC on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let owner: Actor;
    let editorSession: string;
    let viewerSession: string;
    let agentId: string;
    let foreignAgentId: string;
    let foreignWorkspaceId: string;

    const call = <T>(session: string, procedure: string, input: unknown, kind: 'query' | 'mutation') =>
      callProcedure<T>(runtime, session, procedure, input, kind);

    /** A stored user turn and an assistant turn proposing `joinedGraph()` from revision 1. */
    async function proposeOnce(workspaceId = owner.workspaceId, agent = agentId): Promise<CopilotMessage> {
      await storeCopilotMessage(runtime, {
        workspaceId,
        agentId: agent,
        role: 'user',
        content: 'join the input to the output',
        createdBy: owner.user.id,
      });
      const graph = joinedGraph();
      return storeCopilotMessage(runtime, {
        workspaceId,
        agentId: agent,
        role: 'assistant',
        content: 'Connected Chat Input to Chat Output.',
        proposal: {
          edits: [
            {
              op: 'connect',
              source: 'chat-input',
              sourceHandle: 'message',
              target: 'chat-output',
              targetHandle: 'text',
            },
          ],
          graph,
          changes: diffGraphs(starterGraph(), graph),
          baseRevision: 1,
          by: { kind: 'offline', label: OFFLINE_COPILOT_LABEL },
        },
        createdBy: owner.user.id,
      });
    }

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      const sessions = await ownerAndViewerSessions(runtime);
      ({ owner, editorSession, viewerSession } = sessions);
      agentId = (await createAgent(runtime, owner, { name: 'Helped', graph: starterGraph() })).id;
      const [other] = await runtime.db.insert(workspaces).values({ name: 'Elsewhere' }).returning();
      foreignWorkspaceId = other!.id;
      const [foreign] = await runtime.db
        .insert(agents)
        .values({
          workspaceId: foreignWorkspaceId,
          publicId: 'ag_copilot_router',
          slug: 'foreign',
          name: 'Foreign',
          draftGraph: starterGraph(),
        })
        .returning();
      foreignAgentId = foreign!.id;
    }, 60_000);
    afterAll(() => database.close());

    it('reads and chooses the model: offline by default, checked provider and credential, editors only', async () => {
      const initial = await call<CopilotSettingsView>(viewerSession, 'copilot.settings', undefined, 'query');
      expect(initial.data).toEqual({ settings: null, label: OFFLINE_COPILOT_LABEL });

      const key = await createCredential(runtime, owner, {
        name: 'OpenAI',
        provider: 'openai',
        apiKey: 'sk-test-1234',
      });
      const chosen = await call<CopilotSettingsView>(
        editorSession,
        'copilot.setSettings',
        { provider: 'openai', model: '', credentialId: key.id },
        'mutation',
      );
      expect(chosen.status).toBe(200);
      expect(chosen.data).toEqual({
        settings: { provider: 'openai', model: 'gpt-5-mini', credentialId: key.id },
        label: 'openai/gpt-5-mini',
      });
      const read = await call<CopilotSettingsView>(viewerSession, 'copilot.settings', undefined, 'query');
      expect(read.data).toEqual(chosen.data);
      // Stored as the contract says, and never with a secret.
      const [row] = await runtime.db
        .select({ settings: workspaces.copilotSettings })
        .from(workspaces)
        .where(eq(workspaces.id, owner.workspaceId));
      expect(row!.settings).toEqual({ provider: 'openai', model: 'gpt-5-mini', credentialId: key.id });

      const viewer = await call(viewerSession, 'copilot.setSettings', null, 'mutation');
      expect(viewer.status).toBe(403);

      const unknown = await call(
        editorSession,
        'copilot.setSettings',
        { provider: 'skynet', model: 'x' },
        'mutation',
      );
      expect(unknown.status).toBe(400);
      expect(unknown.error).toMatch(/"skynet" is not a model provider\. Pick one of: offline, openai/);

      const [foreignKey] = await runtime.db
        .insert(credentials)
        .values({ workspaceId: foreignWorkspaceId, name: 'Theirs', provider: 'openai' })
        .returning();
      const theirs = await call(
        editorSession,
        'copilot.setSettings',
        { provider: 'openai', model: 'gpt-5', credentialId: foreignKey!.id },
        'mutation',
      );
      expect(theirs.status).toBe(404);
      expect(theirs.error).toMatch(/does not exist in this workspace/);

      const token = await createCredential(runtime, owner, {
        name: 'Docs token',
        provider: 'token',
        apiKey: 'tok-1234',
        allowedHosts: ['docs.example.com'],
      });
      const notModel = await call(
        editorSession,
        'copilot.setSettings',
        { provider: 'openai', model: 'gpt-5', credentialId: token.id },
        'mutation',
      );
      expect(notModel.status).toBe(400);
      expect(notModel.error).toMatch(/"Docs token" is not a model provider's key/);
      // The refused calls left the choice as it was.
      expect(
        (await call<CopilotSettingsView>(viewerSession, 'copilot.settings', undefined, 'query')).data,
      ).toEqual(chosen.data);

      for (const offline of [null, { provider: 'offline' }]) {
        await call(editorSession, 'copilot.setSettings', { provider: 'openai' }, 'mutation');
        const back = await call<CopilotSettingsView>(
          editorSession,
          'copilot.setSettings',
          offline,
          'mutation',
        );
        expect(back.data).toEqual({ settings: null, label: OFFLINE_COPILOT_LABEL });
      }
    });

    it('accepts, re-accepts after an undo, rejects and lists the history; editors only', async () => {
      const first = await proposeOnce();
      const second = await proposeOnce();
      const saved = await saveDraft(runtime, owner, { id: agentId, graph: joinedGraph(), baseRevision: 1 });
      expect(saved.revision).toBe(2);

      expect(
        (await call(viewerSession, 'copilot.accept', { messageId: first.id, revision: 2 }, 'mutation'))
          .status,
      ).toBe(403);
      expect((await call(viewerSession, 'copilot.reject', { messageId: second.id }, 'mutation')).status).toBe(
        403,
      );
      const unsaved = await call(
        editorSession,
        'copilot.accept',
        { messageId: first.id, revision: 3 },
        'mutation',
      );
      expect(unsaved.status).toBe(400);
      expect(unsaved.error).toMatch(/draft is at revision 2/);

      const accepted = await call<CopilotMessage>(
        editorSession,
        'copilot.accept',
        { messageId: first.id, revision: 2 },
        'mutation',
      );
      expect(accepted.data).toMatchObject({ id: first.id, status: 'accepted', acceptedRevision: 2 });
      // Undone in the editor (revision 3), then accepted again (revision 4).
      await saveDraft(runtime, owner, { id: agentId, graph: starterGraph(), baseRevision: 2 });
      await saveDraft(runtime, owner, { id: agentId, graph: joinedGraph(), baseRevision: 3 });
      const again = await call<CopilotMessage>(
        editorSession,
        'copilot.accept',
        { messageId: first.id, revision: 4 },
        'mutation',
      );
      expect(again.data).toMatchObject({ status: 'accepted', acceptedRevision: 4 });
      const late = await call(editorSession, 'copilot.reject', { messageId: first.id }, 'mutation');
      expect(late.status).toBe(409);

      const rejected = await call<CopilotMessage>(
        editorSession,
        'copilot.reject',
        { messageId: second.id },
        'mutation',
      );
      expect(rejected.data).toMatchObject({ status: 'rejected', acceptedRevision: null });
      expect(
        (await call<CopilotMessage[]>(viewerSession, 'copilot.history', { agentId }, 'query')).data.map(
          (m) => m.id,
        ),
      ).toEqual([first.id]);
      // A rejected proposal can still be taken; the history lists the newest accepted first.
      await call(editorSession, 'copilot.accept', { messageId: second.id, revision: 4 }, 'mutation');
      await saveDraft(runtime, owner, { id: agentId, graph: joinedGraph(), baseRevision: 4 });
      await call(editorSession, 'copilot.accept', { messageId: second.id, revision: 5 }, 'mutation');
      const history = await call<CopilotMessage[]>(viewerSession, 'copilot.history', { agentId }, 'query');
      expect(history.data.map((message) => [message.id, message.acceptedRevision])).toEqual([
        [second.id, 5],
        [first.id, 4],
      ]);
      expect(history.data[0]!.proposal!.changes).toEqual([expect.objectContaining({ kind: 'edge-added' })]);
      // Who accepted each and when, for the History panel (the viewer reads the editor's name).
      expect(history.data[0]).toMatchObject({ acceptedBy: owner.user.name, acceptedAt: expect.any(String) });
      expect(history.data.every((message) => message.acceptedBy !== null)).toBe(true);

      // A user turn proposes nothing.
      const listed = await call<CopilotMessage[]>(viewerSession, 'copilot.messages', { agentId }, 'query');
      const userTurn = listed.data.find((message) => message.role === 'user')!;
      const nothing = await call(
        editorSession,
        'copilot.accept',
        { messageId: userTurn.id, revision: 5 },
        'mutation',
      );
      expect(nothing.status).toBe(400);
      expect(nothing.error).toMatch(/proposes no change/);
    });

    it("answers 404 for another workspace's agent or message, and clears a conversation for editors only", async () => {
      const foreign = await proposeOnce(foreignWorkspaceId, foreignAgentId);
      for (const [procedure, input, kind] of [
        ['copilot.messages', { agentId: foreignAgentId }, 'query'],
        ['copilot.history', { agentId: foreignAgentId }, 'query'],
        ['copilot.clear', { agentId: foreignAgentId }, 'mutation'],
        ['copilot.accept', { messageId: foreign.id, revision: 1 }, 'mutation'],
        ['copilot.reject', { messageId: foreign.id }, 'mutation'],
      ] as const) {
        const answer = await call(editorSession, procedure, input, kind);
        expect({ procedure, status: answer.status }).toEqual({ procedure, status: 404 });
      }
      const [untouched] = await runtime.db
        .select()
        .from(copilotMessages)
        .where(eq(copilotMessages.id, foreign.id));
      expect(untouched!.status).toBe('proposed');

      const count = (await call<CopilotMessage[]>(viewerSession, 'copilot.messages', { agentId }, 'query'))
        .data.length;
      expect(count).toBeGreaterThan(0);
      expect((await call(viewerSession, 'copilot.clear', { agentId }, 'mutation')).status).toBe(403);
      const cleared = await call<{ deleted: number }>(
        editorSession,
        'copilot.clear',
        { agentId },
        'mutation',
      );
      expect(cleared.data).toEqual({ deleted: count });
      expect(
        (await call<CopilotMessage[]>(viewerSession, 'copilot.messages', { agentId }, 'query')).data,
      ).toEqual([]);
      // The other workspace's conversation is still there.
      expect(
        await runtime.db.select().from(copilotMessages).where(eq(copilotMessages.agentId, foreignAgentId)),
      ).toHaveLength(2);
    });

    /** Stores `count` turns of the owner's conversation with the Copilot: "turn 0" (user), "turn 1", ... */
    async function storeTurns(target: Runtime, agentId: string, count: number): Promise<void> {
      for (let index = 0; index < count; index++) {
        await storeCopilotMessage(target, {
          workspaceId: owner.workspaceId,
          agentId,
          role: index % 2 === 0 ? 'user' : 'assistant',
          content: `turn ${index}`,
          createdBy: owner.user.id,
        });
      }
    }

    it(`keeps the newest ${MAX_COPILOT_MESSAGES} messages of an agent`, async () => {
      const crowded = (await createAgent(runtime, owner, { name: 'Chatty' })).id;
      await storeTurns(runtime, crowded, MAX_COPILOT_MESSAGES + 5);
      const kept = await call<CopilotMessage[]>(
        viewerSession,
        'copilot.messages',
        { agentId: crowded },
        'query',
      );
      expect(kept.data).toHaveLength(MAX_COPILOT_MESSAGES);
      expect(kept.data[0]!.content).toBe('turn 5');
      expect(kept.data.at(-1)!.content).toBe(`turn ${MAX_COPILOT_MESSAGES + 4}`);
    }, 60_000);

    it('keeps the order turns were stored in when the clock does not move between them', async () => {
      // In one transaction now() is one instant, as it is for turns stored within the embedded
      // database's millisecond: without distinct dates they would come back in the order of their ids.
      const quick = (await createAgent(runtime, owner, { name: 'Quick' })).id;
      await runtime.db.transaction((tx) => storeTurns({ ...runtime, db: tx } as Runtime, quick, 12));
      const listed = await call<CopilotMessage[]>(
        viewerSession,
        'copilot.messages',
        { agentId: quick },
        'query',
      );
      expect(listed.data.map((message) => message.content)).toEqual(
        Array.from({ length: 12 }, (_, index) => `turn ${index}`),
      );
    });
  });
}
