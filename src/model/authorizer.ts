/**
 * Decisions over a world: `createAuthorizer(world)` compiles everything once; `authorize(request)`
 * resolves the principal, gathers every applicable policy (spec §4.1), derives the condition keys
 * (spec §7.2) and decides (spec §4.3).
 */
import { ContextMap, type ContextInputValue, type ContextLookup } from '../condition/context.js';
import { parseRequestTime } from '../condition/date.js';
import { checkRequestLimits, resolveLimits } from '../policy/limits.js';
import { splitArn, type ArnSegments } from '../match/arn.js';
import type { Issue } from '../policy/issues.js';
import type { CompiledPolicy } from '../evaluate/compile.js';
import { decide, failure, Tracer, type DecideOptions, type PolicyLayers, type ResourcePolicyKind } from '../evaluate/decide.js';
import type { Decision } from '../evaluate/decision.js';
import type { EvalRequest } from '../evaluate/layer.js';
import { assumeRoleKeys, checkAssumeRoleParameters, mfaFromParameters, type AssumeRoleParameters } from '../sts/parameters.js';
import { arnAccount } from './ids.js';
import { EMPTY_CONTEXT, RequestKeys, setTags } from './keys.js';
import { PolicyCompiler, validateWorld, type LoadWorldOptions } from './load.js';
import { compileOrganization, type CompiledOrganization } from './organization.js';
import { PrincipalDirectory, type ResolvedPrincipal } from './principals.js';
import type { World } from './world.js';
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
  /** Caller-supplied condition keys; they override derived keys. */
  readonly context?: Readonly<Record<string, ContextInputValue>>;
  /** `sts:AssumeRole` parameters. */
  readonly sts?: AssumeRoleParameters;
  /** Sign the request with these credentials instead of naming the principal (spec §5.2, §6.7). */
  readonly accessKeyId?: string;
  readonly sessionToken?: string;
}

/** Options of one authorization. */
export interface AuthorizeOptions {
  /** Build the explanation (costs more; the cheap path builds none). */
  readonly explain?: boolean;
}

/** Options of an authorizer. */
export interface AuthorizerOptions extends LoadWorldOptions, DecideOptions {}

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

const ASSUME_ROLE_ACTIONS = new Set(['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity', 'sts:tagsession', 'sts:setsourceidentity']);

/** Compiles a world into an authorizer. Never throws; check `ok` and `errors`. */
export function createAuthorizer(input: unknown, options: AuthorizerOptions = {}): Authorizer {
  const validated = validateWorld(input);
  if (!validated.ok) return brokenAuthorizer(validated.errors, validated.warnings);
  try {
    return new WorldAuthorizer(validated.world, options, validated.warnings);
  } catch (e) {
    return brokenAuthorizer([{ severity: 'error', code: 'invalid-world', path: '', message: `world could not be compiled: ${describeError(e)}` }], []);
  }
}

