/**
 * Attributes Terraform computes at apply time (ARNs, ids) derived offline from what the plan knows
 * (names, paths) and the account, region and partition: `aws_iam_role.app.arn` is
 * `arn:aws:iam::<account>:role<path><name>`. Names that are themselves unknown (`name_prefix`,
 * generated names) are replaced by a name made from the resource address.
 */
import { derivedId } from '../../model/ids.js';
import type { ImportEnvironment } from '../result.js';
import type { TfInstance } from './plan.js';

/** What the derivations need. */
export interface IdentityContext {
  readonly env: ImportEnvironment;
  /** A known string attribute of an instance. */
  readonly known: (inst: TfInstance, attr: string) => string | undefined;
  /** Reports a name made up because the plan does not know it. */
  readonly madeUp: (inst: TfInstance, name: string) => void;
}

type Derive = (inst: TfInstance, ctx: IdentityContext) => Readonly<Record<string, string>>;

/**
 * `x["a"]` / `x[0]` → `x-a` / `x-0`, as `replace(/\["?([^"\]]*)"?\]/g, '-$1')` would, in one pass
 * (that regex rescans the rest of the text from every `[`: quadratic on `[[[[…`, issue #11).
 */
function flattenIndexes(address: string): string {
  // stop[i]: the first `"` or `]` at or after i.
  const stop = new Int32Array(address.length + 1).fill(address.length);
  for (let i = address.length - 1; i >= 0; i--) {
    const c = address.charCodeAt(i);
    stop[i] = c === 0x22 || c === 0x5d ? i : (stop[i + 1] as number);
  }
  let out = '';
  let i = 0;
  while (i < address.length) {
    if (address.charCodeAt(i) !== 0x5b) {
      out += address[i];
      i++;
      continue;
    }
    const from = address.charCodeAt(i + 1) === 0x22 ? i + 2 : i + 1;
    const to = from <= address.length ? (stop[from] as number) : address.length;
    const end = address.charCodeAt(to) === 0x22 ? to + 1 : to;
    if (address.charCodeAt(end) === 0x5d) {
      out += `-${address.slice(from, to)}`;
      i = end + 1;
    } else {
      out += '[';
      i++;
    }
  }
  return out;
}

/** A name made from the address: `module.app.aws_iam_role.task["a"]` → `module.app.aws_iam_role.task-a`. */
function addressName(inst: TfInstance, lower: boolean): string {
  const base = flattenIndexes(inst.address).replace(/[^\w+=,.@-]/g, '-');
  return lower ? base.toLowerCase().replace(/[^a-z0-9.-]/g, '-') : base;
}

function nameOf(inst: TfInstance, ctx: IdentityContext, attr: string, lower = false): string {
  const known = ctx.known(inst, attr);
  if (known !== undefined) return known;
  const made = addressName(inst, lower);
  ctx.madeUp(inst, made);
  return made;
}

function iam(kind: 'role' | 'user' | 'group' | 'instance-profile', uniquePrefix?: string): Derive {
  return (inst, ctx) => {
    const name = nameOf(inst, ctx, 'name');
    const rawPath = ctx.known(inst, 'path') ?? '/';
    const path = rawPath.endsWith('/') ? rawPath : `${rawPath}/`;
    const arn = ctx.known(inst, 'arn') ?? `arn:${ctx.env.partition}:iam::${ctx.env.accountId}:${kind}${path}${name}`;
    return {
      name,
      id: name,
      arn,
      path,
      ...(uniquePrefix ? { unique_id: ctx.known(inst, 'unique_id') ?? derivedId(uniquePrefix, arn) } : {}),
    };
  };
}

function regional(service: string, resource: (name: string) => string, nameAttr = 'name', idIsArn = false): Derive {
  return (inst, ctx) => {
    const name = nameOf(inst, ctx, nameAttr);
    const arn =
      ctx.known(inst, 'arn') ??
      `arn:${ctx.env.partition}:${service}:${ctx.env.region}:${ctx.env.accountId}:${resource(name)}`;
    return { [nameAttr]: name, arn, id: idIsArn ? arn : name };
  };
}

