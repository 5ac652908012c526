/**
 * The request time (spec §7.2: `aws:CurrentTime`, `aws:EpochTime`): the one parser every entry
 * point uses, so that a time one path accepts is never refused (or thrown on) by another.
 */
import { parseDate } from '../../condition/date.js';

/** The latest instant a `Date` can hold, in epoch milliseconds. */
const MAX_TIME = 8.64e15;

/**
 * Reads a request's `time` (ISO 8601 text or epoch milliseconds; absent = `now`). NaN, ±Infinity,
 * instants outside the `Date` range and other types are not times: `undefined` (fail closed).
 */
export function requestTime(value: unknown, now: () => number = Date.now): number | undefined {
  const time = value === undefined ? now() : typeof value === 'number' ? value : typeof value === 'string' ? parseDate(value) : Number.NaN;
  return Math.abs(time) <= MAX_TIME ? time : undefined;
}
