/**
 * Decisions over a world: `createAuthorizer(world)` compiles everything once; `authorize(request)`
 * resolves the principal, gathers every applicable policy (spec §4.1), derives the condition keys
 * (spec §7.2) and decides (spec §4.3).
 */
import { ContextMap, type ContextInputValue } from '../condition/context.js';
import { checkRequestLimits, resolveLimits, type Limits } from '../policy/limits.js';
import { splitArn, type ArnSegments } from '../match/arn.js';
import type { Issue } from '../policy/issues.js';
import { decide, failure, Tracer, type DecideOptions, type PolicyLayers } from '../evaluate/decide.js';
import type { Decision } from '../evaluate/decision.js';
import type { EvalRequest } from '../evaluate/layer.js';
import { EMPTY_CONTEXT, own, prepareRequest, requestProblem, requestTime, RequestKeys } from '../evaluate/request/index.js';
import { applyServiceRules, type ServiceRuleFacts } from '../evaluate/service-rules.js';
import { S3BlockPublicAccessIndex } from './block-public-access.js';
import { VpcEndpointDirectory, withoutSourceIp } from './vpc-endpoints.js';
import { assumeRoleKeys, checkAssumeRoleParameters, mfaFromParameters, type AssumeRoleParameters } from './assume-role-parameters.js';
import { setTags } from './keys.js';
import { PolicyCompiler, validateWorld, type LoadWorldOptions } from './load.js';
import { compileOrganization, type CompiledOrganization } from './organization.js';
import { PrincipalDirectory, type ResolvedPrincipal } from './principals.js';
import { isAssumeRoleAction, ResourceDirectory, type GoverningResource } from './resources.js';
import type { World, WorldInput } from './world.js';
import { describeError } from '../policy/json-tree.js';

/** A request in the scenario-request shape of spec §0.3. */
export interface AuthorizationRequest {
  /**
   * User/session/root ARN, a role ARN (a session of it), `service:<name>`, or `anonymous`.
   * May be omitted when `accessKeyId` identifies the caller.
   */
  readonly principal?: string;
  readonly action: string;
  readonly resource: string;
  /** Owner of the resource (S3 ARNs carry no account). */
  readonly resourceAccount?: string;
  /** Key into the world's `resourcePolicies`. */
  readonly resourcePolicy?: string;
  /** Request time (ISO 8601 or epoch ms); defaults to now. */
  readonly time?: string | number;
  /**
   * Caller-supplied condition keys. Keys the world decides (the principal's keys and tags, MFA,
   * the time, the resource account) are not overridden unless `allowOverrides` is set.
   */
  readonly context?: Readonly<Record<string, ContextInputValue>>;
  /** `sts:AssumeRole` parameters. */
  readonly sts?: AssumeRoleParameters;
  /** Sign the request with these credentials instead of naming the principal (spec §5.2, §6.7). */
  readonly accessKeyId?: string;
  readonly sessionToken?: string;
  /** The VPC endpoint (`vpce-…`, a key of the world's `vpcEndpoints`) the request came through (spec §4.15). */
  readonly vpcEndpoint?: string;
  /** `s3:PutBucketPolicy`: the new bucket policy (document or JSON text), for BlockPublicPolicy (spec §4.16). */
  readonly requestPolicy?: unknown;
}

/** Options of one authorization. */
export interface AuthorizeOptions {
  /** Build the explanation (costs more; the cheap path builds none). */
  readonly explain?: boolean;
  /**
   * Simulation: let the request's `context` override keys the world decides and its
   * `resourceAccount` / `resourcePolicy` override what the world says about a known resource
   * (spec §0.3 scenario semantics). Default `false`: world facts win.
   */
  readonly allowOverrides?: boolean;
}

/** Options of an authorizer. */
export interface AuthorizerOptions extends LoadWorldOptions, DecideOptions {
  /** {@link AuthorizeOptions.allowOverrides} for every request of this authorizer. */
  readonly allowOverrides?: boolean;
}

