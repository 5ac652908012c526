/**
 * AWS Organizations data (accounts, OU tree, SCPs and RCPs with their targets) into the world's
 * `organization` and `accounts`. Field names may be camelCase (`id`, `parent`) or as the
 * Organizations API writes them (`Id`, `ParentId`, `PolicySummary`, `Content`, `Targets`).
 */
import { FULL_AWS_ACCESS_SCP } from '../../model/organization.js';
import { joinPath } from '../../policy/issues.js';
import { isObject, member } from '../input.js';
import { normalizeDocument } from '../policy-document.js';
import type { ImportIssues } from '../result.js';
import type { WorldBuilder } from '../world-builder.js';

const ACCOUNT = /^\d{12}$/;

/** The first string among several spellings of a member. */
function field(value: unknown, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = member(value, k);
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

function listField(value: unknown, ...keys: string[]): unknown[] {
  for (const k of keys) {
    const v = member(value, k);
    if (Array.isArray(v)) return v;
  }
  return [];
}

/** Imports organization data (already parsed) at `path`. */
export function importOrganization(raw: unknown, builder: WorldBuilder, issues: ImportIssues, path: string): void {
  const org = isObject(member(raw, 'Organization'))
    ? { ...(raw as Record<string, unknown>), ...(member(raw, 'Organization') as Record<string, unknown>) }
    : raw;
  const id = field(org, 'id', 'Id');
  const rootId = field(org, 'rootId', 'RootId') ?? field(listField(org, 'roots', 'Roots')[0], 'id', 'Id');
  const management = field(org, 'managementAccount', 'ManagementAccountId', 'MasterAccountId');
  if (!id || !rootId || !management || !ACCOUNT.test(management)) {
    issues.error(
      'invalid-organization',
      path,
      'organization data needs id, rootId and managementAccount (a 12-digit account id)',
    );
    return;
  }
  const parentOf = new Map<string, string>();
  listField(org, 'organizationalUnits', 'OrganizationalUnits').forEach((ou, i) => {
    const ouId = field(ou, 'id', 'Id');
    const parent = field(ou, 'parent', 'ParentId');
    if (ouId && parent) parentOf.set(ouId, parent);
    else
      issues.warn(
        'invalid-ou',
        joinPath(joinPath(path, 'organizationalUnits'), i),
        'an organizational unit needs id and parent; skipped',
      );
  });
  const accounts = listField(org, 'accounts', 'Accounts');
  accounts.forEach((a, i) => {
    const at = joinPath(joinPath(path, 'accounts'), i);
    const accountId = field(a, 'id', 'Id');
    if (!accountId || !ACCOUNT.test(accountId)) {
      issues.warn('invalid-account', at, 'an account needs a 12-digit id; skipped');
      return;
    }
    const name = field(a, 'name', 'Name');
    builder.accounts.set(accountId, {
      org: id,
      parents: ancestry(field(a, 'parent', 'ParentId') ?? rootId, rootId, parentOf, issues, at),
      ...(name ? { name } : {}),
    });
  });
  if (!builder.accounts.has(management)) builder.accounts.set(management, { org: id, parents: [rootId] });

  const scps: Record<string, Record<string, unknown>[]> = {};
  const rcps: Record<string, Record<string, unknown>[]> = {};
  let fullAccessSeen = false;
  listField(org, 'policies', 'Policies').forEach((p, i) => {
    const at = joinPath(joinPath(path, 'policies'), i);
    const policy = isObject(member(p, 'Policy')) ? member(p, 'Policy') : p;
    const summary = isObject(member(policy, 'PolicySummary')) ? member(policy, 'PolicySummary') : policy;
    const type = field(summary, 'type', 'Type');
    const policyId = field(summary, 'id', 'Id') ?? '';
    const name = field(summary, 'name', 'Name') ?? policyId;
    if (policyId === 'p-RCPFullAWSAccess' || name === 'RCPFullAWSAccess') return; // always implied
    const isFullAccess = policyId === 'p-FullAWSAccess' || name === 'FullAWSAccess';
    if (type !== 'SERVICE_CONTROL_POLICY' && type !== 'RESOURCE_CONTROL_POLICY' && !isFullAccess) {
      issues.warn(
        'unsupported-policy-type',
        at,
        `${name}: policies of type ${type ?? '(none)'} do not affect authorization; skipped`,
      );
      return;
    }
    const content = member(policy, 'content') ?? member(policy, 'Content');
    const rcp = type === 'RESOURCE_CONTROL_POLICY';
    fullAccessSeen ||= isFullAccess;
    const document =
      isFullAccess && content === undefined
        ? { ...FULL_AWS_ACCESS_SCP, Statement: [...FULL_AWS_ACCESS_SCP.Statement] }
        : normalizeDocument(content, {
            issues,
            path: joinPath(at, 'content'),
            type: rcp ? 'rcp' : 'scp',
            partition: builder.partition,
          });
    const targets =
      listField(policy, 'targets', 'Targets').length > 0
        ? listField(policy, 'targets', 'Targets')
        : listField(p, 'targets', 'Targets');
    if (targets.length === 0) issues.warn('unattached-policy', at, `${name} has no targets; it affects nothing`);
    for (const t of targets) {
      const target = typeof t === 'string' ? t : field(t, 'TargetId', 'id', 'Id');
      if (!target) continue;
      const table = rcp ? rcps : scps;
      (table[target] ??= []).push(document);
    }
  });
  if (Object.keys(scps).length > 0 && !fullAccessSeen) {
    issues.warn(
      'no-full-aws-access',
      path,
      'the organization data lists SCPs but not FullAWSAccess: every target listed has exactly the listed SCPs (targets not listed keep FullAWSAccess) — include FullAWSAccess with its targets if it is attached',
    );
  }
  builder.organization = {
    id,
    rootId,
    managementAccount: management,
    ...(Object.keys(scps).length > 0 ? { scps } : {}),
    ...(Object.keys(rcps).length > 0 ? { rcps } : {}),
  };
}

/** Root id then OU ids from the root down to `parent`. */
function ancestry(
  parent: string,
  rootId: string,
  parentOf: ReadonlyMap<string, string>,
  issues: ImportIssues,
  path: string,
): string[] {
  const chain: string[] = [];
  let current: string | undefined = parent;
  while (current !== undefined && current !== rootId) {
    if (chain.includes(current) || chain.length > 10) {
      issues.warn('invalid-ou-tree', path, 'the OU tree has a cycle; the account is placed under the root');
      return [rootId];
    }
    chain.unshift(current);
    current = parentOf.get(current);
  }
  if (current === undefined) {
    issues.warn(
      'invalid-ou-tree',
      path,
      `the OU ${chain[0] ?? parent} does not lead to the root ${rootId}; the account is placed under the root`,
    );
    return [rootId];
  }
  return [rootId, ...chain];
}
