/**
 * Combine: the decision procedure of spec §4.3 over the verdicts the collector gathered, one layer
 * each. Pure and small on purpose: it reads as the spec's steps, and a new layer or rule is one row
 * (a layer in {@link DENY_ORDER}, a step below) rather than a rewrite.
 */
import type { GrantKind } from '../match/principal.js';
import type { DecisionValue, Layer, LayerVerdict } from './decision.js';
import type { ResourcePolicyKind } from './policy-layers.js';
import type { RequestPrincipal } from './principal.js';
import { grantLimits } from './same-account-grants.js';

/** The policy layers of spec §4.1, in the order step 1 reports an explicit Deny. */
export const DENY_ORDER = ['rcp', 'scp', 'endpoint', 'resource', 'identity', 'boundary', 'session'] as const;
export type PolicyLayer = (typeof DENY_ORDER)[number];

/** What one layer said; for resource policies with an applicable Allow, the grant kind (spec §2.3). */
export interface LayerResult {
  readonly verdict: LayerVerdict['verdict'];
  readonly grant?: GrantKind | undefined;
}

/** The facts about a request the steps need besides the verdicts. */
export interface CombineFacts {
  readonly principal: RequestPrincipal;
  readonly crossAccount: boolean;
  /** Resource-based policies never grant across partitions (spec §2.3). */
  readonly crossPartition: boolean;
  /** The resource policy must allow explicitly (spec §4.5). */
  readonly strict: boolean;
  readonly resourceKind: ResourcePolicyKind | undefined;
  /** Spec §10 E4: a federated-user session without a session policy keeps the user's permissions. */
  readonly federatedSessionDefaultAllow: boolean;
}

/** A decision and the layer that decided it (frozen and shared: the decision a plain `decide` returns). */
export interface Outcome {
  readonly decision: DecisionValue;
  readonly decidedBy: Layer;
}

const DECISIONS: readonly DecisionValue[] = ['Allow', 'ExplicitDeny', 'ImplicitDeny'];
const LAYERS: readonly Layer[] = [...DENY_ORDER, 'service-rule', 'authentication', 'validation', 'input'];
/** Every outcome, built once: combining (and a decision without explanation) allocates nothing. */
const OUTCOMES = Object.fromEntries(
  DECISIONS.map((d) => [d, Object.fromEntries(LAYERS.map((l) => [l, Object.freeze({ decision: d, decidedBy: l })]))]),
) as Readonly<Record<DecisionValue, Readonly<Record<Layer, Outcome>>>>;
/** The outcome `[decision, layer]`, shared. */
const is = (decision: DecisionValue, layer: Layer): Outcome => OUTCOMES[decision][layer];

/** ExplicitDeny and ImplicitDeny by each layer, read by name on the hot path. */
const DENIED_BY = OUTCOMES.ExplicitDeny;
const NOT_ALLOWED_BY = OUTCOMES.ImplicitDeny;
const ALLOWED_BY = OUTCOMES.Allow;

