import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../src/index.js';
import { AtomOracle, createAnalysis } from '../../src/analysis/index.js';
import { counted, doc, edgeTexts, expectSameWhoCan, toSt, twoAccounts } from './worlds.js';

// A statement that reads the principal only through clauses on its ARN, name or id
// (`aws:PrincipalArn`, `aws:username`, `aws:userid`) groups principals by each clause's truth for
// them, instead of deciding each alone. Over random worlds (users and roles with paths in two
// accounts, identity policies, boundaries and an SCP with such clauses, alone or beside
// request-time keys, `IfExists` and `Null` forms, absent keys: roles have no `aws:username`), the
// grouped answers are the answers of deciding every principal: who-can (the same principals,
// verdicts and conditions on random key values, each member's proofs its own requests), and the
// privilege graph with its self-modifications' admin checks (the same edges, conditions, proofs and
// admin proofs).

const A = '111111111111';
const B = '222222222222';
// Users of one account and path that only their names tell apart (u0, u2, u4; u1, u3, u5).
const userArn = (i: number) => `arn:aws:iam::${i < 6 ? A : B}:user/${i % 2 ? 'admin/' : ''}u${i}`;
const roleArn = (i: number) => `arn:aws:iam::${i % 2 ? B : A}:role/${i < 2 ? 'admin/' : 'app/'}r${i}`;
const MANAGED = (i: number) => `arn:aws:iam::${A}:policy/m${i}`;

/** Clauses on the principal's fixed keys, alone or with a request-time key. */
const fixed = fc.constantFrom<object | undefined>(
  undefined,
  { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin/*' } },
  { ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:user/admin/*', `arn:aws:iam::${B}:role/*`] } },
  { StringLike: { 'aws:PrincipalArn': '*/u1' } },
  { StringEquals: { 'aws:username': 'u1' } },
  { StringLike: { 'aws:username': 'u*' } },
  { StringNotEqualsIfExists: { 'aws:username': 'u3' } },
  { Null: { 'aws:username': 'true' } },
  { StringLike: { 'aws:userid': '*' } },
  { ArnNotLike: { 'aws:PrincipalArn': '*:user/ops/*' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { StringEquals: { 'aws:username': 'u0' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  { StringEquals: { 'aws:PrincipalTag/team': 'red' }, ArnLike: { 'aws:PrincipalArn': '*:role/*' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
);
const statement = fc.record({
  effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny'),
  action: fc.constantFrom(
    '*',
    'iam:*',
    'iam:PutUserPolicy',
    'iam:AttachUserPolicy',
    'iam:AttachRolePolicy',
    'iam:CreateAccessKey',
    'iam:UpdateAssumeRolePolicy',
    'sts:AssumeRole',
    's3:GetObject',
  ),
  resource: fc.constantFrom('*', '*', `arn:aws:iam::${A}:user/*`, `arn:aws:iam::*:role/app/*`),
  condition: fixed,
});
const guardrail = fc.record({
  effect: fc.constant('Deny'),
  action: fc.constantFrom('iam:PutUserPolicy', 'iam:AttachRolePolicy', 's3:GetObject', '*'),
  resource: fc.constant('*'),
  condition: fixed,
});
// Mostly the shared managed policies only, so that principals often have the same statements.
const entity = fc.record({
  inline: fc.oneof(
    { arbitrary: fc.constant<(typeof statement extends fc.Arbitrary<infer S> ? S : never)[]>([]), weight: 3 },
    { arbitrary: fc.array(statement, { minLength: 1, maxLength: 2 }), weight: 1 },
  ),
  managed: fc.constantFrom([0], [0], [1], [0, 1], []),
  boundary: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 4 },
    { arbitrary: fc.array(statement, { minLength: 1, maxLength: 2 }), weight: 1 },
  ),
  team: fc.constantFrom(undefined, undefined, 'red'),
});
const randomWorld = fc.record({
  managed: fc.array(fc.array(statement, { minLength: 1, maxLength: 2 }), { minLength: 2, maxLength: 2 }),
  users: fc.array(entity, { minLength: 8, maxLength: 8 }),
  roles: fc.array(entity, { minLength: 4, maxLength: 4 }),
  scp: fc.option(guardrail, { nil: undefined }),
});
type W = typeof randomWorld extends fc.Arbitrary<infer T> ? T : never;

function build(w: W) {
  const one = (x: W['users'][number]) => ({
    policies: [...x.managed.map(MANAGED), ...(x.inline.length ? [doc(...x.inline.map(toSt))] : [])],
    ...(x.boundary ? { permissionsBoundary: doc(...x.boundary.map(toSt)) } : {}),
    ...(x.team ? { tags: { team: x.team } } : {}),
  });
  return {
    ...twoAccounts(w.scp ? toSt(w.scp) : undefined),
    managedPolicies: Object.fromEntries(w.managed.map((st, i) => [MANAGED(i), doc(...st.map(toSt))])),
    users: Object.fromEntries(w.users.map((u, i) => [userArn(i), one(u)])),
    roles: Object.fromEntries(
      w.roles.map((r, i) => [
        roleArn(i),
        {
          ...one(r),
          trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }),
        },
      ]),
    ),
  };
}

const assignment = fc.record({
  'aws:SourceIp': fc.constantFrom(undefined, '10.0.0.1', '192.0.2.1'),
  'aws:MultiFactorAuthPresent': fc.constantFrom(undefined, 'true', 'false'),
});

const QUESTIONS = [
  { action: 'iam:PutUserPolicy', resource: '*' },
  { action: 'iam:AttachRolePolicy', resource: '*' },
  { action: 's3:GetObject', resource: '*' },
  { action: 'iam:CreateAccessKey', resource: userArn(1) },
];

describe('principals grouped by the truth of clauses on their ARN, name and id', () => {
  it('answer who-can and the graph as deciding every principal does', () => {
    let grouped = 0;
    let every = 0;
    let edges = 0;
    let modified = 0;
    fc.assert(
      fc.property(randomWorld, fc.array(assignment, { minLength: 4, maxLength: 4 }), (w, assignments) => {
        const base = createAuthorizer(build(w));
        expect(base.errors).toEqual([]);
        const g = counted(base);
        const u = counted(base);
        const fast = createAnalysis(g.authorizer);
        const slow = createAnalysis(u.authorizer, { groupPrincipals: false });
        const oracle = new AtomOracle();
        for (const q of QUESTIONS) {
          expectSameWhoCan(fast.whoCan(q), slow.whoCan(q), assignments, oracle, `${q.action} ${q.resource}`);
        }
        const fastGraph = fast.graph();
        expect(edgeTexts(fastGraph)).toEqual(edgeTexts(slow.graph()));
        grouped += g.count();
        every += u.count();
        edges += fastGraph.length;
        modified += fastGraph.filter((e) => e.modified).length;
      }),
      { numRuns: 60 },
    );
    // The worlds have hops and admin checks, and grouping spares decisions (the property is not vacuous).
    expect(edges).toBeGreaterThan(30);
    expect(modified).toBeGreaterThan(10);
    expect(grouped).toBeLessThan(every);
  });
});