const DERIVATIONS: Readonly<Record<string, Derive>> = {
  aws_iam_role: iam('role', 'AROA'),
  aws_iam_user: iam('user', 'AIDA'),
  aws_iam_group: iam('group'),
  aws_iam_instance_profile: iam('instance-profile'),
  aws_iam_policy: (inst, ctx) => {
    const { name, arn, path } = iam('policy' as 'role')(inst, ctx) as { name: string; arn: string; path: string };
    return { name, arn, id: arn, path };
  },
  aws_s3_bucket: (inst, ctx) => {
    const bucket = nameOf(inst, ctx, 'bucket', true);
    return { bucket, id: bucket, arn: ctx.known(inst, 'arn') ?? `arn:${ctx.env.partition}:s3:::${bucket}` };
  },
  aws_kms_key: (inst, ctx) => {
    const keyId = ctx.known(inst, 'key_id') ?? addressName(inst, false);
    const arn =
      ctx.known(inst, 'arn') ?? `arn:${ctx.env.partition}:kms:${ctx.env.region}:${ctx.env.accountId}:key/${keyId}`;
    return { key_id: keyId, id: keyId, arn };
  },
  aws_sqs_queue: (inst, ctx) => {
    const name = nameOf(inst, ctx, 'name');
    const arn = ctx.known(inst, 'arn') ?? `arn:${ctx.env.partition}:sqs:${ctx.env.region}:${ctx.env.accountId}:${name}`;
    const suffix = ctx.env.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
    const url = ctx.known(inst, 'url') ?? `https://sqs.${ctx.env.region}.${suffix}/${ctx.env.accountId}/${name}`;
    return { name, arn, url, id: url };
  },
  aws_sns_topic: regional('sns', (n) => n, 'name', true),
  aws_lambda_function: regional('lambda', (n) => `function:${n}`, 'function_name'),
  aws_dynamodb_table: regional('dynamodb', (n) => `table/${n}`),
  aws_secretsmanager_secret: regional('secretsmanager', (n) => `secret:${n}`, 'name', true),
  aws_ecr_repository: regional('ecr', (n) => `repository/${n}`),
  aws_opensearch_domain: regional('es', (n) => `domain/${n}`, 'domain_name'),
  aws_elasticsearch_domain: regional('es', (n) => `domain/${n}`, 'domain_name'),
  aws_backup_vault: regional('backup', (n) => `backup-vault:${n}`),
  aws_cloudwatch_event_bus: regional('events', (n) => `event-bus/${n}`),
  // Ids AWS generates: the id from the plan or state, else a name made from the address.
  aws_api_gateway_rest_api: (inst, ctx) => {
    const id = ctx.known(inst, 'id') ?? addressName(inst, false);
    return {
      id,
      arn: `arn:${ctx.env.partition}:execute-api:${ctx.env.region}:${ctx.env.accountId}:${id}/*`,
      execution_arn: `arn:${ctx.env.partition}:execute-api:${ctx.env.region}:${ctx.env.accountId}:${id}`,
    };
  },
  aws_efs_file_system: (inst, ctx) => {
    const id = ctx.known(inst, 'id') ?? addressName(inst, false);
    return {
      id,
      arn:
        ctx.known(inst, 'arn') ??
        `arn:${ctx.env.partition}:elasticfilesystem:${ctx.env.region}:${ctx.env.accountId}:file-system/${id}`,
    };
  },
};

/** Attributes derived for an instance (empty for types not modelled). */
export function derivedAttributes(inst: TfInstance, ctx: IdentityContext): Readonly<Record<string, string>> {
  if (inst.mode === 'data') {
    if (inst.type === 'aws_caller_identity') return { account_id: ctx.env.accountId, id: ctx.env.accountId };
    if (inst.type === 'aws_region') return { name: ctx.env.region, id: ctx.env.region, region: ctx.env.region };
    if (inst.type === 'aws_partition') return { partition: ctx.env.partition, id: ctx.env.partition };
    return {};
  }
  const derive = Object.prototype.hasOwnProperty.call(DERIVATIONS, inst.type) ? DERIVATIONS[inst.type] : undefined;
  return derive ? derive(inst, ctx) : {};
}
