/**
 * Every CloudFormation resource type that carries a resource-based policy, as a table: which
 * property holds the policy, and how the ARN (and account) of the resource it governs is found —
 * the resource itself, or a resource another property names. Types whose policy property exists
 * but is not modelled are listed too, so that dropping their policy is reported by name.
 */
import { joinPath } from '../../policy/issues.js';
import { isObject, member } from '../input.js';
import { hasPlaceholder } from '../placeholder.js';
import { isBucket } from '../world-builder.js';
import { propPath, type ResolvedResource, type TemplateContext } from './context.js';
import { queueArnFromUrl } from './types.js';

/** One policy found on a resource, with the ARN of what it governs. */
export interface AttachedPolicy {
  readonly arn: string;
  readonly document: unknown;
  /** Path of the document in the template. */
  readonly path: string;
  /** The owner of the resource, when it is not the template's account. */
  readonly account?: string;
}

/** How one type's policy is found. */
export interface ResourcePolicyType {
  /** The property (dotted for nested members) that holds the document. */
  readonly policy: string;
  /**
   * What the policy governs: `self` (the resource's own ARN), or a property that names the target
   * and how its value becomes an ARN (`undefined` when it does not name one).
   */
  readonly target:
    | 'self'
    | {
        readonly prop: string;
        readonly what: string;
        readonly arn: (value: string, ctx: TemplateContext) => string | undefined;
      };
  /** The policy also governs sub-resources (an index of a domain, a method of an API). */
  readonly shared?: boolean;
  /** Several resources add statements to one policy (event bus policies). */
  readonly append?: boolean;
  /** The property names several targets (`Queues`, `Topics`). */
  readonly many?: boolean;
  /** Builds the document from properties other than one policy property. */
  readonly document?: (r: ResolvedResource, ctx: TemplateContext, arn: string) => unknown;
  /** Policies found in a list of sub-objects (global table replicas), one per region. */
  readonly perReplica?: boolean;
  /** The target's ARN does not name its account (a bucket): the stack's account owns it. */
  readonly stackAccount?: boolean;
}

const partitionOf = (ctx: TemplateContext) => ctx.env.partition;
const regional = (service: string, resource: (name: string) => string) => (v: string, ctx: TemplateContext) =>
  v.startsWith('arn:') ? v : `arn:${partitionOf(ctx)}:${service}:${ctx.env.region}:${ctx.env.accountId}:${resource(v)}`;

const bucketArn = (v: string, ctx: TemplateContext) => {
  const arn = v.startsWith('arn:') ? v : `arn:${partitionOf(ctx)}:s3:::${v}`;
  return isBucket(arn) ? arn : undefined;
};
const topicArn = (v: string) => (v.startsWith('arn:') ? v : undefined);
const queueArn = (v: string, ctx: TemplateContext) =>
  v.startsWith('arn:') ? (v.split(':')[2] === 'sqs' ? v : undefined) : queueArnFromUrl(v, partitionOf(ctx));

