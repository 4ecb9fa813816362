import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { collectRun, createOfflineModel } from '@agentry/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { createTestOwner, testRuntime } from '../test-support';
import { createAgent } from './agents';
import type { Actor } from './auth';
import { createCredential, credentialPricing, listCredentials, setCredentialPrices } from './credentials';
import { getRun } from './run-history';
import { runJournal } from './run-journal';
import { startRun } from './runs';

for (const backend of testBackends()) {
  describe(`credential prices on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let actor: Actor;
    let other: Actor;
    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      actor = await createTestOwner(runtime);
      other = { ...actor, workspaceId: '00000000-0000-4000-8000-000000000000' };
    }, 60_000);
    afterAll(() => database.close());

    const localServer = () =>
      createCredential(runtime, actor, {
        name: 'Office GPU',
        provider: 'openai-compatible',
        baseUrl: 'http://127.0.0.1:9/v1',
      });

    it('sets, lists and replaces the prices of a credential', async () => {
      const credential = await localServer();
      expect(credential.prices).toEqual({});
      await setCredentialPrices(runtime, actor, {
        id: credential.id,
        prices: { 'llama-3': { input: 0.5, output: 1.5 } },
      });
      const listed = (await listCredentials(runtime, actor)).find((entry) => entry.id === credential.id);
      expect(listed?.prices).toEqual({ 'llama-3': { input: 0.5, output: 1.5 } });
      await setCredentialPrices(runtime, actor, {
        id: credential.id,
        prices: { qwen: { input: 0, output: 0 } },
      });
      expect(await credentialPricing(runtime, actor.workspaceId, [credential.id])).toEqual({
        [credential.id]: { name: 'Office GPU', prices: { qwen: { input: 0, output: 0 } } },
      });
    });

    it('refuses bad prices naming the model, foreign credentials, token credentials and viewers', async () => {
      const credential = await localServer();
      const set = (prices: unknown, as = actor, id = credential.id) =>
        setCredentialPrices(runtime, as, { id, prices: prices as never });
      await expect(set({ 'llama-3': { input: -1, output: 1 } })).rejects.toThrow(
        /Price of llama-3: A price cannot be negative/,
      );
      await expect(set({ 'llama-3': { input: 1, output: 20_000 } })).rejects.toThrow(/surely a typo/);
      await expect(set({ 'two words': { input: 1, output: 1 } })).rejects.toThrow(/no spaces/);
      const many = Object.fromEntries(
        Array.from({ length: 101 }, (_, i) => [`m${i}`, { input: 1, output: 1 }]),
      );
      await expect(set(many)).rejects.toThrow(/at most 100 models/);
      await expect(set({ 'llama-3': { input: 1, output: 1 } }, other)).rejects.toThrow(/No such credential/);
      const token = await createCredential(runtime, actor, {
        name: 'CRM token',
        provider: 'token',
        apiKey: 'tok_123456',
        allowedHosts: ['crm.example.com'],
      });
      await expect(set({ x: { input: 1, output: 1 } }, actor, token.id)).rejects.toThrow(/model provider/);
      await expect(set({ x: { input: 1, output: 1 } }, { ...actor, role: 'viewer' })).rejects.toThrow();
    });

    it("prices a run's steps with the credential's price, and says why when it has none", async () => {
      const credential = await localServer();
      const graph = {
        version: 1,
        nodes: [
          { id: 'in', type: 'chat-input', position: { x: 0, y: 0 }, data: { config: {} } },
          {
            id: 'model',
            type: 'model',
            position: { x: 0, y: 100 },
            data: {
              config: { provider: 'openai-compatible', model: 'llama-3', credentialId: credential.id },
            },
          },
          { id: 'out', type: 'chat-output', position: { x: 0, y: 200 }, data: { config: {} } },
        ],
        edges: [
          { id: 'e1', source: 'in', sourceHandle: 'message', target: 'model', targetHandle: 'prompt' },
          { id: 'e2', source: 'model', sourceHandle: 'text', target: 'out', targetHandle: 'text' },
        ],
      };
      const agent = await createAgent(runtime, actor, { name: 'Local', graph });
      const run = async () => {
        const started = await startRun(runtime, {
          workspaceId: actor.workspaceId,
          agentId: agent.id,
          graph,
          versionId: null,
          source: 'preview',
          message: 'Please think, then say hello',
          languageModels: () => createOfflineModel(),
        });
        await collectRun(started.events);
        await runJournal(runtime).settled();
        return getRun(runtime, actor, started.runId);
      };
      const unpriced = (await run()).steps.find((step) => step.nodeId === 'model')!;
      expect(unpriced.cost).toBeNull();
      expect(unpriced.costMissing).toBe(
        'no price known for openai-compatible/llama-3 — set one on the credential Office GPU',
      );
      // The run details keep the model's reasoning with its step.
      expect((unpriced.output as { reasoning?: string }).reasoning).toMatch(/^\[Offline model\] Thinking:/);

      await setCredentialPrices(runtime, actor, {
        id: credential.id,
        prices: { 'llama-3': { input: 1000, output: 1000 } },
      });
      const priced = (await run()).steps.find((step) => step.nodeId === 'model')!;
      const tokens = priced.usage.inputTokens + priced.usage.outputTokens;
      expect(priced.cost).toEqual({ usd: tokens / 1000, basis: 'price set on the credential Office GPU' });
      expect(priced.costMissing).toBeNull();
    }, 60_000);
  });
}
