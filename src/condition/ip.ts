/**
 * IP ranges for `IpAddress` / `NotIpAddress` (spec §3.4.6). Addresses and ranges are read by the
 * one parser the validator uses too (`src/policy/ip-values.ts`), so what validates is what applies.
 */
import type { IpAddressValue, IpRange } from '../policy/ip-values.js';

export { parseIpAddress, parseIpRange, type IpAddressValue, type IpRange } from '../policy/ip-values.js';

/**
 * An IPv4 address as an unsigned 32-bit number, or -1 when `text` is not one: exactly the texts
 * {@link parseIpAddress} reads as IPv4 (a strict dotted quad, each part 0–255 without a leading
 * zero), read by hand without allocating (the request's `aws:SourceIp` is read on every decision).
 */
export function ipv4Number(text: string): number {
  const n = text.length;
  if (n < 7 || n > 15) return -1;
  let value = 0;
  let part = 0;
  let digits = 0;
  let first = 0;
  let dots = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 46; /* . */
    if (c === 46) {
      if (digits === 0 || part > 255 || (digits > 1 && first === 0)) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      if (i < n && ++dots > 3) return -1;
    } else if (c >= 48 && c <= 57) {
      if (digits === 0) first = c - 48;
      if (++digits > 3) return -1;
      part = part * 10 + (c - 48);
    } else return -1;
  }
  return dots === 3 ? value : -1;
}

/** An IPv4 range as `[base, mask]` over {@link ipv4Number}s; `undefined` for an IPv6 range. */
export function ipv4Range(range: IpRange): readonly [number, number] | undefined {
  if (range.bytes.length !== 4) return undefined;
  const b = range.bytes;
  const mask = range.prefix === 0 ? 0 : (0xffffffff << (32 - range.prefix)) >>> 0;
  const base =
    ((b[0] as number) * 0x1000000 + (b[1] as number) * 0x10000 + (b[2] as number) * 0x100 + (b[3] as number)) >>> 0;
  return [(base & mask) >>> 0, mask];
}

/**
 * An IPv4 range or address text (`203.0.113.0/24`, `10.1.2.3`) as `[base, mask]`: exactly
 * `ipv4Range(parseIpRange(text))` for a text that {@link parseIpRange} reads as IPv4, `undefined`
 * for any other (an IPv6 range among them), read by hand: no regular expression and no bytes per
 * value (a policy's ranges are read when it is compiled).
 */
export function ipv4RangeOf(text: string): readonly [number, number] | undefined {
  const slash = text.indexOf('/');
  const base = ipv4Number(slash < 0 ? text : text.slice(0, slash));
  if (base < 0) return undefined;
  let prefix = 32;
  if (slash >= 0) {
    // One to three ASCII digits, at most 32 (what `/^\d{1,3}$/` and the family's width allow).
    const digits = text.length - slash - 1;
    if (digits < 1 || digits > 3) return undefined;
    prefix = 0;
    for (let i = slash + 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) return undefined;
      prefix = prefix * 10 + (c - 48);
    }
    if (prefix > 32) return undefined;
  }
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [(base & mask) >>> 0, mask];
}

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
