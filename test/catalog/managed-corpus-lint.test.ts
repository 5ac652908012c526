/**
 * The AWS managed policy corpus, linted with the catalog: no ERROR for any policy, and the
 * unknown-action findings are the actions the catalog really lacks.
 */
import { describe, expect, it } from 'vitest';
import { bundledCatalog } from '../../src/catalog/bundled.js';
import { awsManagedPolicies, awsManagedPolicyArns } from '../../src/managed/aws-managed-policies.js';
import { parsePolicy } from '../../src/policy/parse.js';
import { formatIssue } from '../../src/policy/issues.js';
import type { LintFinding } from '../../src/lint/lint-policy.js';

const catalog = bundledCatalog();
const arns = awsManagedPolicyArns();

describe('linting every AWS managed policy with the catalog', () => {
  const results = arns.map((arn) => ({
    arn,
    result: parsePolicy(awsManagedPolicies(arn), { type: 'identity', attachment: 'aws-managed', catalog }),
  }));

  it('finds no ERROR in any of them (and no size error: AWS managed policies are exempt)', () => {
    expect(arns.length).toBeGreaterThanOrEqual(1594);
    const failures = results
      .filter((r) => !r.result.ok)
      .map((r) => `${r.arn}: ${(r.result.ok ? [] : r.result.errors).map(formatIssue).join('; ')}`);
    expect(failures).toEqual([]);
  });

  it('reports as unknown only actions the catalog does not have', () => {
    const unknown = new Set<string>();
    for (const { result } of results) {
      for (const w of result.warnings as LintFinding[]) {
        if (w.code !== 'unknown-action') continue;
        const action = /has no action (\S+)/.exec(w.message)?.[1] ?? '';
        unknown.add(action);
        expect(catalog.action(action)).toBeUndefined();
      }
    }
    console.log(
      `unknown actions in the AWS managed policies (catalog ${catalog.date}): ${unknown.size}: ${[...unknown].sort().join(', ')}`,
    );
    const byCode = new Map<string, number>();
    for (const { result } of results)
      for (const w of result.warnings as LintFinding[])
        if (w.finding) byCode.set(`${w.finding} ${w.code}`, (byCode.get(`${w.finding} ${w.code}`) ?? 0) + 1);
    console.log(
      `findings over the corpus: ${[...byCode]
        .sort()
        .map(([k, n]) => `${k}=${n}`)
        .join(', ')}`,
    );
  });

  it('rejects these policies for size when validated as customer managed', () => {
    const big = arns.filter((arn) => {
      const r = parsePolicy(awsManagedPolicies(arn), { type: 'identity', attachment: 'customer-managed' });
      return !r.ok && r.errors.some((e) => e.code === 'policy-too-large');
    });
    console.log(`${big.length} AWS managed policies exceed the 6,144-character customer managed quota`);
    expect(big).toContain('arn:aws:iam::aws:policy/ReadOnlyAccess');
  });
});
