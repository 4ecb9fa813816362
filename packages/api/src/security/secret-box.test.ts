import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, isLegacySecret, SecretDecryptionError, type SecretOwner } from './secret-box';

const owner: SecretOwner = { kind: 'credential', id: 'cred-1', workspaceId: 'ws-1' };

/** Seals a secret the way stored secrets were sealed before they were bound to their row. */
function sealLegacy(material: string, plaintext: string): string {
  const key = createHash('sha256').update(`agentry-secret-box:${material}`).digest();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join(':');
}

describe('secret box', () => {
  it('round-trips and never stores the plaintext', () => {
    const box = createSecretBox('k1');
    const sealed = box.encrypt('sk-live-123456', owner);
    expect(sealed.startsWith('v2:')).toBe(true);
    expect(sealed).not.toContain('sk-live');
    expect(box.decrypt(sealed, owner)).toBe('sk-live-123456');
    expect(box.encrypt('same', owner)).not.toBe(box.encrypt('same', owner));
  });

  it('refuses a different key and tampered data', () => {
    const sealed = createSecretBox('k1').encrypt('secret', owner);
    expect(() => createSecretBox('k2').decrypt(sealed, owner)).toThrow(/AGENTRY_SECRET/);
    const parts = sealed.split(':');
    const body = parts[3]!;
    parts[3] = `${body[0] === 'A' ? 'B' : 'A'}${body.slice(1)}`;
    expect(() => createSecretBox('k1').decrypt(parts.join(':'), owner)).toThrow(SecretDecryptionError);
  });

  it('refuses a secret moved to another row or another workspace', () => {
    const box = createSecretBox('k1');
    const sealed = box.encrypt('sk-victim', owner);
    expect(() => box.decrypt(sealed, { ...owner, id: 'cred-2' })).toThrow(
      /credential cred-2 could not be decrypted: it was sealed for another credential or workspace/,
    );
    expect(() => box.decrypt(sealed, { ...owner, workspaceId: 'ws-2' })).toThrow(SecretDecryptionError);
    expect(() => box.decrypt(sealed, { ...owner, kind: 'webhook' })).toThrow(SecretDecryptionError);
  });

  it('still opens legacy secrets sealed without their row, and says they need sealing again', () => {
    const legacy = sealLegacy('k1', 'sk-old');
    expect(isLegacySecret(legacy)).toBe(true);
    expect(createSecretBox('k1').decrypt(legacy, owner)).toBe('sk-old');
    expect(isLegacySecret(createSecretBox('k1').encrypt('sk-new', owner))).toBe(false);
    expect(() => createSecretBox('k2').decrypt(legacy, owner)).toThrow(/AGENTRY_SECRET/);
    expect(() => createSecretBox('k1').decrypt('v3:a:b:c', owner)).toThrow(/Unrecognised/);
  });
});
