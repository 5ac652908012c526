/**
 * The request time (spec §7.2: `aws:CurrentTime`, `aws:EpochTime`): the one reader every entry
 * point uses, so that a time one path accepts is never refused (or thrown on) by another.
 */
import { parseRequestTime } from '../../condition/date.js';

/**
 * Reads a request's `time` (ISO 8601 text, or epoch milliseconds as a number or a digit string;
 * absent = `now`) with the one date parser of the library. NaN, ±Infinity, instants outside the
 * `Date` range and other types are not times: `undefined` (fail closed).
 */
export function requestTime(value: unknown, now: () => number = Date.now): number | undefined {
  if (value !== undefined && typeof value !== 'number' && typeof value !== 'string') return undefined;
  const time = parseRequestTime(value === undefined ? now() : value);
  return Number.isNaN(time) ? undefined : time;
}
