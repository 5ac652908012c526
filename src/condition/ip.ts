/**
 * IP ranges for `IpAddress` / `NotIpAddress` (spec §3.4.6). Addresses and ranges are read by the
 * one parser the validator uses too (`src/policy/ip-values.ts`), so what validates is what applies.
 */
import type { IpAddressValue, IpRange } from '../policy/ip-values.js';

export { parseIpAddress, parseIpRange, type IpAddressValue, type IpRange } from '../policy/ip-values.js';

/** `true` when `addr` lies in `range` (same family only). */
export function ipInRange(addr: IpAddressValue, range: IpRange): boolean {
  if (addr.bytes.length !== range.bytes.length) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((addr.bytes[i] as number) & mask) !== ((range.bytes[i] as number) & mask)) return false;
  }
  return true;
}