function brokenAuthorizer(errors: readonly Issue[], warnings: readonly Issue[]): Authorizer {
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

class WorldAuthorizer implements Authorizer {
  readonly ok: boolean;
  readonly errors: readonly Issue[];
  readonly warnings: readonly Issue[];
  private readonly org: CompiledOrganization;
  private readonly principals: PrincipalDirectory;
  private readonly resourcePolicies = new Map<string, { layer: ResourceLayer; account?: string }>();
  private readonly resources = new Map<string, { layer?: ResourceLayer; account?: string; tags?: ContextMap; awsManaged?: boolean }>();
  /** Resource policies by the ARN of the resource they are attached to (`resourcePolicies[…].resource`). */
  private readonly policiesByResource = new Map<string, { layer: ResourceLayer; account?: string }>();
  /** `aws:ResourceAccount` and the resource's organization keys, per resource account. */
  private readonly accountKeys = new Map<string, ContextMap>();
  private readonly credentials = new Map<string, { principal: ResolvedPrincipal | string; sessionToken?: string; active: boolean }>();

  constructor(
    readonly world: World,
    private readonly options: AuthorizerOptions,
    worldWarnings: readonly Issue[] = [],
  ) {
    const compiler = new PolicyCompiler(world, options);
    this.org = compileOrganization(world, compiler);
    this.principals = new PrincipalDirectory(world, compiler, (a) => this.org.accounts.get(a));
    for (const [name, rp] of Object.entries(world.resourcePolicies)) {
      const type = rp.kind === 'role-trust' ? 'trust' : 'resource';
      const policy = compiler.document(rp.policy, type, name, `resourcePolicies[${JSON.stringify(name)}].policy`);
      const account = rp.account ?? (rp.resource ? arnAccount(rp.resource) : undefined);
      if (!policy) continue;
      const entry = { layer: resourceLayer(policy, rp.kind, rp.strict), ...(account ? { account } : {}) };
      this.resourcePolicies.set(name, entry);
      if (rp.resource !== undefined && !this.policiesByResource.has(rp.resource)) this.policiesByResource.set(rp.resource, entry);
    }
    for (const [arn, r] of Object.entries(world.resources)) {
      const policy = r.policy ? compiler.document(r.policy, 'resource', arn, `resources[${JSON.stringify(arn)}].policy`) : undefined;
      const tags = r.tags ? new ContextMap() : undefined;
      if (tags) setTags(tags, 'aws:ResourceTag/', r.tags);
      const account = r.account ?? arnAccount(arn);
      this.resources.set(arn, {
        ...(policy ? { layer: resourceLayer(policy, r.kind, r.strict) } : {}),
        ...(account ? { account } : {}),
        ...(tags ? { tags } : {}),
        ...(r.awsManaged ? { awsManaged: true } : {}),
      });
    }
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

  authorize(request: AuthorizationRequest, options: AuthorizeOptions = {}): Decision {
    try {
      const problem = requestProblem(request);
      if (problem) return failure('input', `InvalidRequest:${problem}`);
      const tooLong = checkRequestLimits(request, resolveLimits(this.options.limits)); if (tooLong) return failure('input', tooLong);
      if (!this.ok) return failure('input', 'InvalidWorld');
      let principal: ResolvedPrincipal | string;
      if (request.accessKeyId !== undefined) {
        principal = this.authenticate(request.accessKeyId, request.sessionToken);
        if (principal === 'InvalidClientTokenId') return failure('authentication', principal);
      } else {
        principal = this.principals.resolve(request.principal as string);
      }
      if (typeof principal === 'string') return failure('authentication', 'UnknownPrincipal');
      return this.authorizeAs(principal, request, options);
    } catch (e) {
      return failure('input', `InternalError:${describeError(e)}`);
    }
  }

  /** For an S3 object ARN, the ARN of its bucket (a bucket's record and policy govern its objects). */
  private static bucketOf(arn: string): string | undefined {
    const m = /^(arn:[\w-]+:s3:::[^/]+)\//.exec(arn);
    return m?.[1];
  }

  /** For an S3 object ARN, the account of its bucket when the world knows the bucket. */
  private bucketAccount(arn: string): string | undefined {
    const bucket = WorldAuthorizer.bucketOf(arn);
    return bucket === undefined ? undefined : this.resources.get(bucket)?.account;
  }

  /**
   * The resource policy attached to a resource named by ARN when the request does not name one:
   * a `resourcePolicies` entry whose `resource` is this ARN, or, for an S3 object, the policy of its
   * bucket (from `resources` or `resourcePolicies`).
   */
  private attachedPolicy(arn: string): { layer: ResourceLayer; account?: string } | undefined {
    const own = this.policiesByResource.get(arn);
    if (own) return own;
    const bucket = WorldAuthorizer.bucketOf(arn);
    if (bucket === undefined) return undefined;
    const record = this.resources.get(bucket);
    if (record?.layer) return { layer: record.layer, ...(record.account ? { account: record.account } : {}) };
    return this.policiesByResource.get(bucket);
  }

  authorizeAs(p: ResolvedPrincipal, request: AuthorizationRequest, options: AuthorizeOptions = {}): Decision {
    const time = request.time === undefined ? Date.now() : parseRequestTime(request.time);
    // NaN, ±Infinity and instants outside the Date range are not times (fail closed, issue #7).
    if (!(Math.abs(time) <= MAX_TIME)) return failure('input', 'InvalidRequest:time');
    if (p.expiresAt !== undefined && time >= p.expiresAt) return failure('authentication', 'ExpiredToken');

    const actionLower = request.action.toLowerCase();
    // Keys this request adds (tags of a role or user named as the resource, STS parameters), if any.
    let derived: ContextMap | undefined;
    let resourcePolicy: PolicyLayers['resource'];
    let resourceAccount = request.resourceAccount;
    let mfaAt = p.mfaAt;

    const named = request.resourcePolicy !== undefined ? this.resourcePolicies.get(request.resourcePolicy) : undefined;
    if (request.resourcePolicy !== undefined && !named) return failure('input', 'InvalidRequest:unknownResourcePolicy');
    const known = this.resources.get(request.resource);
    const role = ASSUME_ROLE_ACTIONS.has(actionLower) ? this.principals.roles.get(request.resource) : undefined;

    // A role that is not in the world has no trust policy that could allow assuming it (spec §4.5).
    if (!named && !known?.layer && ASSUME_ROLE_ACTIONS.has(actionLower) && !role && /^arn:[\w-]+:iam::\d{12}:role\//.test(request.resource)) {
      return failure('resource', 'UnknownRole');
    }
    let attached: { layer: ResourceLayer; account?: string } | undefined;
    if (named) {
      resourcePolicy = named.layer;
      resourceAccount ??= named.account;
    } else if (known?.layer) {
      resourcePolicy = known.layer;
    } else if ((attached = this.attachedPolicy(request.resource))) {
      resourcePolicy = attached.layer;
      resourceAccount ??= attached.account;
    } else if (role?.trust) {
      resourcePolicy = { policy: role.trust, kind: 'role-trust' };
    }
    const segments = splitArn(request.resource);
    resourceAccount ??= (known ? known.account : this.bucketAccount(request.resource)) ?? accountOf(segments) ?? p.principal.account;

    // Resource tags: the resource's own, or those of an IAM user/role named as the resource.
    const target = role ?? this.principals.roles.get(request.resource);
    const targetTags = known?.tags ? undefined : target?.tags ?? this.principals.users.get(request.resource)?.tags;
    if (targetTags) setTags((derived = new ContextMap()), 'aws:ResourceTag/', targetTags);

    if (actionLower === 'sts:assumerole' && role) {
      if (p.principal.kind === 'root') return failure('validation', 'AccessDenied:RootCannotAssumeRole');
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
      if (invalid) return failure('validation', invalid);
      const mfa = mfaFromParameters(params, p.principal.kind === 'user' ? p.user?.mfaDevices : undefined);
      if (mfa) mfaAt = time;
      derived ??= new ContextMap();
      for (const [k, v] of assumeRoleKeys(params, mfa).entries()) derived.set(k, v);
      // Incoming transitive tags replace the role's matching resource tags (spec §10 S4).
      setTags(derived, 'aws:ResourceTag/', p.transitiveTags);
      // Session tags and a source identity need their own permissions (spec §6.1).
      const extra: string[] = [];
      if (params.Tags && Object.keys(params.Tags).length > 0) extra.push('sts:TagSession');
      if (params.SourceIdentity !== undefined) extra.push('sts:SetSourceIdentity');
      const facts: RequestFacts = { derived, resourcePolicy, resourceAccount, resourceTags: known?.tags, segments, time, mfaAt };
      for (const action of extra) {
        const d = this.decideOne(p, { ...request, action }, facts, options);
        if (d.decision !== 'Allow') return d;
      }
    }
    return this.decideOne(p, request, { derived, resourcePolicy, resourceAccount, resourceTags: known?.tags, segments, time, mfaAt }, options);
  }

  private decideOne(p: ResolvedPrincipal, request: AuthorizationRequest, facts: RequestFacts, options: AuthorizeOptions): Decision {
    const { resourceAccount, time } = facts;
    const caller = request.context ? ContextMap.from(request.context) : EMPTY_CONTEXT;
    const requestKeys = [facts.derived ?? EMPTY_CONTEXT, facts.resourceTags ?? EMPTY_CONTEXT, this.resourceAccountKeys(resourceAccount)];
    const ctx = new RequestKeys(caller, requestKeys, p.keys, time, facts.mfaAt);
    const actionLower = request.action.toLowerCase();
    const colon = actionLower.indexOf(':');
    const req: EvalRequest = {
      principal: p.principal,
      action: request.action,
      actionLower,
      service: colon < 0 ? actionLower : actionLower.slice(0, colon),
      resource: request.resource,
      segments: facts.segments,
      ctx,
    };
    const account = p.principal.account;
    const layers: PolicyLayers = {
      identity: p.identity,
      boundary: p.boundary,
      session: p.session,
      resource: facts.resourcePolicy,
      scps: account !== undefined ? this.org.scpLevels.get(account) : undefined,
      // RCPs never apply to AWS managed resources such as AWS managed KMS keys (spec §4.9).
      rcps: resourceAccount !== undefined && !this.resources.get(request.resource)?.awsManaged ? this.org.rcpLevels.get(resourceAccount) : undefined,
      resourceAccount,
    };
    return decide(layers, req, this.options, options.explain ? new Tracer() : undefined);
  }

  /** `aws:ResourceAccount`, `aws:ResourceOrgID` and `aws:ResourceOrgPaths`, built once per account. */
  private resourceAccountKeys(account: string | undefined): ContextLookup {
    if (account === undefined) return EMPTY_CONTEXT;
    let keys = this.accountKeys.get(account);
    if (!keys) {
      keys = new ContextMap().set('aws:ResourceAccount', account);
      const o = this.org.accounts.get(account);
      if (o) keys.set('aws:ResourceOrgID', o.orgId).set('aws:ResourceOrgPaths', Object.freeze([o.path]));
      if (this.accountKeys.size < 10_000) this.accountKeys.set(account, keys);
    }
    return keys;
  }
}

/** What `authorizeAs` works out about a request once, for each decision it makes. */
interface RequestFacts {
  /** Keys the request adds (tags of a role or user named as the resource, STS parameters). */
  readonly derived: ContextMap | undefined;
  readonly resourcePolicy: PolicyLayers['resource'];
  readonly resourceAccount: string | undefined;
  /** Tags of the resource when the world knows it. */
  readonly resourceTags: ContextMap | undefined;
  readonly segments: ArnSegments;
  readonly time: number;
  readonly mfaAt: number | undefined;
}

/** The account segment of an ARN (as `arnAccount` reads it), or `undefined`. */
function accountOf(s: ArnSegments): string | undefined {
  return s.count >= 6 && s.ends[4] !== s.starts[4] ? s.text.slice(s.starts[4], s.ends[4]) : undefined;
}

/** The latest instant a `Date` can hold, in epoch milliseconds. */
const MAX_TIME = 8.64e15;

type ResourceLayer = NonNullable<PolicyLayers['resource']>;

function resourceLayer(policy: CompiledPolicy, kind: ResourcePolicyKind, strict: boolean | undefined): ResourceLayer {
  return { policy, kind, ...(strict !== undefined ? { strict } : {}) };
}

/** What is wrong with a request's shape, or `undefined`. */
function requestProblem(r: unknown): string | undefined {
  if (typeof r !== 'object' || r === null) return 'request';
  const q = r as Record<string, unknown>;
  if (typeof q.principal !== 'string' && typeof q.accessKeyId !== 'string') return 'principal';
  if (typeof q.action !== 'string' || q.action.length === 0) return 'action';
  if (typeof q.resource !== 'string' || q.resource.length === 0) return 'resource';
  if (q.context !== undefined && (typeof q.context !== 'object' || q.context === null || Array.isArray(q.context))) return 'context';
  if (q.time !== undefined && typeof q.time !== 'string' && typeof q.time !== 'number') return 'time';
  return undefined;
}

