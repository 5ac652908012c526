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
const W3C =
  /^([+-]\d{6}|\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|z|[+-]\d{2}:\d{2})?)?)?)?$/;
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

/**
 * The W3C forms and epoch seconds, scanned by hand: one pass over the text, no regular expression
 * and no allocation (request times and `aws:CurrentTime` are read on every decision). Accepts
 * exactly the texts {@link W3C} describes and epoch seconds (`-?\d+(\.\d+)?`, possibly negative:
 * `aws:EpochTime` of a time before 1970 is).
 */
function parseDateText(text: string): number {
  const ms = scanW3C(text);
  if (ms !== undefined) return ms;
  return isDecimal(text, true) ? Number(text) * 1000 : Number.NaN;
}

/** `n` ASCII digits at `at` as a number, or -1. */
function digitsAt(text: string, at: number, n: number): number {
  if (at + n > text.length) return -1;
  let value = 0;
  for (let i = at; i < at + n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** `-?\d+` (and with `fraction`, `(\.\d+)?`) over the whole text . */
export function isDecimal(text: string, fraction: boolean): boolean {
  let i = text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const start = i;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  if (i === start) return false;
  if (i === text.length) return true;
  if (!fraction || text.charCodeAt(i) !== 46 /* . */) return false;
  const dot = ++i;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  return i > dot && i === text.length;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (any year; H. Hinnant's `days_from_civil`). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/**
 * A {@link W3C} date as epoch milliseconds: `undefined` when the text does not have the shape,
 * `NaN` when it has it but names no instant (month 13, 30 February, zone +24:00, year -000000).
 */
function scanW3C(text: string): number | undefined {
  const n = text.length;
  const sign = text.charCodeAt(0);
  let year: number;
  let i: number;
  if (sign === 43 /* + */ || sign === 45 /* - */) {
    year = digitsAt(text, 1, 6);
    if (year < 0) return undefined;
    if (sign === 45) year = -year;
    i = 7;
  } else {
    year = digitsAt(text, 0, 4);
    if (year < 0) return undefined;
    i = 4;
  }
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let fraction = 0;
  let offset = 0;
  let bad = sign === 45 && year === 0; // ISO 8601: year zero is +000000, never -000000
  if (i < n) {
    if (text.charCodeAt(i) !== 45 || (month = digitsAt(text, i + 1, 2)) < 0) return undefined;
    i += 3;
    if (i < n) {
      if (text.charCodeAt(i) !== 45 || (day = digitsAt(text, i + 1, 2)) < 0) return undefined;
      i += 3;
      if (i < n) {
        const t = text.charCodeAt(i);
        if (t !== 84 /* T */ && t !== 116 /* t */) return undefined;
        hour = digitsAt(text, i + 1, 2);
        minute = text.charCodeAt(i + 3) === 58 /* : */ ? digitsAt(text, i + 4, 2) : -1;
        if (hour < 0 || minute < 0) return undefined;
        i += 6;
        if (i < n && text.charCodeAt(i) === 58) {
          if ((second = digitsAt(text, i + 1, 2)) < 0) return undefined;
          i += 3;
          if (i < n && text.charCodeAt(i) === 46 /* . */) {
            const from = ++i;
            while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
            if (i === from) return undefined;
            // Read to the millisecond: the first three digits, truncated.
            for (let k = 0; k < 3; k++) fraction = fraction * 10 + (from + k < i ? text.charCodeAt(from + k) - 48 : 0);
          }
        }
        if (i < n) {
          const z = text.charCodeAt(i);
          if (z === 90 /* Z */ || z === 122 /* z */) i++;
          else if (z === 43 || z === 45) {
            const zh = digitsAt(text, i + 1, 2);
            const zm = text.charCodeAt(i + 3) === 58 ? digitsAt(text, i + 4, 2) : -1;
            if (zh < 0 || zm < 0) return undefined;
            if (zh > 23 || zm > 59) bad = true;
            offset = (z === 45 ? -1 : 1) * (zh * 60 + zm) * 60_000;
            i += 6;
          } else return undefined;
        }
      }
    }
  }
  if (i !== n) return undefined;
  if (
    bad ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysIn(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return Number.NaN;
  }
  return daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + fraction - offset;
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
