/**
 * §3.4.4 Bool and §3.4.5 BinaryEquals.
 */
import { describe, expect, it } from 'vitest';
import { check } from './helpers.js';

const TLS = 'aws:SecureTransport';
const MFA = 'aws:MultiFactorAuthPresent';

describe('§3.4.4 Bool', () => {
  it('§3.4.4 Bool "true" matches a true request value, not a false one', () => {
    expect(check('Bool', TLS, 'true', { [TLS]: 'true' })).toBe(true);
    expect(check('Bool', TLS, 'true', { [TLS]: 'false' })).toBe(false);
  });

  it('§3.4.4 Bool "false" matches a false request value (W53 in a Deny)', () => {
    expect(check('Bool', TLS, 'false', { [TLS]: 'false' })).toBe(true);
    expect(check('Bool', TLS, 'false', { [TLS]: 'true' })).toBe(false);
  });

  it('§3.4.4/§10 C6 literal case does not matter: "True" equals true', () => {
    expect(check('Bool', TLS, 'True', { [TLS]: 'true' })).toBe(true);
    expect(check('Bool', TLS, 'FALSE', { [TLS]: 'true' })).toBe(false);
    expect(check('Bool', TLS, 'true', { [TLS]: 'TRUE' })).toBe(true);
  });

  it('§3.4.4 JSON booleans and booleans in the context work like the strings', () => {
    expect(check('Bool', TLS, true, { [TLS]: true })).toBe(true);
    expect(check('Bool', TLS, false, { [TLS]: true })).toBe(false);
  });

  it('§3.4.4 a request value that is neither true nor false never matches', () => {
    expect(check('Bool', TLS, 'true', { [TLS]: 'yes' })).toBe(false);
    expect(check('Bool', TLS, 'false', { [TLS]: 'yes' })).toBe(false);
  });

  it('§3.1 several Bool values are OR-ed, in any order and letter case', () => {
    for (const values of [
      ['false', 'true'],
      ['true', 'false'],
      ['TRUE', 'False'],
    ]) {
      expect(check('Bool', 'aws:SecureTransport', values, { 'aws:SecureTransport': 'true' })).toBe(true);
      expect(check('Bool', 'aws:SecureTransport', values, { 'aws:SecureTransport': 'false' })).toBe(true);
    }
    expect(check('Bool', 'aws:SecureTransport', ['false', 'False'], { 'aws:SecureTransport': 'true' })).toBe(false);
    expect(check('Bool', 'aws:SecureTransport', ['true', 'TRUE'], { 'aws:SecureTransport': 'false' })).toBe(false);
  });

  it('§3.4.4 Bool false does not catch a missing key, BoolIfExists false does (W09)', () => {
    expect(check('Bool', MFA, 'false', {})).toBe(false);
    expect(check('BoolIfExists', MFA, 'false', {})).toBe(true);
    expect(check('BoolIfExists', MFA, 'false', { [MFA]: 'true' })).toBe(false);
  });
});

describe('§3.4.5 BinaryEquals', () => {
  const KEY = 'example:Blob';

  it('§3.4.5 compares the request bytes with the base64-decoded policy value', () => {
    expect(check('BinaryEquals', KEY, 'QmluYXJ5VmFsdWU=', { [KEY]: 'QmluYXJ5VmFsdWU=' })).toBe(true);
    // A request value that is not base64 cannot be read: it matches nothing (issue #11, fail closed).
    expect(check('BinaryEquals', KEY, 'QmluYXJ5VmFsdWU=', { [KEY]: 'BinaryValue' })).toBe(false);
  });

  it('§3.4.5 different bytes do not match (comparison is byte for byte, case-sensitive)', () => {
    expect(check('BinaryEquals', KEY, 'QmluYXJ5VmFsdWU=', { [KEY]: 'QmluYXJ5VmFsdWF=' })).toBe(false);
    expect(check('BinaryEquals', KEY, 'QmluYXJ5VmFsdWU=', { [KEY]: 'binaryvalue' })).toBe(false);
  });

  it('§3.4.5 several policy values are OR-ed', () => {
    expect(check('BinaryEquals', KEY, ['YWJj', 'QmluYXJ5VmFsdWU='], { [KEY]: 'YWJj' })).toBe(true);
    expect(check('BinaryEquals', KEY, ['YWJj', 'QmluYXJ5VmFsdWU='], { [KEY]: 'YWJk' })).toBe(false);
  });

  it('§3.3 BinaryEquals on a missing key is false', () => {
    expect(check('BinaryEquals', KEY, 'YWJj', {})).toBe(false);
  });
});
