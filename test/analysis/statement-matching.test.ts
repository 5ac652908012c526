import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../src/index.js';
import { compilePolicySet } from '../../src/evaluate/evaluate.js';
import { worldFacts } from '../../src/analysis/facts.js';
import { unknownKeys } from '../../src/analysis/keys.js';
import { StatementIndex } from '../../src/analysis/statements.js';

// The statement index answers "which statements' Action and Resource elements match (action,
// resource)?" with one probe per question, shared by the actions that the same statements name
// (the elements are tested apart). Over random policies (Action/NotAction and Resource/NotResource
// lists with wildcards) and questions asked in a random order, its answer is the set of statements
// that the engine, deciding each statement alone, finds matching.

const A = '111111111111';
const actionPattern = fc.constantFrom(
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:Create*',
  'iam:*LoginProfile',
  'iam:*',
  's3:GetObject',
  's3:*',
  '*',
);
const resourcePattern = fc.constantFrom(
  '*',
  `arn:aws:iam::${A}:user/*`,
  `arn:aws:iam::${A}:user/u1`,
  `arn:aws:iam::${A}:user/team/*`,
  `arn:aws:iam::*:role/*`,
  `arn:aws:iam::${A}:*`,
  'arn:aws:s3:::b/*',
);
const statement = fc.record({
  effect: fc.constantFrom('Allow', 'Deny'),
  notAction: fc.boolean(),
  actions: fc.array(actionPattern, { minLength: 1, maxLength: 2 }),
  notResource: fc.boolean(),
  resources: fc.array(resourcePattern, { minLength: 1, maxLength: 2 }),
});
const toStatement = (s: {
  effect: string;
  notAction: boolean;
  actions: string[];
  notResource: boolean;
  resources: string[];
}) => ({
  Effect: s.effect,
  [s.notAction ? 'NotAction' : 'Action']: s.actions,
  [s.notResource ? 'NotResource' : 'Resource']: s.resources,
});
const questionAction = fc.constantFrom(
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:PutUserPolicy',
  's3:GetObject',
  's3:PutObject',
);
const questionResource = fc.constantFrom(
  `arn:aws:iam::${A}:user/u1`,
  `arn:aws:iam::${A}:user/u2`,
  `arn:aws:iam::${A}:user/team/u3`,
  `arn:aws:iam::${A}:role/r1`,
  'arn:aws:s3:::b/k',
  '*',
);

describe('statement index', () => {
  it('matches (action, resource) as the engine decides each statement alone', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(statement, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(questionAction, questionResource), { minLength: 1, maxLength: 20 }),
        (policies, questions) => {
          const world = {
            managedPolicies: Object.fromEntries(
              policies.map((sts, i) => [
                `arn:aws:iam::${A}:policy/p${i}`,
                { Version: '2012-10-17', Statement: sts.map(toStatement) },
              ]),
            ),
            users: {
              [`arn:aws:iam::${A}:user/u1`]: { policies: policies.map((_, i) => `arn:aws:iam::${A}:policy/p${i}`) },
            },
          };
          const authorizer = createAuthorizer(world);
          expect(authorizer.ok).toBe(true);
          if (!authorizer.world) throw new Error('the world must compile');
          const facts = worldFacts(authorizer.world, unknownKeys());
          const index = new StatementIndex(facts, unknownKeys());
          for (const [action, resource] of questions) {
            const expected: number[] = [];
            facts.documents.forEach((d, doc) => {
              const sts = (d.doc as { Statement: object[] }).Statement;
              sts.forEach((st, i) => {
                const alone = compilePolicySet({
                  identity: [{ Version: '2012-10-17', Statement: [{ ...st, Effect: 'Allow' }] }],
                });
                if (!alone.ok) throw new Error('a statement alone must compile');
                const r = alone.evaluate({
                  principal: `arn:aws:iam::${A}:user/probe`,
                  action,
                  resource,
                  resourceAccount: A,
                });
                if (r.decision === 'Allow') expected.push(index.byDocument[doc]?.[i] as number);
              });
            });
            const { star, part } = index.matchingParts(action, resource);
            expect([...star, ...part].sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
            expect([...index.matching(action, resource)]).toEqual(expected);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
