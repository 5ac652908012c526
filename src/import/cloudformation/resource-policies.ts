/**
 * Resource-based policies in CloudFormation: bucket, key, queue and topic policies and Lambda
 * permissions; plus the plain records (account, tags) of the other modelled resources.
 */
import { hasPlaceholder } from '../placeholder.js';
import { normalizeDocument } from '../policy-document.js';
import { isBucket } from '../world-builder.js';
import { functionArn, lambdaStatement } from '../lambda-permission.js';
import { documentProp, listProp, propPath, tagsOf, type ResolvedResource, type TemplateContext } from './context.js';
import { queueArnFromUrl, RESOURCE_TYPES } from './types.js';

/** A modelled resource without a policy of its own: its world record (account, tags, type). */
export function plainResource(ctx: TemplateContext, r: ResolvedResource): void {
  const arn = ctx.refs.arn(r.id);
  if (!arn) return;
  ctx.builder.arns[r.id] = arn;
  const info = RESOURCE_TYPES[r.type];
  const record = ctx.builder.resource(arn, ctx.env.accountId, info?.resourceType);
  const tags = tagsOf(r.props.Tags);
  if (tags) record.tags = tags;
}

/** `AWS::KMS::Key`: the key and its key policy (the default key policy when none is given). */
export function kmsKey(ctx: TemplateContext, r: ResolvedResource): void {
  plainResource(ctx, r);
  const arn = ctx.builder.arns[r.id];
  if (!arn) return;
  const policy =
    r.props.KeyPolicy === undefined
      ? {
          Version: '2012-10-17',
          Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:${ctx.env.partition}:iam::${ctx.env.accountId}:root` }, Action: 'kms:*', Resource: '*' }],
        }
      : documentProp(ctx, r, 'KeyPolicy', 'resource');
  ctx.builder.resourcePolicy(arn, policy, 'kms-key', ctx.env.accountId, propPath(r, 'KeyPolicy'));
}

/** `AWS::S3::BucketPolicy` */
export function bucketPolicy(ctx: TemplateContext, r: ResolvedResource): void {
  const bucket = r.props.Bucket;
  if (typeof bucket !== 'string' || hasPlaceholder(bucket)) {
    ctx.issues.warn('unresolved-target', propPath(r, 'Bucket'), 'the bucket is not known offline; the bucket policy was skipped');
    return;
  }
  const arn = bucket.startsWith('arn:') ? bucket : `arn:${ctx.env.partition}:s3:::${bucket}`;
  if (!isBucket(arn)) {
    ctx.issues.warn('invalid-target', propPath(r, 'Bucket'), `"${bucket}" is not a bucket name; the bucket policy was skipped`);
    return;
  }
  ctx.builder.arns[r.id] = arn;
  ctx.builder.resourcePolicy(arn, documentProp(ctx, r, 'PolicyDocument', 'resource'), 'generic', ctx.env.accountId, r.path);
}

/** `AWS::SQS::QueuePolicy` (queues are given by URL) and `AWS::SNS::TopicPolicy` (by ARN). */
export function queueOrTopicPolicy(ctx: TemplateContext, r: ResolvedResource): void {
  const queues = r.type === 'AWS::SQS::QueuePolicy';
  const prop = queues ? 'Queues' : 'Topics';
  const targets = listProp(r, prop);
  if (targets.length === 0) ctx.issues.warn('unattached-policy', propPath(r, prop), `${r.id} names no ${queues ? 'queue' : 'topic'}`);
  const document = documentProp(ctx, r, 'PolicyDocument', 'resource');
  targets.forEach((t, i) => {
    const arn = typeof t !== 'string' || hasPlaceholder(t) ? undefined : queues ? queueArnFromUrl(t, ctx.env.partition) : t.startsWith('arn:') ? t : undefined;
    if (!arn) {
      ctx.issues.warn('unresolved-target', propPath(r, prop, i), `the ${queues ? 'queue URL' : 'topic ARN'} is not known offline or not valid; skipped`);
      return;
    }
    ctx.builder.resourcePolicy(arn, document, 'generic', undefined, propPath(r, prop, i));
  });
}

/** `AWS::Lambda::Permission`: one statement of the function's resource policy. */
export function lambdaPermission(ctx: TemplateContext, r: ResolvedResource): void {
  const fn = r.props.FunctionName;
  const arn = typeof fn === 'string' && !hasPlaceholder(fn) ? functionArn(fn, ctx.env) : undefined;
  if (!arn) {
    ctx.issues.warn('unresolved-target', propPath(r, 'FunctionName'), 'the function is not known offline; the permission was skipped');
    return;
  }
  const { Principal: principal, Action: action } = r.props;
  if (typeof principal !== 'string' || typeof action !== 'string') {
    ctx.issues.warn('invalid-permission', r.path, 'a Lambda permission needs Action and Principal; skipped');
    return;
  }
  const statement = {
    ...lambdaStatement({ sid: r.id, action, principal, sourceArn: r.props.SourceArn, sourceAccount: r.props.SourceAccount, principalOrgId: r.props.PrincipalOrgID, functionUrlAuthType: r.props.FunctionUrlAuthType }, ctx.env.partition),
    Resource: arn,
  };
  // Validated (and placeholders made harmless) as a policy of its own, then appended.
  const doc = normalizeDocument({ Version: '2012-10-17', Statement: [statement] }, { issues: ctx.issues, path: r.path, type: 'resource', partition: ctx.env.partition });
  ctx.builder.arns[r.id] = arn;
  ctx.builder.appendStatements(arn, Array.isArray(doc.Statement) ? (doc.Statement as Record<string, unknown>[]) : [], undefined);
}
