import { type DatabaseHandle, instanceSettings } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOwner, testRuntime } from '../test-support';
import { createCredential, resolveCredential } from '../services/credentials';
import { SECRET_KEY_CHECK, SecretKeyMismatchError } from './secret-key-check';

for (const backend of testBackends()) {
  describe(`credential key check on ${backend.name}`, () => {
    let database: DatabaseHandle;
    beforeAll(async () => {
      database = await backend.open();
    }, 60_000);
    afterAll(() => database.close());

    const storedCheck = async () => {
      const [row] = await database.db
        .select({ value: instanceSettings.value })
        .from(instanceSettings)
        .where(eq(instanceSettings.key, SECRET_KEY_CHECK));
      return row?.value as { check: string } | undefined;
    };

    it('the first process stores a check (not the key); one with another AGENTRY_SECRET refuses to start, naming it', async () => {
      const first = await testRuntime(database, { AGENTRY_SECRET: 'key-one-0123456789' });
      const stored = await storedCheck();
      expect(stored?.check).toBe(first.secrets.keyCheck());
      expect(JSON.stringify(stored)).not.toContain('key-one');
      // A second web server or worker with the same key starts.
      await expect(testRuntime(database, { AGENTRY_SECRET: 'key-one-0123456789' })).resolves.toBeDefined();
      const refused = testRuntime(database, { AGENTRY_SECRET: 'key-two-0123456789' });
      await expect(refused).rejects.toBeInstanceOf(SecretKeyMismatchError);
      await expect(refused).rejects.toThrow(/AGENTRY_SECRET.*differs/);
    });

    it('on a database from before the check, the stored credentials decide which key is right', async () => {
      const owner = await testRuntime(database, { AGENTRY_SECRET: 'key-one-0123456789' });
      const actor = await createTestOwner(owner);
      const saved = await createCredential(owner, actor, {
        name: 'OpenAI',
        provider: 'openai',
        apiKey: 'sk-1234',
      });
      await database.db.delete(instanceSettings).where(eq(instanceSettings.key, SECRET_KEY_CHECK));

      await expect(testRuntime(database, { AGENTRY_SECRET: 'key-two-0123456789' })).rejects.toThrow(
        /none of the stored credentials opens with it/,
      );
      expect(await storedCheck()).toBeUndefined();
      // The key they were saved with starts, stores the check, and reads the credential.
      const same = await testRuntime(database, { AGENTRY_SECRET: 'key-one-0123456789' });
      expect((await storedCheck())?.check).toBe(same.secrets.keyCheck());
      expect((await resolveCredential(same, actor.workspaceId, saved.id)).apiKey).toBe('sk-1234');
    });
  });
}
