/**
 * `iam-verdict test <file…>`: runs declarative test files (YAML or JSON; see docs/iac-testing.md)
 * — the world they name is read relative to the test file — and prints the pass/fail table.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { formatSuiteTable, runTestSuite, type TestSuiteResult, type WorldFile } from '../../entries/testing.js';
import { parseCommandArgs } from '../args.js';
import { colours, wantsColour, type Colours } from '../colour.js';
import { EXIT, UsageError } from '../errors.js';
import { expandInputs, readInput } from '../files.js';
import type { Io } from '../io.js';

/** Help text of `test`. */
export const TEST_HELP = `Usage: iam-verdict test <file|folder|glob|-> [...] [options]

Runs IAM test files: each names a world (a world file, a CloudFormation/CDK
template, a Terraform plan or an authorization-details snapshot, read relative
to the test file) and requests with the decision each must get. Prints a
pass/fail table per file, with the explanation of every failure, and exits 1
if any test fails. A folder is searched for *.iam-test.yaml, *.iam-test.yml and
*.iam-test.json files. See docs/iac-testing.md.

Options:
  --json               print the results as JSON
  --warnings           print the import warnings (by default only their number)
  --color, --no-color  force colour on or off
  -h, --help           show this help

Exit codes: 0 every test passed, 1 a test failed or a file could not be run,
2 usage error.

Example:
  iam-verdict test examples/iac/orders.iam-test.yaml
  iam-verdict test 'infra/**/*.iam-test.yaml'
`;

const OPTIONS = {
  json: { type: 'boolean' },
  warnings: { type: 'boolean' },
} as const;

const EXTENSIONS = ['.iam-test.yaml', '.iam-test.yml', '.iam-test.json'];

function paint(table: string, c: Colours): string {
  if (!c.enabled) return table;
  return table
    .split('\n')
    .map((line) => (line.startsWith('PASS  ') ? c.green('PASS') + line.slice(4) : line.startsWith('FAIL  ') ? c.red('FAIL') + line.slice(4) : line))
    .join('\n');
}

/** Runs `test`; returns the exit code. */
export async function testCommand(args: readonly string[], io: Io): Promise<number> {
  const { values: v, positionals } = parseCommandArgs('test', args, OPTIONS);
  if (v.help) {
    io.stdout(TEST_HELP);
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UsageError('give at least one test file (or - for standard input)', 'test');
  const c = colours(wantsColour(io, v));
  const sources = expandInputs(positionals, io.cwd, EXTENSIONS, 'test');
  const runs: { file: string; result: TestSuiteResult }[] = [];
  for (const source of sources) {
    const text = await readInput(source, io);
    const base = source.kind === 'file' ? dirname(source.path) : io.cwd;
    const loadWorld = (file: WorldFile) => readFile(resolve(base, file.path), 'utf8');
    runs.push({ file: source.name, result: await runTestSuite(text, { loadWorld }) });
  }

  const passed = runs.reduce((n, r) => n + r.result.passed, 0);
  const failed = runs.reduce((n, r) => n + (r.result.errors.length > 0 ? Math.max(1, r.result.failed) : r.result.failed), 0);
  if (v.json) {
    io.stdout(`${JSON.stringify({ passed, failed, files: runs.map((r) => ({ file: r.file, ...r.result })) }, null, 2)}\n`);
  } else {
    for (const r of runs) io.stdout(`${c.bold(r.file)}\n${paint(formatSuiteTable(r.result, { warnings: v.warnings === true }), c)}\n\n`);
    if (runs.length > 1) io.stdout(`${passed} passed, ${failed} failed\n`);
  }
  return runs.every((r) => r.result.ok) ? EXIT.ok : EXIT.failed;
}
