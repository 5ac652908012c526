/**
 * Laws of failing closed (issue #7): unknown condition operators and unparsable values never
 * grant access.
 */
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { createAuthorizer, parsePolicy } from '../../src/index.js';
import { anyScenario, BASE_SEED, runs } from '../reference/generators.js';
import { itChunked } from './chunked.js';
import { clone, policySlots, statementsOf } from './world-edits.js';

const RUNS = runs(300, 0.05);
const PER_TEST = 1000;
const A = '111111111111';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const request = {
  principal: ALICE,
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::b/k',
  time: '2025-06-01T12:00:00Z',
};

/** Operator names that are not operators: misspelt, wrong case, impossible combinations, reserved words. */
const UNKNOWN_OPERATORS = [
  'stringequals',
  'StringEqual',
  'StringEqualsX',
  'String Equals',
  'StringEqualsIfExistsIfExists',
  'IfExistsStringEquals',
  'ForAllValues:Null',
  'ForAnyValue:Null',
  'NullIfExists',
  'ForSomeValues:StringEquals',
  'ForAllValues:ForAnyValue:StringEquals',
  'forallvalues:StringEquals',
  'ForAllValues:',
  'IfExists',
  'NotNull',
  'BoolNot',
  'NumericNotLessThan',
  'BinaryNotEquals',
  'ArnLikeIfExist',
  '',
  '*',
  'toString',
  'hasOwnProperty',
  'valueOf',
];

describe(`unknown condition operators never grant access (${RUNS} runs, seed ${BASE_SEED})`, () => {
  itChunked(
    'an unknown operator in any Allow statement makes the world invalid and every request denied',
    RUNS,
    PER_TEST,
    (numRuns, seed) => {
      fc.assert(
        fc.property(
          anyScenario,
          fc.nat(),
          fc.constantFrom(...UNKNOWN_OPERATORS),
          fc.constantFrom('aws:username', 'custom:k'),
          ({ world, request: req }, at, operator, key) => {
            const changed = clone(world);
            const slots = policySlots(changed).filter((s) => s.type !== 'rcp');
            const slot = slots[at % slots.length];
            if (!slot) return;
            const allows = statementsOf(slot.doc).filter((st) => st.Effect === 'Allow');
            fc.pre(allows.length > 0);
            for (const st of allows) st.Condition = { ...((st.Condition as object) ?? {}), [operator]: { [key]: 'x' } };
            const authorizer = createAuthorizer(changed);
            expect(authorizer.ok).toBe(false);
            expect(authorizer.errors.map((e) => e.code)).toContainEqual(
              expect.stringMatching(/^(unknown-operator|ifexists-on-null)$/),
            );
            expect(authorizer.authorize(req).decision).toBe('ImplicitDeny');
            expect(parsePolicy(slot.doc, { type: slot.type }).ok).toBe(false);
          },
        ),
        { numRuns, seed },
      );
    },
  );
});

type Family = 'numeric' | 'date' | 'ip' | 'bool' | 'arn';

/** Non-negated operators per family, and values that parse. */
const FAMILIES: Readonly<Record<Family, { operators: string[]; negated: string[]; values: string[]; junk: string[] }>> =
  {
    numeric: {
      operators: [
        'NumericEquals',
        'NumericLessThan',
        'NumericLessThanEquals',
        'NumericGreaterThan',
        'NumericGreaterThanEquals',
      ],
      negated: ['NumericNotEquals'],
      values: ['-1e300', '0', '10', '1e300'],
      junk: ['abc', '1,000', '0x10', 'NaN', 'Infinity', '-Infinity', '1e', '--1', '1.2.3', '½', '١٢', '10 apples'],
    },
    date: {
      operators: ['DateEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'],
      negated: ['DateNotEquals'],
      values: ['1970-01-01T00:00:00Z', '2025-06-01T12:00:00Z', '9999-12-31T23:59:59Z'],
      junk: [
        'yesterday',
        '2025-13-01',
        '2025-06-01T25:00:00Z',
        'NaN',
        '2025-02-30',
        'Infinity',
        '2025-06-01T12:00:00+25:00',
        '2025/06/01',
      ],
    },
    ip: {
      operators: ['IpAddress'],
      negated: ['NotIpAddress'],
      values: ['0.0.0.0/0', '::/0'],
      junk: [
        '999.1.1.1',
        'abc',
        '1.2.3',
        '::g',
        '1.2.3.4/33',
        '01.2.3.4',
        '1.2.3.4 ',
        'localhost',
        '1:2:3:4:5:6:7:8:9',
      ],
    },
    bool: {
      operators: ['Bool'],
      negated: [],
      values: ['true', 'false'],
      junk: ['yes', '1', '0', 'tru', 'on', 'TRUEE', 'null'],
    },
    arn: {
      operators: ['ArnLike', 'ArnEquals'],
      negated: ['ArnNotLike', 'ArnNotEquals'],
      values: ['*', 'arn:*:*:*:*:*'],
      junk: ['not-an-arn', 'arn:aws:s3', 'arn:aws:iam::', '*', 'arn', 'arn:aws:s3:::'.slice(0, -1)],
    },
  };

