/**
 * The decision procedure of spec §4.3, with the same-account resource-policy rules of §4.4,
 * strict resource policies (§4.5), boundaries (§4.6), session policies (§4.7), SCPs (§4.8),
 * RCPs (§4.9), cross-account requests (§4.10), the root user (§4.11), anonymous callers (§4.12)
 * and service principals (§4.13).
 */
import type { DecisionReason } from './reasons.js';
import { inManagementAccount, rcpExemption, scpExemption, RCP_SERVICES } from './applicability.js';
import { combine, type CombineFacts, type LayerResult, type PolicyLayer } from './combine.js';
import type { RequestPrincipal } from './principal.js';
import { own, PreparedRequest } from './request/prepare.js';
import type { PolicyLayers, PolicyLevel, ResourcePolicyKind } from './policy-layers.js';

export type { ActionPlan, PolicyLayers, PolicyLevel, ResourcePolicyKind } from './policy-layers.js';
import type { Decision, Layer } from './decision.js';
import { evaluateCandidates, evaluateLayer, evaluateUnindexed, Tracer, type EvalRequest } from './layer.js';
import type { CompiledPolicy, StatementList } from './compile.js';
import { explain } from './explain.js';
import { resolveLimits, StepBudget, type Limits } from '../policy/limits.js';
import { segmentIs } from '../match/arn.js';

export { RCP_SERVICES };

/** Engine options that select among the library choices of spec §10. */
export interface DecideOptions {
  /** Service prefixes that support RCPs (spec §4.9). Defaults to {@link RCP_SERVICES}. */
  readonly rcpServices?: ReadonlySet<string>;
  /**
   * Spec §10 E4: a federated-user session without a session policy has no permissions (default
   * `false`); `true` follows the current evaluation page and gives it the federating user's.
   */
  readonly federatedSessionDefaultAllow?: boolean;
  /** The work budget: request caps and the matcher step budget (docs/security.md G4). */
  readonly limits?: Partial<Limits>;
}

const ABSENT: LayerResult = Object.freeze({ verdict: 'absent' });
const NOT_APPLICABLE: LayerResult = Object.freeze({ verdict: 'not-applicable' });
const IDENTITY_SIDE = ['identity', 'boundary', 'session'] as const;
const NO_LEVELS: readonly PolicyLevel[] = Object.freeze([]);
/** What a collector between decisions points at: no request. */
const NO_REQUEST: EvalRequest = Object.freeze(new PreparedRequest());

/** Engine options read once by the entry point: every member own and set, nothing read per decision. */
export interface ResolvedDecideOptions {
  readonly rcpServices: ReadonlySet<string>;
  readonly federatedSessionDefaultAllow: boolean;
  readonly limits: Limits;
}

/**
 * Reads engine options once (own members only: a polluted `Object.prototype` cannot switch them)
 * into an object whose members are all own, so that `decide` reads them without checks.
 */
export function resolveDecideOptions(given: DecideOptions | undefined): ResolvedDecideOptions {
  const o = typeof given === 'object' && given !== null ? given : {};
  const rcpServices = own(o, 'rcpServices');
  return Object.freeze({
    rcpServices: rcpServices instanceof Set ? (rcpServices as ReadonlySet<string>) : RCP_SERVICES,
    federatedSessionDefaultAllow: own(o, 'federatedSessionDefaultAllow') === true,
    limits: resolveLimits(own(o, 'limits') as Partial<Limits> | undefined),
  });
}

const DEFAULT_OPTIONS = resolveDecideOptions({});

/**
 * Decides one prepared request against its policy layers, within the matcher step budget: a
 * decision that runs out of steps fails closed with reason `BudgetExceeded` (docs/security.md G4).
 * The budget rides on the request's keys (`RequestKeys` is a {@link StepBudget}), so deciding
 * allocates nothing for it; a context built by hand without one gets one for this decision.
 * The collector evaluates each layer that applies (recording the trace only when one is passed),
 * then {@link combine} decides (spec §4.3). `spare`: a collector the caller keeps for its untraced
 * decisions ({@link spareCollector}; an authorizer keeps one), used unless a decision that is not
 * finished uses it (a caller's getter that decides another request meanwhile). `unindexed`: the
 * caller decides once, or for the first time (a fresh authorizer): layers without an `ActionPlan`
 * are tried without their statement indexes ({@link evaluateUnindexed}), which a one-shot call would
 * build for one decision; a caller that decides on uses (and builds) them.
 */
