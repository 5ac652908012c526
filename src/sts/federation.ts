/**
 * `AssumeRoleWithWebIdentity` and `AssumeRoleWithSAML` (spec §5.7): a federated identity, with no
 * AWS credentials, assumes a role whose trust policy names its provider. The resulting role
 * session keeps the few provider keys AWS keeps for later requests.
 */
import { ContextMap, type ContextValue } from '../condition/context.js';
import { formatDate } from '../condition/date.js';
import { compileWorld } from '../model/authorizer.js';
import { withoutPolicies, type ResolvedPrincipal } from '../model/principals.js';
import { checkAssumeRoleParameters, tagMap } from './parameters.js';
import { checkSessionPolicy, sessionPolicies, withSession, type SessionOptions } from './assume-role.js';
import { readNow, temporaryCredentials } from './credentials.js';
import { roleSessionRecord } from './session-record.js';
import { refusal, sessionInputProblem, stsError, type StsResult } from './result.js';
import { parseDate } from '../condition/date.js';
import { checkArrayLength, DEFAULT_LIMITS } from '../policy/limits.js';
import { describeError } from '../policy/json-tree.js';
import type { WorldInput } from '../model/world.js';

/**
 * Claims or SAML attributes read as context values: strings, or lists of strings, within the request
 * caps, each list refused by its length before it is walked (issue #11: a 10⁸-slot `aud` list and a
 * proxy of length 2³²−1 as the provider kept the never-throws test running without end). A problem
 * comes back as text.
 */
function assertedValues(values: unknown, what: string): Record<string, ContextValue> | string {
  if (values === undefined) return {};
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return `${what} must be an object`;
  const keys = Object.keys(values);
  if (keys.length > DEFAULT_LIMITS.maxContextKeys)
    return `${what} has ${keys.length} members, more than the ${DEFAULT_LIMITS.maxContextKeys} allowed`;
  const out: Record<string, ContextValue> = {};
  const valueOk = (v: unknown): v is string =>
    typeof v === 'string' && v.length <= DEFAULT_LIMITS.maxContextValueLength;
  for (const key of keys) {
    const v: unknown = (values as Record<string, unknown>)[key];
    const problem = `${what} member ${JSON.stringify(key.slice(0, 128))} must be a string or a list of at most ${DEFAULT_LIMITS.maxContextValues} strings of at most ${DEFAULT_LIMITS.maxContextValueLength} characters`;
    if (key.length > DEFAULT_LIMITS.maxContextKeyLength) return problem;
    if (valueOk(v)) {
      out[key] = v;
      continue;
    }
    if (!Array.isArray(v) || checkArrayLength(v.length, DEFAULT_LIMITS.maxContextValues) !== undefined) return problem;
    const list: string[] = [];
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (!valueOk(item)) return problem;
      list.push(item);
    }
    out[key] = list;
  }
  return out;
}

/** The built-in OIDC providers that need no provider resource (spec §1.4). */
const BUILT_IN_OIDC = new Set([
  'cognito-identity.amazonaws.com',
  'www.amazon.com',
  'graph.facebook.com',
  'accounts.google.com',
]);

/** Input of {@link assumeRoleWithWebIdentity}. */
export interface WebIdentityInput extends SessionOptions {
  /** An OIDC provider ARN (`arn:aws:iam::ACCT:oidc-provider/<host/path>`) or a built-in provider name. */
  readonly provider: string;
  readonly roleArn: string;
  readonly sessionName: string;
  /** The verified token's claims: `sub`, `aud` (and `amr`, `oaud`, `app_id`, `user_id`, … as the provider sends). */
  readonly claims: Readonly<Record<string, string | readonly string[]>>;
}

/** Input of {@link assumeRoleWithSAML}. */
export interface SamlInput extends SessionOptions {
  /** The SAML provider ARN (`arn:aws:iam::ACCT:saml-provider/NAME`). */
  readonly provider: string;
  readonly roleArn: string;
  /** The assertion's facts. `sessionName` is the `RoleSessionName` attribute. */
  readonly assertion: {
    readonly sub: string;
    readonly subType?: string;
    readonly sessionName: string;
    readonly aud?: string;
    readonly iss?: string;
    readonly nameQualifier?: string;
    /** Other attributes, e.g. `edupersonaffiliation`; they become `saml:<name>` keys. */
    readonly attributes?: Readonly<Record<string, string | readonly string[]>>;
    /** `SessionNotOnOrAfter` (ISO 8601): caps the session. */
    readonly sessionNotOnOrAfter?: string;
  };
}

