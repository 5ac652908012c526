/**
 * §3.7 policy variables in condition values (String and ARN operators), §1.3 Version, §10 V1/V4.
 */
import { describe, expect, it } from 'vitest';
import { check, holds } from './helpers.js';

const OWNER = 'aws:ResourceTag/owner';

describe('§3.7 variables in String operator values', () => {
  it('§3.7 StringEquals with ${aws:username} compares with the caller’s name', () => {
    expect(check('StringEquals', OWNER, '${aws:username}', { [OWNER]: 'alice', 'aws:username': 'alice' })).toBe(true);
    expect(check('StringEquals', OWNER, '${aws:username}', { [OWNER]: 'bob', 'aws:username': 'alice' })).toBe(false);
  });

  it('§3.7 variables may sit inside literal text and next to wildcards (StringLike)', () => {
    const keys = { 's3:prefix': 'home/alice/2024/notes', 'aws:username': 'alice' };
    expect(check('StringLike', 's3:prefix', 'home/${aws:username}/*', keys)).toBe(true);
    expect(check('StringLike', 's3:prefix', 'home/${aws:username}/*', { ...keys, 's3:prefix': 'home/bob/x' })).toBe(
      false,
    );
  });

  it('§3.7 tag variables: a principal tag must equal a resource tag', () => {
    const block = { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } };
    expect(holds(block, { 'aws:ResourceTag/team': 'red', 'aws:PrincipalTag/team': 'red' })).toBe(true);
    expect(holds(block, { 'aws:ResourceTag/team': 'red', 'aws:PrincipalTag/team': 'blue' })).toBe(false);
  });

  it('§3.7 variable keys are case-insensitive', () => {
    expect(check('StringEquals', OWNER, '${AWS:USERNAME}', { [OWNER]: 'alice', 'aws:username': 'alice' })).toBe(true);
  });

  it('§3.7 StringEqualsIgnoreCase folds substituted text too', () => {
    expect(
      check('StringEqualsIgnoreCase', OWNER, '${aws:username}', { [OWNER]: 'ALICE', 'aws:username': 'alice' }),
    ).toBe(true);
    expect(check('StringEquals', OWNER, '${aws:username}', { [OWNER]: 'ALICE', 'aws:username': 'alice' })).toBe(false);
  });

  it('§3.7 a default value is used only when the key is absent', () => {
    const value = "${aws:PrincipalTag/team, 'company-wide'}";
    expect(check('StringEquals', OWNER, value, { [OWNER]: 'company-wide' })).toBe(true);
    expect(check('StringEquals', OWNER, value, { [OWNER]: 'company-wide', 'aws:PrincipalTag/team': 'red' })).toBe(
      false,
    );
    expect(check('StringEquals', OWNER, value, { [OWNER]: 'red', 'aws:PrincipalTag/team': 'red' })).toBe(true);
  });

  it('§3.7/§10 V2 the default may be written with or without spaces around the comma', () => {
    for (const value of ["${aws:PrincipalTag/team,'company-wide'}", "${aws:PrincipalTag/team , 'company-wide'}"]) {
      expect(check('StringEquals', OWNER, value, { [OWNER]: 'company-wide' })).toBe(true);
      expect(check('StringEquals', OWNER, value, { [OWNER]: 'other' })).toBe(false);
    }
  });

  it('§3.7/§10 V4 a default value is literal text, even `*`', () => {
    expect(check('StringLike', OWNER, "${aws:PrincipalTag/team, '*'}", { [OWNER]: '*' })).toBe(true);
    expect(check('StringLike', OWNER, "${aws:PrincipalTag/team, '*'}", { [OWNER]: 'red' })).toBe(false);
  });

  it('§3.7/§10 V4 substituted text is literal under StringLike, even `*` and `?`', () => {
    const keys = { 'aws:PrincipalTag/team': 'r*' };
    expect(check('StringLike', OWNER, '${aws:PrincipalTag/team}', { ...keys, [OWNER]: 'r*' })).toBe(true);
    expect(check('StringLike', OWNER, '${aws:PrincipalTag/team}', { ...keys, [OWNER]: 'red' })).toBe(false);
  });

  it('§3.7 ${*}, ${?} and ${$} are literal characters under StringLike', () => {
    expect(check('StringLike', OWNER, 'a${*}${?}${$}', { [OWNER]: 'a*?$' })).toBe(true);
    expect(check('StringLike', OWNER, 'a${*}${?}${$}', { [OWNER]: 'abc$' })).toBe(false);
  });
});

