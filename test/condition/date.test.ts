/**
 * §3.4.3 Date operators and the accepted date forms (§10 C5): the W3C profile of ISO 8601 and
 * epoch seconds, compared as instants.
 */
import { describe, expect, it } from 'vitest';
import { check } from './helpers.js';
import { formatDate, parseDate } from '../../src/condition/date.js';

const NOW = 'aws:CurrentTime';
const at = (value: string) => ({ [NOW]: value });
const utc = (iso: string) => Date.parse(iso);

describe('parseDate (§3.4.3, §10 C5)', () => {
  it('reads every W3C granularity; missing parts are the start of the period', () => {
    expect(parseDate('2020')).toBe(utc('2020-01-01T00:00:00Z'));
    expect(parseDate('2020-07')).toBe(utc('2020-07-01T00:00:00Z'));
    expect(parseDate('2020-07-16')).toBe(utc('2020-07-16T00:00:00Z'));
    expect(parseDate('2020-07-16T19:20Z')).toBe(utc('2020-07-16T19:20:00Z'));
    expect(parseDate('2020-07-16T19:20:30Z')).toBe(utc('2020-07-16T19:20:30Z'));
    expect(parseDate('2020-07-16T19:20:30.45Z')).toBe(utc('2020-07-16T19:20:30.450Z'));
  });

  it('normalises zone offsets to the same instant', () => {
    expect(parseDate('2020-07-16T20:20:30+01:00')).toBe(utc('2020-07-16T19:20:30Z'));
    expect(parseDate('2020-07-16T14:20:30-05:00')).toBe(utc('2020-07-16T19:20:30Z'));
    expect(parseDate('2020-07-16T00:30:00+01:00')).toBe(utc('2020-07-15T23:30:00Z'));
  });

  it('reads a plain number (other than a four-digit year) as epoch seconds', () => {
    expect(parseDate('1594927230')).toBe(utc('2020-07-16T19:20:30Z'));
    expect(parseDate('0')).toBe(0);
    expect(parseDate('1594927230.5')).toBe(utc('2020-07-16T19:20:30.500Z'));
  });

  it('rejects impossible dates and other text', () => {
    expect(parseDate('2021-02-29')).toBeNaN();
    expect(parseDate('2020-13-01')).toBeNaN();
    expect(parseDate('2020-07-16T24:00:00Z')).toBeNaN();
    expect(parseDate('yesterday')).toBeNaN();
    // Negative epoch seconds are times before 1970 (aws:EpochTime of such a time, issue #11).
    expect(parseDate('-5')).toBe(-5000);
    expect(parseDate('--5')).toBeNaN();
    expect(parseDate('')).toBeNaN();
  });

  it('accepts 29 February in a leap year', () => {
    expect(parseDate('2024-02-29')).toBe(utc('2024-02-29T00:00:00Z'));
  });

  it('formatDate writes the AWS form without milliseconds', () => {
    expect(formatDate(utc('2025-06-01T12:00:00.789Z'))).toBe('2025-06-01T12:00:00Z');
  });
});

describe('§3.4.3 Date operators', () => {
  it('§3.4.3 DateEquals compares instants, whatever the notation', () => {
    expect(check('DateEquals', NOW, '2020-07-16T19:20:30Z', at('2020-07-16T21:20:30+02:00'))).toBe(true);
    expect(check('DateEquals', NOW, '2020-07-16T19:20:30Z', at('1594927230'))).toBe(true);
    expect(check('DateEquals', NOW, '2020-07-16T19:20:30Z', at('2020-07-16T19:20:31Z'))).toBe(false);
  });

  it('§3.4.3 DateNotEquals is the negation', () => {
    expect(check('DateNotEquals', NOW, '2020-07-16', at('2020-07-17T00:00:00Z'))).toBe(true);
    expect(check('DateNotEquals', NOW, '2020-07-16', at('2020-07-16T00:00:00Z'))).toBe(false);
  });

  it('§3.4.3 DateLessThan with an ISO policy value (W44)', () => {
    expect(check('DateLessThan', NOW, '2025-12-31T23:59:59Z', at('2025-06-01T12:00:00Z'))).toBe(true);
    expect(check('DateLessThan', NOW, '2025-06-01T12:00:00Z', at('2025-06-01T12:00:00Z'))).toBe(false);
    expect(check('DateLessThan', NOW, '2025-01-01T00:00:00Z', at('2025-06-01T12:00:00Z'))).toBe(false);
  });

  it('§3.4.3 DateLessThanEquals includes the same instant', () => {
    expect(check('DateLessThanEquals', NOW, '2025-06-01T12:00:00Z', at('2025-06-01T12:00:00Z'))).toBe(true);
    expect(check('DateLessThanEquals', NOW, '2025-06-01T12:00:00Z', at('2025-06-01T12:00:01Z'))).toBe(false);
  });

  it('§3.4.3 DateGreaterThan is strict', () => {
    expect(check('DateGreaterThan', NOW, '2025', at('2025-01-01T00:00:01Z'))).toBe(true);
    expect(check('DateGreaterThan', NOW, '2025', at('2025-01-01T00:00:00Z'))).toBe(false);
  });

  it('§3.4.3 DateGreaterThanEquals includes the same instant', () => {
    expect(check('DateGreaterThanEquals', NOW, '2025-06', at('2025-06-01T00:00:00Z'))).toBe(true);
    expect(check('DateGreaterThanEquals', NOW, '2025-06', at('2025-05-31T23:59:59Z'))).toBe(false);
  });

  it('§3.4.3 epoch-second policy values work with Date operators', () => {
    expect(check('DateGreaterThan', NOW, '1594927230', at('2020-07-16T19:20:31Z'))).toBe(true);
    expect(check('DateGreaterThan', NOW, '1594927230', at('2020-07-16T19:20:30Z'))).toBe(false);
  });

  it('§3.4.3 offsets in the policy value are honoured', () => {
    // 2025-06-01T13:00:00+02:00 is 11:00 UTC: 12:00 UTC is after it.
    expect(check('DateGreaterThan', NOW, '2025-06-01T13:00:00+02:00', at('2025-06-01T12:00:00Z'))).toBe(true);
    expect(check('DateLessThan', NOW, '2025-06-01T13:00:00+02:00', at('2025-06-01T12:00:00Z'))).toBe(false);
  });

  it('§3.4.3 revoking older sessions via aws:TokenIssueTime (W46)', () => {
    const key = 'aws:TokenIssueTime';
    expect(check('DateLessThan', key, '2025-06-01T11:30:00Z', { [key]: '2025-06-01T11:00:00Z' })).toBe(true);
    expect(check('DateLessThan', key, '2025-06-01T11:30:00Z', { [key]: '2025-06-01T11:45:00Z' })).toBe(false);
  });

  it('§3.4.3 aws:EpochTime works with Numeric operators too', () => {
    expect(check('NumericGreaterThan', 'aws:EpochTime', 1594927230, { 'aws:EpochTime': '1594927231' })).toBe(true);
    expect(check('NumericGreaterThan', 'aws:EpochTime', 1594927230, { 'aws:EpochTime': '1594927230' })).toBe(false);
  });

  it('§10 C4 a request value that is not a date never matches; a negated operator then holds', () => {
    expect(check('DateLessThan', NOW, '2030-01-01T00:00:00Z', at('not-a-date'))).toBe(false);
    expect(check('DateNotEquals', NOW, '2030-01-01T00:00:00Z', at('not-a-date'))).toBe(true);
  });
});
