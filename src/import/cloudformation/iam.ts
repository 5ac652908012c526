/**
 * The IAM resource types of CloudFormation: roles, users, groups, inline and managed policies,
 * group memberships and instance profiles.
 */
import { parseIamEntityArn } from '../../policy/iam-names.js';
import { normalizeDocument } from '../policy-document.js';
import {
  boundary,
  documentProp,
  entityArn,
  inlinePolicies,
  listProp,
  managedArns,
  propPath,
  tagsOf,
  type ResolvedResource,
  type TemplateContext,
} from './context.js';

function claim(ctx: TemplateContext, table: Map<string, string>, r: ResolvedResource, arn: string): boolean {
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  // A name IAM refuses (SAM's error_invalid_logical_id input gives a function such a role) would
  // make an invalid world; CloudFormation would refuse the resource, so the import does.
  if (parseIamEntityArn(arn) === undefined) {
    ctx.issues.error(
      'invalid-name',
      r.path,
      `${JSON.stringify(name)} is not a name IAM accepts (letters, digits and the characters + = , . @ _ -); CloudFormation would refuse ${r.id}`,
    );
    return false;
  }
  if ([...table.values()].includes(arn)) {
    ctx.issues.warn('duplicate-name', r.path, `${arn} is defined twice; ${r.id} was skipped`);
    return false;
  }
  table.set(name, arn);
  ctx.builder.arns[r.id] = arn;
  return true;
}

/** The user, group or role the template defines under `arn`, if any. */
function entityOf(ctx: TemplateContext, kind: 'role' | 'user' | 'group', arn: string | undefined) {
  if (arn === undefined) return undefined;
  return kind === 'role'
    ? ctx.builder.roles.get(arn)
    : kind === 'user'
      ? ctx.builder.users.get(arn)
      : ctx.builder.groups.get(arn);
}

function sessionDuration(ctx: TemplateContext, r: ResolvedResource): number | undefined {
  const raw = r.props.MaxSessionDuration;
  if (raw === undefined) return undefined;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (Number.isInteger(n) && n >= 3600 && n <= 43200) return n;
  ctx.issues.warn(
    'invalid-max-session-duration',
    propPath(r, 'MaxSessionDuration'),
    'MaxSessionDuration must be 3600..43200 seconds; the default (3600) is used',
  );
  return undefined;
}

/** `AWS::IAM::Role` */
export function role(ctx: TemplateContext, r: ResolvedResource): void {
  const arn = ctx.refs.arn(r.id) as string;
  if (!claim(ctx, ctx.roleByName, r, arn)) return;
  const description = typeof r.props.Description === 'string' ? r.props.Description : undefined;
  const permissionsBoundary = boundary(ctx, r);
  ctx.builder.roles.set(arn, {
    path: ctx.refs.iamPath(r.id),
    trustPolicy: documentProp(ctx, r, 'AssumeRolePolicyDocument', 'trust'),
    policies: [...inlinePolicies(ctx, r), ...managedArns(ctx, r)],
    ...(permissionsBoundary ? { permissionsBoundary } : {}),
    tags: tagsOf(r.props.Tags),
    maxSessionDuration: sessionDuration(ctx, r),
    description,
    serviceLinked: ctx.refs.iamPath(r.id).startsWith('/aws-service-role/') || undefined,
  });
}

/** `AWS::IAM::User` (its `Groups` are joined by {@link userGroups}, once every group exists). */
export function user(ctx: TemplateContext, r: ResolvedResource): void {
  const arn = ctx.refs.arn(r.id) as string;
  if (!claim(ctx, ctx.userByName, r, arn)) return;
  const permissionsBoundary = boundary(ctx, r);
  ctx.builder.users.set(arn, {
    path: ctx.refs.iamPath(r.id),
    policies: [...inlinePolicies(ctx, r), ...managedArns(ctx, r)],
    groups: [],
    ...(permissionsBoundary ? { permissionsBoundary } : {}),
    tags: tagsOf(r.props.Tags),
  });
}

/** The `Groups` property of an `AWS::IAM::User`. */
export function userGroups(ctx: TemplateContext, r: ResolvedResource): void {
  const userArn = ctx.builder.arns[r.id];
  const record = userArn ? ctx.builder.users.get(userArn) : undefined;
  if (!record) return;
  listProp(r, 'Groups').forEach((g, i) => {
    const arn = entityArn(ctx, 'group', g, propPath(r, 'Groups', i));
    if (arn && !record.groups.includes(arn)) record.groups.push(arn);
  });
}

/** `AWS::IAM::Group` */
export function group(ctx: TemplateContext, r: ResolvedResource): void {
  const arn = ctx.refs.arn(r.id) as string;
  if (!claim(ctx, ctx.groupByName, r, arn)) return;
  ctx.builder.groups.set(arn, { policies: [...inlinePolicies(ctx, r), ...managedArns(ctx, r)] });
}

