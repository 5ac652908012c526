/**
 * The `Policies` property of SAM functions and state machines: managed policy names and ARNs,
 * inline policy documents and SAM policy templates, turned into the `ManagedPolicyArns` and
 * `Policies` of the role SAM generates. Values stay unresolved (intrinsics included); the
 * CloudFormation importer resolves them with the rest of the template.
 */
import { joinPath } from '../../../policy/issues.js';
import { isObject } from '../../input.js';
import type { ImportIssues } from '../../result.js';
import MANAGED_PATHS from './managed-policy-paths.json';
import TEMPLATES from './policy-templates.json';

interface PolicyTemplate {
  readonly Definition: { readonly Statement: unknown };
  readonly Parameters: Readonly<Record<string, unknown>>;
}

const templates = (TEMPLATES as { Templates: Record<string, PolicyTemplate> }).Templates;
const paths = MANAGED_PATHS as Record<string, string>;

function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** Whether an object is an intrinsic function (`{ Ref }`, `{ Fn::… }`). */
export function isIntrinsic(v: unknown): v is Record<string, unknown> {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || (keys[0] as string).startsWith('Fn::'));
}

/** The ARN SAM gives an AWS managed policy named by its name (`AmazonS3ReadOnlyAccess`). */
export function awsManagedPolicyArn(name: string): unknown {
  if (name.startsWith('arn:')) return name;
  const path = own(paths, name) ?? name;
  return { 'Fn::Sub': `arn:\${AWS::Partition}:iam::aws:policy/${path}` };
}

/** What `Policies` adds to a generated role. */
export interface RolePolicies {
  readonly managed: unknown[];
  readonly inline: { PolicyName: string; PolicyDocument: unknown }[];
}

/** Replaces `{ Ref: <template parameter> }` by the value given for it. */
function substitute(value: unknown, params: Readonly<Record<string, unknown>>, depth = 0): unknown {
  if (depth > 64) return value;
  if (Array.isArray(value)) return value.map((v) => substitute(v, params, depth + 1));
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (
    keys.length === 1 &&
    keys[0] === 'Ref' &&
    typeof value.Ref === 'string' &&
    Object.prototype.hasOwnProperty.call(params, value.Ref)
  )
    return params[value.Ref];
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = substitute(value[k], params, depth + 1);
  return out;
}

/** The nearest template name, for a did-you-mean. */
function nearest(name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(templates).find(
    (t) => t.toLowerCase() === lower || t.toLowerCase().startsWith(lower.slice(0, Math.max(6, lower.length - 6))),
  );
}

/** Expands one policy template into a policy document; `undefined` (reported) when it cannot. */
export function policyTemplate(
  name: string,
  args: unknown,
  path: string,
  issues: ImportIssues,
): { Statement: unknown } | undefined {
  const template = own(templates, name);
  if (!template) return undefined;
  const params = isObject(args) ? args : {};
  if (!isObject(args) && args !== null && args !== undefined) {
    issues.warn(
      'sam-invalid-policy-template',
      path,
      `the policy template ${name} takes an object of parameters; it was skipped`,
    );
    return undefined;
  }
  const missing = Object.keys(template.Parameters).filter((p) => !Object.prototype.hasOwnProperty.call(params, p));
  if (missing.length > 0) {
    issues.warn(
      'sam-invalid-policy-template',
      path,
      `the policy template ${name} needs the parameter${missing.length === 1 ? '' : 's'} ${missing.join(', ')}; it was skipped (SAM rejects the template)`,
    );
    return undefined;
  }
  return { Statement: substitute(template.Definition.Statement, params) };
}

/**
 * The managed policies and inline policies of a `Policies` property, as SAM's role constructor
 * builds them: inline policies are named `<role logical id>Policy<index>`.
 */
export function rolePolicies(raw: unknown, roleId: string, path: string, issues: ImportIssues): RolePolicies {
  const out: RolePolicies = { managed: [], inline: [] };
  if (raw === undefined || raw === null) return out;
  const list = Array.isArray(raw) ? raw : [raw];
  const single = !Array.isArray(raw);
  list.forEach((p, i) => {
    const at = single ? path : joinPath(path, i);
    const inline = (document: unknown) =>
      out.inline.push({ PolicyName: `${roleId}Policy${i}`, PolicyDocument: document });
    if (typeof p === 'string') {
      const arn = awsManagedPolicyArn(p);
      if (!out.managed.some((m) => JSON.stringify(m) === JSON.stringify(arn))) out.managed.push(arn);
      return;
    }
    if (!isObject(p)) {
      issues.warn(
        'sam-invalid-policy',
        at,
        `a SAM policy is a managed policy name or ARN, a policy document or a policy template, not ${Array.isArray(p) ? 'a list' : typeof p}; it was skipped`,
      );
      return;
    }
    if (Object.prototype.hasOwnProperty.call(p, 'Statement')) return void inline(p);
    const fnIf = p['Fn::If'];
    if (
      Array.isArray(fnIf) &&
      fnIf.length === 3 &&
      ((isObject(fnIf[1]) && 'Statement' in fnIf[1]) || (isObject(fnIf[2]) && 'Statement' in fnIf[2]))
    )
      return void inline(p);
    if (isIntrinsic(p)) return void out.managed.push(p);
    const keys = Object.keys(p);
    const name = keys.length === 1 ? (keys[0] as string) : undefined;
    const document = name === undefined ? undefined : policyTemplate(name, p[name], joinPath(at, name), issues);
    if (document) return void inline(document);
    if (name !== undefined && own(templates, name)) return; // reported by policyTemplate
    const guess = name === undefined ? undefined : nearest(name);
    issues.warn(
      'sam-unknown-policy',
      at,
      `${name === undefined ? 'this policy' : `the policy ${name}`} is neither a policy document nor a SAM policy template${guess ? ` (did you mean ${guess}?)` : ''}; it was skipped`,
    );
  });
  return out;
}