export function decide(
  layers: PolicyLayers,
  req: EvalRequest,
  options: ResolvedDecideOptions = DEFAULT_OPTIONS,
  trace?: Tracer,
  spare?: SpareCollector,
  unindexed = false,
): Decision {
  const limit = options.limits.maxMatchSteps;
  let budget = req.ctx.budget;
  if (budget instanceof StepBudget) budget.reset(limit, options.limits);
  else {
    const ctx = req.ctx;
    const fresh = new StepBudget(limit);
    budget = fresh;
    req = { ...req, ctx: { get: (k) => ctx.get(k), budget: fresh } };
  }
  const d = decideWithin(layers, req, options, trace, spare, unindexed);
  return (budget as StepBudget).exceeded ? failure('input', 'BudgetExceeded', 'matchSteps') : d;
}

/**
 * The collector: evaluates each layer that applies, in the order step 1 of spec §4.3 reports a
 * Deny, and keeps its verdict (one field per layer: it is the table {@link combine} reads, and it
 * carries the request's facts too, so that deciding builds one object for both).
 * Without a trace, collecting stops at the first Deny: the rest could not change the decision.
 * A collector holds nothing once the decision is combined: an authorizer keeps one for the next
 * untraced decision ({@link spareCollector}).
 */
class Collector implements Record<PolicyLayer, LayerResult>, CombineFacts {
  rcp = ABSENT;
  scp = ABSENT;
  endpoint = ABSENT;
  resource = ABSENT;
  identity = ABSENT;
  boundary = ABSENT;
  session = ABSENT;
  /** `true` while a decision uses this collector (see {@link spareCollector}). */
  busy = false;

  /** The resource policy layer (its kind and strictness are facts {@link combine} reads). */
  private resourcePolicy: PolicyLayers['resource'] = undefined;
  private req: EvalRequest = NO_REQUEST;
  private trace: Tracer | undefined = undefined;
  crossAccount = false;
  crossPartition = false;
  federatedSessionDefaultAllow = false;
  /** Layers are tried without their statement indexes ({@link evaluateUnindexed}), set by `collect`. */
  unindexed = false;

  /** Starts collecting for a decision: every verdict as it is before any layer is evaluated. */
  begin(
    req: EvalRequest,
    trace: Tracer | undefined,
    hasIdentity: boolean,
    isSession: boolean,
    layers: PolicyLayers,
    crossAccount: boolean,
    crossPartition: boolean,
    federatedSessionDefaultAllow: boolean,
  ): this {
    this.req = req;
    this.trace = trace;
    this.resourcePolicy = layers.resource;
    this.crossAccount = crossAccount;
    this.crossPartition = crossPartition;
    this.federatedSessionDefaultAllow = federatedSessionDefaultAllow;
    this.rcp = ABSENT;
    this.scp = ABSENT;
    // A request that did not come through a VPC endpoint has no endpoint policy to pass (spec §4.15).
    this.endpoint = NOT_APPLICABLE;
    this.resource = ABSENT;
    this.identity = hasIdentity ? ABSENT : NOT_APPLICABLE;
    this.boundary = hasIdentity ? ABSENT : NOT_APPLICABLE;
    this.session = isSession ? ABSENT : NOT_APPLICABLE;
    return this;
  }

  /** Ends the decision: the collector keeps no request, policy or trace. */
  end(): void {
    this.req = NO_REQUEST;
    this.trace = undefined;
    this.resourcePolicy = undefined;
    this.busy = false;
  }

  /**
   * `true` when a layer's verdict is reported (an explained decision): otherwise recording the
   * verdict {@link begin} set already changes nothing and is skipped.
   */
  get explains(): boolean {
    return this.trace !== undefined && this.trace.explains;
  }

  /** `true` when no trace is recorded (a shortcut that skips a layer's policies may be taken). */
  get untraced(): boolean {
    return this.trace === undefined;
  }

  // Read from the request and the layers rather than copied: a collector per decision stays small.
  get principal(): RequestPrincipal {
    return this.req.principal;
  }

  get strict(): boolean {
    const resource = this.resourcePolicy;
    return resource !== undefined && (resource.strict ?? resource.kind !== 'generic');
  }

  get resourceKind(): ResourcePolicyKind | undefined {
    return this.resourcePolicy?.kind;
  }

  /** Records a layer's verdict; `true` when collecting can stop (a Deny, no trace). */
  record(layer: PolicyLayer, r: LayerResult, policies: number, reason?: string): boolean {
    this.set(layer, r);
    if (this.trace?.explains)
      this.trace.layer(
        reason !== undefined
          ? { layer, verdict: r.verdict, policies, reason }
          : { layer, verdict: r.verdict, policies },
      );
    return this.trace === undefined && r.verdict === 'deny';
  }

  /** Evaluates one layer of policies and records its verdict. */
  policies(layer: PolicyLayer, policies: readonly CompiledPolicy[] | CompiledPolicy, principals: boolean): boolean {
    const count = Array.isArray(policies) ? policies.length : 1;
    return this.record(layer, this.evaluate(policies, layer, principals), count);
  }

