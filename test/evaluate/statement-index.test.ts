/**
 * The statement index (src/evaluate/compile.ts): per action, and for long lists per literal
 * resource prefix. An index is a shortcut only: the statements it hands out, once their action
 * and resource are tested, must be exactly those a linear scan of every statement finds, in the
 * same order (spec §2.1, §2.2, §3.7).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePolicy } from '../../src/policy/parse.js';
import {
  actionMatches,
  candidatesFor,
  compilePolicy,
  indexStatements,
  lookupPrefixes,
  needsActionTest,
  prefixTableOf,
  resourceMatches,
  RESOURCE_INDEX_MIN,
  type CompiledPolicy,
  type CompiledStatement,
} from '../../src/evaluate/compile.js';
import { splitArn } from '../../src/match/arn.js';
import { createAuthorizer } from '../../src/index.js';
import type { ContextLookup } from '../../src/condition/context.js';

/** Pieces of resource patterns and resources, few enough that prefixes collide often. */
const PATTERN_HEADS = [
  'arn:aws:s3:::',
  'arn:aws:sqs:us-east-1:1:',
  'arn:aws:s3:::${*}',
  'arn:*',
  'arn:a?s:s3:::',
  'arn:aws:${aws:username}:::',
  'arn:aws:s3:',
  'arn:aws:sqs:us-east-1:${aws:username}:',
];
const PATTERN_PIECES = [
  'a',
  'A',
  'b',
  'ab',
  ':',
  '/',
  '*',
  '?',
  '${aws:username}',
  "${aws:userid, 'z'}",
  '${*}',
  '$',
  '{',
];
const TEXT_HEADS = [
  'arn:aws:s3:::',
  'arn:aws:sqs:us-east-1:1:',
  'arn:aws:sqs:us-east-1:alice:',
  'arn:aws:s3:',
  'arn:aws:alice:::',
  'arn:',
  '',
];
const TEXT_PIECES = ['a', 'A', 'b', 'ab', ':', '/', '*', 'alice', 'z', '$', '{'];
/** Weighted towards s3:GetObject so that long lists share the request's action. */
const ACTIONS = [
  's3:GetObject',
  's3:GetObject',
  's3:GetObject',
  's3:Get*',
  's3:*',
  '*',
  's3:PutObject',
  's3:get?bject',
  'S3:GETOBJECT',
  'sqs:SendMessage',
  '*:Get*',
];
/** With patterns whose literal text covers a whole service, or none of it (compile-time action verdicts). */
const WIDE_ACTIONS = [...ACTIONS, 's*', 's3*', 'sqs:*', 's3', 'S3:Get*', 'sq?:*'];
const REQUEST_ACTIONS = [
  's3:getobject',
  's3:getobject',
  's3:getobject',
  's3:putobject',
  's3:listbucket',
  'sqs:sendmessage',
  'sqs:getqueueurl',
  'ec2:runinstances',
  // Actions without a colon, or with nothing after it: only any-service statements can match the first.
  's3',
  's3:',
];

const text = (pieces: readonly string[], max: number) =>
  fc.array(fc.constantFrom(...pieces), { maxLength: max }).map((xs) => xs.join(''));
const pattern = fc.oneof(
  { weight: 1, arbitrary: fc.constant('*') },
  {
    weight: 19,
    arbitrary: fc.tuple(fc.constantFrom(...PATTERN_HEADS), text(PATTERN_PIECES, 5)).map(([h, t]) => h + t),
  },
);

const statementOf = (actions: readonly string[]) =>
  fc.record({
    Effect: fc.constantFrom('Allow', 'Deny'),
    actionKey: fc.constantFrom('Action', 'Action', 'Action', 'NotAction'),
    actions: fc.uniqueArray(fc.constantFrom(...actions), { minLength: 1, maxLength: 2 }),
    resourceKey: fc.oneof(
      { weight: 9, arbitrary: fc.constant('Resource') },
      { weight: 1, arbitrary: fc.constant('NotResource') },
    ),
    resources: fc.array(pattern, { minLength: 1, maxLength: 2 }),
  });
