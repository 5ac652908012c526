/**
 * The decision procedure of spec §4.3, with the same-account resource-policy rules of §4.4,
 * strict resource policies (§4.5), boundaries (§4.6), session policies (§4.7), SCPs (§4.8),
 * RCPs (§4.9), cross-account requests (§4.10), the root user (§4.11), anonymous callers (§4.12)
 * and service principals (§4.13).
 */
import type { DecisionReason } from './reasons.js';
import { rcpExemption, scpExemption, RCP_SERVICES } from './applicability.js';
import { combine, type LayerResult, type PolicyLayer } from './combine.js';
import { own } from './request/prepare.js';
import type { PolicyLayers, PolicyLevel } from './policy-layers.js';

export type { PolicyLayers, PolicyLevel, ResourcePolicyKind } from './policy-layers.js';
import type { Decision, Layer } from './decision.js';
import { evaluateLayer, Tracer, type EvalRequest, type LayerOutcome } from './layer.js';
import { explain } from './explain.js';
import { DEFAULT_LIMITS, StepBudget, type Limits } from '../policy/limits.js';

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

const ABSENT: LayerResult = { verdict: 'absent' };
const IDENTITY_SIDE = ['identity', 'boundary', 'session'] as const;
const NOT_APPLICABLE: LayerResult = { verdict: 'not-applicable' };

/** The verdict of a layer's outcome. */
function verdictOf(o: LayerOutcome): LayerResult['verdict'] {
  return o.deny ? 'deny' : o.allow ? 'allow' : 'no-allow';
}

/**
 * Decides one prepared request against its policy layers, within the matcher step budget: a
 * decision that runs out of steps fails closed with reason `BudgetExceeded` (docs/security.md G4).
 * The collector evaluates each layer that applies (recording the trace only when one is passed),
 * then {@link combine} decides (spec §4.3).
 * Without a trace, collecting stops at the first Deny: layers are collected in the order step 1
 * reports them, so the rest could not change the decision.
 */
export function decide(layers: PolicyLayers, req: EvalRequest, options: DecideOptions = {}, trace?: Tracer): Decision {
  // `limits` arrive resolved (createAuthorizer, compilePolicySet): no per-decision allocation here.
  const budget = new StepBudget(options.limits?.maxMatchSteps ?? DEFAULT_LIMITS.maxMatchSteps);
  const ctx = req.ctx;
  const d = decideWithin(layers, { ...req, ctx: { get: (k) => ctx.get(k), budget } }, options, trace);
  return budget.exceeded ? failure('input', 'BudgetExceeded', 'matchSteps') : d;
}

