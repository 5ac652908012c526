/**
 * Test worlds for the technique table: for each technique, a world where its path exists, and
 * guardrail variants (SCP, explicit Deny, boundary, unsatisfiable condition, trust) where it does not.
 */
import { expect } from 'vitest';
import type { Authorizer } from '../../src/index.js';
import type { Assignment, AtomOracle, Edge, Technique, WhoCanResult } from '../../src/analysis/index.js';

export const ACCOUNT = '111111111111';
export const ATTACKER = `arn:aws:iam::${ACCOUNT}:user/attacker`;
export const ATTACKER_ROLE = `arn:aws:iam::${ACCOUNT}:role/attacker`;

/** The source of a technique's test world: a user, or a role for role-only techniques. */
export function attackerOf(t: Technique): string {
  return t.sources && !t.sources.includes('user') ? ATTACKER_ROLE : ATTACKER;
}
export const TARGET_ROLE = `arn:aws:iam::${ACCOUNT}:role/target`;
export const VICTIM = `arn:aws:iam::${ACCOUNT}:user/victim`;
export const ATTACKER_POLICY = `arn:aws:iam::${ACCOUNT}:policy/attacker-policy`;
export const TARGET_POLICY = `arn:aws:iam::${ACCOUNT}:policy/target-policy`;
export const TEAM_GROUP = `arn:aws:iam::${ACCOUNT}:group/team`;
const ADMINS_GROUP = `arn:aws:iam::${ACCOUNT}:group/admins`;

/** A policy document of these statements. */
export const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const ADMIN = doc({ Effect: 'Allow', Action: '*', Resource: '*' });

export type Guardrail = 'none' | 'scp' | 'deny' | 'boundary' | 'condition' | 'trust';

/** The resource ARN a running resource of a technique gets in the test world. */
const RUNNING_ARN: Readonly<Record<string, string>> = {
  'lambda-function': `arn:aws:lambda:us-east-1:${ACCOUNT}:function:victim-fn`,
  'ec2-instance': `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0123456789abcdef0`,
};

/** A world where `t`'s path exists (guardrail `none`), or is blocked by `guardrail`. */
export function techniqueWorld(
  t: Technique,
  guardrail: Guardrail,
): {
  world: Record<string, unknown>;
  runsAs?: { resource: string; role: string; kind: Technique['running'] & string }[];
} {
  const actions = [...new Set(t.steps.map((s) => s.action))];
  const removesBoundary = t.grant === 'remove-boundary';
  const allow: Record<string, unknown> = { Effect: 'Allow', Action: removesBoundary ? '*' : actions, Resource: '*' };
  // Unsatisfiable: MFA for a user without an MFA device; for a role, a source address both inside and outside 10/8.
  if (guardrail === 'condition') {
    allow.Condition =
      attackerOf(t) === ATTACKER
        ? { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }
        : { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } };
  }
  const attackerStatements: object[] = [allow];
  if (guardrail === 'deny') attackerStatements.push({ Effect: 'Deny', Action: actions[0], Resource: '*' });
  const selfPolicy = t.steps.some((s) => s.resource === 'self-policy');
  const selfGroup = t.steps.some((s) => s.resource === 'self-group');
  const managedPolicies: Record<string, unknown> = {};
  const attacker: Record<string, unknown> = { policies: [], groups: [] };
  if (selfPolicy) {
    managedPolicies[ATTACKER_POLICY] = doc(...attackerStatements);
    attacker.policies = [ATTACKER_POLICY];
  } else if (selfGroup) attacker.groups = [TEAM_GROUP];
  else attacker.policies = [doc(...attackerStatements)];
  if (removesBoundary) {
    // The boundary lets through only the boundary actions: without it, the attacker is an admin.
    attacker.permissionsBoundary = doc({
      Effect: 'Allow',
      Action: guardrail === 'boundary' ? 'iam:Get*' : actions,
      Resource: '*',
    });
  } else if (guardrail === 'boundary')
    attacker.permissionsBoundary = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
  const groups: Record<string, unknown> = {
    [TEAM_GROUP]: { policies: selfGroup ? [doc(...attackerStatements)] : [] },
    [ADMINS_GROUP]: { policies: [ADMIN] },
  };
  const trusted =
    guardrail === 'trust'
      ? { AWS: 'arn:aws:iam::999999999999:root' }
      : t.service
        ? { Service: t.service }
        : { AWS: `arn:aws:iam::${ACCOUNT}:root` };
  const targetRole: Record<string, unknown> = {
    trustPolicy: doc({ Effect: 'Allow', Principal: trusted, Action: 'sts:AssumeRole' }),
    // A role to become has some power of its own; a role the attacker modifies has none yet.
    policies: t.effect === 'admin-target' ? [TARGET_POLICY] : [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })],
  };
  managedPolicies[TARGET_POLICY] = doc({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' });
  const victim: Record<string, unknown> = {
    policies: t.effect === 'admin-target' ? [TARGET_POLICY] : [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })],
  };
  const world: Record<string, unknown> = {
    accounts: { [ACCOUNT]: { org: 'o-test', parents: ['r-test'] } },
    organization: {
      id: 'o-test',
      rootId: 'r-test',
      managementAccount: '900000000000',
      ...(guardrail === 'scp'
        ? {
            scps: {
              'r-test': [
                { name: 'FullAWSAccess', document: ADMIN },
                { name: 'DenyStep', document: doc({ Effect: 'Deny', Action: actions[0], Resource: '*' }) },
              ],
            },
          }
        : {}),
    },
    managedPolicies,
    users: { ...(attackerOf(t) === ATTACKER ? { [ATTACKER]: attacker } : {}), [VICTIM]: victim },
    groups,
    roles: {
      [TARGET_ROLE]: targetRole,
      ...(attackerOf(t) === ATTACKER_ROLE
        ? {
            [ATTACKER_ROLE]: {
              policies: attacker.policies,
              ...(attacker.permissionsBoundary ? { permissionsBoundary: attacker.permissionsBoundary } : {}),
              trustPolicy: doc({
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                Action: 'sts:AssumeRole',
              }),
            },
          }
        : {}),
    },
  };
  let runsAs: { resource: string; role: string; kind: Technique['running'] & string }[] | undefined;
  if (t.running) {
    const resource = RUNNING_ARN[t.running];
    if (resource) {
      world.sessions = {
        [`arn:aws:sts::${ACCOUNT}:assumed-role/target/running`]: {
          type: 'AssumedRole',
          roleArn: TARGET_ROLE,
          issuedAt: '2025-06-01T11:00:00Z',
          expiresAt: '2025-06-01T23:00:00Z',
          context: {
            [t.running === 'lambda-function' ? 'lambda:SourceFunctionArn' : 'ec2:SourceInstanceArn']: resource,
          },
        },
      };
    } else
      runsAs = [
        {
          resource: `arn:aws:${t.running.split('-')[0]}:us-east-1:${ACCOUNT}:${t.running}/victim`,
          role: TARGET_ROLE,
          kind: t.running,
        },
      ];
  }
  return { world, ...(runsAs ? { runsAs } : {}) };
}