const statement = statementOf(ACTIONS);

type Generated = fc.Arbitrary<
  readonly { Effect: string; actionKey: string; actions: string[]; resourceKey: string; resources: string[] }[]
>;

/** The generated statements that parse, as one compiled policy (`undefined` if none does). */
function compiled(statements: ReturnType<Generated['generate']>['value']): CompiledPolicy | undefined {
  const options = { type: 'identity', attachment: 'aws-managed' } as const;
  const valid = statements
    .map((s) => ({ Effect: s.Effect, [s.actionKey]: s.actions, [s.resourceKey]: s.resources }))
    .filter((st) => parsePolicy({ Version: '2012-10-17', Statement: [st] }, options).ok);
  if (valid.length === 0) return undefined;
  const parsed = parsePolicy({ Version: '2012-10-17', Statement: valid }, options);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return compilePolicy(parsed.policy, 'p');
}

const context = (username: string | undefined): ContextLookup => ({
  get: (k) => (k === 'aws:username' ? username : undefined),
});

const serviceOf = (action: string) => (action.includes(':') ? action.slice(0, action.indexOf(':')) : action);

/**
 * What a full scan finds: every statement whose action and resource match, in candidate order
 * (policy by policy: the statements that name the service, then those that may apply to any).
 */
function linearScan(
  policies: readonly CompiledPolicy[],
  action: string,
  resource: string,
  ctx: ContextLookup,
): CompiledStatement[] {
  const all = policies.flatMap((p) => [...(p.byService.get(serviceOf(action)) ?? []), ...p.anyService]);
  const segments = splitArn(resource);
  return all.filter((st) => actionMatches(st, action) && resourceMatches(st, segments, ctx));
}

/** What the index hands out, after the caller's action and resource tests. */
function indexed(policies: readonly CompiledPolicy[], action: string, resource: string, ctx: ContextLookup) {
  const index = policies.length === 1 ? (policies[0] as CompiledPolicy).index : indexStatements(policies);
  const list = candidatesFor(index, serviceOf(action), action, resource);
  const segments = splitArn(resource);
  // As the engine tests them: only the positions the list marks still need the action test.
  const tests = list.actionChecked ? 0 : list.allTests;
  const tested = list.all.filter(
    (st, i) =>
      (tests === 0 || !needsActionTest(tests, i) || actionMatches(st, action)) && resourceMatches(st, segments, ctx),
  );
  // The deny and allow views carry their own marks: they must agree with the list's.
  const denyTests = list.actionChecked ? 0 : list.denyTests;
  const allowTests = list.actionChecked ? 0 : list.allowTests;
  const view = (sts: readonly CompiledStatement[], m: number) =>
    sts.filter((st, i) => m === 0 || !needsActionTest(m, i) || actionMatches(st, action));
  expect(view(list.deny, denyTests)).toEqual(
    list.all.filter(
      (st, i) => st.effect === 'Deny' && (tests === 0 || !needsActionTest(tests, i) || actionMatches(st, action)),
    ),
  );
  expect(view(list.allow, allowTests)).toEqual(
    list.all.filter(
      (st, i) => st.effect === 'Allow' && (tests === 0 || !needsActionTest(tests, i) || actionMatches(st, action)),
    ),
  );
  return { list, tested };
}

const request = fc.record({
  action: fc.constantFrom(...REQUEST_ACTIONS),
  resource: fc.tuple(fc.constantFrom(...TEXT_HEADS), text(TEXT_PIECES, 6)).map(([h, t]) => h + t),
  username: fc.option(fc.constantFrom('alice', 'a', 'a*', 'z', ''), { nil: undefined }),
});

