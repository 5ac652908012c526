/**
 * The Terraform resource types the importer models (AWS provider): IAM entities, their policies
 * and attachments, memberships, instance profiles, and resource policies.
 */
import type { PolicyType } from '../../policy/ast.js';
import { isObject, member } from '../input.js';
import { functionArn, lambdaStatement } from '../lambda-permission.js';
import { hasPlaceholder, unresolvedDocument } from '../placeholder.js';
import { expandExecuteApiShorthand } from '../execute-api.js';
import { normalizeDocument } from '../policy-document.js';
import type { ImportIssues } from '../result.js';
import { isBucket, type ImportedPolicy, type WorldBuilder } from '../world-builder.js';
import { valuePath, type TfInstance } from './plan.js';
import { TF_RESOURCE_POLICY_TYPES, type TfResourcePolicyType } from './resource-policy-types.js';
import type { PlanValues } from './values.js';
import { NETWORK_ENTITIES, NETWORK_RELATIONS } from './network-access.js';

import type { PlanContext } from './plan-context.js';

export type { PlanContext };

type Handler = (ctx: PlanContext, inst: TfInstance) => void;

function doc(
  ctx: PlanContext,
  inst: TfInstance,
  attr: string,
  type: PolicyType,
  apiArn?: string,
): Record<string, unknown> {
  const raw = ctx.values.value(inst, attr);
  const v = apiArn !== undefined ? expandExecuteApiShorthand(raw, apiArn) : raw;
  // A value recovered from a reference is a document only if it is one (`jsonencode({… x.arn …})`
  // refers to `x.arn`, which is not the document).
  const isDocument = isObject(v) || (typeof v === 'string' && v.trimStart().startsWith('{'));
  if (v === undefined || (inst.unknown[attr] === true && !isDocument)) {
    ctx.values.unresolved(inst, attr);
    return unresolvedDocument(
      type === 'trust' ? 'trust' : type === 'resource' ? 'resource' : 'identity',
      ctx.values.env.partition,
    );
  }
  return normalizeDocument(v, {
    issues: ctx.issues,
    path: valuePath(inst, attr),
    type,
    partition: ctx.values.env.partition,
  });
}

