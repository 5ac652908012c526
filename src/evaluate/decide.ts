/**
 * The decision procedure of spec §4.3, with the same-account resource-policy rules of §4.4,
 * strict resource policies (§4.5), boundaries (§4.6), session policies (§4.7), SCPs (§4.8),
 * RCPs (§4.9), cross-account requests (§4.10), the root user (§4.11), anonymous callers (§4.12)
 * and service principals (§4.13).
 */
import { GRANT_STRENGTH } from '../match/principal.js';
import type { CompiledPolicy } from './compile.js';
import type { Decision, DecisionValue, Layer, LayerVerdict } from './decision.js';
import { evaluateLayer, Tracer, type EvalRequest, type LayerOutcome } from './layer.js';
import { explain } from './explain.js';
import { resolveLimits, StepBudget, type Limits } from '../policy/limits.js';

/** How a resource-based policy must be treated (spec §4.5): strict kinds must allow explicitly. */
export type ResourcePolicyKind = 'generic' | 'role-trust' | 'kms-key';

/** One SCP or RCP level (organization root, an OU, or the account) with its policies. */
export interface PolicyLevel {
  /** The target id: `r-…`, `ou-…` or the account id. */
  readonly target: string;
  readonly policies: readonly CompiledPolicy[];
}

/** Every policy that bears on one request, grouped by layer (spec §4.1). */
export interface PolicyLayers {
  readonly identity: readonly CompiledPolicy[];
  readonly boundary?: CompiledPolicy | undefined;
  /** `undefined`: no session policy was passed (spec §4.7). */
  readonly session?: readonly CompiledPolicy[] | undefined;
  readonly resource?:
    | { readonly policy: CompiledPolicy; readonly kind: ResourcePolicyKind; readonly strict?: boolean }
    | undefined;
  /** SCP levels root → account of the principal's account; `undefined` when SCPs do not apply. */
  readonly scps?: readonly PolicyLevel[] | undefined;
  /**
   * Custom RCP levels root → account of the resource's account; `undefined` when RCPs do not apply.
   * RCPFullAWSAccess is implied at every level (it cannot be detached, spec §4.9).
   */
  readonly rcps?: readonly PolicyLevel[] | undefined;
  /** VPC endpoint policies the request passed through. */
  readonly endpoint?: readonly CompiledPolicy[] | undefined;
  /** The account that owns the resource; `undefined` means the principal's own account. */
  readonly resourceAccount?: string | undefined;
}

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

/** Services whose actions RCPs apply to (spec §4.9; AWS's published list, kept as data). */
export const RCP_SERVICES: ReadonlySet<string> = new Set([
  's3',
  's3express',
  'sts',
  'kms',
  'sqs',
  'secretsmanager',
  'logs',
  'ecr',
  'aoss',
  'cognito-idp',
  'dynamodb',
]);

const NO_LAYER: LayerOutcome = { deny: undefined, allow: undefined, grant: undefined };

/**
 * Decides one prepared request against its policy layers, within the matcher step budget: a
 * decision that runs out of steps fails closed with reason `BudgetExceeded` (docs/security.md G4).
 */
export function decide(layers: PolicyLayers, req: EvalRequest, options: DecideOptions = {}, trace?: Tracer): Decision {
  const budget = new StepBudget(resolveLimits(options.limits).maxMatchSteps);
  const ctx = req.ctx;
  const d = decideWithin(layers, { ...req, ctx: { get: (k) => ctx.get(k), budget } }, options, trace);
  return budget.exceeded ? failure('input', 'BudgetExceeded:matchSteps') : d;
}

