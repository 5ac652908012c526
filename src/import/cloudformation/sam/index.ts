/**
 * The SAM transform (`Transform: AWS::Serverless-2016-10-31`), as far as it matters for IAM: each
 * `AWS::Serverless::*` resource becomes the CloudFormation resources SAM generates — a function
 * and its execution role `<LogicalId>Role` (with the managed policies SAM adds, `Policies`,
 * policy templates and `PermissionsBoundary`), Lambda permissions for push events, state
 * machines and their roles, tables, APIs and connectors — with `Globals` merged in first. The
 * output is an unresolved `Resources` section: intrinsics are resolved later with the rest of the
 * template, so `!Ref FnRole` and `!GetAtt FnRole.Arn` resolve like any other reference.
 */
import { joinPath } from '../../../policy/issues.js';
import { isObject, member } from '../../input.js';
import type { ImportIssues } from '../../result.js';
import { connector } from './connector.js';
import { destinationPolicy, functionEvents, managedArn, stateMachineEvents } from './events.js';
import { rolePolicies } from './policies.js';
import type { SamContext, SamResource } from './context.js';

/** The transform's name. */
export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

type Resources = Record<string, unknown>;

/** Whether a template's `Transform` names the SAM transform. */
export function usesSam(transform: unknown): boolean {
  return transform === SAM_TRANSFORM || (Array.isArray(transform) && transform.includes(SAM_TRANSFORM));
}

/** The resources of a SAM template after the transform. Never throws. */
export function expandServerless(
  resources: Readonly<Resources>,
  globals: unknown,
  issues: ImportIssues,
  partition = 'aws',
): Resources {
  const out: Resources = {};
  const aliases = new Map<string, string>();
  const ctx: SamContext = { issues, original: resources, out, partition, aliases };
  for (const [id, r] of Object.entries(resources)) {
    const type = member(r, 'Type');
    if (typeof type !== 'string' || !type.startsWith('AWS::Serverless::') || !isObject(r)) {
      if (!Object.prototype.hasOwnProperty.call(out, id)) out[id] = r;
      continue;
    }
    const kind = type.slice('AWS::Serverless::'.length);
    const section = member(globals, kind);
    const props = withGlobals(section, isObject(r.Properties) ? r.Properties : {});
    const path = joinPath(joinPath('Resources', id), 'Properties');
    const base = { ...(typeof r.Condition === 'string' ? { Condition: r.Condition } : {}) };
    const expand = Object.prototype.hasOwnProperty.call(EXPANSIONS, kind) ? EXPANSIONS[kind] : undefined;
    if (expand) expand(ctx, { id, props, path, base });
    else if (kind !== 'LayerVersion')
      issues.warn(
        'sam-unsupported',
        joinPath('Resources', id),
        `${type} is not expanded (it creates no IAM the importer models); skipped`,
      );
  }
  // A resource of the template and one SAM generates with the same logical id (SAM rejects this).
  for (const [id, r] of Object.entries(resources)) {
    const type = member(r, 'Type');
    if (typeof type === 'string' && !type.startsWith('AWS::Serverless::') && out[id] !== r) {
      issues.warn(
        'duplicate-name',
        joinPath('Resources', id),
        `${id} is both a resource of the template and one SAM generates (SAM rejects the template); the generated one is used`,
      );
    }
  }
  // `!Ref Fn.Alias` and `!Ref Fn.Version` name the alias and version SAM generates for Fn.
  const functions = new Set(
    Object.entries(resources)
      .filter(([, r]) => member(r, 'Type') === 'AWS::Serverless::Function')
      .map(([id]) => id),
  );
  if (functions.size > 0) for (const id of Object.keys(out)) out[id] = samReferences(out[id], functions, aliases, 0);
  return out;
}

/**
 * Rewrites SAM's references to generated resources, `{ Ref: "Fn.Alias" }` and `{ Ref: "Fn.Version" }`
 * (also inside `Fn::Sub` text), to the logical ids SAM gives them. Returns the value itself when
 * nothing changes.
 */
