/**
 * Every Terraform (AWS provider) resource type that carries or attaches a resource-based policy,
 * as a table: the attribute that holds the policy, and how the ARN of the resource it governs is
 * found — the resource itself, or a resource another attribute names. Types whose policy the
 * importer does not model are listed too, so that dropping their policy is reported by name.
 */
import type { ImportEnvironment } from '../result.js';
import { isBucket } from '../world-builder.js';

/** How one type's policy is found. */
export interface TfResourcePolicyType {
  /** The attribute that holds the document. */
  readonly policy: string;
  /**
   * `self` (the resource's own derived ARN), or the attribute that names the target, what it is,
   * and how its value becomes an ARN (`undefined` when it is not one).
   */
  readonly target:
    | 'self'
    | {
        readonly attr: string;
        readonly what: string;
        readonly fallback?: string;
        readonly arn: (value: string, env: ImportEnvironment) => string | undefined;
      };
  readonly kind?: 'generic' | 'kms-key';
  /** The policy also governs sub-resources (a domain's indexes, an API's methods). */
  readonly shared?: boolean;
  /** Several resources add statements to one policy (`aws_cloudwatch_event_permission`). */
  readonly append?: boolean;
  /** The world's resource type of a `self` resource (`s3:bucket`). */
  readonly resourceType?: string;
}

const regional = (service: string, resource: (name: string) => string) => (v: string, env: ImportEnvironment) =>
  v.startsWith('arn:') ? v : `arn:${env.partition}:${service}:${env.region}:${env.accountId}:${resource(v)}`;
const anArn = (v: string) => (v.startsWith('arn:') ? v : undefined);

/** The bucket ARN of a bucket name or ARN. */
export const bucketArn = (v: string, env: ImportEnvironment): string | undefined => {
  const arn = v.startsWith('arn:') ? v : `arn:${env.partition}:s3:::${v}`;
  return isBucket(arn) ? arn : undefined;
};
const queueArn = (v: string, env: ImportEnvironment) => {
  if (v.startsWith('arn:')) return v.split(':')[2] === 'sqs' ? v : undefined;
  const m = /^https:\/\/(?:sqs\.([a-z0-9-]+)\.[a-z0-9.]+|queue\.amazonaws\.com)\/(\d{12})\/([\w.-]+)$/.exec(v);
  return m ? `arn:${env.partition}:sqs:${m[1] ?? 'us-east-1'}:${m[2]}:${m[3]}` : undefined;
};
const apiArn = (v: string, env: ImportEnvironment) =>
  v.startsWith('arn:') ? v : `arn:${env.partition}:execute-api:${env.region}:${env.accountId}:${v}/*`;

