/**
 * `evaluate`: decide one request over explicitly given policies, in the shape of the AWS policy
 * simulator's custom mode. `compilePolicySet` does the parsing and compiling once so that the
 * same policies can decide many requests.
 */
import type { PolicyType } from '../policy/ast.js';
import { joinPath, type Issue } from '../policy/issues.js';
import { parsePolicy } from '../policy/parse.js';
import { splitArn } from '../match/arn.js';
import { ContextMap, type ContextInputValue } from '../condition/context.js';
import { formatDate, parseRequestTime } from '../condition/date.js';
import { checkArrayLength, checkRequestLimits, resolveLimits } from '../policy/limits.js';
import { compilePolicy, type CompiledPolicy } from './compile.js';
import { decide, failure, Tracer, type DecideOptions, type PolicyLayers, type PolicyLevel, type ResourcePolicyKind } from './decide.js';
import type { Decision } from './decision.js';
import { isPrincipalProblem, principalFromArn, type RequestPrincipal } from './principal.js';
import { describeError } from '../policy/json-tree.js';

/** A policy as input: JSON text, a document object, or a named one (`{ id, document }`). */
export type PolicyInput = string | Readonly<Record<string, unknown>> | { readonly id: string; readonly document: unknown };

/** An SCP or RCP level: its policies, optionally with the target id (root, OU, account). */
export type LevelInput = readonly PolicyInput[] | { readonly target: string; readonly policies: readonly PolicyInput[] };

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