  /** What one layer's policies say ({@link evaluateLayer}; without their indexes when {@link unindexed}). */
  private evaluate(
    policies: readonly CompiledPolicy[] | CompiledPolicy,
    layer: PolicyLayer,
    principals: boolean,
  ): LayerResult {
    return this.unindexed && this.trace === undefined
      ? evaluateUnindexed(policies, layer, this.req, principals)
      : evaluateLayer(policies, layer, this.req, principals, this.trace);
  }

  /** {@link policies} from the candidates of the request's action (`ActionPlan`), without a trace. */
  candidates(layer: PolicyLayer, list: StatementList, policies: number, principals: boolean): boolean {
    return this.record(layer, evaluateCandidates(list, layer, this.req, principals), policies);
  }

  /** SCP or RCP levels: a Deny at any level denies; every level must allow (spec §4.8, §4.9). */
  levels(layer: 'scp' | 'rcp', list: readonly PolicyLevel[], exemption: string | undefined): boolean {
    if (exemption !== undefined) return this.record(layer, NOT_APPLICABLE, 0, exemption);
    const trace = this.trace;
    let verdict: LayerResult = ALLOWED;
    for (let i = 0; i < list.length; i++) {
      const level = list[i] as PolicyLevel;
      // A level without RCPs holds only RCPFullAWSAccess: it allows, and without a trace there is
      // nothing to record (the common case: most organizations attach no RCPs).
      if (!trace && layer === 'rcp' && level.policies.length === 0) continue;
      const o = this.evaluate(level.policies, layer, layer === 'rcp');
      // RCPFullAWSAccess is attached at every level and cannot be detached (spec §4.9): a level
      // without a Deny allows, and it counts as one more policy.
      const v = layer === 'rcp' && o.verdict !== 'deny' ? 'allow' : o.verdict;
      if (trace?.explains)
        trace.layer({
          layer,
          level: level.target,
          verdict: v,
          policies: level.policies.length + (layer === 'rcp' ? 1 : 0),
        });
      if (v === 'deny') verdict = DENIED;
      else if (v === 'no-allow' && verdict === ALLOWED) verdict = NOT_ALLOWED;
      if (verdict === DENIED && !trace) break;
    }
    this.set(layer, verdict);
    return !trace && verdict === DENIED;
  }

  /**
   * `this[layer] = r` as a named store: a store keyed by a changing name is a slow generic lookup,
   * and every decision records every layer.
   */
  private set(layer: PolicyLayer, r: LayerResult): void {
    switch (layer) {
      case 'rcp':
        this.rcp = r;
        return;
      case 'scp':
        this.scp = r;
        return;
      case 'endpoint':
        this.endpoint = r;
        return;
      case 'resource':
        this.resource = r;
        return;
      case 'identity':
        this.identity = r;
        return;
      case 'boundary':
        this.boundary = r;
        return;
      case 'session':
        this.session = r;
    }
  }
}

/** A collector kept by its caller for untraced decisions (see {@link decide}); opaque outside this module. */
export type SpareCollector = Collector;

/** A collector to keep for untraced decisions, one per authorizer (never shared between authorizers). */
export function spareCollector(): SpareCollector {
  return new Collector();
}

const ALLOWED: LayerResult = Object.freeze({ verdict: 'allow' });
const DENIED: LayerResult = Object.freeze({ verdict: 'deny' });
const NOT_ALLOWED: LayerResult = Object.freeze({ verdict: 'no-allow' });

