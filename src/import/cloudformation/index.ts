/**
 * `fromCloudFormation`: a CloudFormation template (JSON or YAML with short-form intrinsics; AWS CDK
 * output included) as a world. Intrinsics resolve against parameters, pseudo parameters, mappings,
 * conditions and logical ids; what cannot be resolved becomes a placeholder and is reported.
 */
import type { WorldInput } from '../../model/world.js';
import { joinPath, type Issue } from '../../policy/issues.js';
import { CLOUDFORMATION_TAGS } from '../cfn-yaml.js';
import { isObject, member, readInput } from '../input.js';
import { mergeWorlds } from '../merge.js';
import { hasPlaceholder } from '../placeholder.js';
import { environment, failed, ImportIssues, rankWarnings, type ImportOptions, type ImportResult } from '../result.js';
import { WorldBuilder } from '../world-builder.js';
import type { ResolvedResource, TemplateContext } from './context.js';
import * as iam from './iam.js';
import { Resolver, type ParameterValue, type PseudoParameters } from './intrinsics.js';
import { TemplateResources } from './references.js';
import { kmsKey, lambdaPermission, plainResource, resourcePolicyOf } from './resource-policies.js';
import { RESOURCE_POLICY_TYPES, UNMODELLED_POLICY_PROPERTIES } from './resource-policy-types.js';
import { holdsPolicy } from '../policy-like.js';
import { bucketPublicAccessBlock, vpcEndpoint } from './network-access.js';
import { RESOURCE_TYPES, SILENT_TYPES } from './types.js';
import { expandServerless, SAM_TRANSFORM, usesSam } from './sam/index.js';
import { checkArrayLength } from '../../policy/limits.js';
import { describeError } from '../../policy/json-tree.js';

/** Options of {@link fromCloudFormation}. */
export interface CloudFormationOptions extends ImportOptions {
  /** Parameter values; they override the template's defaults. */
  readonly parameters?: Readonly<Record<string, string | number | boolean | readonly string[]>>;
  /** `AWS::StackName` (default `stack`). */
  readonly stackName?: string;
  /** Values of `Fn::ImportValue` exports, by export name. */
  readonly imports?: Readonly<Record<string, string>>;
  /** Values of conditions that cannot (or should not) be evaluated from the parameters. */
  readonly conditions?: Readonly<Record<string, boolean>>;
}

type Handler = (ctx: TemplateContext, r: ResolvedResource) => void;

/** Handlers that create entities, run first; then those that relate them. */
const ENTITIES: Readonly<Record<string, Handler>> = {
  'AWS::IAM::Role': iam.role,
  'AWS::IAM::User': iam.user,
  'AWS::IAM::Group': iam.group,
  'AWS::IAM::ManagedPolicy': iam.managedPolicy,
  'AWS::KMS::Key': kmsKey,
  'AWS::EC2::VPCEndpoint': vpcEndpoint,
};
const RELATIONS: Readonly<Record<string, Handler>> = {
  'AWS::IAM::User': iam.userGroups,
  'AWS::IAM::ManagedPolicy': iam.managedPolicyAttachments,
  'AWS::IAM::Policy': iam.inlinePolicy,
  'AWS::IAM::UserToGroupAddition': iam.userToGroupAddition,
  'AWS::IAM::InstanceProfile': iam.instanceProfile,
  'AWS::IAM::RolePolicy': iam.entityPolicy('role'),
  'AWS::IAM::UserPolicy': iam.entityPolicy('user'),
  'AWS::IAM::GroupPolicy': iam.entityPolicy('group'),
  'AWS::Lambda::Permission': lambdaPermission,
  'AWS::S3::Bucket': bucketPublicAccessBlock,
};
/** Modelled types whose world record is only the resource (account, tags). */
const PLAIN = new Set([
  'AWS::S3::Bucket',
  'AWS::SQS::Queue',
  'AWS::SNS::Topic',
  'AWS::Lambda::Function',
  'AWS::Lambda::Alias',
  'AWS::DynamoDB::Table',
  'AWS::SecretsManager::Secret',
  'AWS::ECR::Repository',
  'AWS::Kinesis::Stream',
]);

