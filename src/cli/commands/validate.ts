/**
 * `iam-verdict validate <policy.json…> --type T`: checks policy documents against the grammar
 * and rules of spec §1 and §8, printing every problem as `file:line:column`.
 */
import { POLICY_TYPES, parsePolicy, type PolicyType } from '../../index.js';
import { parseCommandArgs } from '../args.js';
import { colours, wantsColour } from '../colour.js';
import { EXIT, UsageError } from '../errors.js';
import { expandInputs, readInput } from '../files.js';
import type { Io } from '../io.js';
import { formatIssues } from '../json-input.js';

/** The policy types `--type` accepts. */
const TYPES = POLICY_TYPES;

/** Help text of `validate`. */
export const VALIDATE_HELP = `Usage: iam-verdict validate <file|folder|glob|-> [...] [--type TYPE] [options]

Checks IAM policy documents: JSON syntax, grammar, operators, condition keys and
values, policy variables, size limits. Prints every error and warning as
file:line:column and exits 1 if any file has an error.

Options:
  --type TYPE          ${TYPES.join('|')}
                       (default: identity). Trust, resource, SCP and RCP documents
                       follow different rules (e.g. Principal is required in
                       resource policies and forbidden in identity policies).
  --json               print the results as JSON
  --quiet              print errors only, not warnings or "ok" lines
  --color, --no-color  force colour on or off
  -h, --help           show this help

Exit codes: 0 every file is valid (warnings allowed), 1 a file has an error or
cannot be read, 2 usage error.

Example:
  iam-verdict validate policies/*.json --type identity
  cat bucket-policy.json | iam-verdict validate - --type resource
`;

const OPTIONS = {
  type: { type: 'string', short: 't' },
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
  if (!TYPES.includes(type)) throw new UsageError(`--type must be one of ${TYPES.join(', ')}, not ${JSON.stringify(v.type)}`, 'validate');
  if (positionals.length === 0) throw new UsageError('give at least one policy file (or - for standard input)', 'validate');
  const c = colours(wantsColour(io, v));

  const files = expandInputs(positionals, io.cwd, ['.json'], 'validate');
  let bad = 0;
  const json: { file: string; valid: boolean; errors: unknown[]; warnings: unknown[] }[] = [];
  for (const file of files) {
    const result = parsePolicy((await readInput(file, io)).replace(/^\uFEFF/, ''), { type });
    const errors = result.ok ? [] : result.errors;
    if (errors.length > 0) bad++;
    if (v.json) {
      json.push({ file: file.name, valid: result.ok, errors, warnings: result.warnings });
      continue;
    }
    for (const line of formatIssues(errors, file.name)) io.stdout(`${c.red(line)}\n`);
    if (!v.quiet) {
      for (const line of formatIssues(result.warnings, file.name)) io.stdout(`${c.yellow(line)}\n`);
      if (result.ok) io.stdout(`${file.name}: ${c.green('ok')} (${type} policy${result.warnings.length > 0 ? `, ${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'}` : ''})\n`);
    }
  }
  if (v.json) io.stdout(`${JSON.stringify({ type, results: json }, null, 2)}\n`);
  else if (files.length > 1 && !v.quiet) io.stdout(`${files.length - bad} of ${files.length} files valid\n`);
  return bad > 0 ? EXIT.failed : EXIT.ok;
}