/** A world compiled for decisions. */
export interface Authorizer {
  /** `false` when the world has errors: every request is then denied (fail closed). */
  readonly ok: boolean;
  readonly errors: readonly Issue[];
  readonly warnings: readonly Issue[];
  /** The validated world (with defaults filled in), when it could be read. */
  readonly world: World | undefined;
  /** Decides one request. Never throws. */
  authorize(request: AuthorizationRequest, options?: AuthorizeOptions): Decision;
}

/**
 * The authorizer with its internal entry points (for STS, the request checks and tooling): not
 * public, because a resolved principal holds compiled policies.
 */
export interface CompiledWorld extends Authorizer {
  /** Resolves a principal string as `authorize` would (for STS and tooling). */
  resolvePrincipal(principal: string): ResolvedPrincipal | string;
  /**
   * Maps credentials to their principal (spec §5.2): unknown or inactive keys and a wrong session
   * token give `InvalidClientTokenId`. Expiry is checked against the request time by `authorize`.
   */
  authenticate(accessKeyId: string, sessionToken?: string): ResolvedPrincipal | 'InvalidClientTokenId';
  /** Evaluates a request for an already-resolved principal (used by the STS functions). */
  authorizeAs(principal: ResolvedPrincipal, request: AuthorizationRequest, options?: AuthorizeOptions): Decision;
}

/**
 * Compiles a world into an authorizer. Never throws; check `ok` and `errors`.
 *
 * @example
 * ```ts
 * import { createAuthorizer } from 'iam-verdict';
 *
 * const authorizer = createAuthorizer({
 *   users: {
 *     'arn:aws:iam::111111111111:user/alice': {
 *       policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] }],
 *     },
 *   },
 * });
 * if (!authorizer.ok) throw new Error(JSON.stringify(authorizer.errors));
 * const request = { principal: 'arn:aws:iam::111111111111:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv' };
 * console.log(authorizer.authorize(request).decision); // => Allow
 * console.log(authorizer.authorize({ ...request, action: 's3:DeleteObject' }).decision); // => ImplicitDeny
 * ```
 */
export function createAuthorizer(input: WorldInput, options: AuthorizerOptions = {}): Authorizer {
  return compileWorld(input, options);
}

/** {@link createAuthorizer} for any input (validated at run time), with the internal entry points. */
export function compileWorld(input: unknown, options: AuthorizerOptions = {}): CompiledWorld {
  const validated = validateWorld(input, options);
  if (!validated.ok) return brokenAuthorizer(validated.errors, validated.warnings);
  try {
    return new WorldAuthorizer(validated.world, options, validated.warnings);
  } catch (e) {
    return brokenAuthorizer([{ severity: 'error', code: 'invalid-world', path: '', message: `world could not be compiled: ${describeError(e)}` }], []);
  }
}

function brokenAuthorizer(errors: readonly Issue[], warnings: readonly Issue[]): CompiledWorld {
  const deny = () => failure('input', 'InvalidWorld');
  return {
    ok: false,
    errors,
    warnings,
    world: undefined,
    authorize: deny,
    authorizeAs: deny,
    resolvePrincipal: () => 'the world is invalid',
    authenticate: () => 'InvalidClientTokenId',
  };
}

class WorldAuthorizer implements CompiledWorld {
  readonly ok: boolean;
  readonly errors: readonly Issue[];
  readonly warnings: readonly Issue[];
  private readonly org: CompiledOrganization;
  private readonly principals: PrincipalDirectory;
  private readonly resources: ResourceDirectory;
  /** `aws:ResourceAccount` and the resource's organization keys of every organization account, built up front. */
  private readonly accountKeys = new Map<string, ContextMap>();
  private readonly credentials = new Map<string, { principal: ResolvedPrincipal | string; sessionToken?: string; active: boolean }>();
  /** Engine options read once (own members only: a polluted prototype cannot switch them). */
  private readonly decideOptions: DecideOptions;
  private readonly allowOverrides: boolean;
  /** Request caps and the matcher step budget (docs/security.md), resolved once. */
  private readonly limits: Limits;
  /** VPC endpoints and their policies (spec §4.15). */
  private readonly endpoints: VpcEndpointDirectory;
  /** S3 Block Public Access settings (spec §4.16). */
  private readonly blockPublicAccess: S3BlockPublicAccessIndex;

