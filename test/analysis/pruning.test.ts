import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../src/index.js';
import { AtomOracle, createAnalysis, decideConditional, unknownKeys } from '../../src/analysis/index.js';
import { worldFacts } from '../../src/analysis/facts.js';
import { counted, doc, twoAccounts } from './worlds.js';

// Who-can leaves out, without a decision, every user and role that no policy able to grant can
// allow: when no resource-based, trust or session policy has an Allow statement matching the
// question, only users and roles whose own identity policies (directly or through a group) have one
// are decided. Over random worlds (groups, boundaries, NotAction/NotResource, bucket and key policies
// naming principals, session policies, SCPs, cross-account questions, a user asking about itself),
// the pruned answer is the answer of deciding every principal. And the summaries an analysis keeps
// (one condition per pattern of outcomes) give the conditions of the partial evaluator alone.

const A = '111111111111';
const B = '222222222222';
const userArn = (i: number) => `arn:aws:iam::${i % 3 === 2 ? B : A}:user/u${i}`;
const roleArn = (i: number) => `arn:aws:iam::${i % 2 ? B : A}:role/r${i}`;
const groupArn = (i: number) => `arn:aws:iam::${A}:group/g${i}`;
const managedArn = (i: number) => `arn:aws:iam::${A}:policy/m${i}`;
const KEY = `arn:aws:kms:eu-west-1:${B}:key/k1`;

