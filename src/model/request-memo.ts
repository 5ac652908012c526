/**
 * Memos of an authorizer's per-call path (docs/performance.md, "One-entry memos" and "Hot path,
 * round six"): the instant of a request's time text, what its action text alone decides, what its
 * resource (with the resource policy it names and the override switch) alone decides, and the
 * policy layers of a principal and resource. Callers send runs of requests on one action and one
 * resource; parsing the time, reading the action, looking the resource up in the directory,
 * splitting its ARN and gathering the layers were a fifth of a typical decision, and more than
 * half of a decision that rotates over many principals and resources.
 *
 * The last entry of each is kept for the next request; actions, resources and layers are also kept
 * in bounded maps ({@link MEMO_ENTRIES} entries each, emptied when full; resource texts of at most
 * {@link MEMO_RESOURCE_LENGTH} characters; texts within the request caps, checked before). A memo
 * belongs to one authorizer and never changes an answer: it keeps what the authorizer's immutable
 * directories answered for exactly these inputs.
 */
import { splitArn, type ArnSegments } from '../match/arn.js';
import { requestAction, requestTime, type RequestAction } from '../evaluate/request/index.js';
import type { ActionPlan, PolicyLayers, PolicyLevel } from '../evaluate/decide.js';
import { allowsEveryRequest, candidatesOf } from '../evaluate/layer.js';
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
  /**
   * The instant of {@link lastTimeText}. Starts `undefined` so that the field holds any value, not
   * only numbers: the instant is then kept as one heap number that every request reads, rather
   * than a number field's value boxed anew for each request (16 B per decision, issue #16).
   */
  private lastTime: number | undefined = undefined;
  private lastAction: ActionFacts | undefined;
  private lastResource: ResourceFacts | undefined;
  /** The policy layers of the last decision and what they were built from. */
  private lastLayers: LayersEntry | undefined;
  /**
   * Bounded maps of the same (see {@link remember}), each made when a second distinct entry comes
   * and then holding the first one too: an authorizer that decides once (a one-shot call, issue
   * #16) makes none.
   */
  private actions: Map<string, ActionFacts> | undefined = undefined;
  private byResource: Map<string, ResourceFacts> | undefined = undefined;
  /** Per principal: the layers of its last decision (one entry per principal). */
  private byPrincipal: Map<ResolvedPrincipal, LayersEntry> | undefined = undefined;

  constructor(private readonly resources: ResourceDirectory) {}

  /**
   * {@link requestTime} of a request's time value. Callers send the same time text for many
   * requests, and parsing it was a tenth of a typical decision: the last text of at most
   * {@link MAX_REMEMBERED_TIME} characters is remembered with its instant.
   */
  time(value: unknown): number | undefined {
    if (typeof value !== 'string') return requestTime(value);
    if (value === this.lastTimeText) return this.lastTime as number;
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
    let facts = this.actions?.get(action);
    if (facts === undefined) {
      const read = requestAction(action);
      facts = {
        action,
        actionLower: read.actionLower,
        service: read.service,
        assumeRole: isAssumeRoleAction(read.actionLower),
      };
      // Kept, its lower-cased text too: the next request on this action finds its candidate lists
      // by a text whose hash is known.
      if (action.length <= MEMO_RESOURCE_LENGTH && last !== undefined)
        remember(
          (this.actions ??= seeded(last.action, last, last.action.length <= MEMO_RESOURCE_LENGTH)),
          action,
          facts,
        );
    }
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
    const keep = resource.length <= MEMO_RESOURCE_LENGTH;
    const kept = keep ? this.byResource?.get(resource) : undefined;
    if (kept !== undefined && kept.named === named && kept.assumeRole === assumeRole && kept.namedWins === namedWins) {
      this.lastResource = kept;
      return kept;
    }
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
    if (keep && last !== undefined)
      remember(
        (this.byResource ??= seeded(last.resource, last, last.resource.length <= MEMO_RESOURCE_LENGTH)),
        resource,
        facts,
      );
    this.lastResource = facts;
    return facts;
  }

  /**
   * The policy layers of a request (spec §4.1): the principal's, the governing resource policy, the
   * organization's SCP and RCP levels, the endpoint's, and what they hold for the request's action
   * (`PolicyLayers.plan`). They are the same objects for the same principal, governing resource,
   * resource account, endpoint and action, so the last ones are kept, and each principal's last
   * ones.
   */
  layers(
    p: ResolvedPrincipal,
    governing: GoverningResource,
    resourceAccount: string | undefined,
    endpoint: CompiledEndpoint | undefined,
    org: CompiledOrganization,
    action: RequestAction,
  ): PolicyLayers {
    const entry = this.layersEntry(p, governing, resourceAccount, endpoint, org);
    if (entry.forAction.plan?.actionLower === action.actionLower) return entry.forAction;
    const layers = entry.layers;
    const { service, actionLower } = action;
    // The first decision on an action with these layers goes without a plan: the plan costs more
    // than it saves on one decision (a one-shot call makes one; issue #16). Built on the second.
    if (entry.unplanned !== actionLower) {
      entry.unplanned = actionLower;
      return layers;
    }
    const plan: ActionPlan = {
      actionLower,
      scpsAllow: scpsAllow(layers.scps, action),
      identity: candidatesOf(layers.identity, service, actionLower),
      resource: layers.resource !== undefined ? candidatesOf(layers.resource.policy, service, actionLower) : undefined,
    };
    entry.forAction = withPlan(layers, plan);
    return entry.forAction;
  }

  private layersEntry(
    p: ResolvedPrincipal,
    governing: GoverningResource,
    resourceAccount: string | undefined,
    endpoint: CompiledEndpoint | undefined,
    org: CompiledOrganization,
  ): LayersEntry {
    const last = this.lastLayers;
    if (
      last !== undefined &&
      last.principal === p &&
      last.governing === governing &&
      last.resourceAccount === resourceAccount &&
      last.endpoint === endpoint
    )
      return last;
    const kept = this.byPrincipal?.get(p);
    if (
      kept !== undefined &&
      kept.governing === governing &&
      kept.resourceAccount === resourceAccount &&
      kept.endpoint === endpoint
    ) {
      this.lastLayers = kept;
      return kept;
    }
    const account = p.principal.account;
    const layers = withPlan(
      {
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
      },
      undefined,
    );
    const entry: LayersEntry = {
      principal: p,
      governing,
      resourceAccount,
      endpoint,
      layers,
      forAction: layers,
      unplanned: undefined,
    };
    if (last !== undefined) remember((this.byPrincipal ??= seeded(last.principal, last, true)), p, entry);
    this.lastLayers = entry;
    return entry;
  }
}

