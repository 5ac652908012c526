/**
 * JUnit XML output: one test suite per check, one failing test case per finding, and one passing
 * case for each check without findings, so CI dashboards show what was checked.
 */
import { ALL_CHECKS } from '../checks.js';
import type { Finding } from '../finding.js';
import { evidenceLines } from './text.js';

/** Escapes text for XML attribute values and character data (and drops characters XML 1.0 forbids). */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The JUnit XML report of an audit. */
export function toJUnit(findings: readonly Finding[]): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = ALL_CHECKS.reduce((n, c) => n + Math.max(1, findings.filter((f) => f.checkId === c.id).length), 0);
  out.push(`<testsuites name="iam-verdict audit" tests="${total}" failures="${findings.length}">`);
  for (const c of ALL_CHECKS) {
    const own = findings.filter((f) => f.checkId === c.id);
    out.push(`  <testsuite name="${xmlEscape(c.id)}" tests="${Math.max(1, own.length)}" failures="${own.length}">`);
    if (own.length === 0) out.push(`    <testcase classname="${xmlEscape(c.id)}" name="${xmlEscape(c.title)}"/>`);
    for (const f of own) {
      out.push(`    <testcase classname="${xmlEscape(c.id)}" name="${xmlEscape(f.arn)}">`);
      out.push(
        `      <failure type="${f.severity}" message="${xmlEscape(f.message)}">${xmlEscape([...evidenceLines(f), `fix: ${f.remediation}`].join('\n'))}</failure>`,
      );
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