function tags(ctx: PlanContext, inst: TfInstance): Record<string, string> | undefined {
  const t = ctx.values.value(inst, 'tags_all') ?? ctx.values.value(inst, 'tags');
  if (!isObject(t)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(t)) if (typeof v === 'string') out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

function boundary(ctx: PlanContext, inst: TfInstance): string | undefined {
  const b = ctx.values.text(inst, 'permissions_boundary');
  return b === undefined || b === ''
    ? undefined
    : ctx.builder.managedRef(b, ctx.values.env.accountId, valuePath(inst, 'permissions_boundary'));
}

function claim(ctx: PlanContext, table: Map<string, string>, inst: TfInstance, arn: string): boolean {
  if ([...table.values()].includes(arn)) {
    ctx.issues.warn('duplicate-name', inst.path, `${arn} is defined twice; ${inst.address} was skipped`);
    return false;
  }
  table.set(arn.slice(arn.lastIndexOf('/') + 1), arn);
  ctx.builder.arns[inst.address] = arn;
  return true;
}

/** The ARN of the IAM entity an attribute names (by name), when the plan defines it. */
function entity(ctx: PlanContext, kind: 'role' | 'user' | 'group', name: unknown, path: string): string | undefined {
  const table = kind === 'role' ? ctx.roleByName : kind === 'user' ? ctx.userByName : ctx.groupByName;
  if (typeof name !== 'string') return undefined;
  const key = name.startsWith('arn:') ? name.slice(name.lastIndexOf('/') + 1) : name;
  const arn = table.get(key);
  if (!arn)
    ctx.issues.warn(
      `external-${kind}`,
      path,
      `the ${kind} ${key} ${hasPlaceholder(name) ? 'is known only after apply' : 'is not defined in this plan'}; skipped`,
    );
  return arn;
}

function record(
  ctx: PlanContext,
  kind: 'role' | 'user' | 'group',
  arn: string,
): { policies: ImportedPolicy[] } | undefined {
  return kind === 'role'
    ? ctx.builder.roles.get(arn)
    : kind === 'user'
      ? ctx.builder.users.get(arn)
      : ctx.builder.groups.get(arn);
}

const role: Handler = (ctx, inst) => {
  const id = ctx.values.identityOf(inst);
  const arn = id.arn as string;
  if (!claim(ctx, ctx.roleByName, inst, arn)) return;
  const inline: ImportedPolicy[] = [];
  const blocks = ctx.values.value(inst, 'inline_policy');
  if (Array.isArray(blocks)) {
    blocks.forEach((b, i) => {
      if (!isObject(b) || typeof b.name !== 'string' || b.name === '') return;
      const document = normalizeDocument(b.policy, {
        issues: ctx.issues,
        path: valuePath(inst, `inline_policy[${i}].policy`),
        type: 'identity',
        partition: ctx.values.env.partition,
      });
      inline.push({ name: b.name, document });
    });
  }
  const managed = ctx.values.value(inst, 'managed_policy_arns');
  const permissionsBoundary = boundary(ctx, inst);
  const duration = ctx.values.value(inst, 'max_session_duration');
  const description = ctx.values.value(inst, 'description');
  ctx.builder.roles.set(arn, {
    path: id.path,
    trustPolicy: doc(ctx, inst, 'assume_role_policy', 'trust'),
    policies: [
      ...inline,
      ...(Array.isArray(managed)
        ? managed.map((m, i) =>
            ctx.builder.managedRef(m, ctx.values.env.accountId, valuePath(inst, `managed_policy_arns[${i}]`)),
          )
        : []),
    ],
    ...(permissionsBoundary ? { permissionsBoundary } : {}),
    tags: tags(ctx, inst),
    maxSessionDuration: typeof duration === 'number' && duration >= 3600 && duration <= 43200 ? duration : undefined,
    description: typeof description === 'string' && description !== '' ? description : undefined,
    serviceLinked: id.path?.startsWith('/aws-service-role/') || undefined,
  });
};

const user: Handler = (ctx, inst) => {
  const id = ctx.values.identityOf(inst);
  if (!claim(ctx, ctx.userByName, inst, id.arn as string)) return;
  const permissionsBoundary = boundary(ctx, inst);
  ctx.builder.users.set(id.arn as string, {
    path: id.path,
    policies: [],
    groups: [],
    ...(permissionsBoundary ? { permissionsBoundary } : {}),
    tags: tags(ctx, inst),
  });
};

const group: Handler = (ctx, inst) => {
  const id = ctx.values.identityOf(inst);
  if (claim(ctx, ctx.groupByName, inst, id.arn as string)) ctx.builder.groups.set(id.arn as string, { policies: [] });
};

const policy: Handler = (ctx, inst) => {
  const id = ctx.values.identityOf(inst);
  ctx.builder.arns[inst.address] = id.arn as string;
  ctx.builder.managedPolicies.set(id.arn as string, {
    name: id.name as string,
    document: doc(ctx, inst, 'policy', 'identity'),
  });
};

/** Tags, account and type of a resource; its own policy attribute (see the table), if set. */
function plain(type: string): Handler {
  return (ctx, inst) => {
    const arn = ctx.values.identityOf(inst).arn;
    if (!arn) return;
    ctx.builder.arns[inst.address] = arn;
    const r = ctx.builder.resource(arn, ctx.values.env.accountId, type || undefined);
    const t = tags(ctx, inst);
    if (t) r.tags = t;
    const row = Object.prototype.hasOwnProperty.call(TF_RESOURCE_POLICY_TYPES, inst.type)
      ? TF_RESOURCE_POLICY_TYPES[inst.type]
      : undefined;
    const attr = row?.policy;
    if (!row || !attr) return;
    // A policy attribute the provider computes (a new queue's `policy`) is unknown without being configured: nothing to import.
    const known = (typeof inst.values[attr] === 'string' && inst.values[attr] !== '') || isObject(inst.values[attr]);
    const configured = inst.unknown[attr] === true && member(inst.expressions, attr) !== undefined;
    if (!known && !configured) return;
    if (row.shared) ctx.builder.sharedPolicies.add(arn);
    ctx.builder.resourcePolicy(
      arn,
      doc(ctx, inst, attr, 'resource', inst.type === 'aws_api_gateway_rest_api' ? arn : undefined),
      'generic',
      ctx.values.env.accountId,
      valuePath(inst, attr),
    );
  };
}

const kmsKey: Handler = (ctx, inst) => {
  plain('kms:key')(ctx, inst);
  const arn = ctx.values.identityOf(inst).arn as string;
  const given = ctx.values.value(inst, 'policy');
  const configured = member(inst.expressions, 'policy') !== undefined;
  // Without a policy argument, KMS applies the default key policy (the account may use the key through IAM).
  const policy =
    !configured && (given === null || given === undefined || given === '')
      ? {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'Enable IAM User Permissions',
              Effect: 'Allow',
              Principal: { AWS: `arn:${ctx.values.env.partition}:iam::${ctx.values.env.accountId}:root` },
              Action: 'kms:*',
              Resource: '*',
            },
          ],
        }
      : doc(ctx, inst, 'policy', 'resource');
  ctx.builder.resourcePolicy(arn, policy, 'kms-key', ctx.values.env.accountId, valuePath(inst, 'policy'));
};

