import { createHash, randomBytes } from 'node:crypto';

/** A new random secret token (256 bits, base64url) with an optional readable prefix. */
export function newToken(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** SHA-256 hex digest: how long random tokens (sessions, API keys) are stored and looked up. */
export function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A short random id for public URLs. */
export function newPublicId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}