/** The resource-policy types, one row per type. */
export const RESOURCE_POLICY_TYPES: Readonly<Record<string, ResourcePolicyType>> = {
  'AWS::S3::BucketPolicy': {
    policy: 'PolicyDocument',
    target: { prop: 'Bucket', what: 'bucket', arn: bucketArn },
    stackAccount: true,
  },
  'AWS::SQS::QueuePolicy': {
    policy: 'PolicyDocument',
    target: { prop: 'Queues', what: 'queue URL', arn: queueArn },
    many: true,
  },
  'AWS::SQS::QueueInlinePolicy': {
    policy: 'PolicyDocument',
    target: { prop: 'Queue', what: 'queue URL', arn: queueArn },
  },
  'AWS::SNS::TopicPolicy': {
    policy: 'PolicyDocument',
    target: { prop: 'Topics', what: 'topic ARN', arn: topicArn },
    many: true,
  },
  'AWS::SNS::TopicInlinePolicy': {
    policy: 'PolicyDocument',
    target: { prop: 'TopicArn', what: 'topic ARN', arn: topicArn },
  },
  'AWS::ECR::Repository': { policy: 'RepositoryPolicyText', target: 'self' },
  'AWS::DynamoDB::Table': { policy: 'ResourcePolicy.PolicyDocument', target: 'self' },
  'AWS::DynamoDB::GlobalTable': { policy: 'ResourcePolicy.PolicyDocument', target: 'self', perReplica: true },
  'AWS::OpenSearchService::Domain': { policy: 'AccessPolicies', target: 'self', shared: true },
  'AWS::Elasticsearch::Domain': { policy: 'AccessPolicies', target: 'self', shared: true },
  'AWS::ApiGateway::RestApi': { policy: 'Policy', target: 'self', shared: true },
  'AWS::EFS::FileSystem': { policy: 'FileSystemPolicy', target: 'self' },
  'AWS::Backup::BackupVault': { policy: 'AccessPolicy', target: 'self' },
  'AWS::S3::AccessPoint': { policy: 'Policy', target: 'self', shared: true },
  'AWS::SecretsManager::ResourcePolicy': {
    policy: 'ResourcePolicy',
    target: { prop: 'SecretId', what: 'secret', arn: regional('secretsmanager', (n) => `secret:${n}`) },
  },
  'AWS::Kinesis::ResourcePolicy': {
    policy: 'ResourcePolicy',
    target: { prop: 'ResourceArn', what: 'stream or consumer ARN', arn: topicArn },
  },
  'AWS::Events::EventBusPolicy': {
    policy: 'Statement',
    target: { prop: 'EventBusName', what: 'event bus', arn: regional('events', (n) => `event-bus/${n}`) },
    append: true,
    document: eventBusStatement,
  },
};

/**
 * Types with a resource-policy property the importer does not model: the policy is dropped, and
 * reported by name.
 */
export const UNMODELLED_POLICY_PROPERTIES: Readonly<Record<string, string>> = {
  'AWS::ECR::PublicRepository': 'RepositoryPolicyText',
  'AWS::ECR::RegistryPolicy': 'PolicyText',
  'AWS::Logs::ResourcePolicy': 'PolicyDocument',
  'AWS::Logs::Destination': 'DestinationPolicy',
  'AWS::CodeArtifact::Domain': 'PermissionsPolicyDocument',
  'AWS::CodeArtifact::Repository': 'PermissionsPolicyDocument',
  'AWS::Glacier::Vault': 'AccessPolicy',
  'AWS::MediaStore::Container': 'Policy',
  'AWS::CloudTrail::ResourcePolicy': 'ResourcePolicy',
  'AWS::Lambda::LayerVersionPermission': 'Principal',
  'AWS::S3::MultiRegionAccessPointPolicy': 'Policy',
  'AWS::S3ObjectLambda::AccessPointPolicy': 'PolicyDocument',
  'AWS::S3Outposts::BucketPolicy': 'PolicyDocument',
  'AWS::S3Express::BucketPolicy': 'PolicyDocument',
  'AWS::OpenSearchServerless::AccessPolicy': 'Policy',
  'AWS::VpcLattice::AuthPolicy': 'Policy',
  'AWS::VpcLattice::ResourcePolicy': 'Policy',
  'AWS::IoT::Policy': 'PolicyDocument',
  'AWS::Lex::ResourcePolicy': 'Policy',
  'AWS::RAM::Permission': 'PolicyTemplate',
};

/** A dotted property of the resolved properties. */
function prop(r: ResolvedResource, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((v, k) => member(v, k), r.props);
}

function dottedPath(r: ResolvedResource, dotted: string): string {
  return dotted.split('.').reduce<string>((p, k) => joinPath(p, k), r.path);
}