  constructor(
    readonly world: World,
    options: AuthorizerOptions,
    worldWarnings: readonly Issue[] = [],
  ) {
    const compiler = new PolicyCompiler(world, options);
    this.org = compileOrganization(world, compiler);
    this.principals = new PrincipalDirectory(world, compiler, (a) => this.org.accounts.get(a));
    this.resources = new ResourceDirectory(world, compiler, this.principals);
    for (const [account, o] of this.org.accounts) {
      this.accountKeys.set(account, new ContextMap().set('aws:ResourceAccount', account).set('aws:ResourceOrgID', o.orgId).set('aws:ResourceOrgPaths', Object.freeze([o.path])));
    }
    this.limits = resolveLimits(own(options, 'limits') as Partial<Limits> | undefined);
    this.decideOptions = { ...readDecideOptions(options), limits: this.limits };
    this.allowOverrides = own(options, 'allowOverrides') === true;
    this.endpoints = new VpcEndpointDirectory(world, compiler, (a) => this.org.accounts.get(a));
    this.blockPublicAccess = new S3BlockPublicAccessIndex(world);
    this.indexCredentials();
    this.errors = compiler.errors;
    this.warnings = [...worldWarnings, ...compiler.warnings];
    this.ok = compiler.errors.length === 0;
  }

  private indexCredentials(): void {
    for (const u of this.principals.users.values()) {
      for (const k of u.accessKeys) this.credentials.set(k.id, { principal: this.principals.resolve(u.arn), active: k.status === 'Active' });
    }
    for (const [arn, s] of Object.entries(this.world.sessions)) {
      if (s.credentials) {
        this.credentials.set(s.credentials.accessKeyId, { principal: this.principals.resolve(arn), ...(s.credentials.sessionToken ? { sessionToken: s.credentials.sessionToken } : {}), active: true });
      }
    }
    for (const s of Object.values(this.world.userSessions)) {
      this.credentials.set(s.accessKeyId, { principal: this.principals.fromUserSession(s), ...(s.sessionToken ? { sessionToken: s.sessionToken } : {}), active: true });
    }
  }

  resolvePrincipal(principal: string): ResolvedPrincipal | string {
    return this.principals.resolve(principal);
  }

  authenticate(accessKeyId: string, sessionToken?: string): ResolvedPrincipal | 'InvalidClientTokenId' {
    const cred = this.credentials.get(accessKeyId);
    if (!cred || !cred.active || typeof cred.principal === 'string') return 'InvalidClientTokenId';
    if (cred.sessionToken !== undefined && cred.sessionToken !== sessionToken) return 'InvalidClientTokenId';
    return cred.principal;
  }

  authorize(input: AuthorizationRequest, options: AuthorizeOptions = {}): Decision {
    try {
      const problem = requestProblem(input, true);
      if (problem) return failure('input', 'InvalidRequest', problem);
      const tooLong = checkRequestLimits(input, this.limits);
      if (tooLong) return failure('input', 'BudgetExceeded', tooLong);
      if (!this.ok) return failure('input', 'InvalidWorld');
      const request = readRequest(input);
      let principal: ResolvedPrincipal | string;
      if (request.accessKeyId !== undefined) {
        principal = this.authenticate(request.accessKeyId, request.sessionToken);
        if (principal === 'InvalidClientTokenId') return failure('authentication', principal);
      } else {
        principal = this.principals.resolve(request.principal as string);
      }
      if (typeof principal === 'string') return failure('authentication', 'UnknownPrincipal');
      return this.authorizeRead(principal, request, options);
    } catch (e) {
      return failure('input', 'InternalError', describeError(e));
    }
  }

  authorizeAs(p: ResolvedPrincipal, input: AuthorizationRequest, options: AuthorizeOptions = {}): Decision {
    const problem = requestProblem({ principal: '', ...input }, true);
    if (problem) return failure('input', 'InvalidRequest', problem);
    return this.authorizeRead(p, readRequest(input), options);
  }

