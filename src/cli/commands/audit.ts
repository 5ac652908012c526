/**
 * `iam-verdict audit <world>`: the posture audit of an estate (docs/audit.md) — credentials,
 * password policy, attachments, and effective admin and trust decided by the engine — as a
 * readable report, JSON, SARIF 2.1.0 or JUnit XML; exit 1 on findings at or above `--fail-on`.
 */
import { relative } from 'node:path';
import { bundledCatalog } from '../../catalog/bundled.js';
import {
  audit,
  formatAuditText,
  SEVERITIES,
  toJUnit,
  toSarif,
  type AuditSeverity,
  type Finding,
} from '../../audit/index.js';
import { severityRank } from '../../audit/finding.js';
import { parseCommandArgs } from '../args.js';
import { colours, wantsColour } from '../colour.js';
import { EXIT, InputError, UsageError } from '../errors.js';
import { expandInputs, fileAccess, FILE_OPTIONS_HELP, readInput, readTextFile } from '../files.js';
import type { Io } from '../io.js';
import { formatIssues, parseJsonInput, prefixIssues } from '../json-input.js';
import { readWorldArgument, WORLD_INPUT_HELP, WORLD_INPUT_OPTIONS } from '../world-argument.js';

const COMMAND = 'audit';
const FORMATS = ['text', 'json', 'sarif', 'junit'] as const;

/** Help text of `audit`. */
export const AUDIT_HELP = `Usage: iam-verdict audit <world|-> [options]

Audits an estate for the users-versus-roles risks of CIS AWS Foundations (IAM),
Security Hub IAM controls and Prowler: root keys/MFA/use, console users without
MFA, old, unused, doubled and setup-time access keys, unused passwords, the
password policy, policies on users, AWSCloudShellFullAccess, a support role,
unused roles, users that should be roles — and, decided by the engine,
effective admins (every action of the bundled action catalog; near-admins are
told what is denied) and trust policies open to any account, any principal of
an external account, a random ExternalId, any web identity, or a service
acting for a foreign account. References: CIS AWS Foundations v3.0/v5.0/v7.0,
Security Hub, Prowler.
The world is a world/estate file, or an imported format (--import).

Options:
  --credential-report FILE  the CSV of 'aws iam get-credential-report' (decoded);
                            without it, the world's user records are used
  --password-policy FILE    the JSON of 'aws iam get-account-password-policy'
  --time ISO                compute every age as of this time (default: now)
  --format FORMAT           text|json|sarif|junit (default: text)
  --json                    same as --format json: { "findings": [...] }
  --fail-on SEVERITY        exit 1 when a finding is at or above this severity:
                            ${SEVERITIES.join('|')} (default: never)
  --skip-trust              skip the engine's trust probes
  --color, --no-color       force colour on or off
${WORLD_INPUT_HELP}
${FILE_OPTIONS_HELP}
  -h, --help                show this help

Exit codes: 0 audited (no finding at or above --fail-on), 1 such a finding, or
the input is invalid, 2 usage error.

Example:
  iam-verdict audit examples/estate.world.json --time 2025-06-01T12:00:00Z
  iam-verdict audit snapshot.json --import authorization-details \\
    --credential-report report.csv --password-policy policy.json \\
    --format sarif --fail-on high > audit.sarif
`;

const OPTIONS = {
  'credential-report': { type: 'string' },
  'password-policy': { type: 'string' },
  time: { type: 'string' },
  ...WORLD_INPUT_OPTIONS,
  format: { type: 'string' },
  json: { type: 'boolean' },
  'fail-on': { type: 'string' },
  'skip-trust': { type: 'boolean' },
} as const;