/** `aws_iam_{role,user,group}_policy`: an inline policy. */
function inlinePolicy(kind: 'role' | 'user' | 'group'): Handler {
  return (ctx, inst) => {
    const arn = entity(ctx, kind, ctx.values.text(inst, kind), valuePath(inst, kind));
    const target = arn ? record(ctx, kind, arn) : undefined;
    if (!target) return;
    const name = ctx.values.text(inst, 'name');
    target.policies.push({
      name: name && !hasPlaceholder(name) ? name : inst.address,
      document: doc(ctx, inst, 'policy', 'identity'),
    });
  };
}

/** `aws_iam_{role,user,group}_policy_attachment`. */
function attachment(kind: 'role' | 'user' | 'group'): Handler {
  return (ctx, inst) => {
    const arn = entity(ctx, kind, ctx.values.text(inst, kind), valuePath(inst, kind));
    const target = arn ? record(ctx, kind, arn) : undefined;
    if (!target) return;
    const policyArn = ctx.builder.managedRef(
      ctx.values.text(inst, 'policy_arn'),
      ctx.values.env.accountId,
      valuePath(inst, 'policy_arn'),
    );
    if (!target.policies.includes(policyArn)) target.policies.push(policyArn);
  };
}

/** `aws_iam_policy_attachment`: one policy, several users, roles and groups. */
const policyAttachment: Handler = (ctx, inst) => {
  const policyArn = ctx.builder.managedRef(
    ctx.values.text(inst, 'policy_arn'),
    ctx.values.env.accountId,
    valuePath(inst, 'policy_arn'),
  );
  for (const [attr, kind] of [
    ['roles', 'role'],
    ['users', 'user'],
    ['groups', 'group'],
  ] as const) {
    ctx.values.list(inst, attr).forEach((name, i) => {
      const arn = entity(ctx, kind, name, valuePath(inst, `${attr}[${i}]`));
      const target = arn ? record(ctx, kind, arn) : undefined;
      if (target && !target.policies.includes(policyArn)) target.policies.push(policyArn);
    });
  }
};

