/**
 * The shape check and preparation every request goes through, whichever entry point it came in
 * by (`evaluate`, `compilePolicySet`, `authorize`, the matchers, the CLI, STS).
 */
import { splitArn, type ArnSegments } from '../../match/arn.js';
import type { ContextLookup } from '../../condition/context.js';
import type { EvalRequest } from '../layer.js';
import type { RequestPrincipal } from '../principal.js';
import { isOwn, own } from '../../json/own.js';

export { own };

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
 * Reads a request's members once into one flat object (own members only: a polluted
 * `Object.prototype` supplies none, a getter runs once). The request's own enumerable names are
 * walked once ({@link isOwn} inside `for…in` is answered from the enumeration itself: 25 ns per
 * request here, 65 ns through a module-level `hasOwnProperty`, see `isOwn`; the member is then a
 * keyed load of a known name); a member the walk did not meet is looked for with `in` (answered
 * from the object's shape when the optimizing compiler knows it) and, only when that finds it (a
 * non-enumerable own member, or an inherited one), with {@link isOwn}. Twelve `hasOwnProperty`
 * calls per request cost more than the rest of reading and checking it.
 * `into`: a record to fill (an authorizer's {@link RequestFrame}), written only once every member
 * has been read, so that a getter that decides another request meanwhile cannot mix two requests.
 */
export function readMembers(r: object, into: ReadMembers = new ReadMembers()): ReadMembers {
  const o = r as Record<string, unknown>;
  let principal: unknown;
  let action: unknown;
  let resource: unknown;
  let resourceAccount: unknown;
  let resourcePolicy: unknown;
  let time: unknown;
  let context: unknown;
  let sts: unknown;
  let accessKeyId: unknown;
  let sessionToken: unknown;
  let vpcEndpoint: unknown;
  let requestPolicy: unknown;
  /** Bit `i`: the `i`-th member was met by the walk. */
  let met = 0;
  for (const key in o) {
    if (!isOwn(o, key)) continue;
    // Told apart by length first (one integer switch; only `accessKeyId` and `vpcEndpoint` share
    // one), then one comparison: a switch over the names compares each key with every name before it.
    switch (key.length) {
      case 9:
        if (key === 'principal') {
          principal = o[key];
          met |= 1;
        }
        break;
      case 6:
        if (key === 'action') {
          action = o[key];
          met |= 2;
        }
        break;
      case 8:
        if (key === 'resource') {
          resource = o[key];
          met |= 4;
        }
        break;
      case 15:
        if (key === 'resourceAccount') {
          resourceAccount = o[key];
          met |= 8;
        }
        break;
      case 14:
        if (key === 'resourcePolicy') {
          resourcePolicy = o[key];
          met |= 16;
        }
        break;
      case 4:
        if (key === 'time') {
          time = o[key];
          met |= 32;
        }
        break;
      case 7:
        if (key === 'context') {
          context = o[key];
          met |= 64;
        }
        break;
      case 3:
        if (key === 'sts') {
          sts = o[key];
          met |= 128;
        }
        break;
      case 11:
        if (key === 'accessKeyId') {
          accessKeyId = o[key];
          met |= 256;
        } else if (key === 'vpcEndpoint') {
          vpcEndpoint = o[key];
          met |= 1024;
        }
        break;
      case 12:
        if (key === 'sessionToken') {
          sessionToken = o[key];
          met |= 512;
        }
        break;
      case 13:
        if (key === 'requestPolicy') {
          requestPolicy = o[key];
          met |= 2048;
        }
    }
  }
  if (met !== 4095) {
    // Members the walk did not meet: absent, unless own and not enumerable.
    if ((met & 1) === 0 && 'principal' in o && isOwn(o, 'principal')) principal = o.principal;
    if ((met & 2) === 0 && 'action' in o && isOwn(o, 'action')) action = o.action;
    if ((met & 4) === 0 && 'resource' in o && isOwn(o, 'resource')) resource = o.resource;
    if ((met & 8) === 0 && 'resourceAccount' in o && isOwn(o, 'resourceAccount')) resourceAccount = o.resourceAccount;
    if ((met & 16) === 0 && 'resourcePolicy' in o && isOwn(o, 'resourcePolicy')) resourcePolicy = o.resourcePolicy;
    if ((met & 32) === 0 && 'time' in o && isOwn(o, 'time')) time = o.time;
    if ((met & 64) === 0 && 'context' in o && isOwn(o, 'context')) context = o.context;
    if ((met & 128) === 0 && 'sts' in o && isOwn(o, 'sts')) sts = o.sts;
    if ((met & 256) === 0 && 'accessKeyId' in o && isOwn(o, 'accessKeyId')) accessKeyId = o.accessKeyId;
    if ((met & 512) === 0 && 'sessionToken' in o && isOwn(o, 'sessionToken')) sessionToken = o.sessionToken;
    if ((met & 1024) === 0 && 'vpcEndpoint' in o && isOwn(o, 'vpcEndpoint')) vpcEndpoint = o.vpcEndpoint;
    if ((met & 2048) === 0 && 'requestPolicy' in o && isOwn(o, 'requestPolicy')) requestPolicy = o.requestPolicy;
  }
  into.principal = principal;
  into.action = action;
  into.resource = resource;
  into.resourceAccount = resourceAccount;
  into.resourcePolicy = resourcePolicy;
  into.time = time;
  into.context = context;
  into.sts = sts;
  into.accessKeyId = accessKeyId;
  into.sessionToken = sessionToken;
  into.vpcEndpoint = vpcEndpoint;
  into.requestPolicy = requestPolicy;
  return into;
}

/**
 * The members of one request as {@link readMembers} read them: one class, whether the record is
 * fresh or an authorizer's reused one (a reading site then sees one shape).
 */
export class ReadMembers implements RequestMembers {
  principal: unknown = undefined;
  action: unknown = undefined;
  resource: unknown = undefined;
  resourceAccount: unknown = undefined;
  resourcePolicy: unknown = undefined;
  time: unknown = undefined;
  context: unknown = undefined;
  sts: unknown = undefined;
  accessKeyId: unknown = undefined;
  sessionToken: unknown = undefined;
  vpcEndpoint: unknown = undefined;
  requestPolicy: unknown = undefined;
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
): PreparedRequest {
  return new PreparedRequest().set(principal, action, resource, ctx, segments);
}

/** What {@link prepareRequest} builds: one class, whether fresh or an authorizer's reused one. */
export class PreparedRequest implements EvalRequest {
  principal: RequestPrincipal = NO_PRINCIPAL;
  action = '';
  actionLower = '';
  service = '';
  resource = '';
  segments: ArnSegments = NO_SEGMENTS;
  ctx: ContextLookup = NO_KEYS;

  /** Fills the request (see {@link prepareRequest}). */
  set(
    principal: RequestPrincipal,
    action: string | RequestAction,
    resource: string,
    ctx: ContextLookup,
    segments?: ArnSegments,
  ): this {
    const a = typeof action === 'string' ? requestAction(action) : action;
    this.principal = principal;
    this.action = a.action;
    this.actionLower = a.actionLower;
    this.service = a.service;
    this.resource = resource;
    this.segments = segments ?? splitArn(resource);
    this.ctx = ctx;
    return this;
  }
}

const NO_PRINCIPAL: RequestPrincipal = Object.freeze({
  kind: 'anonymous',
  arn: undefined,
  account: undefined,
  partition: 'aws',
});
const NO_SEGMENTS: ArnSegments = splitArn('');
const NO_KEYS: ContextLookup = Object.freeze({ get: () => undefined });