/** Policy layers and what they were built from. */
interface LayersEntry {
  readonly principal: ResolvedPrincipal;
  readonly governing: GoverningResource;
  readonly resourceAccount: string | undefined;
  readonly endpoint: CompiledEndpoint | undefined;
  readonly layers: PolicyLayers;
  /** The layers with the plan of the last action decided with them (one entry). */
  forAction: PolicyLayers;
  /** The last action decided with these layers without a plan (its first decision): the next one builds it. */
  unplanned: string | undefined;
}

/**
 * The layers with `plan`, built member by member in one order: every layers object a decision
 * reads has one shape (an object spread makes another, and the reads of every layer slow down).
 */
function withPlan(l: PolicyLayers, plan: ActionPlan | undefined): PolicyLayers {
  return {
    identity: l.identity,
    boundary: l.boundary,
    session: l.session,
    resource: l.resource,
    scps: l.scps,
    rcps: l.rcps,
    resourceAccount: l.resourceAccount,
    managementAccount: l.managementAccount,
    resourceAwsManaged: l.resourceAwsManaged,
    endpoint: l.endpoint,
    plan,
  };
}

/** `true` when there are SCP levels and each allows every request for the action outright. */
function scpsAllow(levels: readonly PolicyLevel[] | undefined, action: RequestAction): boolean {
  if (levels === undefined) return false;
  for (const level of levels) if (!allowsEveryRequest(level.policies, action.service, action.actionLower)) return false;
  return true;
}

/** Most entries each map of a {@link RequestMemo} holds: a full map is emptied before it takes another. */
export const MEMO_ENTRIES = 1024;
/** Action and resource texts longer than this are remembered as the last one only, never in a map. */
export const MEMO_RESOURCE_LENGTH = 256;

/**
 * A memo map made when a second distinct entry comes, holding the first (`last`'s) when it may be
 * kept: an authorizer that decides once makes none (issue #16).
 */
function seeded<K, V>(key: K, value: V, keep: boolean): Map<K, V> {
  const map = new Map<K, V>();
  if (keep) map.set(key, value);
  return map;
}

/** `map.set(key, value)`, emptying the map first when it holds {@link MEMO_ENTRIES} entries. */
function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (map.size >= MEMO_ENTRIES) map.clear();
  map.set(key, value);
}

/** Time texts longer than this are not remembered (ISO 8601 with fractions and an offset is 35). */
const MAX_REMEMBERED_TIME = 64;

/** The account segment of an ARN (as `arnAccount` reads it), or `undefined`. */
function accountOf(s: ArnSegments): string | undefined {
  return s.count >= 6 && s.ends[4] !== s.starts[4] ? s.text.slice(s.starts[4], s.ends[4]) : undefined;
}
