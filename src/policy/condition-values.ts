/**
 * Condition values per operator family (spec §3.4): one parser per value kind, shared by the
 * validator (policy values) and the evaluator (policy and request values), so that whatever
 * validates is exactly what applies (issue #11). The `is…Value` predicates are "the parser reads
 * it"; the parsers never throw and answer `NaN`/`undefined` for what they cannot read, and the
 * evaluator fails closed on those.
 */
import { parseIpRange } from './ip-values.js';

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const TRUE_FALSE = /^(?:true|false)$/i;

/**
 * Parses a decimal number (`12`, `-0.5`, `.5`, `1e+21`), as for the Numeric operators (spec
 * §3.4.2, §10 C4); surrounding spaces are ignored. `NaN` when the text is not one.
 */
export function parseNumber(text: string): number {
  const t = text.trim();
  return NUMBER.test(t) ? Number(t) : Number.NaN;
}

/** A decimal number the Numeric operators can read (see {@link parseNumber}). */
export function isNumericValue(value: string): boolean {
  return !Number.isNaN(parseNumber(value));
}

// ---- dates -----------------------------------------------------------------------------------

/**
 * The W3C profile of ISO 8601, and the extended years (`+010000`, `-000001`) that
 * `Date.prototype.toISOString` writes outside 0000–9999, so every time the engine formats (for
 * `aws:CurrentTime`) it can read back. Any number of fractional digits (read to the millisecond).
 */
const W3C = /^([+-]\d{6}|\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|z|[+-]\d{2}:\d{2})?)?)?)?$/;
/** Epoch seconds, possibly negative (before 1970: `aws:EpochTime` of such a time is negative). */
const EPOCH = /^-?\d+(?:\.\d+)?$/;
/** The JavaScript `Date` range in milliseconds: a time outside it cannot be formatted or compared. */
export const MAX_TIME = 8.64e15;

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Parses a date value (spec §3.4.3, §10 C5) into epoch milliseconds; `NaN` when it is not a date
 * or lies outside the `Date` range. A bare four-digit number is a year (`2020`), any other plain
 * number epoch seconds. Missing parts mean the start of the period; a time without a zone
 * designator is UTC — never the host's zone.
 */
export function parseDateValue(text: string): number {
  const ms = parseDateText(text);
  return Math.abs(ms) <= MAX_TIME ? ms : Number.NaN;
}

function parseDateText(text: string): number {
  const m = W3C.exec(text);
  if (m) {
    const year = Number(m[1]);
    if (Object.is(year, -0)) return Number.NaN; // ISO 8601: year zero is +000000, never -000000
    const month = m[2] === undefined ? 1 : Number(m[2]);
    const day = m[3] === undefined ? 1 : Number(m[3]);
    const hour = m[4] === undefined ? 0 : Number(m[4]);
    const minute = m[5] === undefined ? 0 : Number(m[5]);
    const second = m[6] === undefined ? 0 : Number(m[6]);
    if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
      return Number.NaN;
    }
    const fraction = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7].slice(0, 9)}`) * 1000);
    let ms = Date.UTC(year, month - 1, day, hour, minute, second) + fraction;
    // Date.UTC maps years 0–99 to 1900–1999; set the year explicitly.
    if (year < 100) {
      const d = new Date(ms);
      d.setUTCFullYear(year);
      ms = d.getTime();
    }
    const zone = m[8];
    if (zone && zone !== 'Z' && zone !== 'z') {
      const sign = zone[0] === '-' ? -1 : 1;
      const zh = Number(zone.slice(1, 3));
      const zm = Number(zone.slice(4, 6));
      if (zh > 23 || zm > 59) return Number.NaN;
      ms -= sign * (zh * 60 + zm) * 60_000;
    }
    return ms;
  }
  if (EPOCH.test(text)) return Number(text) * 1000;
  return Number.NaN;
}

/**
 * A date the Date operators can read (see {@link parseDateValue}). Policy values must also name
 * their zone when they have a time (`…T10:00:00Z`): a policy author means a zone, so none is
 * assumed. Request values without one are read as UTC.
 */
export function isDateValue(value: string): boolean {
  if (Number.isNaN(parseDateValue(value))) return false;
  const m = W3C.exec(value);
  return m === null || m[4] === undefined || m[8] !== undefined;
}

// ---- booleans, IPs, binary -------------------------------------------------------------------

/** `true`/`false` in any letter case (spec §3.4.4, §10 C6); also the values of `Null`. */
export function isBoolValue(value: string): boolean {
  return TRUE_FALSE.test(value);
}

/** An IPv4 or IPv6 address, optionally with a CIDR prefix length (spec §3.4.6). */
export function isIpValue(value: string): boolean {
  return parseIpRange(value) !== undefined;
}

const BASE64_CHAR = /^[A-Za-z0-9+/]*$/;

/**
 * Decodes standard base64 with padding (spec §3.4.5) to a binary string; `undefined` when the text
 * is not base64. Checked by length and one character class, with no repeated group.
 */
export function decodeBase64(text: string): string | undefined {
  if (text.length % 4 !== 0) return undefined;
  const body = text.endsWith('==') ? text.slice(0, -2) : text.endsWith('=') ? text.slice(0, -1) : text;
  if (!BASE64_CHAR.test(body)) return undefined;
  try {
    return atob(text);
  } catch {
    return undefined;
  }
}

/** Standard base64 with padding, as for `BinaryEquals` (spec §3.4.5). */
export function isBase64Value(value: string): boolean {
  return decodeBase64(value) !== undefined;
}
