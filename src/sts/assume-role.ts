/**
 * `sts:AssumeRole` as a pure function (spec §6): authorize the call (caller's identity side and the
 * role's trust policy, spec §6.1), validate every parameter (§6.2, §6.3), and return a new world
 * holding the session (§6.4) with its session policies, tags (§6.5) and source identity.
 */
import { describeError } from '../policy/json-tree.js';
import { parsePolicy } from '../policy/parse.js';
import { compileWorld, type CompiledWorld } from '../model/authorizer.js';
import type { ResolvedPrincipal } from '../model/principals.js';
import { mergeTags } from '../model/keys.js';
import { formatDate } from '../condition/date.js';
import { tagMap, type AssumeRoleParameters, type SessionTags } from './parameters.js';
import { readNow, temporaryCredentials } from './credentials.js';
import { roleSessionRecord } from './session-record.js';
import { refusal, sessionInputProblem, stsError, type StsResult } from './result.js';
import type { WorldInput } from '../model/world.js';

/** Who calls an STS API: a principal ARN, or credentials (resolved with `authenticate`). */
export type StsCaller = string | { readonly accessKeyId: string; readonly sessionToken?: string };

/** What a call that creates a session may pass besides its identity: duration, session policies, tags, time. */
export interface SessionOptions {
  readonly durationSeconds?: number;
  /** Inline session policy (JSON text or document). */
  readonly policy?: string | Readonly<Record<string, unknown>>;
  /** Managed session policies (must be defined in the world). */
  readonly policyArns?: readonly string[];
  readonly tags?: SessionTags;
  /** Which of `tags` pass on to chained sessions (spec §6.5). */
  readonly transitiveTagKeys?: readonly string[];
  /** Call time (ISO 8601 or epoch ms); defaults to now. */
  readonly now?: string | number;
}

/** Input of {@link assumeRole}. */
export interface AssumeRoleInput extends SessionOptions {
  readonly caller: StsCaller;
  readonly roleArn: string;
  readonly sessionName: string;
  readonly externalId?: string;
  readonly serialNumber?: string;
  readonly tokenCode?: string;
  readonly sourceIdentity?: string;
}

/** The caller behind an {@link StsCaller}, or the error to return. */
export function resolveCaller(authorizer: CompiledWorld, caller: StsCaller): ResolvedPrincipal | StsResult {
  if (typeof caller === 'string') {
    const p = authorizer.resolvePrincipal(caller);
    return typeof p === 'string' ? stsError('InvalidClientTokenId', p) : p;
  }
  if (typeof caller !== 'object' || caller === null || typeof caller.accessKeyId !== 'string') {
    return stsError('ValidationError', 'caller must be a principal ARN or { accessKeyId, sessionToken }', {
      parameter: 'caller',
    });
  }
  const p = authorizer.authenticate(caller.accessKeyId, caller.sessionToken);
  return p === 'InvalidClientTokenId'
    ? stsError('InvalidClientTokenId', 'the access key id or session token is not valid')
    : p;
}

/** `true` when a value is an STS result (an error to pass on) rather than a principal. */
export function isResult(v: ResolvedPrincipal | StsResult): v is StsResult {
  return 'ok' in v;
}

/** Adds a session to a world without changing the input (worlds are plain data). */
export function withSession(
  world: WorldInput,
  collection: 'sessions' | 'userSessions',
  key: string,
  record: Record<string, unknown>,
): Record<string, unknown> {
  const base = (typeof world === 'object' && world !== null ? world : {}) as Record<string, unknown>;
  const existing = (
    typeof base[collection] === 'object' && base[collection] !== null ? base[collection] : {}
  ) as Record<string, unknown>;
  return { ...base, [collection]: { ...existing, [key]: record } };
}

/** Checks an inline session policy; returns an error result when it is not a valid session policy. */
export function checkSessionPolicy(policy: AssumeRoleInput['policy']): StsResult | undefined {
  if (policy === undefined) return undefined;
  const parsed = parsePolicy(policy, { type: 'session' });
  if (parsed.ok) return undefined;
  return stsError(
    'MalformedPolicyDocument',
    `the session policy is not valid: ${parsed.errors.map((e) => `${e.path || '(document)'}: ${e.message}`).join('; ')}`,
    { parameter: 'Policy' },
  );
}

/** Session policies as world policy references (inline document first, then managed ARNs). */
export function sessionPolicies(
  policy: AssumeRoleInput['policy'],
  arns: readonly string[] | undefined,
): unknown[] | undefined {
  const out: unknown[] = [];
  if (policy !== undefined) out.push(typeof policy === 'string' ? JSON.parse(policy) : policy);
  for (const arn of arns ?? []) out.push(arn);
  return out.length > 0 ? out : undefined;
}

/**
 * Calls `sts:AssumeRole` against a world. Never throws.
 *
 * @example
 * ```ts
 * import { assumeRole, createAuthorizer } from 'iam-verdict';
 *
 * const world = {
 *   users: {
 *     'arn:aws:iam::111111111111:user/dev': {
 *       accessKeys: [{ id: 'AKIAEXAMPLEDEV000001' }],
 *       policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:GetFederationToken', 's3:ListBucket'], Resource: '*' }] }],
 *     },
 *   },
 *   roles: {
 *     'arn:aws:iam::111111111111:role/Reader': {
 *       trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }] },
 *       policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }] }],
 *     },
 *   },
 * };
 * const result = assumeRole(world, {
 *   caller: 'arn:aws:iam::111111111111:user/dev',
 *   roleArn: 'arn:aws:iam::111111111111:role/Reader',
 *   sessionName: 'dev',
 *   now: '2025-06-01T12:00:00Z',
 * });
 * if (!result.ok) throw new Error(result.errors[0]?.message);
 * console.log(result.session.arn); // => arn:aws:sts::111111111111:assumed-role/Reader/dev
 * const request = { principal: result.session.arn, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', time: '2025-06-01T12:05:00Z' };
 * console.log(createAuthorizer(result.world).authorize(request).decision); // => Allow
 * ```
 */
