/**
 * When a statement applies (spec §4.2) and what one policy layer says about a request.
 * The cheap path records nothing; with a {@link Tracer} every matched statement, every near miss
 * and every missing context key is recorded for the explanation.
 */
import type { ArnSegments } from '../match/arn.js';
import {
  GRANT_RANK,
  isExemptByNotPrincipal,
  isStrongestGrant,
  matchPrincipal,
  strongerGrant,
  type GrantKind,
} from '../match/principal.js';
import type { ContextLookup, ContextValue } from '../condition/context.js';
import { isAbsent, type CompiledCondition } from '../condition/compile.js';
import {
  actionMatches,
  candidatesFor,
  indexStatements,
  narrowCandidates,
  needsActionTest,
  resourceMatches,
  RESOURCE_INDEX_MIN,
  type IndexedBlocks,
  type ResourceMatcher,
  type CompiledPolicy,
  type CompiledStatement,
  type StatementList,
  type StatementIndex,
} from './compile.js';
import type { RequestPrincipal } from './principal.js';
import type { ConditionMiss, Layer, LayerVerdict, StatementMiss, StatementRef } from './decision.js';
import type { LayerResult } from './combine.js';

/** The verdicts a layer can give, built once: evaluating a layer allocates nothing. */
const DENY: LayerResult = Object.freeze({ verdict: 'deny' });
const ALLOW: LayerResult = Object.freeze({ verdict: 'allow' });
const NO_ALLOW: LayerResult = Object.freeze({ verdict: 'no-allow' });
/** An Allow of a resource-based policy, per grant kind (spec §2.3). */
const GRANTED = Object.freeze(
  Object.fromEntries(Object.keys(GRANT_RANK).map((grant) => [grant, Object.freeze({ verdict: 'allow', grant })])),
) as Readonly<Record<GrantKind, LayerResult>>;

/** A request prepared for evaluation: everything derived from it once. */
export interface EvalRequest {
  readonly principal: RequestPrincipal;
  readonly action: string;
  readonly actionLower: string;
  /** Lower-cased service prefix of the action. */
  readonly service: string;
  readonly resource: string;
  readonly segments: ArnSegments;
  readonly ctx: ContextLookup;
}

/**
 * How much a {@link Tracer} records. `explain`: everything the explanation needs. `matched`: the
 * statements that applied only, tried among those whose resources can match (the cheap path's
 * narrowing): for callers that ask which statements match, never why the others do not. `keys`:
 * the context keys that conditions of applicable statements read and the request lacks, and the
 * key of each such statement's first false condition, on the same path as `explain` (the
 * partial evaluator's question), without the references and the explanation.
 */
export type TraceDetail = 'explain' | 'matched' | 'keys';

/** Collects what the explanation needs while a request is evaluated. */
export class Tracer {
  readonly matched: StatementRef[] = [];
  readonly unmatched: StatementMiss[] = [];
  readonly missing = new Set<string>();
  /**
   * `keys` only: the lower-cased key of the first false condition of each statement that a
   * condition kept from applying (with `explain` it is `unmatched[].condition.key`).
   */
  readonly failed = new Set<string>();
  readonly layers: LayerVerdict[] = [];
  /** The decision carries an explanation (`explain`); otherwise the caller reads the tracer. */
  readonly explains: boolean;
  /** Applied statements are recorded (`explain`, `matched`). */
  readonly refs: boolean;

  constructor(readonly detail: TraceDetail = 'explain') {
    this.explains = detail === 'explain';
    this.refs = detail !== 'keys';
  }

  /** Records a layer verdict (for the explanation only). */
  layer(verdict: LayerVerdict): void {
    if (this.explains) this.layers.push(verdict);
  }

  /**
   * Empties the tracer, for the next decision (a caller may reuse one). Only what holds something:
   * clearing a set allocates a new table, and most decisions record nothing.
   */
  reset(): void {
    if (this.matched.length > 0) this.matched.length = 0;
    if (this.unmatched.length > 0) this.unmatched.length = 0;
    if (this.missing.size > 0) this.missing.clear();
    if (this.failed.size > 0) this.failed.clear();
    if (this.layers.length > 0) this.layers.length = 0;
  }
}

