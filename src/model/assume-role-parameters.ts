/**
 * AssumeRole parameters (spec §6.2): their limits, and the condition keys they put into the
 * trust-policy evaluation.
 */
import { ContextMap } from '../condition/context.js';

/** Session tags as a map or as the API's list of `{ Key, Value }`. */
export type SessionTags =
  Readonly<Record<string, string>> | readonly { readonly Key: string; readonly Value: string }[];

/** The parameters of `sts:AssumeRole` (API names, as in spec §0.3 `request.sts`). */
export interface AssumeRoleParameters {
  readonly RoleSessionName?: string;
  readonly DurationSeconds?: number;
  readonly ExternalId?: string;
  readonly SerialNumber?: string;
  readonly TokenCode?: string;
  readonly SourceIdentity?: string;
  readonly Tags?: SessionTags;
  readonly TransitiveTagKeys?: readonly string[];
  /** Inline session policy (JSON text or a document). */
  readonly Policy?: string | Readonly<Record<string, unknown>>;
  /** Managed session policies. */
  readonly PolicyArns?: readonly string[];
}

/** Facts about the call that the limits depend on. */
export interface AssumeRoleCallFacts {
  /** The caller is a role session (role chaining: 1 h cap, spec §6.3). */
  readonly chained: boolean;
  readonly maxSessionDuration: number;
  /** Transitive tags the calling session carries (spec §6.5). */
  readonly inheritedTransitiveTags: Readonly<Record<string, string>>;
}

const NAME = /^[\w+=,.@-]*$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]*$/;

/** Normalizes tags to a map (later duplicates win). */
export function tagMap(tags: SessionTags | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (!tags) return out;
  if (Array.isArray(tags)) for (const t of tags as readonly { Key: string; Value: string }[]) out[t.Key] = t.Value;
  else for (const k of Object.keys(tags)) out[k] = (tags as Record<string, string>)[k] as string;
  return out;
}

/** Plain-text size of the session policies (spec §8.1: `Policy` + `PolicyArns` ≤ 2,048 characters). */
function sessionPolicySize(p: AssumeRoleParameters): number {
  const policy =
    p.Policy === undefined
      ? ''
      : typeof p.Policy === 'string'
        ? p.Policy.replace(/\s+/g, '')
        : JSON.stringify(p.Policy);
  return policy.length + (p.PolicyArns ?? []).join('').length;
}

/**
 * Checks every parameter limit. Returns the parameter or limit of the first violation (the
 * `detail` of a `ValidationError` decision), or `undefined` when the parameters are valid.
 */
export function checkAssumeRoleParameters(p: AssumeRoleParameters, facts: AssumeRoleCallFacts): string | undefined {
  const name = p.RoleSessionName;
  if (name === undefined || typeof name !== 'string') return 'RoleSessionNameRequired';
  if (name.length < 2 || name.length > 64 || !NAME.test(name)) return 'RoleSessionName';
  const duration = p.DurationSeconds ?? 3600;
  if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 900 || duration > 43200)
    return 'DurationSeconds';
  if (facts.chained && duration > 3600) return 'RoleChainingDurationExceeded';
  if (duration > facts.maxSessionDuration) return 'DurationExceedsMaxSessionDuration';
  if (
    p.ExternalId !== undefined &&
    (typeof p.ExternalId !== 'string' ||
      p.ExternalId.length < 2 ||
      p.ExternalId.length > 1224 ||
      !EXTERNAL_ID.test(p.ExternalId))
  ) {
    return 'ExternalId';
  }
  if ((p.SerialNumber === undefined) !== (p.TokenCode === undefined)) return 'SerialNumberAndTokenCodeGoTogether';
  if (
    p.SerialNumber !== undefined &&
    (typeof p.SerialNumber !== 'string' || p.SerialNumber.length < 9 || p.SerialNumber.length > 256)
  ) {
    return 'SerialNumber';
  }
  if (p.TokenCode !== undefined && (typeof p.TokenCode !== 'string' || !/^\d{6}$/.test(p.TokenCode)))
    return 'TokenCode';
  if (p.SourceIdentity !== undefined) {
    const s = p.SourceIdentity;
    if (typeof s !== 'string' || s.length < 2 || s.length > 64 || !NAME.test(s) || s.toLowerCase().startsWith('aws:'))
      return 'SourceIdentity';
  }
  const tags = tagMap(p.Tags);
  const keys = Object.keys(tags);
  if (keys.length > 50) return 'TooManyTags';
  for (const k of keys) {
    const v = tags[k] as string;
    if (typeof k !== 'string' || k.length < 1 || k.length > 128 || typeof v !== 'string' || v.length > 256)
      return 'Tags';
    if (Object.keys(facts.inheritedTransitiveTags).some((t) => t.toLowerCase() === k.toLowerCase()))
      return 'TagConflictsWithTransitiveTag';
  }
  const transitive = p.TransitiveTagKeys ?? [];
  if (transitive.length > 50) return 'TransitiveTagKeys';
  for (const t of transitive)
    if (!keys.some((k) => k.toLowerCase() === String(t).toLowerCase())) return 'TransitiveTagKeyNotInTags';
  if ((p.PolicyArns ?? []).length > 10) return 'PolicyArns';
  if (sessionPolicySize(p) > 2048) return 'PackedPolicyTooLarge';
  return undefined;
}

/** The `sts:*`, request-tag and MFA keys the parameters put into the trust evaluation (spec §6.2, §7.2). */
export function assumeRoleKeys(p: AssumeRoleParameters, mfaValid: boolean): ContextMap {
  const keys = new ContextMap();
  if (p.RoleSessionName !== undefined) keys.set('sts:RoleSessionName', p.RoleSessionName);
  if (p.ExternalId !== undefined) keys.set('sts:ExternalId', p.ExternalId);
  if (p.SourceIdentity !== undefined) keys.set('sts:SourceIdentity', p.SourceIdentity);
  const tags = tagMap(p.Tags);
  const tagKeys = Object.keys(tags);
  for (const k of tagKeys) keys.set(`aws:RequestTag/${k}`, tags[k] as string);
  if (tagKeys.length > 0) keys.set('aws:TagKeys', tagKeys);
  if (p.TransitiveTagKeys && p.TransitiveTagKeys.length > 0)
    keys.set('sts:TransitiveTagKeys', [...p.TransitiveTagKeys]);
  if (mfaValid) {
    keys.set('aws:MultiFactorAuthPresent', 'true');
    keys.set('aws:MultiFactorAuthAge', '0');
  }
  return keys;
}

/**
 * Whether `SerialNumber`/`TokenCode` amount to MFA (spec §6.2): both present and well-formed, and
 * the serial is one of the caller's MFA devices when the caller is a user (a user without a device
 * cannot present MFA). The token code itself cannot be verified offline.
 */
export function mfaFromParameters(p: AssumeRoleParameters, userDevices: readonly string[] | undefined): boolean {
  if (typeof p.SerialNumber !== 'string' || typeof p.TokenCode !== 'string' || !/^\d{6}$/.test(p.TokenCode))
    return false;
  if (userDevices === undefined) return true;
  return userDevices.includes(p.SerialNumber);
}
