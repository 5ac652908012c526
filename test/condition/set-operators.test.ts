/**
 * §3.6 ForAllValues / ForAnyValue on multivalued keys (with §10 C10, C11, C12 choices).
 */
import { describe, expect, it } from 'vitest';
import { check, holds } from './helpers.js';

const TAGS = 'aws:TagKeys';
const tags = (...values: string[]) => ({ [TAGS]: values });

describe('§3.6 ForAllValues', () => {
  it('§3.6 ForAllValues holds when every request value is in the policy set', () => {
    expect(check('ForAllValues:StringEquals', TAGS, ['env', 'owner'], tags('owner', 'env'))).toBe(true);
    expect(check('ForAllValues:StringEquals', TAGS, ['env', 'owner'], tags('env'))).toBe(true);
  });

  it('§3.6 ForAllValues fails when one value is outside the allowed set (W35)', () => {
    expect(check('ForAllValues:StringEquals', TAGS, ['env', 'owner'], tags('env', 'cost'))).toBe(false);
  });

  it('§3.6 ForAllValues is vacuously true when the key is absent', () => {
    expect(check('ForAllValues:StringEquals', TAGS, ['env'], {})).toBe(true);
  });

  it('§3.6 ForAllValues is vacuously true for an empty set', () => {
    expect(check('ForAllValues:StringEquals', TAGS, ['env'], tags())).toBe(true);
  });

  it('§3.6 ForAllValues is vacuously true for a set of only empty values ("null data set")', () => {
    expect(check('ForAllValues:StringEquals', TAGS, ['env'], tags(''))).toBe(true);
    expect(check('ForAllValues:StringEquals', TAGS, ['env'], tags('', ''))).toBe(true);
    expect(check('ForAllValues:StringEquals', TAGS, ['env'], tags('', 'cost'))).toBe(false);
    expect(check('ForAllValues:StringEquals', 'aws:PrincipalTag/team', ['red'], { 'aws:PrincipalTag/team': '' })).toBe(
      true,
    );
    expect(check('ForAnyValue:StringEquals', TAGS, ['env'], tags(''))).toBe(false);
  });

  it('§3.6 ForAllValues guarded by Null:false needs the key (W34)', () => {
    const guarded = { 'ForAllValues:StringEquals': { [TAGS]: ['env', 'owner'] }, Null: { [TAGS]: 'false' } };
    expect(holds(guarded, {})).toBe(false);
    expect(holds(guarded, tags('env'))).toBe(true);
  });

  it('§3.6 ForAllValues:StringLike compares each value with the patterns (OR per value)', () => {
    expect(check('ForAllValues:StringLike', TAGS, ['team-*', 'env'], tags('team-red', 'env'))).toBe(true);
    expect(check('ForAllValues:StringLike', TAGS, ['team-*', 'env'], tags('team-red', 'owner'))).toBe(false);
  });

  it('§3.6/§10 C11 ForAllValues:StringNotEquals holds iff no request value is listed', () => {
    expect(check('ForAllValues:StringNotEquals', TAGS, ['a', 'b'], tags('c', 'd'))).toBe(true);
    expect(check('ForAllValues:StringNotEquals', TAGS, ['a', 'b'], tags('c', 'a'))).toBe(false);
    expect(check('ForAllValues:StringNotEquals', TAGS, ['a', 'b'], {})).toBe(true);
  });

  it('§3.6 ForAllValues:StringNotLike in a Deny fires when the key is missing (W38)', () => {
    expect(check('ForAllValues:StringNotLike', TAGS, ['team-*'], {})).toBe(true);
    expect(check('ForAllValues:StringNotLike', TAGS, ['team-*'], tags('team-red'))).toBe(false);
    expect(check('ForAllValues:StringNotLike', TAGS, ['team-*'], tags('env'))).toBe(true);
  });

  it('§3.5 ForAllValues:…IfExists on an absent key is true', () => {
    expect(check('ForAllValues:StringEqualsIfExists', TAGS, ['env'], {})).toBe(true);
    expect(check('ForAllValues:StringEqualsIfExists', TAGS, ['env'], tags('cost'))).toBe(false);
  });
});

