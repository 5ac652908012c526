/**
 * Effective admin, decided by the engine: a principal is an administrator when the engine allows
 * it every probe — sensitive actions of many services on arbitrary resources, and a made-up
 * action of a made-up service — after permissions boundaries and SCPs. "AdministratorAccess is
 * attached" is neither necessary nor sufficient; `s3:Get*` on one bucket is not admin.
 * The probe list is a parameter so that the action catalog can supply every action.
 */
import type { Authorizer, AuthorizationRequest } from '../model/authorizer.js';
import type { World } from '../model/world.js';
import { accountOfArn } from './attachments.js';
import { CHECKS } from './checks.js';
import { finding, recordPath, type DecidedRequest, type Finding } from './finding.js';
import { targetRoleArn } from './probe-world.js';

/** One probe: an action and the resource to ask it on (`{account}` is the principal's account). */
export interface AdminProbe {
  readonly action: string;
  /** Default `*`. `{account}` and `{target}` (an assumable role of the account) are replaced. */
  readonly resource?: string;
}

/** The default probes: sensitive actions of several services on resources nobody scoped. */
export const DEFAULT_ADMIN_PROBES: readonly AdminProbe[] = [
  { action: 'iam:CreateUser', resource: 'arn:aws:iam::{account}:user/iam-verdict-probe-user' },
  { action: 'iam:AttachRolePolicy', resource: 'arn:aws:iam::{account}:role/iam-verdict-probe-any-role' },
  { action: 'iam:PassRole', resource: 'arn:aws:iam::{account}:role/iam-verdict-probe-any-role' },
  { action: 'sts:AssumeRole', resource: '{target}' },
  { action: 's3:GetObject', resource: 'arn:aws:s3:::iam-verdict-probe-any-bucket/any/key' },
  { action: 'ec2:RunInstances', resource: 'arn:aws:ec2:us-east-1:{account}:instance/*' },
  { action: 'kms:Decrypt', resource: 'arn:aws:kms:us-east-1:{account}:key/00000000-0000-4000-8000-000000000000' },
  { action: 'organizations:LeaveOrganization', resource: '*' },
  { action: 'someservice:SomeAction', resource: '*' },
];

/**
 * The context of the probes: the most favourable a legitimate session of the principal can have
 * (MFA present, TLS), so that "admin, but only with MFA" still counts as admin.
 */
const PROBE_CONTEXT = { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '1', 'aws:SecureTransport': 'true', 'aws:RequestedRegion': 'us-east-1' };

/** The requests that decide whether `principal` is an admin. */
export function adminRequests(principal: string, probes: readonly AdminProbe[], time: number): AuthorizationRequest[] {
  const account = accountOfArn(principal) ?? '000000000000';
  return probes.map((p) => ({
    principal,
    action: p.action,
    resource: (p.resource ?? '*').replaceAll('{account}', account).replaceAll('{target}', targetRoleArn(account)),
    context: PROBE_CONTEXT,
    time,
  }));
}

/** Options of {@link checkEffectiveAdmin}. */
export interface EffectiveAdminOptions {
  readonly probes?: readonly AdminProbe[];
  readonly time: number;
}

/**
 * Every user and role (service-linked roles excepted) the engine allows every probe. Decided
 * without explanations first (cheap); the explanations are built for the findings only.
 */
export function checkEffectiveAdmin(world: World, authorizer: Authorizer, options: EffectiveAdminOptions): Finding[] {
  const probes = options.probes ?? DEFAULT_ADMIN_PROBES;
  if (probes.length === 0) return [];
  const out: Finding[] = [];
  const subjects: { arn: string; member: 'users' | 'roles' }[] = [
    ...Object.keys(world.users).map((arn) => ({ arn, member: 'users' as const })),
    ...Object.entries(world.roles).filter(([, r]) => !r.serviceLinked).map(([arn]) => ({ arn, member: 'roles' as const })),
  ];
  for (const { arn, member } of subjects) {
    const requests = adminRequests(arn, probes, options.time);
    if (!requests.every((r) => authorizer.authorize(r, { allowOverrides: true }).decision === 'Allow')) continue;
    const decided: DecidedRequest[] = requests.map((request) => {
      const d = authorizer.authorize(request, { explain: true, allowOverrides: true });
      return { request, decision: d.decision, decidedBy: d.decidedBy, ...(d.explanation ? { summary: d.explanation.summary, explanation: d.explanation } : {}) };
    });
    const granting = [...new Set(decided.flatMap((d) => (d.explanation?.matched ?? []).filter((m) => m.effect === 'Allow' && m.layer === 'identity').map((m) => m.policyId)))];
    const kind = member === 'users' ? 'user' : 'role';
    out.push(
      finding(
        CHECKS.effectiveAdmin,
        arn,
        `the engine allows this ${kind} all ${probes.length} probes (${probes.map((p) => p.action).join(', ')}) on arbitrary resources${granting.length > 0 ? `, granted by ${granting.join(', ')}` : ''}`,
        { source: 'world', requests: decided },
        // Admin rights on a person's long-lived credentials are the risk; an admin role is the recommended shape.
        { severity: member === 'users' ? 'high' : 'low', worldPath: recordPath(member, arn) },
      ),
    );
  }
  return out;
}
