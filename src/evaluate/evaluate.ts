/**
 * `evaluate`: decide one request over explicitly given policies, in the shape of the AWS policy
 * simulator's custom mode. `compilePolicySet` does the parsing and compiling once so that the
 * same policies can decide many requests.
 */
import type { PolicyType } from '../policy/ast.js';
import { joinPath, type Issue } from '../policy/issues.js';
import { parsePolicy } from '../policy/parse.js';
import { callerContext, ContextMap, type ContextInputValue } from '../condition/context.js';
import { checkArrayLength, checkRequestLimits } from '../policy/limits.js';
import { compilePolicy, type CompiledPolicy } from './compile.js';
import {
  decide,
  failure,
  resolveDecideOptions,
  Tracer,
  type DecideOptions,
  type ResolvedDecideOptions,
  type PolicyLayers,
  type PolicyLevel,
  type ResourcePolicyKind,
} from './decide.js';
import type { Decision } from './decision.js';
import { policyList, type PolicyList } from './layer.js';
import { applyServiceRules } from './service-rules.js';
import { isPrincipalProblem, principalFromArn, type RequestPrincipal } from './principal.js';
import {
  EMPTY_CONTEXT,
  own,
  prepareRequest,
  principalKeys,
  requestProblem,
  requestTime,
  RequestKeys,
} from './request/index.js';
import { describeError } from '../policy/json-tree.js';
import { splitArn } from '../match/arn.js';

/** A policy as input: JSON text, a document object, or a named one (`{ id, document }`). */
export type PolicyInput =
  string | Readonly<Record<string, unknown>> | { readonly id: string; readonly document: unknown };

/** An SCP or RCP level: its policies, optionally with the target id (root, OU, account). */
export type LevelInput =
  readonly PolicyInput[] | { readonly target: string; readonly policies: readonly PolicyInput[] };

/** Every policy of a request, by layer (spec §4.1). */
export interface PolicySetInput {
  readonly identity?: readonly PolicyInput[];
  readonly resource?: { readonly policy: PolicyInput; readonly kind?: ResourcePolicyKind; readonly strict?: boolean };
  readonly permissionsBoundary?: PolicyInput;
  /** Absent: no session policy was passed (spec §4.7). */
  readonly session?: readonly PolicyInput[];
  /** SCP levels from the organization root down to the account; absent when SCPs do not apply. */
  readonly scps?: readonly LevelInput[];
  /** Custom RCP levels root → account of the resource's account (RCPFullAWSAccess is implied). */
  readonly rcps?: readonly LevelInput[];
  /** VPC endpoint policies the request passed through. */
  readonly endpoint?: readonly PolicyInput[];
}

/** The request of {@link evaluate}. */
export interface EvaluationRequest {
  /** User / session / root ARN, `service:<name>` (or a bare `*.amazonaws.com`), or `anonymous`. */
  readonly principal: string;
  /** Facts the ARN alone cannot tell (role path, federating user, unique id, service-linked role). */
  readonly principalDetails?: Partial<Omit<RequestPrincipal, 'kind' | 'arn'>>;
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount?: string;
  readonly context?: Readonly<Record<string, ContextInputValue>>;
  /** Request time for `aws:CurrentTime` / `aws:EpochTime` (ISO 8601 or epoch ms); default now. */
  readonly time?: string | number;
  readonly explain?: boolean;
}

/** The input of {@link evaluate}: a request and its policies. */
export interface EvaluationInput extends EvaluationRequest {
  readonly policies: PolicySetInput;
}

/** A compiled policy set: compile once, decide many requests. */
export interface PolicySet {
  /** `false` when a policy is invalid; every request is then denied with reason `InvalidPolicy`. */
  readonly ok: boolean;
  readonly errors: readonly Issue[];
  readonly warnings: readonly Issue[];
  /** Decides a request against these policies. Never throws. */
  evaluate(request: EvaluationRequest): Decision;
}

const LAYER_TYPES: Readonly<Record<'identity' | 'boundary' | 'session' | 'scp' | 'rcp' | 'endpoint', PolicyType>> = {
  identity: 'identity',
  boundary: 'boundary',
  session: 'session',
  scp: 'scp',
  rcp: 'rcp',
  endpoint: 'endpoint',
};

