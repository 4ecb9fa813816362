import { hash, randomBytes } from 'node:crypto';

/** A new random secret token (256 bits, base64url) with an optional readable prefix. */
export function newToken(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/**
 * SHA-256 hex digest: how long random tokens (sessions, API keys) are stored and looked up. Every API
 * request computes one; the one-shot `hash` costs half of a `createHash` object's update and digest.
 */
export function digest(token: string): string {
  return hash('sha256', token, 'hex');
}

/** A short random id for public URLs. */
export function newPublicId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}
