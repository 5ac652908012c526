/**
 * A test file's results as a plain-text table, for terminals and CI logs. Failed tests are followed
 * by the explanation of their decision; the last line is `N passed, N failed`.
 */
import { formatReason } from '../evaluate/reasons.js';
import { formatIssue } from '../policy/issues.js';
import { describeDecision } from './describe.js';
import type { TestSuiteResult } from './suite.js';

/** Options of {@link formatSuiteTable}. */
export interface FormatSuiteTableOptions {
  /** Print the import warnings too (default `false`: only their count). */
  readonly warnings?: boolean;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/**
 * Formats the results of {@link runTestSuite} as a table.
 *
 * @example
 * ```ts
 * import { formatSuiteTable, runTestSuite } from 'iam-verdict/testing';
 *
 * const result = await runTestSuite({
 *   world: { inline: { users: { 'arn:aws:iam::111111111111:user/ann': {} } } },
 *   tests: [{ name: 'nothing is allowed', principal: 'arn:aws:iam::111111111111:user/ann', action: 's3:GetObject', resource: '*', expect: 'Deny' }],
 * });
 * console.log(formatSuiteTable(result).split('\n').at(-1)); // => 1 passed, 0 failed
 * ```
 */
export function formatSuiteTable(result: TestSuiteResult, options: FormatSuiteTableOptions = {}): string {
  const lines: string[] = [];
  if (result.name) lines.push(result.name);
  if (result.errors.length > 0) {
    lines.push('The test file could not be run:');
    for (const e of result.errors) lines.push(`  ${formatIssue(e)}`);
  }
  if (result.warnings.length > 0) {
    if (options.warnings) for (const w of result.warnings) lines.push(formatIssue(w));
    else
      lines.push(
        `(${result.warnings.length} import warning${result.warnings.length === 1 ? '' : 's'}; show them with the warnings option)`,
      );
  }
  if (result.results.length > 0) {
    const expected = result.results.map((r) => r.expected + (r.expectedReason ? ` (${r.expectedReason})` : ''));
    const actual = result.results.map(
      (r) => r.actual.decision + (r.actual.reason ? ` (${formatReason(r.actual)})` : ''),
    );
    const we = Math.max('EXPECTED'.length, ...expected.map((s) => s.length));
    const wa = Math.max('ACTUAL'.length, ...actual.map((s) => s.length));
    lines.push('', `${pad('RESULT', 6)}  ${pad('EXPECTED', we)}  ${pad('ACTUAL', wa)}  TEST`);
    result.results.forEach((r, i) => {
      lines.push(
        `${pad(r.passed ? 'PASS' : 'FAIL', 6)}  ${pad(expected[i] as string, we)}  ${pad(actual[i] as string, wa)}  ${r.name}`,
      );
      if (!r.passed && r.refusal !== undefined)
        lines.push(
          `        refused before any policy was evaluated: ${r.refusal}${r.expectedReason === undefined ? ` (name \`reason: ${r.actual.reason ?? ''}\` if this is what the test means)` : ''}`,
        );
      else if (!r.passed) for (const l of describeDecision(r.actual).split('\n').slice(1)) lines.push(`        ${l}`);
    });
  }
  lines.push(
    '',
    `${result.passed} passed, ${result.errors.length > 0 ? Math.max(1, result.failed) : result.failed} failed`,
  );
  return lines.join('\n');
}
