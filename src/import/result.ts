/**
 * What every importer returns and the options they share. Importers never throw: structural
 * problems come back as errors, anything they cannot model comes back as a warning with a path.
 */
import type { Issue } from '../policy/issues.js';
import type { WorldInput } from '../model/world.js';
import type { ManagedPolicyCatalog } from '../model/load.js';
import type { IssueCode } from '../json/issue-codes.js';
import { DEFAULT_LIMITS } from '../policy/limits.js';

/** The result of an importer. */
export type ImportResult =
  | {
      readonly ok: true;
      /** A world in the library's format, ready for `createAuthorizer`. */
      readonly world: WorldInput;
      readonly warnings: readonly Issue[];
      /**
       * The ARN chosen for each imported entity, by its name in the source (CloudFormation logical
       * id, Terraform address, or the ARN itself for snapshots).
       */
      readonly arns: Readonly<Record<string, string>>;
      /** CloudFormation: the exported outputs that resolve offline (`Export.Name` → value). */
      readonly exports?: Readonly<Record<string, string>>;
    }
  | { readonly ok: false; readonly errors: readonly Issue[]; readonly warnings: readonly Issue[] };

/** Options every importer understands. */
export interface ImportOptions {
  /** The account the source describes, when the source does not say (default `123456789012`). */
  readonly accountId?: string;
  /** The region (default `us-east-1`). */
  readonly region?: string;
  /** The partition (default `aws`). */
  readonly partition?: string;
  /**
   * Resolves managed policy ARNs the source attaches but does not define (e.g. AWS managed
   * policies); their documents are copied into the world so that it is self-contained.
   */
  readonly managedPolicies?: ManagedPolicyCatalog;
}

/** The environment an importer resolves names in. */
export interface ImportEnvironment {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
}

/** The default account id when neither the source nor the caller gives one. */
export const DEFAULT_ACCOUNT_ID = '123456789012';

/** Fills in the defaults of the environment. */
export function environment(options: ImportOptions): ImportEnvironment {
  return {
    accountId: options.accountId ?? DEFAULT_ACCOUNT_ID,
    region: options.region ?? 'us-east-1',
    partition: options.partition ?? 'aws',
  };
}

/** Collects the errors and warnings of one import. */
export class ImportIssues {
  readonly errors: Issue[] = [];
  readonly warnings: Issue[] = [];
  private readonly seen = new Set<string>();

  /** Records an error (the input cannot be imported). */
  error(code: IssueCode, path: string, message: string, at?: { line?: number; column?: number }): void {
    // Capped like the policy layer's issues (DEFAULT_LIMITS.maxIssues), then one `too-many-issues`.
    if (this.errors.length >= DEFAULT_LIMITS.maxIssues) {
      if (this.errors.length === DEFAULT_LIMITS.maxIssues)
        this.errors.push({
          severity: 'error',
          code: 'too-many-issues',
          path: '',
          message: 'more errors were found and not reported',
        });
      return;
    }
    this.errors.push({ severity: 'error', code, path, message: readable(message), ...position(at) });
  }

  /** Records a warning (something was skipped, defaulted or left unresolved). */
  warn(code: IssueCode, path: string, raw: string): void {
    const message = readable(raw);
    const key = `${code}\u0000${path}\u0000${message}`;
    if (this.seen.has(key) || this.warnings.length >= 10_000) return;
    this.seen.add(key);
    this.warnings.push({ severity: 'warning', code, path, message });
  }
}

/**
 * A message as a person reads it: a placeholder that stands for an unknown value is named for what
 * it stands for (never shown as an ARN someone could copy into a policy), and a value that is
 * empty leaves no double space behind.
 */
export function readable(message: string): string {
  return message
    .replace(/arn_[a-z-]+_iam-verdict-unresolved___/g, '')
    .replace(
      /arn:[\w-]+:iam-verdict-unresolved:::([\w./-]*)/g,
      (_m, what: string) => `<unknown: ${what.replace(/^terraform\//, '') || 'value'}>`,
    )
    .replace(
      /arn:[\w-]+:iam::000000000000:policy\/iam-verdict-unresolved\/([\w+=,.@-]*)/g,
      (_m, what: string) => `<unknown policy: ${what || 'policy'}>`,
    )
    .replace(/ {2,}/g, ' ')
    .replace(/ ([;,.])(?= |$)/g, '$1');
}

function position(at?: { line?: number; column?: number }): { line?: number; column?: number } {
  if (!at) return {};
  return {
    ...(at.line !== undefined ? { line: at.line } : {}),
    ...(at.column !== undefined ? { column: at.column } : {}),
  };
}

/** Builds the failure result. */
export function failed(issues: ImportIssues): ImportResult {
  return { ok: false, errors: issues.errors, warnings: rankWarnings(issues.warnings) };
}

/**
 * Warning codes that can change a decision: something that grants or denies was dropped,
 * replaced by a placeholder, or left out (as opposed to a resource that holds no IAM, a name
 * made up, or a style remark).
 */
const DECISIVE = new Set([
  'unresolved-value',
  'unresolved-document',
  'unresolved-target',
  'unresolved-managed-policy',
  'unknown-after-apply',
  'undefined-managed-policy',
  'unmodelled-resource-policy',
  'invalid-target',
  'invalid-inline-policy',
  'invalid-permission',
  'invalid-member',
  'invalid-role',
  'invalid-user',
  'invalid-group',
  'external-role',
  'external-user',
  'external-group',
  'unknown-condition',
  'duplicate-resource-policy',
  'duplicate-name',
  'duplicate-entity',
  'transform',
  'truncated-snapshot',
  'missing-default-version',
  'missing-document',
  'unknown-group',
  'unattached-policy',
  'invalid-instance-profile',
  'sam-unknown-policy',
  'sam-invalid-policy',
  'sam-invalid-policy-template',
  'sam-unsupported-event',
  'sam-unsupported-connector',
  'sam-unresolved-connector',
  'sam-invalid-connector',
  'sam-ignored-property',
  'sam-unsupported-property',
  'sam-invalid-property',
]);

/** Whether a warning can change a decision (see {@link rankWarnings}). */
export function isDecisive(warning: Issue): boolean {
  return DECISIVE.has(warning.code);
}

/** Warnings with those that can change a decision first (otherwise in their order). */
export function rankWarnings(warnings: readonly Issue[]): Issue[] {
  return [...warnings.filter(isDecisive), ...warnings.filter((w) => !isDecisive(w))];
}

/** The warnings that can change a decision, and the others counted by code (most frequent first). */
export function summarizeWarnings(warnings: readonly Issue[]): {
  decisive: Issue[];
  others: { code: string; count: number; example: Issue }[];
} {
  const others = new Map<string, { code: string; count: number; example: Issue }>();
  for (const w of warnings) {
    if (isDecisive(w)) continue;
    const entry = others.get(w.code);
    if (entry) entry.count++;
    else others.set(w.code, { code: w.code, count: 1, example: w });
  }
  return {
    decisive: warnings.filter(isDecisive),
    others: [...others.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
  };
}
