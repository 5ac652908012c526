/**
 * The reference evaluator: a small, deliberately naive reading of spec §2–§4 (and the principal
 * keys of §5.8, §6.6, §7.2) over the scenario world format of §0.3.
 *
 * It reads the raw JSON of worlds and policies on every call: no compilation, no indexing, no
 * caching. It assumes its input is valid (the generators only produce valid worlds) and covers:
 * users with groups, boundaries and tags; role sessions and federated-user sessions with session
 * policies and tags; root users; anonymous callers; service principals; resource policies of
 * every kind (generic, KMS key, role trust) with the same-account grant kinds and cross-account
 * rules; SCP levels; RCP levels; NotPrincipal; every condition operator; VPC endpoint policies and
 * their keys (§4.15); the service rules of §4.14 and S3 Block Public Access (§4.16). Not covered:
 * STS parameters and `sts:AssumeRole` on world roles, managed-policy ARNs, access keys (and so
 * GetSessionToken sessions).
 */
import { RCP_SERVICES } from '../../src/index.js';
import { conditionHolds, substitute, type RefContext } from './conditions.js';
import { fold } from './values.js';
import { globMatch, matchResourcePattern, wildTokens } from './glob.js';
import { refIsPublic, refusingRule, type RefBpa } from './fidelity.js';

/** A policy document as JSON. */
export type Doc = Record<string, unknown>;
type Stmt = Record<string, unknown>;

/** The §0.3 world, as far as the reference reads it. */
export interface RefWorld {
  accounts?: Record<string, { org?: string; parents?: string[]; s3BlockPublicAccess?: RefBpa }>;
  organization?: {
    id: string;
    rootId: string;
    managementAccount: string;
    scps?: Record<string, Doc[]>;
    rcps?: Record<string, Doc[]>;
  };
  users?: Record<
    string,
    { userId: string; policies?: Doc[]; groups?: string[]; permissionsBoundary?: Doc; tags?: Record<string, string> }
  >;
  groups?: Record<string, { policies?: Doc[] }>;
  roles?: Record<
    string,
    {
      roleId: string;
      trustPolicy: Doc;
      policies?: Doc[];
      permissionsBoundary?: Doc;
      tags?: Record<string, string>;
      serviceLinked?: boolean;
    }
  >;
  sessions?: Record<
    string,
    {
      type: 'AssumedRole' | 'FederatedUser';
      roleArn?: string;
      userArn?: string;
      issuedAt: string;
      expiresAt: string;
      sessionPolicies?: Doc[];
      sessionTags?: Record<string, string>;
      mfaPresent?: boolean;
    }
  >;
  resourcePolicies?: Record<string, { kind?: 'generic' | 'kms-key' | 'role-trust'; strict?: boolean; policy: Doc }>;
  /** Only what §4.16 reads: a bucket's own Block Public Access settings. */
  resources?: Record<string, { s3BlockPublicAccess?: RefBpa }>;
  vpcEndpoints?: Record<string, { vpc: string; account: string; service?: string; policy?: Doc }>;
}

/** The §0.3 request. */
export interface RefRequest {
  principal: string;
  action: string;
  resource: string;
  resourceAccount?: string;
  resourcePolicy?: string;
  time: string;
  context?: Record<string, string | number | boolean | (string | number | boolean)[]>;
  /** §4.15: the endpoint the request came through. */
  vpcEndpoint?: string;
  /** §4.16: the new bucket policy of s3:PutBucketPolicy. */
  requestPolicy?: Doc;
}

/** A decision value (spec §0.2) with the reason code of non-policy failures. */
export interface RefDecision {
  decision: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  reason?: string;
}

/** Which Principal entry named the caller (spec §2.3). */
export type Grant = 'wildcard' | 'user' | 'session' | 'service' | 'role' | 'federating-user' | 'account';

