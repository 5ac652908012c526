/**
 * `AWS::EC2::VPCEndpoint` (spec §4.15) and the `PublicAccessBlockConfiguration` of
 * `AWS::S3::Bucket` (spec §4.16).
 */
import { isObject } from '../input.js';
import { hasPlaceholder } from '../placeholder.js';
import { blockPublicAccessSettings, importedVpceId } from '../vpc-endpoint-id.js';
import { documentProp, propPath, type ResolvedResource, type TemplateContext } from './context.js';

/** `AWS::EC2::VPCEndpoint`: an endpoint named after its logical id, with its `PolicyDocument`. */
export function vpcEndpoint(ctx: TemplateContext, r: ResolvedResource): void {
  const id = importedVpceId(r.id);
  const vpc = typeof r.props.VpcId === 'string' && !hasPlaceholder(r.props.VpcId) ? r.props.VpcId : undefined;
  if (!vpc)
    ctx.issues.warn(
      'unresolved-vpc',
      propPath(r, 'VpcId'),
      `the VPC of ${r.id} is not known offline; "vpc-${r.id.toLowerCase()}" is used instead`,
    );
  const service =
    typeof r.props.ServiceName === 'string' && !hasPlaceholder(r.props.ServiceName) ? r.props.ServiceName : undefined;
  ctx.builder.arns[r.id] = id;
  ctx.builder.vpcEndpoints.set(id, {
    vpc: vpc ?? `vpc-${r.id.toLowerCase()}`,
    account: ctx.env.accountId,
    ...(service !== undefined ? { service } : {}),
    // Without a PolicyDocument the endpoint has the default full-access policy.
    ...(r.props.PolicyDocument !== undefined ? { policy: documentProp(ctx, r, 'PolicyDocument', 'endpoint') } : {}),
  });
}

/** `AWS::S3::Bucket` `PublicAccessBlockConfiguration`: the bucket's Block Public Access settings. */
export function bucketPublicAccessBlock(ctx: TemplateContext, r: ResolvedResource): void {
  const config = r.props.PublicAccessBlockConfiguration;
  const arn = ctx.builder.arns[r.id];
  if (config === undefined || !arn) return;
  if (!isObject(config)) {
    ctx.issues.warn(
      'invalid-property',
      propPath(r, 'PublicAccessBlockConfiguration'),
      'PublicAccessBlockConfiguration is an object of four booleans; ignored',
    );
    return;
  }
  ctx.builder.resource(arn).s3BlockPublicAccess = blockPublicAccessSettings((name) => config[name]);
}
