/**
 * SARIF 2.1.0 output, for code scanning: one rule per check (with help text and a
 * `security-severity`), one result per finding, located in the world file when the world came
 * from one (the position of the subject's record), with the subject's ARN as a logical location.
 */
import { ALL_CHECKS } from '../checks.js';
import type { AuditSeverity, CheckDefinition, Finding } from '../finding.js';
import { evidenceLines, referenceLine } from './text.js';

/** Where a finding's subject is in the source files. */
export interface SarifLocation {
  readonly uri: string;
  readonly line?: number;
  readonly column?: number;
}

/** Options of {@link toSarif}. */
export interface SarifOptions {
  readonly toolVersion?: string;
  /** Locates a finding in the input files (world file, credential report); `undefined` = no physical location. */
  readonly locate?: (f: Finding) => SarifLocation | undefined;
}

const LEVEL: Record<AuditSeverity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};
/** GitHub code scanning reads `security-severity` (0–10) to rank security results. */
const SCORE: Record<AuditSeverity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

function rule(c: CheckDefinition): Record<string, unknown> {
  const refs = referenceLine({ references: c.references });
  return {
    id: c.id,
    name: c.id
      .replace(/[^A-Za-z0-9]+/g, ' ')
      .trim()
      .split(' ')
      .map((w) => w.charAt(0) + w.slice(1).toLowerCase())
      .join(''),
    shortDescription: { text: c.title },
    fullDescription: { text: c.description },
    help: {
      text: `${c.description}\n\nRemediation: ${c.remediation}${refs ? `\n\nReferences: ${refs}` : ''}`,
      markdown: `${c.description}\n\n**Remediation:** ${c.remediation}${refs ? `\n\n**References:** ${refs}` : ''}`,
    },
    defaultConfiguration: { level: LEVEL[c.severity] },
    properties: {
      tags: ['security', 'iam', c.decidedBy === 'engine' ? 'decided-by-engine' : 'data'],
      'security-severity': SCORE[c.severity],
      ...(c.references.cisV3 ? { 'cis-aws-v3.0': c.references.cisV3 } : {}),
      ...(c.references.cisV5 ? { 'cis-aws-v5.0': c.references.cisV5 } : {}),
      ...(c.references.cisV7 ? { 'cis-aws-v7.0': c.references.cisV7 } : {}),
      ...(c.references.securityHub ? { 'security-hub': c.references.securityHub } : {}),
      ...(c.references.prowler ? { prowler: c.references.prowler } : {}),
    },
  };
}

/** The SARIF 2.1.0 log of an audit. */
export function toSarif(findings: readonly Finding[], options: SarifOptions = {}): Record<string, unknown> {
  const rules = ALL_CHECKS.map(rule);
  const index = new Map(ALL_CHECKS.map((c, i) => [c.id, i]));
  const results = findings.map((f) => {
    const at = options.locate?.(f);
    const physical = at
      ? {
          physicalLocation: {
            artifactLocation: { uri: at.uri },
            ...(at.line !== undefined
              ? { region: { startLine: at.line, ...(at.column !== undefined ? { startColumn: at.column } : {}) } }
              : {}),
          },
        }
      : {};
    return {
      ruleId: f.checkId,
      ruleIndex: index.get(f.checkId) ?? -1,
      level: LEVEL[f.severity],
      message: { text: `${f.arn}: ${f.message}` },
      locations: [{ ...physical, logicalLocations: [{ fullyQualifiedName: f.arn, kind: 'resource' }] }],
      partialFingerprints: {
        'iamVerdictFinding/v1': `${f.checkId}:${f.arn}:${f.message.replace(/(?<!\d)\d+ days?/g, 'N days')}`,
      },
      properties: { severity: f.severity, arn: f.arn, evidence: evidenceLines(f) },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'iam-verdict',
            ...(options.toolVersion ? { version: options.toolVersion } : {}),
            rules,
          },
        },
        results,
      },
    ],
  };
}
