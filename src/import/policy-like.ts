/**
 * Which properties of a resource the importer does not model hold an IAM policy: a warning that a
 * policy was dropped must not fire for an ELB `SslPolicy`, a CloudFront `CachePolicyConfig`, an
 * auto-scaling `PolicyType` or a `PolicyName` (found running public templates through the
 * importer), or the few warnings that can change a decision are lost among them.
 */

/** Property names that hold a policy document even when its text is not known offline. */
const DOCUMENT_NAME = /(Policy(Document|Text)|AccessPolicies|AccessPolicy|policy_document|access_policy)$/;

/**
 * Whether a value holds a policy: a document (an object with `Statement`, or text naming
 * `Statement`, at any depth of an intrinsic function), a managed policy ARN, or, for a property
 * whose name says it holds a document, any value that is not known offline.
 */
export function holdsPolicy(name: string, value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  if (looksLikePolicy(value, 0)) return true;
  return DOCUMENT_NAME.test(name) && typeof value === 'object';
}

function looksLikePolicy(value: unknown, depth: number): boolean {
  if (depth > 16) return false;
  if (typeof value === 'string')
    return value.includes('Statement') || /^arn:[\w-]+:iam::(?:aws|\d{12}):policy\//.test(value);
  if (Array.isArray(value)) return value.some((v) => looksLikePolicy(v, depth + 1));
  if (typeof value !== 'object' || value === null) return false;
  if (
    Object.prototype.hasOwnProperty.call(value, 'Statement') ||
    Object.prototype.hasOwnProperty.call(value, 'statement')
  )
    return true;
  return Object.values(value).some((v) => looksLikePolicy(v, depth + 1));
}
