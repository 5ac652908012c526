/**
 * `AWS::Serverless::Connector`: the permissions SAM's connector profiles grant from a source to
 * each destination — a managed policy on the source's (or destination's) role, a queue or topic
 * policy, or a Lambda permission.
 */
import { joinPath } from '../../../policy/issues.js';
import { isObject, member } from '../../input.js';
import PROFILES from './connector-profiles.json';
import type { SamContext, SamResource } from './context.js';

interface Profile {
  readonly Type: string;
  readonly Properties: {
    readonly SourcePolicy: boolean;
    readonly AccessCategories: Readonly<Record<string, Record<string, unknown>>>;
  };
}

const permissions = (PROFILES as unknown as { Permissions: Record<string, Record<string, Profile>> }).Permissions;

/** The CloudFormation type SAM resources become. */
const SAM_TYPES: Readonly<Record<string, string>> = {
  'AWS::Serverless::Function': 'AWS::Lambda::Function',
  'AWS::Serverless::StateMachine': 'AWS::StepFunctions::StateMachine',
  'AWS::Serverless::SimpleTable': 'AWS::DynamoDB::Table',
  'AWS::Serverless::Api': 'AWS::ApiGateway::RestApi',
  'AWS::Serverless::HttpApi': 'AWS::ApiGatewayV2::Api',
};

/** One end of a connector, as values for the profile's `%{…}` placeholders. */
interface End {
  readonly type: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** The name of its role (for managed policies), when known. */
  readonly roleName?: unknown;
}

function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** The role name behind a role ARN value (`!GetAtt R.Arn` → `!Ref R`; an ARN string → its last segment). */
function roleNameOf(arn: unknown): unknown {
  if (typeof arn === 'string') return arn.slice(arn.lastIndexOf('/') + 1);
  const getAtt = member(arn, 'Fn::GetAtt');
  if (Array.isArray(getAtt) && getAtt[1] === 'Arn' && typeof getAtt[0] === 'string') return { Ref: getAtt[0] };
  if (typeof getAtt === 'string' && getAtt.endsWith('.Arn')) return { Ref: getAtt.slice(0, -4) };
  return undefined;
}

function end(ctx: SamContext, raw: unknown, path: string): End | undefined {
  if (!isObject(raw)) {
    ctx.issues.warn('sam-invalid-connector', path, 'a connector end is an object with Id, or with Type and Arn');
    return undefined;
  }
  if (typeof raw.Id === 'string') {
    const id = raw.Id;
    const original = member(member(ctx.original, id), 'Type');
    if (typeof original !== 'string') {
      ctx.issues.warn('sam-invalid-connector', joinPath(path, 'Id'), `${id} is not a resource of the template`);
      return undefined;
    }
    const type = own(SAM_TYPES, original) ?? original;
    const props = member(member(ctx.original, id), 'Properties');
    const role =
      original === 'AWS::Serverless::Function' || original === 'AWS::Serverless::StateMachine'
        ? member(props, 'Role') === undefined
          ? { Ref: `${id}Role` }
          : roleNameOf(member(props, 'Role'))
        : original === 'AWS::Lambda::Function'
          ? roleNameOf(member(props, 'Role'))
          : original === 'AWS::StepFunctions::StateMachine'
            ? roleNameOf(member(props, 'RoleArn'))
            : undefined;
    const values = {
      Arn: { 'Fn::GetAtt': [id, 'Arn'] },
      Name: { Ref: id },
      ResourceId: { Ref: id },
      QueueUrl: { Ref: id },
      Qualifier: raw.Qualifier ?? '*',
    };
    return { type, values, roleName: role };
  }
  if (typeof raw.Type !== 'string') {
    ctx.issues.warn('sam-invalid-connector', path, 'a connector end without Id needs Type');
    return undefined;
  }
  return {
    type: raw.Type,
    values: {
      Arn: raw.Arn,
      Name: raw.Name,
      ResourceId: raw.ResourceId,
      QueueUrl: raw.QueueUrl,
      Qualifier: raw.Qualifier ?? '*',
    },
    roleName: raw.RoleName,
  };
}

