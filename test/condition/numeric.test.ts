/**
 * §3.4.2 Numeric operators (and §10 C4 for values that are not numbers).
 */
import { describe, expect, it } from 'vitest';
import { check } from './helpers.js';
import { parseNumber } from '../../src/policy/condition-values.js';

const KEY = 's3:max-keys';
const at = (value: string) => ({ [KEY]: value });

describe('§3.4.2 Numeric operators', () => {
  it('§3.4.2 NumericEquals compares numbers, not text', () => {
    expect(check('NumericEquals', KEY, '10', at('10'))).toBe(true);
    expect(check('NumericEquals', KEY, '10', at('10.0'))).toBe(true);
    expect(check('NumericEquals', KEY, '10', at('010'))).toBe(true);
    expect(check('NumericEquals', KEY, '10', at('11'))).toBe(false);
  });

  it('§3.4.2 NumericNotEquals is the negation', () => {
    expect(check('NumericNotEquals', KEY, '10', at('11'))).toBe(true);
    expect(check('NumericNotEquals', KEY, '10', at('10.00'))).toBe(false);
  });

  it('§3.4.2 NumericLessThan is strict (W43)', () => {
    expect(check('NumericLessThan', KEY, '10', at('9'))).toBe(true);
    expect(check('NumericLessThan', KEY, '10', at('10'))).toBe(false);
    expect(check('NumericLessThan', KEY, '10', at('100'))).toBe(false);
  });

  it('§3.4.2 NumericLessThanEquals includes equality', () => {
    expect(check('NumericLessThanEquals', KEY, '10', at('10'))).toBe(true);
    expect(check('NumericLessThanEquals', KEY, '10', at('10.001'))).toBe(false);
  });

  it('§3.4.2 NumericGreaterThan is strict', () => {
    expect(check('NumericGreaterThan', KEY, '10', at('11'))).toBe(true);
    expect(check('NumericGreaterThan', KEY, '10', at('10'))).toBe(false);
  });

  it('§3.4.2 NumericGreaterThanEquals includes equality', () => {
    expect(check('NumericGreaterThanEquals', KEY, '10', at('10'))).toBe(true);
    expect(check('NumericGreaterThanEquals', KEY, '10', at('9.999'))).toBe(false);
  });

  it('§3.4.2 decimals compare by value (not as text: "9.5" < "10")', () => {
    expect(check('NumericLessThan', KEY, '10', at('9.5'))).toBe(true);
    expect(check('NumericGreaterThan', KEY, '2.5', at('2.25'))).toBe(false);
    expect(check('NumericGreaterThan', KEY, '2.5', at('2.75'))).toBe(true);
  });

  it('§3.4.2 negative numbers compare by value', () => {
    expect(check('NumericLessThan', KEY, '-1.5', at('-2'))).toBe(true);
    expect(check('NumericLessThan', KEY, '-1.5', at('-1'))).toBe(false);
    expect(check('NumericGreaterThanEquals', KEY, '-0', at('0'))).toBe(true);
  });

  it('§3.4 policy values written as JSON numbers work like strings', () => {
    expect(check('NumericLessThanEquals', KEY, 100, at('100'))).toBe(true);
    expect(check('NumericLessThanEquals', KEY, 100, at('101'))).toBe(false);
  });

  it('§10 C4 a request value that is not a number never matches a non-negated operator', () => {
    expect(check('NumericEquals', KEY, '10', at('ten'))).toBe(false);
    expect(check('NumericLessThan', KEY, '10', at(''))).toBe(false);
    expect(check('NumericLessThan', KEY, '10', at('0x1'))).toBe(false);
  });

  it('§10 C4 a request value that is not a number makes a negated operator true', () => {
    expect(check('NumericNotEquals', KEY, '10', at('ten'))).toBe(true);
  });

  it('§3.1 several policy values: OR for NumericEquals, NOR for NumericNotEquals', () => {
    expect(check('NumericEquals', KEY, ['5', '10'], at('10'))).toBe(true);
    expect(check('NumericEquals', KEY, ['5', '10'], at('7'))).toBe(false);
    expect(check('NumericNotEquals', KEY, ['5', '10'], at('7'))).toBe(true);
    expect(check('NumericNotEquals', KEY, ['5', '10'], at('5'))).toBe(false);
  });

  it('parseNumber reads integers, decimals, signs and exponents; anything else is NaN', () => {
    expect(parseNumber('42')).toBe(42);
    expect(parseNumber('-4.25')).toBe(-4.25);
    expect(parseNumber('+.5')).toBe(0.5);
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('12abc')).toBeNaN();
    expect(parseNumber('Infinity')).toBeNaN();
    expect(parseNumber('')).toBeNaN();
  });
});