function decideWithin(layers: PolicyLayers, req: EvalRequest, options: DecideOptions, trace?: Tracer): Decision {
  const p = req.principal;
  const resourceAccount = layers.resourceAccount ?? p.account;
  // Resource-based policies never delegate across partitions (spec §2.3): a caller from another
  // partition than the resource's gets no resource-policy grant and is never in the resource's account.
  const partition = resourcePartition(req);
  const crossPartition = p.account !== undefined && partition !== undefined && partition !== p.partition;
  // AWS managed resources (`arn:aws:iam::aws:policy/…`) belong to no customer account: using them is
  // never a cross-account request (a library choice, docs/semantics.md).
  const crossAccount =
    crossPartition || (p.account !== undefined && resourceAccount !== undefined && resourceAccount !== 'aws' && p.account !== resourceAccount);
  const hasIdentity = p.kind === 'user' || p.kind === 'role-session' || p.kind === 'federated-user';
  // Session policies exist only for role sessions and federated-user sessions (spec §4.1, §4.3 step 7).
  const isSession = p.kind === 'role-session' || p.kind === 'federated-user';

  const results: Record<PolicyLayer, LayerResult> = {
    rcp: ABSENT,
    scp: ABSENT,
    endpoint: ABSENT,
    resource: ABSENT,
    identity: hasIdentity ? ABSENT : NOT_APPLICABLE,
    boundary: hasIdentity ? ABSENT : NOT_APPLICABLE,
    session: isSession ? ABSENT : NOT_APPLICABLE,
  };
  const record = (layer: PolicyLayer, r: LayerResult, policies: number, reason?: string): boolean => {
    results[layer] = r;
    trace?.layer({ layer, verdict: r.verdict, policies, ...(reason !== undefined ? { reason } : {}) });
    return !trace && r.verdict === 'deny';
  };
  /** SCP or RCP levels: a Deny at any level denies; every level must allow (spec §4.8, §4.9). */
  const levels = (layer: 'scp' | 'rcp', list: readonly PolicyLevel[], exemption: string | undefined): boolean => {
    if (exemption !== undefined) return record(layer, NOT_APPLICABLE, 0, exemption);
    let verdict: LayerResult['verdict'] = 'allow';
    for (const level of list) {
      const o = evaluateLayer(level.policies, layer, req, layer === 'rcp', trace);
      // RCPFullAWSAccess is attached at every level and cannot be detached (spec §4.9): a level
      // without a Deny allows, and it counts as one more policy.
      const v = layer === 'rcp' && !o.deny ? 'allow' : verdictOf(o);
      trace?.layer({ layer, level: level.target, verdict: v, policies: level.policies.length + (layer === 'rcp' ? 1 : 0) });
      if (v === 'deny') verdict = 'deny';
      else if (v === 'no-allow' && verdict === 'allow') verdict = 'no-allow';
      if (verdict === 'deny' && !trace) break;
    }
    results[layer] = { verdict };
    return !trace && verdict === 'deny';
  };
  const collect = (): void => {
    const rcpServices = own(options, 'rcpServices');
    const rcpExempt = rcpExemption(layers, req, rcpServices instanceof Set ? rcpServices : undefined);
    if (layers.rcps || rcpExempt === 'management-account') {
      if (levels('rcp', layers.rcps ?? [], rcpExempt)) return;
    } else record('rcp', ABSENT, 0);
    const scpExempt = scpExemption(layers, req);
    if (layers.scps || scpExempt !== undefined) {
      if (levels('scp', layers.scps ?? [], scpExempt)) return;
    } else record('scp', ABSENT, 0);
    const endpoint = layers.endpoint;
    if (endpoint && record('endpoint', { verdict: verdictOf(evaluateLayer(endpoint, 'endpoint', req, true, trace)) }, endpoint.length)) return;
    // A request that did not come through a VPC endpoint has no endpoint policy to pass (spec §4.15).
    if (!endpoint) record('endpoint', NOT_APPLICABLE, 0);
    const rp = layers.resource ? evaluateLayer([layers.resource.policy], 'resource', req, true, trace) : undefined;
    if (record('resource', rp ? { verdict: verdictOf(rp), grant: rp.grant } : ABSENT, rp ? 1 : 0)) return;
    if (!hasIdentity) {
      for (const layer of IDENTITY_SIDE) record(layer, NOT_APPLICABLE, 0, 'no-identity-policies');
      return;
    }
    if (record('identity', { verdict: verdictOf(evaluateLayer(layers.identity, 'identity', req, false, trace)) }, layers.identity.length)) return;
    const boundary = layers.boundary ? evaluateLayer([layers.boundary], 'boundary', req, false, trace) : undefined;
    if (record('boundary', boundary ? { verdict: verdictOf(boundary) } : ABSENT, boundary ? 1 : 0)) return;
    if (!isSession) return void record('session', NOT_APPLICABLE, 0, 'not-a-session');
    const session = layers.session ? evaluateLayer(layers.session, 'session', req, false, trace) : undefined;
    record('session', session ? { verdict: verdictOf(session) } : ABSENT, layers.session?.length ?? 0);
  };
  collect();

  const strict = layers.resource !== undefined && (layers.resource.strict ?? layers.resource.kind !== 'generic');
  const [decision, decidedBy] = combine(results, {
    principal: p,
    crossAccount,
    crossPartition,
    strict,
    resourceKind: layers.resource?.kind,
    // Own members only: a polluted Object.prototype must not turn this into an Allow.
    federatedSessionDefaultAllow: own(options, 'federatedSessionDefaultAllow') === true,
  });
  const d: Decision = { decision, decidedBy };
  return trace ? { ...d, explanation: explain(d, req, crossAccount, trace) } : d;
}

/** The partition of the requested resource's ARN; `undefined` when the resource is not an ARN (`*`). */
function resourcePartition(req: EvalRequest): string | undefined {
  const s = req.segments;
  if (s.count < 6 || !req.resource.startsWith('arn:')) return undefined;
  return req.resource.slice(s.starts[1], s.ends[1]);
}

/** A decision for a request that never reached policy evaluation. */
export function failure(decidedBy: Layer, reason: DecisionReason, detail?: string): Decision {
  return detail !== undefined ? { decision: 'ImplicitDeny', decidedBy, reason, detail } : { decision: 'ImplicitDeny', decidedBy, reason };
}

export { Tracer };