/** Spec §4.3 steps 1–8 (§4.4, §4.10–§4.13 for who the caller is). */
export function combine(v: Readonly<Record<PolicyLayer, LayerResult>>, f: CombineFacts): Outcome {
  const p = f.principal;
  // 1. An applicable Deny in any layer that applies: ExplicitDeny.
  const denied = explicitDeny(v);
  if (denied !== undefined) return denied;
  // 2. RCPs, 3. SCPs, §4.15 VPC endpoint: every applicable level must allow.
  if (v.rcp.verdict === 'no-allow') return NOT_ALLOWED_BY.rcp;
  if (v.scp.verdict === 'no-allow') return NOT_ALLOWED_BY.scp;
  if (v.endpoint.verdict === 'no-allow') return NOT_ALLOWED_BY.endpoint;
  const grant = f.crossPartition ? undefined : v.resource.grant;
  // §4.12, §4.13: anonymous callers and services have no identity: only the resource policy can allow.
  if (v.identity.verdict === 'not-applicable' && p.kind !== 'root') {
    return is(
      (p.kind === 'anonymous' ? grant === 'wildcard' : grant !== undefined) ? 'Allow' : 'ImplicitDeny',
      'resource',
    );
  }
  // §4.10 cross-account: the resource policy must grant, and the caller's side must allow too.
  if (f.crossAccount) return grant ? identitySide(v, f) : NOT_ALLOWED_BY.resource;
  // 4. Same account (§4.4): the named principal decides which layers can still block the grant.
  const limits = grant ? grantLimits(grant, p, f.resourceKind) : 'delegation';
  if (limits !== 'delegation') {
    for (const layer of limits) if (blocks(layer, v, f)) return is('ImplicitDeny', layer);
    return is('Allow', 'resource');
  }
  // §4.5: a strict resource policy (trust, key policy) must allow explicitly, at least by delegation.
  if (f.strict && !grant) return NOT_ALLOWED_BY.resource;
  return identitySide(v, f);
}

/** Step 1 in {@link DENY_ORDER}: the first layer whose verdict is Deny, as its outcome; else `undefined`. */
function explicitDeny(v: Readonly<Record<PolicyLayer, LayerResult>>): Outcome | undefined {
  // Named reads in a fixed order (a loop over the layer names reads each by a changing key, and
  // every decision runs it): the order of DENY_ORDER, which a test holds this to.
  if (v.rcp.verdict === 'deny') return DENIED_BY.rcp;
  if (v.scp.verdict === 'deny') return DENIED_BY.scp;
  if (v.endpoint.verdict === 'deny') return DENIED_BY.endpoint;
  if (v.resource.verdict === 'deny') return DENIED_BY.resource;
  if (v.identity.verdict === 'deny') return DENIED_BY.identity;
  if (v.boundary.verdict === 'deny') return DENIED_BY.boundary;
  if (v.session.verdict === 'deny') return DENIED_BY.session;
  return undefined;
}

/** 5.–8. The identity side: identity policies, then the boundary, then session policies (§4.11 root). */
function identitySide(v: Readonly<Record<PolicyLayer, LayerResult>>, f: CombineFacts): Outcome {
  if (f.principal.kind === 'root') return ALLOWED_BY.identity;
  if (v.identity.verdict !== 'allow') return NOT_ALLOWED_BY.identity;
  if (blocks('boundary', v, f)) return NOT_ALLOWED_BY.boundary;
  if (blocks('session', v, f)) return NOT_ALLOWED_BY.session;
  return ALLOWED_BY.identity;
}

/** Whether the boundary or the session policies block (steps 6, 7). */
function blocks(
  layer: 'boundary' | 'session',
  v: Readonly<Record<PolicyLayer, LayerResult>>,
  f: CombineFacts,
): boolean {
  return (
    verdictOf(v, layer) === 'no-allow' ||
    // §4.7: a federated-user session without a session policy has no permissions (§10 E4).
    (layer === 'session' &&
      v.session.verdict === 'absent' &&
      f.principal.kind === 'federated-user' &&
      !f.federatedSessionDefaultAllow)
  );
}

/**
 * `v[layer].verdict` as a named read: a read keyed by a changing name is a slow generic lookup, and
 * every decision reads every layer.
 */
function verdictOf(v: Readonly<Record<PolicyLayer, LayerResult>>, layer: PolicyLayer): LayerResult['verdict'] {
  switch (layer) {
    case 'rcp':
      return v.rcp.verdict;
    case 'scp':
      return v.scp.verdict;
    case 'endpoint':
      return v.endpoint.verdict;
    case 'resource':
      return v.resource.verdict;
    case 'identity':
      return v.identity.verdict;
    case 'boundary':
      return v.boundary.verdict;
    case 'session':
      return v.session.verdict;
  }
}
