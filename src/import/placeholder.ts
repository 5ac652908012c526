/**
 * Placeholders: what an importer writes where a value cannot be known offline (a parameter with no
 * value, an `Fn::ImportValue`, a Terraform value known only after apply).
 *
 * A placeholder is an ARN in a service that does not exist (`iam-verdict-unresolved`), so it is a
 * valid `Resource` on its own and still matches nothing when it is part of a longer string. It
 * never holds `*`, `?`, `$`, `{` or `}`, so it can neither act as a wildcard nor as a policy
 * variable. Where a placeholder cannot stand (a principal, an action, an account id, an entity
 * name) the importers substitute one of the never-matching values below.
 */

const SERVICE = 'iam-verdict-unresolved';
const MARK = `:${SERVICE}:::`;

/** Characters a placeholder description keeps; everything else becomes `_`. */
const UNSAFE = /[^A-Za-z0-9._/-]/g;

/** A placeholder for an unresolved value described by `what` (e.g. `Ref/BucketName`). */
export function placeholder(partition: string, what: string): string {
  const safe = what.replace(UNSAFE, '_').slice(0, 200) || 'value';
  return `arn:${partition}${MARK}${safe}`;
}

/** Whether `text` is or contains a placeholder. */
export function hasPlaceholder(text: string): boolean {
  return text.includes(MARK);
}

/** Whether a JSON-like value contains a placeholder anywhere. */
export function containsPlaceholder(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return hasPlaceholder(value);
  if (depth > 64 || typeof value !== 'object' || value === null) return false;
  const items = Array.isArray(value) ? value : Object.values(value);
  return items.some((v) => containsPlaceholder(v, depth + 1));
}

/** An account id no AWS account has; used where an unresolved value must be an account. */
export const UNRESOLVED_ACCOUNT = '000000000000';

/** A role that is never defined: the principal that stands for an unresolved principal. */
export function unresolvedPrincipalArn(partition: string): string {
  return `arn:${partition}:iam::${UNRESOLVED_ACCOUNT}:role/${SERVICE}`;
}

/** Never-matching values for each principal type. */
export function unresolvedPrincipal(type: string, partition: string): string {
  switch (type) {
    case 'Service':
      return `${SERVICE}.invalid`;
    case 'Federated':
      return `arn:${partition}:iam::${UNRESOLVED_ACCOUNT}:saml-provider/${SERVICE}`;
    case 'CanonicalUser':
      return '0'.repeat(64);
    default:
      return unresolvedPrincipalArn(partition);
  }
}

/** An action no service defines. */
export const UNRESOLVED_ACTION = `${SERVICE}:Unresolved`;

/** An ARN for a managed policy whose ARN could not be resolved. */
export function unresolvedManagedPolicyArn(partition: string, account: string, what: string): string {
  const safe = what.replace(/[^\w+=,.@-]/g, '_').slice(0, 100) || 'policy';
  return `arn:${partition}:iam::${account}:policy/${SERVICE}/${safe}`;
}

/**
 * A policy document that applies to nothing, for a document that could not be resolved. Used as a
 * permissions boundary it denies everything, as a trust or key policy it lets nobody in: an
 * unresolved document fails closed.
 */
export function unresolvedDocument(
  kind: 'identity' | 'trust' | 'resource',
  partition: string,
): Record<string, unknown> {
  const action = kind === 'trust' ? 'sts:AssumeRole' : UNRESOLVED_ACTION;
  const statement: Record<string, unknown> = { Sid: 'IamVerdictUnresolved', Effect: 'Allow', Action: action };
  if (kind !== 'identity') statement.Principal = { AWS: unresolvedPrincipalArn(partition) };
  if (kind !== 'trust') statement.Resource = placeholder(partition, 'document');
  return { Version: '2012-10-17', Statement: [statement] };
}
