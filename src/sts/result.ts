/**
 * What the STS functions return: a new world with the session added and the issued credentials,
 * or an error named as AWS names it. They never throw.
 */
import type { Decision } from '../evaluate/decision.js';
import type { Issue } from '../policy/issues.js';

/** Temporary security credentials (spec §6.4). */
export interface TemporaryCredentials {
  /** `ASIA…` */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** ISO 8601 expiration time. */
  readonly expiration: string;
}

/** A session issued by an STS call. */
export interface IssuedSession {
  /** `arn:aws:sts::ACCT:assumed-role/ROLE/NAME` or `…:federated-user/NAME`; the user ARN for GetSessionToken. */
  readonly arn: string;
  /** `ROLEID:NAME` for role sessions (`AssumedRoleUser.AssumedRoleId`), `ACCT:NAME` for federated users. */
  readonly assumedRoleId?: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly credentials: TemporaryCredentials;
}

/** AWS error names the STS functions use. */
export type StsErrorCode =
  | 'AccessDenied'
  | 'ValidationError'
  | 'InvalidClientTokenId'
  | 'ExpiredToken'
  | 'InvalidWorld'
  | 'MalformedPolicyDocument'
  | 'InvalidIdentityToken'
  /** An unexpected failure inside the library (a bug, or input that threw while being read); never the caller's parameter error. */
  | 'InternalError';

/** Why an STS call was refused. */
export interface StsError {
  readonly code: StsErrorCode;
  readonly message: string;
  /** For `ValidationError`: the parameter at fault. */
  readonly parameter?: string;
  /** For `AccessDenied`: the decision with its explanation. */
  readonly decision?: Decision;
}

/**
 * The result of an STS call, in the library's one result shape: the new world and the session, or
 * the errors (an STS call fails for one reason, as AWS reports one error). No STS call warns today;
 * `warnings` is there so that every fallible call reads alike.
 */
export type StsResult =
  | {
      readonly ok: true;
      readonly world: Record<string, unknown>;
      readonly session: IssuedSession;
      readonly warnings: readonly Issue[];
    }
  | { readonly ok: false; readonly errors: readonly StsError[]; readonly warnings: readonly Issue[] };

/** Builds an error result. */
export function stsError(
  code: StsErrorCode,
  message: string,
  extra: { parameter?: string; decision?: Decision } = {},
): StsResult {
  return { ok: false, errors: [{ code, message, ...extra }], warnings: [] };
}

/** Maps a non-Allow decision of an STS authorization to the error AWS would return. */
export function refusal(d: Decision, what: string): StsResult {
  const reason = d.reason;
  if (reason === 'ValidationError') {
    const parameter = d.detail ?? 'unknown';
    return stsError('ValidationError', `${what}: invalid parameter (${parameter})`, { parameter, decision: d });
  }
  if (reason === 'ExpiredToken')
    return stsError('ExpiredToken', 'the security token included in the request is expired', { decision: d });
  if (reason === 'InvalidClientTokenId' || reason === 'UnknownPrincipal') {
    return stsError('InvalidClientTokenId', 'the security token or principal included in the request is invalid', {
      decision: d,
    });
  }
  if (reason === 'InvalidWorld') return stsError('InvalidWorld', 'the world has errors', { decision: d });
  const why = d.explanation?.summary ?? `${d.decision} (${d.decidedBy})`;
  return stsError('AccessDenied', `${what} is not authorized: ${why}`, { decision: d });
}

/** The first of `names` that is not a string in `input` (or `input` itself when it is no object). */
function notAString(input: unknown, names: readonly string[]): string | undefined {
  if (typeof input !== 'object' || input === null) return 'input';
  return names.find((n) => typeof (input as Record<string, unknown>)[n] !== 'string');
}

/**
 * The first of `required` that is not a string, or of `optional` that is present and not a
 * string, as an STS `ValidationError` (or `input` itself when it is no object).
 */
export function stringMembersProblem(
  input: unknown,
  required: readonly string[],
  optional: readonly string[] = [],
): StsResult | undefined {
  const missing = notAString(input, required);
  if (missing !== undefined) return stsError('ValidationError', `${missing} must be a string`, { parameter: missing });
  const i = input as Record<string, unknown>;
  const wrong = optional.find((n) => i[n] !== undefined && typeof i[n] !== 'string');
  return wrong === undefined
    ? undefined
    : stsError('ValidationError', `${wrong} must be a string`, { parameter: wrong });
}

/** Array-valued session options and the most items AWS accepts in each (spec §8.1 quotas). */
const SESSION_LISTS = { policyArns: 10, tags: 50, transitiveTagKeys: 50 } as const;

/**
 * The first input member of the wrong type, as an STS `ValidationError`, checked before any
 * member is read: `required` and `optional` strings, and the session lists (`policyArns`,
 * `tags`, `transitiveTagKeys`) refused by their `length` — a proxy may claim 2³²−1 items, and
 * a list joined into a message or walked item by item would then never end.
 */
export function sessionInputProblem(
  input: unknown,
  required: readonly string[],
  optional: readonly string[] = [],
): StsResult | undefined {
  const wrong = stringMembersProblem(input, required, optional);
  if (wrong) return wrong;
  const i = input as Record<string, unknown>;
  for (const [name, max] of Object.entries(SESSION_LISTS)) {
    const v = i[name];
    if (v === undefined || (name === 'tags' && typeof v === 'object' && v !== null && !Array.isArray(v))) continue;
    if (!Array.isArray(v)) return stsError('ValidationError', `${name} must be a list`, { parameter: name });
    if (typeof v.length !== 'number' || v.length > max)
      return stsError('ValidationError', `${name} has more than ${max} items`, { parameter: name });
  }
  return undefined;
}