/** Runs `audit`; returns the exit code. */
export async function auditCommand(args: readonly string[], io: Io): Promise<number> {
  const { values: v, positionals } = parseCommandArgs(COMMAND, args, OPTIONS);
  if (v.help) {
    io.stdout(AUDIT_HELP);
    return EXIT.ok;
  }
  const format = v.json ? 'json' : (v.format ?? 'text');
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not ${JSON.stringify(v.format)}`, COMMAND);
  if (v.json && v.format !== undefined && v.format !== 'json')
    throw new UsageError('--json and --format disagree; give one', COMMAND);
  const failOn = v['fail-on'] as AuditSeverity | undefined;
  if (failOn !== undefined && !SEVERITIES.includes(failOn))
    throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, not ${JSON.stringify(failOn)}`, COMMAND);
  if (v.time !== undefined && !/^\d{4}-\d{2}-\d{2}(T.*)?$/.test(v.time))
    throw new UsageError(
      `--time takes an ISO 8601 date-time (2025-06-01T12:00:00Z), not ${JSON.stringify(v.time)}`,
      COMMAND,
    );
  const c = colours(wantsColour(io, v));

  const access = fileAccess(COMMAND, v, io);
  const input = await readWorldArgument(COMMAND, positionals, v, io, access, c.red);
  const world = input.world;
  const worldDoc = input.source;
  // How to find a subject's record in the world file (for SARIF locations).
  const locateWorld = worldDoc
    ? (path: string) => {
        const at = worldDoc.doc.locate(worldDoc.path === '' ? path : `${worldDoc.path}.${path}`);
        return at ? { uri: uriOf(worldDoc.doc.name, io.cwd), line: at.line, column: at.column } : undefined;
      }
    : undefined;

  let credentialReport: string | undefined;
  let reportName: string | undefined;
  if (v['credential-report'] !== undefined) {
    const [f] = expandInputs([v['credential-report']], io.cwd, ['.csv'], COMMAND, access);
    if (f) {
      credentialReport =
        f.kind === 'file' ? readTextFile(f.path, f.name, access.maxBytes) : await readInput(f, io, access);
      reportName = f.name;
    }
  }
  let passwordPolicy: unknown;
  if (v['password-policy'] !== undefined) {
    const [f] = expandInputs([v['password-policy']], io.cwd, ['.json'], COMMAND, access);
    if (f) passwordPolicy = parseJsonInput(await readInput(f, io, access), f.name).value;
  }

  const result = audit(world, {
    ...(v.time !== undefined ? { time: v.time } : {}),
    ...(credentialReport !== undefined ? { credentialReport } : {}),
    ...(passwordPolicy !== undefined ? { passwordPolicy } : {}),
    ...(v['skip-trust'] ? { skipTrust: true } : {}),
    catalog: bundledCatalog(),
    ...(input.managedPolicies ? { authorizer: { managedPolicies: input.managedPolicies } } : {}),
  });
  if (!result.ok) {
    const worldErrors = result.errors.filter(
      (e) => e.path !== 'credentialReport' && e.path !== 'passwordPolicy' && e.path !== 'time',
    );
    const name = input.name;
    for (const line of formatIssues(
      worldDoc ? prefixIssues(worldErrors, worldDoc.path) : worldErrors,
      name,
      worldDoc?.doc.locate,
    ))
      io.stderr(`${c.red(line)}\n`);
    for (const e of result.errors.filter((x) => !worldErrors.includes(x))) {
      const where =
        e.path === 'credentialReport'
          ? `${reportName ?? 'credential report'}${e.line ? `:${e.line}` : ''}`
          : e.path === 'passwordPolicy'
            ? (v['password-policy'] ?? 'password policy')
            : '--time';
      io.stderr(`${c.red(`${where}: error: ${e.message}`)}\n`);
    }
    throw new InputError(
      `the audit could not run (${result.errors.length} error${result.errors.length === 1 ? '' : 's'})`,
    );
  }
  for (const i of result.reportIssues)
    io.stderr(`${c.yellow(`${reportName ?? 'credential report'}:${i.line}: warning: ${i.message}`)}\n`);

  const findings = result.findings;
  if (format === 'json')
    io.stdout(
      `${JSON.stringify({ time: result.time, credentialSource: result.credentialSource, findings }, null, 2)}\n`,
    );
  else if (format === 'junit') io.stdout(toJUnit(findings));
  else if (format === 'sarif') {
    const locate = (f: Finding) => {
      if (f.evidence.source === 'credential-report' && reportName !== undefined && f.evidence.line !== undefined)
        return { uri: uriOf(reportName, io.cwd), line: f.evidence.line };
      return f.worldPath !== undefined ? locateWorld?.(f.worldPath) : undefined;
    };
    io.stdout(`${JSON.stringify(toSarif(findings, { locate }), null, 2)}\n`);
  } else {
    const paint = (severity: string, s: string) =>
      severity === 'critical' || severity === 'high' ? c.red(s) : severity === 'medium' ? c.yellow(s) : c.cyan(s);
    io.stdout(formatAuditText(findings, { paint, time: result.time }));
  }
  return failOn !== undefined && findings.some((f) => severityRank(f.severity) <= severityRank(failOn))
    ? EXIT.failed
    : EXIT.ok;
}

/** A file name as a relative URI for SARIF (forward slashes; stdin as `stdin`). */
function uriOf(name: string, cwd: string): string {
  if (name === '-') return 'stdin';
  const rel = name.startsWith('/') ? relative(cwd, name) : name;
  return rel.split('\\').join('/').split('/').map(encodeURIComponent).join('/');
}
