/**
 * The account password policy (`aws iam get-account-password-policy` output,
 * `{ "PasswordPolicy": { ... } }`) and its checks against CIS and Security Hub.
 */
import { CHECKS } from './checks.js';
import { finding, type CheckDefinition, type Finding } from './finding.js';

/** The members of `PasswordPolicy` the audit reads. */
export interface PasswordPolicy {
  readonly MinimumPasswordLength?: number;
  readonly RequireSymbols?: boolean;
  readonly RequireNumbers?: boolean;
  readonly RequireUppercaseCharacters?: boolean;
  readonly RequireLowercaseCharacters?: boolean;
  readonly MaxPasswordAge?: number;
  readonly PasswordReusePrevention?: number;
  readonly ExpirePasswords?: boolean;
}

/** The result of reading a password policy document. */
export type PasswordPolicyResult =
  { readonly ok: true; readonly policy: PasswordPolicy } | { readonly ok: false; readonly errors: readonly string[] };

const NUMBERS = ['MinimumPasswordLength', 'MaxPasswordAge', 'PasswordReusePrevention'] as const;
const BOOLEANS = [
  'RequireSymbols',
  'RequireNumbers',
  'RequireUppercaseCharacters',
  'RequireLowercaseCharacters',
  'ExpirePasswords',
] as const;

/**
 * Reads the parsed JSON of `get-account-password-policy` (or the bare `PasswordPolicy` object).
 * Never throws; wrong types are errors naming the member.
 */
export function readPasswordPolicy(value: unknown): PasswordPolicyResult {
  try {
    return readPasswordPolicyUnchecked(value);
  } catch (e) {
    // A getter or proxy trap that throws, a BigInt or a cycle in a message (issue #11).
    return {
      ok: false,
      errors: [`the password policy could not be read: ${e instanceof Error ? e.message : String(e)}`],
    };
  }
}

function readPasswordPolicyUnchecked(value: unknown): PasswordPolicyResult {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(value))
    return { ok: false, errors: ['a password policy is a JSON object ({ "PasswordPolicy": { ... } })'] };
  const inner = Object.prototype.hasOwnProperty.call(value, 'PasswordPolicy') ? value.PasswordPolicy : value;
  if (!isObject(inner)) return { ok: false, errors: ['PasswordPolicy is not an object'] };
  const errors: string[] = [];
  const policy: Record<string, number | boolean> = {};
  for (const name of NUMBERS) {
    const v = inner[name];
    if (v === undefined) continue;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) policy[name] = v;
    else errors.push(`PasswordPolicy.${name} must be a whole number, not ${shown(v)}`);
  }
  for (const name of BOOLEANS) {
    const v = inner[name];
    if (v === undefined) continue;
    if (typeof v === 'boolean') policy[name] = v;
    else errors.push(`PasswordPolicy.${name} must be true or false, not ${shown(v)}`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, policy: policy as PasswordPolicy };
}

/**
 * A short description of a value for a message: never the whole value (issue #11: a `new Array(1e8)`
 * printed into the message took 35 s), never a throw (BigInt, symbols, proxies).
 */
function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 64 ? `${v.slice(0, 64)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (typeof v === 'bigint') return `${typeof v} ${v.toString().slice(0, 64)}`;
  return Array.isArray(v) ? 'an array' : `a ${typeof v}`;
}

/** The CIS / Security Hub requirements on a password policy. */
export function checkPasswordPolicy(policy: PasswordPolicy, accountArn: string): Finding[] {
  const out: Finding[] = [];
  const fail = (check: CheckDefinition, message: string, facts: Record<string, string | number | boolean | null>) =>
    out.push(finding(check, accountArn, message, { source: 'password-policy', facts }));
  const length = policy.MinimumPasswordLength ?? 8;
  if (length < 14)
    fail(
      CHECKS.passwordLength,
      `MinimumPasswordLength is ${length}${policy.MinimumPasswordLength === undefined ? ' (the default)' : ''}; at least 14 is required`,
      { MinimumPasswordLength: length },
    );
  const reuse = policy.PasswordReusePrevention ?? 0;
  if (reuse < 24)
    fail(CHECKS.passwordReuse, `PasswordReusePrevention is ${reuse === 0 ? 'not set' : reuse}; 24 is required`, {
      PasswordReusePrevention: policy.PasswordReusePrevention ?? null,
    });
  const age = policy.MaxPasswordAge;
  if (age === undefined || age === 0 || age > 90)
    fail(
      CHECKS.passwordExpiry,
      age === undefined || age === 0
        ? 'passwords never expire'
        : `MaxPasswordAge is ${age} days; at most 90 is expected`,
      { MaxPasswordAge: age ?? null },
    );
  if (policy.RequireSymbols !== true)
    fail(CHECKS.passwordSymbols, 'RequireSymbols is not true', { RequireSymbols: policy.RequireSymbols ?? null });
  if (policy.RequireNumbers !== true)
    fail(CHECKS.passwordNumbers, 'RequireNumbers is not true', { RequireNumbers: policy.RequireNumbers ?? null });
  if (policy.RequireUppercaseCharacters !== true)
    fail(CHECKS.passwordUppercase, 'RequireUppercaseCharacters is not true', {
      RequireUppercaseCharacters: policy.RequireUppercaseCharacters ?? null,
    });
  if (policy.RequireLowercaseCharacters !== true)
    fail(CHECKS.passwordLowercase, 'RequireLowercaseCharacters is not true', {
      RequireLowercaseCharacters: policy.RequireLowercaseCharacters ?? null,
    });
  return out;
}