/** The caller with everything the decision needs. */
interface Caller {
  kind: 'user' | 'role-session' | 'federated-user' | 'root' | 'anonymous' | 'service';
  arn?: string;
  account?: string;
  /** Users: own ARN; federated sessions: the federating user. */
  userArn?: string;
  userId?: string;
  roleArn?: string;
  roleId?: string;
  service?: string;
  identity: Doc[];
  boundary?: Doc;
  /** `undefined`: no session policy was passed. */
  session?: Doc[];
  serviceLinked: boolean;
  expiresAt?: string;
  keys: Map<string, string | string[]>;
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const accountOf = (arn: string): string => arn.split(':')[4] as string;
const lastName = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

function orgFacts(
  world: RefWorld,
  account: string | undefined,
): { orgId: string; path: string; member: boolean } | undefined {
  const org = world.organization;
  const a = account === undefined ? undefined : world.accounts?.[account];
  // An account is a member when it names the organization, or (one organization per world)
  // lists its parents without naming it.
  if (!org || !a || (a.org !== org.id && !(a.org === undefined && (a.parents ?? []).length > 0))) return undefined;
  return {
    orgId: org.id,
    path: `${org.id}/${(a.parents ?? [org.rootId]).join('/')}/`,
    member: account !== org.managementAccount,
  };
}

function setTags(keys: Map<string, string | string[]>, tags: Record<string, string> | undefined): void {
  for (const [k, v] of Object.entries(tags ?? {})) keys.set(`aws:principaltag/${k.toLowerCase()}`, v);
}

/** Principal keys (spec §4.12, §5.8, §6.6, §7.1). */
function principalKeys(
  world: RefWorld,
  c: Omit<Caller, 'keys'>,
  type: string | undefined,
  userid: string | undefined,
  principalArn: string | undefined,
): Map<string, string | string[]> {
  const keys = new Map<string, string | string[]>();
  if (principalArn !== undefined) keys.set('aws:principalarn', principalArn);
  if (c.account !== undefined) keys.set('aws:principalaccount', c.account);
  if (type !== undefined) keys.set('aws:principaltype', type);
  if (userid !== undefined) keys.set('aws:userid', userid);
  const org = orgFacts(world, c.account);
  if (org) {
    keys.set('aws:principalorgid', org.orgId);
    keys.set('aws:principalorgpaths', [org.path]);
  }
  return keys;
}

function resolve(world: RefWorld, principal: string): Caller {
  const base = { identity: [] as Doc[], serviceLinked: false };
  if (principal === 'anonymous') {
    const keys = new Map<string, string | string[]>([
      ['aws:principaltype', 'Anonymous'],
      ['aws:userid', 'anonymous'],
      ['aws:principalaccount', 'anonymous'],
    ]);
    return { ...base, kind: 'anonymous', keys };
  }
  if (principal.startsWith('service:')) {
    const service = principal.slice('service:'.length);
    const keys = new Map<string, string | string[]>([
      ['aws:principalisawsservice', 'true'],
      ['aws:principalservicename', service],
    ]);
    return { ...base, kind: 'service', service, keys };
  }
  const account = accountOf(principal);
  if (principal === `arn:aws:iam::${account}:root`) {
    const c = { ...base, kind: 'root' as const, arn: principal, account };
    const keys = principalKeys(world, c, 'Account', account, principal);
    keys.set('aws:principalisawsservice', 'false');
    return { ...c, keys };
  }
  const userOf = (arn: string) => {
    const u = world.users?.[arn];
    if (!u) throw new Error(`reference: unknown user ${arn}`);
    const groups = (u.groups ?? []).flatMap((g) => world.groups?.[g]?.policies ?? []);
    return { u, identity: [...(u.policies ?? []), ...groups] };
  };
  if (world.users?.[principal]) {
    const { u, identity } = userOf(principal);
    const c = {
      ...base,
      kind: 'user' as const,
      arn: principal,
      account,
      userArn: principal,
      userId: u.userId,
      identity,
      boundary: u.permissionsBoundary,
    };
    const keys = principalKeys(world, c, 'User', u.userId, principal);
    keys.set('aws:username', lastName(principal));
    keys.set('aws:principalisawsservice', 'false');
    setTags(keys, u.tags);
    return { ...c, keys };
  }
  const s = world.sessions?.[principal];
  if (!s) throw new Error(`reference: unknown principal ${principal}`);
  if (s.type === 'AssumedRole') {
    const roleArn = s.roleArn as string;
    const r = world.roles?.[roleArn];
    if (!r) throw new Error(`reference: unknown role ${roleArn}`);
    const sessionName = lastName(principal);
    const c = {
      ...base,
      kind: 'role-session' as const,
      arn: principal,
      account,
      roleArn,
      roleId: r.roleId,
      identity: r.policies ?? [],
      boundary: r.permissionsBoundary,
      session: s.sessionPolicies,
      serviceLinked: r.serviceLinked === true || roleArn.includes(':role/aws-service-role/'),
      expiresAt: s.expiresAt,
    };
    const keys = principalKeys(world, c, 'AssumedRole', `${r.roleId}:${sessionName}`, roleArn);
    setTags(keys, r.tags);
    setTags(keys, s.sessionTags); // session tags replace role tags regardless of case (spec §6.5)
    keys.set('aws:tokenissuetime', s.issuedAt);
    keys.set('aws:multifactorauthpresent', s.mfaPresent === true ? 'true' : 'false');
    keys.set('aws:principalisawsservice', 'false');
    return { ...c, keys };
  }
  const { u, identity } = userOf(s.userArn as string);
  const c = {
    ...base,
    kind: 'federated-user' as const,
    arn: principal,
    account,
    userArn: s.userArn,
    identity,
    boundary: u.permissionsBoundary,
    session: s.sessionPolicies,
    expiresAt: s.expiresAt,
  };
  const keys = principalKeys(world, c, 'FederatedUser', `${account}:${lastName(principal)}`, principal);
  setTags(keys, s.sessionTags);
  keys.set('aws:tokenissuetime', s.issuedAt);
  if (s.mfaPresent !== undefined) keys.set('aws:multifactorauthpresent', s.mfaPresent ? 'true' : 'false');
  keys.set('aws:principalisawsservice', 'false');
  return { ...c, keys };
}

/** Every way a `Principal` element names the caller (spec §2.3). */
function grantsOf(element: unknown, c: Caller): Grant[] {
  if (element === '*') return ['wildcard'];
  const out: Grant[] = [];
  const map = element as Record<string, unknown>;
  for (const v of list(map.AWS as string | string[])) {
    if (v === '*') out.push('wildcard');
    const account = /^\d{12}$/.test(v) ? v : /^arn:aws:iam::(\d{12}):root$/.exec(v)?.[1];
    const belongs = c.kind === 'user' || c.kind === 'role-session' || c.kind === 'federated-user' || c.kind === 'root';
    if (account !== undefined && belongs && c.account === account) out.push('account');
    if (c.kind === 'user' && (v === c.arn || v === c.userId)) out.push('user');
    if (c.kind === 'federated-user' && v === c.userArn) out.push('federating-user');
    if (c.kind === 'role-session' && (v === c.roleArn || v === c.roleId)) out.push('role');
    if ((c.kind === 'role-session' || c.kind === 'federated-user') && v === c.arn) out.push('session');
  }
  for (const v of list(map.Service as string | string[]))
    if (c.kind === 'service' && v === c.service) out.push('service');
  return out;
}

/**
 * `NotPrincipal` (spec §2.4): the caller is exempt only when every link of its chain is listed;
 * a caller whose user or role has a permissions boundary is never exempt.
 */
function exempt(element: unknown, c: Caller): boolean {
  if (c.boundary !== undefined) return false;
  if (element === '*') return true;
  const map = element as Record<string, unknown>;
  const aws = list(map.AWS as string | string[]);
  if (aws.includes('*')) return true;
  const listed = (v: string | undefined) => v !== undefined && aws.includes(v);
  const accountListed = c.account !== undefined && (listed(c.account) || listed(`arn:aws:iam::${c.account}:root`));
  switch (c.kind) {
    case 'anonymous':
      return false;
    case 'service':
      return list(map.Service as string | string[]).includes(c.service as string);
    case 'root':
      return accountListed;
    case 'user':
      return accountListed && (listed(c.arn) || listed(c.userId));
    case 'role-session':
      return accountListed && (listed(c.roleArn) || listed(c.roleId)) && listed(c.arn);
    case 'federated-user':
      return accountListed && listed(c.arn);
  }
}

interface Request {
  actionFolded: string;
  resource: string;
  ctx: RefContext;
  caller: Caller;
}

/** Whether a statement applies (spec §4.2), and with which grants when it names principals. */
function applies(st: Stmt, doc: Doc, req: Request, withPrincipal: boolean): Grant[] | undefined {
  const actions = list((st.Action ?? st.NotAction) as string | string[]);
  const actionHit = actions.some((a) => a === '*' || globMatch(wildTokens(fold(a)), req.actionFolded));
  if (actionHit === (st.Action === undefined)) return undefined;
  if (st.Resource !== undefined || st.NotResource !== undefined) {
    const resources = list((st.Resource ?? st.NotResource) as string | string[]);
    const variables = doc.Version === '2012-10-17';
    const hit = resources.some((r) => {
      if (r === '*') return true;
      const tokens = substitute(r, req.ctx, variables, true);
      return tokens !== undefined && matchResourcePattern(tokens, req.resource);
    });
    if (hit === (st.Resource === undefined)) return undefined;
  }
  let grants: Grant[] = [];
  if (withPrincipal) {
    if (st.Principal !== undefined) {
      grants = grantsOf(st.Principal, req.caller);
      if (grants.length === 0) return undefined;
    } else if (exempt(st.NotPrincipal, req.caller)) return undefined;
  }
  return conditionHolds(st.Condition, req.ctx, doc.Version) ? grants : undefined;
}

/** What a set of policies says: an applicable Deny, an applicable Allow, and the Allow grants. */
function layer(
  docs: readonly Doc[],
  req: Request,
  withPrincipal: boolean,
): { deny: boolean; allow: boolean; grants: Set<Grant> } {
  const out = { deny: false, allow: false, grants: new Set<Grant>() };
  for (const doc of docs) {
    for (const st of list(doc.Statement as Stmt | Stmt[])) {
      const g = applies(st, doc, req, withPrincipal);
      if (g === undefined) continue;
      if (st.Effect === 'Deny') out.deny = true;
      else {
        out.allow = true;
        for (const k of g) out.grants.add(k);
      }
    }
  }
  return out;
}

const FULL_AWS_ACCESS: Doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** Policy levels root → OUs → account for SCPs or RCPs (spec §0.3, §4.8, §4.9). */
function levels(world: RefWorld, account: string, which: 'scps' | 'rcps'): Doc[][] {
  const org = world.organization as NonNullable<RefWorld['organization']>;
  const targets = [...(world.accounts?.[account]?.parents ?? [org.rootId]), account];
  const attached = org[which] ?? {};
  return targets.map((t) =>
    Object.prototype.hasOwnProperty.call(attached, t)
      ? (attached[t] as Doc[])
      : which === 'scps'
        ? [FULL_AWS_ACCESS]
        : [],
  );
}

const DEFAULT_ENDPOINT_POLICY: Doc = { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };

/** Decides one request (spec §4.3), then applies the service rules (§4.14, §4.16). */
export function referenceDecide(world: RefWorld, request: RefRequest): RefDecision {
  const caller = resolve(world, request.principal);
  const time = Date.parse(request.time);
  if (caller.expiresAt !== undefined && time >= Date.parse(caller.expiresAt))
    return { decision: 'ImplicitDeny', reason: 'ExpiredToken' };
  // The resource's owner: as given, else the ARN's account segment, else the caller's account (§0.3).
  const arnAccount = request.resource.split(':')[4];
  const resourceAccount = request.resourceAccount ?? (arnAccount ? arnAccount : caller.account);
  const policies = policyDecision(world, request, caller, time, resourceAccount);

  // §4.14: GetCallerIdentity answers every caller with credentials, whatever the policies say.
  if (
    fold(request.action) === 'sts:getcalleridentity' &&
    ['user', 'role-session', 'federated-user', 'root'].includes(caller.kind)
  ) {
    return policies.decision === 'Allow' ? policies : { decision: 'Allow', reason: 'GetCallerIdentityAlwaysAllowed' };
  }
  if (policies.decision !== 'Allow') return policies;
  // §4.16: the bucket's settings OR the owner's account settings.
  const bucket = /^arn:aws:s3:::([^/]+)/.exec(request.resource)?.[1];
  const own = bucket !== undefined ? world.resources?.[`arn:aws:s3:::${bucket}`]?.s3BlockPublicAccess : undefined;
  const acct = resourceAccount !== undefined ? world.accounts?.[resourceAccount]?.s3BlockPublicAccess : undefined;
  const bpa =
    bucket !== undefined
      ? {
          rpb: own?.restrictPublicBuckets === true || acct?.restrictPublicBuckets === true,
          bpp: own?.blockPublicPolicy === true || acct?.blockPublicPolicy === true,
        }
      : undefined;
  const rp = request.resourcePolicy === undefined ? undefined : world.resourcePolicies?.[request.resourcePolicy];
  const reason = refusingRule({
    action: request.action,
    resource: request.resource,
    callerKind: caller.kind,
    ...(caller.account !== undefined ? { callerAccount: caller.account } : {}),
    mfa: false,
    ...(resourceAccount !== undefined ? { owner: resourceAccount } : {}),
    ...(bpa ? { bpa } : {}),
    bucketPolicyPublic: rp !== undefined && refIsPublic(rp.policy),
    ...(request.requestPolicy !== undefined ? { requestPolicyPublic: refIsPublic(request.requestPolicy) } : {}),
  });
  return reason === undefined ? policies : { decision: 'ImplicitDeny', reason };
}

function policyDecision(
  world: RefWorld,
  request: RefRequest,
  caller: Caller,
  time: number,
  resourceAccount: string | undefined,
): RefDecision {
  const ctx = new Map<string, string | readonly string[]>(caller.keys);
  // Second precision, as in AWS's examples of aws:CurrentTime (the spec gives no text form).
  ctx.set('aws:currenttime', new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'));
  ctx.set('aws:epochtime', String(Math.floor(time / 1000)));
  if (resourceAccount !== undefined) {
    ctx.set('aws:resourceaccount', resourceAccount);
    const org = orgFacts(world, resourceAccount);
    if (org) {
      ctx.set('aws:resourceorgid', org.orgId);
      ctx.set('aws:resourceorgpaths', [org.path]);
    }
  }
  // Keys the caller supplies win over derived ones (spec §0.3).
  for (const [k, v] of Object.entries(request.context ?? {}))
    ctx.set(k.toLowerCase(), Array.isArray(v) ? v.map(String) : String(v));
  // §4.15: through an endpoint the request carries its id, VPC and account, and no aws:SourceIp.
  const vpce = request.vpcEndpoint === undefined ? undefined : world.vpcEndpoints?.[request.vpcEndpoint];
  if (request.vpcEndpoint !== undefined && !vpce) throw new Error('reference: unknown VPC endpoint');
  if (vpce) {
    ctx.set('aws:sourcevpce', request.vpcEndpoint as string);
    ctx.set('aws:sourcevpc', vpce.vpc);
    ctx.set('aws:vpceaccount', vpce.account);
    const vorg = orgFacts(world, vpce.account);
    if (vorg) {
      ctx.set('aws:vpceorgid', vorg.orgId);
      ctx.set('aws:vpceorgpaths', [vorg.path]);
    }
    ctx.delete('aws:sourceip');
  }

  const req: Request = { actionFolded: fold(request.action), resource: request.resource, ctx, caller };
  const service = fold(request.action.split(':')[0] as string);
  const rp = request.resourcePolicy === undefined ? undefined : world.resourcePolicies?.[request.resourcePolicy];
  if (request.resourcePolicy !== undefined && !rp) throw new Error('reference: unknown resource policy');

  // Which organization policies apply (spec §4.3 step 1, §4.8, §4.9).
  const principalOrg = orgFacts(world, caller.account);
  const scpLevels =
    principalOrg?.member && !caller.serviceLinked ? levels(world, caller.account as string, 'scps') : [];
  const resourceOrg = orgFacts(world, resourceAccount);
  const rcpLevels =
    resourceOrg?.member && !caller.serviceLinked && RCP_SERVICES.has(service)
      ? levels(world, resourceAccount as string, 'rcps')
      : [];

  const hasIdentity = caller.kind === 'user' || caller.kind === 'role-session' || caller.kind === 'federated-user';
  const rcp = rcpLevels.map((docs) => layer(docs, req, true));
  const scp = scpLevels.map((docs) => layer(docs, req, false));
  const resource = layer(rp ? [rp.policy] : [], req, true);
  const identity = layer(hasIdentity ? caller.identity : [], req, false);
  const boundary = hasIdentity && caller.boundary ? layer([caller.boundary], req, false) : undefined;
  const session = hasIdentity && caller.session ? layer(caller.session, req, false) : undefined;
  // §4.15: the endpoint policy is one more resource-style guardrail (default: full access).
  const endpoint = vpce ? layer([vpce.policy ?? DEFAULT_ENDPOINT_POLICY], req, true) : undefined;

  // Step 1: an applicable Deny anywhere.
  if ([...rcp, ...scp, endpoint, resource, identity, boundary, session].some((l) => l?.deny))
    return { decision: 'ExplicitDeny' };
  const deny: RefDecision = { decision: 'ImplicitDeny' };
  const allow: RefDecision = { decision: 'Allow' };
  // Step 2: RCPFullAWSAccess allows at every RCP level. Step 3: every SCP level needs an Allow.
  if (scp.some((l) => !l.allow)) return deny;
  if (endpoint && !endpoint.allow) return deny;

  const grants = resource.grants;
  // Anonymous callers and service principals: only the resource policy can allow (§4.12, §4.13).
  if (caller.kind === 'anonymous') return grants.has('wildcard') ? allow : deny;
  if (caller.kind === 'service') return grants.size > 0 ? allow : deny;

  const boundaryOk = boundary === undefined || boundary.allow;
  // No session policy: a role session keeps its permissions, a federated user has none (§4.7, §10 E4).
  const sessionOk = session !== undefined ? session.allow : caller.kind !== 'federated-user';
  // The identity path: the root user has implicit full access to its account (§4.11).
  const identityPath = caller.kind === 'root' || (identity.allow && boundaryOk && sessionOk);

  // Cross-account (§4.10): the resource policy must name the caller (any grant) and the trusted side must allow.
  // AWS managed policies (account `aws`) are every account's to use, never a cross-account request.
  if (caller.account !== resourceAccount && resourceAccount !== 'aws')
    return grants.size > 0 && identityPath ? allow : deny;

  // Same account (§4.4): the strongest grant decides what can still block it.
  if (['wildcard', 'session', 'service'].some((g) => grants.has(g as Grant))) return allow;
  if (grants.has('user')) {
    // A trust policy naming the user still needs the user's boundary (§10 R-REVIEW).
    return rp?.kind === 'role-trust' && !boundaryOk ? deny : allow;
  }
  if (grants.has('role') || grants.has('federating-user')) return boundaryOk && sessionOk ? allow : deny;
  const strict = rp !== undefined && (rp.strict ?? (rp.kind ?? 'generic') !== 'generic');
  if (strict && grants.size === 0) return deny; // §4.5: a strict policy must allow explicitly
  return identityPath ? allow : deny;
}