/** Which principal test a statement passes: `undefined` = it does not apply to this caller. */
type PrincipalResult = GrantKind | 'applies' | undefined;

function principalResult(st: CompiledStatement, p: RequestPrincipal): PrincipalResult {
  if (!st.principal) return 'applies';
  if (st.principal.not) return isExemptByNotPrincipal(st.principal.matcher, p) ? undefined : 'wildcard';
  return matchPrincipal(st.principal.matcher, p);
}

const EMPTY_INDEX = indexStatements([]);

/** A list of policies with the merged index of their statements, built when the list is compiled. */
export interface PolicyList extends ReadonlyArray<CompiledPolicy> {
  readonly index: StatementIndex;
  /**
   * Compile time only: its number among the lists the world's `PolicyCompiler` made (`-1`: made
   * elsewhere). Every list has it, so every list has one shape (the decision reads `index`).
   */
  readonly serial: number;
}

/** Compiles a policy list once: the index is built here, never during a decision. */
export function policyList(policies: readonly CompiledPolicy[], blocks?: IndexedBlocks, serial = -1): PolicyList {
  // An empty list is made with `new Array`: V8 froze a copy of an empty array, once given its
  // members, by a slow path (~3× a list of one; an organization without RCPs lists none).
  const list = (policies.length === 0 ? new Array<CompiledPolicy>(0) : policies.slice()) as CompiledPolicy[] & {
    index: StatementIndex;
    serial: number;
  };
  // The index reads the list's own copy (one array per list, not two). Its members are set in
  // place, in one order (no object made to be assigned from: a fresh authorizer makes a list per
  // principal and target, issue #16).
  list.index =
    list.length === 0
      ? EMPTY_INDEX
      : list.length === 1
        ? (list[0] as CompiledPolicy).index
        : indexStatements(list, blocks);
  list.serial = serial;
  return Object.freeze(list);
}

function indexOf(policies: readonly CompiledPolicy[] | CompiledPolicy): StatementIndex {
  // A compiled list, or one policy (a boundary, a resource policy): the index is built already.
  if ('index' in policies) return policies.index;
  if (policies.length === 0) return EMPTY_INDEX;
  if (policies.length === 1) return (policies[0] as CompiledPolicy).index;
  // A list nobody compiled (a caller of `decide` building layers by hand): indexed for this call only.
  return indexStatements(policies);
}

/**
 * Evaluates the policies of one layer. With `principals`, statements must name the caller
 * (resource-based, trust, key, endpoint and RCP policies); without, `Principal` is not consulted.
 * Lists built by {@link policyList} carry their index; others are indexed for this call only.
 */
export function evaluateLayer(
  policies: readonly CompiledPolicy[] | CompiledPolicy,
  layer: Layer,
  req: EvalRequest,
  principals: boolean,
  trace?: Tracer,
): LayerResult {
  // Only statements whose Action/NotAction matches the request's action (tested here when the
  // index could not settle it); without a trace, only those whose resources can match.
  if (!trace)
    return cheapLayer(
      candidatesFor(indexOf(policies), req.service, req.actionLower, req.segments.text),
      layer,
      req,
      principals,
    );
  // Every candidate is tried, so that the trace records every match and near miss; a trace of the
  // applied statements only tries those whose resources can match (as the cheap path does).
  const candidates =
    trace.detail === 'matched'
      ? candidatesFor(indexOf(policies), req.service, req.actionLower, req.segments.text)
      : candidatesFor(indexOf(policies), req.service, req.actionLower);
  let deny = false;
  let allow = false;
  let grant: GrantKind | undefined;
  const all = candidates.all;
  const tests = candidates.actionChecked ? 0 : candidates.allTests;
  for (let i = 0; i < all.length; i++) {
    const st = all[i] as CompiledStatement;
    if (tests !== 0 && needsActionTest(tests, i) && !actionMatches(st, req.actionLower)) continue;
    const applied = applies(st, layer, req, principals, trace);
    if (applied === undefined) continue;
    if (st.effect === 'Deny') deny = true;
    else if (principals && applied !== 'applies') {
      grant = strongerGrant(grant, applied);
    } else allow = true;
  }
  return deny ? DENY : grant ? GRANTED[grant] : allow ? ALLOW : NO_ALLOW;
}