/** `AWS::IAM::ManagedPolicy`: the policy itself. */
export function managedPolicy(ctx: TemplateContext, r: ResolvedResource): void {
  const arn = ctx.refs.arn(r.id) as string;
  if (ctx.builder.managedPolicies.has(arn)) {
    ctx.issues.warn('duplicate-name', r.path, `${arn} is defined twice; ${r.id} was skipped`);
    return;
  }
  ctx.builder.arns[r.id] = arn;
  ctx.builder.managedPolicies.set(arn, {
    name: ctx.refs.name(r.id),
    document: documentProp(ctx, r, 'PolicyDocument', 'identity'),
  });
}

/** Attaches a policy to the `Roles`, `Users` and `Groups` of a policy resource. */
function attach(
  ctx: TemplateContext,
  r: ResolvedResource,
  policy: string | { name: string; document: Record<string, unknown> },
): void {
  for (const [prop, kind] of [
    ['Roles', 'role'],
    ['Users', 'user'],
    ['Groups', 'group'],
  ] as const) {
    listProp(r, prop).forEach((name, i) => {
      entityOf(ctx, kind, entityArn(ctx, kind, name, propPath(r, prop, i)))?.policies.push(policy);
    });
  }
}

/** `AWS::IAM::ManagedPolicy`: its attachments. */
export function managedPolicyAttachments(ctx: TemplateContext, r: ResolvedResource): void {
  const arn = ctx.builder.arns[r.id];
  if (arn) attach(ctx, r, arn);
}

/** `AWS::IAM::Policy`: an inline policy of each role, user and group it names. */
export function inlinePolicy(ctx: TemplateContext, r: ResolvedResource): void {
  const name = typeof r.props.PolicyName === 'string' ? r.props.PolicyName : r.id;
  const document = normalizeDocument(r.props.PolicyDocument, {
    issues: ctx.issues,
    path: propPath(r, 'PolicyDocument'),
    type: 'identity',
    partition: ctx.env.partition,
  });
  if (listProp(r, 'Roles').length + listProp(r, 'Users').length + listProp(r, 'Groups').length === 0) {
    ctx.issues.warn('unattached-policy', r.path, `${r.id} names no role, user or group`);
  }
  attach(ctx, r, { name, document });
}

/** `AWS::IAM::UserToGroupAddition` */
export function userToGroupAddition(ctx: TemplateContext, r: ResolvedResource): void {
  const groupArn = entityArn(ctx, 'group', r.props.GroupName, propPath(r, 'GroupName'));
  if (!groupArn) return;
  listProp(r, 'Users').forEach((u, i) => {
    const arn = entityArn(ctx, 'user', u, propPath(r, 'Users', i));
    const record = arn ? ctx.builder.users.get(arn) : undefined;
    if (record && !record.groups.includes(groupArn)) record.groups.push(groupArn);
  });
}

/** `AWS::IAM::InstanceProfile` */
export function instanceProfile(ctx: TemplateContext, r: ResolvedResource): void {
  const roles = listProp(r, 'Roles');
  if (roles.length !== 1) {
    ctx.issues.warn(
      'invalid-instance-profile',
      propPath(r, 'Roles'),
      'an instance profile holds exactly one role; skipped',
    );
    return;
  }
  const roleArn = entityArn(ctx, 'role', roles[0], propPath(r, 'Roles', 0));
  const arn = ctx.refs.arn(r.id);
  if (!roleArn || !arn) return;
  ctx.builder.arns[r.id] = arn;
  ctx.builder.instanceProfiles.set(arn, { role: roleArn });
}

/**
 * `AWS::IAM::RolePolicy`, `UserPolicy`, `GroupPolicy`: one inline policy of one entity, named by
 * `RoleName`, `UserName` or `GroupName`.
 */
export function entityPolicy(kind: 'role' | 'user' | 'group'): (ctx: TemplateContext, r: ResolvedResource) => void {
  const prop = kind === 'role' ? 'RoleName' : kind === 'user' ? 'UserName' : 'GroupName';
  return (ctx, r) => {
    const name = typeof r.props.PolicyName === 'string' ? r.props.PolicyName : r.id;
    const document = normalizeDocument(r.props.PolicyDocument, {
      issues: ctx.issues,
      path: propPath(r, 'PolicyDocument'),
      type: 'identity',
      partition: ctx.env.partition,
    });
    const arn = entityArn(ctx, kind, r.props[prop], propPath(r, prop), `the inline policy ${name} (${r.id})`);
    const entity = entityOf(ctx, kind, arn);
    if (!entity) return;
    entity.policies.push({ name, document });
    ctx.builder.arns[r.id] = arn as string;
  };
}
