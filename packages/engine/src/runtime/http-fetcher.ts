import { safeFetch } from '../tools/http-request';
import type { HttpFetcher } from './context';

/** The network policy an admin sets for tools; graphs cannot widen it. */
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
