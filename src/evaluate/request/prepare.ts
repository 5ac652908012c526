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

/** Every member of a request as the entry points read it (own members only, each read once, unchecked). */
export interface RequestMembers {
  readonly principal: unknown;
  readonly action: unknown;
  readonly resource: unknown;
  readonly resourceAccount: unknown;
  readonly resourcePolicy: unknown;
  readonly time: unknown;
  readonly context: unknown;
  readonly sts: unknown;
  readonly accessKeyId: unknown;
  readonly sessionToken: unknown;
  readonly vpcEndpoint: unknown;
  readonly requestPolicy: unknown;
}

/**
 * `Object.prototype.hasOwnProperty`, taken once when the module loads (a later change to
 * `Object.prototype` cannot replace it); `hasOwnProperty.call(o, key)` is what the optimizing
 * compiler turns into an inline check.
 */
const hasOwnProperty = Object.prototype.hasOwnProperty;

/**
 * Reads a request's members once into one flat object (own members only: a polluted
 * `Object.prototype` supplies none, a getter runs once). Each member is a named read after its own
 * check, so that the read is a plain property load on the hot path (a generic `own(o, key)` per
 * member cost twice as much).
 */
export function readMembers(r: object): RequestMembers {
  const o = r as Record<string, unknown>;
  const has = hasOwnProperty;
  return {
    principal: has.call(o, 'principal') ? o.principal : undefined,
    action: has.call(o, 'action') ? o.action : undefined,
    resource: has.call(o, 'resource') ? o.resource : undefined,
    resourceAccount: has.call(o, 'resourceAccount') ? o.resourceAccount : undefined,
    resourcePolicy: has.call(o, 'resourcePolicy') ? o.resourcePolicy : undefined,
    time: has.call(o, 'time') ? o.time : undefined,
    context: has.call(o, 'context') ? o.context : undefined,
    sts: has.call(o, 'sts') ? o.sts : undefined,
    accessKeyId: has.call(o, 'accessKeyId') ? o.accessKeyId : undefined,
    sessionToken: has.call(o, 'sessionToken') ? o.sessionToken : undefined,
    vpcEndpoint: has.call(o, 'vpcEndpoint') ? o.vpcEndpoint : undefined,
    requestPolicy: has.call(o, 'requestPolicy') ? o.requestPolicy : undefined,
  };
}

/**
 * What is wrong with a request's shape (the `InvalidRequest:<member>` detail), or `undefined`.
 * `credentials`: the caller may be named by `accessKeyId` instead of `principal`.
 */
export function requestProblem(r: unknown, credentials: boolean): string | undefined {
  if (typeof r !== 'object' || r === null) return 'request';
  return shapeProblem(
    {
      principal: own(r, 'principal'),
      accessKeyId: own(r, 'accessKeyId'),
      action: own(r, 'action'),
      resource: own(r, 'resource'),
      context: own(r, 'context'),
      time: own(r, 'time'),
      vpcEndpoint: own(r, 'vpcEndpoint'),
    },
    credentials,
  );
}

/** The request members whose shape every entry point checks. */
export interface ShapedMembers {
  readonly principal?: unknown;
  readonly accessKeyId?: unknown;
  readonly action?: unknown;
  readonly resource?: unknown;
  readonly context?: unknown;
  readonly time?: unknown;
  readonly vpcEndpoint?: unknown;
}

/**
 * {@link requestProblem} over members an entry point has read once (own members only), so that
 * the request is not read a second time.
 */
export function shapeProblem(m: ShapedMembers, credentials: boolean): string | undefined {
  if (typeof m.principal !== 'string' && !(credentials && typeof m.accessKeyId === 'string')) return 'principal';
  const action = m.action;
  if (typeof action !== 'string' || action.length === 0) return 'action';
  const resource = m.resource;
  if (typeof resource !== 'string' || resource.length === 0) return 'resource';
  const context = m.context;
  if (context !== undefined && (typeof context !== 'object' || context === null || Array.isArray(context)))
    return 'context';
  const time = m.time;
  if (time !== undefined && typeof time !== 'string' && typeof time !== 'number') return 'time';
  const vpcEndpoint = m.vpcEndpoint;
  if (vpcEndpoint !== undefined && typeof vpcEndpoint !== 'string') return 'vpcEndpoint';
  return undefined;
}

/** What a request's action text alone decides: its lower-cased form and its service prefix. */
export interface RequestAction {
  readonly action: string;
  readonly actionLower: string;
  /** Lower-cased service prefix of the action (the whole action when it has no colon). */
  readonly service: string;
}

/** Reads an action once: lower-cased, and its service prefix. */
export function requestAction(action: string, actionLower: string = action.toLowerCase()): RequestAction {
  const colon = actionLower.indexOf(':');
  return { action, actionLower, service: colon < 0 ? actionLower : actionLower.slice(0, colon) };
}

/**
 * A request ready for the layers: lower-cased action, its service prefix, the resource's ARN
 * segments (pass them, and the action as {@link requestAction} read it, when the entry point has
 * them already).
 */
export function prepareRequest(
  principal: RequestPrincipal,
  action: string | RequestAction,
  resource: string,
  ctx: ContextLookup,
  segments?: ArnSegments,
): EvalRequest {
  const a = typeof action === 'string' ? requestAction(action) : action;
  return {
    principal,
    action: a.action,
    actionLower: a.actionLower,
    service: a.service,
    resource,
    segments: segments ?? splitArn(resource),
    ctx,
  };
}
