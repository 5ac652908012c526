/**
 * Reference readers for typed condition values (spec §3.4.1–§3.4.6), each returning
 * "not a value" instead of guessing. Deliberately strict: only the forms the spec lists.
 */

/**
 * Case folding for `…IgnoreCase` and action names: Unicode simple case folding of the policy
 * character set U+0000–U+00FF (spec §3.4.1, §10 C2) — A–Z and À–Þ (not ×) to lower case, and
 * MICRO SIGN µ to GREEK SMALL LETTER MU μ. Other characters are left alone.
 */
export function fold(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const upper = (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0xde && c !== 0xd7);
    out += upper ? String.fromCharCode(c + 0x20) : c === 0xb5 ? '\u03bc' : text.charAt(i);
  }
  return out;
}

/** A decimal number (`10`, `-2.5`, `1e3`) or `undefined` (spec §3.4.2, §10 C4). */
export function readNumber(text: string): number | undefined {
  return /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text) ? Number(text) : undefined;
}

/**
 * A date as epoch milliseconds, or `undefined` (spec §3.4.3, §10 C5): the W3C profile of ISO 8601
 * (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mmTZD`, `YYYY-MM-DDThh:mm:ssTZD`,
 * `YYYY-MM-DDThh:mm:ss.sTZD`; TZD = `Z` or `±hh:mm`) or epoch seconds, negative before 1970. A bare
 * four-digit number is the year form.
 */
export function readDate(text: string): number | undefined {
  const m = /^(\d{4})(?:-(\d\d)(?:-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?(Z|[+-]\d\d:\d\d))?)?)?$/.exec(text);
  if (m) {
    const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', frac, tz = 'Z'] = m;
    const year = Number(y);
    const month = Number(mo);
    const day = Number(d);
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
    if (days === undefined || day < 1 || day > days || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
      return undefined;
    const date = new Date(0);
    date.setUTCFullYear(year, month - 1, day);
    date.setUTCHours(Number(h), Number(mi), Number(s), 0);
    let ms = date.getTime() + (frac === undefined ? 0 : Number(`0.${frac}`) * 1000);
    if (tz !== 'Z') {
      const zh = Number(tz.slice(1, 3));
      const zm = Number(tz.slice(4, 6));
      if (zh > 23 || zm > 59) return undefined;
      ms -= (tz.startsWith('-') ? -1 : 1) * (zh * 60 + zm) * 60_000;
    }
    return ms;
  }
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : undefined; // negative: before 1970 (docs/semantics.md)
}

/** An IPv4 (4 bytes) or IPv6 (16 bytes) address, or `undefined` (spec §3.4.6). */
export function readIp(text: string): number[] | undefined {
  return readIpv4(text) ?? readIpv6(text);
}

function readIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    out.push(Number(p));
  }
  return out;
}

function readIpv6(text: string): number[] | undefined {
  if (!text.includes(':')) return undefined;
  // An embedded IPv4 address may end the text (e.g. ::ffff:192.0.2.1): it is the last 4 bytes.
  let tail: number[] = [];
  let body = text;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = readIpv4(text.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = v4;
    const head = text.slice(0, lastColon + 1);
    body = head.endsWith('::') ? head : head.slice(0, -1);
  }
  const groups = (s: string): number[] | undefined => {
    const out: number[] = [];
    for (const g of s === '' ? [] : s.split(':')) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
      const n = parseInt(g, 16);
      out.push(n >> 8, n & 0xff);
    }
    return out;
  };
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const head = groups(halves[0] as string);
  if (!head) return undefined;
  if (halves.length === 1) return head.length + tail.length === 16 ? [...head, ...tail] : undefined;
  const rest = groups(halves[1] as string);
  if (!rest) return undefined;
  const zeros = 16 - head.length - rest.length - tail.length;
  if (zeros < 2) return undefined; // "::" stands for at least one group of zeros
  return [...head, ...new Array<number>(zeros).fill(0), ...rest, ...tail];
}

/** An address or CIDR range (`203.0.113.0/24`, `2001:db8::/32`; no prefix = one address). */
export function readIpRange(text: string): { bytes: number[]; prefix: number } | undefined {
  const slash = text.indexOf('/');
  const bytes = readIp(slash < 0 ? text : text.slice(0, slash));
  if (!bytes) return undefined;
  if (slash < 0) return { bytes, prefix: bytes.length * 8 };
  const p = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(p) || Number(p) > bytes.length * 8) return undefined;
  return { bytes, prefix: Number(p) };
}

/** `true` when `addr` is inside `range`; IPv4 and IPv6 never match each other (spec §10 C7). */
export function ipInside(addr: number[], range: { bytes: number[]; prefix: number }): boolean {
  if (addr.length !== range.bytes.length) return false;
  for (let bit = 0; bit < range.prefix; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((addr[byte] as number) & mask) !== ((range.bytes[byte] as number) & mask)) return false;
  }
  return true;
}

/** Standard padded base64 decoded to a byte string, or `undefined` (spec §3.4.5). */
export function readBase64(text: string): string | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return undefined;
  return Buffer.from(text, 'base64').toString('latin1');
}
