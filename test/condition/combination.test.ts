/**
 * §3.1 combination rules, §3.2 key lookup, §3.3 the absent-key rule and §3.5 `…IfExists`.
 */
import { describe, expect, it } from 'vitest';
import { check, holds } from './helpers.js';

/** A valid policy value and a matching request value for every base operator but Null. */
const OPERATORS: readonly { op: string; negated: boolean; value: string; matching: string }[] = [
  { op: 'StringEquals', negated: false, value: 'a', matching: 'a' },
  { op: 'StringNotEquals', negated: true, value: 'a', matching: 'a' },
  { op: 'StringEqualsIgnoreCase', negated: false, value: 'a', matching: 'A' },
  { op: 'StringNotEqualsIgnoreCase', negated: true, value: 'a', matching: 'A' },
  { op: 'StringLike', negated: false, value: 'a*', matching: 'ab' },
  { op: 'StringNotLike', negated: true, value: 'a*', matching: 'ab' },
  { op: 'NumericEquals', negated: false, value: '1', matching: '1' },
  { op: 'NumericNotEquals', negated: true, value: '1', matching: '1' },
  { op: 'NumericLessThan', negated: false, value: '1', matching: '0' },
  { op: 'NumericLessThanEquals', negated: false, value: '1', matching: '1' },
  { op: 'NumericGreaterThan', negated: false, value: '1', matching: '2' },
  { op: 'NumericGreaterThanEquals', negated: false, value: '1', matching: '1' },
  { op: 'DateEquals', negated: false, value: '2020-01-01T00:00:00Z', matching: '2020-01-01T00:00:00Z' },
  { op: 'DateNotEquals', negated: true, value: '2020-01-01T00:00:00Z', matching: '2020-01-01T00:00:00Z' },
  { op: 'DateLessThan', negated: false, value: '2020-01-01T00:00:00Z', matching: '2019-01-01T00:00:00Z' },
  { op: 'DateLessThanEquals', negated: false, value: '2020-01-01T00:00:00Z', matching: '2020-01-01T00:00:00Z' },
  { op: 'DateGreaterThan', negated: false, value: '2020-01-01T00:00:00Z', matching: '2021-01-01T00:00:00Z' },
  { op: 'DateGreaterThanEquals', negated: false, value: '2020-01-01T00:00:00Z', matching: '2020-01-01T00:00:00Z' },
  { op: 'Bool', negated: false, value: 'true', matching: 'true' },
  { op: 'BinaryEquals', negated: false, value: 'YWJj', matching: 'YWJj' },
  { op: 'IpAddress', negated: false, value: '10.0.0.0/8', matching: '10.1.2.3' },
  { op: 'NotIpAddress', negated: true, value: '10.0.0.0/8', matching: '10.1.2.3' },
  { op: 'ArnEquals', negated: false, value: 'arn:aws:s3:::b', matching: 'arn:aws:s3:::b' },
  { op: 'ArnLike', negated: false, value: 'arn:aws:s3:::b*', matching: 'arn:aws:s3:::bb' },
  { op: 'ArnNotEquals', negated: true, value: 'arn:aws:s3:::b', matching: 'arn:aws:s3:::b' },
  { op: 'ArnNotLike', negated: true, value: 'arn:aws:s3:::b*', matching: 'arn:aws:s3:::bb' },
];

const KEY = 'example:Key';

describe('§3.3 absent key rule', () => {
  it.each(OPERATORS.filter((o) => !o.negated))(
    '§3.3 non-negated $op on an absent key is false',
    ({ op, value, matching }) => {
      expect(check(op, KEY, value, {})).toBe(false);
      expect(check(op, KEY, value, { [KEY]: matching })).toBe(true);
    },
  );

  it.each(OPERATORS.filter((o) => o.negated))(
    '§3.3 negated $op on an absent key is true',
    ({ op, value, matching }) => {
      expect(check(op, KEY, value, {})).toBe(true);
      expect(check(op, KEY, value, { [KEY]: matching })).toBe(false);
    },
  );
});

describe('§3.5 …IfExists', () => {
  it.each(OPERATORS)('§3.5 $op IfExists on an absent key is true', ({ op, value }) => {
    expect(check(`${op}IfExists`, KEY, value, {})).toBe(true);
  });

  it.each(OPERATORS)('§3.5 $op IfExists on a present key behaves like $op', ({ op, negated, value, matching }) => {
    expect(check(`${op}IfExists`, KEY, value, { [KEY]: matching })).toBe(!negated);
  });

  it('§3.5 a Deny with StringNotEqualsIfExists still fires when the key is missing (W32)', () => {
    expect(check('StringNotEqualsIfExists', 'aws:RequestedRegion', ['us-east-1'], {})).toBe(true);
    expect(
      check('StringNotEqualsIfExists', 'aws:RequestedRegion', ['us-east-1'], { 'aws:RequestedRegion': 'us-east-1' }),
    ).toBe(false);
  });
});