/**
 * Parses and compiles a policy set. Never throws; problems come back in `errors`.
 *
 * @example
 * ```ts
 * import { compilePolicySet } from 'iam-verdict';
 *
 * const set = compilePolicySet({
 *   identity: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] }],
 * });
 * if (!set.ok) throw new Error(JSON.stringify(set.errors));
 * const principal = 'arn:aws:iam::111111111111:user/worker';
 * console.log(set.evaluate({ principal, action: 'sqs:SendMessage', resource: 'arn:aws:sqs:eu-west-1:111111111111:jobs' }).decision); // => Allow
 * console.log(set.evaluate({ principal, action: 'sqs:DeleteQueue', resource: 'arn:aws:sqs:eu-west-1:111111111111:jobs' }).decision); // => ImplicitDeny
 * ```
 */
export function compilePolicySet(input: PolicySetInput, given: DecideOptions = {}): PolicySet {
  // Options read once, own members only, limits resolved (decide() reads them without checks).
  const options = resolveDecideOptions(given);
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const one = (p: PolicyInput, type: PolicyType, id: string, path: string): CompiledPolicy | undefined => {
    const named =
      typeof p === 'object' && p !== null && typeof (p as { id?: unknown }).id === 'string' && 'document' in p;
    const doc = named ? (p as { document: unknown }).document : p;
    const policyId = named ? (p as { id: string }).id : id;
    const r = parsePolicy(doc, { type });
    const at = (i: Issue): Issue => ({ ...i, path: i.path ? `${path}.${i.path}` : path });
    warnings.push(...r.warnings.map(at));
    if (!r.ok) {
      errors.push(...r.errors.map(at));
      return undefined;
    }
    return compilePolicy(r.policy, policyId);
  };
  // A policy list or SCP/RCP level list of the wrong shape, or too long to walk, fails closed (issue #11).
  let shapeProblem: string | undefined;
  const shaped = <T>(v: readonly T[] | undefined, path: string): readonly T[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || checkArrayLength(v.length)) return ((shapeProblem ??= path), []);
    return v;
  };
  const list = (ps: readonly PolicyInput[] | undefined, layer: keyof typeof LAYER_TYPES, path: string): PolicyList =>
    policyList(
      shaped(ps, path).flatMap((p, i) => one(p, LAYER_TYPES[layer], `${layer}[${i}]`, joinPath(path, i)) ?? []),
    );
  const levels = (ls: readonly LevelInput[] | undefined, layer: 'scp' | 'rcp'): PolicyLevel[] | undefined =>
    ls !== undefined
      ? shaped(ls, `${layer}s`).map((l, i) => {
          if (typeof l !== 'object' || l === null) shapeProblem ??= `${layer}s`;
          const policies = Array.isArray(l)
            ? (l as readonly PolicyInput[])
            : (l as { policies?: readonly PolicyInput[] } | null)?.policies;
          const target = Array.isArray(l) ? `level ${i}` : String((l as { target?: string } | null)?.target);
          return { target, policies: list(policies, layer, joinPath(`${layer}s`, i)) };
        })
      : undefined;

  let layers: Omit<PolicyLayers, 'resourceAccount'>;
  try {
    const rp = input?.resource;
    const rpKind = rp?.kind ?? 'generic';
    const resourcePolicy = rp
      ? one(rp.policy, rpKind === 'role-trust' ? 'trust' : 'resource', 'resource', 'resource.policy')
      : undefined;
    layers = {
      identity: list(input?.identity, 'identity', 'identity'),
      boundary:
        input?.permissionsBoundary !== undefined
          ? one(input.permissionsBoundary, 'boundary', 'boundary', 'permissionsBoundary')
          : undefined,
      session: input?.session !== undefined ? list(input.session, 'session', 'session') : undefined,
      resource: resourcePolicy
        ? { policy: resourcePolicy, kind: rpKind, ...(rp?.strict !== undefined ? { strict: rp.strict } : {}) }
        : undefined,
      scps: levels(input?.scps, 'scp'),
      rcps: levels(input?.rcps, 'rcp'),
      endpoint: input?.endpoint !== undefined ? list(input.endpoint, 'endpoint', 'endpoint') : undefined,
    };
  } catch (e) {
    errors.push({
      severity: 'error',
      code: 'invalid-policy-set',
      path: '',
      message: `the policy set could not be read: ${describeError(e)}`,
    });
    layers = { identity: [] };
  }
  const ok = errors.length === 0;
  return {
    ok,
    errors,
    warnings,
    evaluate(request) {
      if (shapeProblem !== undefined) return failure('input', 'InvalidRequest', shapeProblem);
      if (!ok) return failure('input', 'InvalidPolicy');
      try {
        return evaluateRequest(layers, request, options);
      } catch (e) {
        return failure('input', 'InternalError', describeError(e));
      }
    },
  };
}

