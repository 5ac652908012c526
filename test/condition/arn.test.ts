/**
 * §3.4.7 ARN operators, and how they differ from StringLike (W55/W56).
 */
import { describe, expect, it } from 'vitest';
import { check } from './helpers.js';

const KEY = 'aws:SourceArn';
const from = (arn: string) => ({ [KEY]: arn });
const PATTERN = 'arn:aws:someservice:*:111122223333:finance/*';
const SNEAKY = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';
const HONEST = 'arn:aws:someservice:us-east-2:111122223333:finance/document.txt';

describe('§3.4.7 ARN operators', () => {
  it('§3.4.7 StringLike lets `*` run across colons (W55)', () => {
    expect(check('StringLike', KEY, PATTERN, from(SNEAKY))).toBe(true);
  });

  it('§3.4.7 ArnLike keeps `*` inside one component (W56)', () => {
    expect(check('ArnLike', KEY, PATTERN, from(SNEAKY))).toBe(false);
    expect(check('ArnLike', KEY, PATTERN, from(HONEST))).toBe(true);
  });

  it('§3.4.7 ArnEquals behaves exactly like ArnLike (wildcards included)', () => {
    expect(check('ArnEquals', KEY, PATTERN, from(HONEST))).toBe(true);
    expect(check('ArnEquals', KEY, PATTERN, from(SNEAKY))).toBe(false);
    expect(
      check(
        'ArnEquals',
        KEY,
        'arn:aws:sns:us-east-1:111122223333:topic?',
        from('arn:aws:sns:us-east-1:111122223333:topic1'),
      ),
    ).toBe(true);
  });

  it('§3.4.7 ARN comparison is case-sensitive', () => {
    expect(
      check(
        'ArnEquals',
        KEY,
        'arn:aws:sns:us-east-1:111122223333:Topic',
        from('arn:aws:sns:us-east-1:111122223333:topic'),
      ),
    ).toBe(false);
  });

  it('§3.4.7 ArnNotLike / ArnNotEquals are the (identical) negations', () => {
    for (const op of ['ArnNotLike', 'ArnNotEquals']) {
      expect(check(op, KEY, PATTERN, from(SNEAKY))).toBe(true);
      expect(check(op, KEY, PATTERN, from(HONEST))).toBe(false);
    }
  });

  it('§3.4.7 a request value that is not an ARN never matches (so a negated operator holds)', () => {
    expect(check('ArnLike', KEY, 'arn:aws:*:*:*:*', from('not:an:arn'))).toBe(false);
    expect(check('ArnNotLike', KEY, 'arn:aws:*:*:*:*', from('not:an:arn'))).toBe(true);
  });

  it('§3.1 several ARN values: OR for ArnLike, NOR for ArnNotLike', () => {
    const values = ['arn:aws:sns:*:111122223333:a', 'arn:aws:sns:*:111122223333:b'];
    expect(check('ArnLike', KEY, values, from('arn:aws:sns:us-east-1:111122223333:b'))).toBe(true);
    expect(check('ArnLike', KEY, values, from('arn:aws:sns:us-east-1:111122223333:c'))).toBe(false);
    expect(check('ArnNotLike', KEY, values, from('arn:aws:sns:us-east-1:111122223333:c'))).toBe(true);
    expect(check('ArnNotLike', KEY, values, from('arn:aws:sns:us-east-1:111122223333:a'))).toBe(false);
  });

  it('§3.3 ArnLike on a missing key is false; ArnNotLike is true', () => {
    expect(check('ArnLike', KEY, PATTERN, {})).toBe(false);
    expect(check('ArnNotLike', KEY, PATTERN, {})).toBe(true);
  });
});
