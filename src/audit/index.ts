/**
 * The posture audit (issue 18): users-versus-roles risks of an estate, with effective admin and
 * trust decided by the engine. See docs/audit.md.
 */
export { audit } from './audit.js';
export type { AuditOptions, AuditResult } from './audit.js';
export { ALL_CHECKS, CHECKS } from './checks.js';
export { DEFAULT_ADMIN_PROBES } from './admin.js';
export type { AdminProbe } from './admin.js';
export { parseCredentialReport } from './credential-report.js';
export type { CredentialReport, ReportRow, ReportIssue } from './credential-report.js';
export { readPasswordPolicy } from './password-policy.js';
export type { PasswordPolicy } from './password-policy.js';
export { SEVERITIES } from './finding.js';
export type { AuditSeverity, CheckDefinition, CheckReferences, DecidedRequest, Evidence, Finding } from './finding.js';
export { formatAuditText } from './format/text.js';
export { toSarif } from './format/sarif.js';
export type { SarifOptions } from './format/sarif.js';
export { toJUnit } from './format/junit.js';
