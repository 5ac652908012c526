/**
 * Fixtures of the audit tests and small views of findings.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../../src/audit/index.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const NOW = '2025-06-01T12:00:00Z';

export function fixtureText(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

export function fixture(name: string): unknown {
  return JSON.parse(fixtureText(name)) as unknown;
}

/** The check ids reported for the subject whose ARN is `arn`, sorted. */
export function checksOf(findings: readonly Finding[], arn: string): string[] {
  return findings
    .filter((f) => f.arn === arn)
    .map((f) => f.checkId)
    .sort();
}

/** The one finding of `checkId` for `arn` (fails the test when there is not exactly one). */
export function only(findings: readonly Finding[], checkId: string, arn: string): Finding {
  const found = findings.filter((f) => f.checkId === checkId && f.arn === arn);
  if (found.length !== 1)
    throw new Error(
      `expected one ${checkId} finding for ${arn}, got ${found.length}: ${JSON.stringify(findings.map((f) => [f.checkId, f.arn]))}`,
    );
  return found[0] as Finding;
}
