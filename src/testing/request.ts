/**
 * Requests as IaC tests write them, completed with what the world implies: a request on an S3
 * object is governed by its bucket's policy, which imported worlds keep under the bucket's ARN.
 */
import type { AuthorizationRequest } from '../model/authorizer.js';
import type { WorldInput } from '../model/world.js';

/** The bucket ARN of an S3 object ARN (`arn:aws:s3:::bucket/key` → `arn:aws:s3:::bucket`). */
function bucketOf(resource: string): string | undefined {
  const m = /^(arn:[\w-]+:s3:::[^/]+)\/./.exec(resource);
  return m ? m[1] : undefined;
}

/**
 * Adds `resourcePolicy` to a request on an S3 object whose bucket policy the world holds under the
 * bucket's ARN (as the importers write it). Requests that name a resource policy are left alone.
 */
export function completeRequest(world: WorldInput | undefined, request: AuthorizationRequest): AuthorizationRequest {
  if (request.resourcePolicy !== undefined || typeof request.resource !== 'string') return request;
  const bucket = bucketOf(request.resource);
  const policies = world?.resourcePolicies;
  if (bucket === undefined || !policies || !Object.prototype.hasOwnProperty.call(policies, bucket)) return request;
  return { ...request, resourcePolicy: bucket };
}
