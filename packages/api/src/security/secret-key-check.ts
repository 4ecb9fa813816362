import path from 'node:path';
import { credentials, instanceSettings } from '@agentry/db';
import { eq, isNotNull } from '@agentry/db/drizzle';
import type { Runtime } from '../runtime';

/** The `instance_settings` key under which the first process stores its key check. */
export const SECRET_KEY_CHECK = 'secret_key_check';

/** A process whose credential key is not the one the database's credentials were saved with. */
export class SecretKeyMismatchError extends Error {
  readonly code = 'secret_key_mismatch';
}

// Credentials tried on an install that predates the check: one that opens proves the key right.
const SAMPLE_SIZE = 5;

/** What `verifySecretKey` reads of a runtime (it runs before the rest of the runtime is made). */
export type KeyCheckTarget = Pick<Runtime, 'config' | 'database' | 'db' | 'secrets'>;

function whereTheKeyCameFrom(runtime: KeyCheckTarget): string {
  return runtime.config.secret
    ? 'AGENTRY_SECRET'
    : `the generated key file ${path.join(runtime.config.dataDir, 'secret.key')} (AGENTRY_SECRET is not set)`;
}

function mismatch(runtime: KeyCheckTarget, how: string): SecretKeyMismatchError {
  return new SecretKeyMismatchError(
    `This process's credential key, from ${whereTheKeyCameFrom(runtime)}, is not the key the credentials in ${runtime.database.location} were saved with (${how}). Every web server and worker on one database needs the same AGENTRY_SECRET: set it to the value the other processes use (or, on the install that created them, copy its secret.key into this data directory). Starting anyway would make every saved credential unreadable to this process.`,
  );
}

/** Whether any of a few stored credential secrets opens with this process's key (none stored: true). */
async function keyOpensStoredSecrets(runtime: KeyCheckTarget): Promise<boolean> {
  const sample = await runtime.db
    .select({
      id: credentials.id,
      workspaceId: credentials.workspaceId,
      encryptedSecret: credentials.encryptedSecret,
    })
    .from(credentials)
    .where(isNotNull(credentials.encryptedSecret))
    .limit(SAMPLE_SIZE);
  if (sample.length === 0) return true;
  return sample.some((row) => {
    try {
      runtime.secrets.decrypt(row.encryptedSecret!, {
        kind: 'credential',
        id: row.id,
        workspaceId: row.workspaceId,
      });
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Checks at start that this process encrypts with the same key as the others on this database. The
 * first process stores an HMAC of a fixed label under its key (never the key); a later process with
 * another key refuses to start with a message naming AGENTRY_SECRET, instead of failing at its first
 * run with "the credential … could not be decrypted". On a database from before the check, the stored
 * credentials decide: the check is stored only when this key opens one of them (or there are none).
 */
export async function verifySecretKey(runtime: KeyCheckTarget): Promise<void> {
  const check = runtime.secrets.keyCheck();
  const read = async () => {
    const [row] = await runtime.db
      .select({ value: instanceSettings.value })
      .from(instanceSettings)
      .where(eq(instanceSettings.key, SECRET_KEY_CHECK));
    return (row?.value as { check?: unknown } | undefined)?.check;
  };
  let stored = await read();
  if (stored === undefined) {
    if (!(await keyOpensStoredSecrets(runtime)))
      throw mismatch(runtime, 'none of the stored credentials opens with it');
    // Two processes starting together: the first insert wins, and the other compares against it.
    await runtime.db
      .insert(instanceSettings)
      .values({ key: SECRET_KEY_CHECK, value: { version: 1, check } })
      .onConflictDoNothing();
    stored = await read();
  }
  if (stored !== check) throw mismatch(runtime, 'the key check stored in the database differs');
}
