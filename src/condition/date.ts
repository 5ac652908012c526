/**
 * Date values for the Date operators (spec §3.4.3): the W3C profile of ISO 8601
 * (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mmTZD`, `YYYY-MM-DDThh:mm:ssTZD`, with fractional
 * seconds) or epoch seconds. Missing parts mean the start of the period (spec §10 C5).
 */

import { isDecimal, MAX_TIME, parseDateValue } from '../policy/condition-values.js';

/**
 * Parses a date value into epoch milliseconds; `NaN` when it is not a valid date. The one date
 * parser of the validator and the evaluator ({@link parseDateValue}): a bare four-digit number is
 * a year (`2020`), any other plain number epoch seconds; a time without a zone is UTC.
 */
export function parseDate(text: string): number {
  return parseDateValue(text);
}

/**
 * Reads a request's `time` (documented as ISO 8601 or epoch milliseconds): a number or a string
 * of digits is epoch milliseconds, anything else a date value as above. `NaN` when unreadable or
 * outside the `Date` range, so the request fails closed (`InvalidRequest:time`).
 */
export function parseRequestTime(time: string | number): number {
  const ms = typeof time === 'number' ? time : isDecimal(time, false) ? Number(time) : parseDate(time);
  return Math.abs(ms) <= MAX_TIME ? ms : Number.NaN;
}

/** Formats epoch milliseconds as `YYYY-MM-DDThh:mm:ssZ` (the form AWS uses for date keys). */
export function formatDate(ms: number): string {
  const iso = new Date(ms).toISOString(); // always ends in `.sssZ`
  return `${iso.slice(0, -5)}Z`;
}