/** The condition-key prefix of an OIDC provider: its host and path (`token.actions.githubusercontent.com`). */
export function oidcKeyPrefix(provider: string): string {
  const i = provider.indexOf(':oidc-provider/');
  return i < 0 ? provider : provider.slice(i + ':oidc-provider/'.length);
}

function federatedIdentity(provider: string, keys: ContextMap): ResolvedPrincipal {
  return withoutPolicies(
    { kind: 'federated-identity', arn: provider, account: undefined, partition: 'aws', provider },
    keys,
  );
}

/** One federated AssumeRoleWith* call: the caller's session options plus what the provider asserted. */
interface FederatedCall extends SessionOptions {
  readonly world: WorldInput;
  readonly action: 'sts:AssumeRoleWithWebIdentity' | 'sts:AssumeRoleWithSAML';
  readonly provider: string;
  readonly roleArn: string;
  readonly sessionName: string;
  /** Latest expiry the provider allows (SAML `SessionNotOnOrAfter`), epoch ms. */
  readonly cap: number | undefined;
  readonly trustKeys: ContextMap;
  /** Keys the session keeps for later requests. */
  readonly sessionKeys: Record<string, ContextValue>;
  readonly federatedProvider: string | undefined;
}

function federatedAssume(call: FederatedCall): StsResult {
  const now = readNow(call.now);
  if (Number.isNaN(now)) return stsError('ValidationError', 'now is not a valid time', { parameter: 'now' });
  const authorizer = compileWorld(call.world);
  if (!authorizer.ok) return stsError('InvalidWorld', `the world has ${authorizer.errors.length} error(s)`);
  const target = authorizer.resolvePrincipal(call.roleArn);
  if (typeof target === 'string' || !target.role)
    return stsError('ValidationError', `role ${call.roleArn} is not defined in the world`, { parameter: 'RoleArn' });
  const role = target.role;
  const bad = checkSessionPolicy(call.policy);
  if (bad) return bad;
  const invalid = checkAssumeRoleParameters(
    {
      RoleSessionName: call.sessionName,
      ...(call.durationSeconds !== undefined ? { DurationSeconds: call.durationSeconds } : {}),
      ...(call.tags !== undefined ? { Tags: call.tags } : {}),
      ...(call.transitiveTagKeys !== undefined ? { TransitiveTagKeys: call.transitiveTagKeys } : {}),
      ...(call.policy !== undefined ? { Policy: call.policy } : {}),
      ...(call.policyArns !== undefined ? { PolicyArns: call.policyArns } : {}),
    },
    { chained: false, maxSessionDuration: role.maxSessionDuration, inheritedTransitiveTags: {} },
  );
  if (invalid)
    return stsError('ValidationError', `${call.action}: invalid parameter (${invalid})`, { parameter: invalid });

  const tags = tagMap(call.tags);
  const context: Record<string, string | string[]> = {};
  for (const [k, v] of call.trustKeys.entries()) context[k] = typeof v === 'string' ? v : [...v];
  for (const k of Object.keys(tags)) context[`aws:RequestTag/${k}`] = tags[k] as string;
  if (Object.keys(tags).length > 0) context['aws:TagKeys'] = Object.keys(tags);
  const identity = federatedIdentity(call.provider, call.trustKeys);
  const request = { action: call.action, resource: call.roleArn, time: now, context };
  const decision = authorizer.authorizeAs(identity, request, { explain: true });
  if (decision.decision !== 'Allow') return refusal(decision, `${call.action} on ${call.roleArn}`);
  if (Object.keys(tags).length > 0) {
    const tagging = authorizer.authorizeAs(identity, { ...request, action: 'sts:TagSession' }, { explain: true });
    if (tagging.decision !== 'Allow') return refusal(tagging, `sts:TagSession on ${call.roleArn}`);
  }

  let expiresAt = now + (call.durationSeconds ?? 3600) * 1000;
  if (call.cap !== undefined && call.cap < expiresAt) expiresAt = call.cap;
  const parts = call.roleArn.split(':');
  const sessionArn = `arn:${parts[1]}:sts::${parts[4]}:assumed-role/${role.name}/${call.sessionName}`;
  const credentials = temporaryCredentials(sessionArn, now, expiresAt);
  const policies = sessionPolicies(call.policy, call.policyArns);
  const via = call.action === 'sts:AssumeRoleWithSAML' ? 'AssumeRoleWithSAML' : 'AssumeRoleWithWebIdentity';
  const record = roleSessionRecord(
    { roleArn: call.roleArn, issuedAt: now, expiresAt, via, credentials },
    {
      context: call.sessionKeys,
      ...(call.federatedProvider !== undefined ? { federatedProvider: call.federatedProvider } : {}),
      ...(policies ? { sessionPolicies: policies } : {}),
      ...(Object.keys(tags).length > 0 ? { sessionTags: { ...tags } } : {}),
      ...(call.transitiveTagKeys && call.transitiveTagKeys.length > 0
        ? { transitiveTagKeys: [...call.transitiveTagKeys] }
        : {}),
    },
  );
  return {
    ok: true,
    warnings: [],
    world: withSession(call.world, 'sessions', sessionArn, record),
    session: {
      arn: sessionArn,
      assumedRoleId: `${role.roleId}:${call.sessionName}`,
      issuedAt: formatDate(now),
      expiresAt: formatDate(expiresAt),
      credentials,
    },
  };
}