function join(ctx: PlanContext, userArn: string | undefined, groupArn: string | undefined): void {
  const u = userArn ? ctx.builder.users.get(userArn) : undefined;
  if (u && groupArn && !u.groups.includes(groupArn)) u.groups.push(groupArn);
}

const groupMembership: Handler = (ctx, inst) => {
  const g = entity(ctx, 'group', ctx.values.text(inst, 'group'), valuePath(inst, 'group'));
  ctx.values
    .list(inst, 'users')
    .forEach((u, i) => join(ctx, entity(ctx, 'user', u, valuePath(inst, `users[${i}]`)), g));
};

const userGroupMembership: Handler = (ctx, inst) => {
  const u = entity(ctx, 'user', ctx.values.text(inst, 'user'), valuePath(inst, 'user'));
  ctx.values
    .list(inst, 'groups')
    .forEach((g, i) => join(ctx, u, entity(ctx, 'group', g, valuePath(inst, `groups[${i}]`))));
};

const instanceProfile: Handler = (ctx, inst) => {
  const roleArn = entity(ctx, 'role', ctx.values.text(inst, 'role'), valuePath(inst, 'role'));
  const arn = ctx.values.identityOf(inst).arn;
  if (!roleArn || !arn) return;
  ctx.builder.arns[inst.address] = arn;
  ctx.builder.instanceProfiles.set(arn, { role: roleArn });
};

/** A resource policy attached by a separate resource (a row of the table whose target is another resource). */
function attachedPolicy(row: TfResourcePolicyType): Handler {
  return (ctx, inst) => {
    if (row.target === 'self') return;
    const { attr, what, fallback, arn: toArn } = row.target;
    const target = ctx.values.text(inst, attr) ?? fallback;
    const arn = target && !hasPlaceholder(target) ? toArn(target, ctx.values.env) : undefined;
    if (!arn) {
      ctx.issues.warn(
        target && !hasPlaceholder(target) ? 'invalid-target' : 'unresolved-target',
        valuePath(inst, attr),
        target && !hasPlaceholder(target)
          ? `${JSON.stringify(target)} is not a ${what}; the policy of ${inst.address} was skipped`
          : `the ${what} of ${inst.address} is not known offline; its policy was skipped`,
      );
      return;
    }
    ctx.builder.arns[inst.address] = arn;
    if (row.shared) ctx.builder.sharedPolicies.add(arn);
    if (row.append) {
      const statement = eventPermission(ctx, inst, arn);
      const checked = normalizeDocument(
        { Version: '2012-10-17', Statement: [statement] },
        { issues: ctx.issues, path: inst.path, type: 'resource', partition: ctx.values.env.partition },
      );
      ctx.builder.appendStatements(
        arn,
        Array.isArray(checked.Statement) ? (checked.Statement as Record<string, unknown>[]) : [],
        undefined,
      );
      return;
    }
    ctx.builder.resourcePolicy(
      arn,
      doc(ctx, inst, row.policy, 'resource', inst.type === 'aws_api_gateway_rest_api_policy' ? arn : undefined),
      row.kind ?? 'generic',
      row.kind === 'kms-key' ? ctx.values.env.accountId : undefined,
      inst.path,
    );
  };
}

/** The statement `aws_cloudwatch_event_permission` adds to a bus policy. */
function eventPermission(ctx: PlanContext, inst: TfInstance, arn: string): Record<string, unknown> {
  const principal = ctx.values.text(inst, 'principal') ?? '';
  const condition = ctx.values.value(inst, 'condition');
  const first = Array.isArray(condition) ? condition[0] : undefined;
  const statement: Record<string, unknown> = {
    Sid: ctx.values.text(inst, 'statement_id') ?? inst.name,
    Effect: 'Allow',
    Principal:
      principal === '*'
        ? '*'
        : /^\d{12}$/.test(principal)
          ? { AWS: `arn:${ctx.values.env.partition}:iam::${principal}:root` }
          : { AWS: principal },
    Action: ctx.values.text(inst, 'action') ?? 'events:PutEvents',
    Resource: arn,
  };
  if (isObject(first) && typeof first.type === 'string' && typeof first.key === 'string')
    statement.Condition = { [first.type]: { [first.key]: first.value } };
  return statement;
}

