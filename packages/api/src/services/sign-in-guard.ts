import { AppError } from '../errors';
import { addressLimitKey } from '../http/client-address';
import type { Runtime } from '../runtime';
import { KeyedGates } from '../security/concurrency-gate';

/** Sign-in attempts that may wait behind the one in flight for the same email or address. */
export const SIGN_IN_QUEUE = { maxWaiting: 2, maxWaitMs: 5_000 } as const;

// One attempt at a time per email and per address: the next one starts only after the previous one has
// been counted and checked, so parallel requests cannot each see the count before any of them raised it.
const signInGates = new KeyedGates(SIGN_IN_QUEUE);

// Requests that arrived without the server's address stamp share this address; a success from it must
// not exempt every other such request from the per-email wait.
const UNKNOWN_ADDRESS = 'unknown';

/** The 429 for an attempt that must wait, naming the seconds. */
export function tooManyAttempts(waitMs: number, what = 'failed sign-ins'): AppError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new AppError('rate_limited', `Too many ${what}. Try again in ${seconds} seconds.`, {
    retryAfterSeconds: seconds,
  });
}

function busy(): AppError {
  return new AppError(
    'rate_limited',
    'Another sign-in for this account or from this address is in progress. Try again in a few seconds.',
    { retryAfterSeconds: 5 },
  );
}

function successKey(email: string, address: string): string {
  return `success:${email}|${address}`;
}

/**
 * The limiter keys one sign-in attempt counts against: its address, and its email. A client that signed
 * in as this email from this address recently counts its failures under its own key instead of the
 * email's, so someone else failing for the email from elsewhere cannot keep it out. The exemption needs
 * a past success (the password), and failures from that address still count and still delay it.
 */
export async function signInKeys(runtime: Runtime, email: string, address: string): Promise<string[]> {
  const known = address !== UNKNOWN_ADDRESS;
  const emailKey =
    known && (await runtime.signInLimiter.succeededRecently(successKey(email, address)))
      ? `email-from:${email}|${address}`
      : `email:${email}`;
  // The address key counts IPv6 by its /64, so one host cannot rotate through its addresses.
  return [emailKey, `ip:${addressLimitKey(address)}`];
}

/**
 * Runs `check` (which returns the user id, or undefined for a wrong email or password) as one counted
 * sign-in attempt: refused while a wait is pending, one at a time per key, counted before `check` runs.
 * A success forgets the keys' attempts and remembers the email and address for `signInKeys`.
 */
export async function guardSignIn(
  runtime: Runtime,
  email: string,
  address: string,
  check: () => Promise<string | undefined>,
): Promise<string> {
  const limiter = runtime.signInLimiter;
  const keys = await signInKeys(runtime, email, address);
  // Refuse a waiting client before it takes a place in the queue.
  const pending = Math.max(...(await Promise.all(keys.map((key) => limiter.retryAfter(key)))));
  if (pending > 0) throw tooManyAttempts(pending);
  const release = await signInGates.acquire(keys, busy);
  try {
    // Counted (with REDIS_URL, in Redis, atomically across every process) before the password is hashed.
    const wait = await limiter.reserve(keys);
    if (wait > 0) throw tooManyAttempts(wait);
    const userId = await check();
    if (!userId) throw new AppError('unauthorized', 'Email or password is incorrect.');
    await Promise.all(keys.map((key) => limiter.succeed(key)));
    if (address !== UNKNOWN_ADDRESS) await limiter.rememberSuccess(successKey(email, address));
    return userId;
  } finally {
    release();
  }
}

/** Counts one owner sign-up attempt from `address` before its password is hashed; 429 past the allowance. */
export async function reserveSignUp(runtime: Runtime, address: string): Promise<void> {
  const wait = await runtime.signInLimiter.reserve([`sign-up:${addressLimitKey(address)}`]);
  if (wait > 0) throw tooManyAttempts(wait, 'sign-up attempts');
}
