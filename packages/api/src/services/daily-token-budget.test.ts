import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { createTestOwner, testRuntime } from '../test-support';
import { createAgent } from './agents';
import type { Actor } from './auth';
import {
  type DailyTokenReservation,
  type ReservationRefusal,
  reserveDailyTokens,
  settleDailyTokens,
} from './daily-token-budget';

const GRAPH = { version: 1, nodes: [], edges: [] };

for (const backend of testBackends()) {
  describe(`daily token budget on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let actor: Actor;
    let statements = 0;

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database, { AGENTRY_MODEL_THREADS: '0' });
      actor = await createTestOwner(runtime);
      // Count the statements: writes of concurrent runs are grouped.
      for (const method of ['execute', 'insert', 'select'] as const) {
        const original = (runtime.db[method] as (...args: unknown[]) => unknown).bind(runtime.db);
        (runtime.db as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
          statements += 1;
          return original(...args);
        };
      }
    }, 60_000);
    afterAll(() => database.close());

    const newAgent = async () => (await createAgent(runtime, actor, { name: 'Budget', graph: GRAPH })).id;
    const used = async (agentId: string) => {
      const [row] = (await database.execute(
        `select tokens from agent_daily_usage where agent_id = '${agentId}'`,
      )) as { tokens: number }[];
      return row?.tokens ?? 0;
    };
    const granted = (results: (DailyTokenReservation | ReservationRefusal)[]) =>
      results.filter((result): result is DailyTokenReservation => !('refused' in result));

    it('grants concurrent reservations that fit together in one statement', async () => {
      const agentId = await newAgent();
      statements = 0;
      const results = await Promise.all(
        Array.from({ length: 20 }, () => reserveDailyTokens(runtime, agentId, 1_000, 100_000)),
      );
      expect(granted(results).map((result) => result.tokens)).toEqual(Array(20).fill(1_000));
      expect(statements).toBe(1);
      expect(await used(agentId)).toBe(20_000);
    });

    it('never grants past the cap: a run gets what is left when that is enough to answer, the rest are refused', async () => {
      const agentId = await newAgent();
      // A fresh day (no row yet): 5 × 4,000 asked of 10,000.
      const fresh = await Promise.all(
        Array.from({ length: 5 }, () => reserveDailyTokens(runtime, agentId, 4_000, 10_000)),
      );
      expect(granted(fresh).map((result) => result.tokens)).toEqual([4_000, 4_000, 2_000]);
      expect(fresh.filter((result) => 'refused' in result)).toEqual(
        Array(2).fill({ refused: 'exhausted', usedToday: 10_000 }),
      );
      expect(await used(agentId)).toBe(10_000);
      // What is left is held by runs in progress, and too little to start on: refused as held.
      const [first] = granted(fresh);
      await settleDailyTokens(runtime, first!, 3_500);
      expect(await reserveDailyTokens(runtime, agentId, 4_000, 10_000)).toEqual({
        refused: 'held',
        usedToday: 9_500,
      });
    });

    it('settles concurrent runs in one statement, giving back what they did not use', async () => {
      const agentId = await newAgent();
      const reservations = granted(
        await Promise.all(
          Array.from({ length: 10 }, () => reserveDailyTokens(runtime, agentId, 500, 100_000)),
        ),
      );
      expect(await used(agentId)).toBe(5_000);
      statements = 0;
      await Promise.all(
        reservations.map((reservation, index) => settleDailyTokens(runtime, reservation, index)),
      );
      expect(statements).toBe(1);
      expect(await used(agentId)).toBe(45);
      // Nothing reserved twice: a new run still finds the rest of the day.
      const next = await reserveDailyTokens(runtime, agentId, 99_955, 100_000);
      expect(next).toMatchObject({ tokens: 99_955 });
    });

    it('writes a settlement with the reservations of the same day in one statement, the settlement first', async () => {
      const agentId = await newAgent();
      const [first, second] = granted(
        await Promise.all([
          reserveDailyTokens(runtime, agentId, 5_000, 10_000),
          reserveDailyTokens(runtime, agentId, 5_000, 10_000),
        ]),
      );
      expect(await used(agentId)).toBe(10_000);
      // The day is full: only what the first run gives back (4,000) lets the next one in.
      statements = 0;
      const [, next] = await Promise.all([
        settleDailyTokens(runtime, first!, 1_000),
        reserveDailyTokens(runtime, agentId, 3_000, 10_000),
      ]);
      expect(next).toMatchObject({ tokens: 3_000 });
      expect(statements).toBe(1);
      expect(await used(agentId)).toBe(9_000);
      // When the reservation does not fit even after it, the settlement is still written, and the run
      // gets what is then left (2,000 of the 4,000 it asked for).
      statements = 0;
      const [, last] = await Promise.all([
        settleDailyTokens(runtime, second!, 5_000 - 1_000),
        reserveDailyTokens(runtime, agentId, 4_000, 10_000),
      ]);
      expect(last).toMatchObject({ tokens: 2_000 });
      expect(await used(agentId)).toBe(10_000);
      expect(statements).toBeGreaterThan(1);
    });
  });
}