/**
 * Imports a CloudFormation template (text or parsed value) as a world. Never throws.
 *
 * Physical names the template leaves to CloudFormation are the logical ids (lower-cased for
 * buckets and repositories); `arns` maps each logical id to the ARN used, and `exports` holds the
 * exported outputs (to pass as `imports` to the templates that import them). An array of
 * templates imports the stacks of one app in order, each importing the earlier ones' exports.
 *
 * @example
 * ```ts
 * import { createAuthorizer } from 'iam-verdict';
 * import { fromCloudFormation } from 'iam-verdict/import';
 *
 * const template = `
 * Resources:
 *   Reader:
 *     Type: AWS::IAM::Role
 *     Properties:
 *       AssumeRolePolicyDocument:
 *         Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
 *       Policies:
 *         - PolicyName: read
 *           PolicyDocument:
 *             Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: !Sub 'arn:aws:s3:::reports-\${AWS::AccountId}/*' }]
 * `;
 * const stack = fromCloudFormation(template, { accountId: '111111111111' });
 * if (!stack.ok) throw new Error(JSON.stringify(stack.errors));
 * console.log(stack.arns.Reader); // => arn:aws:iam::111111111111:role/Reader
 * const get = { principal: stack.arns.Reader ?? '', action: 's3:GetObject', resource: 'arn:aws:s3:::reports-111111111111/q1.csv' };
 * console.log(createAuthorizer(stack.world).authorize(get).decision); // => Allow
 * ```
 */
export function fromCloudFormation(input: unknown, options: CloudFormationOptions = {}): ImportResult {
  const issues = new ImportIssues();
  // A list of stacks is refused by its length before it is walked (issue #11).
  const tooMany = Array.isArray(input) ? checkArrayLength(input.length, 10_000) : undefined;
  if (tooMany) return (issues.error('input-too-large', '', tooMany), failed(issues));
  if (Array.isArray(input)) return importStacks(input, options);
  return oneTemplate(input, options, issues);
}

/** One template (never a list: a list nested in a list of stacks recursed once per level, issue #11). */
function oneTemplate(input: unknown, options: CloudFormationOptions, issues = new ImportIssues()): ImportResult {
  if (Array.isArray(input)) {
    issues.error('missing-resources', '', 'a list of stacks holds templates (objects), not lists');
    return failed(issues);
  }
  try {
    return importTemplate(input, options, issues);
  } catch (e) {
    issues.error('internal-error', '', `the template could not be imported: ${describeError(e)}`);
    return failed(issues);
  }
}

/**
 * Several templates (the stacks of one app, in deployment order): each may import what the
 * earlier ones export, and the worlds merge into one. Issue paths start with `[<template index>]`.
 */
function importStacks(inputs: readonly unknown[], options: CloudFormationOptions): ImportResult {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const worlds: WorldInput[] = [];
  const arns: Record<string, string> = {};
  let imports: Record<string, string> = { ...(options.imports ?? {}) };
  const at = (i: number, issues: readonly Issue[]) =>
    issues.map((x) => ({
      ...x,
      path: x.path === '' || x.path.startsWith('[') ? `[${i}]${x.path}` : `[${i}].${x.path}`,
    }));
  inputs.forEach((input, i) => {
    const r = oneTemplate(input, { ...options, imports });
    warnings.push(...at(i, r.warnings));
    if (!r.ok) {
      errors.push(...at(i, r.errors));
      return;
    }
    worlds.push(r.world);
    Object.assign(arns, r.arns);
    imports = { ...imports, ...(r.exports ?? {}) };
  });
  if (inputs.length === 0)
    errors.push({ severity: 'error', code: 'missing-input', path: '', message: 'no template was given' });
  if (errors.length > 0) return { ok: false, errors, warnings };
  const merged = mergeWorlds(worlds);
  if (!merged.ok) return { ok: false, errors: merged.errors, warnings: [...warnings, ...merged.warnings] };
  return {
    ok: true,
    world: merged.world,
    warnings: rankWarnings([...warnings, ...merged.warnings]),
    arns,
    exports: imports,
  };
}

