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
export function expandServerless(resources: Readonly<Resources>, globals: unknown, issues: ImportIssues, partition = 'aws'): Resources {
  const out: Resources = {};
  const ctx: SamContext = { issues, original: resources, out, partition };
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
    else if (kind !== 'LayerVersion') issues.warn('sam-unsupported', joinPath('Resources', id), `${type} is not expanded (it creates no IAM the importer models); skipped`);
  }
  // A resource of the template and one SAM generates with the same logical id (SAM rejects this).
  for (const [id, r] of Object.entries(resources)) {
    const type = member(r, 'Type');
    if (typeof type === 'string' && !type.startsWith('AWS::Serverless::') && out[id] !== r) {
      issues.warn('duplicate-name', joinPath('Resources', id), `${id} is both a resource of the template and one SAM generates (SAM rejects the template); the generated one is used`);
    }
  }
  return out;
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
    ctx.out[r.id] = { ...r.base, Type: 'AWS::DynamoDB::Table', Properties: pick(r.props, { TableName: 'TableName', Tags: 'Tags' }) };
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
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: [service] }, Action: ['sts:AssumeRole'] }] };
}

/** Managed policies SAM attaches to a function role for each pull event source type. */
const PULL_EVENT_POLICIES: Readonly<Record<string, string>> = {
  SQS: 'service-role/AWSLambdaSQSQueueExecutionRole',
  Kinesis: 'service-role/AWSLambdaKinesisExecutionRole',
  DynamoDB: 'service-role/AWSLambdaDynamoDBExecutionRole',
  MSK: 'service-role/AWSLambdaMSKExecutionRole',
};

/** SAM's X-Ray policy: the older name in `aws`, the newer elsewhere. */
const xrayPolicy = (partition: string) => (partition === 'aws' ? 'AWSXrayWriteOnlyAccess' : 'AWSXRayDaemonWriteAccess');