function samReferences(
  value: unknown,
  functions: ReadonlySet<string>,
  aliases: ReadonlyMap<string, string>,
  depth: number,
): unknown {
  if (depth > 64) return value;
  const target = (ref: string): string | undefined => {
    const m = /^([A-Za-z0-9]+)\.(Alias|Version)$/.exec(ref);
    if (!m || !functions.has(m[1] as string)) return undefined;
    return m[2] === 'Alias' ? aliases.get(m[1] as string) : `${m[1]}Version`;
  };
  if (Array.isArray(value)) {
    const items = value.map((v) => samReferences(v, functions, aliases, depth + 1));
    return items.some((v, i) => v !== value[i]) ? items : value;
  }
  if (!isObject(value)) return value;
  if (typeof value.Ref === 'string' && Object.keys(value).length === 1) {
    const t = target(value.Ref);
    return t ? { Ref: t } : value;
  }
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    let nv = samReferences(v, functions, aliases, depth + 1);
    if (k === 'Fn::Sub') {
      const text = Array.isArray(nv) ? nv[0] : nv;
      if (typeof text === 'string') {
        const replaced = text.replace(/\$\{([A-Za-z0-9]+\.(?:Alias|Version))\}/g, (all, ref: string) => {
          const t = target(ref);
          return t ? `\${${t}}` : all;
        });
        if (replaced !== text) nv = Array.isArray(nv) ? [replaced, ...nv.slice(1)] : replaced;
      }
    }
    if (nv !== v) changed = true;
    out[k] = nv;
  }
  return changed ? out : value;
}

/**
 * `Globals.<Kind>` merged into a resource's properties as SAM merges them: the resource's own
 * value wins; maps merge key by key; lists are concatenated, the global items first.
 */
export function withGlobals(globals: unknown, props: Record<string, unknown>): Record<string, unknown> {
  if (!isObject(globals)) return props;
  return merge(globals, props, 0) as Record<string, unknown>;
}

function merge(global: unknown, local: unknown, depth: number): unknown {
  if (local === undefined) return global;
  if (depth > 32) return local;
  if (Array.isArray(global) && Array.isArray(local)) return [...global, ...local];
  if (isObject(global) && isObject(local) && !intrinsic(global) && !intrinsic(local)) {
    const out: Record<string, unknown> = { ...global };
    for (const [k, v] of Object.entries(local)) out[k] = merge(global[k], v, depth + 1);
    return out;
  }
  return local;
}

function intrinsic(v: Record<string, unknown>): boolean {
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || (keys[0] as string).startsWith('Fn::'));
}

const EXPANSIONS: Readonly<Record<string, (ctx: SamContext, r: SamResource) => void>> = {
  Function: serverlessFunction,
  StateMachine: stateMachine,
  SimpleTable: (ctx, r) => {
    ctx.out[r.id] = {
      ...r.base,
      Type: 'AWS::DynamoDB::Table',
      Properties: pick(r.props, { TableName: 'TableName', Tags: 'Tags' }),
    };
  },
  Api: (ctx, r) => restApi(ctx, r.id, r.props, r.path, r.base),
  HttpApi: (ctx, r) => {
    ctx.out[r.id] = { ...r.base, Type: 'AWS::ApiGatewayV2::Api', Properties: pick(r.props, { Name: 'Name' }) };
  },
  Connector: connector,
};

function pick(props: Record<string, unknown>, names: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [from, to] of Object.entries(names)) if (props[from] !== undefined) out[to] = props[from];
  return out;
}

/** The trust policy of a role a service assumes. */
function trust(service: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: [service] }, Action: ['sts:AssumeRole'] }],
  };
}

/** SAM's X-Ray policy: the older name in `aws`, the newer elsewhere. */
const xrayPolicy = (partition: string) => (partition === 'aws' ? 'AWSXrayWriteOnlyAccess' : 'AWSXRayDaemonWriteAccess');