/**
 * Calls `sts:AssumeRoleWithWebIdentity` (OIDC) against a world. Never throws.
 *
 * @example
 * ```ts
 * import { assumeRoleWithWebIdentity } from 'iam-verdict';
 *
 * const github = 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com';
 * const world = {
 *   roles: {
 *     'arn:aws:iam::111111111111:role/Deploy': {
 *       trustPolicy: {
 *         Version: '2012-10-17',
 *         Statement: [{
 *           Effect: 'Allow',
 *           Principal: { Federated: github },
 *           Action: 'sts:AssumeRoleWithWebIdentity',
 *           Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' } },
 *         }],
 *       },
 *     },
 *   },
 * };
 * const input = { provider: github, roleArn: 'arn:aws:iam::111111111111:role/Deploy', sessionName: 'gha', now: '2025-06-01T12:00:00Z' };
 * console.log(assumeRoleWithWebIdentity(world, { ...input, claims: { sub: 'repo:acme/app:ref:refs/heads/main', aud: 'sts.amazonaws.com' } }).ok); // => true
 * console.log(assumeRoleWithWebIdentity(world, { ...input, claims: { sub: 'repo:evil/app:ref:refs/heads/main', aud: 'sts.amazonaws.com' } }).ok); // => false
 * ```
 */
export function assumeRoleWithWebIdentity(world: WorldInput, input: WebIdentityInput): StsResult {
  try {
    const wrong = sessionInputProblem(input, ['provider', 'roleArn', 'sessionName']);
    if (wrong) return wrong;
    const claims = assertedValues(input.claims, 'claims');
    if (typeof claims === 'string') return stsError('InvalidIdentityToken', claims);
    const prefix = oidcKeyPrefix(input.provider);
    if (!BUILT_IN_OIDC.has(input.provider) && !/^arn:[\w-]+:iam::\d{12}:oidc-provider\/.+/.test(input.provider)) {
      return stsError('InvalidIdentityToken', `not an OIDC provider ARN or built-in provider: ${input.provider}`);
    }
    if (typeof claims.sub !== 'string') return stsError('InvalidIdentityToken', 'the token has no sub claim');
    const trust = new ContextMap();
    const kept: Record<string, ContextValue> = {};
    for (const [claim, value] of Object.entries(claims)) {
      trust.set(`${prefix}:${claim}`, value);
      // After the session exists AWS keeps only amr, aud, id and sub (spec §5.7).
      if (claim === 'amr' || claim === 'aud' || claim === 'id' || claim === 'sub') kept[`${prefix}:${claim}`] = value;
    }
    trust.set('aws:FederatedProvider', input.provider);
    return federatedAssume({
      ...input,
      world,
      action: 'sts:AssumeRoleWithWebIdentity',
      cap: undefined,
      trustKeys: trust,
      sessionKeys: kept,
      federatedProvider: input.provider,
    });
  } catch (e) {
    return stsError('InternalError', `the request could not be processed: ${describeError(e)}`);
  }
}