function importTemplate(input: unknown, options: CloudFormationOptions, issues: ImportIssues): ImportResult {
  const template = readInput(input, issues, { what: 'template', yamlTags: CLOUDFORMATION_TAGS });
  if (template === undefined) return failed(issues);
  const declared = member(template, 'Resources');
  if (!isObject(template) || !isObject(declared)) {
    issues.error('missing-resources', 'Resources', 'a CloudFormation template is an object with a Resources section');
    return failed(issues);
  }
  const env = environment(options);
  const pseudo: PseudoParameters = {
    ...env,
    stackName: options.stackName ?? 'stack',
    urlSuffix: env.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
  };
  const transform = template.Transform;
  const sam = usesSam(transform);
  const others = (Array.isArray(transform) ? transform : transform === undefined ? [] : [transform]).filter(
    (t) => t !== SAM_TRANSFORM,
  );
  if (others.length > 0) {
    issues.warn(
      'transform',
      'Transform',
      `the template uses the transform${others.length === 1 ? '' : 's'} ${others.map((t) => JSON.stringify(t)).join(', ')}, which run${others.length === 1 ? 's' : ''} at deployment; what ${others.length === 1 ? 'it creates or changes is' : 'they create or change is'} not imported`,
    );
  }
  // The SAM transform is applied here (see ./sam): its resources become the ones SAM generates.
  const resources =
    sam || Object.values(declared).some((r) => String(member(r, 'Type')).startsWith('AWS::Serverless::'))
      ? expandServerless(declared, template.Globals, issues, env.partition)
      : declared;
  const refs = new TemplateResources(resources, pseudo, issues);
  const resolver = new Resolver({
    issues,
    pseudo,
    parameters: parameterValues(template.Parameters, options, issues),
    mappings: template.Mappings,
    conditions: template.Conditions,
    conditionOverrides: options.conditions ?? {},
    imports: options.imports ?? {},
    resources: refs,
  });
  refs.use(resolver);
  const builder = new WorldBuilder(issues, env.partition);
  builder.account(env.accountId);
  const ctx: TemplateContext = {
    builder,
    resolver,
    refs,
    issues,
    env: pseudo,
    roleByName: new Map(),
    userByName: new Map(),
    groupByName: new Map(),
  };

  const selected = selectResources(resources, resolver, issues, refs);
  const resolved = new Map<string, ResolvedResource>();
  const resolve = (id: string, type: string): ResolvedResource => {
    let r = resolved.get(id);
    if (!r) {
      const path = joinPath(joinPath('Resources', id), 'Properties');
      const props = resolver.resolve(member(member(resources, id), 'Properties') ?? {}, path);
      r = { id, type, props: isObject(props) ? props : {}, path };
      resolved.set(id, r);
    }
    return r;
  };
  for (const [id, type] of selected) {
    const handler = own(ENTITIES, type);
    if (handler) handler(ctx, resolve(id, type));
    else if (PLAIN.has(type) || own(RESOURCE_POLICY_TYPES, type)?.target === 'self')
      plainResource(ctx, resolve(id, type));
  }
  for (const [id, type] of selected) {
    const handler = own(RELATIONS, type);
    const policyType = own(RESOURCE_POLICY_TYPES, type);
    if (handler) handler(ctx, resolve(id, type));
    else if (policyType) resourcePolicyOf(ctx, resolve(id, type), policyType);
    else if (!own(ENTITIES, type) && !PLAIN.has(type) && !SILENT_TYPES.has(type)) unsupported(ctx, id, type, resources);
  }
  builder.resolveManagedPolicies(options.managedPolicies);
  const exports = exportedOutputs(template.Outputs, resolver);
  if (issues.errors.length > 0) return failed(issues);
  return { ok: true, world: builder.build(), warnings: rankWarnings(issues.warnings), arns: builder.arns, exports };
}

/**
 * Reports a resource that is not imported; a policy it carries is named, since dropping a policy
 * can change decisions.
 */
