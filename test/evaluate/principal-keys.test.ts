/**
 * A principal's own keys (spec §5.8) are written by their lower-cased names (`setLower`, decide12):
 * each kind's keys, in order, are the documented spellings lower-cased, and a `KeyRow` (a world's
 * compiler gathers keys to be packed) gets the same keys and values as a `ContextMap`.
 */
import type { AccountMemo } from '../../src/model/account-memo.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContextMap, KeyNames, KeyRow } from '../../src/condition/context.js';
import { conditionKeyLower } from '../../src/condition/key-names.js';
import { principalKeys, type AccountOrg } from '../../src/evaluate/request/principal-keys.js';
import type { RequestPrincipal } from '../../src/match/request-principal.js';
import { setTags } from '../../src/model/keys.js';
import { createAuthorizer } from '../../src/index.js';

const ORG: AccountOrg = { orgId: 'o-abc', path: 'o-abc/r-1/ou-2/' };
const SIGNED = [
  ['aws:PrincipalIsAWSService', 'false'],
  ['aws:ViaAWSService', 'false'],
] as const;

type Entries = readonly (readonly [string, string | readonly string[]])[];

/** Each case: a principal and its keys as AWS spells them, in the order they are written. */
const CASES: readonly (readonly [string, RequestPrincipal, Entries])[] = [
  [
    'anonymous',
    { kind: 'anonymous', arn: undefined, account: undefined, partition: 'aws' },
    [
      ['aws:PrincipalType', 'Anonymous'],
      ['aws:userid', 'anonymous'],
      ['aws:PrincipalAccount', 'anonymous'],
    ],
  ],
  [
    'service',
    { kind: 'service', arn: undefined, account: undefined, partition: 'aws', serviceName: 'ec2.amazonaws.com' },
    [
      ['aws:PrincipalServiceName', 'ec2.amazonaws.com'],
      ['aws:PrincipalServiceNamesList', ['ec2.amazonaws.com']],
      ['aws:PrincipalIsAWSService', 'true'],
      ['aws:ViaAWSService', 'false'],
    ],
  ],
  [
    'root',
    { kind: 'root', arn: 'arn:aws:iam::111111111111:root', account: '111111111111', partition: 'aws' },
    [
      ['aws:PrincipalType', 'Account'],
      ['aws:userid', '111111111111'],
      ['aws:PrincipalArn', 'arn:aws:iam::111111111111:root'],
      ['aws:PrincipalAccount', '111111111111'],
      ['aws:PrincipalOrgID', 'o-abc'],
      ['aws:PrincipalOrgPaths', ['o-abc/r-1/ou-2/']],
      ...SIGNED,
    ],
  ],
  [
    'user',
    {
      kind: 'user',
      arn: 'arn:aws:iam::111111111111:user/team/Alice',
      account: '111111111111',
      partition: 'aws',
      uniqueId: 'AIDAEXAMPLE',
    },
    [
      ['aws:PrincipalType', 'User'],
      ['aws:username', 'Alice'],
      ['aws:userid', 'AIDAEXAMPLE'],
      ['aws:PrincipalArn', 'arn:aws:iam::111111111111:user/team/Alice'],
      ['aws:PrincipalAccount', '111111111111'],
      ['aws:PrincipalOrgID', 'o-abc'],
      ['aws:PrincipalOrgPaths', ['o-abc/r-1/ou-2/']],
      ...SIGNED,
    ],
  ],
  [
    'role-session',
    {
      kind: 'role-session',
      arn: 'arn:aws:sts::111111111111:assumed-role/Admin/s1',
      roleArn: 'arn:aws:iam::111111111111:role/Admin',
      account: '111111111111',
      partition: 'aws',
      uniqueId: 'AROAEXAMPLE',
    },
    [
      ['aws:PrincipalType', 'AssumedRole'],
      ['aws:userid', 'AROAEXAMPLE:s1'],
      ['aws:PrincipalArn', 'arn:aws:iam::111111111111:role/Admin'],
      ['aws:PrincipalAccount', '111111111111'],
      ['aws:PrincipalOrgID', 'o-abc'],
      ['aws:PrincipalOrgPaths', ['o-abc/r-1/ou-2/']],
      ...SIGNED,
    ],
  ],
  [
    'federated-user',
    {
      kind: 'federated-user',
      arn: 'arn:aws:sts::111111111111:federated-user/Bob',
      account: '111111111111',
      partition: 'aws',
    },
    [
      ['aws:PrincipalType', 'FederatedUser'],
      ['aws:userid', '111111111111:Bob'],
      ['aws:PrincipalArn', 'arn:aws:sts::111111111111:federated-user/Bob'],
      ['aws:PrincipalAccount', '111111111111'],
      ['aws:PrincipalOrgID', 'o-abc'],
      ['aws:PrincipalOrgPaths', ['o-abc/r-1/ou-2/']],
      ...SIGNED,
    ],
  ],
  [
    'federated-identity',
    {
      kind: 'federated-identity',
      arn: undefined,
      account: undefined,
      partition: 'aws',
      provider: 'accounts.google.com',
    },
    [['aws:FederatedProvider', 'accounts.google.com'], ...SIGNED],
  ],
];

