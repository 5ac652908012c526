/**
 * `aws_vpc_endpoint`, `aws_vpc_endpoint_policy` (spec §4.15), `aws_s3_bucket_public_access_block`
 * and `aws_s3_account_public_access_block` (spec §4.16).
 */
import { isObject, member } from '../input.js';
import { hasPlaceholder } from '../placeholder.js';
import { normalizeDocument } from '../policy-document.js';
import { blockPublicAccessSettings, importedVpceId } from '../vpc-endpoint-id.js';
import { isBucket } from '../world-builder.js';
import { valuePath, type TfInstance } from './plan.js';
import type { PlanContext } from './plan-context.js';

type Handler = (ctx: PlanContext, inst: TfInstance) => void;

/** Terraform attribute names of the four settings. */
const SETTINGS = {
  BlockPublicAcls: 'block_public_acls',
  IgnorePublicAcls: 'ignore_public_acls',
  BlockPublicPolicy: 'block_public_policy',
  RestrictPublicBuckets: 'restrict_public_buckets',
} as const;

/** The endpoint id: the planned `id` when known, else one derived from the address. */
function endpointId(inst: TfInstance): string {
  const id = inst.values.id;
  return typeof id === 'string' && /^vpce-[0-9a-z]+$/.test(id) ? id : importedVpceId(inst.address);
}

/** The endpoint policy, or `undefined` for the default policy (unset, or known only after apply). */
function endpointPolicy(ctx: PlanContext, inst: TfInstance): Record<string, unknown> | undefined {
  const v = ctx.values.value(inst, 'policy');
  if (typeof v === 'string' && v.trim() !== '' && !hasPlaceholder(v)) {
    return normalizeDocument(v, {
      issues: ctx.issues,
      path: valuePath(inst, 'policy'),
      type: 'endpoint',
      partition: ctx.values.env.partition,
    });
  }
  if (isObject(v))
    return normalizeDocument(v, {
      issues: ctx.issues,
      path: valuePath(inst, 'policy'),
      type: 'endpoint',
      partition: ctx.values.env.partition,
    });
  if (v === undefined)
    ctx.issues.warn(
      'unknown-after-apply',
      valuePath(inst, 'policy'),
      `the policy of ${inst.address} is known only after apply; the default full-access policy is assumed`,
    );
  return undefined;
}

const vpcEndpoint: Handler = (ctx, inst) => {
  const id = endpointId(inst);
  const vpc = ctx.values.text(inst, 'vpc_id');
  const service = ctx.values.text(inst, 'service_name');
  ctx.builder.arns[inst.address] = id;
  const policy = endpointPolicy(ctx, inst);
  ctx.builder.vpcEndpoints.set(id, {
    vpc: vpc && !hasPlaceholder(vpc) ? vpc : `vpc-${id.slice('vpce-'.length)}`,
    account: ctx.values.env.accountId,
    ...(service && !hasPlaceholder(service) ? { service } : {}),
    ...(policy ? { policy } : {}),
  });
};

/** The endpoint an `aws_vpc_endpoint_policy` names: by id, or by its reference to an imported endpoint. */
function referencedEndpoint(ctx: PlanContext, inst: TfInstance): string | undefined {
  const v = inst.values.vpc_endpoint_id;
  if (typeof v === 'string' && ctx.builder.vpcEndpoints.has(v)) return v;
  const refs = member(member(inst.expressions, 'vpc_endpoint_id'), 'references');
  for (const r of Array.isArray(refs) ? refs : []) {
    if (typeof r !== 'string' || !r.startsWith('aws_vpc_endpoint.')) continue;
    const address = `${inst.module ? `${inst.module}.` : ''}${r.replace(/\.id$/, '')}`;
    const id = ctx.builder.arns[address];
    if (id !== undefined) return id;
  }
  return undefined;
}

const vpcEndpointPolicy: Handler = (ctx, inst) => {
  const id = referencedEndpoint(ctx, inst);
  const endpoint = id !== undefined ? ctx.builder.vpcEndpoints.get(id) : undefined;
  if (!endpoint) {
    ctx.issues.warn(
      'unresolved-target',
      inst.path,
      `the VPC endpoint of ${inst.address} is not defined in this plan; the policy was skipped`,
    );
    return;
  }
  const policy = endpointPolicy(ctx, inst);
  if (policy) endpoint.policy = policy;
  else delete endpoint.policy;
};

const bucketPublicAccessBlock: Handler = (ctx, inst) => {
  const name = ctx.values.text(inst, 'bucket');
  const arn =
    name === undefined || hasPlaceholder(name)
      ? undefined
      : name.startsWith('arn:')
        ? name
        : `arn:${ctx.values.env.partition}:s3:::${name}`;
  if (!arn || !isBucket(arn)) {
    ctx.issues.warn(
      'unresolved-target',
      inst.path,
      `the bucket of ${inst.address} is not known offline; its Block Public Access settings were skipped`,
    );
    return;
  }
  ctx.builder.resource(arn, ctx.values.env.accountId, 's3:bucket').s3BlockPublicAccess = blockPublicAccessSettings(
    (s) => inst.values[SETTINGS[s]],
  );
};

const accountPublicAccessBlock: Handler = (ctx, inst) => {
  const given = inst.values.account_id;
  const account = typeof given === 'string' && /^\d{12}$/.test(given) ? given : ctx.values.env.accountId;
  ctx.builder.account(account);
  const record = ctx.builder.accounts.get(account);
  if (record) record.s3BlockPublicAccess = blockPublicAccessSettings((s) => inst.values[SETTINGS[s]]);
};

/** Endpoints: created before the relations that attach policies to them. */
export const NETWORK_ENTITIES: Readonly<Record<string, Handler>> = {
  aws_vpc_endpoint: vpcEndpoint,
};

/** Endpoint policies and Block Public Access settings. */
export const NETWORK_RELATIONS: Readonly<Record<string, Handler>> = {
  aws_vpc_endpoint_policy: vpcEndpointPolicy,
  aws_s3_bucket_public_access_block: bucketPublicAccessBlock,
  aws_s3_account_public_access_block: accountPublicAccessBlock,
};
