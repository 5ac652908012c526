/**
 * Checks of what is attached where: policies on users, the CloudShell full-access policy, the
 * support role, and roles nobody uses. These controls are about attachments by definition; what
 * the attached policies *allow* is decided by the engine in `admin.ts`.
 */
import type { PolicyRef, World } from '../model/world.js';
import { CHECKS } from './checks.js';
import { finding, recordPath, type Finding } from './finding.js';

const DAY = 86_400_000;
const AWS_MANAGED = /^arn:[\w-]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/;

/** The AWS managed policy name of a reference (`AWSSupportAccess`), or `undefined`. */
function awsManagedName(ref: PolicyRef): string | undefined {
  return typeof ref === 'string' ? AWS_MANAGED.exec(ref)?.[1] : undefined;
}

function describeRef(ref: PolicyRef, i: number): string {
  if (typeof ref === 'string') return ref;
  const name = (ref as { name?: unknown }).name;
  return typeof name === 'string' ? `inline policy ${name}` : `inline policy [${i}]`;
}

/** The account of an IAM ARN. */
export function accountOfArn(arn: string): string | undefined {
  return /^arn:[\w-]+:[\w-]*:[\w-]*:(\d{12}):/.exec(arn)?.[1];
}

/** Policies attached directly to users (CIS 1.15 v3 / 1.14 v5). */
export function checkUserPolicies(world: World): Finding[] {
  const out: Finding[] = [];
  for (const [arn, u] of Object.entries(world.users)) {
    if (u.policies.length === 0) continue;
    const names = u.policies.map(describeRef);
    out.push(
      finding(
        CHECKS.userPolicies,
        arn,
        `${u.policies.length} polic${u.policies.length === 1 ? 'y is' : 'ies are'} attached to the user: ${names.join(', ')}`,
        { source: 'world', facts: { policies: names.join(', ') } },
        { worldPath: recordPath('users', arn) },
      ),
    );
  }
  return out;
}

/** Identities with AWSCloudShellFullAccess attached (CIS 1.22 v3 / 1.21 v5, Security Hub IAM.27). */
export function checkCloudShell(world: World): Finding[] {
  const out: Finding[] = [];
  const members = [
    ['users', world.users],
    ['groups', world.groups],
    ['roles', world.roles],
  ] as const;
  for (const [member, records] of members) {
    for (const [arn, r] of Object.entries(records as Record<string, { policies: PolicyRef[] }>)) {
      const ref = r.policies.find((p) => awsManagedName(p) === 'AWSCloudShellFullAccess');
      if (ref === undefined) continue;
      out.push(
        finding(
          CHECKS.cloudShell,
          arn,
          `${ref as string} is attached to the ${member.slice(0, -1)}`,
          { source: 'world', facts: { policy: ref as string } },
          { worldPath: recordPath(member, arn) },
        ),
      );
    }
  }
  return out;
}

/**
 * Accounts of the world with IAM users or roles but no role that has AWSSupportAccess attached
 * (CIS 1.17 v3 / 1.16 v5, Security Hub IAM.18). Accounts the world does not describe (no user
 * and no role), and accounts outside the world's organization, are not judged.
 */
export function checkSupportRole(world: World): Finding[] {
  const accounts = new Map<string, string>();
  for (const arn of [...Object.keys(world.users), ...Object.keys(world.roles)]) {
    const account = accountOfArn(arn);
    if (account !== undefined && !accounts.has(account)) accounts.set(account, arn.split(':')[1] as string);
  }
  const covered = new Set<string>();
  for (const [arn, r] of Object.entries(world.roles)) {
    if (r.policies.some((p) => awsManagedName(p) === 'AWSSupportAccess')) covered.add(accountOfArn(arn) ?? '');
  }
  // With an organization, only its member accounts are judged (a vendor's account is not ours to fix).
  const org = world.organization;
  const ours = (account: string): boolean => {
    if (!org) return true;
    const a = world.accounts[account];
    return (
      account === org.managementAccount ||
      (a !== undefined && (a.org === org.id || (a.org === undefined && a.parents.length > 0)))
    );
  };
  const out: Finding[] = [];
  for (const [account, partition] of [...accounts].sort()) {
    if (covered.has(account) || !ours(account)) continue;
    out.push(
      finding(
        CHECKS.supportRole,
        `arn:${partition}:iam::${account}:root`,
        `no role of account ${account} has arn:aws:iam::aws:policy/AWSSupportAccess attached`,
        { source: 'world', facts: { account } },
      ),
    );
  }
  return out;
}

/** Roles whose `lastUsed` (or, never used, `created`) is older than `days` (world `roles[…].lastUsed`). */
export function checkUnusedRoles(world: World, now: number, days = 90): Finding[] {
  const out: Finding[] = [];
  for (const [arn, r] of Object.entries(world.roles)) {
    if (r.serviceLinked) continue;
    const last = r.lastUsed !== undefined ? Date.parse(r.lastUsed) : undefined;
    const created = r.created !== undefined ? Date.parse(r.created) : undefined;
    const since = last ?? created;
    if (since === undefined || now - since <= days * DAY) continue;
    const age = Math.floor((now - since) / DAY);
    const message =
      last !== undefined
        ? `the role was last used ${age} days ago (limit ${days})`
        : `the role was created ${age} days ago and has never been used`;
    out.push(
      finding(
        CHECKS.unusedRole,
        arn,
        message,
        { source: 'world', facts: { lastUsed: r.lastUsed ?? null, created: r.created ?? null } },
        { worldPath: recordPath('roles', arn) },
      ),
    );
  }
  return out;
}
