/**
 * Principals share the index of the policies they share (issue #16): a user's identity list takes,
 * for every service that only one part of it names (its groups' policies together, one policy of
 * its own), that part's candidates as they are. Sharing is a shortcut only: for every action the
 * list must hand out exactly the statements a freshly merged index does, in the same order. A
 * service's candidates are built on its first lookup: whatever the order of the lookups, each
 * gives what a fresh index gives, and a service's candidates are built once.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PolicyCompiler } from '../../src/model/load.js';
import { candidatesFor, indexStatements, type CompiledPolicy, type StatementList } from '../../src/evaluate/compile.js';
import type { World } from '../../src/model/world.js';

const ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:Get*',
  's3:*',
  '*',
  'sqs:SendMessage',
  'SQS:sendmessage',
  'kms:Decrypt',
  'kms:*',
  'ec2:Describe*',
];
const REQUEST_ACTIONS = [
  's3:getobject',
  's3:putobject',
  's3:listbucket',
  'sqs:sendmessage',
  'kms:decrypt',
  'ec2:describeinstances',
  'iam:getrole',
  'sns:publish',
];

const statement = fc.record({
  Effect: fc.constantFrom('Allow', 'Deny'),
  key: fc.constantFrom('Action', 'Action', 'Action', 'Action', 'Action', 'NotAction'),
  actions: fc.array(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 3 }),
  Resource: fc.constantFrom('*', 'arn:aws:s3:::b/*', 'arn:aws:sqs:us-east-1:111111111111:q'),
});
const policy = fc.array(statement, { minLength: 1, maxLength: 12 }).map((sts) => ({
  Version: '2012-10-17',
  Statement: sts.map((s) => ({ Effect: s.Effect, [s.key]: s.actions, Resource: s.Resource })),
}));

const EMPTY_WORLD = { managedPolicies: {} } as unknown as World;

function same(a: StatementList, b: StatementList): void {
  expect(a.all).toEqual(b.all);
  expect(a.all.every((st, i) => st === b.all[i])).toBe(true);
  expect(a.deny.every((st, i) => st === b.deny[i]) && a.deny.length === b.deny.length).toBe(true);
  expect(a.allow.every((st, i) => st === b.allow[i]) && a.allow.length === b.allow.length).toBe(true);
  expect(a.actionChecked).toBe(b.actionChecked);
}

describe('shared policy lists', () => {
  it('a list of parts hands out what a freshly merged index does, for every action', () => {
    let shared = 0;
    fc.assert(
      fc.property(
        fc.array(policy, { minLength: 1, maxLength: 4 }),
        fc.array(fc.array(policy, { minLength: 1, maxLength: 3 }), { minLength: 0, maxLength: 3 }),
        (ownDocs, groupDocs) => {
          const compiler = new PolicyCompiler(EMPTY_WORLD);
          const compile = (d: unknown, id: string) => compiler.document(d, 'identity', id, 'users') as CompiledPolicy;
          const own = ownDocs.map((d, i) => compile(d, `own${i}`));
          const groups = groupDocs.map((g, k) => g.map((d, i) => compile(d, `g${k}.${i}`)));
          expect(compiler.errors).toEqual([]);
          const list = compiler.listOf([...own.map((p) => [p]), compiler.listOf(groups)]);
          const flat = [...own, ...groups.flat()];
          expect([...list]).toEqual(flat);
          const fresh = indexStatements(flat);
          for (const action of REQUEST_ACTIONS) {
            const service = action.slice(0, action.indexOf(':'));
            const got = candidatesFor(list.index, service, action);
            same(got, candidatesFor(fresh, service, action));
            // Taken as they are from one part (the groups' list or one own policy), not copied.
            const parts = [...(groups.length > 0 ? [compiler.listOf(groups).index] : []), ...own.map((p) => p.index)];
            if (got.all.length > 0 && parts.some((ix) => candidatesFor(ix, service, action) === got)) shared++;
          }
        },
      ),
      { numRuns: 300 },
    );
    // Sharing did happen: the property was not checked on fresh merges only.
    expect(shared).toBeGreaterThan(50);
  });

  it('candidates built on first lookup are the same in any lookup order, and built once', () => {
    // Request actions with and without a colon, of services the policies name and of others.
    const asked = [...REQUEST_ACTIONS, 's3', 'iam', 'sts:assumerole', '*'];
    fc.assert(
      fc.property(
        fc.array(policy, { minLength: 1, maxLength: 3 }),
        fc.array(fc.array(policy, { minLength: 1, maxLength: 3 }), { minLength: 0, maxLength: 2 }),
        fc.array(fc.integer({ min: 0, max: asked.length - 1 }), { minLength: 1, maxLength: 24 }),
        (ownDocs, groupDocs, order) => {
          const compiler = new PolicyCompiler(EMPTY_WORLD);
          const compile = (d: unknown, id: string) => compiler.document(d, 'identity', id, 'users') as CompiledPolicy;
          const own = ownDocs.map((d, i) => compile(d, `own${i}`));
          const groups = groupDocs.map((g, k) => g.map((d, i) => compile(d, `g${k}.${i}`)));
          const list = compiler.listOf([...own.map((p) => [p]), compiler.listOf(groups)]);
          const serviceOf = (a: string) => (a.includes(':') ? a.slice(0, a.indexOf(':')) : a);
          const first = new Map<string, StatementList>();
          // Random order, with repeats: each answer is what a fresh index (asked in the listed order) gives.
          for (const k of order) {
            const action = asked[k] as string;
            const got = candidatesFor(list.index, serviceOf(action), action);
            const fresh = indexStatements([...own, ...groups.flat()]);
            same(got, candidatesFor(fresh, serviceOf(action), action));
            const before = first.get(action);
            if (before !== undefined) expect(got).toBe(before);
            else first.set(action, got);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