/**
 * {@link evaluateLayer} without a trace and without the policies' statement index: the statements
 * each policy lists under the request's service, then its any-service ones (the index's candidates
 * before it drops those whose actions cannot match), tried in that order, Denies first, where their
 * `Action`/`NotAction` matches — the statements, order and verdict of the indexed path. For an
 * authorizer's first decision (`decide`'s `unindexed`): building the index's candidates of a
 * service for one decision cost more than trying a few statements (issue #16: a one-shot call
 * decides once), and an authorizer that decides on builds them on its next decisions. Only for
 * an action with a service prefix and fewer than {@link RESOURCE_INDEX_MIN} such statements (a
 * longer list is narrowed by resource, so the indexed path tries fewer); otherwise the indexed path.
 */
export function evaluateUnindexed(
  policies: readonly CompiledPolicy[] | CompiledPolicy,
  layer: Layer,
  req: EvalRequest,
  principals: boolean,
): LayerResult {
  const service = req.service;
  // One list either way (a layer of one policy is given as the policy: this runs once per layer).
  const list = Array.isArray(policies) ? policies : [policies as CompiledPolicy];
  if (service.length >= req.actionLower.length || !fewStatements(list, service))
    return evaluateLayer(policies, layer, req, principals);
  for (let i = 0; i < list.length; i++)
    if (deniesIn(list[i] as CompiledPolicy, service, layer, req, principals)) return DENY;
  let grant: GrantKind | 'applies' | undefined;
  for (let i = 0; i < list.length && !settled(grant); i++) {
    const p = list[i] as CompiledPolicy;
    grant = grantIn(p.byService.get(service), layer, req, principals, grant as GrantKind | undefined);
    if (!settled(grant)) grant = grantIn(p.anyService, layer, req, principals, grant as GrantKind | undefined);
  }
  return grant === 'applies' ? ALLOW : grant ? GRANTED[grant] : NO_ALLOW;
}

/** `true` when no later Allow can change the layer's verdict: one applied outright, or a grant of the highest rank. */
function settled(grant: GrantKind | 'applies' | undefined): boolean {
  return grant === 'applies' || (grant !== undefined && isStrongestGrant(grant));
}

/** `true` when `policies` list fewer than {@link RESOURCE_INDEX_MIN} statements for `service` (any-service ones included). */
function fewStatements(policies: readonly CompiledPolicy[], service: string): boolean {
  let n = 0;
  for (let i = 0; i < policies.length && n < RESOURCE_INDEX_MIN; i++) {
    const p = policies[i] as CompiledPolicy;
    n += (p.byService.get(service)?.length ?? 0) + p.anyService.length;
  }
  return n < RESOURCE_INDEX_MIN;
}

/** `true` when a Deny of `p` for the request's service (or any service) matches its action and applies. */
function deniesIn(p: CompiledPolicy, service: string, layer: Layer, req: EvalRequest, principals: boolean): boolean {
  return denyIn(p.byService.get(service), layer, req, principals) || denyIn(p.anyService, layer, req, principals);
}

function denyIn(
  list: readonly CompiledStatement[] | undefined,
  layer: Layer,
  req: EvalRequest,
  principals: boolean,
): boolean {
  if (list === undefined) return false;
  for (let i = 0; i < list.length; i++) {
    const st = list[i] as CompiledStatement;
    if (st.effect !== 'Deny' || !actionMatches(st, req.actionLower)) continue;
    if (applies(st, layer, req, principals, undefined) !== undefined) return true;
  }
  return false;
}

/**
 * The Allows of `list` in order, as {@link cheapLayer} tries them: `'applies'` when one applies
 * outright (the layer allows), else the strongest grant kind so far (from `grant` on).
 */
function grantIn(
  list: readonly CompiledStatement[] | undefined,
  layer: Layer,
  req: EvalRequest,
  principals: boolean,
  grant: GrantKind | undefined,
): GrantKind | 'applies' | undefined {
  if (list === undefined) return grant;
  for (let i = 0; i < list.length; i++) {
    const st = list[i] as CompiledStatement;
    if (st.effect === 'Deny' || !actionMatches(st, req.actionLower)) continue;
    const applied = applies(st, layer, req, principals, undefined);
    if (applied === undefined) continue;
    if (!principals || applied === 'applies') return 'applies';
    grant = strongerGrant(grant, applied);
    if (isStrongestGrant(grant)) return grant;
  }
  return grant;
}

