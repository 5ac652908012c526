/**
 * What the posture audit reports: findings of checks. A check has a stable id, a default severity
 * and its references to the benchmarks security teams already use (CIS AWS Foundations, AWS
 * Security Hub, Prowler); a finding is one check failing for one principal, policy or account.
 */
import type { Decision } from '../evaluate/decision.js';
import type { AuthorizationRequest } from '../model/authorizer.js';

/** Severities, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type AuditSeverity = (typeof SEVERITIES)[number];

/** Rank of a severity: 0 for critical, 4 for info. */
export function severityRank(s: AuditSeverity): number {
  return SEVERITIES.indexOf(s);
}

/** Where a check appears in other benchmarks. `undefined` = no counterpart. */
export interface CheckReferences {
  /** CIS AWS Foundations Benchmark v3.0.0 recommendation number. */
  readonly cisV3?: string;
  /** CIS AWS Foundations Benchmark v5.0.0 recommendation number. */
  readonly cisV5?: string;
  /** CIS AWS Foundations Benchmark v7.0.0 recommendation number (section 2 is IAM from v6.0 on). */
  readonly cisV7?: string;
  /** AWS Security Hub control id (`IAM.4`). */
  readonly securityHub?: string;
  /** The nearest Prowler check id. */
  readonly prowler?: string;
}

/** A check's definition. */
export interface CheckDefinition {
  readonly id: string;
  readonly title: string;
  readonly severity: AuditSeverity;
  /** Why it matters, in a sentence or two (SARIF `fullDescription`). */
  readonly description: string;
  readonly remediation: string;
  readonly references: CheckReferences;
  /** `engine` when the engine decides the check; `data` when it reads credentials or attachments. */
  readonly decidedBy: 'engine' | 'data';
}

/** One decided request of an engine check. */
export interface DecidedRequest {
  readonly request: AuthorizationRequest;
  readonly decision: Decision['decision'];
  readonly decidedBy: Decision['decidedBy'];
  readonly reason?: string;
  /** The engine's one-line summary. */
  readonly summary?: string;
  readonly explanation?: Decision['explanation'];
  /** What the probe stands for ("an unrelated external account's role, no ExternalId"). */
  readonly probe?: string;
}

/** The evidence of a finding. */
export interface Evidence {
  /** Facts read from the data (credential report row, world record). */
  readonly facts?: Readonly<Record<string, string | number | boolean | null>>;
  /** The requests the engine decided, with their explanations. */
  readonly requests?: readonly DecidedRequest[];
  /** Where the facts come from. */
  readonly source?: 'world' | 'credential-report' | 'password-policy';
  /** Line of the credential report row (1-based), when from the report. */
  readonly line?: number;
}

/** One failing check for one subject. */
export interface Finding {
  readonly checkId: string;
  readonly severity: AuditSeverity;
  readonly title: string;
  /** The ARN of the principal, policy or account (`arn:aws:iam::<id>:root`) the finding is about. */
  readonly arn: string;
  /** One sentence that says what is wrong with this subject. */
  readonly message: string;
  readonly evidence: Evidence;
  readonly remediation: string;
  readonly references: CheckReferences;
  /** JSON path of the subject in the world (`roles["arn:…"]`), for locating it in the world file. */
  readonly worldPath?: string;
}

/** Builds a finding of `check` (severity overridable, e.g. lowered for same-organization trust). */
export function finding(
  check: CheckDefinition,
  arn: string,
  message: string,
  evidence: Evidence,
  extra: { severity?: AuditSeverity; worldPath?: string } = {},
): Finding {
  return {
    checkId: check.id,
    severity: extra.severity ?? check.severity,
    title: check.title,
    arn,
    message,
    evidence,
    remediation: check.remediation,
    references: check.references,
    ...(extra.worldPath !== undefined ? { worldPath: extra.worldPath } : {}),
  };
}

/** The JSON path of a world record (`users["arn:…"]`). */
export function recordPath(member: 'users' | 'roles' | 'groups' | 'managedPolicies', arn: string): string {
  return `${member}[${JSON.stringify(arn)}]`;
}