function decideWithin(layers: PolicyLayers, req: EvalRequest, options: DecideOptions, trace?: Tracer): Decision {
  const p = req.principal;
  const orgExempt = p.kind === 'service' || p.kind === 'anonymous' || p.kind === 'federated-identity' || p.serviceLinked === true;
  const scpLevels = layers.scps && !orgExempt ? layers.scps : undefined;
  // RCPs: only for supported services, never for service-linked roles or kms:RetireGrant (spec §4.9).
  const rcpApplies = (options.rcpServices ?? RCP_SERVICES).has(req.service) && p.serviceLinked !== true && req.actionLower !== 'kms:retiregrant';
  const rcpLevels = layers.rcps && rcpApplies ? layers.rcps : undefined;
  const resourceAccount = layers.resourceAccount ?? p.account;
  // Resource-based policies never delegate across partitions (spec §2.3): a caller from another
  // partition than the resource's gets no resource-policy grant and is never in the resource's account.
  const partition = resourcePartition(req);
  const crossPartition = p.account !== undefined && partition !== undefined && partition !== p.partition;
  const crossAccount = crossPartition || (p.account !== undefined && resourceAccount !== undefined && p.account !== resourceAccount);

  const verdict = (layer: Layer, policies: number, o: LayerOutcome | undefined, level?: string): void => {
    if (!trace) return;
    const v: LayerVerdict['verdict'] = !o ? 'absent' : o.deny ? 'deny' : o.allow ? 'allow' : 'no-allow';
    trace.layer({ layer, ...(level !== undefined ? { level } : {}), verdict: v, policies });
  };
  const finish = (decision: DecisionValue, decidedBy: Layer): Decision => {
    const d: Decision = { decision, decidedBy };
    return trace ? { ...d, explanation: explain(d, req, crossAccount, trace) } : d;
  };

  // Evaluate every layer once (spec §4.3 step 1 looks at every applicable policy).
  const rcp = (rcpLevels ?? []).map((level) => {
    const o = evaluateLayer(level.policies, 'rcp', req, true, trace);
    // RCPFullAWSAccess is attached at every level and cannot be detached (spec §4.9): a level
    // without a Deny allows, and it counts as one more policy.
    trace?.layer({ layer: 'rcp', level: level.target, verdict: o.deny ? 'deny' : 'allow', policies: level.policies.length + 1 });
    return o;
  });
  if (trace && layers.rcps && !rcpLevels) trace.layer({ layer: 'rcp', verdict: 'not-applicable', policies: 0 });
  if (!trace && rcp.some((o) => o.deny)) return finish('ExplicitDeny', 'rcp');

  const scp = (scpLevels ?? []).map((level) => {
    const o = evaluateLayer(level.policies, 'scp', req, false, trace);
    verdict('scp', level.policies.length, o, level.target);
    return o;
  });
  if (trace && layers.scps && !scpLevels) trace.layer({ layer: 'scp', verdict: 'not-applicable', policies: 0 });
  if (!trace && scp.some((o) => o.deny)) return finish('ExplicitDeny', 'scp');

  const endpoint = layers.endpoint ? evaluateLayer(layers.endpoint, 'endpoint', req, true, trace) : undefined;
  if (layers.endpoint) verdict('endpoint', layers.endpoint.length, endpoint);
  const resource = layers.resource ? evaluateLayer([layers.resource.policy], 'resource', req, true, trace) : NO_LAYER;
  verdict('resource', layers.resource ? 1 : 0, layers.resource ? resource : undefined);

  const hasIdentity = p.kind === 'user' || p.kind === 'role-session' || p.kind === 'federated-user';
  const identity = hasIdentity ? evaluateLayer(layers.identity, 'identity', req, false, trace) : NO_LAYER;
  if (hasIdentity) verdict('identity', layers.identity.length, identity);
  const boundary = hasIdentity && layers.boundary ? evaluateLayer([layers.boundary], 'boundary', req, false, trace) : undefined;
  if (hasIdentity) verdict('boundary', layers.boundary ? 1 : 0, boundary);
  // Session policies exist only for role sessions and federated-user sessions (spec §4.1, §4.3 step 7).
  const isSession = p.kind === 'role-session' || p.kind === 'federated-user';
  const sessionPolicies = isSession ? layers.session : undefined;
  const session = sessionPolicies ? evaluateLayer(sessionPolicies, 'session', req, false, trace) : undefined;
  if (isSession) verdict('session', sessionPolicies?.length ?? 0, session);

  // Step 1: an applicable Deny anywhere.
  if (rcp.some((o) => o.deny)) return finish('ExplicitDeny', 'rcp');
  if (scp.some((o) => o.deny)) return finish('ExplicitDeny', 'scp');
  if (endpoint?.deny) return finish('ExplicitDeny', 'endpoint');
  if (resource.deny) return finish('ExplicitDeny', 'resource');
  if (identity.deny) return finish('ExplicitDeny', 'identity');
  if (boundary?.deny) return finish('ExplicitDeny', 'boundary');
  if (session?.deny) return finish('ExplicitDeny', 'session');

  // Step 2 (RCPs) always passes: RCPFullAWSAccess allows at every level. Step 3: every SCP level must allow.
  if (scp.some((o) => !o.allow)) return finish('ImplicitDeny', 'scp');
  if (endpoint && !endpoint.allow) return finish('ImplicitDeny', 'endpoint');

  const grant = crossPartition ? undefined : resource.grant;
  const boundaryBlocks = boundary !== undefined && !boundary.allow;
  // A federated-user session without a session policy has no permissions (spec §4.7, §10 E4).
  const sessionBlocks =
    session !== undefined ? !session.allow : p.kind === 'federated-user' && options.federatedSessionDefaultAllow !== true;

  // Callers with no identity of their own: only the resource policy can allow (spec §4.12, §4.13).
  if (!hasIdentity && p.kind !== 'root') {
    const ok = p.kind === 'anonymous' ? grant === 'wildcard' : grant !== undefined;
    return finish(ok ? 'Allow' : 'ImplicitDeny', 'resource');
  }

  const identitySide = (): Decision => {
    if (p.kind === 'root') return finish('Allow', 'identity'); // The root user's implicit full access (§4.11).
    if (!identity.allow) return finish('ImplicitDeny', 'identity');
    if (boundaryBlocks) return finish('ImplicitDeny', 'boundary');
    if (sessionBlocks) return finish('ImplicitDeny', 'session');
    return finish('Allow', 'identity');
  };

  // Cross-account (§4.10): the resource policy must allow and the trusted side must allow too.
  if (crossAccount) {
    if (!grant) return finish('ImplicitDeny', 'resource');
    return identitySide();
  }

  // Same account (§4.4): the grant kind decides what else can block the resource-policy grant.
  if (grant && GRANT_STRENGTH[grant] === 3) {
    // A trust policy naming the user still needs the user's boundary to allow (spec R-REVIEW).
    if (layers.resource?.kind === 'role-trust' && grant === 'user' && boundaryBlocks) return finish('ImplicitDeny', 'boundary');
    return finish('Allow', 'resource');
  }
  if (grant === 'role' || grant === 'federating-user') {
    if (boundaryBlocks) return finish('ImplicitDeny', 'boundary');
    if (sessionBlocks) return finish('ImplicitDeny', 'session');
    return finish('Allow', 'resource');
  }
  const strict = layers.resource !== undefined && (layers.resource.strict ?? layers.resource.kind !== 'generic');
  if (strict && !grant) return finish('ImplicitDeny', 'resource');
  return identitySide();
}

/** The partition of the requested resource's ARN; `undefined` when the resource is not an ARN (`*`). */
function resourcePartition(req: EvalRequest): string | undefined {
  const s = req.segments;
  if (s.count < 6 || !req.resource.startsWith('arn:')) return undefined;
  return req.resource.slice(s.starts[1], s.ends[1]);
}

/** A decision for a request that never reached policy evaluation. */
export function failure(decidedBy: Layer, reason: string): Decision {
  return { decision: 'ImplicitDeny', decidedBy, reason };
}

export { Tracer };
