import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './harness';

describe('start-up on the embedded database', () => {
  let first: TestServer;
  beforeAll(async () => {
    first = await startServer({
      AGENTRY_ADMIN_EMAIL: 'admin@example.com',
      AGENTRY_ADMIN_PASSWORD: 'a-long-password',
    });
  });
  afterAll(() => first?.stop());

  it('refuses a second server on the same data dir, naming the directory and the server holding it', async () => {
    const outcome: unknown = await startServer({}, { dataDir: first.dataDir }).catch(
      (caught: unknown) => caught,
    );
    expect(outcome).toBeInstanceOf(Error);
    const error = outcome as Error;
    expect(error.message).toMatch(/exited/);
    expect(error.message).toContain(first.dataDir);
    expect(error.message).toContain(first.url);
    // The first server is unharmed and still has its owner (created from AGENTRY_ADMIN_*).
    const response = await fetch(`${first.url}/sign-in`, { redirect: 'manual' });
    expect(response.status).toBe(200);
  });
});