/** The resource-policy types, one row per type. */
export const TF_RESOURCE_POLICY_TYPES: Readonly<Record<string, TfResourcePolicyType>> = {
  aws_s3_bucket: { policy: 'policy', target: 'self', resourceType: 's3:bucket' },
  aws_sqs_queue: { policy: 'policy', target: 'self', resourceType: 'sqs:queue' },
  aws_sns_topic: { policy: 'policy', target: 'self', resourceType: 'sns:topic' },
  aws_secretsmanager_secret: { policy: 'policy', target: 'self', resourceType: 'secretsmanager:secret' },
  aws_opensearch_domain: { policy: 'access_policies', target: 'self', shared: true, resourceType: 'es:domain' },
  aws_elasticsearch_domain: { policy: 'access_policies', target: 'self', shared: true, resourceType: 'es:domain' },
  aws_api_gateway_rest_api: { policy: 'policy', target: 'self', shared: true, resourceType: 'execute-api:api' },
  aws_ecr_repository: { policy: '', target: 'self', resourceType: 'ecr:repository' },
  aws_efs_file_system: { policy: '', target: 'self', resourceType: 'elasticfilesystem:file-system' },
  aws_backup_vault: { policy: '', target: 'self', resourceType: 'backup:backup-vault' },
  aws_cloudwatch_event_bus: { policy: '', target: 'self' },
  aws_s3_bucket_policy: { policy: 'policy', target: { attr: 'bucket', what: 'bucket', arn: bucketArn } },
  aws_sqs_queue_policy: { policy: 'policy', target: { attr: 'queue_url', what: 'queue URL', arn: queueArn } },
  aws_sns_topic_policy: { policy: 'policy', target: { attr: 'arn', what: 'topic ARN', arn: anArn } },
  aws_kms_key_policy: {
    policy: 'policy',
    target: { attr: 'key_id', what: 'key', arn: regional('kms', (n) => `key/${n}`) },
    kind: 'kms-key',
  },
  aws_ecr_repository_policy: {
    policy: 'policy',
    target: { attr: 'repository', what: 'repository', arn: regional('ecr', (n) => `repository/${n}`) },
  },
  aws_secretsmanager_secret_policy: { policy: 'policy', target: { attr: 'secret_arn', what: 'secret', arn: anArn } },
  aws_cloudwatch_event_bus_policy: {
    policy: 'policy',
    target: {
      attr: 'event_bus_name',
      what: 'event bus',
      fallback: 'default',
      arn: regional('events', (n) => `event-bus/${n}`),
    },
  },
  aws_cloudwatch_event_permission: {
    policy: '',
    target: {
      attr: 'event_bus_name',
      what: 'event bus',
      fallback: 'default',
      arn: regional('events', (n) => `event-bus/${n}`),
    },
    append: true,
  },
  aws_efs_file_system_policy: {
    policy: 'policy',
    target: {
      attr: 'file_system_id',
      what: 'file system',
      arn: regional('elasticfilesystem', (n) => `file-system/${n}`),
    },
  },
  aws_backup_vault_policy: {
    policy: 'policy',
    target: { attr: 'backup_vault_name', what: 'backup vault', arn: regional('backup', (n) => `backup-vault:${n}`) },
  },
  aws_opensearch_domain_policy: {
    policy: 'access_policies',
    target: { attr: 'domain_name', what: 'domain', arn: regional('es', (n) => `domain/${n}`) },
    shared: true,
  },
  aws_elasticsearch_domain_policy: {
    policy: 'access_policies',
    target: { attr: 'domain_name', what: 'domain', arn: regional('es', (n) => `domain/${n}`) },
    shared: true,
  },
  aws_api_gateway_rest_api_policy: {
    policy: 'policy',
    target: { attr: 'rest_api_id', what: 'REST API', arn: apiArn },
    shared: true,
  },
  aws_dynamodb_resource_policy: {
    policy: 'policy',
    target: { attr: 'resource_arn', what: 'table or stream ARN', arn: anArn },
  },
  aws_kinesis_resource_policy: {
    policy: 'policy',
    target: { attr: 'resource_arn', what: 'stream or consumer ARN', arn: anArn },
  },
};

/** Types with a policy the importer does not model (attribute that holds it). */
export const TF_UNMODELLED_POLICIES: Readonly<Record<string, string>> = {
  aws_cloudwatch_log_resource_policy: 'policy_document',
  aws_cloudwatch_log_destination_policy: 'access_policy',
  aws_codeartifact_domain_permissions_policy: 'policy_document',
  aws_codeartifact_repository_permissions_policy: 'policy_document',
  aws_ecr_registry_policy: 'policy',
  aws_ecrpublic_repository_policy: 'policy',
  aws_glacier_vault: 'access_policy',
  aws_s3control_bucket_policy: 'policy',
  aws_s3control_access_point_policy: 'policy',
  aws_s3control_multi_region_access_point_policy: 'details',
  aws_s3_access_point: 'policy',
  aws_iot_policy: 'policy',
  aws_media_store_container_policy: 'policy',
  aws_opensearchserverless_access_policy: 'policy',
  aws_vpclattice_auth_policy: 'policy',
  aws_vpclattice_resource_policy: 'policy',
  aws_lambda_layer_version_permission: 'principal',
  aws_ses_identity_policy: 'policy',
  aws_schemas_registry_policy: 'policy',
  aws_organizations_policy: 'content',
  aws_organizations_resource_policy: 'content',
  aws_networkfirewall_resource_policy: 'policy',
  aws_redshiftserverless_resource_policy: 'policy',
  aws_glue_resource_policy: 'policy',
  aws_dynamodb_table_replica: 'resource_policy',
};
