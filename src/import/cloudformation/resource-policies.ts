/**
 * Resource-based policies in CloudFormation: key policies, Lambda permissions and the types of the
 * resource-policy table (./resource-policy-types.ts); plus the plain records (account, tags) of the other modelled resources.
 */
import { hasPlaceholder } from '../placeholder.js';
import { normalizeDocument } from '../policy-document.js';
import { expandExecuteApiShorthand } from '../execute-api.js';
import { functionArn, lambdaStatement } from '../lambda-permission.js';
import { documentProp, propPath, tagsOf, type ResolvedResource, type TemplateContext } from './context.js';
import { attachedPolicies, type ResourcePolicyType } from './resource-policy-types.js';
import { RESOURCE_TYPES } from './types.js';

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
          Statement: [
            {
              Sid: 'Enable IAM User Permissions',
              Effect: 'Allow',
              Principal: { AWS: `arn:${ctx.env.partition}:iam::${ctx.env.accountId}:root` },
              Action: 'kms:*',
              Resource: '*',
            },
          ],
        }
      : documentProp(ctx, r, 'KeyPolicy', 'resource');
  ctx.builder.resourcePolicy(arn, policy, 'kms-key', ctx.env.accountId, propPath(r, 'KeyPolicy'));
}

/**
 * A resource-based policy of a type in the resource-policy table (bucket, queue, topic, repository,
 * table, domain, API, file system, vault, secret, event bus policies): each document is checked
 * where it was found and attached to the resource it governs.
 */
export function resourcePolicyOf(ctx: TemplateContext, r: ResolvedResource, row: ResourcePolicyType): void {
  for (const found of attachedPolicies(ctx, r, row)) {
    const given =
      r.type === 'AWS::ApiGateway::RestApi' ? expandExecuteApiShorthand(found.document, found.arn) : found.document;
    const document = normalizeDocument(given, {
      issues: ctx.issues,
      path: found.path,
      type: 'resource',
      partition: ctx.env.partition,
    });
    if (row.target !== 'self') ctx.builder.arns[r.id] ??= found.arn;
    if (row.shared) ctx.builder.sharedPolicies.add(found.arn);
    if (row.append) {
      ctx.builder.appendStatements(
        found.arn,
        Array.isArray(document.Statement) ? (document.Statement as Record<string, unknown>[]) : [],
        found.account,
      );
      continue;
    }
    ctx.builder.resourcePolicy(
      found.arn,
      document,
      'generic',
      found.account ?? (row.target === 'self' || row.stackAccount ? ctx.env.accountId : undefined),
      found.path,
    );
  }
}

/** `AWS::Lambda::Permission`: one statement of the function's resource policy. */
export function lambdaPermission(ctx: TemplateContext, r: ResolvedResource): void {
  const fn = r.props.FunctionName;
  const arn = typeof fn === 'string' && !hasPlaceholder(fn) ? functionArn(fn, ctx.env) : undefined;
  if (!arn) {
    ctx.issues.warn(
      'unresolved-target',
      propPath(r, 'FunctionName'),
      'the function is not known offline; the permission was skipped',
    );
    return;
  }
  const { Action: action } = r.props;
  // YAML reads an account id written without quotes as a number.
  const principal =
    typeof r.props.Principal === 'number' && Number.isSafeInteger(r.props.Principal)
      ? String(r.props.Principal).padStart(12, '0')
      : r.props.Principal;
  if (typeof principal !== 'string' || typeof action !== 'string') {
    ctx.issues.warn('invalid-permission', r.path, 'a Lambda permission needs Action and Principal; skipped');
    return;
  }
  const statement = {
    ...lambdaStatement(
      {
        sid: r.id,
        action,
        principal,
        sourceArn: r.props.SourceArn,
        sourceAccount: r.props.SourceAccount,
        principalOrgId: r.props.PrincipalOrgID,
        functionUrlAuthType: r.props.FunctionUrlAuthType,
        eventSourceToken: r.props.EventSourceToken,
        invokedViaFunctionUrl: r.props.InvokedViaFunctionUrl,
      },
      ctx.env.partition,
    ),
    Resource: arn,
  };
  // Validated (and placeholders made harmless) as a policy of its own, then appended.
  const doc = normalizeDocument(
    { Version: '2012-10-17', Statement: [statement] },
    { issues: ctx.issues, path: r.path, type: 'resource', partition: ctx.env.partition },
  );
  ctx.builder.arns[r.id] = arn;
  ctx.builder.appendStatements(
    arn,
    Array.isArray(doc.Statement) ? (doc.Statement as Record<string, unknown>[]) : [],
    undefined,
  );
}
