/**
 * `iam-verdict validate <policy.json…> --type T`: checks policy documents against the grammar
 * and rules of spec §1 and §8, printing every problem as `file:line:column`.
 */
import { POLICY_TYPES, parsePolicy, type PolicyType } from '../../index.js';
import { parseCommandArgs } from '../args.js';
import { colours, wantsColour } from '../colour.js';
import { EXIT, UsageError } from '../errors.js';
import { expandInputs, fileAccess, FILE_OPTIONS_HELP, readInput } from '../files.js';
import type { Io } from '../io.js';
import { formatIssues } from '../json-input.js';
import { bundledCatalog } from '../../catalog/bundled.js';
import { POLICY_ATTACHMENTS, type PolicyAttachment } from '../../policy/attachments.js';
import type { Issue } from '../../policy/issues.js';

/** Security warnings and suggestions say so in the text output (errors and warnings already do). */
function labelled(issues: readonly Issue[]): Issue[] {
  return issues.map((i) => {
    const finding = (i as { finding?: string }).finding;
    return finding === 'SECURITY_WARNING' || finding === 'SUGGESTION'
      ? { ...i, message: `${finding === 'SECURITY_WARNING' ? 'security warning' : 'suggestion'}: ${i.message}` }
      : i;
  });
}

/** The policy types `--type` accepts. */
const TYPES = POLICY_TYPES;

/** Help text of `validate`. */
export const VALIDATE_HELP = `Usage: iam-verdict validate <file|folder|glob|-> [...] [--type TYPE] [options]

Checks IAM policy documents: JSON syntax, grammar, operators, condition keys and
values, policy variables, size limits, and — with the bundled service catalog —
unknown services, actions and condition keys (with did-you-mean), resources the
actions do not take (s3:ListBucket on object ARNs), malformed ARNs, operators of
the wrong type, and security warnings (iam:PassRole on "*", Allow with NotAction
or NotResource). Findings use IAM Access Analyzer's severities: ERROR,
SECURITY_WARNING, WARNING, SUGGESTION. Prints every finding as file:line:column
and exits 1 if any file has an error.

Options:
  --type TYPE          ${TYPES.join('|')}
                       (default: identity). Trust, resource, SCP and RCP documents
                       follow different rules (e.g. Principal is required in
                       resource policies and forbidden in identity policies).
  --policy-type KIND   how an identity policy is attached, which sets its size
                       quota: inline-user (2,048 characters), inline-group
                       (5,120), inline-role (10,240), customer-managed (6,144,
                       the default), aws-managed (no quota; an action the
                       catalog lacks is then a warning, not an error)
  --max-size N         the size quota in characters (whitespace excluded)
  --json               print the results as JSON
  --quiet              print errors only, not warnings or "ok" lines
  --color, --no-color  force colour on or off
${FILE_OPTIONS_HELP}
  -h, --help           show this help

Exit codes: 0 every file is valid (warnings allowed), 1 a file has an error or
cannot be read, 2 usage error.

Example:
  iam-verdict validate policies/*.json --type identity
  cat bucket-policy.json | iam-verdict validate - --type resource
`;

const OPTIONS = {
  type: { type: 'string', short: 't' },
  'policy-type': { type: 'string' },
  'max-size': { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
} as const;

/** Runs `validate`; returns the exit code. */
export async function validateCommand(args: readonly string[], io: Io): Promise<number> {
  const { values: v, positionals } = parseCommandArgs('validate', args, OPTIONS);
  if (v.help) {
    io.stdout(VALIDATE_HELP);
    return EXIT.ok;
  }
  const type = (v.type ?? 'identity') as PolicyType;
  if (!TYPES.includes(type))
    throw new UsageError(`--type must be one of ${TYPES.join(', ')}, not ${JSON.stringify(v.type)}`, 'validate');
  if (positionals.length === 0)
    throw new UsageError('give at least one policy file (or - for standard input)', 'validate');
  const attachment = v['policy-type'] as PolicyAttachment | undefined;
  if (attachment !== undefined && !POLICY_ATTACHMENTS.includes(attachment))
    throw new UsageError(
      `--policy-type must be one of ${POLICY_ATTACHMENTS.join(', ')}, not ${JSON.stringify(attachment)}`,
      'validate',
    );
  if (attachment !== undefined && type !== 'identity' && type !== 'boundary')
    throw new UsageError('--policy-type applies to identity and boundary policies', 'validate');
  let maxSize: number | undefined;
  if (v['max-size'] !== undefined) {
    if (!/^\d{1,7}$/.test(v['max-size']) || Number(v['max-size']) === 0)
      throw new UsageError(
        `--max-size takes a positive number of characters, not ${JSON.stringify(v['max-size'])}`,
        'validate',
      );
    maxSize = Number(v['max-size']);
  }
  const catalog = bundledCatalog();
  const c = colours(wantsColour(io, v));

  const access = fileAccess('validate', v, io);
  const files = expandInputs(positionals, io.cwd, ['.json'], 'validate', access);
  let bad = 0;
  const json: { file: string; valid: boolean; errors: unknown[]; warnings: unknown[] }[] = [];
  for (const file of files) {
    const result = parsePolicy((await readInput(file, io, access)).replace(/^\uFEFF/, ''), {
      type,
      catalog,
      ...(attachment !== undefined ? { attachment } : {}),
      ...(maxSize !== undefined ? { maxSize } : {}),
    });
    const errors = result.ok ? [] : result.errors;
    if (errors.length > 0) bad++;
    if (v.json) {
      json.push({ file: file.name, valid: result.ok, errors, warnings: result.warnings });
      continue;
    }
    for (const line of formatIssues(labelled(errors), file.name)) io.stdout(`${c.red(line)}\n`);
    if (!v.quiet) {
      for (const line of formatIssues(labelled(result.warnings), file.name)) io.stdout(`${c.yellow(line)}\n`);
      if (result.ok)
        io.stdout(
          `${file.name}: ${c.green('ok')} (${type} policy${result.warnings.length > 0 ? `, ${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'}` : ''})\n`,
        );
    }
  }
  if (v.json)
    io.stdout(
      `${JSON.stringify({ type, ...(attachment !== undefined ? { policyType: attachment } : {}), catalogDate: catalog.date, results: json }, null, 2)}\n`,
    );
  else if (files.length > 1 && !v.quiet) io.stdout(`${files.length - bad} of ${files.length} files valid\n`);
  return bad > 0 ? EXIT.failed : EXIT.ok;
}
