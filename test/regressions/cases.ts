/**
 * Minimized disagreements between the engine and the reference evaluator (issue #7), as §0.3
 * scenarios with the decision the spec requires. `before` is what the engine said before its fix.
 */
import type { RefRequest, RefWorld } from '../reference/evaluate.js';

/** One regression case. */
export interface RegressionCase {
  readonly id: string;
  readonly title: string;
  /** Spec sections and reasoning behind `expect`. */
  readonly why: string;
  readonly world: RefWorld;
  readonly request: RefRequest;
  readonly expect: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  /** The engine's decision before the fix. */
  readonly before?: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
}

const A = '111111111111';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const TIME = '2025-06-01T12:00:00Z';
const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** A role trust policy granting to alice directly and to everyone, in the given order. */
function trustNamingUserAndEveryone(userFirst: boolean): RefWorld {
  const toUser = { Effect: 'Allow', Principal: { AWS: 'AIDAALICE00000000001' }, Action: 'sts:AssumeRole' };
  const toEveryone = { Effect: 'Allow', Principal: { AWS: '*' }, Action: '*' };
  return {
    accounts: { [A]: {} },
    users: {
      [ALICE]: {
        userId: 'AIDAALICE00000000001',
        policies: [allowAll],
        permissionsBoundary: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
      },
    },
    resourcePolicies: {
      rp: {
        kind: 'role-trust',
        policy: { Version: '2012-10-17', Statement: userFirst ? [toUser, toEveryone] : [toEveryone, toUser] },
      },
    },
  };
}
const assumeViaTrust: RefRequest = {
  principal: ALICE,
  action: 'sts:AssumeRole',
  resource: `arn:aws:iam::${A}:role/Target`,
  resourceAccount: A,
  resourcePolicy: 'rp',
  time: TIME,
};

export const REGRESSIONS: readonly RegressionCase[] = [
  {
    id: 'D1',
    title: 'NotPrincipal "*" does not exempt a caller whose user has a permissions boundary',
    why: 'spec §2.4 rule 1: a caller whose IAM user or role has a boundary is always denied by a Deny + NotPrincipal statement, "whatever NotPrincipal lists"',
    world: {
      accounts: { [A]: {} },
      users: { [ALICE]: { userId: 'AIDAALICE00000000001', policies: [allowAll], permissionsBoundary: allowAll } },
      resourcePolicies: {
        rp: {
          kind: 'generic',
          policy: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotPrincipal: '*', Action: 's3:GetObject' }] },
        },
      },
    },
    request: {
      principal: ALICE,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::example-bucket/x',
      resourceAccount: A,
      resourcePolicy: 'rp',
      time: TIME,
    },
    expect: 'ExplicitDeny',
    before: 'Allow',
  },
  {
    id: 'D2',
    title: 'anonymous requests carry no aws:PrincipalIsAWSService',
    why: 'spec §7.1: aws:PrincipalIsAWSService is present in signed requests only; §4.12 lists the keys of anonymous callers. So `Bool aws:PrincipalIsAWSService false` is false for them (absent key, §3.3)',
    world: {
      accounts: { [A]: {} },
      resourcePolicies: {
        rp: {
          kind: 'generic',
          policy: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: '*',
                Action: 's3:GetObject',
                Condition: { Bool: { 'aws:PrincipalIsAWSService': 'false' } },
              },
            ],
          },
        },
      },
    },
    request: {
      principal: 'anonymous',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::example-bucket/x',
      resourceAccount: A,
      resourcePolicy: 'rp',
      time: TIME,
    },
    expect: 'ImplicitDeny',
    before: 'Allow',
  },
  {
    id: 'D3',
    title: 'IfExists on a present-but-empty multivalued key evaluates the operator (no match)',
    why: 'spec §0.3 and §3.2: `[]` is a key present with an empty set; §3.5: a present key is evaluated exactly as the base operator; StringEquals matches no value of an empty set (§3.6, §10 C12). Only Null treats an empty set as absent (§3.4.8)',
    world: {
      accounts: { [A]: {} },
      users: {
        [ALICE]: {
          userId: 'AIDAALICE00000000001',
          policies: [
            {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 'ec2:CreateTags',
                  Resource: '*',
                  Condition: { 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': ['env'] } },
                },
              ],
            },
          ],
        },
      },
    },
    request: {
      principal: ALICE,
      action: 'ec2:CreateTags',
      resource: `arn:aws:ec2:us-east-1:${A}:instance/i-1`,
      time: TIME,
      context: { 'aws:TagKeys': [] },
    },
    expect: 'ImplicitDeny',
    before: 'Allow',
  },
  {
    id: 'D3b',
    title: 'IfExists on a present-but-empty key, negated operator in a Deny: still denies',
    why: 'spec §3.5 + §3.6 + §10 C12: a negated operator holds when no request value matches, which is vacuously so for an empty set',
    world: {
      accounts: { [A]: {} },
      users: {
        [ALICE]: {
          userId: 'AIDAALICE00000000001',
          policies: [
            allowAll,
            {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Deny',
                  Action: 'ec2:CreateTags',
                  Resource: '*',
                  Condition: { StringNotEqualsIfExists: { 'aws:TagKeys': 'env' } },
                },
              ],
            },
          ],
        },
      },
    },
    request: {
      principal: ALICE,
      action: 'ec2:CreateTags',
      resource: `arn:aws:ec2:us-east-1:${A}:instance/i-1`,
      time: TIME,
      context: { 'aws:TagKeys': [] },
    },
    expect: 'ExplicitDeny',
  },
  {
    id: 'D4',
    title: 'a trust policy naming the user and "*": the unlimited wildcard grant wins, whatever the statement order',
    why: 'spec §4.4: a same-account grant to "*" is not limited by the boundary; §10 R-REVIEW: a trust-policy grant naming the user is. With both applicable, the least limited grant decides (§2.3 "use the strongest"); the engine kept the first strength-3 grant it met, so the decision depended on statement order',
    world: trustNamingUserAndEveryone(true),
    request: assumeViaTrust,
    expect: 'Allow',
    before: 'ImplicitDeny',
  },
  {
    id: 'D4b',
    title: 'the same trust policy with the statements the other way round',
    why: 'the order of statements never matters (issue #7 laws)',
    world: trustNamingUserAndEveryone(false),
    request: assumeViaTrust,
    expect: 'Allow',
    before: 'ImplicitDeny', // the statement index lists service-specific statements first
  },
];
