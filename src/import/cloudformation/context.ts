/**
 * What the CloudFormation resource handlers share while one template is imported.
 */
import { joinPath } from '../../policy/issues.js';
import type { PolicyType } from '../../policy/ast.js';
import { isObject } from '../input.js';
import { hasPlaceholder } from '../placeholder.js';
import { normalizeDocument } from '../policy-document.js';
import type { ImportIssues } from '../result.js';
import type { ImportedPolicy, WorldBuilder } from '../world-builder.js';
import type { PseudoParameters, Resolver } from './intrinsics.js';
import type { TemplateResources } from './references.js';

/** One template being imported. */
export interface TemplateContext {
  readonly builder: WorldBuilder;
  readonly resolver: Resolver;
  readonly refs: TemplateResources;
  readonly issues: ImportIssues;
  readonly env: PseudoParameters;
  /** IAM entity name → ARN, for the entities the template defines. */
  readonly roleByName: Map<string, string>;
  readonly userByName: Map<string, string>;
  readonly groupByName: Map<string, string>;
}

/** A resource with its properties already resolved. */
export interface ResolvedResource {
  readonly id: string;
  readonly type: string;
  readonly props: Record<string, unknown>;
  /** `Resources.<id>.Properties` */
  readonly path: string;
}

/** Path of a property. */
export function propPath(r: ResolvedResource, ...members: (string | number)[]): string {
  return members.reduce<string>((p, m) => joinPath(p, m), r.path);
}

/** A normalised policy document from a property. */
export function documentProp(
  ctx: TemplateContext,
  r: ResolvedResource,
  prop: string,
  type: PolicyType,
): Record<string, unknown> {
  return normalizeDocument(r.props[prop], {
    issues: ctx.issues,
    path: propPath(r, prop),
    type,
    partition: ctx.env.partition,
  });
}

/** A list property (a single value counts as a list of one; absent is empty). */
export function listProp(r: ResolvedResource, prop: string): unknown[] {
  const v = r.props[prop];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The inline policies of `Policies: [{ PolicyName, PolicyDocument }]`. */
export function inlinePolicies(ctx: TemplateContext, r: ResolvedResource): ImportedPolicy[] {
  const out: ImportedPolicy[] = [];
  listProp(r, 'Policies').forEach((p, i) => {
    const path = propPath(r, 'Policies', i);
    if (!isObject(p) || typeof p.PolicyName !== 'string') {
      ctx.issues.warn('invalid-inline-policy', path, 'an inline policy needs PolicyName and PolicyDocument; skipped');
      return;
    }
    const document = normalizeDocument(p.PolicyDocument, {
      issues: ctx.issues,
      path: joinPath(path, 'PolicyDocument'),
      type: 'identity',
      partition: ctx.env.partition,
    });
    out.push({ name: p.PolicyName, document });
  });
  return out;
}

/** The managed policies of `ManagedPolicyArns`. */
export function managedArns(ctx: TemplateContext, r: ResolvedResource): string[] {
  return listProp(r, 'ManagedPolicyArns').map((arn, i) =>
    ctx.builder.managedRef(arn, ctx.env.accountId, propPath(r, 'ManagedPolicyArns', i)),
  );
}

/** The permissions boundary of `PermissionsBoundary`, if any. */
export function boundary(ctx: TemplateContext, r: ResolvedResource): string | undefined {
  const b = r.props.PermissionsBoundary;
  return b === undefined ? undefined : ctx.builder.managedRef(b, ctx.env.accountId, propPath(r, 'PermissionsBoundary'));
}

/** Tags as a list of `{ Key, Value }` or as a map. */
export function tagsOf(raw: unknown): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (const t of raw)
      if (isObject(t) && typeof t.Key === 'string' && t.Value !== undefined && t.Value !== null)
        out[t.Key] = String(t.Value);
  } else if (isObject(raw)) {
    for (const [k, v] of Object.entries(raw))
      if (v !== undefined && v !== null && typeof v !== 'object') out[k] = String(v);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The ARN of an IAM entity named in a property (`Roles`, `Users`, `Groups`, `GroupName`), when the
 * template defines it; otherwise reported and `undefined`.
 */
export function entityArn(
  ctx: TemplateContext,
  kind: 'role' | 'user' | 'group',
  name: unknown,
  path: string,
  dropped = 'this attachment',
): string | undefined {
  const table = kind === 'role' ? ctx.roleByName : kind === 'user' ? ctx.userByName : ctx.groupByName;
  if (typeof name !== 'string') {
    ctx.issues.warn(`invalid-${kind}`, path, `expected the name of a ${kind}; ${dropped} was skipped`);
    return undefined;
  }
  const byArn = name.startsWith('arn:') ? name.slice(name.lastIndexOf('/') + 1) : name;
  const arn = table.get(byArn);
  if (arn) return arn;
  const why = hasPlaceholder(name) ? 'is not known offline' : `is not defined in this template`;
  ctx.issues.warn(`external-${kind}`, path, `the ${kind} ${byArn} ${why}; ${dropped} was skipped`);
  return undefined;
}
