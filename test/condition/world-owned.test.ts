/**
 * A compiled condition works out once whether a world owns its key (`isWorldOwnedKey`) and passes
 * that to every lookup (`ContextLookup.get(keyLower, worldOwned)`), so that a world's request keys
 * do not ask per lookup. The flag must be exactly `isWorldOwnedKey` of the key, for every kind of
 * compiled clause; and through an authorizer a request still cannot claim a key the world owns,
 * while it supplies the others.
 */
import { describe, expect, it } from 'vitest';
import type { ContextLookup, ContextValue } from '../../src/condition/context.js';
import { isWorldOwnedKey } from '../../src/condition/world-owned.js';
import { createAuthorizer } from '../../src/index.js';
import { compileBlock } from './helpers.js';

const KEYS = [
  'aws:PrincipalTag/team',
  'AWS:principaltag/Team',
  'aws:CurrentTime',
  'aws:username',
  'aws:ResourceAccount',
  'aws:SecureTransport',
  'aws:SourceIp',
  's3:prefix',
  'aws:RequestTag/team',
];

/** Operators that compile to each kind of test: plain, set operator, date instant, Null. */
const BLOCKS = (key: string): Record<string, unknown>[] => [
  { StringEquals: { [key]: 'x' } },
  { StringNotLikeIfExists: { [key]: 'x*' } },
  { 'ForAnyValue:StringEquals': { [key]: 'x' } },
  { DateLessThan: { [key]: '2030-01-01T00:00:00Z' } },
  { Null: { [key]: 'true' } },
];

/** A lookup that records the flag each `get` was given. */
class Spy implements ContextLookup {
  readonly flags: (boolean | undefined)[] = [];
  get(_keyLower: string, worldOwned?: boolean): ContextValue | undefined {
    this.flags.push(worldOwned);
    return undefined;
  }
}

describe('the world-owned flag of a compiled condition', () => {
  it('is isWorldOwnedKey of the lower-cased key, for every kind of clause', () => {
    let owned = 0;
    for (const key of KEYS) {
      const want = isWorldOwnedKey(key.toLowerCase());
      if (want) owned++;
      for (const block of BLOCKS(key)) {
        const spy = new Spy();
        for (const c of compileBlock(block)) c.test(spy);
        expect(spy.flags.length).toBeGreaterThan(0);
        for (const flag of spy.flags) expect(flag).toBe(want);
      }
    }
    // Both kinds of key are tried.
    expect(owned).toBeGreaterThan(0);
    expect(owned).toBeLessThan(KEYS.length);
  });

  it('through an authorizer, a request cannot claim a world-owned key but supplies the others', () => {
    const user = 'arn:aws:iam::111111111111:user/alice';
    const full = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    const allowIf = (Condition: Record<string, unknown>) => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition }],
    });
    // An organization account: the request's derived keys are then world-owned only, and a key
    // that is not the world's is looked for among the principal's and the caller's.
    const a = createAuthorizer({
      accounts: { '111111111111': { org: 'o-exampleorg', parents: ['r-root'] } },
      organization: {
        id: 'o-exampleorg',
        rootId: 'r-root',
        managementAccount: '999999999999',
        scps: { 'r-root': [full] },
      },
      users: {
        [user]: {
          tags: { team: 'blue' },
          policies: [
            allowIf({ StringEquals: { 'aws:PrincipalTag/team': 'red' } }),
            allowIf({ StringEquals: { 'aws:username': 'mallory' } }),
            allowIf({ StringEquals: { 'aws:PrincipalTag/project': 'apollo' } }),
            allowIf({ DateGreaterThan: { 'aws:CurrentTime': '2100-01-01T00:00:00Z' } }),
            allowIf({ StringEquals: { 's3:prefix': 'home/' } }),
          ],
        },
      },
    });
    expect(a.ok).toBe(true);
    const request = { principal: user, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' };
    const decide = (context: Record<string, string>) => a.authorize({ ...request, context }).decision;
    // World-owned: the world's value (blue, alice) decides, whatever the request claims.
    expect(decide({ 'aws:PrincipalTag/team': 'red' })).toBe('ImplicitDeny');
    expect(decide({ 'aws:username': 'mallory' })).toBe('ImplicitDeny');
    // A tag the principal does not have, and the time: the world's (absent, now) still decides.
    expect(decide({ 'aws:PrincipalTag/project': 'apollo' })).toBe('ImplicitDeny');
    expect(decide({ 'aws:CurrentTime': '2200-01-01T00:00:00Z' })).toBe('ImplicitDeny');
    // Not world-owned: the request's value is read.
    expect(decide({ 's3:prefix': 'home/' })).toBe('Allow');
    expect(decide({ 's3:prefix': 'other/' })).toBe('ImplicitDeny');
  });
});
