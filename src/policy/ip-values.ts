/**
 * IP addresses and CIDR ranges for `IpAddress` / `NotIpAddress` (spec §3.4.6). IPv4 is read as a
 * strict dotted quad; IPv6 is read by ipaddr.js, so hex case and `::` compression do not matter.
 * An address without a prefix is a /32 (IPv4) or /128 (IPv6) range; IPv4 and IPv6 never match
 * each other (spec §10 C7). The validator and the evaluator both read values with these parsers.
 */
import ipaddr from 'ipaddr.js';

/** An address as bytes (4 for IPv4, 16 for IPv6). */
export interface IpAddressValue {
  readonly bytes: Uint8Array;
}

/** A CIDR range. */
export interface IpRange {
  readonly bytes: Uint8Array;
  readonly prefix: number;
}

const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseV4(text: string): Uint8Array | undefined {
  const m = DOTTED_QUAD.exec(text);
  if (!m) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = m[i + 1] as string;
    const n = Number(part);
    if (n > 255 || (part.length > 1 && part[0] === '0')) return undefined;
    bytes[i] = n;
  }
  return bytes;
}

function parseV6(text: string): Uint8Array | undefined {
  if (!text.includes(':') || text.includes('%')) return undefined;
  try {
    // `parse` throws exactly when `isValid` is false (ipaddr.js 2.x): one parse, not two.
    return Uint8Array.from(ipaddr.IPv6.parse(text).toByteArray());
  } catch {
    return undefined;
  }
}

/** Parses an IPv4 or IPv6 address; `undefined` when it is not one. The value must not be changed. */
export function parseIpAddress(text: string): IpAddressValue | undefined {
  // No module-wide memo of the last address: nothing global is written during decisions (issue #10).
  const bytes = parseV4(text) ?? parseV6(text);
  return bytes ? { bytes } : undefined;
}

/** Parses an address or CIDR range (`203.0.113.0/24`, `2001:db8::/32`); `undefined` when invalid. */
export function parseIpRange(text: string): IpRange | undefined {
  const slash = text.indexOf('/');
  const addr = parseIpAddress(slash < 0 ? text : text.slice(0, slash));
  if (!addr) return undefined;
  const max = addr.bytes.length * 8;
  if (slash < 0) return { bytes: addr.bytes, prefix: max };
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > max) return undefined;
  return { bytes: addr.bytes, prefix };
}
