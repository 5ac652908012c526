/**
 * Credentials an AWS service obtains by assuming a role (spec §5.5): an EC2 instance through its
 * instance profile, a Lambda function through its execution role. The service principal must be
 * trusted by the role's trust policy; the session is not role chaining.
 */
import { describeError } from '../policy/json-tree.js';
import { formatDate } from '../condition/date.js';
import { compileWorld } from '../model/authorizer.js';
import { withSession } from './assume-role.js';
import { readNow, temporaryCredentials } from './credentials.js';
import { roleSessionRecord } from './session-record.js';
import { refusal, stsError, stringMembersProblem, type StsResult } from './result.js';
import type { WorldInput } from '../model/world.js';

/** Input of {@link serviceRoleCredentials}. */
export interface ServiceRoleInput {
  /** The service principal, e.g. `ec2.amazonaws.com`. */
  readonly service: string;
  readonly roleArn: string;
  readonly sessionName: string;
  /** `aws:SourceArn` / `aws:SourceAccount` of the trust evaluation (confused-deputy keys). */
  readonly sourceArn?: string;
  readonly sourceAccount?: string;
  /** Keys the session carries into later requests. */
  readonly sessionContext?: Readonly<Record<string, string | readonly string[]>>;
  /** Default 3,600 s; services are not limited by the role's maximum session duration (spec §6.3). */
  readonly durationSeconds?: number;
  readonly via: 'InstanceProfile' | 'Lambda' | 'AssumeRole';
  readonly now?: string | number;
}

/**
 * A service assumes a role. Never throws.
 *
 * @example
 * ```ts
 * import { serviceRoleCredentials } from 'iam-verdict';
 *
 * const world = {
 *   roles: {
 *     'arn:aws:iam::111111111111:role/App': {
 *       trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }, Action: 'sts:AssumeRole' }] },
 *       policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }],
 *     },
 *   },
 *   instanceProfiles: { 'arn:aws:iam::111111111111:instance-profile/App': { role: 'arn:aws:iam::111111111111:role/App' } },
 * };
 * const result = serviceRoleCredentials(world, {
 *   service: 'ec2.amazonaws.com',
 *   roleArn: 'arn:aws:iam::111111111111:role/App',
 *   sessionName: 'i-0abc',
 *   via: 'AssumeRole',
 *   now: '2025-06-01T12:00:00Z',
 * });
 * console.log(result.ok ? result.session.arn : result.errors[0]?.code); // => arn:aws:sts::111111111111:assumed-role/App/i-0abc
 * ```
 */
export function serviceRoleCredentials(world: WorldInput, input: ServiceRoleInput): StsResult {
  try {
    // Strings checked before they are read: a proxy of length 2³²−1 as the service was joined into a
    // principal string without end (issue #11, found by never-throws).
    const wrong = stringMembersProblem(input, ['service', 'roleArn', 'sessionName'], ['sourceArn', 'sourceAccount']);
    if (wrong) return wrong;
    const now = readNow(input.now);
    if (Number.isNaN(now)) return stsError('ValidationError', 'now is not a valid time', { parameter: 'now' });
    if (!/^[\w+=,.@-]{2,64}$/.test(input.sessionName))
      return stsError('ValidationError', 'invalid session name', { parameter: 'RoleSessionName' });
    const authorizer = compileWorld(world);
    if (!authorizer.ok) return stsError('InvalidWorld', `the world has ${authorizer.errors.length} error(s)`);
    const target = authorizer.resolvePrincipal(input.roleArn);
    if (typeof target === 'string' || !target.role)
      return stsError('ValidationError', `role ${input.roleArn} is not defined in the world`, { parameter: 'RoleArn' });
    const service = authorizer.resolvePrincipal(`service:${input.service}`);
    if (typeof service === 'string') return stsError('ValidationError', service, { parameter: 'service' });
    const context: Record<string, string> = {};
    if (input.sourceArn !== undefined) context['aws:SourceArn'] = input.sourceArn;
    if (input.sourceAccount !== undefined) context['aws:SourceAccount'] = input.sourceAccount;
    const decision = authorizer.authorizeAs(
      service,
      { action: 'sts:AssumeRole', resource: input.roleArn, time: now, context },
      { explain: true },
    );
    if (decision.decision !== 'Allow') return refusal(decision, `${input.service} assuming ${input.roleArn}`);
    const expiresAt = now + (input.durationSeconds ?? 3600) * 1000;
    const parts = input.roleArn.split(':');
    const arn = `arn:${parts[1]}:sts::${parts[4]}:assumed-role/${target.role.name}/${input.sessionName}`;
    const credentials = temporaryCredentials(arn, now, expiresAt);
    const record = roleSessionRecord(
      { roleArn: input.roleArn, issuedAt: now, expiresAt, via: input.via, credentials },
      input.sessionContext ? { context: { ...input.sessionContext } } : {},
    );
    return {
      ok: true,
      warnings: [],
      world: withSession(world, 'sessions', arn, record),
      session: {
        arn,
        assumedRoleId: `${target.role.roleId}:${input.sessionName}`,
        issuedAt: formatDate(now),
        expiresAt: formatDate(expiresAt),
        credentials,
      },
    };
  } catch (e) {
    return stsError('InternalError', `the request could not be processed: ${describeError(e)}`);
  }
}

/** Input of {@link instanceProfileCredentials}. */
export interface InstanceProfileInput {
  /** A key of the world's `instanceProfiles` (its ARN). */
  readonly instanceProfile: string;
  /** `i-…`: the session name, and part of `aws:userid` (`ROLEID:i-…`, spec §5.8). */
  readonly instanceId: string;
  readonly region?: string;
  readonly vpcId?: string;
  readonly privateIp?: string;
  readonly durationSeconds?: number;
  readonly now?: string | number;
}

