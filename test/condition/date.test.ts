/**
 * §3.4.3 Date operators and the accepted date forms (§10 C5): the W3C profile of ISO 8601 and
 * epoch seconds, compared as instants.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runs } from '../depth.js';
import { check, compileBlock, context } from './helpers.js';
import { EMPTY_CONTEXT, RequestKeys } from '../../src/evaluate/request/index.js';
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

/**
 * The hand-written date scanner reads exactly what the W3C/epoch regular expressions it replaced
 * read (issue #16: no regular expression on the per-decision path), with the same instant.
 */
describe('the date scanner agrees with the regular-expression reading', () => {
  const W3C =
    /^([+-]\d{6}|\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|z|[+-]\d{2}:\d{2})?)?)?)?$/;
  const daysIn = (y: number, m: number) =>
    m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
  /** The parser before the scanner (regex groups, `Date.UTC`), kept as the oracle. */
  function byRegex(text: string): number {
    const m = W3C.exec(text);
    let ms: number;
    if (m) {
      const year = Number(m[1]);
      if (Object.is(year, -0)) return Number.NaN;
      const [month, day, hour, minute, second] = [m[2] ?? '1', m[3] ?? '1', m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(
        Number,
      ) as [number, number, number, number, number];
      if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59)
        return Number.NaN;
      const fraction = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7].slice(0, 9)}`) * 1000);
      const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second) + fraction);
      d.setUTCFullYear(year);
      ms = d.getTime();
      const zone = m[8];
      if (zone && zone !== 'Z' && zone !== 'z') {
        const zh = Number(zone.slice(1, 3));
        const zm = Number(zone.slice(4, 6));
        if (zh > 23 || zm > 59) return Number.NaN;
        ms -= (zone[0] === '-' ? -1 : 1) * (zh * 60 + zm) * 60_000;
      }
    } else if (/^-?\d+(?:\.\d+)?$/.test(text)) ms = Number(text) * 1000;
    else return Number.NaN;
    return Math.abs(ms) <= 8.64e15 ? ms : Number.NaN;
  }
  const two = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
  const piece = fc.oneof(
    fc.constantFrom('-', ':', 'T', 't', 'Z', 'z', '+', '.', '', '0', '9', 'x', ' '),
    two,
    fc
      .tuple(fc.integer({ min: 0, max: 999_999 }), fc.constantFrom(4, 6))
      .map(([n, width]) => String(n).padStart(width, '0')),
    fc.stringMatching(/^\d{1,12}$/),
  );
  const shaped = fc
    .tuple(
      fc.constantFrom('', '+', '-'),
      fc.integer({ min: 0, max: 999_999 }),
      two,
      two,
      two,
      two,
      two,
      fc.stringMatching(/^\d{0,12}$/),
      fc.constantFrom('', 'Z', 'z', '+', '-'),
      two,
      two,
      fc.integer({ min: 1, max: 8 }),
    )
    .map(([s, y, mo, d, h, mi, sec, frac, z, zh, zm, cut]) => {
      const year = s === '' ? String(y % 10_000).padStart(4, '0') : `${s}${String(y).padStart(6, '0')}`;
      const zone = z === '+' || z === '-' ? `${z}${zh}:${zm}` : z;
      const parts = [year, `-${mo}`, `-${d}`, `T${h}:${mi}`, `:${sec}`, frac === '' ? '' : `.${frac}`, zone];
      return parts.slice(0, cut).join('');
    });

  it('on dates of every shape, near misses and noise', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          shaped,
          fc.array(piece, { maxLength: 10 }).map((p) => p.join('')),
          fc.string(),
        ),
        (text) => {
          const a = parseDate(text);
          const b = byRegex(text);
          expect(Number.isNaN(a) ? 'NaN' : a).toBe(Number.isNaN(b) ? 'NaN' : b);
        },
      ),
      { numRuns: runs(20_000) },
    );
  });

  it('reads what formatDate writes, for every instant of the Date range', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        expect(parseDate(formatDate(ms))).toBe(ms - (((ms % 1000) + 1000) % 1000));
      }),
      { numRuns: runs(5_000) },
    );
  });
});

/**
 * The request time is compared as a number (issue #16: `aws:CurrentTime` is neither formatted nor
 * parsed per decision): every Date operator gives what it gives on the time's text.
 */
describe('Date operators on the request time read as an instant', () => {
  const operators = [
    'DateEquals',
    'DateNotEquals',
    'DateLessThan',
    'DateLessThanEquals',
    'DateGreaterThan',
    'DateGreaterThanEquals',
    'DateLessThanIfExists',
    'DateNotEqualsIfExists',
  ];
  const instant = fc.integer({ min: -8.64e15, max: 8.64e15 });
  it('agrees with the text of aws:CurrentTime and aws:EpochTime', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...operators),
        fc.constantFrom('aws:CurrentTime', 'aws:EpochTime'),
        instant,
        fc.array(instant, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (operator, key, time, values, callerWins) => {
          const near = values.map((v, i) => (i === 0 ? time - (((time % 1000) + 1000) % 1000) : v));
          const [clause] = compileBlock({ [operator]: { [key]: near.map((v) => formatDate(v)) } });
          const keys = new RequestKeys(EMPTY_CONTEXT, [undefined], EMPTY_CONTEXT, time, undefined, callerWins);
          const text = context({
            'aws:CurrentTime': formatDate(time),
            'aws:EpochTime': String(Math.floor(time / 1000)),
          });
          expect(keys.instantOf(key.toLowerCase())).toBeDefined();
          expect(clause?.test(keys)).toBe(clause?.test(text));
        },
      ),
      { numRuns: runs(5_000) },
    );
  });
  it('a caller-supplied time (scenario mode) is read from its text', () => {
    const caller = context({ 'aws:CurrentTime': '2020-01-01T00:00:00Z' });
    const keys = new RequestKeys(caller, [], EMPTY_CONTEXT, Date.parse('2025-06-01T00:00:00Z'), undefined, true);
    expect(keys.instantOf('aws:currenttime')).toBeUndefined();
    const [clause] = compileBlock({ DateLessThan: { 'aws:CurrentTime': '2021-01-01T00:00:00Z' } });
    expect(clause?.test(keys)).toBe(true);
  });
});
