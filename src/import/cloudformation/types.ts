/**
 * What `Ref` and `Fn::GetAtt` return for the resource types the CloudFormation importer models,
 * and the ARN of each. Where CloudFormation would generate a physical name, the importer uses the
 * logical id (lower-cased where the service requires it): tests can name the resource, and every
 * reference inside the template resolves to the same name.
 */
import { derivedId } from '../../model/ids.js';
import { importedVpceId } from '../vpc-endpoint-id.js';
import type { PseudoParameters } from './intrinsics.js';

/** What a type's functions get about one resource. */
export interface TypeContext {
  readonly name: string;
  readonly env: PseudoParameters;
  /** A resolved string property of the resource. */
  readonly prop: (name: string) => string | undefined;
}

/** How one resource type is named and referenced. */
export interface TypeInfo {
  /** The property that holds the physical name. */
  readonly nameProp?: string;
  /** The name CloudFormation would generate is replaced by this function of the logical id. */
  readonly defaultName?: (logicalId: string, ctx: Omit<TypeContext, 'name'>) => string;
  /** What `Ref` returns. */
  readonly ref: 'name' | 'arn' | ((ctx: TypeContext) => string);
  readonly arn?: (ctx: TypeContext) => string;
  /** `Fn::GetAtt` attributes besides `Arn`. */
  readonly attributes?: Readonly<Record<string, (ctx: TypeContext) => string>>;
  /** The entry in the world's `resources` carries this service type (`s3:bucket`). */
  readonly resourceType?: string;
}

const iamPath = (ctx: TypeContext) => {
  const p = ctx.prop('Path') ?? '/';
  return p.endsWith('/') ? p : `${p}/`;
};
const iamArn = (kind: string) => (ctx: TypeContext) =>
  `arn:${ctx.env.partition}:iam::${ctx.env.accountId}:${kind}${iamPath(ctx)}${ctx.name}`;
const regional = (service: string, resource: (name: string) => string) => (ctx: TypeContext) =>
  `arn:${ctx.env.partition}:${service}:${ctx.env.region}:${ctx.env.accountId}:${resource(ctx.name)}`;
const self = (ctx: TypeContext) => ctx.name;
const lower = (id: string) => id.toLowerCase();

/** A search domain, under either of its resource types. */
const SEARCH_DOMAIN: TypeInfo = {
  nameProp: 'DomainName',
  defaultName: lower,
  ref: 'name',
  arn: regional('es', (n) => `domain/${n}`),
  attributes: { DomainArn: regional('es', (n) => `domain/${n}`) },
  resourceType: 'es:domain',
};

