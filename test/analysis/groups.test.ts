import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../src/index.js';
import { AtomOracle, createAnalysis } from '../../src/analysis/index.js';
import { counted, doc, expectSameWhoCan, toSt, twoAccounts } from './worlds.js';

// Who-can decides one member of each group of principals the engine must answer alike. Over random
// worlds (shared and own policies, tags, MFA devices, boundaries, bucket and trust policies naming
// principals, SCPs, conditions on request-time and principal keys, policy variables), the grouped
// answer is the answer of deciding every principal: the same principals, verdicts and conditions
// (equal on random values of the keys), and each member's proofs are its own requests, allowed.

const A = '111111111111';
const B = '222222222222';
const userArn = (i: number) => `arn:aws:iam::${i % 3 === 2 ? B : A}:user/u${i}`;
const roleArn = (i: number) => `arn:aws:iam::${i % 2 ? B : A}:role/r${i}`;
const managedArn = (i: number) => `arn:aws:iam::${A}:policy/m${i}`;
const BUCKET_OBJECT = 'arn:aws:s3:::b/k';

const condition = fc.constantFrom<object | undefined>(
  undefined,
  undefined,
  { Bool: { 'aws:SecureTransport': 'true' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { NotIpAddress: { 'aws:SourceIp': '10.1.0.0/16' } },
  { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  { StringEquals: { 'aws:PrincipalTag/team': 'data' } },
  { StringEquals: { 'aws:PrincipalOrgID': 'o-x' } },
  { StringLike: { 'aws:username': 'u1*' } },
  { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/*` } },
  { StringEquals: { 'sts:ExternalId': 'x-1' } },
);
const action = fc.constantFrom('s3:GetObject', 's3:PutObject', 's3:*', 'sts:AssumeRole', '*');
const resource = fc.constantFrom(
  '*',
  'arn:aws:s3:::b/*',
  'arn:aws:s3:::c/*',
  'arn:aws:s3:::b/${aws:username}*',
  roleArn(0),
  `arn:aws:iam::${B}:role/*`,
);
const identityStatement = fc.record({ effect: fc.constantFrom('Allow', 'Allow', 'Deny'), action, resource, condition });
const principalOf = fc.constantFrom<object | string>(
  '*',
  { AWS: '*' },
  { AWS: `arn:aws:iam::${A}:root` },
  { AWS: B },
  { AWS: userArn(1) },
  { AWS: roleArn(1) },
  { Service: 'lambda.amazonaws.com' },
);
const resourceStatement = fc.record({
  effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
  principal: principalOf,
  action: fc.constantFrom('s3:GetObject', 's3:*'),
  condition,
});
const trustStatement = fc.record({ principal: principalOf, condition });

const identity = fc.record({
  managed: fc.subarray([0, 1, 2]),
  inline: fc.option(fc.array(identityStatement, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  team: fc.constantFrom('data', 'web'),
  boundary: fc.option(fc.constantFrom(0, 1, 2), { nil: undefined }),
  mfa: fc.boolean(),
});
const randomWorld = fc.record({
  managed: fc.array(fc.array(identityStatement, { minLength: 1, maxLength: 3 }), { minLength: 3, maxLength: 3 }),
  users: fc.array(identity, { minLength: 6, maxLength: 6 }),
  roles: fc.array(fc.record({ who: identity, trust: trustStatement }), { minLength: 4, maxLength: 4 }),
  bucket: fc.array(resourceStatement, { minLength: 1, maxLength: 3 }),
  scp: fc.option(
    fc.constantFrom<object>(
      { Effect: 'Deny', Action: 's3:PutObject', Resource: '*' },
      { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ),
    { nil: undefined },
  ),
});

type W = typeof randomWorld extends fc.Arbitrary<infer T> ? T : never;

function build(w: W) {
  const one = (x: W['users'][number]) => ({
    policies: [...x.managed.map(managedArn), ...(x.inline ? [doc(...x.inline.map(toSt))] : [])],
    tags: { team: x.team },
    ...(x.boundary !== undefined ? { permissionsBoundary: managedArn(x.boundary) } : {}),
  });
  return {
    ...twoAccounts(w.scp),
    managedPolicies: Object.fromEntries(w.managed.map((st, i) => [managedArn(i), doc(...st.map(toSt))])),
    users: Object.fromEntries(
      w.users.map((u, i) => [
        userArn(i),
        { ...one(u), ...(u.mfa ? { mfaDevices: [`arn:aws:iam::${A}:mfa/u${i}`] } : {}) },
      ]),
    ),
    roles: Object.fromEntries(
      w.roles.map((r, i) => [
        roleArn(i),
        {
          ...one(r.who),
          trustPolicy: doc({
            Effect: 'Allow',
            Principal: r.trust.principal,
            Action: 'sts:AssumeRole',
            ...(r.trust.condition ? { Condition: r.trust.condition } : {}),
          }),
        },
      ]),
    ),
    resourcePolicies: {
      b: {
        resource: 'arn:aws:s3:::b',
        account: A,
        policy: doc(
          ...w.bucket.map((s) => ({
            Effect: s.effect,
            Principal: s.principal,
            Action: s.action,
            Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
            ...(s.condition ? { Condition: s.condition } : {}),
          })),
        ),
      },
    },
  };
}

const KEY_VALUES: Record<string, readonly (string | undefined)[]> = {
  'aws:SecureTransport': [undefined, 'true', 'false'],
  'aws:SourceIp': [undefined, '10.0.0.1', '10.1.2.3', '192.0.2.1'],
  'aws:MultiFactorAuthPresent': [undefined, 'true', 'false'],
  'sts:ExternalId': [undefined, 'x-1', 'other'],
};
const assignment = fc.record(
  Object.fromEntries(Object.entries(KEY_VALUES).map(([k, vs]) => [k, fc.constantFrom(...vs)])) as Record<
    string,
    fc.Arbitrary<string | undefined>
  >,
);

const QUESTIONS = [
  { action: 's3:GetObject', resource: BUCKET_OBJECT },
  { action: 's3:PutObject', resource: 'arn:aws:s3:::c/k', resourceAccount: B },
  { action: 'sts:AssumeRole', resource: roleArn(0) },
  { action: 'sts:AssumeRole', resource: roleArn(3) },
];

describe('who-can grouping', () => {
  let grouped = 0;
  let every = 0;
  it('answers as deciding every principal does', () => {
    fc.assert(
      fc.property(randomWorld, fc.array(assignment, { minLength: 6, maxLength: 6 }), (w, assignments) => {
        const world = build(w);
        const base = createAuthorizer(world);
        expect(base.errors).toEqual([]);
        const g = counted(base);
        const u = counted(base);
        const fast = createAnalysis(g.authorizer);
        const slow = createAnalysis(u.authorizer, { groupPrincipals: false });
        const oracle = new AtomOracle();
        for (const q of QUESTIONS) {
          const x = fast.whoCan(q);
          expectSameWhoCan(x, slow.whoCan(q), assignments, oracle, `${q.action} ${q.resource}`);
          // A member's own requests: one of them allowed.
          for (const p of x.principals)
            expect(p.decision.proofs.some((proof) => proof.decision.decision === 'Allow')).toBe(true);
        }
        grouped += g.count();
        every += u.count();
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60) > 60 ? 300 : 60 },
    );
    // Grouping does save decisions (the property is not vacuous).
    expect(grouped).toBeLessThan(every);
  });
});