/**
 * Decides one request over explicitly given policies. Never throws.
 *
 * @example
 * ```ts
 * import { evaluate } from 'iam-verdict';
 *
 * const decision = evaluate({
 *   principal: 'arn:aws:iam::111111111111:user/alice',
 *   action: 's3:GetObject',
 *   resource: 'arn:aws:s3:::reports/q1.csv',
 *   policies: {
 *     identity: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }],
 *     permissionsBoundary: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:List*', Resource: '*' }] },
 *   },
 * });
 * console.log(decision.decision, decision.decidedBy); // => ImplicitDeny boundary
 * ```
 */
export function evaluate(input: EvaluationInput, options: DecideOptions = {}): Decision {
  if (typeof input !== 'object' || input === null) return failure('input', 'InvalidRequest', 'input');
  let policies: unknown;
  try {
    policies = input.policies;
  } catch {
    // A proxy or getter that throws on `policies` (issue #11, found by never-throws).
    return failure('input', 'InvalidRequest', 'policies');
  }
  return compilePolicySet((policies ?? {}) as PolicySetInput, options).evaluate(input);
}

function evaluateRequest(
  layers: Omit<PolicyLayers, 'resourceAccount'>,
  request: EvaluationRequest,
  options: ResolvedDecideOptions,
): Decision {
  const problem = requestProblem(request, false);
  if (problem) return failure('input', 'InvalidRequest', problem);
  const tooLong = checkRequestLimits(request, options.limits);
  if (tooLong) return failure('input', 'BudgetExceeded', tooLong);
  const details = own(request, 'principalDetails') as EvaluationRequest['principalDetails'];
  const principal = principalFromArn(request.principal, {
    ...details,
    hasBoundary: details?.hasBoundary ?? layers.boundary !== undefined,
  });
  if (isPrincipalProblem(principal)) return failure('input', 'InvalidRequest', 'principal');
  const time = requestTime(own(request, 'time'));
  if (time === undefined) return failure('input', 'InvalidRequest', 'time');

  const action = request.action;
  const resource = request.resource;
  const s = splitArn(resource);
  const arnAccount = s.count >= 6 ? resource.slice(s.starts[4], s.ends[4]) : '';
  const resourceAccount = (own(request, 'resourceAccount') as string | undefined) ?? (arnAccount || principal.account);
  const derived =
    resourceAccount !== undefined ? new ContextMap().set('aws:ResourceAccount', resourceAccount) : EMPTY_CONTEXT;
  // Supplied keys win over derived ones here: `evaluate` simulates, it knows no world (spec §0.3).
  const caller = callerContext(own(request, 'context') as Readonly<Record<string, unknown>> | undefined);
  const ctx = new RequestKeys(caller, [derived], principalKeys(principal), time, undefined, true);
  const prepared = prepareRequest(principal, action, resource, ctx, s);
  // Service rules that no policy can change (spec §4.14) apply after the policy decision.
  return applyServiceRules(decide({ ...layers, resourceAccount }, prepared, options, traceOf(request)), prepared);
}

/** {@link EvaluationRequest} with the caller's tracer (internal: the analysis's statement probes). */
export interface TracedRequest extends EvaluationRequest {
  readonly trace?: Tracer;
}

/** The request's own `trace` (emptied), else a fresh tracer when `explain` is set, else none. */
function traceOf(request: EvaluationRequest): Tracer | undefined {
  const given = own(request, 'trace');
  if (given instanceof Tracer) {
    given.reset();
    return given;
  }
  return own(request, 'explain') === true ? new Tracer() : undefined;
}
