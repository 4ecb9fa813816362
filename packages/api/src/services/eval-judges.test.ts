import type { DatabaseHandle } from '@agentry/db';
import { workspaces } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { JudgeError, offlineJudge } from '@agentry/engine/evals';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { testRuntime } from '../test-support';
import { createJudgeFor } from './eval-judges';

describe('createJudgeFor', () => {
  let database: DatabaseHandle;
  let runtime: Runtime;
  let workspaceId: string;

  beforeAll(async () => {
    database = await testBackends()[0]!.open();
    runtime = await testRuntime(database);
    const [row] = await runtime.db.insert(workspaces).values({ name: 'Judged' }).returning();
    workspaceId = row!.id;
  }, 60_000);
  afterAll(() => database.close());

  it('uses the offline judge without a model, and for the offline provider', async () => {
    expect(await createJudgeFor(runtime, workspaceId, null)(undefined)).toBe(offlineJudge);
    const offlineRun = createJudgeFor(runtime, workspaceId, { provider: 'offline', model: '' });
    expect(await offlineRun(undefined)).toBe(offlineJudge);
  });

  it("lets the expectation's model win over the run's judge", async () => {
    const missing = { provider: 'openai', model: 'gpt-4o-mini', credentialId: 'no-such-credential' };
    const judgeFor = createJudgeFor(runtime, workspaceId, missing);
    // The expectation names the offline judge: the run's (broken) model is not even built.
    expect(await judgeFor({ provider: 'offline', model: '' })).toBe(offlineJudge);
    // Without one, the run's judge is built, and its credential must be the workspace's.
    const failure = await Promise.resolve(judgeFor(undefined)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(JudgeError);
    expect((failure as Error).message).toMatch(/no-such-credential\) does not exist/);
  });
});
