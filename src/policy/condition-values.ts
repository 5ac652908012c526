/**
 * Syntax of condition policy values per operator family (spec §3.4). These predicates only say
 * whether a value is well formed; comparing values is the condition engine's job.
 */
import ipaddr from 'ipaddr.js';

const NUMBER = /^[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const EPOCH_SECONDS = /^\d+(?:\.\d+)?$/;
const W3C_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-](\d{2}):(\d{2})))?)?)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const TRUE_FALSE = /^(?:true|false)$/i;
const PREFIX_LENGTH = /^\d{1,3}$/;

/** A decimal number (`12`, `-0.5`, `1e+21`), as for the Numeric operators (spec §3.4.2). */
export function isNumericValue(value: string): boolean {
  return NUMBER.test(value);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * A date for the Date operators (spec §3.4.3, §10 C5): the W3C profile of ISO 8601 (`YYYY`,
 * `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mmTZD`, `YYYY-MM-DDThh:mm:ssTZD` with optional
 * fractional seconds; TZD is `Z` or `±hh:mm`) or non-negative epoch seconds.
 */
export function isDateValue(value: string): boolean {
  if (EPOCH_SECONDS.test(value)) return true;
  const m = W3C_DATE.exec(value);
  if (m === null) return false;
  const [, y, mo, d, h, mi, s, , tzh, tzm] = m;
  const year = Number(y);
  if (mo !== undefined && (Number(mo) < 1 || Number(mo) > 12)) return false;
  if (d !== undefined && (Number(d) < 1 || Number(d) > daysInMonth(year, Number(mo)))) return false;
  if (h !== undefined && Number(h) > 23) return false;
  if (mi !== undefined && Number(mi) > 59) return false;
  if (s !== undefined && Number(s) > 59) return false;
  if (tzh !== undefined && (Number(tzh) > 23 || Number(tzm) > 59)) return false;
  return true;
}

/** `true`/`false` in any letter case (spec §3.4.4, §10 C6); also the values of `Null`. */
export function isBoolValue(value: string): boolean {
  return TRUE_FALSE.test(value);
}

/** An IPv4 or IPv6 address, optionally with a CIDR prefix length (spec §3.4.6). */
export function isIpValue(value: string): boolean {
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  let max: number;
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) max = 32;
  else if (!address.includes('%') && ipaddr.IPv6.isValid(address)) max = 128;
  else return false;
  if (slash < 0) return true;
  const prefix = value.slice(slash + 1);
  return PREFIX_LENGTH.test(prefix) && Number(prefix) <= max;
}

/** Standard base64 with padding, as for `BinaryEquals` (spec §3.4.5). */
export function isBase64Value(value: string): boolean {
  return BASE64.test(value);
}
