/**
 * A clause without a set operator or a date instant is compiled to a shorter test (src/condition/
 * compile.ts, `plainCondition`), and a case-sensitive `StringEquals`-family clause without
 * variables to a direct comparison. Both must answer what the reference reading of spec §3
 * answers, for absent, single and multivalued keys (empty lists, empty strings included), every
 * letter case, wildcards in values and policy variables.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from '../depth.js';
import { clauseHolds } from '../reference/conditions.js';
import { compileBlock, context } from './helpers.js';

const OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIfExists',
  'StringNotEqualsIfExists',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'StringLikeIfExists',
  'Bool',
  'BoolIfExists',
  'NumericEquals',
  'NumericLessThan',
  'IpAddress',
  'NotIpAddress',
  'ArnLike',
  'ArnNotEquals',
];

const text = fc.constantFrom('', 'a', 'A', 'ab', 'a/b', 'a*', 'a?', '*', 'true', 'FALSE', '10', '10.0.0.1', 'alice');
const policyValue = fc.oneof(
  text,
  fc.constantFrom('${aws:username}', 'a/${aws:username}', '${aws:username}*', 'arn:aws:s3:::a*', '10.0.0.0/8'),
);
const requestValue = fc.oneof(text, fc.constantFrom('arn:aws:s3:::ab', 'arn:aws:s3:::A/b', '10.1.2.3'));
/** The key's value: absent, one value, or a list (possibly empty). */
const keyValue = fc.oneof(fc.constant(undefined), requestValue, fc.array(requestValue, { maxLength: 3 }));

describe('plain condition clauses', () => {
  it('decide as the reference reading of spec §3 does', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...OPERATORS),
        fc.array(policyValue, { minLength: 1, maxLength: 3 }),
        keyValue,
        fc.option(fc.constantFrom('alice', 'ALICE', 'a*'), { nil: undefined }),
        fc.option(fc.nat(2), { nil: undefined }),
        (operator, values, keyed, username, near) => {
          // Often the request value is one of the policy values with its letter case swapped.
          const value = near === undefined ? keyed : swapCase(values[near % values.length] as string);
          const keys: Record<string, unknown> = {};
          if (value !== undefined) keys['test:Key'] = value;
          if (username !== undefined) keys['aws:username'] = username;
          // Policy values the validator rejects (a number operator's `a`) are outside the question.
          let clause;
          try {
            [clause] = compileBlock({ [operator]: { 'test:Key': values } });
          } catch {
            fc.pre(false);
          }
          const ref = new Map<string, string | readonly string[]>();
          for (const [k, v] of Object.entries(keys)) ref.set(k.toLowerCase(), v as string | readonly string[]);
          expect(clause?.test(context(keys))).toBe(clauseHolds(operator, 'test:Key', values, ref, '2012-10-17'));
        },
      ),
      { numRuns: runs(3000, 0.01) },
    );
  });
});

function swapCase(s: string): string {
  return [...s].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
}
