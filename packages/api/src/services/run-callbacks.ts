import { createProviderFetch } from '@agentry/engine';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { getRunStatus } from './run-status';

/** Longest a callback may take; the run is stored either way, so a slow receiver only loses its call. */
const CALLBACK_TIMEOUT_MS = 10_000;

/** Refuses a callback URL that is not http(s) or carries a user and password (400 naming the problem). */
export function checkCallbackUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('bad_request', 'callbackUrl: not a valid URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AppError('bad_request', 'callbackUrl: use an http or https URL.');
  if (url.username || url.password)
    throw new AppError('bad_request', 'callbackUrl: put no user or password in the URL.');
  return url.toString();
}

/**
 * POSTs the run's state (as `GET /api/v1/runs/:id` shows it) to its callback URL, through the address
 * guard: private, loopback and metadata addresses are refused unless AGENTRY_ALLOW_PRIVATE_HOSTS names
 * the host. Fire and forget: a failed call is logged, never retried, and never fails the run.
 */
export function notifyRunCallback(
  runtime: Runtime,
  callbackUrl: string | null | undefined,
  runId: string,
): void {
  if (!callbackUrl) return;
  void (async () => {
    const run = await getRunStatus(runtime, runId);
    const guarded = createProviderFetch({ allowPrivateHosts: runtime.config.allowPrivateHosts });
    const response = await guarded(callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Agentry run callback' },
      body: JSON.stringify(run),
      redirect: 'manual',
      signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (!response.ok)
      runtime.logger.warn(
        { runId, status: response.status },
        "A run's callback URL answered with an error status",
      );
  })().catch((error: unknown) =>
    runtime.logger.warn({ err: error, runId }, "A run's callback URL could not be called"),
  );
}