function unsupported(ctx: TemplateContext, id: string, type: string, resources: Record<string, unknown>): void {
  const path = joinPath('Resources', id);
  const props = member(member(resources, id), 'Properties');
  const known = own(UNMODELLED_POLICY_PROPERTIES, type);
  const policyProps = isObject(props)
    ? Object.keys(props).filter(
        (k) =>
          (k === known && props[k] !== undefined) ||
          (/Polic(y|ies)|Permissions?Document/.test(k) && holdsPolicy(k, props[k])),
      )
    : [];
  if (policyProps.length > 0) {
    ctx.issues.warn(
      'unmodelled-resource-policy',
      joinPath(path, 'Properties'),
      `${type} is not imported: the policy in ${policyProps.map((p) => `${id}.${p}`).join(', ')} was dropped, so requests it would allow or deny are decided without it`,
    );
    return;
  }
  const modelled = Object.prototype.hasOwnProperty.call(RESOURCE_TYPES, type)
    ? ' (only its name and ARN are modelled)'
    : '';
  ctx.issues.warn('unsupported-resource', path, `${type} is not imported${modelled}; skipped`);
}

/** The template's exported outputs (`Export.Name` → value) that resolve offline. */
function exportedOutputs(outputs: unknown, resolver: Resolver): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(outputs)) return out;
  for (const [id, o] of Object.entries(outputs)) {
    const exported = member(o, 'Export');
    if (exported === undefined) continue;
    const path = joinPath('Outputs', id);
    const name = resolver.string(member(exported, 'Name'), joinPath(joinPath(path, 'Export'), 'Name'));
    const value = resolver.string(member(o, 'Value'), joinPath(path, 'Value'));
    if (name !== undefined && value !== undefined && !hasPlaceholder(name) && !hasPlaceholder(value)) out[name] = value;
  }
  return out;
}

function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** The resources that exist (their `Condition` is true), with their types. */
function selectResources(
  resources: Record<string, unknown>,
  resolver: Resolver,
  issues: ImportIssues,
  refs: TemplateResources,
): [string, string][] {
  const out: [string, string][] = [];
  for (const [id, r] of Object.entries(resources)) {
    const path = joinPath('Resources', id);
    const type = member(r, 'Type');
    if (typeof type !== 'string') {
      issues.warn('invalid-resource', path, 'a resource needs a Type; skipped');
      continue;
    }
    const condition = member(r, 'Condition');
    if (typeof condition === 'string') {
      const c = resolver.condition(condition, joinPath(path, 'Condition'));
      if (c !== true) refs.drop(id);
      if (c === false) continue;
      if (c === undefined) {
        issues.warn(
          'unknown-condition',
          joinPath(path, 'Condition'),
          `${id} depends on the condition ${condition}, which cannot be evaluated; skipped`,
        );
        continue;
      }
    }
    out.push([id, type]);
  }
  return out;
}

/** Parameter values: the caller's, else the template's defaults; lists for list types. */
function parameterValues(
  declared: unknown,
  options: CloudFormationOptions,
  issues: ImportIssues,
): Map<string, ParameterValue> {
  const values = new Map<string, ParameterValue>();
  const given = options.parameters ?? {};
  for (const [name, v] of Object.entries(given)) {
    if (!isObject(declared) || !Object.prototype.hasOwnProperty.call(declared, name)) {
      issues.warn('unknown-parameter', joinPath('Parameters', name), `the template declares no parameter ${name}`);
    }
    values.set(name, Array.isArray(v) ? v.map(String) : String(v));
  }
  if (!isObject(declared)) return values;
  for (const [name, p] of Object.entries(declared)) {
    const type = String(member(p, 'Type') ?? 'String');
    const isList = type.startsWith('List<') || type === 'CommaDelimitedList';
    const current = values.get(name);
    if (current !== undefined) {
      if (isList && typeof current === 'string') values.set(name, current.split(','));
      continue;
    }
    // An SSM parameter type's default is the SSM parameter's name, not its value.
    const fallback = type.startsWith('AWS::SSM::Parameter::') ? undefined : member(p, 'Default');
    if (fallback === undefined || fallback === null || typeof fallback === 'object') continue;
    values.set(name, isList ? String(fallback).split(',') : String(fallback));
  }
  return values;
}
