import { createGuardedFetch } from '../tools/guarded-fetch';
import { safeFetch } from '../tools/http-request';
import type { HttpFetcher } from './context';

/** The network policy an admin sets for tools and model servers; graphs cannot widen it. */
export interface NetworkPolicy {
  /** Private or loopback hosts tools may still reach (e.g. an internal API), exact or "*.example.internal". */
  allowPrivateHosts?: string[];
  /** Allow every private address (trusted single-user installs only). */
  allowPrivateNetwork?: boolean;
}

/** An HTTP fetcher for tools that applies the address guard under `policy` (default: public addresses only). */
export function createHttpFetcher(policy: NetworkPolicy = {}): HttpFetcher {
  return (url, init, limits) =>
    safeFetch(url, init, {
      ...limits,
      allowHosts: policy.allowPrivateHosts,
      allowPrivateNetwork: policy.allowPrivateNetwork,
    });
}

const providerFetches = new Map<string, typeof globalThis.fetch>();

/**
 * The guarded `fetch` for model, embedding and credential-test calls under `policy` (default: public
 * addresses only). One per policy, so calls with the same policy share keep-alive sockets.
 */
export function createProviderFetch(policy: NetworkPolicy = {}): typeof globalThis.fetch {
  const key = JSON.stringify([
    policy.allowPrivateNetwork === true,
    [...(policy.allowPrivateHosts ?? [])].sort(),
  ]);
  let guarded = providerFetches.get(key);
  if (!guarded) {
    guarded = createGuardedFetch({
      allowHosts: policy.allowPrivateHosts,
      allowPrivateNetwork: policy.allowPrivateNetwork,
    });
    providerFetches.set(key, guarded);
  }
  return guarded;
}
