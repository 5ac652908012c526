/**
 * A compiled policy lists each statement under every service prefix its `Action` names, lower-cased
 * (spec §2.1: action names are case-insensitive), and under none when it may apply to any service.
 * The prefixes are matched in place without building their text (issue #16: compile time at
 * scale); a prefix that is the start of another (`s3`, `s3express`) or differs only in case must
 * still land in its own list. The expectation is worked out here from the documents' text.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePolicy } from '../../src/policy/parse.js';
import { compilePolicy } from '../../src/evaluate/compile.js';

const ACTIONS = [
  's3:GetObject',
  'S3:PutObject',
  's3express:CreateSession',
  'S3Express:CreateSession',
  'ec2:DescribeInstances',
  'ec2messages:GetMessages',
  'ssm:GetParameter',
  'ssmmessages:OpenDataChannel',
  'kms:Decrypt',
];

describe('service lists of a compiled policy', () => {
  it('hold each statement under the lower-cased prefixes its actions name', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 4 }), {
          minLength: 1,
          maxLength: 5,
        }),
        (actions) => {
          const doc = {
            Version: '2012-10-17',
            Statement: actions.map((a) => ({ Effect: 'Allow', Action: a, Resource: '*' })),
          };
          const parsed = parsePolicy(doc, { type: 'identity' });
          if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
          const compiled = compilePolicy(parsed.policy, 'p');
          const expected = new Map<string, number[]>();
          actions.forEach((list, i) => {
            for (const a of list) {
              const service = a.slice(0, a.indexOf(':')).toLowerCase();
              const at = expected.get(service) ?? [];
              if (at[at.length - 1] !== i) at.push(i);
              expected.set(service, at);
            }
          });
          expect(new Set(compiled.byService.keys())).toEqual(new Set(expected.keys()));
          for (const [service, indexes] of expected)
            expect(compiled.byService.get(service)?.map((st) => st.index)).toEqual(indexes);
          expect(compiled.anyService).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