/**
 * Calls `sts:AssumeRoleWithSAML` against a world. Never throws.
 *
 * @example
 * ```ts
 * import { assumeRoleWithSAML } from 'iam-verdict';
 *
 * const corp = 'arn:aws:iam::111111111111:saml-provider/Corp';
 * const world = {
 *   roles: {
 *     'arn:aws:iam::111111111111:role/Staff': {
 *       trustPolicy: {
 *         Version: '2012-10-17',
 *         Statement: [{ Effect: 'Allow', Principal: { Federated: corp }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'saml:aud': 'https://signin.aws.amazon.com/saml' } } }],
 *       },
 *     },
 *   },
 * };
 * const result = assumeRoleWithSAML(world, {
 *   provider: corp,
 *   roleArn: 'arn:aws:iam::111111111111:role/Staff',
 *   assertion: { sub: 'alice@corp.example', sessionName: 'alice', aud: 'https://signin.aws.amazon.com/saml', sessionNotOnOrAfter: '2025-06-01T12:30:00Z' },
 *   now: '2025-06-01T12:00:00Z',
 * });
 * console.log(result.ok ? result.session.expiresAt : result.errors[0]?.code); // => 2025-06-01T12:30:00Z
 * ```
 */
export function assumeRoleWithSAML(world: WorldInput, input: SamlInput): StsResult {
  try {
    const invalid = sessionInputProblem(input, ['provider', 'roleArn']);
    if (invalid) return invalid;
    if (!/^arn:[\w-]+:iam::\d{12}:saml-provider\/.+/.test(input.provider))
      return stsError('ValidationError', `not a SAML provider ARN: ${input.provider}`, { parameter: 'PrincipalArn' });
    const a = input.assertion;
    if (typeof a?.sub !== 'string' || typeof a.sessionName !== 'string')
      return stsError('ValidationError', 'the assertion needs sub and a RoleSessionName attribute', {
        parameter: 'SAMLAssertion',
      });
    const optional = ['subType', 'aud', 'iss', 'nameQualifier', 'sessionNotOnOrAfter'] as const;
    const wrong = optional.find((k) => a[k] !== undefined && typeof a[k] !== 'string');
    if (wrong !== undefined)
      return stsError('ValidationError', `the assertion's ${wrong} must be a string`, { parameter: 'SAMLAssertion' });
    const attributes = assertedValues(a.attributes, 'the assertion attributes');
    if (typeof attributes === 'string') return stsError('ValidationError', attributes, { parameter: 'SAMLAssertion' });
    const trust = new ContextMap();
    trust.set('saml:sub', a.sub);
    if (a.subType !== undefined) trust.set('saml:sub_type', a.subType);
    if (a.aud !== undefined) trust.set('saml:aud', a.aud);
    if (a.iss !== undefined) trust.set('saml:iss', a.iss);
    if (a.nameQualifier !== undefined) trust.set('saml:namequalifier', a.nameQualifier);
    for (const [name, value] of Object.entries(attributes)) trust.set(`saml:${name}`, value);
    // After the session exists AWS keeps saml:namequalifier, saml:sub and saml:sub_type (spec §5.7).
    const kept: Record<string, ContextValue> = { 'saml:sub': a.sub };
    if (a.subType !== undefined) kept['saml:sub_type'] = a.subType;
    if (a.nameQualifier !== undefined) kept['saml:namequalifier'] = a.nameQualifier;
    const cap = a.sessionNotOnOrAfter !== undefined ? parseDate(a.sessionNotOnOrAfter) : undefined;
    return federatedAssume({
      ...input,
      world,
      action: 'sts:AssumeRoleWithSAML',
      sessionName: a.sessionName,
      cap: cap !== undefined && !Number.isNaN(cap) ? cap : undefined,
      trustKeys: trust,
      sessionKeys: kept,
      federatedProvider: undefined,
    });
  } catch (e) {
    return stsError('InternalError', `the request could not be processed: ${describeError(e)}`);
  }
}