/** The tags SAM puts on a function and its role: the template's, plus `lambda:createdBy`. */
function samTags(tags: unknown): Record<string, unknown> {
  return { ...(isObject(tags) && !intrinsic(tags) ? tags : {}), 'lambda:createdBy': 'SAM' };
}

/** `AWS::Serverless::Function` */
function serverlessFunction(ctx: SamContext, r: SamResource): void {
  const { id, props, path, base } = r;
  const roleId = `${id}Role`;
  const generated = props.Role === undefined;
  ctx.out[id] = {
    ...base,
    Type: 'AWS::Lambda::Function',
    Properties: {
      ...pick(props, { FunctionName: 'FunctionName' }),
      Role: generated ? { 'Fn::GetAtt': [roleId, 'Arn'] } : props.Role,
      Tags: samTags(props.Tags),
    },
  };
  const managed: unknown[] = [
    managedArn(
      props.DurableConfig !== undefined
        ? 'service-role/AWSLambdaBasicDurableExecutionRolePolicy'
        : 'service-role/AWSLambdaBasicExecutionRole',
    ),
  ];
  // SAM adds the X-Ray policy unless Tracing is literally Disabled.
  if (props.Tracing !== undefined && props.Tracing !== null && props.Tracing !== 'Disabled')
    managed.push(managedArn(xrayPolicy(ctx.partition)));
  if (props.VpcConfig !== undefined && props.VpcConfig !== null)
    managed.push(managedArn('service-role/AWSLambdaVPCAccessExecutionRole'));
  const inline: { PolicyName: string; PolicyDocument: unknown }[] = [];
  const dlq = props.DeadLetterQueue;
  if (isObject(dlq) && dlq.TargetArn !== undefined) {
    const action = dlq.Type === 'SNS' ? 'sns:Publish' : dlq.Type === 'SQS' ? 'sqs:SendMessage' : undefined;
    if (action)
      inline.push({
        PolicyName: `${roleId}DeadLetterQueuePolicy`,
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: action, Resource: dlq.TargetArn }],
        },
      });
    else
      ctx.issues.warn(
        'sam-invalid-property',
        joinPath(path, 'DeadLetterQueue'),
        'DeadLetterQueue.Type is SQS or SNS; the dead-letter queue permission was skipped',
      );
  }
  const target = publishedAlias(ctx, r) ?? { name: { Ref: id }, arn: { 'Fn::GetAtt': [id, 'Arn'] } };
  const addInline = (policy: { PolicyName: string; PolicyDocument: unknown }) => {
    if (!inline.some((p) => JSON.stringify(p.PolicyDocument) === JSON.stringify(policy.PolicyDocument)))
      inline.push(policy);
  };
  functionEvents(ctx, r, target, {
    addManaged: (policy) => {
      if (!managed.some((m) => JSON.stringify(m) === JSON.stringify(policy))) managed.push(policy);
    },
    addInline,
  });
  functionUrl(ctx, r, target);
  eventInvokeDestinations(ctx, r, addInline);
  if (!generated) {
    for (const prop of ['Policies', 'PermissionsBoundary', 'AssumeRolePolicyDocument'] as const) {
      if (props[prop] !== undefined)
        ctx.issues.warn(
          'sam-ignored-property',
          joinPath(path, prop),
          `${prop} applies only to the role SAM generates; the function names its own Role, so it was ignored`,
        );
    }
    return;
  }
  const policies = rolePolicies(props.Policies, roleId, joinPath(path, 'Policies'), ctx.issues);
  for (const m of policies.managed) if (!managed.some((x) => JSON.stringify(x) === JSON.stringify(m))) managed.push(m);
  ctx.out[roleId] = {
    ...base,
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: props.AssumeRolePolicyDocument ?? trust('lambda.amazonaws.com'),
      ManagedPolicyArns: managed,
      Policies: [...policies.inline, ...inline],
      ...(props.PermissionsBoundary !== undefined ? { PermissionsBoundary: props.PermissionsBoundary } : {}),
      ...(props.RolePath !== undefined ? { Path: props.RolePath } : {}),
      Tags: samTags(props.Tags),
    },
  };
}

