/**
 * One `aws iam get-account-authorization-details` snapshot into the world builder: managed
 * policies (the default version is the one in force; URL-encoded documents are decoded), groups,
 * users (with their group memberships) and roles (with their instance profiles).
 */
import { joinPath } from '../../policy/issues.js';
import { isObject, member, stringMember } from '../input.js';
import { normalizeDocument } from '../policy-document.js';
import { parseIamEntityArn } from '../../policy/iam-names.js';
import { unresolvedDocument } from '../placeholder.js';
import type { ImportIssues } from '../result.js';
import { tagList, type ImportedPolicy, type WorldBuilder } from '../world-builder.js';

const MANAGED_ARN = /^arn:[\w-]+:iam::(\d{12}|aws):policy\//;

/** Whether a value looks like an authorization-details snapshot. */
export function isSnapshot(value: unknown): value is Record<string, unknown> {
  return (
    isObject(value) &&
    ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'].some((k) => Array.isArray(value[k]))
  );
}

/** A list member; one of another shape is reported (its entries, policies among them, are not imported). */
function list(value: unknown, key: string, issues?: ImportIssues, path?: string): unknown[] {
  const v = member(value, key);
  if (Array.isArray(v)) return v;
  if (v !== undefined && v !== null && issues && path !== undefined) {
    issues.warn(
      'invalid-member',
      joinPath(path, key),
      `${key} should be a list, not ${typeof v === 'object' ? 'an object' : typeof v}; what it holds was not imported`,
    );
  }
  return [];
}

/** Imports one snapshot. */
export function importSnapshot(
  snapshot: Record<string, unknown>,
  builder: WorldBuilder,
  issues: ImportIssues,
  base: string,
): void {
  if (snapshot.IsTruncated === true) {
    issues.warn(
      'truncated-snapshot',
      joinPath(base, 'IsTruncated'),
      'the snapshot is one page of several (IsTruncated); entities on the other pages are missing — fetch every page (the AWS CLI does unless --max-items is given)',
    );
  }
  const ctx = { builder, issues, partition: builder.partition };
  list(snapshot, 'Policies', issues, base).forEach((p, i) =>
    managedPolicy(ctx, p, joinPath(joinPath(base, 'Policies'), i)),
  );
  const groupsByName = new Map<string, string>();
  list(snapshot, 'GroupDetailList', issues, base).forEach((g, i) => {
    const path = joinPath(joinPath(base, 'GroupDetailList'), i);
    const arn = entityArn(ctx, g, 'group', path);
    if (!arn) return;
    groupsByName.set(
      `${arn.split(':')[4]}/${stringMember(g, 'GroupName') ?? arn.slice(arn.lastIndexOf('/') + 1)}`,
      arn,
    );
    builder.groups.set(arn, {
      ...(stringMember(g, 'GroupId') ? { groupId: stringMember(g, 'GroupId') } : {}),
      policies: policiesOf(ctx, g, 'GroupPolicyList', path),
    });
  });
  list(snapshot, 'UserDetailList', issues, base).forEach((u, i) => {
    const path = joinPath(joinPath(base, 'UserDetailList'), i);
    const arn = entityArn(ctx, u, 'user', path);
    if (!arn) return;
    const account = arn.split(':')[4] as string;
    const groups: string[] = [];
    list(u, 'GroupList', issues, path).forEach((name, j) => {
      const g = typeof name === 'string' ? groupsByName.get(`${account}/${name}`) : undefined;
      if (g) groups.push(g);
      else
        issues.warn(
          'unknown-group',
          joinPath(joinPath(path, 'GroupList'), j),
          `the group ${String(name)} is not in the snapshot; the membership was skipped`,
        );
    });
    const boundary = boundaryOf(ctx, u, path);
    builder.users.set(arn, {
      ...(stringMember(u, 'UserId') ? { userId: stringMember(u, 'UserId') } : {}),
      ...(stringMember(u, 'Path') ? { path: stringMember(u, 'Path') } : {}),
      policies: policiesOf(ctx, u, 'UserPolicyList', path),
      groups,
      ...(boundary ? { permissionsBoundary: boundary } : {}),
      tags: tagList(member(u, 'Tags')),
    });
  });
  list(snapshot, 'RoleDetailList', issues, base).forEach((r, i) =>
    role(ctx, r, joinPath(joinPath(base, 'RoleDetailList'), i)),
  );
}

interface SnapshotContext {
  readonly builder: WorldBuilder;
  readonly issues: ImportIssues;
  readonly partition: string;
}

function role(ctx: SnapshotContext, r: unknown, path: string): void {
  const arn = entityArn(ctx, r, 'role', path);
  if (!arn) return;
  const rolePath = stringMember(r, 'Path') ?? '/';
  const boundary = boundaryOf(ctx, r, path);
  const duration = member(r, 'MaxSessionDuration');
  ctx.builder.roles.set(arn, {
    ...(stringMember(r, 'RoleId') ? { roleId: stringMember(r, 'RoleId') } : {}),
    path: rolePath,
    trustPolicy: normalizeDocument(member(r, 'AssumeRolePolicyDocument'), {
      issues: ctx.issues,
      path: joinPath(path, 'AssumeRolePolicyDocument'),
      type: 'trust',
      partition: ctx.partition,
    }),
    policies: policiesOf(ctx, r, 'RolePolicyList', path),
    ...(boundary ? { permissionsBoundary: boundary } : {}),
    tags: tagList(member(r, 'Tags')),
    maxSessionDuration: typeof duration === 'number' && duration >= 3600 && duration <= 43200 ? duration : undefined,
    description: stringMember(r, 'Description'),
    serviceLinked: rolePath.startsWith('/aws-service-role/') || undefined,
    lastUsed: snapshotTime(stringMember(member(r, 'RoleLastUsed'), 'LastUsedDate')),
    created: snapshotTime(stringMember(r, 'CreateDate')),
  });
  list(r, 'InstanceProfileList', ctx.issues, path).forEach((p, i) => {
    const profileArn = stringMember(p, 'Arn');
    const id = stringMember(p, 'InstanceProfileId');
    if (!profileArn)
      ctx.issues.warn(
        'invalid-instance-profile',
        joinPath(joinPath(path, 'InstanceProfileList'), i),
        'an instance profile entry needs an Arn; skipped',
      );
    else ctx.builder.instanceProfiles.set(profileArn, { ...(id ? { instanceProfileId: id } : {}), role: arn });
  });
}

