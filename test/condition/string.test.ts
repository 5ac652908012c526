/**
 * §3.4.1 String operators.
 */
import { describe, expect, it } from 'vitest';
import { check } from './helpers.js';

const KEY = 'aws:PrincipalTag/team';

describe('§3.4.1 StringEquals / StringNotEquals', () => {
  it('§3.4.1 StringEquals is an exact, case-sensitive comparison', () => {
    expect(check('StringEquals', KEY, 'red', { [KEY]: 'red' })).toBe(true);
    expect(check('StringEquals', KEY, 'red', { [KEY]: 'Red' })).toBe(false);
    expect(check('StringEquals', KEY, 'red', { [KEY]: 'redder' })).toBe(false);
  });

  it('§3.4.1 StringEquals treats `*` and `?` as literal characters', () => {
    expect(check('StringEquals', KEY, 're*', { [KEY]: 'red' })).toBe(false);
    expect(check('StringEquals', KEY, 're*', { [KEY]: 're*' })).toBe(true);
    expect(check('StringEquals', KEY, 're?', { [KEY]: 'red' })).toBe(false);
  });

  it('§3.4.1 StringNotEquals is the negation', () => {
    expect(check('StringNotEquals', KEY, 'red', { [KEY]: 'blue' })).toBe(true);
    expect(check('StringNotEquals', KEY, 'red', { [KEY]: 'red' })).toBe(false);
    expect(check('StringNotEquals', KEY, 'red', { [KEY]: 'RED' })).toBe(true);
  });

  it('§3.4 policy values written as JSON numbers or booleans compare as their string form', () => {
    expect(check('StringEquals', 's3:max-keys', 10, { 's3:max-keys': '10' })).toBe(true);
    expect(check('StringEquals', 's3:max-keys', 10, { 's3:max-keys': '10.0' })).toBe(false);
    expect(check('StringEquals', 'aws:SecureTransport', true, { 'aws:SecureTransport': 'true' })).toBe(true);
  });
});

describe('§3.4.1 StringEqualsIgnoreCase / StringNotEqualsIgnoreCase', () => {
  it('§3.4.1 StringEqualsIgnoreCase ignores case (W28)', () => {
    expect(check('StringEqualsIgnoreCase', KEY, 'Red', { [KEY]: 'rED' })).toBe(true);
    expect(check('StringEqualsIgnoreCase', KEY, 'Red', { [KEY]: 'reds' })).toBe(false);
  });

  it('§3.4.1/§10 C2 IgnoreCase folds Latin-1 letters too', () => {
    expect(check('StringEqualsIgnoreCase', KEY, 'ÉQUIPE', { [KEY]: 'équipe' })).toBe(true);
    expect(check('StringEqualsIgnoreCase', KEY, 'ÉQUIPE', { [KEY]: 'equipe' })).toBe(false);
  });

  it('§3.4.1 StringEqualsIgnoreCase keeps `*` literal', () => {
    expect(check('StringEqualsIgnoreCase', KEY, 'R*', { [KEY]: 'red' })).toBe(false);
  });

  it('§3.4.1 StringNotEqualsIgnoreCase is the negation', () => {
    expect(check('StringNotEqualsIgnoreCase', KEY, 'Red', { [KEY]: 'RED' })).toBe(false);
    expect(check('StringNotEqualsIgnoreCase', KEY, 'Red', { [KEY]: 'blue' })).toBe(true);
  });
});

describe('§3.4.1 StringLike / StringNotLike', () => {
  const path = 's3:prefix';

  it('§3.4.1 StringLike: `?` one character and `*` any run (W25)', () => {
    expect(check('StringLike', path, 'home/?/*', { [path]: 'home/a/notes/2024.txt' })).toBe(true);
  });

  it('§3.4.1 StringLike: `?` never matches zero or two characters (W26)', () => {
    expect(check('StringLike', path, 'home/?/*', { [path]: 'home/ab/notes' })).toBe(false);
    expect(check('StringLike', path, 'home/?/*', { [path]: 'home//notes' })).toBe(false);
  });

  it('§3.4.1 StringLike: `*` runs over `:` and `/`', () => {
    expect(
      check('StringLike', 'aws:SourceArn', 'arn:aws:sns:*:topic', {
        'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:topic',
      }),
    ).toBe(true);
  });

  it('§3.4.1 StringLike is case-sensitive and anchored (partial matches need wildcards)', () => {
    expect(check('StringLike', path, 'home/*', { [path]: 'Home/a' })).toBe(false);
    expect(check('StringLike', path, 'home', { [path]: 'home/a' })).toBe(false);
    expect(check('StringLike', path, '*home*', { [path]: 'my/home/a' })).toBe(true);
  });

  it('§3.4.1 StringLike without wildcards is an exact comparison', () => {
    expect(check('StringLike', path, 'home', { [path]: 'home' })).toBe(true);
  });

  it('§3.4.1 StringNotLike is the negation', () => {
    expect(check('StringNotLike', path, 'home/*', { [path]: 'tmp/a' })).toBe(true);
    expect(check('StringNotLike', path, 'home/*', { [path]: 'home/a' })).toBe(false);
  });
});
