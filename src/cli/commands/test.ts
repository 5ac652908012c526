/**
 * `iam-verdict test <file…>`: runs declarative test files (YAML or JSON; see docs/iac-testing.md)
 * — the world they name is read relative to the test file — and prints the pass/fail table.
 */
import { dirname } from 'node:path';
import { formatIssue, type Issue } from '../../index.js';
import { formatSuiteTable, runTestSuite, type TestSuiteResult, type WorldFile } from '../../entries/testing.js';
import { summarizeWarnings } from '../../import/result.js';
import { parseCommandArgs } from '../args.js';
import { colours, wantsColour, type Colours } from '../colour.js';
import { EXIT, UsageError } from '../errors.js';
import { expandInputs, fileAccess, FILE_OPTIONS_HELP, namedPath, readInput, readTextFile } from '../files.js';
import type { Io } from '../io.js';
import { bundledCatalog } from '../../catalog/bundled.js';
import { awsManagedPolicies } from '../../managed/aws-managed-policies.js';
import { managedPoliciesOption } from '../managed-policies.js';
import { junitReport } from '../junit.js';

/** Help text of `test`. */
export const TEST_HELP = `Usage: iam-verdict test <file|folder|glob|-> [...] [options]

Runs IAM test files: each names a world (a world file, a CloudFormation/CDK
template, a Terraform plan or an authorization-details snapshot, read relative
to the test file) and requests with the decision each must get. Prints a
pass/fail table per file, with the explanation of every failure, and exits 1
if any test fails. A folder is searched for *.iam-test.yaml, *.iam-test.yml and
*.iam-test.json files. See docs/iac-testing.md.

Every request is checked against the world and the bundled service catalog
first: an unknown principal, account, action or resource, or a resource the
action does not take, fails the test unless it names that reason (reason:).

Options:
  --reporter table|json|junit
                       output format (default table); junit writes JUnit XML
                       for CI test reports
  --json               print the results as JSON (same as --reporter json)
  --managed-policies aws|none|DIR
                       where attached managed policies the world does not
                       define come from: aws (default) the bundled AWS managed
                       policies; DIR a folder of <PolicyName>.json documents;
                       none nothing. A test file's managedPolicies: wins.
  --warnings           print the import warnings that can change a decision, and
                       the others counted by code (by default only their number)
  --verbose            with --warnings, print every warning
  --color, --no-color  force colour on or off
${FILE_OPTIONS_HELP}
  -h, --help           show this help

Exit codes: 0 every test passed, 1 a test failed or a file could not be run,
2 usage error.

Example:
  iam-verdict test examples/iac/orders.iam-test.yaml
  iam-verdict test 'infra/**/*.iam-test.yaml'
`;

const OPTIONS = {
  json: { type: 'boolean' },
  reporter: { type: 'string' },
  'managed-policies': { type: 'string' },
  warnings: { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const;

const EXTENSIONS = ['.iam-test.yaml', '.iam-test.yml', '.iam-test.json'];

function paint(table: string, c: Colours): string {
  if (!c.enabled) return table;
  return table
    .split('\n')
    .map((line) =>
      line.startsWith('PASS  ')
        ? c.green('PASS') + line.slice(4)
        : line.startsWith('FAIL  ')
          ? c.red('FAIL') + line.slice(4)
          : line,
    )
    .join('\n');
}

/**
 * The import warnings: by default only how many there are and how many can change a decision;
 * with `--warnings` those that can change a decision in full and the others counted by code;
 * with `--verbose` every one.
 */
function warningLines(warnings: readonly Issue[], show: boolean, verbose: boolean): string[] {
  if (warnings.length === 0) return [];
  const { decisive, others } = summarizeWarnings(warnings);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (!show) {
    const which = decisive.length > 0 ? `, ${decisive.length} of which can change a decision` : '';
    return [`(${plural(warnings.length, 'import warning')}${which}; --warnings shows them)`];
  }
  if (verbose) return warnings.map((w) => formatIssue(w));
  const lines = decisive.map((w) => formatIssue(w));
  if (others.length > 0) {
    lines.push(
      `${decisive.length > 0 ? 'And ' : ''}${plural(
        others.reduce((n, o) => n + o.count, 0),
        'warning',
      )} that cannot change a decision (--verbose lists them):`,
    );
    for (const o of others)
      lines.push(
        `  ${o.count} × ${o.code} (e.g. ${o.example.path === '' ? '' : `${o.example.path}: `}${o.example.message})`,
      );
  }
  return lines;
}

/** Runs `test`; returns the exit code. */
export async function testCommand(args: readonly string[], io: Io): Promise<number> {
  const { values: v, positionals } = parseCommandArgs('test', args, OPTIONS);
  if (v.help) {
    io.stdout(TEST_HELP);
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UsageError('give at least one test file (or - for standard input)', 'test');
  const reporter = v.reporter ?? (v.json ? 'json' : 'table');
  if (reporter !== 'table' && reporter !== 'json' && reporter !== 'junit')
    throw new UsageError(`--reporter takes table, json or junit, not ${JSON.stringify(reporter)}`, 'test');
  const managedPolicies = managedPoliciesOption(v['managed-policies'], io.cwd, 'test', fileAccess('test', v, io));
  const catalog = bundledCatalog();
  const c = colours(wantsColour(io, v));
  const access = fileAccess('test', v, io);
  const sources = expandInputs(positionals, io.cwd, EXTENSIONS, 'test', access);
  const runs: { file: string; result: TestSuiteResult }[] = [];
  for (const source of sources) {
    const text = await readInput(source, io, access);
    const base = source.kind === 'file' ? dirname(source.path) : io.cwd;
    // Inside the test file's folder (unless --allow-outside-paths), and bounded like every input.
    const loadWorld = async (file: WorldFile) =>
      readTextFile(namedPath(base, file.path, access, `${source.name}: world`), file.path, access.maxBytes);
    runs.push({
      file: source.name,
      result: await runTestSuite(text, {
        loadWorld,
        catalog,
        awsManagedPolicies,
        ...(managedPolicies ? { managedPolicies } : {}),
      }),
    });
  }

  const passed = runs.reduce((n, r) => n + r.result.passed, 0);
  const failed = runs.reduce(
    (n, r) => n + (r.result.errors.length > 0 ? Math.max(1, r.result.failed) : r.result.failed),
    0,
  );
  if (reporter === 'junit') {
    io.stdout(junitReport(runs));
  } else if (reporter === 'json') {
    io.stdout(
      `${JSON.stringify({ passed, failed, files: runs.map((r) => ({ file: r.file, ...r.result })) }, null, 2)}\n`,
    );
  } else {
    for (const r of runs) {
      // The table's one-line warning count is replaced by the ranked warnings.
      const lines = warningLines(r.result.warnings, v.warnings === true, v.verbose === true);
      const table = formatSuiteTable(r.result)
        .split('\n')
        .flatMap((line) =>
          /^\(\d+ import warnings?; show them with the warnings option\)$/.test(line) ? lines : [line],
        )
        .join('\n');
      io.stdout(`${c.bold(r.file)}\n${paint(table, c)}\n\n`);
    }
    if (runs.length > 1) io.stdout(`${passed} passed, ${failed} failed\n`);
  }
  return runs.every((r) => r.result.ok) ? EXIT.ok : EXIT.failed;
}
