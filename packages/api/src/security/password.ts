import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors';
import { ConcurrencyGate } from './concurrency-gate';

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/** Password hashes computed at once, process-wide, and how many more may wait for a turn. */
export const PASSWORD_HASH_LIMITS = { limit: 2, maxWaiting: 16, maxWaitMs: 5_000 } as const;

// scrypt runs on libuv's thread pool (4 threads by default), which file and DNS work share: unbounded
// parallel hashes from a sign-in flood would starve them. Two at once leaves the pool room.
const hashGate = new ConcurrencyGate(PASSWORD_HASH_LIMITS);
let hashesStarted = 0;

/** How many password hashes this process has started (to see that a refused attempt cost none). */
export function passwordHashesStarted(): number {
  return hashesStarted;
}

function busy(): AppError {
  return new AppError(
    'unavailable',
    'The server is busy checking other passwords. Try again in a few seconds.',
    {
      retryAfterSeconds: 2,
    },
  );
}

async function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  const release = await hashGate.acquire(busy);
  hashesStarted += 1;
  try {
    return await scryptKey(password, salt, n, r, p);
  } finally {
    release();
  }
}

function scryptKey(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { N: n, r, p, maxmem: 128 * n * r * 2 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** Hashes a password with scrypt (N=2^15, r=8, p=1) and a random salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, expected] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !expected) return false;
  const key = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  const want = Buffer.from(expected, 'base64url');
  return want.length === key.length && timingSafeEqual(want, key);
}