/** Replaces `%{Source.X}` / `%{Destination.X}` with Fn::Sub variables. */
function fill(value: unknown, source: End, destination: End, depth = 0): unknown {
  if (depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => fill(v, source, destination, depth + 1));
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, source, destination, depth + 1)]));
  if (typeof value !== 'string' || (!value.includes('%{') && !value.includes('${'))) return value;
  const vars: Record<string, unknown> = {};
  const text = value.replace(/%\{(Source|Destination)\.([A-Za-z]+)\}/g, (_m, which: string, attr: string) => {
    const v = (which === 'Source' ? source : destination).values[attr];
    vars[`${which}${attr}`] = v ?? `%{${which}.${attr}}`;
    return `\${${which}${attr}}`;
  });
  return { 'Fn::Sub': [text, vars] };
}

/** `AWS::Serverless::Connector` */
export function connector(ctx: SamContext, r: SamResource): void {
  const source = end(ctx, r.props.Source, joinPath(r.path, 'Source'));
  const rawDestinations = r.props.Destination;
  const destinations = Array.isArray(rawDestinations) ? rawDestinations : [rawDestinations];
  const categories = Array.isArray(r.props.Permissions)
    ? r.props.Permissions.filter((p): p is string => typeof p === 'string')
    : [];
  if (categories.length === 0)
    ctx.issues.warn(
      'sam-invalid-connector',
      joinPath(r.path, 'Permissions'),
      'a connector needs Permissions (Read, Write); it grants nothing',
    );
  if (!source) return;
  destinations.forEach((raw, i) => {
    const at = Array.isArray(rawDestinations)
      ? joinPath(joinPath(r.path, 'Destination'), i)
      : joinPath(r.path, 'Destination');
    const destination = end(ctx, raw, at);
    if (!destination) return;
    const profile = own(own(permissions, source.type) ?? {}, destination.type);
    if (!profile) {
      ctx.issues.warn(
        'sam-unsupported-connector',
        at,
        `SAM has no connector from ${source.type} to ${destination.type}; ${r.id} grants nothing here`,
      );
      return;
    }
    const suffix = Array.isArray(rawDestinations) ? `Destination${i}` : '';
    const access = profile.Properties.AccessCategories;
    const chosen = categories.filter((c) => {
      if (own(access, c)) return true;
      ctx.issues.warn(
        'sam-unsupported-connector',
        joinPath(r.path, 'Permissions'),
        `the connector from ${source.type} to ${destination.type} has no ${c} permission`,
      );
      return false;
    });
    if (chosen.length === 0) return;
    const grants = chosen.map((c) => access[c] as Record<string, unknown>);
    const statements = () =>
      grants.flatMap((g) => (Array.isArray(g.Statement) ? g.Statement : [])).map((s) => fill(s, source, destination));
    const document = () => ({ Version: '2012-10-17', Statement: statements() });
    switch (profile.Type) {
      case 'AWS_IAM_ROLE_MANAGED_POLICY': {
        const owner = profile.Properties.SourcePolicy ? source : destination;
        if (owner.roleName === undefined) {
          ctx.issues.warn(
            'sam-unresolved-connector',
            at,
            `the role of the connector's ${profile.Properties.SourcePolicy ? 'source' : 'destination'} is not known (give RoleName); the policy of ${r.id} was skipped`,
          );
          return;
        }
        ctx.out[`${r.id}Policy${suffix}`] = {
          ...r.base,
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: { PolicyDocument: document(), Roles: [owner.roleName] },
        };
        return;
      }
      case 'AWS_SQS_QUEUE_POLICY':
        ctx.out[`${r.id}QueuePolicy${suffix}`] = {
          ...r.base,
          Type: 'AWS::SQS::QueuePolicy',
          Properties: { PolicyDocument: document(), Queues: [destination.values.QueueUrl] },
        };
        return;
      case 'AWS_SNS_TOPIC_POLICY':
        ctx.out[`${r.id}TopicPolicy${suffix}`] = {
          ...r.base,
          Type: 'AWS::SNS::TopicPolicy',
          Properties: { PolicyDocument: document(), Topics: [destination.values.Arn] },
        };
        return;
      case 'AWS_LAMBDA_PERMISSION':
        grants.forEach((g, k) => {
          ctx.out[`${r.id}${chosen[k]}LambdaPermission${suffix}`] = {
            ...r.base,
            Type: 'AWS::Lambda::Permission',
            Properties: {
              FunctionName: destination.values.Name,
              ...(fill(g, source, destination) as Record<string, unknown>),
            },
          };
        });
        return;
      default:
        ctx.issues.warn(
          'sam-unsupported-connector',
          at,
          `the connector profile type ${profile.Type} is not expanded; ${r.id} grants nothing here`,
        );
    }
  });
}