/**
 * `AutoPublishAlias`: SAM publishes a version `<Function>Version<hash>` and points the alias
 * `<Function>Alias<Name>` (`-` → `D`, `_` → `U`) at it, and connects every event source to the
 * alias, so their permissions are on the alias ARN (`function:<name>:<alias>`), not the function.
 * The version's hash depends on the deployed code; `<Function>Version` stands for it.
 * Returns what event sources refer to, or `undefined` without an alias.
 */
function publishedAlias(ctx: SamContext, r: SamResource): { name: unknown; arn: unknown } | undefined {
  const alias = r.props.AutoPublishAlias;
  if (alias === undefined || alias === null) return undefined;
  const at = joinPath(r.path, 'AutoPublishAlias');
  if (typeof alias !== 'string' || !/^[A-Za-z0-9_-]+$/.test(alias) || /^\d+$/.test(alias)) {
    ctx.issues.warn(
      'sam-invalid-property',
      at,
      typeof alias === 'string'
        ? `the alias name ${JSON.stringify(alias)} is not one SAM accepts (letters, digits, - and _, not only digits); no alias was generated`
        : 'AutoPublishAlias is not a literal name (a parameter reference is resolved by SAM at deployment); no alias was generated and event permissions are on the function',
    );
    return undefined;
  }
  const aliasId = aliasLogicalId(r.id, alias);
  ctx.aliases?.set(r.id, aliasId);
  const versionId = `${r.id}Version`;
  ctx.out[versionId] = { ...r.base, Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: r.id } } };
  // FunctionVersion (`!GetAtt <Function>Version.Version`) is left out: the number is assigned at deployment.
  ctx.out[aliasId] = {
    ...r.base,
    Type: 'AWS::Lambda::Alias',
    Properties: { Name: alias, FunctionName: { Ref: r.id } },
  };
  return { name: { Ref: aliasId }, arn: { Ref: aliasId } };
}

/** The logical id SAM gives the alias of `AutoPublishAlias`. */
function aliasLogicalId(functionId: string, alias: string): string {
  return `${functionId}Alias${alias.replace(/-/g, 'D').replace(/_/g, 'U')}`;
}

/**
 * `FunctionUrlConfig` with `AuthType: NONE`: SAM adds the two public permissions a function URL
 * without IAM auth needs (`lambda:InvokeFunctionUrl`, and `lambda:InvokeFunction` only via the URL).
 */
function functionUrl(ctx: SamContext, r: SamResource, target: { name: unknown }): void {
  const config = r.props.FunctionUrlConfig;
  if (!isObject(config) || config.AuthType !== 'NONE') return;
  const fn = target.name;
  ctx.out[`${r.id}UrlPublicPermissions`] = {
    ...r.base,
    Type: 'AWS::Lambda::Permission',
    Properties: { Action: 'lambda:InvokeFunctionUrl', FunctionName: fn, Principal: '*', FunctionUrlAuthType: 'NONE' },
  };
  ctx.out[`${r.id}URLInvokeAllowPublicAccess`] = {
    ...r.base,
    Type: 'AWS::Lambda::Permission',
    Properties: { Action: 'lambda:InvokeFunction', FunctionName: fn, Principal: '*', InvokedViaFunctionUrl: true },
  };
}

/**
 * `EventInvokeConfig.DestinationConfig.OnSuccess` / `OnFailure`: the generated role may send to the
 * destination; an SQS or SNS destination without `Destination` is created by SAM
 * (`<Function>EventInvokeConfig<OnSuccess|OnFailure>Queue` / `…Topic`).
 */