/** The ARN of an entity, when valid and new; otherwise reported and `undefined`. */
function entityArn(
  ctx: SnapshotContext,
  e: unknown,
  kind: 'user' | 'group' | 'role',
  path: string,
): string | undefined {
  const arn = stringMember(e, 'Arn');
  const m = arn === undefined ? undefined : parseIamEntityArn(arn);
  if (!arn || !m || m.kind !== kind) {
    ctx.issues.warn(`invalid-${kind}`, path, `a ${kind} entry needs a valid ${kind} Arn; skipped`);
    return undefined;
  }
  const table = kind === 'user' ? ctx.builder.users : kind === 'group' ? ctx.builder.groups : ctx.builder.roles;
  if (table.has(arn)) {
    ctx.issues.warn('duplicate-entity', path, `${arn} appears twice; the later entry was skipped`);
    return undefined;
  }
  ctx.builder.account(m.account);
  ctx.builder.arns[arn] = arn;
  return arn;
}

/** Inline policies (`<X>PolicyList`) then attached managed policies. */
function policiesOf(ctx: SnapshotContext, e: unknown, inlineKey: string, path: string): ImportedPolicy[] {
  const out: ImportedPolicy[] = [];
  list(e, inlineKey, ctx.issues, path).forEach((p, i) => {
    const at = joinPath(joinPath(path, inlineKey), i);
    const name = stringMember(p, 'PolicyName');
    if (!name) {
      ctx.issues.warn('invalid-inline-policy', at, 'an inline policy needs PolicyName and PolicyDocument; skipped');
      return;
    }
    out.push({
      name,
      document: normalizeDocument(member(p, 'PolicyDocument'), {
        issues: ctx.issues,
        path: joinPath(at, 'PolicyDocument'),
        type: 'identity',
        partition: ctx.partition,
      }),
    });
  });
  list(e, 'AttachedManagedPolicies', ctx.issues, path).forEach((p, i) => {
    const arn = stringMember(p, 'PolicyArn');
    const account = (stringMember(e, 'Arn') ?? '').split(':')[4] ?? '';
    out.push(
      ctx.builder.managedRef(
        arn,
        account,
        joinPath(joinPath(joinPath(path, 'AttachedManagedPolicies'), i), 'PolicyArn'),
      ),
    );
  });
  return out;
}

function boundaryOf(ctx: SnapshotContext, e: unknown, path: string): string | undefined {
  const arn = stringMember(member(e, 'PermissionsBoundary'), 'PermissionsBoundaryArn');
  if (arn === undefined) return undefined;
  const account = (stringMember(e, 'Arn') ?? '').split(':')[4] ?? '';
  return ctx.builder.managedRef(
    arn,
    account,
    joinPath(joinPath(path, 'PermissionsBoundary'), 'PermissionsBoundaryArn'),
  );
}

/** A managed policy: the document of its default version. */
function managedPolicy(ctx: SnapshotContext, p: unknown, path: string): void {
  const arn = stringMember(p, 'Arn');
  if (!arn || !MANAGED_ARN.test(arn)) {
    ctx.issues.warn('invalid-policy', path, 'a policy entry needs a managed policy Arn; skipped');
    return;
  }
  if (ctx.builder.managedPolicies.has(arn)) return; // AWS managed policies appear in every account's snapshot.
  const defaultId = stringMember(p, 'DefaultVersionId');
  const versions = list(p, 'PolicyVersionList', ctx.issues, path);
  const index = versions.findIndex(
    (v) => member(v, 'IsDefaultVersion') === true || (defaultId !== undefined && member(v, 'VersionId') === defaultId),
  );
  const name = stringMember(p, 'PolicyName') ?? arn.slice(arn.lastIndexOf('/') + 1);
  if (index < 0) {
    ctx.issues.warn(
      'missing-default-version',
      path,
      `${arn} has no default version in the snapshot; it was replaced by a policy that applies to nothing`,
    );
    ctx.builder.managedPolicies.set(arn, { name, document: unresolvedDocument('identity', ctx.partition) });
    return;
  }
  const docPath = joinPath(joinPath(joinPath(path, 'PolicyVersionList'), index), 'Document');
  const document = normalizeDocument(member(versions[index], 'Document'), {
    issues: ctx.issues,
    path: docPath,
    type: 'identity',
    partition: ctx.partition,
    awsManaged: arn.includes(':iam::aws:'),
  });
  ctx.builder.managedPolicies.set(arn, { name, document });
}

/** A snapshot date (`2025-05-01T10:00:00Z` or `…+00:00`) when it is a valid date-time, else `undefined`. */
function snapshotTime(text: string | undefined): string | undefined {
  return text !== undefined && /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text)) ? text : undefined;
}