const condition = fc.constantFrom<object | undefined>(
  undefined,
  undefined,
  { Bool: { 'aws:SecureTransport': 'true' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  { StringEquals: { 'aws:PrincipalTag/team': 'data' } },
);
const action = fc.constantFrom('s3:GetObject', 's3:PutObject', 's3:*', 'kms:Decrypt', 'iam:ChangePassword', 'sqs:*');
const resource = fc.constantFrom(
  '*',
  'arn:aws:s3:::b/*',
  'arn:aws:s3:::c/*',
  'arn:aws:iam::*:user/${aws:username}',
  KEY,
);
const statement = fc.record({
  effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
  not: fc.constantFrom('', '', 'action', 'resource'),
  action,
  resource,
  condition,
});
const toSt = (s: { effect: string; not: string; action: string; resource: string; condition: object | undefined }) => ({
  Effect: s.effect,
  [s.not === 'action' ? 'NotAction' : 'Action']: s.action,
  [s.not === 'resource' ? 'NotResource' : 'Resource']: s.resource,
  ...(s.condition ? { Condition: s.condition } : {}),
});
const principalOf = fc.constantFrom<object | string>(
  '*',
  { AWS: `arn:aws:iam::${A}:root` },
  { AWS: B },
  { AWS: userArn(1) },
  { AWS: roleArn(1) },
);
const resourceStatement = fc.record({
  effect: fc.constantFrom('Allow', 'Deny'),
  principal: principalOf,
  action: fc.constantFrom('s3:GetObject', 's3:*', 'kms:Decrypt', 'kms:*'),
  condition,
});
const identity = fc.record({
  managed: fc.subarray([0, 1, 2]),
  groups: fc.subarray([0, 1]),
  inline: fc.option(fc.array(statement, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  team: fc.constantFrom('data', 'web'),
  boundary: fc.option(fc.constantFrom(0, 1, 2), { nil: undefined }),
});
const randomWorld = fc.record({
  managed: fc.array(fc.array(statement, { minLength: 1, maxLength: 3 }), { minLength: 3, maxLength: 3 }),
  groups: fc.array(fc.array(statement, { minLength: 1, maxLength: 2 }), { minLength: 2, maxLength: 2 }),
  users: fc.array(identity, { minLength: 6, maxLength: 6 }),
  roles: fc.array(identity, { minLength: 3, maxLength: 3 }),
  bucket: fc.array(resourceStatement, { maxLength: 2 }),
  key: fc.array(resourceStatement, { maxLength: 2 }),
  session: fc.option(fc.array(statement, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  scp: fc.option(
    fc.constantFrom<object>(
      { Effect: 'Deny', Action: 's3:PutObject', Resource: '*' },
      { Effect: 'Deny', NotAction: 'kms:*', Resource: '*' },
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
  const resourcePolicy = (statements: W['bucket'], resources: string[]) =>
    doc(
      ...statements.map((s) => ({
        Effect: s.effect,
        Principal: s.principal,
        Action: s.action,
        Resource: resources,
        ...(s.condition ? { Condition: s.condition } : {}),
      })),
    );
  return {
    ...twoAccounts(w.scp),
    managedPolicies: Object.fromEntries(w.managed.map((st, i) => [managedArn(i), doc(...st.map(toSt))])),
    groups: Object.fromEntries(w.groups.map((st, i) => [groupArn(i), { policies: [doc(...st.map(toSt))] }])),
    users: Object.fromEntries(w.users.map((u, i) => [userArn(i), { ...one(u), groups: u.groups.map(groupArn) }])),
    roles: Object.fromEntries(
      w.roles.map((r, i) => [
        roleArn(i),
        {
          ...one(r),
          trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }),
        },
      ]),
    ),
    ...(w.session
      ? {
          sessions: {
            [`arn:aws:sts::${A}:assumed-role/r0/s`]: {
              type: 'AssumedRole' as const,
              roleArn: roleArn(0),
              issuedAt: '2026-01-01T00:00:00Z',
              expiresAt: '2026-01-01T01:00:00Z',
              sessionPolicies: [doc(...w.session.map(toSt))],
            },
          },
        }
      : {}),
    resourcePolicies: {
      ...(w.bucket.length > 0
        ? {
            b: {
              resource: 'arn:aws:s3:::b',
              account: A,
              policy: resourcePolicy(w.bucket, ['arn:aws:s3:::b', 'arn:aws:s3:::b/*']),
            },
          }
        : {}),
      ...(w.key.length > 0
        ? { k: { kind: 'kms-key' as const, resource: KEY, account: B, policy: resourcePolicy(w.key, ['*']) } }
        : {}),
    },
  };
}

const KEY_VALUES: Record<string, readonly (string | undefined)[]> = {
  'aws:SecureTransport': [undefined, 'true', 'false'],
  'aws:SourceIp': [undefined, '10.0.0.1', '192.0.2.1'],
  'aws:MultiFactorAuthPresent': [undefined, 'true', 'false'],
};
const assignment = fc.record(
  Object.fromEntries(Object.entries(KEY_VALUES).map(([k, vs]) => [k, fc.constantFrom(...vs)])) as Record<
    string,
    fc.Arbitrary<string | undefined>
  >,
);

const NO_MFA = { 'aws:multifactorauthpresent': [undefined, 'false'], 'aws:multifactorauthage': [undefined] };

const QUESTIONS = [
  { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' },
  { action: 's3:PutObject', resource: 'arn:aws:s3:::c/k', resourceAccount: B },
  { action: 'kms:Decrypt', resource: KEY },
  { action: 'iam:ChangePassword', resource: userArn(0) },
  { action: 'sqs:SendMessage', resource: `arn:aws:sqs:eu-west-1:${A}:q` },
  // The engine allows it whatever the policies say (spec §4.14).
  { action: 'sts:GetCallerIdentity', resource: '*' },
];

describe('who-can pruning', () => {
  it('answers as deciding every principal does', () => {
    fc.assert(
      fc.property(randomWorld, fc.array(assignment, { minLength: 4, maxLength: 4 }), (w, assignments) => {
        const base = createAuthorizer(build(w));
        expect(base.errors).toEqual([]);
        const fast = createAnalysis(base);
        const slow = createAnalysis(base, { groupPrincipals: false });
        const oracle = new AtomOracle();
        const unknown = unknownKeys();
        const plain = { authorizer: base, unknown, clauses: worldFacts(base.world!, unknown).clauses, oracle };
        for (const q of QUESTIONS) {
          const x = fast.whoCan(q);
          const y = slow.whoCan(q);
          expect(
            x.principals.map((p) => p.principal),
            `${q.action} ${q.resource}`,
          ).toEqual(y.principals.map((p) => p.principal));
          x.principals.forEach((p, i) => {
            const other = y.principals[i]!;
            expect(p.decision.verdict, `${p.principal}: ${p.conditions} vs ${other.conditions}`).toBe(
              other.decision.verdict,
            );
            for (const a of assignments)
              expect(oracle.evaluate(p.decision.condition, a), `${p.principal} on ${JSON.stringify(a)}`).toBe(
                oracle.evaluate(other.decision.condition, a),
              );
            // The partial evaluator on its own (every clause of the world, no kept summaries); these
            // users have no MFA device, so their requests never carry MFA.
            const user = p.kind === 'user';
            const alone = decideConditional(plain, { ...q, principal: p.principal }, user ? NO_MFA : undefined);
            for (const a of assignments.filter((x) => !user || x['aws:MultiFactorAuthPresent'] !== 'true'))
              expect(oracle.evaluate(p.decision.condition, a), `${p.principal}: ${p.conditions} vs ${alone.text}`).toBe(
                oracle.evaluate(alone.condition, a),
              );
          });
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60) > 60 ? 300 : 60 },
    );
  });

  it('decides no user or role that no policy able to grant can allow', () => {
    // 40 users with S3 policies only, a role trusted by its account; nobody may send to the queue.
    const users = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [
        `arn:aws:iam::${A}:user/u${i}`,
        { policies: [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b${i}/*` })] },
      ]),
    );
    const world = {
      accounts: { [A]: {} },
      users: {
        ...users,
        [`arn:aws:iam::${A}:user/sender`]: {
          policies: [doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' })],
        },
      },
      roles: {
        [`arn:aws:iam::${A}:role/r`]: {
          trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }),
        },
      },
    };
    const q = { action: 'sqs:SendMessage', resource: `arn:aws:sqs:eu-west-1:${A}:q` };
    const pruned = counted(createAuthorizer(world));
    const every = counted(createAuthorizer(world));
    const x = createAnalysis(pruned.authorizer).whoCan(q);
    const y = createAnalysis(every.authorizer, { groupPrincipals: false }).whoCan(q);
    expect(x.principals.map((p) => [p.principal, p.conditions])).toEqual(
      y.principals.map((p) => [p.principal, p.conditions]),
    );
    expect(x.principals.map((p) => p.principal)).toContain(`arn:aws:iam::${A}:user/sender`);
    // The sender and the account's root are decided; the 40 users and the role are not.
    expect(pruned.count()).toBeLessThan(10);
    expect(every.count()).toBeGreaterThan(40);
  });
});