const managedArn = (path: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::aws:policy/${path}` });

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
    Properties: { ...pick(props, { FunctionName: 'FunctionName' }), Role: generated ? { 'Fn::GetAtt': [roleId, 'Arn'] } : props.Role, Tags: samTags(props.Tags) },
  };
  const managed: unknown[] = [managedArn(props.DurableConfig !== undefined ? 'service-role/AWSLambdaBasicDurableExecutionRolePolicy' : 'service-role/AWSLambdaBasicExecutionRole')];
  // SAM adds the X-Ray policy unless Tracing is literally Disabled.
  if (props.Tracing !== undefined && props.Tracing !== null && props.Tracing !== 'Disabled') managed.push(managedArn(xrayPolicy(ctx.partition)));
  if (props.VpcConfig !== undefined && props.VpcConfig !== null) managed.push(managedArn('service-role/AWSLambdaVPCAccessExecutionRole'));
  const inline: { PolicyName: string; PolicyDocument: unknown }[] = [];
  const dlq = props.DeadLetterQueue;
  if (isObject(dlq) && dlq.TargetArn !== undefined) {
    const action = dlq.Type === 'SNS' ? 'sns:Publish' : dlq.Type === 'SQS' ? 'sqs:SendMessage' : undefined;
    if (action) inline.push({ PolicyName: `${roleId}DeadLetterQueuePolicy`, PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: dlq.TargetArn }] } });
    else ctx.issues.warn('sam-invalid-property', joinPath(path, 'DeadLetterQueue'), 'DeadLetterQueue.Type is SQS or SNS; the dead-letter queue permission was skipped');
  }
  events(ctx, r, (policy) => {
    if (!managed.some((m) => JSON.stringify(m) === JSON.stringify(policy))) managed.push(policy);
  });
  if (!generated) {
    for (const prop of ['Policies', 'PermissionsBoundary', 'AssumeRolePolicyDocument'] as const) {
      if (props[prop] !== undefined) ctx.issues.warn('sam-ignored-property', joinPath(path, prop), `${prop} applies only to the role SAM generates; the function names its own Role, so it was ignored`);
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

/** The events of a function: managed policies of pull sources, Lambda permissions of push sources. */
function events(ctx: SamContext, r: SamResource, addManaged: (policy: unknown) => void): void {
  const list = r.props.Events;
  if (!isObject(list)) return;
  for (const [name, e] of Object.entries(list)) {
    const type = member(e, 'Type');
    const p = member(e, 'Properties');
    const props = isObject(p) ? p : {};
    const at = joinPath(joinPath(r.path, 'Events'), name);
    if (typeof type !== 'string') continue;
    const pull = Object.prototype.hasOwnProperty.call(PULL_EVENT_POLICIES, type) ? PULL_EVENT_POLICIES[type] : undefined;
    if (pull) {
      addManaged(managedArn(pull));
      continue;
    }
    const permission = (principal: string, extra: Record<string, unknown>) => {
      ctx.out[`${r.id}${name}Permission`] = {
        ...r.base,
        Type: 'AWS::Lambda::Permission',
        Properties: { Action: 'lambda:InvokeFunction', FunctionName: { Ref: r.id }, Principal: principal, ...extra },
      };
    };
    switch (type) {
      case 'S3':
        permission('s3.amazonaws.com', { SourceAccount: { Ref: 'AWS::AccountId' } });
        break;
      case 'SNS':
        permission('sns.amazonaws.com', { SourceArn: props.Topic });
        break;
      case 'Schedule':
      case 'CloudWatchEvent':
      case 'EventBridgeRule': {
        const ruleName = props.Name ?? `${r.id}${name}`;
        const bus = props.EventBusName;
        const rule = bus === undefined || bus === 'default' ? 'rule/${RuleName}' : 'rule/${BusName}/${RuleName}';
        permission('events.amazonaws.com', { SourceArn: { 'Fn::Sub': [`arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:${rule}`, { RuleName: ruleName, ...(bus !== undefined ? { BusName: bus } : {}) }] } });
        break;
      }
      case 'Api':
      case 'HttpApi': {
        const implicit = type === 'Api' ? 'ServerlessRestApi' : 'ServerlessHttpApi';
        const api = props.RestApiId ?? props.ApiId ?? { Ref: implicit };
        if (props.RestApiId === undefined && props.ApiId === undefined && !Object.prototype.hasOwnProperty.call(ctx.out, implicit)) {
          if (type === 'Api') restApi(ctx, implicit, {}, at, {});
          else ctx.out[implicit] = { Type: 'AWS::ApiGatewayV2::Api', Properties: {} };
        }
        const method = typeof props.Method === 'string' && props.Method.toLowerCase() !== 'any' ? props.Method.toUpperCase() : '*';
        const route = typeof props.Path === 'string' ? props.Path.replace(/\{[^{}]*\}/g, '*') : '*';
        permission('apigateway.amazonaws.com', {
          SourceArn: { 'Fn::Sub': [`arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${ApiId}/*/${method}${route.startsWith('/') ? route : `/${route}`}`, { ApiId: api }] },
        });
        break;
      }
      default:
        ctx.issues.warn('sam-unsupported-event', at, `the ${type} event is not expanded; the permission or policy SAM creates for it is not imported`);
    }
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
    Properties: { ...pick(props, { Name: 'StateMachineName' }), RoleArn: generated ? { 'Fn::GetAtt': [roleId, 'Arn'] } : props.Role },
  };
  if (isObject(props.Events) && Object.keys(props.Events).length > 0) {
    ctx.issues.warn('sam-unsupported-event', joinPath(path, 'Events'), `the events of ${id} are not expanded; the roles SAM creates for them are not imported`);
  }
  if (!generated) return;
  const policies = rolePolicies(props.Policies, roleId, joinPath(path, 'Policies'), ctx.issues);
  const managed = [...policies.managed];
  if (props.Tracing !== undefined && isObject(props.Tracing) && props.Tracing.Enabled === true) managed.push(managedArn(xrayPolicy(ctx.partition)));
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
function restApi(ctx: SamContext, id: string, props: Record<string, unknown>, path: string, base: Readonly<Record<string, unknown>>): void {
  const resourcePolicy = member(member(props, 'Auth'), 'ResourcePolicy');
  const properties: Record<string, unknown> = pick(props, { Name: 'Name' });
  if (isObject(resourcePolicy)) {
    const custom = resourcePolicy.CustomStatements;
    if (custom !== undefined) properties.Policy = { Version: '2012-10-17', Statement: Array.isArray(custom) ? custom : [custom] };
    const other = Object.keys(resourcePolicy).filter((k) => k !== 'CustomStatements');
    if (other.length > 0) {
      ctx.issues.warn('sam-unsupported-property', joinPath(joinPath(joinPath(path, 'Auth'), 'ResourcePolicy'), other[0] as string), `the API resource policy options ${other.join(', ')} are not expanded (only CustomStatements is); the statements SAM writes for them are missing`);
    }
  }
  ctx.out[id] = { ...base, Type: 'AWS::ApiGateway::RestApi', Properties: properties };
}
