/**
 * Deterministic identifiers for entities whose world record gives none (spec §5.2 prefixes):
 * the same ARN always yields the same id, so decisions are reproducible.
 */

/** A 32-bit FNV-1a hash of `text`. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `prefix` followed by `length` upper-case base32 characters derived from `seed`. */
export function derivedId(prefix: string, seed: string, length = 17): string {
  // Character codes first, one string at the end: appending a character at a time would keep a
  // chain of concatenated strings (some 300 bytes per id) for every principal of a world.
  const codes: number[] = [];
  for (let i = 0; i < prefix.length; i++) codes.push(prefix.charCodeAt(i));
  let h = fnv1a(seed);
  for (let i = 0; i < length; i++) {
    // fnv1a(`${seed}#${i}`, h), without building that string (three per id, for every principal).
    if (i % 6 === 0) h = fnv1a(String(i), fnv1a('#', fnv1a(seed, h)));
    codes.push(ALPHABET.charCodeAt(h & 31));
    h >>>= 5;
  }
  return String.fromCharCode(...codes);
}

/** The last path segment of an ARN's resource part (`user/path/alice` → `alice`). */
export function entityName(arn: string): string {
  const slash = arn.lastIndexOf('/');
  return slash < 0 ? arn.slice(arn.lastIndexOf(':') + 1) : arn.slice(slash + 1);
}

/** The account field of an ARN, or `undefined`. */
export function arnAccount(arn: string): string | undefined {
  return arnField(arn, 4) || undefined;
}

/** The partition field of an ARN (default `aws`). */
export function arnPartition(arn: string): string {
  return arnField(arn, 1) || 'aws';
}

/**
 * Field `i` (0–4) of an ARN with at least six fields, or `''` (as `arn.split(':')[i]` would read
 * it when there are six, without splitting the whole ARN: worlds hold hundreds of thousands).
 */
export function arnField(arn: string, i: number): string {
  let from = 0;
  for (let k = 0; k < i; k++) {
    from = arn.indexOf(':', from) + 1;
    if (from === 0) return '';
  }
  const to = arn.indexOf(':', from);
  if (to < 0) return '';
  // Six fields: five colons in all.
  let colon = to;
  for (let k = i; k < 4; k++) {
    colon = arn.indexOf(':', colon + 1);
    if (colon < 0) return '';
  }
  return arn.slice(from, to);
}
