/**
 * "Is this bucket policy public?" (spec §4.16, the S3 user guide's "The meaning of public"): the
 * test S3 Block Public Access applies to bucket policies. Useful on its own, e.g. for linting.
 */
import type { ConditionClause, Policy, Statement } from '../policy/ast.js';
import { parsePolicy } from '../policy/parse.js';
import { parseIpRange } from '../condition/ip.js';
import type { CompiledPolicy } from './compile.js';

/** Keys whose fixed values make a `Principal: "*"` grant non-public (spec §4.16), lower-cased. */
const LIMITING_KEYS: ReadonlySet<string> = new Set([
  'aws:sourceip',
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceowner',
  'aws:sourceaccount',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:userid',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
]);

/** Operators that limit a key to the values they list (negated operators and `Null` never do). */
const LIMITING_OPERATORS: ReadonlySet<string> = new Set([
  'StringEquals',
  'StringEqualsIgnoreCase',
  'StringLike',
  'ArnEquals',
  'ArnLike',
  'IpAddress',
]);

/** A value with a wildcard or a policy variable is not fixed. */
function isFixed(value: string): boolean {
  return !value.includes('*') && !value.includes('?') && !value.includes('${');
}

/**
 * A clause that limits the request to fixed values of a limiting key. `…IfExists` and set
 * operators do not limit: they hold when the key is absent (or the set is empty).
 */
function limits(c: ConditionClause): boolean {
  if (c.ifExists || c.set !== undefined || !LIMITING_OPERATORS.has(c.base)) return false;
  if (!LIMITING_KEYS.has(c.key.toLowerCase()) || c.values.length === 0) return false;
  if (c.base === 'IpAddress') {
    // A CIDR narrower than the whole address space (spec §4.16): /0 is everyone.
    return c.values.every((v) => (parseIpRange(v)?.prefix ?? 0) > 0);
  }
  return c.values.every(isFixed);
}

/** The statement grants to everyone: `Principal: "*"`, a wildcard AWS principal, or `NotPrincipal`. */
function grantsToEveryone(st: Statement): boolean {
  const p = st.principal;
  if (!p) return false;
  if (p.not || p.wildcard) return true;
  return p.entries.some((e) => e.type === 'AWS' && e.values.some((v) => v.includes('*')));
}

/** `true` when a statement makes its policy public: an Allow to everyone that no condition limits. */
export function isPublicStatement(st: Statement): boolean {
  return st.effect === 'Allow' && grantsToEveryone(st) && !st.conditions.some(limits);
}

/** The public test of spec §4.16 on a parsed policy. */
export function isPublicPolicyAst(policy: Policy): boolean {
  return policy.statements.some(isPublicStatement);
}

/**
 * Whether S3 would consider a bucket policy **public** (spec §4.16): some `Allow` statement grants
 * to `"*"` (or `{"AWS": "*"}`, or through `NotPrincipal`) without a condition that fixes one of the
 * limiting keys (`aws:SourceIp` narrower than `/0`, `aws:SourceArn`, `aws:SourceVpc(e)`,
 * `aws:SourceOwner`, `aws:SourceAccount`, `aws:PrincipalAccount`, `aws:PrincipalOrgID`,
 * `aws:userid`, the SSE-KMS key id, `s3:DataAccessPointArn`, `s3:DataAccessPointAccount`) to
 * values without wildcards. Accepts JSON text or a document; a policy that does not parse counts
 * as public (it cannot be shown not to be). Never throws.
 */
export function isPublicPolicy(policy: unknown): boolean {
  try {
    const r = parsePolicy(policy as Parameters<typeof parsePolicy>[0], { type: 'resource' });
    return r.ok ? isPublicPolicyAst(r.policy) : true;
  } catch {
    return true;
  }
}

/**
 * {@link isPublicPolicyAst} of a compiled policy. Computed per call, never cached: nothing is
 * written during decisions (issue #10), and only S3 requests under Block Public Access pay for it.
 * A resource-based (or trust) policy keeps its parsed form; any other (never asked) counts as public:
 * fail closed.
 */
export function isPublicCompiled(policy: CompiledPolicy): boolean {
  return policy.source === undefined || isPublicPolicyAst(policy.source);
}
