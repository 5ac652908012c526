import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAnalysis, type Edge } from '../../src/analysis/index.js';
import { doc, toSt, twoAccounts } from './worlds.js';

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const DEV = `arn:aws:iam::${A}:user/dev`;
const DEPLOY = `arn:aws:iam::${B}:role/Deployer`;
const LAMBDA_ADMIN = `arn:aws:iam::${B}:role/LambdaAdmin`;
const AUDIT = `arn:aws:iam::${C}:role/Audit`;
const ADMIN = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
const trust = (principal: object, extra: object = {}) =>
  doc({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra });

/** dev (A) → Deployer (B) → passes LambdaAdmin to a new function; Deployer → Audit (C). */
function chainWorld(opts: { scpDenyAssume?: boolean; ipHop1?: string; ipHop2?: string } = {}) {
  return {
    accounts: {
      [A]: { org: 'o-x', parents: ['r-x', 'ou-people'] },
      [B]: { org: 'o-x', parents: ['r-x', 'ou-work'] },
      [C]: {},
    },
    organization: {
      id: 'o-x',
      rootId: 'r-x',
      managementAccount: '900000000000',
      ...(opts.scpDenyAssume
        ? {
            scps: {
              'ou-work': [
                { name: 'Full', document: ADMIN },
                {
                  name: 'NoChaining',
                  document: doc({ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${C}:role/*` }),
                },
              ],
            },
          }
        : {}),
    },
    users: {
      [DEV]: {
        policies: [
          doc({
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Resource: DEPLOY,
            ...(opts.ipHop1 ? { Condition: { IpAddress: { 'aws:SourceIp': opts.ipHop1 } } } : {}),
          }),
        ],
      },
    },
    roles: {
      [DEPLOY]: {
        trustPolicy: trust({ AWS: `arn:aws:iam::${A}:root` }),
        policies: [
          doc(
            {
              Effect: 'Allow',
              Action: 'iam:PassRole',
              Resource: LAMBDA_ADMIN,
              Condition: {
                StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' },
                ...(opts.ipHop2 ? { NotIpAddress: { 'aws:SourceIp': opts.ipHop2 } } : {}),
              },
            },
            { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' },
            { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: AUDIT },
          ),
        ],
      },
      [LAMBDA_ADMIN]: { trustPolicy: trust({ Service: 'lambda.amazonaws.com' }), policies: [ADMIN] },
      [AUDIT]: {
        trustPolicy: trust({ AWS: DEPLOY }, { Condition: { StringEquals: { 'sts:ExternalId': 'audit-42' } } }),
        policies: [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })],
      },
    },
  };
}

const hops = (path: readonly Edge[]) => path.map((e) => `${e.via}→${e.to.split(':').pop()}`);

describe('escalation paths', () => {
  it('follows a multi-hop chain to admin: assume a role, then pass an admin role to Lambda', () => {
    const a = createAnalysis(chainWorld());
    const r = a.escalationPaths({ from: DEV });
    expect(r.paths).toHaveLength(1);
    expect(hops(r.paths[0] ?? [])).toEqual(['assume-role→role/Deployer', 'lambda-create-invoke→role/LambdaAdmin']);
    expect(r.admins).toEqual([]);
  });

  it('crosses accounts, with the external id as the hop condition and the chaining note', () => {
    const a = createAnalysis(chainWorld());
    const reach = a.reach({ principal: DEV });
    const audit = reach.reachable.find((x) => x.principal === AUDIT);
    expect(audit && hops(audit.path)).toEqual(['assume-role→role/Deployer', 'assume-role→role/Audit']);
    expect(audit?.conditions).toBe('sts:ExternalId = audit-42');
    expect(audit?.path[1]?.notes.join(' ')).toMatch(/role chaining/);
  });

  it('reports no path through a hop an SCP denies', () => {
    const a = createAnalysis(chainWorld({ scpDenyAssume: true }));
    expect(a.reach({ principal: DEV }).reachable.map((x) => x.principal)).not.toContain(AUDIT);
    expect(a.escalationPaths({ from: DEV, to: AUDIT }).paths).toEqual([]);
    // The other hops are untouched.
    expect(a.escalationPaths({ from: DEV }).paths).toHaveLength(1);
  });

  it('drops a path whose hops need contradictory conditions', () => {
    const ok = createAnalysis(chainWorld({ ipHop1: '10.0.0.0/8', ipHop2: '192.168.0.0/16' }));
    const p = ok.escalationPaths({ from: DEV }).paths[0] ?? [];
    expect(hops(p)).toHaveLength(2);
    expect(p[0]?.conditions).toBe('aws:SourceIp in 10.0.0.0/8');
    const contradictory = createAnalysis(chainWorld({ ipHop1: '10.0.0.0/8', ipHop2: '10.0.0.0/8' }));
    // Each hop alone is possible …
    expect(contradictory.edgesFrom(DEV).map((e) => e.to)).toContain(DEPLOY);
    expect(contradictory.edgesFrom(DEPLOY).map((e) => e.to)).toContain(LAMBDA_ADMIN);
    // … but not both from the same source address.
    expect(contradictory.escalationPaths({ from: DEV }).paths).toEqual([]);
  });

  it('transitive who-can names the principals that can become one that can', () => {
    const a = createAnalysis(chainWorld());
    const r = a.whoCan({ action: 's3:GetObject', resource: 'arn:aws:s3:::audit-logs/x', transitive: true });
    const dev = r.principals.find((p) => p.principal === DEV);
    expect(dev?.path?.length).toBeGreaterThan(0);
    const direct = r.principals.filter((p) => !p.path).map((p) => p.principal);
    expect(direct).toContain(AUDIT);
    expect(direct).not.toContain(DEV);
  });
});

describe('pruning keeps what a trust policy grants alone', () => {
  it('finds the hop to a role whose trust names the user, without an identity grant, and not to one that trusts the account only', () => {
    const named = `arn:aws:iam::${A}:role/Named`;
    const account = `arn:aws:iam::${A}:role/AccountOnly`;
    const open = `arn:aws:iam::${A}:role/Open`;
    const w = {
      users: { [DEV]: { policies: [] } },
      roles: {
        [named]: { trustPolicy: trust({ AWS: DEV }) },
        [account]: { trustPolicy: trust({ AWS: `arn:aws:iam::${A}:root` }) },
        [open]: { trustPolicy: trust({ AWS: '*' }, { Condition: { StringEquals: { 'aws:PrincipalAccount': A } } }) },
      },
    };
    const a = createAnalysis(w);
    const to = a
      .edgesFrom(DEV)
      .filter((e) => e.via === 'assume-role')
      .map((e) => e.to)
      .sort();
    // The engine decides each: the same decisions as asking it directly.
    const direct = [named, account, open]
      .filter((r) => a.decide({ principal: DEV, action: 'sts:AssumeRole', resource: r }).verdict !== 'Deny')
      .sort();
    expect(to).toEqual(direct);
    expect(to).toContain(named);
    expect(to).not.toContain(account);
  });
});

// ---------------------------------------------------------------- random worlds
// Every reported hop re-decides Allow on the engine for requests that satisfy its conditions.

const ACCTS = [A, B];
const roleArn = (acct: string, i: number) => `arn:aws:iam::${acct}:role/r${i}`;
const userArn = (i: number) => `arn:aws:iam::${A}:user/u${i}`;
const ALL_ROLES = ACCTS.flatMap((acct) => [0, 1, 2].map((i) => roleArn(acct, i)));
const condition = fc.constantFrom(
  undefined,
  { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
);
const grantStatement = fc.record({
  effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny'),
  action: fc.constantFrom(
    'sts:AssumeRole',
    'iam:PassRole',
    'lambda:CreateFunction',
    'lambda:InvokeFunction',
    'iam:CreateAccessKey',
    'iam:AttachUserPolicy',
    'iam:PutRolePolicy',
    'iam:UpdateAssumeRolePolicy',
    'ec2:RunInstances',
    'iam:*',
    '*',
  ),
  resource: fc.constantFrom('*', ...ALL_ROLES, userArn(0), userArn(1)),
  condition,
});
const trustOf = fc.record({
  principal: fc.constantFrom<object>(
    { AWS: `arn:aws:iam::${A}:root` },
    { AWS: `arn:aws:iam::${B}:root` },
    { Service: 'lambda.amazonaws.com' },
    { AWS: userArn(0) },
    { AWS: roleArn(A, 0) },
  ),
  condition,
});
const randomWorld = fc.record({
  users: fc.array(fc.array(grantStatement, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 2 }),
  mfa: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
  roles: fc.array(
    fc.record({
      trust: trustOf,
      policy: fc.array(grantStatement, { minLength: 0, maxLength: 2 }),
      boundary: fc.option(fc.array(grantStatement, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    }),
    { minLength: 6, maxLength: 6 },
  ),
  scpDeny: fc.option(fc.constantFrom('sts:AssumeRole', 'iam:PassRole', 'iam:*'), { nil: undefined }),
});

describe('random worlds', () => {
  let edgesSeen = 0;
  it('every reported hop re-decides Allow for a request that satisfies its conditions', () => {
    fc.assert(
      fc.property(randomWorld, (w) => {
        const world = {
          ...twoAccounts(w.scpDeny ? { Effect: 'Deny', Action: w.scpDeny, Resource: '*' } : undefined),
          users: Object.fromEntries(
            w.users.map((st, i) => [
              userArn(i),
              {
                policies: [doc(...st.map(toSt))],
                ...(w.mfa[i] ? { mfaDevices: [`arn:aws:iam::${A}:mfa/u${i}`] } : {}),
              },
            ]),
          ),
          roles: Object.fromEntries(
            w.roles.map((r, i) => [
              ALL_ROLES[i] as string,
              {
                trustPolicy: trust(r.trust.principal, r.trust.condition ? { Condition: r.trust.condition } : {}),
                policies: r.policy.length ? [doc(...r.policy.map(toSt))] : [],
                ...(r.boundary ? { permissionsBoundary: doc(...r.boundary.map(toSt)) } : {}),
              },
            ]),
          ),
        };
        const a = createAnalysis(world);
        const graph = a.graph();
        edgesSeen += graph.length;
        for (const e of graph) {
          // A satisfying assignment of the hop's condition, from the witness classes of its keys.
          const found = a.satisfying(e.condition, e.from);
          expect(found, `${e.from} -${e.via}-> ${e.to} if ${e.conditions}`).toBeDefined();
          expect(e.proofs.length).toBeGreaterThan(0);
          for (const p of e.proofs) {
            const context: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(p.request.context ?? {}))
              if (!a.facts.clauses.has(k.toLowerCase())) context[k] = v;
            for (const [k, v] of Object.entries(found ?? {})) if (v !== undefined) context[k] = v;
            const d = a.authorizer.authorize(
              { ...p.request, context: context as Record<string, string> },
              { allowOverrides: true },
            );
            expect(
              d.decision,
              `${e.from} -${e.via}-> ${e.to} if ${e.conditions}: ${p.request.action} ${JSON.stringify(context)}`,
            ).toBe('Allow');
          }
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 40) > 40 ? 300 : 40 },
    );
    // The generator does produce hops (the property is not vacuous).
    expect(edgesSeen).toBeGreaterThan(20);
  });
});
