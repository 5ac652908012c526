/**
 * A layer's first decision on an action is evaluated without the policies' statement index
 * (`evaluateUnindexed`, src/evaluate/layer.ts): it must give the indexed path's verdict, having
 * tried the same statements in the same order (the matcher step budget counts every step of
 * them, so a decision that runs out of steps runs out on both paths alike).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePolicy } from '../../src/policy/parse.js';
import { compilePolicy, RESOURCE_INDEX_MIN, type CompiledPolicy } from '../../src/evaluate/compile.js';
import { evaluateLayer, evaluateUnindexed, policyList } from '../../src/evaluate/layer.js';
import { prepareRequest } from '../../src/evaluate/request/prepare.js';
import type { RequestPrincipal } from '../../src/evaluate/principal.js';
import { StepBudget } from '../../src/policy/limits.js';

const ACTIONS = ['s3:GetObject', 's3:Get*', 's3:*', '*', 's3:PutObject', 's3:get?bject', 'S3:GETOBJECT', 'sqs:*', 's*'];
const RESOURCES = [
  '*',
  'arn:aws:s3:::b/*',
  'arn:aws:s3:::b*',
  'arn:aws:s3:::*/k',
  'arn:aws:s3:::${aws:username}/*',
  'arn:*',
];
const PRINCIPALS = [
  '*',
  { AWS: '*' },
  { AWS: '111111111111' },
  { AWS: 'arn:aws:iam::111111111111:root' },
  { AWS: 'arn:aws:iam::111111111111:user/alice' },
  { AWS: 'arn:aws:iam::222222222222:role/r' },
];
const REQUEST_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'sqs:SendMessage', 'ec2:RunInstances', 's3'];

const statement = fc.record({
  Effect: fc.constantFrom('Allow', 'Deny'),
  actionKey: fc.constantFrom('Action', 'Action', 'Action', 'NotAction'),
  actions: fc.uniqueArray(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 2 }),
  resources: fc.uniqueArray(fc.constantFrom(...RESOURCES), { minLength: 1, maxLength: 2 }),
  principal: fc.constantFrom(...PRINCIPALS),
});

/** The generated statements as one compiled policy, `undefined` when they do not parse. */
function compiled(
  statements: readonly {
    Effect: string;
    actionKey: string;
    actions: string[];
    resources: string[];
    principal: unknown;
  }[],
  resourcePolicy: boolean,
  id: string,
): CompiledPolicy | undefined {
  const Statement = statements.map((s) => ({
    Effect: s.Effect,
    [s.actionKey]: s.actions,
    Resource: s.resources,
    ...(resourcePolicy ? { Principal: s.principal } : {}),
  }));
  const parsed = parsePolicy(
    { Version: '2012-10-17', Statement },
    resourcePolicy ? { type: 'resource' } : { type: 'identity', attachment: 'aws-managed' },
  );
  return parsed.ok ? compilePolicy(parsed.policy, id) : undefined;
}

const ALICE: RequestPrincipal = {
  kind: 'user',
  arn: 'arn:aws:iam::111111111111:user/alice',
  account: '111111111111',
  partition: 'aws',
  userArn: 'arn:aws:iam::111111111111:user/alice',
  uniqueId: 'AIDAALICE',
  hasBoundary: false,
};

describe('a layer evaluated without its statement index', () => {
  it('gives the indexed verdict and takes the same matcher steps', () => {
    const seen = { unindexed: 0, fallback: 0 };
    fc.assert(
      fc.property(
        fc.array(fc.array(statement, { minLength: 1, maxLength: 14 }), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(...REQUEST_ACTIONS),
        fc.constantFrom('arn:aws:s3:::b/k', 'arn:aws:s3:::alice/k', 'arn:aws:s3:::c/k', '*'),
        fc.integer({ min: 0, max: 40 }),
        (docs, resourcePolicy, asList, action, resource, limit) => {
          const policies = docs.map((d, i) => compiled(d, resourcePolicy, `p${i}`));
          fc.pre(policies.every((p) => p !== undefined));
          const list = policies as CompiledPolicy[];
          const layer = resourcePolicy ? 'resource' : 'identity';
          const given = asList || list.length > 1 ? policyList(list) : (list[0] as CompiledPolicy);
          const run = (f: (budget: StepBudget) => unknown) => {
            const budget = new StepBudget(limit);
            return { verdict: f(budget), steps: budget.steps };
          };
          const request = (budget: StepBudget) =>
            prepareRequest(ALICE, action, resource, {
              get: (k: string) => (k === 'aws:username' ? 'alice' : undefined),
              budget,
            });
          const indexed = run((b) => evaluateLayer(given, layer, request(b), resourcePolicy));
          const unindexed = run((b) => evaluateUnindexed(given, layer, request(b), resourcePolicy));
          expect(unindexed.verdict).toEqual(indexed.verdict);
          expect(unindexed.steps).toBe(indexed.steps);
          const statements = list.reduce((n, p) => n + p.statements.length, 0);
          if (action.includes(':') && statements < RESOURCE_INDEX_MIN) seen.unindexed++;
          else seen.fallback++;
        },
      ),
      { numRuns: 600 },
    );
    expect(seen.unindexed).toBeGreaterThan(100);
  });

  it('falls back to the indexed path for a list of at least RESOURCE_INDEX_MIN statements of the service', () => {
    // 40 Denies of other buckets, then one Allow: the prefix table narrows the indexed path to the
    // Allow alone; trying every statement would charge the 40 Denies' resource tests too.
    const Statement = [
      ...Array.from({ length: 40 }, (_, i) => ({
        Effect: 'Deny',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::x${i}/*`,
      })),
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
    ];
    const parsed = parsePolicy({ Version: '2012-10-17', Statement }, { type: 'identity', attachment: 'aws-managed' });
    if (!parsed.ok) throw new Error('invalid');
    const policy = compilePolicy(parsed.policy, 'p');
    const steps = (f: typeof evaluateLayer) => {
      const budget = new StepBudget(1_000);
      const req = prepareRequest(ALICE, 's3:GetObject', 'arn:aws:s3:::b/k', { get: () => undefined, budget });
      expect(f(policy, 'identity', req, false)).toEqual({ verdict: 'allow' });
      return budget.steps;
    };
    expect(steps(evaluateUnindexed)).toBe(steps(evaluateLayer));
  });
});