const lambdaPermission: Handler = (ctx, inst) => {
  const fn = ctx.values.text(inst, 'function_name');
  const qualifier = ctx.values.text(inst, 'qualifier');
  const base = fn && !hasPlaceholder(fn) ? functionArn(fn, ctx.values.env) : undefined;
  const arn = base && qualifier && !hasPlaceholder(qualifier) ? `${base}:${qualifier}` : base;
  const principal = ctx.values.text(inst, 'principal');
  const action = ctx.values.text(inst, 'action');
  if (!arn || !principal || !action) {
    ctx.issues.warn(
      'unresolved-target',
      inst.path,
      `the function, principal or action of ${inst.address} is not known offline; the permission was skipped`,
    );
    return;
  }
  const sid = ctx.values.text(inst, 'statement_id');
  const statement = {
    ...lambdaStatement(
      {
        sid: sid && !hasPlaceholder(sid) ? sid : inst.name,
        action,
        principal,
        sourceArn: ctx.values.text(inst, 'source_arn'),
        sourceAccount: ctx.values.text(inst, 'source_account'),
        principalOrgId: ctx.values.text(inst, 'principal_org_id'),
        functionUrlAuthType: ctx.values.text(inst, 'function_url_auth_type'),
        eventSourceToken: ctx.values.text(inst, 'event_source_token'),
      },
      ctx.values.env.partition,
    ),
    Resource: arn,
  };
  const checked = normalizeDocument(
    { Version: '2012-10-17', Statement: [statement] },
    { issues: ctx.issues, path: inst.path, type: 'resource', partition: ctx.values.env.partition },
  );
  ctx.builder.arns[inst.address] = arn;
  ctx.builder.appendStatements(
    arn,
    Array.isArray(checked.Statement) ? (checked.Statement as Record<string, unknown>[]) : [],
    undefined,
  );
};

/** Handlers that create entities; they run before {@link RELATIONS}. */
export const ENTITIES: Readonly<Record<string, Handler>> = {
  aws_iam_role: role,
  aws_iam_user: user,
  aws_iam_group: group,
  aws_iam_policy: policy,
  aws_kms_key: kmsKey,
  aws_lambda_function: plain('lambda:function'),
  aws_dynamodb_table: plain('dynamodb:table'),
  ...Object.fromEntries(
    Object.entries(TF_RESOURCE_POLICY_TYPES).flatMap(([type, row]) =>
      row.target === 'self' ? [[type, plain(row.resourceType ?? '')]] : [],
    ),
  ),
  ...NETWORK_ENTITIES,
};

/** Handlers that relate entities. */
export const RELATIONS: Readonly<Record<string, Handler>> = {
  aws_iam_role_policy: inlinePolicy('role'),
  aws_iam_user_policy: inlinePolicy('user'),
  aws_iam_group_policy: inlinePolicy('group'),
  aws_iam_role_policy_attachment: attachment('role'),
  aws_iam_user_policy_attachment: attachment('user'),
  aws_iam_group_policy_attachment: attachment('group'),
  aws_iam_policy_attachment: policyAttachment,
  aws_iam_group_membership: groupMembership,
  aws_iam_user_group_membership: userGroupMembership,
  aws_iam_instance_profile: instanceProfile,
  aws_lambda_permission: lambdaPermission,
  ...Object.fromEntries(
    Object.entries(TF_RESOURCE_POLICY_TYPES).flatMap(([type, row]) =>
      row.target === 'self' ? [] : [[type, attachedPolicy(row)]],
    ),
  ),
  ...NETWORK_RELATIONS,
};
