/**
 * `fromAuthorizationDetails`: account snapshots (`aws iam get-account-authorization-details`),
 * optionally with organization data and resource policies, as one world.
 */
import { joinPath } from '../../policy/issues.js';
import { checkArrayLength } from '../../policy/limits.js';
import { isObject, member, readInput } from '../input.js';
import { normalizeDocument } from '../policy-document.js';
import { environment, failed, ImportIssues, rankWarnings, type ImportOptions, type ImportResult } from '../result.js';
import { WorldBuilder } from '../world-builder.js';
import { importOrganization } from './organization.js';
import { importSnapshot, isSnapshot } from './snapshot.js';

/** A resource-based policy supplied beside the snapshots (e.g. the output of `aws s3api get-bucket-policy`). */
export interface ResourcePolicyInput {
  /** The ARN of the resource the policy is attached to. */
  readonly resource: string;
  /**
   * The policy: a document, its JSON text, or the CLI output that wraps it
   * (`{ "Policy": "…" }` from S3, KMS and Lambda; `{ "Attributes": { "Policy": "…" } }` from SQS).
   */
  readonly policy: unknown;
  /** `kms-key` for key policies (default: `kms-key` for KMS key ARNs, else `generic`). */
  readonly kind?: 'generic' | 'kms-key';
  /** The owner of the resource, when its ARN does not say (S3). */
  readonly account?: string;
}

/** Options of {@link fromAuthorizationDetails}. */
export interface AuthorizationDetailsOptions extends ImportOptions {
  /** Organization data (text or parsed); see docs/iac-testing.md for the format. */
  readonly organization?: unknown;
  /** Resource-based policies to add. */
  readonly resourcePolicies?: readonly ResourcePolicyInput[];
}

/**
 * Imports one snapshot, or several (an array: one per account), as one world. Never throws.
 * Entity ARNs map to themselves in `arns`.
 *
 * @example
 * ```ts
 * import { fromAuthorizationDetails } from 'iam-verdict/import';
 *
 * // The output of `aws iam get-account-authorization-details` (here: one user, no policies).
 * const snapshot = {
 *   UserDetailList: [{ Path: '/', UserName: 'ann', UserId: 'AIDAEXAMPLEANN000001', Arn: 'arn:aws:iam::111111111111:user/ann', GroupList: [], AttachedManagedPolicies: [] }],
 *   GroupDetailList: [],
 *   RoleDetailList: [],
 *   Policies: [],
 *   IsTruncated: false,
 * };
 * const result = fromAuthorizationDetails(snapshot);
 * console.log(result.ok ? Object.keys(result.world.users ?? {}) : result.errors); // => [ 'arn:aws:iam::111111111111:user/ann' ]
 * ```
 */
export function fromAuthorizationDetails(input: unknown, options: AuthorizationDetailsOptions = {}): ImportResult {
  const issues = new ImportIssues();
  try {
    const env = environment(options);
    const builder = new WorldBuilder(issues, env.partition);
    // Refused by its length before it is walked: a proxy or sparse array may report any length (issue #11).
    const tooMany = Array.isArray(input) ? checkArrayLength(input.length, 10_000) : undefined;
    if (tooMany) return (issues.error('input-too-large', '', tooMany), failed(issues));
    const inputs = Array.isArray(input) ? input.map((v, i) => [v, `[${i}]`] as const) : [[input, ''] as const];
    if (inputs.length === 0) issues.error('missing-input', '', 'no snapshot was given');
    for (const [one, path] of inputs) {
      const snapshot = readInput(one, issues, { what: 'snapshot', path });
      if (snapshot === undefined) continue;
      const list = Array.isArray(snapshot) ? snapshot : [snapshot];
      list.forEach((s, i) => {
        const at = Array.isArray(snapshot) ? joinPath(path, i) : path;
        if (isSnapshot(s)) importSnapshot(s, builder, issues, at);
        else
          issues.error(
            'not-authorization-details',
            at,
            'a snapshot is the output of aws iam get-account-authorization-details (UserDetailList, GroupDetailList, RoleDetailList, Policies)',
          );
      });
    }
    if (options.organization !== undefined) {
      const org = readInput(options.organization, issues, { what: 'organization data', path: 'organization' });
      if (org !== undefined) importOrganization(org, builder, issues, 'organization');
    }
    (options.resourcePolicies ?? []).forEach((rp, i) =>
      resourcePolicy(rp, builder, issues, joinPath('resourcePolicies', i), [...builder.accounts.keys()]),
    );
    builder.resolveManagedPolicies(options.managedPolicies);
    if (issues.errors.length > 0) return failed(issues);
    return { ok: true, world: builder.build(), warnings: rankWarnings(issues.warnings), arns: builder.arns };
  } catch (e) {
    issues.error('internal-error', '', `the snapshot could not be imported: ${String(e)}`);
    return failed(issues);
  }
}

function resourcePolicy(
  rp: ResourcePolicyInput,
  builder: WorldBuilder,
  issues: ImportIssues,
  path: string,
  accounts: string[],
): void {
  if (!isObject(rp) || typeof rp.resource !== 'string' || !rp.resource.startsWith('arn:')) {
    issues.error('invalid-resource-policy', path, 'a resource policy needs resource (an ARN) and policy');
    return;
  }
  const text =
    typeof rp.policy === 'string'
      ? readInput(rp.policy, issues, { what: 'resource policy', path: joinPath(path, 'policy') })
      : rp.policy;
  const wrapped = member(text, 'Policy') ?? member(member(text, 'Attributes'), 'Policy');
  const kind = rp.kind ?? (rp.resource.split(':')[2] === 'kms' ? 'kms-key' : 'generic');
  const document = normalizeDocument(wrapped ?? text, {
    issues,
    path: joinPath(path, 'policy'),
    type: 'resource',
    partition: builder.partition,
  });
  const fromArn = rp.resource.split(':')[4];
  let account = rp.account ?? (fromArn || undefined);
  if (account === undefined && accounts.length === 1) account = accounts[0];
  if (account === undefined)
    issues.warn('unknown-owner', path, `the owner of ${rp.resource} is not known; give account`);
  builder.resourcePolicy(rp.resource, document, kind, account, path);
}
