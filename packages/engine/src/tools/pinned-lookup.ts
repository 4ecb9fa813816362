import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from './address-guard';

/** A `lookup` for the socket that only ever answers with the address the guard already checked. */
export function pinnedLookup(address: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [address]);
    else callback(null, address.address, address.family);
  };
}
