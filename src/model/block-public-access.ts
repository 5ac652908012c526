/**
 * S3 Block Public Access settings of a world (spec §4.16): the account's and the bucket's, whose
 * effective value is the OR of both, and the facts the S3 service rules need for one request.
 */
import type { CompiledPolicy } from '../evaluate/compile.js';
import type { EvalRequest } from '../evaluate/layer.js';
import { isPublicCompiled, isPublicPolicy } from '../evaluate/public-policy.js';
import type { S3BucketFacts } from '../evaluate/service-rules.js';
import type { S3BlockPublicAccessSettings, World } from './world.js';

const BUCKET = /^arn:([\w-]+):s3:::([^/]+)/;

/** The settings of a world without any (shared: never written). */
const NONE: ReadonlyMap<string, S3BlockPublicAccessSettings> = new Map();

/**
 * The members of a section that carry settings, by key; {@link NONE} when none does. By `for…in`,
 * not a lookup per key: an account id is an integer-like key, which V8 looks up in an object about
 * ten times slower than a name (the world's sections have no enumerable inherited member).
 */
function settingsOf(
  section: Readonly<Record<string, { readonly s3BlockPublicAccess?: S3BlockPublicAccessSettings | undefined }>>,
): ReadonlyMap<string, S3BlockPublicAccessSettings> {
  let found: Map<string, S3BlockPublicAccessSettings> | undefined;
  for (const key in section) {
    const settings = section[key]?.s3BlockPublicAccess;
    if (settings) (found ??= new Map()).set(key, settings);
  }
  return found ?? NONE;
}

/** The settings of a world, by account and by bucket ARN. */
export class S3BlockPublicAccessIndex {
  /** Settings by account and by bucket ARN; {@link NONE} when the world has none (no map per authorizer). */
  private readonly accounts: ReadonlyMap<string, S3BlockPublicAccessSettings>;
  private readonly buckets: ReadonlyMap<string, S3BlockPublicAccessSettings>;

  /** Some account or bucket has settings: without any, S3 requests skip the rules entirely. */
  readonly active: boolean;

  constructor(world: World) {
    // By keys, not entries: no pair array per member, and a world without settings (most; a
    // one-shot call builds this index for one decision) allocates nothing here.
    this.accounts = settingsOf(world.accounts);
    this.buckets = settingsOf(world.resources);
    this.active = this.accounts.size > 0 || this.buckets.size > 0;
  }

  /**
   * The facts of an S3 request on a bucket (or its objects) where RestrictPublicBuckets or
   * BlockPublicPolicy is in effect; `undefined` otherwise (and for every request of a world
   * without settings, at no cost).
   */
  facts(
    req: EvalRequest,
    bucketPolicy: CompiledPolicy | undefined,
    owner: string | undefined,
    requestPolicy: unknown,
  ): S3BucketFacts | undefined {
    if (!this.active || req.service !== 's3') return undefined;
    const m = BUCKET.exec(req.resource);
    if (!m) return undefined;
    const account = owner !== undefined ? this.accounts.get(owner) : undefined;
    const bucket = this.buckets.get(`arn:${m[1]}:s3:::${m[2]}`);
    const restrictPublicBuckets = account?.restrictPublicBuckets === true || bucket?.restrictPublicBuckets === true;
    const blockPublicPolicy = account?.blockPublicPolicy === true || bucket?.blockPublicPolicy === true;
    if (!restrictPublicBuckets && !blockPublicPolicy) return undefined;
    return {
      restrictPublicBuckets,
      blockPublicPolicy,
      bucketPolicyPublic: bucketPolicy !== undefined && isPublicCompiled(bucketPolicy),
      owner,
      ...(blockPublicPolicy && requestPolicy !== undefined && req.actionLower === 's3:putbucketpolicy'
        ? { requestPolicyPublic: isPublicPolicy(requestPolicy) }
        : {}),
    };
  }
}