/**
 * Credentials of an EC2 instance from its instance profile's role (spec §5.5). Never throws.
 *
 * @example
 * ```ts
 * import { createAuthorizer, instanceProfileCredentials } from 'iam-verdict';
 *
 * const world = {
 *   roles: {
 *     'arn:aws:iam::111111111111:role/App': {
 *       trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }, Action: 'sts:AssumeRole' }] },
 *       policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }],
 *     },
 *   },
 *   instanceProfiles: { 'arn:aws:iam::111111111111:instance-profile/App': { role: 'arn:aws:iam::111111111111:role/App' } },
 * };
 * const result = instanceProfileCredentials(world, {
 *   instanceProfile: 'arn:aws:iam::111111111111:instance-profile/App',
 *   instanceId: 'i-0abc',
 *   now: '2025-06-01T12:00:00Z',
 * });
 * if (!result.ok) throw new Error(result.errors[0]?.message);
 * console.log(result.session.arn); // => arn:aws:sts::111111111111:assumed-role/App/i-0abc
 * const get = { principal: result.session.arn, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', time: '2025-06-01T12:05:00Z' };
 * console.log(createAuthorizer(result.world).authorize(get).decision); // => Allow
 * ```
 */
export function instanceProfileCredentials(world: WorldInput, input: InstanceProfileInput): StsResult {
  try {
    return instanceProfileUnchecked(world, input);
  } catch (e) {
    return stsError('InternalError', `the input could not be read: ${describeError(e)}`);
  }
}

function instanceProfileUnchecked(world: WorldInput, input: InstanceProfileInput): StsResult {
  if (typeof input?.instanceProfile !== 'string' || typeof input.instanceId !== 'string')
    return stsError('ValidationError', 'instanceProfile and instanceId must be strings', {
      parameter: 'instanceProfile',
    });
  const profiles = (
    typeof world === 'object' && world !== null ? (world as { instanceProfiles?: unknown }).instanceProfiles : undefined
  ) as Record<string, { role?: unknown }> | undefined;
  const profile =
    profiles && Object.prototype.hasOwnProperty.call(profiles, input.instanceProfile)
      ? profiles[input.instanceProfile]
      : undefined;
  if (!profile || typeof profile.role !== 'string')
    return stsError('ValidationError', `instance profile ${input.instanceProfile} is not defined in the world`, {
      parameter: 'instanceProfile',
    });
  const account = profile.role.split(':')[4] ?? '';
  const region = input.region ?? 'us-east-1';
  const sessionContext: Record<string, string> = {
    'ec2:SourceInstanceArn': `arn:aws:ec2:${region}:${account}:instance/${input.instanceId}`,
    'ec2:RoleDelivery': '2.0',
    ...(input.vpcId !== undefined ? { 'aws:Ec2InstanceSourceVpc': input.vpcId } : {}),
    ...(input.privateIp !== undefined ? { 'aws:Ec2InstanceSourcePrivateIPv4': input.privateIp } : {}),
  };
  return serviceRoleCredentials(world, {
    service: 'ec2.amazonaws.com',
    roleArn: profile.role,
    sessionName: input.instanceId,
    sessionContext,
    via: 'InstanceProfile',
    durationSeconds: input.durationSeconds ?? 21_600,
    ...(input.now !== undefined ? { now: input.now } : {}),
  });
}

/** Input of {@link lambdaExecutionCredentials}. */
export interface LambdaExecutionInput {
  readonly functionArn: string;
  readonly roleArn: string;
  readonly durationSeconds?: number;
  readonly now?: string | number;
}

/**
 * Credentials of a Lambda function from its execution role (spec §5.5). Never throws.
 *
 * @example
 * ```ts
 * import { lambdaExecutionCredentials } from 'iam-verdict';
 *
 * const world = {
 *   roles: {
 *     'arn:aws:iam::111111111111:role/App': {
 *       trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }, Action: 'sts:AssumeRole' }] },
 *       policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }],
 *     },
 *   },
 *   instanceProfiles: { 'arn:aws:iam::111111111111:instance-profile/App': { role: 'arn:aws:iam::111111111111:role/App' } },
 * };
 * const result = lambdaExecutionCredentials(world, {
 *   functionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:worker',
 *   roleArn: 'arn:aws:iam::111111111111:role/App',
 *   now: '2025-06-01T12:00:00Z',
 * });
 * console.log(result.ok ? result.session.arn : result.errors[0]?.code); // => arn:aws:sts::111111111111:assumed-role/App/worker
 * ```
 */
export function lambdaExecutionCredentials(world: WorldInput, input: LambdaExecutionInput): StsResult {
  try {
    return lambdaExecutionUnchecked(world, input);
  } catch (e) {
    return stsError('InternalError', `the input could not be read: ${describeError(e)}`);
  }
}

function lambdaExecutionUnchecked(world: WorldInput, input: LambdaExecutionInput): StsResult {
  if (typeof input?.functionArn !== 'string')
    return stsError('ValidationError', 'functionArn must be a string', { parameter: 'functionArn' });
  const name = input.functionArn.split(':')[6] ?? input.functionArn.slice(input.functionArn.lastIndexOf(':') + 1);
  const account = input.functionArn.split(':')[4];
  return serviceRoleCredentials(world, {
    service: 'lambda.amazonaws.com',
    roleArn: input.roleArn,
    sessionName: name,
    sourceArn: input.functionArn,
    ...(account ? { sourceAccount: account } : {}),
    via: 'Lambda',
    ...(input.durationSeconds !== undefined ? { durationSeconds: input.durationSeconds } : {}),
    ...(input.now !== undefined ? { now: input.now } : {}),
  });
}
