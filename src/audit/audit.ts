/**
 * `audit(world, options)`: the posture audit of an estate. Credential checks read the credential
 * report (or the world's user records); attachment checks read the world; effective admin and
 * trust are decided by the engine in a probe world. Never throws: problems with the inputs are
 * returned as data.
 */
import type { ServiceCatalog } from '../catalog/catalog.js';
import { createAnalysis } from '../analysis/analysis.js';
import { compileWorld, type AuthorizerOptions } from '../model/authorizer.js';
import type { Issue } from '../policy/issues.js';
import { type AdminProbe, checkEffectiveAdmin } from './admin.js';
import { accountOfArn, checkCloudShell, checkSupportRole, checkUnusedRoles, checkUserPolicies } from './attachments.js';
import { parseCredentialReport, type ReportIssue } from './credential-report.js';
import {
  checkCredentials,
  DEFAULT_THRESHOLDS,
  recordsFromReport,
  recordsFromWorld,
  type CredentialThresholds,
} from './credentials.js';
import { severityRank, type Finding } from './finding.js';
import { checkPasswordPolicy, readPasswordPolicy } from './password-policy.js';
import { auditedWorld, buildProbeWorld } from './probe-world.js';
import { checkTrust } from './trust.js';
import { checkUsersThatShouldBeRoles } from './workload-users.js';
import type { IssueCode } from '../json/issue-codes.js';

/** Options of {@link audit}. */
export interface AuditOptions {
  /** "Now" for every age (ISO 8601 or epoch ms); default the current time. */
  readonly time?: string | number;
  /** The text of the IAM credential report CSV. */
  readonly credentialReport?: string;
  /** The parsed JSON of `aws iam get-account-password-policy`. */
  readonly passwordPolicy?: unknown;
  /** The effective-admin probes (default {@link DEFAULT_ADMIN_PROBES}). */
  readonly adminProbes?: readonly AdminProbe[];
  /**
   * The action catalog (`bundledCatalog()` from `iam-verdict/catalog`): effective admin is then
   * decided over every action it lists, not only the probes. The CLI always passes it.
   */
  readonly catalog?: ServiceCatalog;
  readonly thresholds?: Partial<CredentialThresholds>;
  /** Days without use after which a role is unused (default 90). */
  readonly unusedRoleDays?: number;
  /** Skip the engine's trust probes (they are the slowest part on very large estates). */
  readonly skipTrust?: boolean;
  /** Passed to `createAuthorizer` (e.g. a managed-policy catalog). */
  readonly authorizer?: AuthorizerOptions;
}

/** The result of an audit. */
export type AuditResult =
  | {
      readonly ok: true;
      /** Most severe first; stable order within a severity. */
      readonly findings: readonly Finding[];
      /** The time the audit was made as of (ISO 8601). */
      readonly time: string;
      /** Credential-report rows or cells that could not be read (the rest was used). */
      readonly reportIssues: readonly ReportIssue[];
      /** Which data the credential checks used. */
      readonly credentialSource: 'credential-report' | 'world';
    }
  | { readonly ok: false; readonly errors: readonly Issue[] };

const error = (path: string, message: string, code: IssueCode = 'invalid-audit-input'): Issue => ({
  severity: 'error',
  code,
  path,
  message,
});

/** Audits a world. Never throws. */
export function audit(input: unknown, options: AuditOptions = {}): AuditResult {
  try {
    const now =
      options.time === undefined
        ? Date.now()
        : typeof options.time === 'number'
          ? options.time
          : /^\d{4}-\d{2}-\d{2}/.test(options.time)
            ? Date.parse(options.time)
            : NaN;
    if (!Number.isFinite(now))
      return {
        ok: false,
        errors: [
          error(
            'time',
            `--time ${JSON.stringify(options.time)} is not an ISO 8601 date-time (e.g. 2025-06-01T12:00:00Z)`,
          ),
        ],
      };
    // The world is validated and compiled once, with the probe entries added (they only add
    // roles and users, so the world's errors keep their paths); the audited world is then the
    // validated probe world without them.
    const probe = buildProbeWorld(input);
    const engine = compileWorld(probe ? probe.world : input, options.authorizer);
    if (!engine.ok || !engine.world || !probe)
      return {
        ok: false,
        errors: engine.ok ? [error('', 'a world is a JSON object', 'invalid-world')] : engine.errors,
      };
    const world = auditedWorld(engine.world, probe.added);

    let reportIssues: readonly ReportIssue[] = [];
    let records = recordsFromWorld(world);
    let credentialSource: 'credential-report' | 'world' = 'world';
    if (options.credentialReport !== undefined) {
      const report = parseCredentialReport(options.credentialReport);
      if (report.rows.length === 0 && report.issues.length > 0) {
        return {
          ok: false,
          errors: report.issues.map((i) => ({ ...error('credentialReport', i.message), line: i.line })),
        };
      }
      reportIssues = report.issues;
      records = recordsFromReport(report.rows);
      credentialSource = 'credential-report';
    }
    const findings: Finding[] = [];
    findings.push(
      ...checkCredentials(records, now, { ...DEFAULT_THRESHOLDS, ...options.thresholds }),
      ...checkUsersThatShouldBeRoles(records, now),
    );

    if (options.passwordPolicy !== undefined) {
      const policy = readPasswordPolicy(options.passwordPolicy);
      if (!policy.ok) return { ok: false, errors: policy.errors.map((m) => error('passwordPolicy', m)) };
      const root = records.find((r) => r.isRoot)?.arn;
      const account =
        (root && accountOfArn(root)) ??
        firstAccount(Object.keys(world.users), Object.keys(world.roles), Object.keys(world.accounts));
      findings.push(...checkPasswordPolicy(policy.policy, `arn:aws:iam::${account ?? '000000000000'}:root`));
    }

    findings.push(
      ...checkUserPolicies(world),
      ...checkCloudShell(world),
      ...checkSupportRole(world),
      ...checkUnusedRoles(world, now, options.unusedRoleDays),
    );

    findings.push(
      ...checkEffectiveAdmin(world, engine, {
        time: now,
        ...(options.adminProbes ? { probes: options.adminProbes } : {}),
        ...(options.catalog ? { catalog: options.catalog } : {}),
        ...(options.authorizer?.managedPolicies ? { managedPolicies: options.authorizer.managedPolicies } : {}),
      }),
    );
    if (!options.skipTrust)
      findings.push(
        ...checkTrust(world, createAnalysis(engine), {
          time: now,
          unrelatedAccount: probe.unrelatedAccount,
          probeWorld: probe.world,
        }),
      );

    const ordered = findings
      .map((f, i) => ({ f, i }))
      .sort((a, b) => severityRank(a.f.severity) - severityRank(b.f.severity) || a.i - b.i)
      .map((x) => x.f);
    return { ok: true, findings: ordered, time: new Date(now).toISOString(), reportIssues, credentialSource };
  } catch (e) {
    return { ok: false, errors: [error('', `the audit could not be completed: ${String(e)}`, 'internal-error')] };
  }
}

function firstAccount(...arnLists: string[][]): string | undefined {
  for (const list of arnLists)
    for (const x of list) {
      const a = /^\d{12}$/.test(x) ? x : accountOfArn(x);
      if (a) return a;
    }
  return undefined;
}