/** The guardrails that apply to a technique (trust only where a trust policy is involved). */
export function guardrailsOf(t: Technique): Guardrail[] {
  const out: Guardrail[] = ['scp', 'deny', 'boundary', 'condition'];
  if (t.target === 'role' && (t.service || t.steps.some((s) => s.action === 'sts:AssumeRole'))) out.push('trust');
  return out;
}

/** Where the technique's edge leads in the test world. */
export function expectedTarget(t: Technique): string {
  if (t.effect !== 'become-target') return 'admin';
  return t.target === 'user' ? VICTIM : TARGET_ROLE;
}

/** A generated statement as policy JSON (the random-world generators of the analysis tests). */
export const toSt = (s: { effect: string; action: string; resource: string; condition: object | undefined }) => ({
  Effect: s.effect,
  Action: s.action,
  Resource: s.resource,
  ...(s.condition ? { Condition: s.condition } : {}),
});

/**
 * The two accounts of the random-world generators: `111111111111` under the root and
 * `222222222222` under OU `ou-b` of organization `o-x`. `guard`, when given, is the statement of an
 * SCP `Guard` of `ou-b` beside FullAWSAccess.
 */
export function twoAccounts(guard?: object) {
  const full = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  return {
    accounts: {
      '111111111111': { org: 'o-x', parents: ['r-x'] },
      '222222222222': { org: 'o-x', parents: ['r-x', 'ou-b'] },
    },
    organization: {
      id: 'o-x',
      rootId: 'r-x',
      managementAccount: '900000000000',
      ...(guard
        ? {
            scps: {
              'ou-b': [
                { name: 'Full', document: full },
                { name: 'Guard', document: doc(guard) },
              ],
            },
          }
        : {}),
    },
  };
}

/**
 * A grouped who-can answer (`x`) is the ungrouped one (`y`) member by member: the same principals
 * in order, the same verdicts, conditions that agree on every assignment, and proofs that are the
 * member's own requests.
 */
export function expectSameWhoCan(
  x: WhoCanResult,
  y: WhoCanResult,
  assignments: readonly Assignment[],
  oracle: AtomOracle,
  label: string,
): void {
  expect(
    x.principals.map((p) => p.principal),
    label,
  ).toEqual(y.principals.map((p) => p.principal));
  x.principals.forEach((p, i) => {
    const other = y.principals[i]!;
    expect(p.decision.verdict, `${p.principal}: ${p.conditions} vs ${other.conditions}`).toBe(other.decision.verdict);
    for (const a of assignments)
      expect(
        oracle.evaluate(p.decision.condition, a),
        `${p.principal}: ${p.conditions} vs ${other.conditions} on ${JSON.stringify(a)}`,
      ).toBe(oracle.evaluate(other.decision.condition, a));
    expect(p.decision.proofs.every((proof) => proof.request.principal === p.principal)).toBe(true);
  });
}

/** The authorizer, counting its decisions. */
export function counted(authorizer: Authorizer): { authorizer: Authorizer; count: () => number } {
  let n = 0;
  const proxy = new Proxy(authorizer, {
    get(target, prop, receiver) {
      if (prop === 'authorize')
        return (...args: Parameters<Authorizer['authorize']>) => (n++, target.authorize(...args));
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { authorizer: proxy, count: () => n };
}

/** An edge without its proofs: the hop, its conditions, resource, notes and modification. */
export const edgeKey = (e: Edge): string =>
  [
    e.from,
    e.to,
    e.via,
    e.conditions,
    e.resource ?? '',
    e.notes.join(';'),
    e.modified?.change ?? '',
    e.modified?.principal ?? '',
  ].join(' | ');

const proofTexts = (proofs: Edge['proofs']): string =>
  proofs.map((p) => `${JSON.stringify(p.request)}=${p.decision.decision}`).join(' ; ');

/**
 * Edges as sorted texts with their proofs: each proof's request and decision, and those of the
 * admin check on the modified world (a grouped target's proofs are its own requests).
 */
export const edgeTexts = (edges: readonly Edge[]): string[] =>
  edges.map((e) => `${edgeKey(e)} | ${proofTexts(e.proofs)} | ${proofTexts(e.modified?.proofs ?? [])}`).sort();