  /** `authorizeAs` for a request already checked and read (own members only). */
  private authorizeRead(p: ResolvedPrincipal, request: AuthorizationRequest, options: AuthorizeOptions): Decision {
    const overrides = this.allowOverrides || own(options, 'allowOverrides') === true;
    const time = requestTime(request.time);
    if (time === undefined) return failure('input', 'InvalidRequest', 'time');
    if (p.expiresAt !== undefined && time >= p.expiresAt) return failure('authentication', 'ExpiredToken');
    if (request.vpcEndpoint !== undefined && !this.endpoints.get(request.vpcEndpoint)) return failure('input', 'InvalidRequest', 'unknownVpcEndpoint');

    const actionLower = request.action.toLowerCase();
    const governing = this.resources.governing(request.resource, actionLower, request.resourcePolicy, overrides);
    if (!governing) return failure('input', 'InvalidRequest', 'unknownResourcePolicy');
    const role = isAssumeRoleAction(actionLower) ? this.principals.roles.get(request.resource) : undefined;
    // A role that is not in the world has no trust policy that could allow assuming it (spec §4.5).
    if (!governing.policy && isAssumeRoleAction(actionLower) && !role && /^arn:[\w-]+:iam::\d{12}:role\//.test(request.resource)) {
      return failure('resource', 'UnknownRole');
    }
    const segments = splitArn(request.resource);
    // World facts win over the request's claim about a resource the world knows (issue #11).
    const claimed = overrides || !governing.accountKnown ? request.resourceAccount : undefined;
    const resourceAccount = claimed ?? governing.account ?? accountOf(segments) ?? p.principal.account;
    let derived: ContextMap | undefined;
    let mfaAt = p.mfaAt;

    const facts = (): RequestFacts => ({ derived, governing, resourceAccount, segments, time, mfaAt, overrides });
    if (actionLower === 'sts:assumerole' && role) {
      if (p.principal.kind === 'root') return failure('validation', 'AccessDenied', 'RootCannotAssumeRole');
      const params = request.sts ?? {};
      // Without parameters the request asks a policy question only ("may X assume Y?"); with them,
      // every parameter limit applies as in the real call (spec §6.2, §6.3).
      const invalid =
        request.sts !== undefined
          ? checkAssumeRoleParameters(params, {
              chained: p.principal.kind === 'role-session' && p.canChain,
              maxSessionDuration: role.maxSessionDuration,
              inheritedTransitiveTags: p.transitiveTags,
            })
          : undefined;
      if (invalid) return failure('validation', 'ValidationError', invalid);
      const mfa = mfaFromParameters(params, p.principal.kind === 'user' ? p.user?.mfaDevices : undefined);
      if (mfa) mfaAt = time;
      derived = new ContextMap();
      for (const [k, v] of assumeRoleKeys(params, mfa).entries()) derived.set(k, v);
      // Incoming transitive tags replace the role's matching resource tags (spec §10 S4).
      setTags(derived, 'aws:ResourceTag/', p.transitiveTags);
      // Session tags and a source identity need their own permissions (spec §6.1).
      const extra: string[] = [];
      if (params.Tags && Object.keys(params.Tags).length > 0) extra.push('sts:TagSession');
      if (params.SourceIdentity !== undefined) extra.push('sts:SetSourceIdentity');
      for (const action of extra) {
        const d = this.decideOne(p, { ...request, action }, facts(), options);
        if (d.decision !== 'Allow') return d;
      }
    }
    return this.decideOne(p, request, facts(), options);
  }

