/**
 * `GetFederationToken` (spec §5.6) and `GetSessionToken` (spec §5.2): temporary credentials
 * obtained with an IAM user's long-term credentials.
 */
import { describeError } from '../policy/json-tree.js';
import { formatDate } from '../condition/date.js';
import { compileWorld } from '../model/authorizer.js';
import { tagMap } from './parameters.js';
import {
  checkSessionPolicy,
  isResult,
  resolveCaller,
  sessionPolicies,
  withSession,
  type SessionOptions,
  type StsCaller,
} from './assume-role.js';
import { readNow, temporaryCredentials } from './credentials.js';
import { storedCredentials } from './session-record.js';
import { refusal, sessionInputProblem, stsError, type StsResult } from './result.js';
import type { WorldInput } from '../model/world.js';

/** Input of {@link getFederationToken}. */
export interface FederationTokenInput extends Omit<SessionOptions, 'transitiveTagKeys'> {
  /** An IAM user (ARN or its long-term access key). */
  readonly caller: StsCaller;
  /** The federated user's name: 2–32 characters `[\w+=,.@-]`. */
  readonly name: string;
  /** 900–129,600 seconds; default 43,200. Without a session policy the federated user has no permissions (spec §4.7). */
  readonly durationSeconds?: number;
}

/** Input of {@link getSessionToken}. */
export interface SessionTokenInput {
  /** An IAM user (ARN or its long-term access key). */
  readonly caller: StsCaller;
  /** 900–129,600 seconds; default 43,200. */
  readonly durationSeconds?: number;
  readonly serialNumber?: string;
  readonly tokenCode?: string;
  readonly now?: string | number;
}

function durationProblem(d: number | undefined): boolean {
  return d !== undefined && (!Number.isInteger(d) || d < 900 || d > 129_600);
}

/**
 * Calls `sts:GetFederationToken` against a world. Never throws.
 *
 * @example
 * ```ts
 * import { createAuthorizer, getFederationToken } from 'iam-verdict';
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
 * const result = getFederationToken(world, {
 *   caller: 'arn:aws:iam::111111111111:user/dev',
 *   name: 'contractor',
 *   policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] },
 *   now: '2025-06-01T12:00:00Z',
 * });
 * if (!result.ok) throw new Error(result.errors[0]?.message);
 * console.log(result.session.arn); // => arn:aws:sts::111111111111:federated-user/contractor
 * const list = { principal: result.session.arn, action: 's3:ListBucket', resource: 'arn:aws:s3:::b', time: '2025-06-01T12:05:00Z' };
 * console.log(createAuthorizer(result.world).authorize(list).decision); // => Allow
 * ```
 */
export function getFederationToken(world: WorldInput, input: FederationTokenInput): StsResult {
  try {
    const wrong = sessionInputProblem(input, ['name']);
    if (wrong) return wrong;
    const now = readNow(input.now);
    if (Number.isNaN(now)) return stsError('ValidationError', 'now is not a valid time', { parameter: 'now' });
    if (typeof input.name !== 'string' || !/^[\w+=,.@-]{2,32}$/.test(input.name))
      return stsError('ValidationError', 'Name must be 2–32 characters [\\w+=,.@-]', { parameter: 'Name' });
    if (durationProblem(input.durationSeconds))
      return stsError('ValidationError', 'DurationSeconds must be 900–129600', { parameter: 'DurationSeconds' });
    const tags = tagMap(input.tags);
    if (Object.keys(tags).length > 50)
      return stsError('ValidationError', 'at most 50 session tags', { parameter: 'Tags' });
    const bad = checkSessionPolicy(input.policy);
    if (bad) return bad;
    const authorizer = compileWorld(world);
    if (!authorizer.ok) return stsError('InvalidWorld', `the world has ${authorizer.errors.length} error(s)`);
    const caller = resolveCaller(authorizer, input.caller);
    if (isResult(caller)) return caller;
    // Only long-term IAM user credentials may call it (root-created federation is not modelled).
    if (caller.principal.kind !== 'user' || caller.expiresAt !== undefined || !caller.user) {
      return stsError('AccessDenied', "GetFederationToken must be called with an IAM user's long-term credentials");
    }
    const account = caller.principal.account as string;
    const arn = `arn:${caller.principal.partition}:sts::${account}:federated-user/${input.name}`;
    const decision = authorizer.authorizeAs(
      caller,
      { action: 'sts:GetFederationToken', resource: arn, time: now },
      { explain: true },
    );
    if (decision.decision !== 'Allow') return refusal(decision, 'sts:GetFederationToken');
    const expiresAt = now + (input.durationSeconds ?? 43_200) * 1000;
    const credentials = temporaryCredentials(arn, now, expiresAt);
    const policies = sessionPolicies(input.policy, input.policyArns);
    const record: Record<string, unknown> = {
      type: 'FederatedUser',
      userArn: caller.user.arn,
      issuedAt: formatDate(now),
      expiresAt: formatDate(expiresAt),
      via: 'GetFederationToken',
      credentials: storedCredentials(credentials),
      ...(policies ? { sessionPolicies: policies } : {}),
      ...(Object.keys(tags).length > 0 ? { sessionTags: { ...tags } } : {}),
    };
    return {
      ok: true,
      warnings: [],
      world: withSession(world, 'sessions', arn, record),
      session: {
        arn,
        assumedRoleId: `${account}:${input.name}`,
        issuedAt: formatDate(now),
        expiresAt: formatDate(expiresAt),
        credentials,
      },
    };
  } catch (e) {
    return stsError('InternalError', `the request could not be processed: ${describeError(e)}`);
  }
}

