import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../src/index.js';
import { createAnalysis } from '../../src/analysis/index.js';
import { doc, edgeTexts, toSt, twoAccounts } from './worlds.js';

// A new default version of a customer managed policy (iam:CreatePolicyVersion) is checked for
// admin on the world with that policy swapped for an admin policy wherever it is attached. The
// hops share that check among principals, and among the swaps of one principal's policies, whose
// policies so modified have matching statements with the same effects and conditions (see
// `QuestionScope.group`). Over random worlds (principals holding several managed policies
// directly, through groups and as their boundary; Deny statements, conditions on MFA, region,
// tags and the principal's ARN; an SCP reading the principal's ARN), the graph equals the graph of
// deciding every admin check, with the same proofs.

const A = '111111111111';
const B = '222222222222';
const policyArn = (account: string, i: number) => `arn:aws:iam::${account}:policy/team/p${i}`;
const POLICIES = [0, 1, 2, 3].flatMap((i) => [policyArn(A, i), policyArn(B, i)]);
const account = (i: number) => (i % 2 ? B : A);
const userArn = (i: number) => `arn:aws:iam::${account(i)}:user/u${i}`;
const roleArn = (i: number) => `arn:aws:iam::${account(i)}:role/app/r${i}`;
const groupArn = (i: number) => `arn:aws:iam::${A}:group/g${i}`;

const statement = fc.record({
  effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny'),
  action: fc.constantFrom(
    '*',
    'iam:*',
    's3:*',
    's3:GetObject',
    'kms:Decrypt',
    'iam:PutUserPolicy',
    'iam:CreatePolicyVersion',
    'sts:AssumeRole',
    'iam:UpdateAssumeRolePolicy',
    's3:DeleteBucket',
  ),
  resource: fc.constantFrom('*', '*', `arn:aws:iam::*:policy/team/*`, `arn:aws:iam::*:role/app/*`),
  condition: fc.constantFrom(
    undefined,
    undefined,
    undefined,
    { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
    { StringEquals: { 'aws:PrincipalTag/team': 'red' } },
    { StringLike: { 'aws:PrincipalArn': '*/u1' } },
    { StringLike: { 'aws:PrincipalArn': '*/u4' } },
    { StringEquals: { 'aws:username': 'u3' } },
  ),
});
// Few sets of policies: principals alike but for their ARN are frequent.
const policies = fc.constantFrom<number[]>([0], [0], [1], [0, 1], [2, 3], [0, 2, 3], []);
const tags = fc.constantFrom(undefined, { team: 'red' }, { team: 'blue' });
const randomWorld = fc.record({
  managed: fc.array(fc.array(statement, { minLength: 1, maxLength: 3 }), { minLength: 8, maxLength: 8 }),
  groups: fc.array(policies, { minLength: 2, maxLength: 2 }),
  users: fc.array(
    fc.record({
      policies,
      groups: fc.uniqueArray(fc.integer({ min: 0, max: 1 }), { maxLength: 2 }),
      inline: fc.option(fc.array(statement, { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 2 }),
      boundary: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined, freq: 2 }),
      tags,
      mfa: fc.boolean(),
    }),
    { minLength: 6, maxLength: 6 },
  ),
  roles: fc.array(fc.record({ policies, boundary: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }) }), {
    minLength: 3,
    maxLength: 3,
  }),
  scp: fc.constantFrom('none', 'principal-arn'),
});

type RandomWorld = typeof randomWorld extends fc.Arbitrary<infer T> ? T : never;

/** Every principal of an account may rewrite its account's policies and roles: the hops are the admin checks. */
const ESCALATE = doc(
  { Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: 'arn:aws:iam::*:policy/team/*' },
  { Effect: 'Allow', Action: ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'], Resource: '*' },
);

function worldOf(w: RandomWorld) {
  const guard =
    w.scp === 'none'
      ? undefined
      : {
          Effect: 'Deny',
          Action: ['iam:PutUserPolicy', 'kms:Decrypt'],
          Resource: '*',
          Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/u3' } },
        };
  // Only account A has groups: a user of B keeps its direct policies.
  const own = (acct: string, list: readonly number[]) => list.map((i) => policyArn(acct, i));
  return {
    ...twoAccounts(guard),
    managedPolicies: Object.fromEntries(POLICIES.map((arn, i) => [arn, doc(...(w.managed[i] ?? []).map(toSt))])),
    groups: Object.fromEntries(w.groups.map((g, i) => [groupArn(i), { policies: own(A, g) }])),
    users: Object.fromEntries(
      w.users.map((u, i) => [
        userArn(i),
        {
          policies: [ESCALATE, ...own(account(i), u.policies), ...(u.inline ? [doc(...u.inline.map(toSt))] : [])],
          ...(account(i) === A ? { groups: u.groups.map(groupArn) } : {}),
          ...(u.boundary !== undefined ? { permissionsBoundary: policyArn(account(i), u.boundary) } : {}),
          ...(u.tags ? { tags: u.tags } : {}),
          ...(u.mfa ? { mfaDevices: [`arn:aws:iam::${account(i)}:mfa/u${i}`] } : {}),
        },
      ]),
    ),
    roles: Object.fromEntries(
      w.roles.map((r, i) => [
        roleArn(i),
        {
          trustPolicy: doc({
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${account(i)}:root` },
            Action: 'sts:AssumeRole',
          }),
          policies: own(account(i), r.policies),
          ...(r.boundary !== undefined ? { permissionsBoundary: policyArn(account(i), r.boundary) } : {}),
        },
      ]),
    ),
  };
}

const VERSION = /create-policy-version/;

describe('admin checks of a new policy version', () => {
  it('equal deciding every check, with the same proofs', () => {
    let versions = 0;
    let conditional = 0;
    fc.assert(
      fc.property(randomWorld, (w) => {
        const authorizer = createAuthorizer(worldOf(w));
        expect(authorizer.ok).toBe(true);
        const fast = createAnalysis(authorizer).graph();
        const every = createAnalysis(authorizer, { groupPrincipals: false }).graph();
        expect(edgeTexts(fast)).toEqual(edgeTexts(every));
        for (const e of fast.filter((x) => VERSION.test(x.via))) {
          // The admin decisions are the modified principal's own requests, allowed on its modified world.
          for (const p of e.modified?.proofs ?? []) {
            expect(p.request.principal).toBe(e.modified?.principal);
            expect(p.decision.decision).toBe('Allow');
          }
          versions++;
          if (e.conditions !== 'true') conditional++;
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 40) > 40 ? 200 : 60 },
    );
    // The generator does produce policy-version hops, some of them conditional (not vacuous).
    expect(versions).toBeGreaterThan(20);
    expect(conditional).toBeGreaterThan(2);
  });
});