describe('§3.7 unresolvable variables are null', () => {
  it('§3.7 a non-negated String operator never matches an unresolvable value', () => {
    expect(check('StringEquals', OWNER, '${aws:username}', { [OWNER]: '' })).toBe(false);
    expect(check('StringLike', OWNER, '${aws:username}*', { [OWNER]: 'x' })).toBe(false);
    expect(check('StringEquals', OWNER, '${aws:username}', { [OWNER]: '${aws:username}' })).toBe(false);
  });

  it('§3.7 a negated String operator matches an unresolvable value ("not equal to null")', () => {
    expect(check('StringNotEquals', OWNER, '${aws:username}', { [OWNER]: 'alice' })).toBe(true);
    expect(check('StringNotLike', OWNER, '${aws:username}/*', { [OWNER]: 'alice/x' })).toBe(true);
  });

  it('§3.7 other values of the same operator still count', () => {
    expect(check('StringEquals', OWNER, ['${aws:username}', 'shared'], { [OWNER]: 'shared' })).toBe(true);
    expect(check('StringNotEquals', OWNER, ['${aws:username}', 'shared'], { [OWNER]: 'shared' })).toBe(false);
  });

  it('§3.7 a multivalued key cannot be a variable: it is unresolvable', () => {
    expect(check('StringEquals', OWNER, '${aws:TagKeys}', { [OWNER]: 'a', 'aws:TagKeys': ['a'] })).toBe(false);
  });

  it('§3.7 ARN operators: unresolvable → ArnLike false, ArnNotLike true', () => {
    const value = 'arn:aws:iam::${aws:PrincipalAccount}:role/*';
    const keys = { 'aws:SourceArn': 'arn:aws:iam::111111111111:role/x' };
    expect(check('ArnLike', 'aws:SourceArn', value, keys)).toBe(false);
    expect(check('ArnNotLike', 'aws:SourceArn', value, keys)).toBe(true);
  });
});

describe('§3.7 variables in ARN operator values', () => {
  const value = 'arn:aws:iam::${aws:PrincipalAccount}:role/*';

  it('§3.7 ArnLike substitutes the variable and keeps component matching', () => {
    const keys = { 'aws:PrincipalAccount': '111111111111' };
    expect(
      check('ArnLike', 'aws:SourceArn', value, { ...keys, 'aws:SourceArn': 'arn:aws:iam::111111111111:role/x' }),
    ).toBe(true);
    expect(
      check('ArnLike', 'aws:SourceArn', value, { ...keys, 'aws:SourceArn': 'arn:aws:iam::222222222222:role/x' }),
    ).toBe(false);
  });

  it('§3.7 ArnEquals with a whole-ARN variable', () => {
    const keys = { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/x' };
    expect(
      check('ArnEquals', 'aws:SourceArn', '${aws:PrincipalArn}', {
        ...keys,
        'aws:SourceArn': 'arn:aws:iam::111111111111:role/x',
      }),
    ).toBe(true);
    expect(
      check('ArnEquals', 'aws:SourceArn', '${aws:PrincipalArn}', {
        ...keys,
        'aws:SourceArn': 'arn:aws:iam::111111111111:role/y',
      }),
    ).toBe(false);
  });
});

describe('§3.7 where variables are not substituted', () => {
  it('§1.3 under Version 2008-10-17 ${…} is literal text', () => {
    const block = { StringEquals: { [OWNER]: '${aws:username}' } };
    expect(holds(block, { [OWNER]: 'alice', 'aws:username': 'alice' }, '2008-10-17')).toBe(false);
    expect(holds(block, { [OWNER]: '${aws:username}', 'aws:username': 'alice' }, '2008-10-17')).toBe(true);
  });

  it('§1.3 without Version ${…} is literal text', () => {
    const block = { StringEquals: { [OWNER]: '${aws:username}' } };
    expect(holds(block, { [OWNER]: 'alice', 'aws:username': 'alice' }, null)).toBe(false);
    expect(holds(block, { [OWNER]: '${aws:username}' }, null)).toBe(true);
  });

  it('§3.7/§10 V1 Bool values are not substituted', () => {
    const keys = { 'aws:SecureTransport': 'true', 'example:Flag': 'true' };
    expect(check('Bool', 'aws:SecureTransport', '${example:Flag}', keys)).toBe(false);
  });

  it('§3.7 Numeric values are not substituted', () => {
    const keys = { 's3:max-keys': '10', 'example:Limit': '10' };
    expect(check('NumericEquals', 's3:max-keys', '${example:Limit}', keys)).toBe(false);
  });
});
