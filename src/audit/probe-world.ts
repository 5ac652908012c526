/**
 * The world the engine checks are asked in: a copy of the audited world plus probe principals —
 * a role of an unrelated external account, a fresh role in each external account a trust policy
 * names, the named external principals the world lacks, and one assumable target role per
 * account — each probe with an identity policy that allows everything, so that the identity side
 * never hides what a trust policy admits. The audited world itself is never changed.
 */
import type { World } from '../model/world.js';
import { checkArrayLength } from '../policy/limits.js';
import { accountOfArn } from './attachments.js';

/** Name of the probe roles and of the per-account target roles. */
export const PROBE_ROLE_NAME = 'iam-verdict-probe';
export const TARGET_ROLE_NAME = 'iam-verdict-audit-target';

const ALLOW_ALL = {
  name: 'iam-verdict-probe-allow-all',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};
const EC2_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/** The principals one trust policy names, by kind (read only to choose probes, never to decide). */
export interface TrustedPrincipals {
  readonly any: boolean;
  readonly aws: readonly string[];
  readonly services: readonly string[];
  readonly federated: readonly string[];
}

/**
 * The items of an array the world has not validated yet (the probe world is built before
 * validation): an array whose `length` is over the world's cap — a sparse array or a proxy may
 * claim 2³²−1 — is read as empty, since validation refuses the world anyway.
 */
const boundedItems = (v: unknown): readonly unknown[] =>
  Array.isArray(v) && checkArrayLength(v.length) === undefined ? v : [];
const asList = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : boundedItems(v).filter((x): x is string => typeof x === 'string');

/** The principals named by the Allow statements of a trust policy document. */
export function trustedPrincipals(trust: unknown): TrustedPrincipals {
  const statements: unknown[] = [];
  const doc = trust as { Statement?: unknown };
  if (Array.isArray(doc?.Statement)) statements.push(...boundedItems(doc.Statement));
  else if (doc?.Statement && typeof doc.Statement === 'object') statements.push(doc.Statement);
  let any = false;
  const aws = new Set<string>();
  const services = new Set<string>();
  const federated = new Set<string>();
  for (const s of statements) {
    const st = s as { Effect?: unknown; Principal?: unknown };
    if (st?.Effect !== 'Allow') continue;
    const p = st.Principal;
    if (p === '*') any = true;
    if (typeof p !== 'object' || p === null) continue;
    const pr = p as Record<string, unknown>;
    for (const a of asList(pr.AWS)) a === '*' ? (any = true) : aws.add(a);
    for (const x of asList(pr.Service)) services.add(x);
    for (const x of asList(pr.Federated)) federated.add(x);
  }
  return { any, aws: [...aws], services: [...services], federated: [...federated] };
}

/** The account of a trusted AWS principal (`123456789012`, `arn:…:root`, a user or role ARN). */
export function principalAccount(p: string): string | undefined {
  return /^\d{12}$/.test(p) ? p : accountOfArn(p);
}

/** An ARN of a probe role in `account`. */
export function probeRoleArn(account: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:role/${PROBE_ROLE_NAME}`;
}

/** The target role of `account` (trusting its own account to assume it, tag the session and set a source identity, so only identity policies decide). */
export function targetRoleArn(account: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:role/${TARGET_ROLE_NAME}`;
}

/** The probe world and the unrelated account used in it. */
export interface ProbeWorld {
  /** The audited world's members plus the probe entries (not yet validated). */
  readonly world: Record<string, unknown>;
  /** An account id no part of the audited world uses. */
  readonly unrelatedAccount: string;
  /** The role and user ARNs the probe world adds. */
  readonly added: ReadonlySet<string>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Builds the probe world of a world as written (not yet validated: it is validated once, with
 * the probes, by `createAuthorizer`). Returns `undefined` when the input is not shaped like a
 * world at all (then `createAuthorizer` of the input itself reports why).
 */
export function buildProbeWorld(input: unknown): ProbeWorld | undefined {
  if (!isRecord(input)) return undefined;
  const members = ['accounts', 'users', 'roles'] as const;
  if (members.some((m) => input[m] !== undefined && !isRecord(input[m]))) return undefined;
  const inRoles = (input.roles ?? {}) as Record<string, unknown>;
  const inUsers = (input.users ?? {}) as Record<string, unknown>;
  const used = new Set<string>(Object.keys((input.accounts ?? {}) as Record<string, unknown>));
  const accounts = new Set<string>();
  for (const arn of [...Object.keys(inUsers), ...Object.keys(inRoles)]) {
    const a = accountOfArn(arn);
    if (a) (used.add(a), accounts.add(a));
  }
  const external = new Set<string>();
  const named = new Set<string>();
  for (const r of Object.values(inRoles)) {
    for (const p of trustedPrincipals(isRecord(r) ? r.trustPolicy : undefined).aws) {
      const a = principalAccount(p);
      if (!a) continue;
      used.add(a);
      external.add(a);
      if (/^arn:[\w-]+:iam::\d{12}:(role|user)\//.test(p)) named.add(p);
    }
  }
  let unrelatedAccount = '999988887777';
  for (let n = 999988887777; used.has(unrelatedAccount); n--) unrelatedAccount = String(n);
  const roles: Record<string, unknown> = { ...inRoles };
  const users: Record<string, unknown> = { ...inUsers };
  const added = new Set<string>();
  const add = (into: Record<string, unknown>, arn: string, value: unknown) => {
    if (Object.prototype.hasOwnProperty.call(roles, arn) || Object.prototype.hasOwnProperty.call(users, arn)) return;
    into[arn] = value;
    added.add(arn);
  };
  const probe = { trustPolicy: EC2_TRUST, policies: [ALLOW_ALL] };
  for (const a of [unrelatedAccount, ...external]) add(roles, probeRoleArn(a), probe);
  for (const arn of named) {
    if (arn.includes(':role/')) add(roles, arn, probe);
    else add(users, arn, { policies: [ALLOW_ALL] });
  }
  for (const a of accounts) {
    add(roles, targetRoleArn(a), {
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${a}:root` },
            Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
          },
        ],
      },
    });
  }
  return { world: { ...input, roles, users }, unrelatedAccount, added };
}

/** The audited world: the validated probe world without the probe entries. */
export function auditedWorld(probeWorld: World, added: ReadonlySet<string>): World {
  const without = <T>(m: Record<string, T>) => Object.fromEntries(Object.entries(m).filter(([k]) => !added.has(k)));
  return { ...probeWorld, roles: without(probeWorld.roles), users: without(probeWorld.users) };
}