/**
 * Calls `sts:GetSessionToken` against a world. The credentials have the user's own permissions;
 * with a valid MFA device and code they carry `aws:MultiFactorAuthPresent = true`. Never throws.
 *
 * @example
 * ```ts
 * import { createAuthorizer, getSessionToken } from 'iam-verdict';
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
 * const result = getSessionToken(world, { caller: { accessKeyId: 'AKIAEXAMPLEDEV000001' }, durationSeconds: 3600, now: '2025-06-01T12:00:00Z' });
 * if (!result.ok) throw new Error(result.errors[0]?.message);
 * const { accessKeyId, sessionToken } = result.session.credentials;
 * const authorizer = createAuthorizer(result.world);
 * const list = { action: 's3:ListBucket', resource: 'arn:aws:s3:::b', accessKeyId, sessionToken };
 * console.log(authorizer.authorize({ ...list, time: '2025-06-01T12:30:00Z' }).decision); // => Allow
 * console.log(authorizer.authorize({ ...list, time: '2025-06-01T13:30:00Z' }).reason); // => ExpiredToken
 * ```
 */
export function getSessionToken(world: WorldInput, input: SessionTokenInput): StsResult {
  try {
    const wrong = sessionInputProblem(input, [], ['serialNumber', 'tokenCode']);
    if (wrong) return wrong;
    const now = readNow(input.now);
    if (Number.isNaN(now)) return stsError('ValidationError', 'now is not a valid time', { parameter: 'now' });
    if (durationProblem(input.durationSeconds))
      return stsError('ValidationError', 'DurationSeconds must be 900–129600', { parameter: 'DurationSeconds' });
    if ((input.serialNumber === undefined) !== (input.tokenCode === undefined))
      return stsError('ValidationError', 'SerialNumber and TokenCode go together', { parameter: 'SerialNumber' });
    if (input.tokenCode !== undefined && !/^\d{6}$/.test(input.tokenCode))
      return stsError('ValidationError', 'TokenCode is six digits', { parameter: 'TokenCode' });
    const authorizer = compileWorld(world);
    if (!authorizer.ok) return stsError('InvalidWorld', `the world has ${authorizer.errors.length} error(s)`);
    const caller = resolveCaller(authorizer, input.caller);
    if (isResult(caller)) return caller;
    if (caller.principal.kind !== 'user' || caller.expiresAt !== undefined || !caller.user) {
      return stsError('AccessDenied', "GetSessionToken must be called with an IAM user's long-term credentials");
    }
    const mfa = input.serialNumber !== undefined && caller.user.mfaDevices.includes(input.serialNumber);
    if (input.serialNumber !== undefined && !mfa)
      return stsError('AccessDenied', `MFA device ${input.serialNumber} is not assigned to ${caller.user.arn}`);
    const expiresAt = now + (input.durationSeconds ?? 43_200) * 1000;
    const credentials = temporaryCredentials(`${caller.user.arn}#session`, now, expiresAt);
    const record: Record<string, unknown> = {
      userArn: caller.user.arn,
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      issuedAt: formatDate(now),
      expiresAt: formatDate(expiresAt),
      mfaPresent: mfa,
      ...(mfa ? { mfaAuthenticatedAt: formatDate(now) } : {}),
    };
    return {
      ok: true,
      warnings: [],
      world: withSession(world, 'userSessions', credentials.accessKeyId, record),
      session: { arn: caller.user.arn, issuedAt: formatDate(now), expiresAt: formatDate(expiresAt), credentials },
    };
  } catch (e) {
    return stsError('InternalError', `the request could not be processed: ${describeError(e)}`);
  }
}
