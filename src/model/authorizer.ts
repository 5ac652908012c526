/**
 * Decisions over a world: `createAuthorizer(world)` compiles everything once; `authorize(request)`
 * resolves the principal, gathers every applicable policy (spec §4.1), derives the condition keys
 * (spec §7.2) and decides (spec §4.3).
 */
import { callerContext, ContextMap, KeyNames, type ContextLookup } from '../condition/context.js';
import { checkMemberLimits, type Limits } from '../policy/limits.js';
import type { Issue } from '../policy/issues.js';
import {
  decide,
  failure,
  resolveDecideOptions,
  spareCollector,
  Tracer,
  type DecideOptions,
  type ResolvedDecideOptions,
} from '../evaluate/decide.js';
import type { Decision } from '../evaluate/decision.js';
import type { EvalRequest } from '../evaluate/layer.js';
import {
  EMPTY_CONTEXT,
  own,
  prepareRequest,
  readMembers,
  requestAction,
  RequestFrame,
  requestProblem,
  RequestKeys,
  isWorldOwnedKey,
  shapeProblem,
  type RequestAction,
} from '../evaluate/request/index.js';
import { applyServiceRules, type ServiceRuleFacts } from '../evaluate/service-rules.js';
import { S3BlockPublicAccessIndex } from './block-public-access.js';
import { VpcEndpointDirectory, withoutSourceIp } from './vpc-endpoints.js';
import { assumeRoleKeys, checkAssumeRoleParameters, mfaFromParameters } from './assume-role-parameters.js';
import { setTags } from './keys.js';
import { PolicyCompiler, readWorld } from './load.js';
import { compileOrganization, type CompiledOrganization } from './organization.js';
import { PrincipalDirectory, type ResolvedPrincipal } from './principals.js';
import { ResourceDirectory } from './resources.js';
import { RequestMemo, type ResourceFacts } from './request-memo.js';
import type { World, WorldInput } from './world.js';
import { createLazyAuthorizer } from './lazy-authorizer.js';
import { describeError } from '../policy/json-tree.js';
import { AccountMemo } from './account-memo.js';
import { CopiedMeasures, PickedWorld, READ_AGAIN } from './world-fast.js';
import type {
  AuthorizationRequest,
  Authorizer,
  AuthorizeOptions,
  AuthorizerOptions,
  CompiledWorld,
} from './authorizer-types.js';

export type {
  AuthorizationRequest,
  Authorizer,
  AuthorizeOptions,
  AuthorizerOptions,
  CompiledWorld,
} from './authorizer-types.js';

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
  if (own(options, 'compile') === 'lazy') {
    const lazy = createLazyAuthorizer(input, options, compileWorld);
    // A world that is not even an object of sections: the eager path says what is wrong.
    if (lazy) return lazy;
  }
  return compileWorld(input, options);
}

/**
 * {@link createAuthorizer} for any input (validated at run time), always fully compiled, with the
 * internal entry points (STS, the request checks, analysis and audit). `service` (a lower-cased
 * service prefix; the lazily compiled mode's slices only): the authorizer answers requests of that
 * service alone, and compiles only the statements that may apply to them (every document is
 * still validated whole, so the errors are the same).
 */
export function compileWorld(input: unknown, options: AuthorizerOptions = {}, service?: string): CompiledWorld {
  // A lazy slice's documents are read as they are validated (no copy, see `CopiedMeasures.deferring`);
  // when that path gives up, the slice is read again with its documents copied.
  if (PickedWorld.is(input)) {
    const fused = compileRead(input, options, service, CopiedMeasures.deferring());
    if (fused !== undefined) return fused;
  }
  return compileRead(input, options, service, new CopiedMeasures()) as CompiledWorld;
}

/**
 * {@link compileWorld} with `measures`; `undefined` when a deferring reading gives up (a document it
 * left unread could not be parsed on the fast path, or was never parsed).
 */
