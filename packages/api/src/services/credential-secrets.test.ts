import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import type { DatabaseHandle } from '@agentry/db';
import { credentials, workspaces } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { eq } from '@agentry/db/drizzle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { createTestOwner, testRuntime } from '../test-support';
import type { Actor } from './auth';
import { createCredential, resolveCredential } from './credentials';
import { lookups } from './lookup-cache';

const SECRET = 'credential-secrets-test-key';

/** Seals a secret the way credentials were sealed before secrets were bound to their row. */
function sealLegacy(plaintext: string): string {
  const key = createHash('sha256').update(`agentry-secret-box:${SECRET}`).digest();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join(':');
}

for (const backend of testBackends()) {
  describe(`credential secrets bound to their row on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let actor: Actor;
    const storedSecret = async (id: string) =>
      (
        await runtime.db
          .select({ sealed: credentials.encryptedSecret })
          .from(credentials)
          .where(eq(credentials.id, id))
      )[0]!.sealed!;
    const forgetCache = () => lookups(runtime).credentials.deleteWhere(() => true);

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database, { AGENTRY_SECRET: SECRET });
      actor = await createTestOwner(runtime);
    }, 60_000);
    afterAll(() => database.close());

    it('refuses a ciphertext copied into another credential of the same workspace, saying why', async () => {
      const victim = await createCredential(runtime, actor, {
        name: 'Victim',
        provider: 'openai',
        apiKey: 'sk-victim-secret',
      });
      const attacker = await createCredential(runtime, actor, {
        name: 'Attacker',
        provider: 'openai-compatible',
        apiKey: 'sk-attacker',
        baseUrl: 'http://127.0.0.1:9/v1',
      });
      expect((await resolveCredential(runtime, actor.workspaceId, victim.id)).apiKey).toBe(
        'sk-victim-secret',
      );
      await runtime.db
        .update(credentials)
        .set({ encryptedSecret: await storedSecret(victim.id) })
        .where(eq(credentials.id, attacker.id));
      forgetCache();
      const refused = await resolveCredential(runtime, actor.workspaceId, attacker.id).catch((e) => e);
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).code).toBe('conflict');
      expect((refused as AppError).message).toMatch(
        /sealed for another credential or workspace.*save its key again/,
      );
    });

    it('an API token credential needs its token and the hosts it may go to, and opens like any key', async () => {
      const refused = (input: Partial<Parameters<typeof createCredential>[2]>) =>
        createCredential(runtime, actor, { name: 'Token', provider: 'token', ...input }).catch((e) => e);
      const noToken = await refused({ allowedHosts: ['mcp.example.com'], baseUrl: 'https://x.example' });
      expect((noToken as AppError).details).toEqual({ field: 'apiKey' });
      const noHosts = await refused({ apiKey: 'tok-1234' });
      expect((noHosts as AppError).details).toEqual({ field: 'allowedHosts' });
      expect((noHosts as AppError).message).toMatch(/hosts this token may be sent to/);
      const token = await createCredential(runtime, actor, {
        name: 'Token',
        provider: 'token',
        apiKey: 'tok-secret-1234',
        allowedHosts: ['mcp.example.com'],
      });
      expect(token).toMatchObject({
        provider: 'token',
        maskedKey: '••••1234',
        allowedHosts: ['mcp.example.com'],
      });
      const resolved = await resolveCredential(runtime, actor.workspaceId, token.id);
      expect(resolved).toMatchObject({ apiKey: 'tok-secret-1234', allowedHosts: ['mcp.example.com'] });
    });

    it('refuses a ciphertext moved with its row id into another workspace', async () => {
      const victim = await createCredential(runtime, actor, {
        name: 'Moved',
        provider: 'openai',
        apiKey: 'sk-moved-secret',
      });
      const [other] = await runtime.db.insert(workspaces).values({ name: 'Other' }).returning();
      await runtime.db
        .update(credentials)
        .set({ workspaceId: other!.id })
        .where(eq(credentials.id, victim.id));
      forgetCache();
      await expect(resolveCredential(runtime, other!.id, victim.id)).rejects.toThrow(
        /could not be decrypted/,
      );
    });

    it('still opens a legacy secret and seals it again, bound to its row, on first use', async () => {
      const credential = await createCredential(runtime, actor, {
        name: 'Old',
        provider: 'openai',
        apiKey: 'placeholder',
      });
      const legacy = sealLegacy('sk-from-before');
      await runtime.db
        .update(credentials)
        .set({ encryptedSecret: legacy })
        .where(eq(credentials.id, credential.id));
      forgetCache();
      expect((await resolveCredential(runtime, actor.workspaceId, credential.id)).apiKey).toBe(
        'sk-from-before',
      );
      const upgraded = await storedSecret(credential.id);
      expect(upgraded.startsWith('v2:')).toBe(true);
      forgetCache();
      expect((await resolveCredential(runtime, actor.workspaceId, credential.id)).apiKey).toBe(
        'sk-from-before',
      );
      // Once bound, the upgraded ciphertext no longer opens in another row.
      const other = await createCredential(runtime, actor, {
        name: 'Other',
        provider: 'openai',
        apiKey: 'x',
      });
      await runtime.db
        .update(credentials)
        .set({ encryptedSecret: upgraded })
        .where(eq(credentials.id, other.id));
      forgetCache();
      await expect(resolveCredential(runtime, actor.workspaceId, other.id)).rejects.toThrow(
        /could not be decrypted/,
      );
    });
  });
}
