/**
 * Date values for the Date operators (spec §3.4.3): the W3C profile of ISO 8601
 * (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mmTZD`, `YYYY-MM-DDThh:mm:ssTZD`, with fractional
 * seconds) or epoch seconds. Missing parts mean the start of the period (spec §10 C5).
 */

const W3C = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:\d{2})?)?)?)?$/;
const EPOCH = /^\d{1,15}(?:\.\d+)?$/;

/**
 * Parses a date value into epoch milliseconds; `NaN` when it is not a valid date.
 * A bare four-digit number is read as a year (`2020`), any other plain number as epoch seconds.
 * A time without a zone designator is read as UTC.
 */
export function parseDate(text: string): number {
  return parse(text);
}

function parse(text: string): number {
  const m = W3C.exec(text);
  if (m) {
    const year = Number(m[1]);
    const month = m[2] === undefined ? 1 : Number(m[2]);
    const day = m[3] === undefined ? 1 : Number(m[3]);
    const hour = m[4] === undefined ? 0 : Number(m[4]);
    const minute = m[5] === undefined ? 0 : Number(m[5]);
    const second = m[6] === undefined ? 0 : Number(m[6]);
    if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
      return Number.NaN;
    }
    const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
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

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Formats epoch milliseconds as `YYYY-MM-DDThh:mm:ssZ` (the form AWS uses for date keys). */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
