/**
 * The readable audit report: findings grouped by severity, each with its subject, what is wrong,
 * the evidence (the engine's decided requests or the data's facts), the fix and the references.
 */
import { SEVERITIES, type Finding } from '../finding.js';

/** Options of {@link formatAuditText}. */
export interface AuditTextOptions {
  /** Wraps severity labels (e.g. colour). */
  readonly paint?: (severity: string, text: string) => string;
  readonly time?: string;
}

/** The references of a finding as one line (`CIS v3.0 1.4 · CIS v5.0 1.3 · Security Hub IAM.4 · Prowler …`). */
export function referenceLine(f: Pick<Finding, 'references'>): string {
  const r = f.references;
  return [
    r.cisV3 ? `CIS v3.0 ${r.cisV3}` : '',
    r.cisV5 ? `CIS v5.0 ${r.cisV5}` : '',
    r.cisV7 ? `CIS v7.0 ${r.cisV7}` : '',
    r.securityHub ? `Security Hub ${r.securityHub}` : '',
    r.prowler ? `Prowler ${r.prowler}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The evidence of a finding as indented lines. */
export function evidenceLines(f: Finding): string[] {
  const lines: string[] = [];
  const e = f.evidence;
  if (e.source === 'credential-report' && e.line !== undefined) lines.push(`credential report line ${e.line}`);
  if (e.facts) {
    const facts = Object.entries(e.facts).map(([k, v]) => `${k}=${v === null ? 'n/a' : String(v)}`);
    if (facts.length > 0) lines.push(facts.join(', '));
  }
  for (const r of e.requests ?? []) {
    const q = r.request;
    lines.push(
      `${r.decision.padEnd(12)} ${q.principal ?? q.accessKeyId ?? '?'} → ${q.action} on ${q.resource}${q.sts?.ExternalId ? ` (ExternalId ${q.sts.ExternalId})` : ''} [decided by ${r.decidedBy}]`,
    );
    if (r.summary) lines.push(`             ${r.summary}`);
  }
  return lines;
}

/** The whole report. */
export function formatAuditText(findings: readonly Finding[], options: AuditTextOptions = {}): string {
  const paint = options.paint ?? ((_s: string, t: string) => t);
  const out: string[] = [];
  const counts = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const);
  out.push(
    `iam-verdict audit${options.time ? ` as of ${options.time}` : ''}: ${findings.length} finding${findings.length === 1 ? '' : 's'} (${counts.map(([s, n]) => `${n} ${s}`).join(', ')})`,
  );
  for (const [severity, n] of counts) {
    if (n === 0) continue;
    out.push('', paint(severity, `${severity.toUpperCase()} (${n})`));
    for (const f of findings.filter((x) => x.severity === severity)) {
      out.push(`  ${paint(severity, f.checkId)}  ${f.arn}`);
      out.push(`    ${f.title}: ${f.message}`);
      for (const line of evidenceLines(f)) out.push(`      ${line}`);
      out.push(`    fix: ${f.remediation}`);
      const refs = referenceLine(f);
      if (refs) out.push(`    see: ${refs}`);
    }
  }
  return `${out.join('\n')}\n`;
}