function compileRead(
  input: unknown,
  options: AuthorizerOptions,
  service: string | undefined,
  measures: CopiedMeasures,
): CompiledWorld | undefined {
  const validated = readWorld(input, options, measures);
  if (!validated.ok) return brokenAuthorizer(validated.errors, validated.warnings);
  try {
    const authorizer = new WorldAuthorizer(validated.world, options, validated.warnings, measures, service);
    return measures.settled() ? authorizer : undefined;
  } catch (e) {
    if (e === READ_AGAIN) return undefined;
    return brokenAuthorizer(
      [
        {
          severity: 'error',
          code: 'invalid-world',
          path: '',
          message: `world could not be compiled: ${describeError(e)}`,
        },
      ],
      [],
    );
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
  /**
   * `aws:ResourceAccount` and the resource's organization keys of the organization accounts
   * requests have named, each built on first use (a one-shot decision reads one account's; issue
   * #16). Only organization accounts are kept, so they are bounded by the world.
   */
  private readonly accountKeys = new AccountMemo<AccountKeys>();
  /**
   * The world's access keys by id, indexed on the first authentication ({@link NO_CREDENTIALS}
   * when the world has none): most requests name their principal, and a one-shot call decides once.
   */
  private credentials: ReadonlyMap<string, Credential> | undefined = undefined;
  /** Engine options read once (own members only: a polluted prototype cannot switch them). */
  private readonly decideOptions: ResolvedDecideOptions;
  private readonly allowOverrides: boolean;
  /** Request caps and the matcher step budget (docs/security.md), resolved once. */
  private readonly limits: Limits;
  /** VPC endpoints and their policies (spec §4.15). */
  private readonly endpoints: VpcEndpointDirectory;
  /** S3 Block Public Access settings (spec §4.16). */
  private readonly blockPublicAccess: S3BlockPublicAccessIndex;
  /** The callers' context key names lower-cased (bounded, see {@link KeyNames}). */
  private readonly keyNames = new KeyNames();
  /** The last time text, action and resource decided, and what they decide (one entry each, see {@link RequestMemo}). */
  private readonly memo: RequestMemo;
  /** The objects a decision works in, reused by the next one (see {@link RequestFrame}). */
  private readonly frame = new RequestFrame();
  /** The collector of this authorizer's untraced decisions (used with {@link frame}). */
  private readonly collector = spareCollector();
  /**
   * No decision made yet: the first is made without building statement indexes (`decide`'s
   * `unindexed`; issue #16: a one-shot call decides once), the next ones build and use them.
   */
  private fresh = true;

  constructor(
    readonly world: World,
    options: AuthorizerOptions,
    worldWarnings: readonly Issue[] = [],
    measures?: CopiedMeasures,
    service?: string,
  ) {
    const compiler = new PolicyCompiler(world, options, measures, service);
    this.org = compileOrganization(world, compiler);
    // One lookup of the organization's accounts for both directories that ask it.
    const orgOf = (a: string) => this.org.accounts.get(a);
    this.principals = new PrincipalDirectory(world, compiler, orgOf);
    this.resources = new ResourceDirectory(world, compiler, this.principals);
    this.memo = new RequestMemo(this.resources);
    this.decideOptions = resolveDecideOptions(options);
    this.limits = this.decideOptions.limits;
    this.allowOverrides = own(options, 'allowOverrides') === true;
    this.endpoints = new VpcEndpointDirectory(world, compiler, orgOf);
    this.blockPublicAccess = new S3BlockPublicAccessIndex(world);
    this.errors = compiler.errors;
    this.warnings = [...worldWarnings, ...compiler.warnings];
    this.ok = compiler.errors.length === 0;
  }

  /** The world's access keys by id, in the order their owners are listed (a later owner of an id wins). */
  private indexCredentials(): ReadonlyMap<string, Credential> {
    let credentials: Map<string, Credential> | undefined;
    for (const u of this.principals.users.values()) {
      for (const k of u.accessKeys)
        (credentials ??= new Map()).set(k.id, {
          principal: this.principals.resolve(u.arn),
          active: k.status === 'Active',
        });
    }
    // By keys, not entries or values: most worlds have no sessions, and a one-shot call builds
    // this index for one decision (issue #16).
    const sessions = this.world.sessions;
    const arns = Object.keys(sessions);
    for (let i = 0; i < arns.length; i++) {
      const arn = arns[i] as string;
      const s = sessions[arn] as World['sessions'][string];
      if (s.credentials) {
        (credentials ??= new Map()).set(s.credentials.accessKeyId, {
          principal: this.principals.resolve(arn),
          ...(s.credentials.sessionToken ? { sessionToken: s.credentials.sessionToken } : {}),
          active: true,
        });
      }
    }
    const userSessions = this.world.userSessions;
    const ids = Object.keys(userSessions);
    for (let i = 0; i < ids.length; i++) {
      const s = userSessions[ids[i] as string] as World['userSessions'][string];
      (credentials ??= new Map()).set(s.accessKeyId, {
        principal: this.principals.fromUserSession(s),
        ...(s.sessionToken ? { sessionToken: s.sessionToken } : {}),
        active: true,
      });
    }
    return credentials ?? NO_CREDENTIALS;
  }

  resolvePrincipal(principal: string): ResolvedPrincipal | string {
    return this.principals.resolve(principal);
  }

  authenticate(accessKeyId: string, sessionToken?: string): ResolvedPrincipal | 'InvalidClientTokenId' {
    const cred = (this.credentials ??= this.indexCredentials()).get(accessKeyId);
    if (!cred || !cred.active || typeof cred.principal === 'string') return 'InvalidClientTokenId';
    if (cred.sessionToken !== undefined && cred.sessionToken !== sessionToken) return 'InvalidClientTokenId';
    return cred.principal;
  }

  authorize(input: AuthorizationRequest, options?: AuthorizeOptions): Decision {
    if (typeof input !== 'object' || input === null) return failure('input', 'InvalidRequest', 'request');
    // This authorizer's frame, unless a decision in progress uses it (a caller's getter that asks
    // another question while a request is read or decided): that decision takes fresh objects.
    const frame = this.frame.acquire();
    try {
      return this.authorizeIn(input, options, frame);
    } finally {
      frame?.release();
    }
  }

  /** {@link authorize} within `frame` (`undefined`: fresh objects). */
  private authorizeIn(
    input: AuthorizationRequest,
    options: AuthorizeOptions | undefined,
    frame: RequestFrame | undefined,
  ): Decision {
    try {
      // Read once (own members only), then checked on the copy.
      const request = readMembers(input, frame?.members) as AuthorizationRequest;
      const problem = shapeProblem(request, true);
      if (problem) return failure('input', 'InvalidRequest', problem);
      const tooLong = checkMemberLimits(request, this.limits);
      if (tooLong) return failure('input', 'BudgetExceeded', tooLong);
      if (!this.ok) return failure('input', 'InvalidWorld');
      let principal: ResolvedPrincipal | string;
      if (request.accessKeyId !== undefined) {
        principal = this.authenticate(request.accessKeyId, request.sessionToken);
        if (principal === 'InvalidClientTokenId') return failure('authentication', principal);
      } else {
        principal = this.principals.resolve(request.principal as string);
      }
      if (typeof principal === 'string') return failure('authentication', 'UnknownPrincipal');
      return this.authorizeRead(principal, request, options, frame);
    } catch (e) {
      return failure('input', 'InternalError', describeError(e));
    }
  }

  authorizeAs(p: ResolvedPrincipal, input: AuthorizationRequest, options?: AuthorizeOptions): Decision {
    const problem = requestProblem({ principal: '', ...input }, true);
    if (problem) return failure('input', 'InvalidRequest', problem);
    return this.authorizeRead(p, readRequest(input), options, undefined);
  }

  /** `authorizeAs` for a request already checked and read (own members only). */
  private authorizeRead(
    p: ResolvedPrincipal,
    request: AuthorizationRequest,
    options: AuthorizeOptions | undefined,
    frame: RequestFrame | undefined,
  ): Decision {
    const overrides = this.allowOverrides || flag(options, 'allowOverrides');
    const time = this.memo.time(request.time);
    if (time === undefined) return failure('input', 'InvalidRequest', 'time');
    if (p.expiresAt !== undefined && time >= p.expiresAt) return failure('authentication', 'ExpiredToken');
    if (request.vpcEndpoint !== undefined && !this.endpoints.get(request.vpcEndpoint))
      return failure('input', 'InvalidRequest', 'unknownVpcEndpoint');

    const action = this.memo.action(request.action);
    const assumeRole = action.assumeRole;
    const resource = this.memo.resource(request.resource, assumeRole, request.resourcePolicy, overrides);
    if (!resource) return failure('input', 'InvalidRequest', 'unknownResourcePolicy');
    const governing = resource.governing;
    const role = assumeRole ? this.principals.roles.get(request.resource) : undefined;
    // A role that is not in the world has no trust policy that could allow assuming it (spec §4.5).
    if (!governing.policy && assumeRole && !role && /^arn:[\w-]+:iam::\d{12}:role\//.test(request.resource)) {
      return failure('resource', 'UnknownRole');
    }
    // World facts win over the request's claim about a resource the world knows (issue #11).
    const claimed = overrides || !governing.accountKnown ? request.resourceAccount : undefined;
    const resourceAccount = claimed ?? governing.account ?? resource.arnAccount ?? p.principal.account;
    let derived: ContextMap | undefined;
    let mfaAt = p.mfaAt;
    let extra: string[] | undefined;
    if (action.actionLower === 'sts:assumerole' && role) {
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
      setTags(derived, 'aws:resourcetag/', p.transitiveTags);
      // Session tags and a source identity need their own permissions (spec §6.1).
      extra = [];
      if (params.Tags && Object.keys(params.Tags).length > 0) extra.push('sts:TagSession');
      if (params.SourceIdentity !== undefined) extra.push('sts:SetSourceIdentity');
    }
    // What is worked out once for each decision made is passed as arguments: no object per request.
    if (extra) {
      for (const other of extra) {
        const otherRequest = { ...request, action: other };
        const otherAction = requestAction(other);
        const d = this.decideOne(
          p,
          otherRequest,
          otherAction,
          resource,
          resourceAccount,
          time,
          mfaAt,
          derived,
          overrides,
          options,
          frame,
        );
        if (d.decision !== 'Allow') return d;
      }
    }
    return this.decideOne(
      p,
      request,
      action,
      resource,
      resourceAccount,
      time,
      mfaAt,
      derived,
      overrides,
      options,
      frame,
    );
  }

  /** The keys of an organization account (built on its first request), else `undefined`. */
  private organizationAccountKeys(account: string | undefined): AccountKeys | undefined {
    if (account === undefined) return undefined;
    const known = this.accountKeys.get(account);
    if (known !== undefined) return known;
    const o = this.org.accounts.get(account);
    if (o === undefined) return undefined;
    const keys = new ContextMap()
      .setLower('aws:resourceaccount', account)
      .setLower('aws:resourceorgid', o.orgId)
      .setLower('aws:resourceorgpaths', Object.freeze([o.path]));
    return this.accountKeys.add(account, { keys, sources: Object.freeze([keys]) });
  }

  /** `aws:ResourceAccount` (and the organization keys of an organization account). */
  private accountKeysOf(resourceAccount: string | undefined): ContextLookup {
    return (
      this.organizationAccountKeys(resourceAccount)?.keys ??
      (resourceAccount !== undefined
        ? new ContextMap().setLower('aws:resourceaccount', resourceAccount)
        : EMPTY_CONTEXT)
    );
  }

  private decideOne(
    p: ResolvedPrincipal,
    request: AuthorizationRequest,
    action: RequestAction,
    resource: ResourceFacts,
    resourceAccount: string | undefined,
    time: number,
    mfaAt: number | undefined,
    /** Keys the request adds (STS parameters), if any. */
    derived: ContextMap | undefined,
    overrides: boolean,
    options: AuthorizeOptions | undefined,
    /** The objects to decide in (`undefined`: fresh ones). */
    frame: RequestFrame | undefined,
  ): Decision {
    const governing = resource.governing;
    const trace = tracerOf(options);
    // An explained decision takes fresh keys: its trace records as the decision goes.
    const f = trace === undefined ? frame : undefined;
    const caller = callerContext(request.context, this.keyNames, f?.caller);
    const endpoint = request.vpcEndpoint !== undefined ? this.endpoints.get(request.vpcEndpoint) : undefined;
    const tags = governing.tags;
    // First found wins; sources this request lacks are `undefined` and skipped. Most requests have
    // only their account's keys: that list is built once per organization account.
    const account =
      endpoint === undefined && derived === undefined && tags === undefined && resourceAccount !== undefined
        ? this.organizationAccountKeys(resourceAccount)
        : undefined;
    const accountSources = account?.sources;
    const requestKeys = accountSources ?? [endpoint?.keys, derived, tags, this.accountKeysOf(resourceAccount)];
    // An organization account's keys are all world-owned ({@link isWorldOwnedKey}).
    const worldOwned = account !== undefined;
    const keys =
      f !== undefined
        ? f.keys.renew(caller, requestKeys, p.keys, time, mfaAt, overrides, worldOwned)
        : new RequestKeys(caller, requestKeys, p.keys, time, mfaAt, overrides, worldOwned);
    // Through a VPC endpoint the request has no public source address (spec §4.15).
    const ctx = endpoint ? withoutSourceIp(keys) : keys;
    const req: EvalRequest =
      f !== undefined
        ? f.request.set(p.principal, action, request.resource, ctx, resource.segments)
        : prepareRequest(p.principal, action, request.resource, ctx, resource.segments);
    const layers = this.memo.layers(p, governing, resourceAccount, endpoint, this.org, action);
    const unindexed = this.fresh;
    this.fresh = false;
    const decision = decide(
      layers,
      req,
      this.decideOptions,
      trace,
      f !== undefined ? this.collector : undefined,
      unindexed,
    );
    // Service rules (spec §4.14) and S3 Block Public Access (spec §4.16) come after the policies.
    if (req.service === 's3') {
      const s3 = this.blockPublicAccess.active
        ? this.blockPublicAccess.facts(req, governing.policy?.policy, resourceAccount, request.requestPolicy)
        : undefined;
      return s3 ? applyServiceRules(decision, req, { s3 }) : decision;
    }
    return applyServiceRules(decision, req, NO_FACTS);
  }
}

const NO_FACTS: ServiceRuleFacts = {};

/** The access keys of a world without any: one empty map, read-only, for every such authorizer. */
const NO_CREDENTIALS: ReadonlyMap<string, Credential> = new Map<string, Credential>();

/** An access key of the world: whose it is, its session token, whether it is active. */
interface Credential {
  readonly principal: ResolvedPrincipal | string;
  readonly sessionToken?: string;
  readonly active: boolean;
}

/**
 * An organization account's keys (`aws:ResourceAccount`, `aws:ResourceOrgID`, `aws:ResourceOrgPaths`:
 * all world-owned, {@link isWorldOwnedKey}), and the same as the only derived source of a request.
 */
interface AccountKeys {
  readonly keys: ContextMap;
  /** The keys as the only derived source of a request (no endpoint, STS keys or resource tags). */
  readonly sources: readonly ContextLookup[];
}

/** The request's members, own properties only (a polluted `Object.prototype` supplies none). */
function readRequest(r: AuthorizationRequest): AuthorizationRequest {
  return readMembers(r) as AuthorizationRequest;
}

/**
 * The trace of one decision: a {@link Tracer} the caller passes as the options' own `trace` member
 * (not public: the analysis reads what it records instead of an explanation, see `TracedOptions`),
 * emptied here; else a fresh one when `explain` is set; else none (the cheap path).
 */
function tracerOf(options: AuthorizeOptions | undefined): Tracer | undefined {
  if (options === undefined) return undefined;
  const given = own(options, 'trace');
  if (given instanceof Tracer) {
    given.reset();
    return given;
  }
  return own(options, 'explain') === true ? new Tracer() : undefined;
}

/** {@link AuthorizeOptions} with the caller's tracer (internal: see {@link tracerOf}). */
export interface TracedOptions extends AuthorizeOptions {
  readonly trace?: Tracer;
}

/** An option that is `true` (own member only); no options object means every option off. */
function flag(options: AuthorizeOptions | undefined, key: keyof AuthorizeOptions): boolean {
  return options !== undefined && own(options, key) === true;
}