/** The modelled resource types. */
export const RESOURCE_TYPES: Readonly<Record<string, TypeInfo>> = {
  'AWS::IAM::Role': {
    nameProp: 'RoleName',
    ref: 'name',
    arn: iamArn('role'),
    attributes: { RoleId: (ctx) => derivedId('AROA', iamArn('role')(ctx)) },
  },
  'AWS::IAM::User': { nameProp: 'UserName', ref: 'name', arn: iamArn('user') },
  'AWS::IAM::Group': { nameProp: 'GroupName', ref: 'name', arn: iamArn('group') },
  'AWS::IAM::ManagedPolicy': {
    nameProp: 'ManagedPolicyName',
    ref: 'arn',
    arn: iamArn('policy'),
    attributes: { PolicyArn: iamArn('policy') },
  },
  'AWS::IAM::Policy': { nameProp: 'PolicyName', ref: 'name', attributes: { Id: self } },
  'AWS::IAM::InstanceProfile': { nameProp: 'InstanceProfileName', ref: 'name', arn: iamArn('instance-profile') },
  'AWS::S3::Bucket': {
    nameProp: 'BucketName',
    defaultName: lower,
    ref: 'name',
    arn: (ctx) => `arn:${ctx.env.partition}:s3:::${ctx.name}`,
    resourceType: 's3:bucket',
    attributes: {
      DomainName: (ctx) => `${ctx.name}.s3.${ctx.env.urlSuffix}`,
      RegionalDomainName: (ctx) => `${ctx.name}.s3.${ctx.env.region}.${ctx.env.urlSuffix}`,
      DualStackDomainName: (ctx) => `${ctx.name}.s3.dualstack.${ctx.env.region}.${ctx.env.urlSuffix}`,
      WebsiteURL: (ctx) => `http://${ctx.name}.s3-website-${ctx.env.region}.${ctx.env.urlSuffix}`,
    },
  },
  'AWS::KMS::Key': {
    ref: 'name',
    arn: regional('kms', (n) => `key/${n}`),
    attributes: { KeyId: self },
    resourceType: 'kms:key',
  },
  'AWS::KMS::Alias': { nameProp: 'AliasName', ref: 'name', arn: regional('kms', (n) => n) },
  'AWS::SQS::Queue': {
    nameProp: 'QueueName',
    defaultName: (id, ctx) => (ctx.prop('FifoQueue') === 'true' ? `${id}.fifo` : id),
    ref: (ctx) => queueUrl(ctx),
    arn: regional('sqs', (n) => n),
    attributes: { QueueName: self, QueueUrl: (ctx) => queueUrl(ctx) },
    resourceType: 'sqs:queue',
  },
  'AWS::SNS::Topic': {
    nameProp: 'TopicName',
    ref: 'arn',
    arn: regional('sns', (n) => n),
    attributes: { TopicName: self, TopicArn: regional('sns', (n) => n) },
    resourceType: 'sns:topic',
  },
  'AWS::Lambda::Function': {
    nameProp: 'FunctionName',
    ref: 'name',
    arn: regional('lambda', (n) => `function:${n}`),
    resourceType: 'lambda:function',
  },
  // `Ref` returns the alias ARN: the function's ARN qualified by the alias name.
  'AWS::Lambda::Alias': {
    nameProp: 'Name',
    ref: 'arn',
    arn: (ctx) => `${functionArnOf(ctx.prop('FunctionName') ?? ctx.name, ctx.env)}:${ctx.name}`,
    attributes: { AliasArn: (ctx) => `${functionArnOf(ctx.prop('FunctionName') ?? ctx.name, ctx.env)}:${ctx.name}` },
    resourceType: 'lambda:function',
  },
  'AWS::DynamoDB::Table': {
    nameProp: 'TableName',
    ref: 'name',
    arn: regional('dynamodb', (n) => `table/${n}`),
    resourceType: 'dynamodb:table',
  },
  'AWS::SecretsManager::Secret': {
    nameProp: 'Name',
    ref: 'arn',
    arn: regional('secretsmanager', (n) => `secret:${n}`),
    resourceType: 'secretsmanager:secret',
  },
  'AWS::Logs::LogGroup': { nameProp: 'LogGroupName', ref: 'name', arn: regional('logs', (n) => `log-group:${n}:*`) },
  'AWS::ECR::Repository': {
    nameProp: 'RepositoryName',
    defaultName: lower,
    ref: 'name',
    arn: regional('ecr', (n) => `repository/${n}`),
    resourceType: 'ecr:repository',
  },
  'AWS::StepFunctions::StateMachine': {
    nameProp: 'StateMachineName',
    ref: 'arn',
    arn: regional('states', (n) => `stateMachine:${n}`),
    attributes: { Name: self },
  },
  'AWS::Events::EventBus': { nameProp: 'Name', ref: 'name', arn: regional('events', (n) => `event-bus/${n}`) },
  'AWS::Events::Rule': { nameProp: 'Name', ref: 'name', arn: regional('events', (n) => `rule/${n}`) },
  'AWS::Kinesis::Stream': {
    nameProp: 'Name',
    ref: 'name',
    arn: regional('kinesis', (n) => `stream/${n}`),
    resourceType: 'kinesis:stream',
  },
  'AWS::EC2::VPCEndpoint': { ref: (ctx) => importedVpceId(ctx.name) },
  'AWS::SSM::Parameter': {
    nameProp: 'Name',
    ref: 'name',
    arn: regional('ssm', (n) => `parameter/${n.replace(/^\//, '')}`),
  },
  'AWS::DynamoDB::GlobalTable': {
    nameProp: 'TableName',
    ref: 'name',
    arn: regional('dynamodb', (n) => `table/${n}`),
    resourceType: 'dynamodb:table',
  },
  // OpenSearch Service kept the Elasticsearch ARN format: one record for both resource types.
  'AWS::OpenSearchService::Domain': SEARCH_DOMAIN,
  'AWS::Elasticsearch::Domain': SEARCH_DOMAIN,
  // API ids are generated by API Gateway; the logical id stands for the id (Ref returns it).
  'AWS::ApiGateway::RestApi': {
    ref: 'name',
    arn: (ctx) => `arn:${ctx.env.partition}:execute-api:${ctx.env.region}:${ctx.env.accountId}:${ctx.name}/*`,
    attributes: { RestApiId: self, RootResourceId: (ctx) => `${ctx.name}-root` },
    resourceType: 'execute-api:api',
  },
  'AWS::ApiGatewayV2::Api': {
    ref: 'name',
    arn: (ctx) => `arn:${ctx.env.partition}:execute-api:${ctx.env.region}:${ctx.env.accountId}:${ctx.name}/*`,
    attributes: { ApiId: self },
  },
  'AWS::EFS::FileSystem': {
    ref: 'name',
    arn: regional('elasticfilesystem', (n) => `file-system/${n}`),
    attributes: { FileSystemId: self },
    resourceType: 'elasticfilesystem:file-system',
  },
  'AWS::Backup::BackupVault': {
    nameProp: 'BackupVaultName',
    ref: 'name',
    arn: regional('backup', (n) => `backup-vault:${n}`),
    attributes: { BackupVaultName: self, BackupVaultArn: regional('backup', (n) => `backup-vault:${n}`) },
    resourceType: 'backup:backup-vault',
  },
  'AWS::S3::AccessPoint': {
    nameProp: 'Name',
    defaultName: lower,
    ref: 'name',
    arn: regional('s3', (n) => `accesspoint/${n}`),
    attributes: { Name: self },
    resourceType: 's3:accesspoint',
  },
  // Named types the importer does not otherwise model, whose ARN follows from the name.
  'AWS::CodePipeline::Pipeline': { nameProp: 'Name', ref: 'name', arn: regional('codepipeline', (n) => n) },
  'AWS::CodeBuild::Project': { nameProp: 'Name', ref: 'name', arn: regional('codebuild', (n) => `project/${n}`) },
  'AWS::KinesisFirehose::DeliveryStream': {
    nameProp: 'DeliveryStreamName',
    ref: 'name',
    arn: regional('firehose', (n) => `deliverystream/${n}`),
  },
  'AWS::IoT::TopicRule': { nameProp: 'RuleName', ref: 'name', arn: regional('iot', (n) => `rule/${n}`) },
  // Pool ids are generated by Cognito; the logical id stands for the id (Ref returns it).
  'AWS::Cognito::UserPool': {
    ref: 'name',
    arn: regional('cognito-idp', (n) => `userpool/${n}`),
    attributes: { UserPoolId: self },
  },
  'AWS::ECS::Cluster': { nameProp: 'ClusterName', ref: 'name', arn: regional('ecs', (n) => `cluster/${n}`) },
};