function eventInvokeDestinations(
  ctx: SamContext,
  r: SamResource,
  addInline: (policy: { PolicyName: string; PolicyDocument: unknown }) => void,
): void {
  const config = member(member(r.props, 'EventInvokeConfig'), 'DestinationConfig');
  for (const on of ['OnSuccess', 'OnFailure'] as const) {
    const dest = member(config, on);
    if (!isObject(dest)) continue;
    const id = `${r.id}EventInvokeConfig${on}`;
    let arn = dest.Destination;
    if (arn === undefined && dest.Type === 'SQS') {
      ctx.out[`${id}Queue`] = { ...r.base, Type: 'AWS::SQS::Queue', Properties: {} };
      arn = { 'Fn::GetAtt': [`${id}Queue`, 'Arn'] };
    } else if (arn === undefined && dest.Type === 'SNS') {
      ctx.out[`${id}Topic`] = { ...r.base, Type: 'AWS::SNS::Topic', Properties: {} };
      arn = { Ref: `${id}Topic` };
    }
    const policy = arn === undefined ? undefined : destinationPolicy(dest.Type, arn, id);
    if (policy) addInline(policy);
    else
      ctx.issues.warn(
        'sam-invalid-property',
        joinPath(joinPath(joinPath(r.path, 'EventInvokeConfig'), 'DestinationConfig'), on),
        `${on} needs a Type of SQS, SNS, S3Bucket, EventBridge or Lambda (and a Destination unless SQS or SNS); its role policy was skipped`,
      );
  }
}

/** `AWS::Serverless::StateMachine` */
function stateMachine(ctx: SamContext, r: SamResource): void {
  const { id, props, path, base } = r;
  const roleId = `${id}Role`;
  const generated = props.Role === undefined;
  ctx.out[id] = {
    ...base,
    Type: 'AWS::StepFunctions::StateMachine',
    Properties: {
      ...pick(props, { Name: 'StateMachineName' }),
      RoleArn: generated ? { 'Fn::GetAtt': [roleId, 'Arn'] } : props.Role,
    },
  };
  stateMachineEvents(ctx, r);
  if (!generated) return;
  const policies = rolePolicies(props.Policies, roleId, joinPath(path, 'Policies'), ctx.issues);
  const managed = [...policies.managed];
  if (props.Tracing !== undefined && isObject(props.Tracing) && props.Tracing.Enabled === true)
    managed.push(managedArn(xrayPolicy(ctx.partition)));
  ctx.out[roleId] = {
    ...base,
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: trust('states.amazonaws.com'),
      ManagedPolicyArns: managed,
      Policies: policies.inline,
      ...(props.PermissionsBoundary !== undefined ? { PermissionsBoundary: props.PermissionsBoundary } : {}),
      ...(props.RolePath !== undefined ? { Path: props.RolePath } : {}),
      Tags: samTags(props.Tags),
    },
  };
}

/** `AWS::Serverless::Api` → `AWS::ApiGateway::RestApi`; `Auth.ResourcePolicy.CustomStatements` become its policy. */
function restApi(
  ctx: SamContext,
  id: string,
  props: Record<string, unknown>,
  path: string,
  base: Readonly<Record<string, unknown>>,
): void {
  const resourcePolicy = member(member(props, 'Auth'), 'ResourcePolicy');
  const properties: Record<string, unknown> = pick(props, { Name: 'Name' });
  if (isObject(resourcePolicy)) {
    const custom = resourcePolicy.CustomStatements;
    if (custom !== undefined)
      properties.Policy = { Version: '2012-10-17', Statement: Array.isArray(custom) ? custom : [custom] };
    const other = Object.keys(resourcePolicy).filter((k) => k !== 'CustomStatements');
    if (other.length > 0) {
      ctx.issues.warn(
        'sam-unsupported-property',
        joinPath(joinPath(joinPath(path, 'Auth'), 'ResourcePolicy'), other[0] as string),
        `the API resource policy options ${other.join(', ')} are not expanded (only CustomStatements is); the statements SAM writes for them are missing`,
      );
    }
  }
  ctx.out[id] = { ...base, Type: 'AWS::ApiGateway::RestApi', Properties: properties };
}