describe('§3.6 ForAnyValue', () => {
  it('§3.6 ForAnyValue holds when at least one request value matches (W37)', () => {
    expect(check('ForAnyValue:StringEquals', TAGS, ['env', 'owner'], tags('cost', 'owner'))).toBe(true);
  });

  it('§3.6 ForAnyValue fails when no request value matches', () => {
    expect(check('ForAnyValue:StringEquals', TAGS, ['env', 'owner'], tags('cost', 'team'))).toBe(false);
  });

  it('§3.6 ForAnyValue is false when the key is absent or the set is empty', () => {
    expect(check('ForAnyValue:StringEquals', TAGS, ['env'], {})).toBe(false);
    expect(check('ForAnyValue:StringEquals', TAGS, ['env'], tags())).toBe(false);
  });

  it('§3.6 documented example: ForAnyValue on dynamodb:Attributes denies PutItem touching PostDateTime', () => {
    const key = 'dynamodb:Attributes';
    expect(
      check('ForAnyValue:StringEquals', key, ['ID', 'PostDateTime'], { [key]: ['UserName', 'PostDateTime'] }),
    ).toBe(true);
    expect(check('ForAnyValue:StringEquals', key, ['ID', 'PostDateTime'], { [key]: ['UserName'] })).toBe(false);
  });

  it('§3.6 ForAnyValue:StringLike on aws:PrincipalOrgPaths (W91)', () => {
    const key = 'aws:PrincipalOrgPaths';
    const pattern = 'o-exampleorg/r-root/ou-prod/*';
    expect(check('ForAnyValue:StringLike', key, pattern, { [key]: ['o-exampleorg/r-root/ou-prod/ou-app/'] })).toBe(
      true,
    );
    expect(check('ForAnyValue:StringLike', key, pattern, { [key]: ['o-exampleorg/r-root/ou-dev/'] })).toBe(false);
  });

  it('§3.6/§10 C11 ForAnyValue:StringNotEquals holds iff some request value is unlisted', () => {
    expect(check('ForAnyValue:StringNotEquals', TAGS, ['a', 'b'], tags('a', 'c'))).toBe(true);
    expect(check('ForAnyValue:StringNotEquals', TAGS, ['a', 'b'], tags('a', 'b'))).toBe(false);
    expect(check('ForAnyValue:StringNotEquals', TAGS, ['a', 'b'], {})).toBe(false);
  });

  it('§3.5/§10 C10 ForAnyValue:…IfExists on an absent key is true (IfExists wins)', () => {
    expect(check('ForAnyValue:StringEqualsIfExists', TAGS, ['env'], {})).toBe(true);
    expect(check('ForAnyValue:StringEqualsIfExists', TAGS, ['env'], tags('cost'))).toBe(false);
    expect(check('ForAnyValue:StringEqualsIfExists', TAGS, ['env'], tags('env'))).toBe(true);
  });
});

describe('§3.6 set operators, general', () => {
  it('§3.6 set operators are order-insensitive', () => {
    expect(check('ForAllValues:StringEquals', TAGS, ['a', 'b', 'c'], tags('c', 'a'))).toBe(
      check('ForAllValues:StringEquals', TAGS, ['c', 'b', 'a'], tags('a', 'c')),
    );
    expect(check('ForAllValues:StringEquals', TAGS, ['a', 'b', 'c'], tags('c', 'a'))).toBe(true);
  });

  it('§3.6 a set operator on a single-valued key treats the value as a one-element set', () => {
    expect(
      check('ForAnyValue:StringEquals', 'aws:RequestedRegion', ['us-east-1'], { 'aws:RequestedRegion': 'us-east-1' }),
    ).toBe(true);
    expect(
      check('ForAllValues:StringEquals', 'aws:RequestedRegion', ['us-east-1'], { 'aws:RequestedRegion': 'eu-west-1' }),
    ).toBe(false);
  });

  it('§3.6 set operators work with other families (ForAnyValue:IpAddress)', () => {
    expect(
      check('ForAnyValue:IpAddress', 'example:Ips', '10.0.0.0/8', { 'example:Ips': ['192.168.0.1', '10.0.0.1'] }),
    ).toBe(true);
    expect(
      check('ForAllValues:IpAddress', 'example:Ips', '10.0.0.0/8', { 'example:Ips': ['192.168.0.1', '10.0.0.1'] }),
    ).toBe(false);
  });
});