/**
 * Types skipped without a warning: they carry only metadata, or (a Lambda version) hold no policy
 * and have an ARN whose version number is assigned at deployment.
 */
export const SILENT_TYPES: ReadonlySet<string> = new Set([
  'AWS::CDK::Metadata',
  'AWS::CloudFormation::WaitConditionHandle',
  'AWS::Lambda::Version',
]);

/** A function's ARN from its name or ARN (`Ref` of a function returns the name). */
function functionArnOf(fn: string, env: PseudoParameters): string {
  return fn.startsWith('arn:') ? fn : `arn:${env.partition}:lambda:${env.region}:${env.accountId}:function:${fn}`;
}

function queueUrl(ctx: TypeContext): string {
  return `https://sqs.${ctx.env.region}.${ctx.env.urlSuffix}/${ctx.env.accountId}/${ctx.name}`;
}

/** The queue ARN behind a queue URL (`https://sqs.<region>.<suffix>/<account>/<name>`). */
export function queueArnFromUrl(url: string, partition: string): string | undefined {
  const m = /^https:\/\/(?:sqs\.([a-z0-9-]+)\.[a-z0-9.]+|queue\.amazonaws\.com)\/(\d{12})\/([\w.-]+)$/.exec(url);
  if (!m) return undefined;
  return `arn:${partition}:sqs:${m[1] ?? 'us-east-1'}:${m[2]}:${m[3]}`;
}