/**
 * The candidate statements of `policies` for an action (not narrowed by resource): see `ActionPlan`.
 * A short list that still needs the action test (an action no statement names literally:
 * `ec2:DescribeInstances` under `ec2:Describe*`) is tested here, once per plan, so that deciding
 * with it tests no action: the statements that match, in the same order.
 */
export function candidatesOf(
  policies: readonly CompiledPolicy[] | CompiledPolicy,
  service: string,
  actionLower: string,
): StatementList {
  const list = candidatesFor(indexOf(policies), service, actionLower);
  return list.actionChecked || list.byResource !== undefined || list.all.length >= RESOURCE_INDEX_MIN
    ? list
    : checkedFor(list, actionLower);
}

/**
 * The statements of a short unchecked list whose `Action`/`NotAction` matches `actionLower`, as a
 * checked list: what the loops of {@link cheapLayer} try, in their order. Short lists only (no
 * resource prefix table to rebuild; the tests cost what one decision's would).
 */
function checkedFor(list: StatementList, actionLower: string): StatementList {
  const all: CompiledStatement[] = [];
  const deny: CompiledStatement[] = [];
  const allow: CompiledStatement[] = [];
  for (let i = 0; i < list.all.length; i++) {
    const st = list.all[i] as CompiledStatement;
    if (needsActionTest(list.allTests, i) && !actionMatches(st, actionLower)) continue;
    all.push(st);
    (st.effect === 'Deny' ? deny : allow).push(st);
  }
  return {
    all,
    deny,
    allow,
    actionChecked: true,
    allTests: 0,
    denyTests: 0,
    allowTests: 0,
    byResource: undefined,
  };
}

/**
 * {@link evaluateLayer} without a trace, from the candidates {@link candidatesOf} gave for the
 * request's action: the same statements, narrowed by the request's resource, the same verdict.
 */
export function evaluateCandidates(
  candidates: StatementList,
  layer: Layer,
  req: EvalRequest,
  principals: boolean,
): LayerResult {
  return cheapLayer(narrowCandidates(candidates, req.segments.text), layer, req, principals);
}

/**
 * `true` when the policies allow every request for the action outright, whatever its resource,
 * principal and context: no candidate Deny names the action, and the first candidate Allow that
 * names it has no condition and names every resource (`FullAWSAccess` at an SCP level). For such a
 * list {@link evaluateLayer} without `principals` answers Allow at that statement, without matching
 * a resource or charging a step. Depends on the policies and the action only (see
 * `ActionPlan.scpsAllow`).
 */
export function allowsEveryRequest(
  policies: readonly CompiledPolicy[] | CompiledPolicy,
  service: string,
  actionLower: string,
): boolean {
  const c = candidatesOf(policies, service, actionLower);
  const checked = c.actionChecked;
  for (let i = 0; i < c.deny.length; i++) {
    const st = c.deny[i] as CompiledStatement;
    if (checked || !needsActionTest(c.denyTests, i) || actionMatches(st, actionLower)) return false;
  }
  for (let i = 0; i < c.allow.length; i++) {
    const st = c.allow[i] as CompiledStatement;
    if (!checked && needsActionTest(c.allowTests, i) && !actionMatches(st, actionLower)) continue;
    // The first Allow the loop would try: it must apply to every request.
    return st.conditions.length === 0 && everyResource(st);
  }
  return false;
}

/**
 * A statement whose `Resource` starts with `*` (matched first, so no pattern before it is tried
 * and no step charged), or that has neither `Resource` nor `NotResource`.
 */
function everyResource(st: CompiledStatement): boolean {
  const r = st.resource;
  if (r === undefined) return true;
  return !r.not && r.matchers.length > 0 && (r.matchers[0] as ResourceMatcher).kind === 'any';
}

/**
 * The same verdict without a trace, doing as little as possible: an applicable Deny settles the
 * layer (and the decision), so Denies are tried first; then Allows until one applies (with
 * `principals`: until one with the strongest grant kind applies).
 */
