/**
 * `iam-verdict test --reporter junit`: the results as JUnit XML, the format CI systems (GitHub
 * Actions reporters, GitLab, Jenkins, Azure Pipelines) read. One `<testsuite>` per test file; a
 * file that could not be run is one failed test case carrying its errors.
 */
import { formatReason } from '../evaluate/reasons.js';
import { formatIssue } from '../policy/issues.js';
import { describeDecision } from '../testing/describe.js';
import type { TestSuiteResult } from '../testing/suite.js';

/** Escapes text for XML attributes and content (and drops characters XML 1.0 cannot hold). */
function xml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

/** The JUnit XML document of some test files' results. */
export function junitReport(runs: readonly { file: string; result: TestSuiteResult }[]): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const { file, result } of runs) {
    const name = xml(result.name ?? file);
    const cases: string[] = [];
    if (result.errors.length > 0) {
      const body = result.errors.map(formatIssue).join('\n');
      cases.push(
        `    <testcase classname="${xml(file)}" name="the test file runs"><failure message="the test file could not be run" type="error">${xml(body)}</failure></testcase>`,
      );
    }
    for (const r of result.results) {
      const expected = r.expected + (r.expectedReason ? ` (${r.expectedReason})` : '');
      const actual = r.actual.decision + (r.actual.reason ? ` (${formatReason(r.actual)})` : '');
      if (r.passed) cases.push(`    <testcase classname="${xml(file)}" name="${xml(r.name)}"/>`);
      else {
        const detail =
          r.refusal !== undefined
            ? `refused before any policy was evaluated: ${r.refusal}`
            : describeDecision(r.actual);
        cases.push(
          `    <testcase classname="${xml(file)}" name="${xml(r.name)}"><failure message="${xml(`expected ${expected}, got ${actual}`)}" type="assertion">${xml(detail)}</failure></testcase>`,
        );
      }
    }
    const failed = cases.filter((c) => c.includes('<failure')).length;
    tests += cases.length;
    failures += failed;
    suites.push(
      `  <testsuite name="${name}" tests="${cases.length}" failures="${failed}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="iam-verdict" tests="${tests}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`;
}
