import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Secrets sealed before they were bound to their row: no associated data. Still read, never written. */
const LEGACY_VERSION = 'v1';
/** Secrets bound to their row: the row's identity is the cipher's associated data. */
const BOUND_VERSION = 'v2';

/**
 * The row a secret belongs to. It is authenticated with the ciphertext (AES-GCM associated data), so a
 * ciphertext copied into another row or workspace does not decrypt there.
 */
export interface SecretOwner {
  /** What kind of row holds the secret (`credential`). */
  kind: string;
  id: string;
  workspaceId: string;
}

/** The error for a stored secret that cannot be opened; its message says why. */
export class SecretDecryptionError extends Error {
  readonly code = 'secret_unreadable';
}

/** Encrypts and decrypts stored secrets with AES-256-GCM under one key, bound to the row that holds them. */
export interface SecretBox {
  /** Seals a secret for the row `owner` (format `v2:iv:tag:body`). */
  encrypt(plaintext: string, owner: SecretOwner): string;
  /** Opens a secret of the row `owner`; a legacy `v1:` secret opens for any row (see `isLegacySecret`). */
  decrypt(sealed: string, owner: SecretOwner): string;
  /**
   * A value that tells keys apart without revealing them (an HMAC of a fixed label under the key):
   * stored in the database by the first process, so a process with another key says so at start.
   */
  keyCheck(): string;
}

/** True for a secret sealed in the old format, without its row as associated data: re-seal it. */
export function isLegacySecret(sealed: string): boolean {
  return sealed.startsWith(`${LEGACY_VERSION}:`);
}

function associatedData(owner: SecretOwner): Buffer {
  // JSON keeps the parts unambiguous: no id can end where another begins.
  return Buffer.from(JSON.stringify(['agentry-secret', owner.kind, owner.id, owner.workspaceId]), 'utf8');
}

/** Makes a secret box from key material (any string; it is hashed to 32 bytes). */
export function createSecretBox(material: string): SecretBox {
  const key = createHash('sha256').update(`agentry-secret-box:${material}`).digest();
  return {
    keyCheck() {
      return createHmac('sha256', key).update('agentry-secret-key-check:v1').digest('base64url');
    },
    encrypt(plaintext, owner) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(associatedData(owner));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        BOUND_VERSION,
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        body.toString('base64url'),
      ].join(':');
    },
    decrypt(sealed, owner) {
      const [version, iv, tag, body] = sealed.split(':');
      if ((version !== LEGACY_VERSION && version !== BOUND_VERSION) || !iv || !tag || body === undefined)
        throw new SecretDecryptionError('Unrecognised encrypted secret format.');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      if (version === BOUND_VERSION) decipher.setAAD(associatedData(owner));
      try {
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        // GCM cannot tell a wrong key from a wrong row; for a bound secret both are possible.
        throw new SecretDecryptionError(
          version === BOUND_VERSION
            ? `The stored secret of ${owner.kind} ${owner.id} could not be decrypted: it was sealed for another ${owner.kind} or workspace, was altered, or AGENTRY_SECRET differs from the key it was saved with.`
            : 'A stored secret could not be decrypted: AGENTRY_SECRET differs from the key it was saved with.',
        );
      }
    },
  };
}

/**
 * Returns AGENTRY_SECRET when set; otherwise the key generated once into `<dataDir>/secret.key`
 * (mode 0600), creating it on first use.
 */
export function loadSecretMaterial(dataDir: string, configured?: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const generated = randomBytes(32).toString('base64url');
  writeFileSync(file, `${generated}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return generated;
}