/** Parses and compiles a policy set. Never throws; problems come back in `errors`. */
export function compilePolicySet(input: PolicySetInput, options: DecideOptions = {}): PolicySet {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const one = (p: PolicyInput, type: PolicyType, id: string, path: string): CompiledPolicy | undefined => {
    const named = typeof p === 'object' && p !== null && typeof (p as { id?: unknown }).id === 'string' && 'document' in p;
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
  const list = (ps: readonly PolicyInput[] | undefined, layer: keyof typeof LAYER_TYPES, path: string): CompiledPolicy[] =>
    shaped(ps, path).flatMap((p, i) => one(p, LAYER_TYPES[layer], `${layer}[${i}]`, joinPath(path, i)) ?? []);
  const levels = (ls: readonly LevelInput[] | undefined, layer: 'scp' | 'rcp'): PolicyLevel[] | undefined =>
    ls !== undefined
      ? shaped(ls, `${layer}s`).map((l, i) => {
          if (typeof l !== 'object' || l === null) shapeProblem ??= `${layer}s`;
          const policies = Array.isArray(l) ? (l as readonly PolicyInput[]) : (l as { policies?: readonly PolicyInput[] } | null)?.policies;
          const target = Array.isArray(l) ? `level ${i}` : String((l as { target?: string } | null)?.target);
          return { target, policies: list(policies, layer, joinPath(`${layer}s`, i)) };
        })
      : undefined;

  let layers: Omit<PolicyLayers, 'resourceAccount'>;
  try {
    const rp = input?.resource;
    const rpKind = rp?.kind ?? 'generic';
    const resourcePolicy = rp ? one(rp.policy, rpKind === 'role-trust' ? 'trust' : 'resource', 'resource', 'resource.policy') : undefined;
    layers = {
      identity: list(input?.identity, 'identity', 'identity'),
      boundary: input?.permissionsBoundary !== undefined ? one(input.permissionsBoundary, 'boundary', 'boundary', 'permissionsBoundary') : undefined,
      session: input?.session !== undefined ? list(input.session, 'session', 'session') : undefined,
      resource: resourcePolicy ? { policy: resourcePolicy, kind: rpKind, ...(rp?.strict !== undefined ? { strict: rp.strict } : {}) } : undefined,
      scps: levels(input?.scps, 'scp'),
      rcps: levels(input?.rcps, 'rcp'),
      endpoint: input?.endpoint !== undefined ? list(input.endpoint, 'endpoint', 'endpoint') : undefined,
    };
  } catch (e) {
    errors.push({ severity: 'error', code: 'invalid-policy-set', path: '', message: `the policy set could not be read: ${describeError(e)}` });
    layers = { identity: [] };
  }
  const ok = errors.length === 0;
  return {
    ok,
    errors,
    warnings,
    evaluate(request) {
      if (shapeProblem !== undefined) return failure('input', `InvalidRequest:${shapeProblem}`);
      if (!ok) return failure('input', 'InvalidPolicy');
      try {
        return evaluateRequest(layers, request, options);
      } catch (e) {
        return failure('input', `InternalError:${describeError(e)}`);
      }
    },
  };
}

/** Decides one request over explicitly given policies. Never throws. */
export function evaluate(input: EvaluationInput, options: DecideOptions = {}): Decision {
  if (typeof input !== 'object' || input === null) return failure('input', 'InvalidRequest:input');
  return compilePolicySet(input.policies ?? {}, options).evaluate(input);
}

function evaluateRequest(layers: Omit<PolicyLayers, 'resourceAccount'>, request: EvaluationRequest, options: DecideOptions): Decision {
  const tooLong = checkRequestLimits(request, resolveLimits(options.limits)); if (tooLong) return failure('input', tooLong);
  if (typeof request?.principal !== 'string') return failure('input', 'InvalidRequest:principal');
  if (typeof request.action !== 'string' || request.action === '') return failure('input', 'InvalidRequest:action');
  if (typeof request.resource !== 'string' || request.resource === '') return failure('input', 'InvalidRequest:resource');
  const principal = principalFromArn(request.principal, {
    ...request.principalDetails,
    hasBoundary: request.principalDetails?.hasBoundary ?? layers.boundary !== undefined,
  });
  if (isPrincipalProblem(principal)) return failure('input', 'InvalidRequest:principal');
  const time = request.time === undefined ? Date.now() : parseRequestTime(request.time);
  if (Number.isNaN(time)) return failure('input', 'InvalidRequest:time');

  const resourceSegments = splitArn(request.resource);
  const arnAccount = resourceSegments.count >= 6 ? request.resource.slice(resourceSegments.starts[4], resourceSegments.ends[4]) : '';
  const resourceAccount = request.resourceAccount ?? (arnAccount || principal.account);
  const ctx = derivedKeys(principal, time, resourceAccount);
  for (const [k, v] of ContextMap.from(request.context).entries()) ctx.set(k, v);
  const actionLower = request.action.toLowerCase();
  const colon = actionLower.indexOf(':');
  return decide(
    { ...layers, resourceAccount },
    {
      principal,
      action: request.action,
      actionLower,
      service: colon < 0 ? actionLower : actionLower.slice(0, colon),
      resource: request.resource,
      segments: resourceSegments,
      ctx,
    },
    options,
    request.explain ? new Tracer() : undefined,
  );
}

/** The global keys a principal ARN and the request imply on their own (spec §5.8, §7.2). */
function derivedKeys(p: RequestPrincipal, time: number, resourceAccount: string | undefined): ContextMap {
  const ctx = new ContextMap();
  ctx.set('aws:CurrentTime', formatDate(time));
  ctx.set('aws:EpochTime', String(Math.floor(time / 1000)));
  if (resourceAccount !== undefined) ctx.set('aws:ResourceAccount', resourceAccount);
  // Present in signed requests only (spec §7.1): not for anonymous callers.
  if (p.kind !== 'anonymous') ctx.set('aws:PrincipalIsAWSService', p.kind === 'service' ? 'true' : 'false');
  switch (p.kind) {
    case 'anonymous':
      ctx.set('aws:PrincipalType', 'Anonymous').set('aws:userid', 'anonymous').set('aws:PrincipalAccount', 'anonymous');
      break;
    case 'service':
      ctx.set('aws:PrincipalServiceName', p.serviceName as string).set('aws:PrincipalServiceNamesList', [p.serviceName as string]);
      break;
    case 'root':
      ctx.set('aws:PrincipalType', 'Account').set('aws:userid', p.account as string);
      break;
    case 'user':
      ctx.set('aws:PrincipalType', 'User').set('aws:username', (p.arn as string).slice((p.arn as string).lastIndexOf('/') + 1));
      if (p.uniqueId !== undefined) ctx.set('aws:userid', p.uniqueId);
      break;
    case 'role-session': {
      const name = (p.arn as string).slice((p.arn as string).lastIndexOf('/') + 1);
      ctx.set('aws:PrincipalType', 'AssumedRole');
      if (p.uniqueId !== undefined) ctx.set('aws:userid', `${p.uniqueId}:${name}`);
      break;
    }
    case 'federated-user': {
      const name = (p.arn as string).slice((p.arn as string).lastIndexOf('/') + 1);
      ctx.set('aws:PrincipalType', 'FederatedUser').set('aws:userid', `${p.account}:${name}`);
      break;
    }
    case 'federated-identity':
      if (p.provider !== undefined) ctx.set('aws:FederatedProvider', p.provider);
      break;
  }
  if (p.kind !== 'anonymous' && p.kind !== 'service' && p.kind !== 'federated-identity') {
    ctx.set('aws:PrincipalArn', p.kind === 'role-session' ? (p.roleArn as string) : (p.arn as string));
    ctx.set('aws:PrincipalAccount', p.account as string);
  }
  return ctx;
}