/** The documented spellings lower-cased, as a key lookup reads them. */
function lowered(entries: Entries): [string, unknown][] {
  return entries.map(([k, v]) => [k.toLowerCase(), v]);
}

describe('principalKeys writes lower-cased names', () => {
  for (const [name, p, entries] of CASES) {
    it(`${name}: the documented keys lower-cased, in order`, () => {
      expect([...principalKeys(p, ORG).entries()]).toEqual(lowered(entries));
      for (const [k, v] of entries) expect(principalKeys(p, ORG).get(conditionKeyLower(k))).toEqual(v);
    });
    it(`${name}: a KeyRow gathers the same keys and values`, () => {
      const row = principalKeys(p, ORG, new KeyRow((k) => k.toLowerCase()));
      expect(row.keys.map((k, i) => [k, row.values[i]])).toEqual(lowered(entries));
    });
  }
});

describe('setLower', () => {
  it('replaces a key set in any case, in a ContextMap and in a KeyRow', () => {
    const map = new ContextMap().set('aws:UserName', 'a').setLower('aws:username', 'b');
    expect([...map.entries()]).toEqual([['aws:username', 'b']]);
    const row = new KeyRow((k) => k.toLowerCase()).set('aws:UserName', 'a').setLower('aws:username', 'b');
    expect([row.keys, row.values]).toEqual([['aws:username'], ['b']]);
  });
  it('principal tags are written lower-cased, the last of two spellings winning', () => {
    const map = new ContextMap();
    setTags(map, 'aws:principaltag/', { Team: 'x', TEAM: 'y', cost: 'z' });
    expect([...map.entries()]).toEqual([
      ['aws:principaltag/team', 'y'],
      ['aws:principaltag/cost', 'z'],
    ]);
  });
  it("a tag's key is the whole name lower-cased, whatever the tag key's characters (final sigma included)", () => {
    // `setTags` lower-cases the tag key alone after the lower-cased prefix: the same text as the
    // prefixed name lower-cased, since no character's case mapping reaches back across the `/`.
    const key = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc
        .array(fc.constantFrom('Σ', 'σ', 'ς', 'A', 'a', ':', '.', "'", '\u0301', 'İ', ' ', '/', '1'), { maxLength: 6 })
        .map((cs) => cs.join('')),
    );
    fc.assert(
      fc.property(key, (k) => {
        for (const [prefix, lower] of [
          ['aws:PrincipalTag/', 'aws:principaltag/'],
          ['aws:ResourceTag/', 'aws:resourcetag/'],
        ] as const) {
          const map = new ContextMap();
          setTags(map, lower, { [k]: 'v' });
          expect([...map.entries()]).toEqual([[`${prefix}${k}`.toLowerCase(), 'v']]);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('KeyNames.lowerOf', () => {
  it('is the lower-cased name, for documented spellings and others', () => {
    const names = new KeyNames();
    for (const name of ['aws:SourceIp', 'aws:SecureTransport', 'AWS:SOURCEIP', 'aws:sourceip', 'My:Key', 'ns:ÄÖ']) {
      expect(names.lowerOf(name)).toBe(name.toLowerCase());
      expect(names.lowerOf(name)).toBe(name.toLowerCase());
    }
  });
});

describe("an authorizer's first and later decisions read the keys it writes lower-cased", () => {
  const A = '111111111111';
  const M = '999999999999';
  const ALICE = `arn:aws:iam::${A}:user/Alice`;
  const policy = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
  const world = {
    accounts: { [A]: { org: 'o-test', parents: ['r-root', 'ou-a'] }, [M]: { org: 'o-test', parents: ['r-root'] } },
    organization: { id: 'o-test', rootId: 'r-root', managementAccount: M },
    users: {
      [ALICE]: {
        tags: { Team: 'red' },
        policies: [
          policy({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: '*',
            Condition: {
              StringEquals: {
                'aws:ResourceOrgID': 'o-test',
                'aws:ResourceAccount': A,
                'aws:PrincipalOrgID': 'o-test',
                'aws:PrincipalType': 'User',
                'aws:username': 'Alice',
                'aws:PrincipalTag/team': 'red',
                'aws:PrincipalIsAWSService': 'false',
                'aws:ViaAWSService': 'false',
              },
              'ForAnyValue:StringLike': { 'aws:ResourceOrgPaths': 'o-test/r-root/ou-a/*' },
              StringEqualsIgnoreCase: { 'aws:PrincipalArn': ALICE, 'aws:PrincipalAccount': A },
              Bool: { 'aws:SecureTransport': 'true' },
            },
          }),
        ],
      },
    },
  };
  const request = (resourceAccount: string, secure: string) => ({
    principal: ALICE,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    resourceAccount,
    time: '2025-06-01T12:00:00Z',
    context: { 'aws:SecureTransport': secure },
  });
  it('allows only when every key reads as written', () => {
    const auth = createAuthorizer(world);
    expect(auth.authorize(request(A, 'true')).decision).toBe('Allow');
    expect(auth.authorize(request(A, 'false')).decision).toBe('ImplicitDeny');
    expect(auth.authorize(request(M, 'true')).decision).toBe('ImplicitDeny');
    expect(createAuthorizer(world).authorize(request(M, 'true')).decision).toBe('ImplicitDeny');
    expect(createAuthorizer(world, { compile: 'lazy' }).authorize(request(A, 'true')).decision).toBe('Allow');
  });
  it("reads each organization account's resource keys when requests alternate between accounts", () => {
    const B = '222222222222';
    const two = {
      ...world,
      accounts: { ...world.accounts, [B]: { org: 'o-test', parents: ['r-root', 'ou-b'] }, '333333333333': {} },
    };
    const auth = createAuthorizer(two);
    // Only account A's keys allow (its account, org and OU path), so another account's keys read
    // for a request on A deny it, and A's read for another account allow that request.
    const expected: Record<string, string> = {
      [A]: 'Allow',
      [B]: 'ImplicitDeny',
      [M]: 'ImplicitDeny',
      '333333333333': 'ImplicitDeny',
    };
    for (const account of [A, B, A, B, M, A, '333333333333', A, M, B, A]) {
      expect(auth.authorize(request(account, 'true')).decision).toBe(expected[account]);
    }
    // Each organization account's keys are built once and kept (the first one's too).
    const kept = (auth as unknown as { accountKeys: AccountMemo<unknown> }).accountKeys;
    expect(kept.ids()).toEqual([A, B, M]);
  });
});