export function assumeRole(world: WorldInput, input: AssumeRoleInput): StsResult {
  try {
    const wrong = sessionInputProblem(
      input,
      ['roleArn', 'sessionName'],
      ['externalId', 'serialNumber', 'tokenCode', 'sourceIdentity'],
    );
    if (wrong) return wrong;
    const now = readNow(input.now);
    if (Number.isNaN(now)) return stsError('ValidationError', 'now is not a valid time', { parameter: 'now' });
    const authorizer = compileWorld(world);
    if (!authorizer.ok)
      return stsError(
        'InvalidWorld',
        `the world has ${authorizer.errors.length} error(s): ${authorizer.errors[0]?.message ?? ''}`,
      );
    const caller = resolveCaller(authorizer, input.caller);
    if (isResult(caller)) return caller;
    const bad = checkSessionPolicy(input.policy);
    if (bad) return bad;
    for (const arn of input.policyArns ?? []) {
      if (!authorizer.world?.managedPolicies[arn])
        return stsError('ValidationError', `managed policy ${arn} is not defined in the world`, {
          parameter: 'PolicyArns',
        });
    }
    const params: AssumeRoleParameters = {
      RoleSessionName: input.sessionName,
      ...(input.durationSeconds !== undefined ? { DurationSeconds: input.durationSeconds } : {}),
      ...(input.externalId !== undefined ? { ExternalId: input.externalId } : {}),
      ...(input.serialNumber !== undefined ? { SerialNumber: input.serialNumber } : {}),
      ...(input.tokenCode !== undefined ? { TokenCode: input.tokenCode } : {}),
      ...(input.sourceIdentity !== undefined ? { SourceIdentity: input.sourceIdentity } : {}),
      ...(input.tags !== undefined ? { Tags: input.tags } : {}),
      ...(input.transitiveTagKeys !== undefined ? { TransitiveTagKeys: input.transitiveTagKeys } : {}),
      ...(input.policy !== undefined ? { Policy: input.policy } : {}),
      ...(input.policyArns !== undefined ? { PolicyArns: input.policyArns } : {}),
    };
    if (
      caller.sourceIdentity !== undefined &&
      input.sourceIdentity !== undefined &&
      input.sourceIdentity !== caller.sourceIdentity
    ) {
      return stsError('ValidationError', 'the source identity of a session chain cannot be changed', {
        parameter: 'SourceIdentity',
      });
    }
    const decision = authorizer.authorizeAs(
      caller,
      { action: 'sts:AssumeRole', resource: input.roleArn, time: now, sts: params },
      { explain: true },
    );
    if (decision.decision !== 'Allow') return refusal(decision, `sts:AssumeRole on ${input.roleArn}`);

    const target = authorizer.resolvePrincipal(input.roleArn);
    if (typeof target === 'string' || !target.role)
      return stsError('ValidationError', `role ${input.roleArn} is not defined in the world`, { parameter: 'RoleArn' });
    const roleId = target.role.roleId;
    const roleName = input.roleArn.slice(input.roleArn.lastIndexOf('/') + 1);
    const parts = input.roleArn.split(':');
    const sessionArn = `arn:${parts[1]}:sts::${parts[4]}:assumed-role/${roleName}/${input.sessionName}`;
    const expiresAt = now + (input.durationSeconds ?? 3600) * 1000;
    const credentials = temporaryCredentials(sessionArn, now, expiresAt);

    // Session tags: incoming transitive tags, then the tags passed now (spec §6.5).
    const passed = tagMap(input.tags);
    const sessionTags = mergeTags(caller.transitiveTags, passed);
    const transitiveKeys = [...Object.keys(caller.transitiveTags), ...(input.transitiveTagKeys ?? [])];
    const sourceIdentity = caller.sourceIdentity ?? input.sourceIdentity;
    const policies = sessionPolicies(input.policy, input.policyArns);
    const record = roleSessionRecord(
      { roleArn: input.roleArn, issuedAt: now, expiresAt, via: 'AssumeRole', credentials },
      {
        chained: caller.principal.kind === 'role-session' && caller.canChain,
        ...(policies ? { sessionPolicies: policies } : {}),
        ...(Object.keys(sessionTags).length > 0 ? { sessionTags: { ...sessionTags } } : {}),
        ...(transitiveKeys.length > 0 ? { transitiveTagKeys: transitiveKeys } : {}),
        ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
      },
    );
    return {
      ok: true,
      warnings: [],
      world: withSession(world, 'sessions', sessionArn, record),
      session: {
        arn: sessionArn,
        assumedRoleId: `${roleId}:${input.sessionName}`,
        issuedAt: formatDate(now),
        expiresAt: formatDate(expiresAt),
        credentials,
      },
    };
  } catch (e) {
    return stsError('InternalError', `the request could not be processed: ${describeError(e)}`);
  }
}