describe('§3.1 combination rules', () => {
  const block = {
    StringEquals: {
      'aws:PrincipalTag/department': ['finance', 'hr', 'legal'],
      'aws:PrincipalTag/role': ['audit', 'security'],
    },
  };

  it('§3.1 two keys AND, values OR: both keys match (W40)', () => {
    expect(holds(block, { 'aws:PrincipalTag/department': 'hr', 'aws:PrincipalTag/role': 'audit' })).toBe(true);
  });

  it('§3.1 two keys AND: one key not matching fails the block', () => {
    expect(holds(block, { 'aws:PrincipalTag/department': 'hr', 'aws:PrincipalTag/role': 'payroll' })).toBe(false);
  });

  it('§3.1 two keys AND: a missing key fails the block', () => {
    expect(holds(block, { 'aws:PrincipalTag/department': 'hr' })).toBe(false);
  });

  it('§3.1 several operators are AND-ed', () => {
    const two = { StringEquals: { 'aws:PrincipalTag/team': 'red' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } };
    expect(holds(two, { 'aws:PrincipalTag/team': 'red', 'aws:SourceIp': '10.0.0.1' })).toBe(true);
    expect(holds(two, { 'aws:PrincipalTag/team': 'red', 'aws:SourceIp': '11.0.0.1' })).toBe(false);
    expect(holds(two, { 'aws:PrincipalTag/team': 'blue', 'aws:SourceIp': '10.0.0.1' })).toBe(false);
  });

  it('§3.1 a negated operator with several values is a NOR: a listed value makes it false (W41)', () => {
    const nor = { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } };
    expect(holds(nor, { 'aws:RequestedRegion': 'eu-west-1' })).toBe(false);
    expect(holds(nor, { 'aws:RequestedRegion': 'us-east-1' })).toBe(false);
  });

  it('§3.1 a negated operator with several values is a NOR: an unlisted value makes it true', () => {
    const nor = { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } };
    expect(holds(nor, { 'aws:RequestedRegion': 'ap-south-1' })).toBe(true);
  });

  it('§3.1 NOR for StringNotLike with several patterns', () => {
    const nor = { StringNotLike: { 's3:prefix': ['home/*', 'shared/*'] } };
    expect(holds(nor, { 's3:prefix': 'tmp/a' })).toBe(true);
    expect(holds(nor, { 's3:prefix': 'shared/a' })).toBe(false);
  });
});

describe('§3.2 key lookup', () => {
  it('§3.2 key names are case-insensitive, including the aws: prefix', () => {
    expect(check('IpAddress', 'AWS:SourceIP', '10.0.0.0/8', { 'aws:sourceip': '10.0.0.1' })).toBe(true);
    expect(check('IpAddress', 'aws:sourceip', '10.0.0.0/8', { 'AWS:SOURCEIP': '10.0.0.1' })).toBe(true);
  });

  it('§3.2 the tag-key part of …Tag/<key> is case-insensitive too', () => {
    expect(check('StringEquals', 'aws:PrincipalTag/CostCenter', '42', { 'aws:principaltag/costcenter': '42' })).toBe(
      true,
    );
    expect(check('StringEquals', 'aws:ResourceTag/costcenter', '42', { 'aws:ResourceTag/COSTCENTER': '42' })).toBe(
      true,
    );
    expect(check('StringEquals', 'aws:RequestTag/CostCenter', '42', { 'aws:RequestTag/Cost-Center': '42' })).toBe(
      false,
    );
  });

  it('§3.2 values stay case-sensitive even though keys are not', () => {
    expect(check('StringEquals', 'aws:PrincipalTag/CostCenter', 'abc', { 'aws:principaltag/costcenter': 'ABC' })).toBe(
      false,
    );
  });

  it('§10 C12 a non-set, non-negated operator on a multivalued key: any request value may match', () => {
    expect(check('StringEquals', 'aws:TagKeys', 'env', { 'aws:TagKeys': ['owner', 'env'] })).toBe(true);
    expect(check('StringEquals', 'aws:TagKeys', 'env', { 'aws:TagKeys': ['owner', 'team'] })).toBe(false);
  });

  it('§10 C12 a non-set, negated operator on a multivalued key: true only if no request value matches', () => {
    expect(check('StringNotEquals', 'aws:TagKeys', ['env', 'cost'], { 'aws:TagKeys': ['owner', 'team'] })).toBe(true);
    expect(check('StringNotEquals', 'aws:TagKeys', ['env', 'cost'], { 'aws:TagKeys': ['owner', 'cost'] })).toBe(false);
  });
});