describe('statement index ≡ linear scan', () => {
  it('long lists (with a resource prefix table): the same statements, in the same order', () => {
    const seen = { narrowed: 0, matched: 0 };
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: RESOURCE_INDEX_MIN * 2, maxLength: RESOURCE_INDEX_MIN * 3 }),
        fc.array(request, { minLength: 1, maxLength: 8 }),
        (statements, requests) => {
          const p = compiled(statements);
          fc.pre(p !== undefined && p.statements.length >= RESOURCE_INDEX_MIN);
          const policy = p as CompiledPolicy;
          for (const r of requests) {
            const ctx = context(r.username);
            const { list, tested } = indexed([policy], r.action, r.resource, ctx);
            expect(tested).toEqual(linearScan([policy], r.action, r.resource, ctx));
            if (list.all.length < candidatesFor(policy.index, serviceOf(r.action), r.action).all.length)
              seen.narrowed++;
            if (tested.length > 0) seen.matched++;
            // In order: the deny and allow views are the same statements split by effect.
            expect(list.deny).toEqual(list.all.filter((st) => st.effect === 'Deny'));
            expect(list.allow).toEqual(list.all.filter((st) => st.effect === 'Allow'));
          }
        },
      ),
      { numRuns: 150 },
    );
    // The table did narrow, and statements did match: the property was not checked on empty lists.
    expect(seen.narrowed).toBeGreaterThan(100);
    expect(seen.matched).toBeGreaterThan(100);
  });

  it('lists longer than the 31 positions of a test mask: statements past them are still tested', () => {
    // 31 to 40 statements that match every action of their service (no test needed), then random
    // ones: only the statements past position 30 can need the action test.
    const matchAll = fc.record({
      Effect: fc.constantFrom('Allow', 'Deny'),
      actionKey: fc.constant('Action'),
      actions: fc.constantFrom(['s3:*'], ['*'], ['sqs:*', 's3:*']).map((a) => [...a]),
      resourceKey: fc.constant('Resource'),
      resources: fc.constant(['*']).map((r) => [...r]),
    });
    let past = 0;
    fc.assert(
      fc.property(
        fc.array(matchAll, { minLength: 31, maxLength: 40 }),
        fc.array(statement, { minLength: 1, maxLength: 10 }),
        fc.array(request, { minLength: 1, maxLength: 8 }),
        (head, tail, requests) => {
          const p = compiled([...head, ...tail]);
          fc.pre(p !== undefined);
          const policy = p as CompiledPolicy;
          for (const r of requests) {
            const ctx = context(r.username);
            const { list, tested } = indexed([policy], r.action, r.resource, ctx);
            expect(tested.map((st) => st.index)).toEqual(
              linearScan([policy], r.action, r.resource, ctx).map((st) => st.index),
            );
            if (list.all.length > 31) past++;
          }
        },
      ),
      { numRuns: 150 },
    );
    expect(past).toBeGreaterThan(100);
  });

  it('merged lists of several policies (a policy attached twice stands twice)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(statementOf(WIDE_ACTIONS), { minLength: 1, maxLength: 30 }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.boolean(),
        fc.array(request, { minLength: 1, maxLength: 6 }),
        (docs, twice, requests) => {
          const policies = docs.map((d) => compiled(d));
          fc.pre(policies.every((p) => p !== undefined));
          const list = policies as CompiledPolicy[];
          if (twice) list.push(list[0] as CompiledPolicy);
          for (const r of requests) {
            const ctx = context(r.username);
            expect(indexed(list, r.action, r.resource, ctx).tested).toEqual(
              linearScan(list, r.action, r.resource, ctx),
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the prefix table alone, at any size: never drops a statement whose resource can match', () => {
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 1, maxLength: 40 }),
        fc.array(request, { minLength: 1, maxLength: 8 }),
        (statements, requests) => {
          const p = compiled(statements);
          fc.pre(p !== undefined);
          const all = (p as CompiledPolicy).statements;
          const table = prefixTableOf(all, 0);
          fc.pre(table !== undefined);
          for (const r of requests) {
            const ctx = context(r.username);
            const hits = lookupPrefixes(table!, r.resource);
            // Ascending, distinct positions.
            for (let i = 1; i < hits.length; i++) expect(hits[i]).toBeGreaterThan(hits[i - 1] as number);
            const segments = splitArn(r.resource);
            const found = hits
              .map((i) => all[i] as CompiledStatement)
              .filter((st) => resourceMatches(st, segments, ctx));
            expect(found).toEqual(all.filter((st) => resourceMatches(st, segments, ctx)));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('narrows: a resource under none of 1,000 bucket prefixes gets no candidate, one under a bucket gets that bucket', () => {
    const statements = Array.from({ length: 1000 }, (_, i) => ({
      Effect: 'Allow',
      actionKey: 'Action',
      actions: ['s3:GetObject'],
      resourceKey: 'Resource',
      resources: [`arn:aws:s3:::bucket-${i}/*`],
    }));
    const p = compiled(statements) as CompiledPolicy;
    const some = indexed([p], 's3:getobject', 'arn:aws:s3:::bucket-42/x', context(undefined));
    // bucket-4/ is not a prefix of bucket-42/: only statement 42 is left.
    expect(some.list.all.map((st) => st.index)).toEqual([42]);
    expect(indexed([p], 's3:getobject', 'arn:aws:s3:::other/x', context(undefined)).list.all).toEqual([]);
    // Without a resource (the explaining path), every candidate.
    expect(candidatesFor(p.index, 's3', 's3:getobject').all).toHaveLength(1000);
  });

  it('variables: a statement is found under the literal text before its first variable', () => {
    const statements = Array.from({ length: 40 }, (_, i) => ({
      Effect: 'Allow',
      actionKey: 'Action',
      actions: ['s3:GetObject'],
      resourceKey: 'Resource',
      resources: [i === 39 ? 'arn:aws:s3:::home/${aws:username}/*' : `arn:aws:s3:::bucket-${i}/*`],
    }));
    const p = compiled(statements) as CompiledPolicy;
    const { tested } = indexed([p], 's3:getobject', 'arn:aws:s3:::home/alice/notes', context('alice'));
    expect(tested.map((st) => st.index)).toEqual([39]);
    expect(indexed([p], 's3:getobject', 'arn:aws:s3:::home/bob/notes', context('alice')).tested).toEqual([]);
  });
});

describe('action tests past the 31st statement of a list', () => {
  // The per-list test masks have one bit per statement for the first 31; a statement further on
  // that needs its action tested must still be tested (a merge once let the mask read "none").
  const USER = 'arn:aws:iam::111111111111:user/u';
  const neverTrue = { StringEquals: { 'aws:username': 'nobody' } };
  const POLICY = 'arn:aws:iam::111111111111:policy/many';
  const world = (explainable: 'Allow' | 'Deny') => ({
    users: { [USER]: { policies: [POLICY] } },
    managedPolicies: {
      [POLICY]: {
        Version: '2012-10-17',
        Statement: [
          ...Array.from({ length: 31 }, () => ({
            Effect: explainable,
            Action: 's3:*',
            Resource: '*',
            Condition: neverTrue,
          })),
          { Effect: 'Allow', Action: 's3:Get*', Resource: '*' },
        ],
      },
    },
  });
  const put = { principal: USER, action: 's3:PutObject', resource: 'arn:aws:s3:::b/k' };
  for (const effect of ['Allow', 'Deny'] as const)
    it(`s3:Get* at position 32 (after 31 ${effect} s3:* statements) does not allow s3:PutObject`, () => {
      const a = createAuthorizer(world(effect));
      if (!a.ok) throw new Error(JSON.stringify(a.errors));
      expect(a.authorize(put).decision).toBe('ImplicitDeny');
      expect(a.authorize(put, { explain: true }).decision).toBe('ImplicitDeny');
      expect(a.authorize({ ...put, action: 's3:GetObjectTagging' }).decision).toBe('Allow');
    });
});
