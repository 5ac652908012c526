/**
 * The world the engine checks are asked in: a copy of the audited world plus probe principals —
 * a role of an unrelated external account, a fresh role in each external account a trust policy
 * names, the named external principals the world lacks, and one assumable target role per
 * account — each probe with an identity policy that allows everything, so that the identity side
 * never hides what a trust policy admits. The audited world itself is never changed.
 */
import type { World } from '../model/world.js';
import { accountOfArn } from './attachments.js';

/** Name of the probe roles and of the per-account target roles. */
export const PROBE_ROLE_NAME = 'iam-verdict-probe';
export const TARGET_ROLE_NAME = 'iam-verdict-audit-target';

const ALLOW_ALL = { name: 'iam-verdict-probe-allow-all', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } };
const EC2_TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

/** The principals one trust policy names, by kind (read only to choose probes, never to decide). */
export interface TrustedPrincipals {
  readonly any: boolean;
  readonly aws: readonly string[];
  readonly services: readonly string[];
  readonly federated: readonly string[];
}

const asList = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The principals named by the Allow statements of a trust policy document. */
export function trustedPrincipals(trust: unknown): TrustedPrincipals {
  const statements: unknown[] = [];
  const doc = trust as { Statement?: unknown };
  if (Array.isArray(doc?.Statement)) statements.push(...doc.Statement);
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
    for (const a of asList(pr.AWS)) (a === '*' ? (any = true) : aws.add(a));
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

/** The target role of `account` (trusting its own account, so only identity policies decide). */
export function targetRoleArn(account: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:role/${TARGET_ROLE_NAME}`;
}

/** The probe world and the unrelated account used in it. */
export interface ProbeWorld {
  readonly world: Record<string, unknown>;
  /** An account id no part of the audited world uses. */
  readonly unrelatedAccount: string;
}

/** Builds the probe world of `world`. */
export function buildProbeWorld(world: World): ProbeWorld {
  const used = new Set<string>(Object.keys(world.accounts));
  const accounts = new Set<string>();
  for (const arn of [...Object.keys(world.users), ...Object.keys(world.roles)]) {
    const a = accountOfArn(arn);
    if (a) (used.add(a), accounts.add(a));
  }
  const external = new Set<string>();
  const named = new Set<string>();
  for (const r of Object.values(world.roles)) {
    for (const p of trustedPrincipals(r.trustPolicy).aws) {
      const a = principalAccount(p);
      if (!a) continue;
      used.add(a);
      external.add(a);
      if (/^arn:[\w-]+:iam::\d{12}:(role|user)\//.test(p)) named.add(p);
    }
  }
  let unrelatedAccount = '999988887777';
  for (let n = 999988887777; used.has(unrelatedAccount); n--) unrelatedAccount = String(n);
  const roles: Record<string, unknown> = { ...world.roles };
  const users: Record<string, unknown> = { ...world.users };
  const probe = { trustPolicy: EC2_TRUST, policies: [ALLOW_ALL] };
  for (const a of [unrelatedAccount, ...external]) {
    const arn = probeRoleArn(a);
    if (!(arn in roles)) roles[arn] = probe;
  }
  for (const arn of named) {
    if (arn in roles || arn in users) continue;
    if (arn.includes(':role/')) roles[arn] = probe;
    else users[arn] = { policies: [ALLOW_ALL] };
  }
  for (const a of accounts) {
    const arn = targetRoleArn(a);
    if (!(arn in roles)) roles[arn] = { trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a}:root` }, Action: 'sts:AssumeRole' }] } };
  }
  return { world: { ...world, roles, users }, unrelatedAccount };
}