function cheapLayer(candidates: StatementList, layer: Layer, req: EvalRequest, principals: boolean): LayerResult {
  const checked = candidates.actionChecked;
  const denyTests = checked ? 0 : candidates.denyTests;
  const allowTests = checked ? 0 : candidates.allowTests;
  // Indexed loops: the hot path must not depend on iterator objects being optimized away.
  const denies = candidates.deny;
  for (let i = 0; i < denies.length; i++) {
    const st = denies[i] as CompiledStatement;
    if (denyTests !== 0 && needsActionTest(denyTests, i) && !actionMatches(st, req.actionLower)) continue;
    if (applies(st, layer, req, principals, undefined) !== undefined) return DENY;
  }
  let grant: GrantKind | undefined;
  const allows = candidates.allow;
  for (let i = 0; i < allows.length; i++) {
    const st = allows[i] as CompiledStatement;
    if (allowTests !== 0 && needsActionTest(allowTests, i) && !actionMatches(st, req.actionLower)) continue;
    const applied = applies(st, layer, req, principals, undefined);
    if (applied === undefined) continue;
    if (!principals || applied === 'applies') return ALLOW;
    grant = strongerGrant(grant, applied);
    if (isStrongestGrant(grant)) break;
  }
  return grant ? GRANTED[grant] : NO_ALLOW;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A reference to a statement for the explanation. Built member by member in one fixed order
 * (optional members only when set): object spreads made the explained path several times slower.
 */
function ref(st: CompiledStatement, layer: Layer, grant?: GrantKind): StatementRef {
  const r = { layer, policyId: st.policy.id, statementIndex: st.index } as Mutable<StatementRef>;
  if (st.sid !== undefined) r.sid = st.sid;
  r.effect = st.effect;
  if (grant) r.grant = grant;
  return r;
}

/** A statement that did not apply, and why. */
function miss(
  st: CompiledStatement,
  layer: Layer,
  failed: StatementMiss['failed'],
  condition?: ConditionMiss,
): StatementMiss {
  const r = ref(st, layer) as Mutable<StatementMiss>;
  r.failed = failed;
  if (condition) r.condition = condition;
  return r;
}

/** Applies the resource, principal and condition tests (the action already matched). */
function applies(
  st: CompiledStatement,
  layer: Layer,
  req: EvalRequest,
  principals: boolean,
  trace: Tracer | undefined,
): PrincipalResult {
  if (!resourceMatches(st, req.segments, req.ctx)) {
    if (trace?.explains) trace.unmatched.push(miss(st, layer, 'resource'));
    return undefined;
  }
  let result: PrincipalResult = 'applies';
  if (principals) {
    result = st.principal ? principalResult(st, req.principal) : undefined;
    if (result === undefined) {
      if (trace?.explains) trace.unmatched.push(miss(st, layer, 'principal'));
      return undefined;
    }
  }
  if (!trace) {
    const conditions = st.conditions;
    for (let i = 0; i < conditions.length; i++)
      if (!(conditions[i] as CompiledCondition).test(req.ctx)) return undefined;
    return result;
  }
  // Every condition is tested in order, recording each missing key; the first false one is the
  // statement's near miss (`explain`) or its failed key (`keys`).
  let failed: CompiledCondition | undefined;
  let failedValue: ContextValue | undefined;
  let failedMissing = false;
  const conditions = st.conditions;
  for (let i = 0; i < conditions.length; i++) {
    const c = conditions[i] as CompiledCondition;
    const value = req.ctx.get(c.keyLower);
    const missing = isAbsent(value);
    if (missing) trace.missing.add(c.keyLower);
    if (!failed && !c.test(req.ctx)) {
      failed = c;
      failedValue = value;
      failedMissing = missing;
    }
  }
  if (failed) {
    if (trace.explains) {
      const clause = failed.clause;
      const m = { operator: clause.operator, key: clause.key, values: clause.values } as Mutable<ConditionMiss>;
      if (failedValue !== undefined) m.requestValue = failedValue;
      m.missing = failedMissing;
      trace.unmatched.push(miss(st, layer, 'condition', m));
    } else if (!trace.refs) trace.failed.add(failed.keyLower);
    return undefined;
  }
  if (trace.refs) trace.matched.push(ref(st, layer, principals && result !== 'applies' ? result : undefined));
  return result;
}