/** The old form of `AWS::Events::EventBusPolicy` (Action, Principal, Condition) or its `Statement`. */
function eventBusStatement(r: ResolvedResource, ctx: TemplateContext, arn: string): unknown {
  if (isObject(r.props.Statement))
    return { Version: '2012-10-17', Statement: [{ ...r.props.Statement, Sid: r.props.StatementId ?? r.id }] };
  const principal = r.props.Principal;
  const p = typeof principal === 'number' ? String(principal) : principal;
  const condition = r.props.Condition;
  const statement: Record<string, unknown> = {
    Sid: r.props.StatementId ?? r.id,
    Effect: 'Allow',
    Principal:
      p === '*'
        ? '*'
        : typeof p === 'string' && /^\d{12}$/.test(p)
          ? { AWS: `arn:${ctx.env.partition}:iam::${p}:root` }
          : p,
    Action: r.props.Action,
    Resource: arn,
  };
  if (isObject(condition) && typeof condition.Key === 'string' && typeof condition.Type === 'string') {
    statement.Condition = { [condition.Type]: { [condition.Key]: condition.Value } };
  }
  return { Version: '2012-10-17', Statement: [statement] };
}

/** The policies a resource of a row's type carries, with the ARNs they govern (failures reported). */
export function attachedPolicies(ctx: TemplateContext, r: ResolvedResource, row: ResourcePolicyType): AttachedPolicy[] {
  const policyPath = dottedPath(r, row.policy);
  if (row.target === 'self') {
    const arn = ctx.refs.arn(r.id);
    if (!arn) return [];
    if (row.perReplica) return replicaPolicies(ctx, r, row, arn);
    const document = prop(r, row.policy);
    return document === undefined ? [] : [{ arn, document, path: policyPath }];
  }
  const target = row.target;
  const raw = r.props[target.prop];
  const values = row.many ? (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) : [raw];
  if (row.many && values.length === 0)
    ctx.issues.warn(
      'unattached-policy',
      propPath(r, target.prop),
      `${r.id} names no ${target.what}; its policy applies to nothing`,
    );
  const out: AttachedPolicy[] = [];
  values.forEach((v, i) => {
    const at = row.many ? propPath(r, target.prop, i) : propPath(r, target.prop);
    const text = typeof v === 'number' ? String(v) : v;
    if (typeof text !== 'string' || hasPlaceholder(text)) {
      ctx.issues.warn(
        'unresolved-target',
        at,
        `the ${target.what} of ${r.id} (${r.type}) is not known offline; its policy was skipped`,
      );
      return;
    }
    const arn = target.arn(text, ctx);
    if (!arn) {
      ctx.issues.warn(
        'invalid-target',
        at,
        `"${text}" is not a ${target.what}; the policy of ${r.id} (${r.type}) was skipped`,
      );
      return;
    }
    const document = row.document ? row.document(r, ctx, arn) : prop(r, row.policy);
    out.push({ arn, document, path: row.document ? r.path : policyPath });
  });
  return out;
}

/** `AWS::DynamoDB::GlobalTable`: each replica's policy governs the table in the replica's region. */
function replicaPolicies(
  ctx: TemplateContext,
  r: ResolvedResource,
  row: ResourcePolicyType,
  arn: string,
): AttachedPolicy[] {
  const replicas = r.props.Replicas;
  if (!Array.isArray(replicas)) return [];
  const out: AttachedPolicy[] = [];
  replicas.forEach((replica, i) => {
    const document = row.policy.split('.').reduce<unknown>((v, k) => member(v, k), replica);
    if (document === undefined) return;
    const region = member(replica, 'Region');
    if (typeof region !== 'string' || hasPlaceholder(region)) {
      ctx.issues.warn(
        'unresolved-target',
        propPath(r, 'Replicas', i, 'Region'),
        `the region of a replica of ${r.id} is not known offline; its resource policy was skipped`,
      );
      return;
    }
    const parts = arn.split(':');
    parts[3] = region;
    out.push({
      arn: parts.join(':'),
      document,
      path: row.policy.split('.').reduce<string>((p, k) => joinPath(p, k), propPath(r, 'Replicas', i)),
    });
  });
  return out;
}