  private decideOne(p: ResolvedPrincipal, request: AuthorizationRequest, facts: RequestFacts, options: AuthorizeOptions): Decision {
    const { resourceAccount, time, governing } = facts;
    const caller = request.context ? ContextMap.from(request.context) : EMPTY_CONTEXT;
    const accountKeys = this.accountKeys.get(resourceAccount as string) ?? (resourceAccount !== undefined ? new ContextMap().set('aws:ResourceAccount', resourceAccount) : EMPTY_CONTEXT);
    const requestKeys = [facts.derived ?? EMPTY_CONTEXT, governing.tags ?? EMPTY_CONTEXT, accountKeys];
    const endpoint = request.vpcEndpoint !== undefined ? this.endpoints.get(request.vpcEndpoint) : undefined;
    if (endpoint) requestKeys.unshift(endpoint.keys);
    const keys = new RequestKeys(caller, requestKeys, p.keys, time, facts.mfaAt, facts.overrides);
    // Through a VPC endpoint the request has no public source address (spec §4.15).
    const ctx = endpoint ? withoutSourceIp(keys) : keys;
    const req: EvalRequest = prepareRequest(p.principal, request.action, request.resource, ctx, facts.segments);
    const account = p.principal.account;
    const layers: PolicyLayers = {
      identity: p.identity,
      boundary: p.boundary,
      session: p.session,
      resource: governing.policy,
      scps: account !== undefined ? this.org.scpLevels.get(account) : undefined,
      rcps: resourceAccount !== undefined ? this.org.rcpLevels.get(resourceAccount) : undefined,
      resourceAccount,
      ...(this.org.managementAccount !== undefined ? { managementAccount: this.org.managementAccount } : {}),
      ...(governing.awsManaged ? { resourceAwsManaged: true } : {}),
      endpoint: endpoint?.policies,
    };
    const decision = decide(layers, req, this.decideOptions, own(options, 'explain') === true ? new Tracer() : undefined);
    // Service rules (spec §4.14) and S3 Block Public Access (spec §4.16) come after the policies.
    if (req.service === 's3') {
      const s3 = this.blockPublicAccess.active ? this.blockPublicAccess.facts(req, governing.policy?.policy, resourceAccount, request.requestPolicy) : undefined;
      return s3 ? applyServiceRules(decision, req, { s3 }) : decision;
    }
    return applyServiceRules(decision, req, NO_FACTS);
  }
}

/** What `authorizeAs` works out about a request once, for each decision it makes. */
interface RequestFacts {
  /** Keys the request adds (STS parameters), if any. */
  readonly derived: ContextMap | undefined;
  readonly governing: GoverningResource;
  readonly resourceAccount: string | undefined;
  readonly segments: ArnSegments;
  readonly time: number;
  readonly mfaAt: number | undefined;
  readonly overrides: boolean;
}

const NO_FACTS: ServiceRuleFacts = {};

/** The request's members, own properties only (a polluted `Object.prototype` supplies none). */
function readRequest(r: AuthorizationRequest): AuthorizationRequest {
  return {
    principal: own(r, 'principal') as string | undefined,
    action: own(r, 'action') as string,
    resource: own(r, 'resource') as string,
    resourceAccount: own(r, 'resourceAccount') as string | undefined,
    resourcePolicy: own(r, 'resourcePolicy') as string | undefined,
    time: own(r, 'time') as string | number | undefined,
    context: own(r, 'context') as AuthorizationRequest['context'],
    sts: own(r, 'sts') as AuthorizationRequest['sts'],
    accessKeyId: own(r, 'accessKeyId') as string | undefined,
    sessionToken: own(r, 'sessionToken') as string | undefined,
    vpcEndpoint: own(r, 'vpcEndpoint') as string | undefined,
    requestPolicy: own(r, 'requestPolicy'),
  };
}

/** The engine options, own members only. */
function readDecideOptions(o: AuthorizerOptions): DecideOptions {
  const rcpServices = own(o, 'rcpServices') as ReadonlySet<string> | undefined;
  return {
    ...(rcpServices instanceof Set ? { rcpServices } : {}),
    ...(own(o, 'federatedSessionDefaultAllow') === true ? { federatedSessionDefaultAllow: true } : {}),
  };
}

/** The account segment of an ARN (as `arnAccount` reads it), or `undefined`. */
function accountOf(s: ArnSegments): string | undefined {
  return s.count >= 6 && s.ends[4] !== s.starts[4] ? s.text.slice(s.starts[4], s.ends[4]) : undefined;
}

