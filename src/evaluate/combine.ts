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

/** Steps 2, 3 and §4.15: layers where every applicable level must allow. */
const MUST_ALLOW = ['rcp', 'scp', 'endpoint'] as const;
/** Steps 6 and 7: what can still limit the identity side. */
const LIMITS = ['boundary', 'session'] as const;

/** Spec §4.3 steps 1–8 (§4.4, §4.10–§4.13 for who the caller is). */
export function combine(v: Readonly<Record<PolicyLayer, LayerResult>>, f: CombineFacts): Outcome {
  const p = f.principal;
  // 1. An applicable Deny in any layer that applies: ExplicitDeny.
  for (const layer of DENY_ORDER) if (verdictOf(v, layer) === 'deny') return is('ExplicitDeny', layer);
  // 2. RCPs, 3. SCPs, §4.15 VPC endpoint: every applicable level must allow.
  for (const layer of MUST_ALLOW) if (verdictOf(v, layer) === 'no-allow') return is('ImplicitDeny', layer);
  const grant = f.crossPartition ? undefined : v.resource.grant;
  // §4.12, §4.13: anonymous callers and services have no identity: only the resource policy can allow.
  if (v.identity.verdict === 'not-applicable' && p.kind !== 'root') {
    return is(
      (p.kind === 'anonymous' ? grant === 'wildcard' : grant !== undefined) ? 'Allow' : 'ImplicitDeny',
      'resource',
    );
  }
  // §4.10 cross-account: the resource policy must grant, and the caller's side must allow too.
  if (f.crossAccount) return grant ? identitySide(v, f) : is('ImplicitDeny', 'resource');
  // 4. Same account (§4.4): the named principal decides which layers can still block the grant.
  const limits = grant ? grantLimits(grant, p, f.resourceKind) : 'delegation';
  if (limits !== 'delegation') {
    for (const layer of limits) if (blocks(layer, v, f)) return is('ImplicitDeny', layer);
    return is('Allow', 'resource');
  }
  // §4.5: a strict resource policy (trust, key policy) must allow explicitly, at least by delegation.
  if (f.strict && !grant) return is('ImplicitDeny', 'resource');
  return identitySide(v, f);
}

/** 5.–8. The identity side: identity policies, then the boundary, then session policies (§4.11 root). */
function identitySide(v: Readonly<Record<PolicyLayer, LayerResult>>, f: CombineFacts): Outcome {
  if (f.principal.kind === 'root') return is('Allow', 'identity');
  if (v.identity.verdict !== 'allow') return is('ImplicitDeny', 'identity');
  for (const layer of LIMITS) if (blocks(layer, v, f)) return is('ImplicitDeny', layer);
  return is('Allow', 'identity');
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
