/**
 * The decision and its explanation (spec §0.2): what iam-verdict returns for every request.
 */
import type { DecisionReason } from './reasons.js';

export type { DecisionReason } from './reasons.js';
import type { GrantKind } from '../match/principal.js';

/** The three decision values of spec §0.2. */
export type DecisionValue = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/**
 * The policy layers of spec §4.1, plus the non-policy steps: `authentication` (expired or unknown
 * credentials, §6.7), `validation` (invalid STS parameters, §6.3), `input` (a policy or request that
 * could not be read: fail closed) and `default` (nothing applied at all).
 */
export type Layer =
  | 'rcp'
  | 'scp'
  | 'endpoint'
  | 'resource'
  | 'identity'
  | 'boundary'
  | 'session'
  /** A service rule that no policy can change (spec §4.14, §4.16). */
  | 'service-rule'
  | 'authentication'
  | 'validation'
  | 'input';

/** The outcome of a request. */
export interface Decision {
  readonly decision: DecisionValue;
  /** The layer whose verdict decided (the Deny's layer, the missing Allow's layer, or the granting layer). */
  readonly decidedBy: Layer;
  /**
   * Why a request was decided without (or besides) the policies: a code of the closed vocabulary
   * {@link DecisionReason} (docs/codes.md): non-policy failures (spec §0.2: `ExpiredToken`,
   * `ValidationError`, `InvalidRequest`, …) and, for `decidedBy: 'service-rule'`, the rule's code
   * (`ProtectedRole`, `S3BlockPublicAccess`, …). Absent when the policies decided.
   */
  readonly reason?: DecisionReason;
  /** Which parameter, limit or problem the reason is about (`DurationSeconds` for a `ValidationError`). */
  readonly detail?: string;
  /** Present when the request asked for an explanation. */
  readonly explanation?: Explanation;
}

/** Reference to one statement of one policy. */
export interface StatementRef {
  readonly layer: Layer;
  /** The policy's name or ARN (or `<layer>[i]` when it has none). */
  readonly policyId: string;
  /** Index in the policy's `Statement` list, from 0. */
  readonly statementIndex: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  /** For resource-based policies: which Principal entry matched (spec §2.3). */
  readonly grant?: GrantKind;
}

/** Why a statement whose action matched did not apply. */
export interface StatementMiss extends StatementRef {
  readonly failed: 'resource' | 'principal' | 'condition';
  /** For `condition`: the first clause that was false. */
  readonly condition?: ConditionMiss;
}

/** A condition clause that was false. */
export interface ConditionMiss {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
  /** The request's value for the key; absent when the key was missing. */
  readonly requestValue?: string | readonly string[];
  /** `true` when the key was absent from the request context. */
  readonly missing: boolean;
}

/** What one layer said. */
export interface LayerVerdict {
  readonly layer: Layer;
  /** For SCP/RCP levels: the target id (root, OU or account) of the level. */
  readonly level?: string;
  /**
   * `deny`: a Deny applied; `allow`: an Allow applied; `no-allow`: policies present but none allowed;
   * `absent`: no policy of this layer (e.g. no boundary); `not-applicable`: the layer does not apply
   * to this request (e.g. SCPs for the management account).
   */
  readonly verdict: 'deny' | 'allow' | 'no-allow' | 'absent' | 'not-applicable';
  readonly policies: number;
  /**
   * For `not-applicable`: the rule that exempts the request (spec §4.8, §4.9): SCPs
   * `management-account`, `service-linked-role`, `service-principal`, `anonymous-caller`,
   * `federated-identity`; RCPs `management-account`, `aws-managed-resource`,
   * `service-without-rcps`, `service-linked-role`, `kms:RetireGrant`; identity, boundary and
   * session `no-identity-policies` (root, anonymous, services), session `not-a-session` (users).
   */
  readonly reason?: string;
}

/** A full explanation of a decision. */
export interface Explanation {
  /** One or two sentences a person can act on. */
  readonly summary: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly crossAccount: boolean;
  readonly layers: readonly LayerVerdict[];
  /** Every statement that applied (Allow or Deny). */
  readonly matched: readonly StatementRef[];
  /** Statements whose action matched but which did not apply, with the reason. */
  readonly unmatched: readonly StatementMiss[];
  /** Context keys that conditions referenced but the request lacked (lower-cased). */
  readonly missingContextKeys: readonly string[];
  /** The strongest grant of an applicable resource-policy Allow, if any. */
  readonly resourceGrant?: GrantKind;
  /** Service rules (spec §4.14, §4.16) that apply to the request, whether or not they changed the decision. */
  readonly serviceRules?: readonly ServiceRuleRef[];
}

/** A service rule that applies to a request (spec §4.14, §4.16). */
export interface ServiceRuleRef {
  /** The rule's name, e.g. `ProtectedRole`, `S3RestrictPublicBuckets`. */
  readonly rule: string;
  /** `Allow`: AWS allows whatever the policies say; `Deny`: AWS refuses whatever they allow. */
  readonly effect: 'Allow' | 'Deny';
  /** Why it applies. */
  readonly detail: string;
}