const family = fc.constantFrom(...(Object.keys(FAMILIES) as Family[]));
const prefix = fc.constantFrom('', 'ForAnyValue:', 'ForAllValues:');
const suffix = fc.constantFrom('', 'IfExists');

/** Junk request values for a family: one value, or a non-empty list of them. */
const junkFor = (f: Family) =>
  fc.oneof(
    fc.constantFrom(...FAMILIES[f].junk),
    fc.uniqueArray(fc.constantFrom(...FAMILIES[f].junk), { minLength: 1, maxLength: 3 }),
  );

describe(`unparsable values never grant access (${RUNS} runs, seed ${BASE_SEED})`, () => {
  itChunked(
    'an unparsable request value never satisfies a non-negated operator in an Allow',
    RUNS,
    PER_TEST,
    (numRuns, seed) => {
      const cases = family.chain((f) =>
        fc.tuple(fc.constant(f), fc.constantFrom(...FAMILIES[f].operators), prefix, suffix, junkFor(f)),
      );
      fc.assert(
        fc.property(cases, ([f, op, pre, post, junk]) => {
          const operator = `${pre}${op}${post}`;
          const gated = {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: '*',
                Resource: '*',
                Condition: { [operator]: { 'custom:k': FAMILIES[f].values } },
              },
            ],
          };
          const authorizer = createAuthorizer({ users: { [ALICE]: { policies: [gated] } } });
          expect(authorizer.errors).toEqual([]);
          expect(authorizer.authorize({ ...request, context: { 'custom:k': junk } }).decision).toBe('ImplicitDeny');
        }),
        { numRuns, seed },
      );
    },
  );

  itChunked('an unparsable request value makes a negated operator in a Deny apply', RUNS, PER_TEST, (numRuns, seed) => {
    const withNegated = family.filter((f) => FAMILIES[f].negated.length > 0);
    const cases = withNegated.chain((f) =>
      fc.tuple(
        fc.constant(f),
        fc.constantFrom(...FAMILIES[f].negated),
        fc.constantFrom('', 'ForAnyValue:', 'ForAllValues:'),
        suffix,
        junkFor(f),
      ),
    );
    fc.assert(
      fc.property(cases, ([f, op, pre, post, junk]) => {
        const deny = {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Action: '*',
              Resource: '*',
              Condition: { [`${pre}${op}${post}`]: { 'custom:k': FAMILIES[f].values } },
            },
          ],
        };
        const authorizer = createAuthorizer({ users: { [ALICE]: { policies: [allowAll, deny] } } });
        expect(authorizer.authorize({ ...request, context: { 'custom:k': junk } }).decision).toBe('ExplicitDeny');
      }),
      { numRuns, seed },
    );
  });

  itChunked(
    'an unparsable policy value is a validation error and the world denies everything',
    RUNS,
    PER_TEST,
    (numRuns, seed) => {
      const cases = family.chain((f) =>
        fc.tuple(
          fc.constant(f),
          fc.constantFrom(...FAMILIES[f].operators, ...FAMILIES[f].negated),
          suffix,
          fc.constantFrom(...FAMILIES[f].junk),
        ),
      );
      fc.assert(
        fc.property(
          cases.filter(([f]) => f !== 'arn'), // ARN operator values are patterns: any text is one
          ([, op, post, junk]) => {
            const policy = {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: '*', Resource: '*', Condition: { [`${op}${post}`]: { 'custom:k': junk } } },
              ],
            };
            const authorizer = createAuthorizer({ users: { [ALICE]: { policies: [policy] } } });
            expect(authorizer.ok).toBe(false);
            expect(authorizer.authorize({ ...request, context: { 'custom:k': junk } }).decision).toBe('ImplicitDeny');
          },
        ),
        { numRuns, seed },
      );
    },
  );

  itChunked(
    'a policy variable where variables are not substituted is literal text and never matches',
    RUNS,
    PER_TEST,
    (numRuns, seed) => {
      const cases = family
        .filter((f) => f !== 'arn')
        .chain((f) => fc.tuple(fc.constantFrom(...FAMILIES[f].operators), fc.constantFrom(...FAMILIES[f].values)));
      fc.assert(
        fc.property(cases, ([op, value]) => {
          const policy = {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: '*', Resource: '*', Condition: { [op]: { 'custom:k': '${custom:v}' } } },
            ],
          };
          const authorizer = createAuthorizer({ users: { [ALICE]: { policies: [policy] } } });
          expect(authorizer.errors).toEqual([]);
          expect(authorizer.authorize({ ...request, context: { 'custom:k': value, 'custom:v': value } }).decision).toBe(
            'ImplicitDeny',
          );
        }),
        { numRuns, seed },
      );
    },
  );
});