/** Collects every layer that applies, in the order of spec §4.3 step 1 (stopping at a Deny without a trace). */
function collect(
  c: Collector,
  layers: PolicyLayers,
  req: EvalRequest,
  options: ResolvedDecideOptions,
  hasIdentity: boolean,
  isSession: boolean,
  unindexed: boolean,
): void {
  // What the layers hold for the request's action, worked out with them (never with a trace).
  const plan =
    layers.plan !== undefined && layers.plan.actionLower === req.actionLower && c.untraced ? layers.plan : undefined;
  c.unindexed = unindexed && plan === undefined && c.untraced;
  // Without RCPs only the management-account exemption is reported (its first rule): the others
  // need not be worked out (most organizations attach no RCPs).
  const rcps = layers.rcps;
  if (rcps !== undefined) {
    if (c.levels('rcp', rcps, rcpExemption(layers, req, options.rcpServices))) return;
  } else if (inManagementAccount(layers, req)) c.levels('rcp', NO_LEVELS, 'management-account');
  else if (c.explains) c.record('rcp', ABSENT, 0);
  const scpExempt = scpExemption(layers, req);
  if (layers.scps || scpExempt !== undefined) {
    // Every level allows the action outright (`ActionPlan.scpsAllow`): what the levels would say.
    if (scpExempt === undefined && plan !== undefined && plan.scpsAllow) c.record('scp', ALLOWED, 0);
    else if (c.levels('scp', layers.scps ?? [], scpExempt)) return;
  } else if (c.explains) c.record('scp', ABSENT, 0);
  // Layers that do not apply keep the verdict `begin` set (recorded only for an explanation).
  if (
    layers.endpoint
      ? c.policies('endpoint', layers.endpoint, true)
      : c.explains && c.record('endpoint', NOT_APPLICABLE, 0)
  )
    return;
  const resourceCandidates = plan?.resource;
  if (
    layers.resource
      ? resourceCandidates !== undefined
        ? c.candidates('resource', resourceCandidates, 1, true)
        : c.policies('resource', layers.resource.policy, true)
      : c.explains && c.record('resource', ABSENT, 0)
  )
    return;
  if (!hasIdentity) {
    for (const layer of IDENTITY_SIDE) c.record(layer, NOT_APPLICABLE, 0, 'no-identity-policies');
    return;
  }
  if (
    plan !== undefined
      ? c.candidates('identity', plan.identity, layers.identity.length, false)
      : c.policies('identity', layers.identity, false)
  )
    return;
  if (layers.boundary ? c.policies('boundary', layers.boundary, false) : c.explains && c.record('boundary', ABSENT, 0))
    return;
  if (!isSession) return void (c.explains && c.record('session', NOT_APPLICABLE, 0, 'not-a-session'));
  if (layers.session) c.policies('session', layers.session, false);
  else c.record('session', ABSENT, 0);
}

function decideWithin(
  layers: PolicyLayers,
  req: EvalRequest,
  options: ResolvedDecideOptions,
  trace: Tracer | undefined,
  kept: SpareCollector | undefined,
  unindexed: boolean,
): Decision {
  const p = req.principal;
  const resourceAccount = layers.resourceAccount ?? p.account;
  // Resource-based policies never delegate across partitions (spec §2.3): a caller from another
  // partition than the resource's gets no resource-policy grant and is never in the resource's account.
  const crossPartition = p.account !== undefined && inOtherPartition(req, p.partition);
  // AWS managed resources (`arn:aws:iam::aws:policy/…`) belong to no customer account: using them is
  // never a cross-account request (a library choice, docs/semantics.md).
  const crossAccount =
    crossPartition ||
    (p.account !== undefined &&
      resourceAccount !== undefined &&
      resourceAccount !== 'aws' &&
      p.account !== resourceAccount);
  const hasIdentity = p.kind === 'user' || p.kind === 'role-session' || p.kind === 'federated-user';
  // Session policies exist only for role sessions and federated-user sessions (spec §4.1, §4.3 step 7).
  const isSession = p.kind === 'role-session' || p.kind === 'federated-user';

  // Without a trace the caller's spare collector, unless a decision that is not finished uses it (a
  // caller's getter that decides another request while this one is decided): then a fresh one.
  const spare = trace === undefined && kept !== undefined && !kept.busy ? kept : undefined;
  const collected = (spare ?? new Collector()).begin(
    req,
    trace,
    hasIdentity,
    isSession,
    layers,
    crossAccount,
    crossPartition,
    options.federatedSessionDefaultAllow,
  );
  let d: Decision;
  if (spare !== undefined) {
    spare.busy = true;
    try {
      collect(collected, layers, req, options, hasIdentity, isSession, unindexed);
      d = combine(collected, collected);
    } finally {
      spare.end();
    }
    // Without a trace the decision is the shared frozen outcome: it holds nothing of the request.
    return d;
  }
  collect(collected, layers, req, options, hasIdentity, isSession, unindexed);
  // The collector is both the verdict table and the facts of the request.
  d = combine(collected, collected);
  return trace?.explains
    ? { decision: d.decision, decidedBy: d.decidedBy, explanation: explain(d, req, crossAccount, trace) }
    : d;
}

/**
 * `true` when the requested resource is an ARN of another partition than `partition`; a resource
 * that is not an ARN (`*`) is in none. Compared in place: no text is cut out per decision.
 */
function inOtherPartition(req: EvalRequest, partition: string | undefined): boolean {
  const s = req.segments;
  // A partition found equal before (an authorizer keeps a resource's segments across decisions).
  if (partition !== undefined && s.partition === partition) return false;
  // The segments are the resource's (`segments.text` is `req.resource`).
  if (s.count < 6 || !segmentIs(s, 0, 'arn')) return false;
  if (partition === undefined || !segmentIs(s, 1, partition)) return true;
  s.partition = partition;
  return false;
}

/** A decision for a request that never reached policy evaluation. */
export function failure(decidedBy: Layer, reason: DecisionReason, detail?: string): Decision {
  return detail !== undefined
    ? { decision: 'ImplicitDeny', decidedBy, reason, detail }
    : { decision: 'ImplicitDeny', decidedBy, reason };
}

export { Tracer };
