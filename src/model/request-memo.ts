/**
 * One-entry memos of an authorizer's per-call path (docs/performance.md, "One-entry memos"): the
 * instant of a request's time text, what its action text alone decides, and what its resource (with the resource policy it names
 * and the override switch) alone decides, and the policy layers of the last principal and resource,
 * remembered for the last request. Callers send runs of requests on one action and one resource;
 * parsing the time, reading the action, looking the resource up in the directory, splitting its ARN and gathering
 * the layers were a fifth of a typical decision.
 *
 * Each memo holds one entry (texts within the request caps, checked before), belongs to one
 * authorizer, and never changes an answer: it keeps what the authorizer's immutable directories
 * answered for exactly these inputs.
 */
import { splitArn, type ArnSegments } from '../match/arn.js';
import { requestAction, requestTime, type RequestAction } from '../evaluate/request/index.js';
import type { PolicyLayers } from '../evaluate/decide.js';
import { isAssumeRoleAction, type GoverningResource, type ResourceDirectory } from './resources.js';
import type { CompiledOrganization } from './organization.js';
import type { ResolvedPrincipal } from './principals.js';
import type { CompiledEndpoint } from './vpc-endpoints.js';

/** What a request's action text decides. */
export interface ActionFacts extends RequestAction {
  /** The action's resource policy is a role's trust policy ({@link isAssumeRoleAction}). */
  readonly assumeRole: boolean;
}

/** What a request's resource decides, with the resource policy it names and whether that one wins. */
export interface ResourceFacts {
  readonly resource: string;
  readonly assumeRole: boolean;
  readonly named: string | undefined;
  readonly namedWins: boolean;
  readonly governing: GoverningResource;
  readonly segments: ArnSegments;
  /** The account field of the resource ARN, when it has one. */
  readonly arnAccount: string | undefined;
}

/** The last time text, action and resource an authorizer decided, and what they decide. */
export class RequestMemo {
  private lastTimeText: string | undefined;
  private lastTime = 0;
  private lastAction: ActionFacts | undefined;
  private lastResource: ResourceFacts | undefined;
  /** The policy layers of the last decision and what they were built from. */
  private lastLayers: LayersEntry | undefined;

  constructor(private readonly resources: ResourceDirectory) {}

  /**
   * {@link requestTime} of a request's time value. Callers send the same time text for many
   * requests, and parsing it was a tenth of a typical decision: the last text of at most
   * {@link MAX_REMEMBERED_TIME} characters is remembered with its instant.
   */
  time(value: unknown): number | undefined {
    if (typeof value !== 'string') return requestTime(value);
    if (value === this.lastTimeText) return this.lastTime;
    const time = requestTime(value);
    if (time !== undefined && value.length <= MAX_REMEMBERED_TIME) {
      this.lastTimeText = value;
      this.lastTime = time;
    }
    return time;
  }

  /** The facts of an action text. */
  action(action: string): ActionFacts {
    const last = this.lastAction;
    if (last !== undefined && last.action === action) return last;
    const read = requestAction(action);
    const facts: ActionFacts = {
      action,
      actionLower: read.actionLower,
      service: read.service,
      assumeRole: isAssumeRoleAction(read.actionLower),
    };
    this.lastAction = facts;
    return facts;
  }

  /**
   * What governs a request on `resource` ({@link ResourceDirectory.governing}) and its ARN
   * segments; `undefined` when `named` is not a resource policy of the world.
   */
  resource(
    resource: string,
    assumeRole: boolean,
    named: string | undefined,
    namedWins: boolean,
  ): ResourceFacts | undefined {
    const last = this.lastResource;
    if (
      last !== undefined &&
      last.resource === resource &&
      last.named === named &&
      last.assumeRole === assumeRole &&
      last.namedWins === namedWins
    )
      return last;
    const governing = this.resources.governing(resource, assumeRole, named, namedWins);
    if (!governing) return undefined;
    const segments = splitArn(resource);
    const facts: ResourceFacts = {
      resource,
      assumeRole,
      named,
      namedWins,
      governing,
      segments,
      arnAccount: accountOf(segments),
    };
    this.lastResource = facts;
    return facts;
  }

  /**
   * The policy layers of a request (spec §4.1): the principal's, the governing resource policy, the
   * organization's SCP and RCP levels, the endpoint's. They are the same objects for the same
   * principal, governing resource, resource account and endpoint, so the last ones are kept.
   */
  layers(
    p: ResolvedPrincipal,
    governing: GoverningResource,
    resourceAccount: string | undefined,
    endpoint: CompiledEndpoint | undefined,
    org: CompiledOrganization,
  ): PolicyLayers {
    const last = this.lastLayers;
    if (
      last !== undefined &&
      last.principal === p &&
      last.governing === governing &&
      last.resourceAccount === resourceAccount &&
      last.endpoint === endpoint
    )
      return last.layers;
    const account = p.principal.account;
    const layers: PolicyLayers = {
      identity: p.identity,
      boundary: p.boundary,
      session: p.session,
      resource: governing.policy,
      scps: account !== undefined ? org.scpLevels.get(account) : undefined,
      rcps: resourceAccount !== undefined ? org.rcpLevels.get(resourceAccount) : undefined,
      resourceAccount,
      managementAccount: org.managementAccount,
      resourceAwsManaged: governing.awsManaged,
      endpoint: endpoint?.policies,
    };
    this.lastLayers = { principal: p, governing, resourceAccount, endpoint, layers };
    return layers;
  }
}

/** Policy layers and what they were built from. */
interface LayersEntry {
  readonly principal: ResolvedPrincipal;
  readonly governing: GoverningResource;
  readonly resourceAccount: string | undefined;
  readonly endpoint: CompiledEndpoint | undefined;
  readonly layers: PolicyLayers;
}

/** Time texts longer than this are not remembered (ISO 8601 with fractions and an offset is 35). */
const MAX_REMEMBERED_TIME = 64;

/** The account segment of an ARN (as `arnAccount` reads it), or `undefined`. */
function accountOf(s: ArnSegments): string | undefined {
  return s.count >= 6 && s.ends[4] !== s.starts[4] ? s.text.slice(s.starts[4], s.ends[4]) : undefined;
}
