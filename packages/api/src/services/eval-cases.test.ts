import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { workspaces } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { collectRun } from '@agentry/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { createTestOwner, testRuntime } from '../test-support';
import { createAgent } from './agents';
import { type Actor, createSession, resolveSession } from './auth';
import { caseFromConversation, caseFromRun } from './eval-case-capture';
import { exportEvalCases, importEvalCases } from './eval-case-files';
import { deleteEvalCase, listEvalCases, saveEvalCase } from './eval-cases';
import { addMember } from './members';
import { runJournal } from './run-journal';
import { startRun } from './runs';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);

/** The offline model's answer to a plain message. */
const echo = (message: string) =>
  `[Offline model] You said: "${message}". Add a model provider for real answers.`;

for (const backend of testBackends()) {
  describe(`eval cases on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let owner: Actor;
    let viewer: Actor;
    let stranger: Actor;
    let agentId: string;

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      owner = await createTestOwner(runtime);
      const member = await addMember(runtime, owner, {
        name: 'Viewer',
        email: 'viewer@example.com',
        password: 'a-long-password',
        role: 'viewer',
      });
      viewer = (await resolveSession(runtime, await createSession(runtime, member.id)))!;
      const [other] = await runtime.db.insert(workspaces).values({ name: 'Elsewhere' }).returning();
      stranger = { ...owner, workspaceId: other!.id, role: 'owner' };
      agentId = (await createAgent(runtime, owner, { name: 'Support', graph: chatbot })).id;
    }, 60_000);
    afterAll(async () => {
      await runJournal(runtime).settled();
      await database.close();
    });

    it('editors create, change and delete cases; viewers read; other workspaces see nothing', async () => {
      const created = await saveEvalCase(runtime, owner, {
        agentId,
        name: '  Greets  ',
        input: 'Hello',
        expect: [{ contains: 'Hello' }],
      });
      expect(created).toMatchObject({ name: 'Greets', input: 'Hello', expect: [{ contains: 'Hello' }] });
      const second = await saveEvalCase(runtime, owner, { agentId, name: 'Second', input: 'Ping' });
      expect(second.position).toBe(created.position + 1);
      expect(second.expect).toEqual([]);

      const changed = await saveEvalCase(runtime, owner, {
        agentId,
        id: created.id,
        name: 'Greets back',
        input: [{ role: 'user', content: 'Hi' }],
        expect: [{ notContains: 'error' }],
      });
      expect(changed).toMatchObject({ id: created.id, name: 'Greets back', position: created.position });
      expect((await listEvalCases(runtime, viewer, agentId)).map((row) => row.name)).toEqual([
        'Greets back',
        'Second',
      ]);

      await expect(
        saveEvalCase(runtime, viewer, { agentId, name: 'Sneaky', input: 'x' }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await expect(deleteEvalCase(runtime, viewer, second.id)).rejects.toMatchObject({ code: 'forbidden' });
      await expect(listEvalCases(runtime, stranger, agentId)).rejects.toMatchObject({ code: 'not_found' });
      await expect(
        saveEvalCase(runtime, stranger, { agentId, name: 'Sneaky', input: 'x' }),
      ).rejects.toMatchObject({ code: 'not_found' });
      await expect(deleteEvalCase(runtime, stranger, second.id)).rejects.toMatchObject({ code: 'not_found' });
      // A case that does not fit the format is refused with what is wrong.
      await expect(
        saveEvalCase(runtime, owner, {
          agentId,
          name: 'Bad',
          input: [{ role: 'assistant', content: 'I speak last' }],
        }),
      ).rejects.toThrow(/last message must be the user/);

      await deleteEvalCase(runtime, owner, second.id);
      await expect(deleteEvalCase(runtime, owner, second.id)).rejects.toMatchObject({ code: 'not_found' });
      await deleteEvalCase(runtime, owner, created.id);
      expect(await listEvalCases(runtime, owner, agentId)).toEqual([]);
    });

    it('imports all or nothing, naming the bad lines, and exports what it imported', async () => {
      const good = '{"name":"One","input":"Ping","expect":[{"contains":"Ping"}]}';
      const text = [good, '{"name":"Two"}', 'not json', '{"name":"Three","input":"Hi"}'].join('\n');
      const refused = await importEvalCases(runtime, owner, { agentId, format: 'jsonl', text }).catch(
        (error: Error) => error,
      );
      expect(refused).toMatchObject({ code: 'bad_request' });
      expect((refused as Error).message).toMatch(/line 2: /);
      expect((refused as Error).message).toMatch(/line 3: /);
      expect((refused as Error).message).not.toMatch(/line 1: |line 4: /);
      expect(await listEvalCases(runtime, owner, agentId)).toEqual([]);

      const tooBig = 'x'.repeat(5 * 1024 * 1024 + 1);
      await expect(
        importEvalCases(runtime, owner, { agentId, format: 'jsonl', text: tooBig }),
      ).rejects.toMatchObject({ code: 'too_large' });
      await expect(
        importEvalCases(runtime, viewer, { agentId, format: 'jsonl', text: good }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await expect(
        importEvalCases(runtime, stranger, { agentId, format: 'jsonl', text: good }),
      ).rejects.toMatchObject({ code: 'not_found' });

      const imported = await importEvalCases(runtime, owner, {
        agentId,
        format: 'jsonl',
        text: `${good}\n{"name":"Three","input":[{"role":"user","content":"Hi"}]}\n`,
      });
      expect(imported).toEqual({ added: 2 });
      const exported = await exportEvalCases(runtime, viewer, { agentId, format: 'jsonl' });
      expect(exported.filename).toBe('support-tests.jsonl');
      const lines = exported.text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines).toEqual([
        { name: 'One', input: 'Ping', expect: [{ contains: 'Ping' }] },
        { name: 'Three', input: [{ role: 'user', content: 'Hi' }], expect: [] },
      ]);
      // The file round-trips: importing the export adds the same cases again.
      expect(
        await importEvalCases(runtime, owner, { agentId, format: 'jsonl', text: exported.text }),
      ).toEqual({
        added: 2,
      });
      for (const row of await listEvalCases(runtime, owner, agentId))
        await deleteEvalCase(runtime, owner, row.id);
    });

    it('captures a case from a conversation and from a run, with the answer as the baseline', async () => {
      const first = await startRun(runtime, {
        workspaceId: owner.workspaceId,
        agentId,
        graph: chatbot,
        source: 'preview',
        message: 'Where is my parcel?',
      });
      await collectRun(first.events);
      const second = await startRun(runtime, {
        workspaceId: owner.workspaceId,
        agentId,
        graph: chatbot,
        source: 'preview',
        conversationId: first.conversationId,
        message: 'It was due on Monday',
      });
      await collectRun(second.events);
      await runJournal(runtime).settled();

      const fromConversation = await caseFromConversation(runtime, owner, {
        agentId,
        conversationId: first.conversationId,
      });
      expect(fromConversation).toMatchObject({
        name: 'It was due on Monday',
        input: [
          { role: 'user', content: 'Where is my parcel?' },
          { role: 'assistant', content: echo('Where is my parcel?') },
          { role: 'user', content: 'It was due on Monday' },
        ],
        // The offline model recalls the earlier message from memory; the baseline is its answer as given.
        expect: [
          {
            equals: expect.stringMatching(
              /^\[Offline model\] You said: "It was due on Monday"\. Before that/,
            ),
          },
        ],
      });

      const fromRun = await caseFromRun(runtime, owner, { runId: first.runId, name: 'Parcel' });
      expect(fromRun).toMatchObject({
        name: 'Parcel',
        input: 'Where is my parcel?',
        expect: [{ equals: echo('Where is my parcel?') }],
      });

      await expect(
        caseFromConversation(runtime, viewer, { agentId, conversationId: first.conversationId }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await expect(
        caseFromConversation(runtime, stranger, { agentId, conversationId: first.conversationId }),
      ).rejects.toMatchObject({ code: 'not_found' });
      await expect(caseFromRun(runtime, stranger, { runId: first.runId })).rejects.toMatchObject({
        code: 'not_found',
      });
      // A conversation of another agent is not this agent's to capture.
      const otherAgent = (await createAgent(runtime, owner, { name: 'Other', graph: chatbot })).id;
      await expect(
        caseFromConversation(runtime, owner, { agentId: otherAgent, conversationId: first.conversationId }),
      ).rejects.toMatchObject({ code: 'not_found' });
    });
  });
}
