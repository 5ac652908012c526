/**
 * The shape check and preparation every request goes through, whichever entry point it came in
 * by (`evaluate`, `compilePolicySet`, `authorize`, the matchers, the CLI, STS).
 */
import { splitArn, type ArnSegments } from '../../match/arn.js';
import type { ContextLookup } from '../../condition/context.js';
import type { EvalRequest } from '../layer.js';
import type { RequestPrincipal } from '../principal.js';

/** Reads an own member only: a polluted `Object.prototype` must not supply request fields. */
export function own(o: object, key: string): unknown {
  return Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

/**
 * What is wrong with a request's shape (the `InvalidRequest:<member>` detail), or `undefined`.
 * `credentials`: the caller may be named by `accessKeyId` instead of `principal`.
 */
export function requestProblem(r: unknown, credentials: boolean): string | undefined {
  if (typeof r !== 'object' || r === null) return 'request';
  if (typeof own(r, 'principal') !== 'string' && !(credentials && typeof own(r, 'accessKeyId') === 'string')) return 'principal';
  const action = own(r, 'action');
  if (typeof action !== 'string' || action.length === 0) return 'action';
  const resource = own(r, 'resource');
  if (typeof resource !== 'string' || resource.length === 0) return 'resource';
  const context = own(r, 'context');
  if (context !== undefined && (typeof context !== 'object' || context === null || Array.isArray(context))) return 'context';
  const time = own(r, 'time');
  if (time !== undefined && typeof time !== 'string' && typeof time !== 'number') return 'time';
  const vpcEndpoint = own(r, 'vpcEndpoint');
  if (vpcEndpoint !== undefined && typeof vpcEndpoint !== 'string') return 'vpcEndpoint';
  return undefined;
}

/**
 * A request ready for the layers: lower-cased action, its service prefix, the resource's ARN
 * segments (pass them, and the lower-cased action, when the entry point has them already).
 */
export function prepareRequest(
  principal: RequestPrincipal,
  action: string,
  resource: string,
  ctx: ContextLookup,
  segments?: ArnSegments,
  actionLower: string = action.toLowerCase(),
): EvalRequest {
  const colon = actionLower.indexOf(':');
  return {
    principal,
    action,
    actionLower,
    service: colon < 0 ? actionLower : actionLower.slice(0, colon),
    resource,
    segments: segments ?? splitArn(resource),
    ctx,
  };
}
