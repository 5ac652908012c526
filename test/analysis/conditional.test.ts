import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../src/index.js';
import {
  AtomOracle,
  createAnalysis,
  decideConditional,
  unknownKeys,
  type ConditionalDecision,
} from '../../src/analysis/index.js';
import { worldFacts } from '../../src/analysis/facts.js';
import { doc } from './worlds.js';

const estate = JSON.parse(readFileSync('examples/estate.world.json', 'utf8')).world;
const ALICE = 'arn:aws:iam::111111111111:user/alice';
const USER = 'arn:aws:iam::111111111111:user/u';

/** The conditional decision of `USER`'s `s3:GetObject` in `world`, with the engine and the oracle that check it. */
function conditionalGet(world: object): {
  authorizer: ReturnType<typeof createAuthorizer>;
  oracle: AtomOracle;
  request: { principal: string; action: string; resource: string; time: string };
  d: ConditionalDecision;
} {
  const authorizer = createAuthorizer(world);
  const unknown = unknownKeys();
  const oracle = new AtomOracle();
  const ctx = { authorizer, unknown, clauses: worldFacts(authorizer.world!, unknown).clauses, oracle };
  const request = {
    principal: USER,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    time: '2025-06-01T12:00:00Z',
  };
  return { authorizer, oracle, request, d: decideConditional(ctx, request) };
}

describe('conditional decisions', () => {
  const a = createAnalysis(estate);
  it('keeps request-time keys as a residual condition', () => {
    const admin = a.decide({
      principal: ALICE,
      action: 'sts:AssumeRole',
      resource: 'arn:aws:iam::222222222222:role/Admin',
    });
    expect(admin.verdict).toBe('Conditional');
    expect(admin.text).toBe('aws:MultiFactorAuthPresent = true');
    expect(admin.proofs.map((p) => p.decision.decision).sort()).toEqual(['Allow', 'ImplicitDeny']);
    const vendor = a.decide({
      principal: 'arn:aws:iam::444455556666:role/Collector',
      action: 'sts:AssumeRole',
      resource: 'arn:aws:iam::222222222222:role/VendorReadOnly',
    });
    expect(vendor.text).toBe('sts:ExternalId = acme-7f3a9c');
  });
  it('answers Allow and Deny when no request-time key matters', () => {
    expect(
      a.decide({ principal: ALICE, action: 'sts:AssumeRole', resource: 'arn:aws:iam::222222222222:role/ReadOnly' })
        .verdict,
    ).toBe('Allow');
    const d = a.decide({
      principal: 'arn:aws:iam::111111111111:user/bob',
      action: 'sts:AssumeRole',
      resource: 'arn:aws:iam::222222222222:role/Admin',
    });
    expect(d.verdict).toBe('Deny');
    expect(d.condition.op).toBe('false');
  });
  it('keeps keys the request gives concrete', () => {
    const d = a.decide({
      principal: ALICE,
      action: 'sts:AssumeRole',
      resource: 'arn:aws:iam::222222222222:role/Admin',
      context: { 'aws:MultiFactorAuthPresent': true },
    });
    expect(d.verdict).toBe('Allow');
  });
  it('a user without an MFA device never has MFA', () => {
    const w = {
      users: {
        [USER]: {
          policies: [
            doc({
              Effect: 'Allow',
              Action: 's3:GetObject',
              Resource: '*',
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
            }),
          ],
        },
      },
    };
    expect(
      createAnalysis(w).decide({ principal: USER, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }).verdict,
    ).toBe('Deny');
  });
  it('summarizes a disjunction and a conjunction readably', () => {
    const w = {
      users: {
        [USER]: {
          mfaDevices: ['arn:aws:iam::111111111111:mfa/u'],
          policies: [
            doc(
              {
                Effect: 'Allow',
                Action: 's3:GetObject',
                Resource: '*',
                Condition: {
                  Bool: { 'aws:MultiFactorAuthPresent': 'true' },
                  IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
                },
              },
              {
                Effect: 'Allow',
                Action: 's3:GetObject',
                Resource: '*',
                Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
              },
            ),
          ],
        },
      },
    };
    const d = createAnalysis(w).decide({ principal: USER, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' });
    expect(d.verdict).toBe('Conditional');
    expect(d.keys.map((k) => k.toLowerCase()).sort()).toEqual([
      'aws:multifactorauthpresent',
      'aws:requestedregion',
      'aws:sourceip',
    ]);
    expect(d.text).toMatch(/aws:MultiFactorAuthPresent = true/);
    expect(d.text).toMatch(/aws:SourceIp in 10\.0\.0\.0\/8/);
    expect(d.text).toMatch(/aws:RequestedRegion = eu-west-1/);
    expect(d.text).toMatch(/ or /);
  });
  it('an empty tag value is a null data set: ForAllValues denies it, and the residual says so (seed 669370889)', () => {
    const world = {
      users: {
        [USER]: {
          policies: [
            doc(
              { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
              {
                Effect: 'Deny',
                Action: 's3:GetObject',
                Resource: '*',
                Condition: { StringEquals: { 'aws:RequestTag/team': ['data', 'web*'] } },
              },
              {
                Effect: 'Allow',
                Action: 's3:GetObject',
                Resource: '*',
                Condition: { Null: { 'aws:RequestTag/team': ['true'] } },
              },
              {
                Effect: 'Deny',
                Action: 's3:GetObject',
                Resource: '*',
                Condition: { 'ForAllValues:StringLike': { 'aws:RequestTag/team': ['data'] } },
              },
            ),
          ],
        },
      },
    };
    const { authorizer, oracle, request, d } = conditionalGet(world);
    for (const team of ['', 'web', 'data', undefined]) {
      const context: Record<string, string> = team === undefined ? {} : { 'aws:RequestTag/team': team };
      const concrete = authorizer.authorize({ ...request, context }, { allowOverrides: true }).decision === 'Allow';
      expect([team, oracle.evaluate(d.condition, { 'aws:RequestTag/team': team })]).toEqual([team, concrete]);
    }
    expect(authorizer.authorize({ ...request, context: { 'aws:RequestTag/team': '' } }).decision).toBe('ExplicitDeny');
  });
  it('a multivalued key takes sets mixing a value one statement allows with one another statement rejects (seed -483980905)', () => {
    // `StringEquals [data]` holds on ["data", "other"] (some value is data) while
    // `ForAllValues:StringLike [data, web*]` fails on it (not every value is allowed): no fixed
    // witness list had that combination, so the residual dropped the first statement.
    const allow = (Condition: object) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition });
    const world = {
      users: {
        [USER]: {
          policies: [
            doc(
              allow({ StringEquals: { 'aws:TagKeys': ['team', 'web*'] } }),
              allow({ StringEquals: { 'aws:TagKeys': ['data'] } }),
              allow({ 'ForAllValues:StringLike': { 'aws:TagKeys': ['data', 'web*'] } }),
            ),
          ],
        },
      },
    };
    const { authorizer, oracle, request, d } = conditionalGet(world);
    for (const keys of [['data', 'other'], ['other', 'data'], ['team', 'x'], ['webapp', 'other'], ['other'], []]) {
      const context = { 'aws:TagKeys': keys } as unknown as Record<string, string>;
      const concrete = authorizer.authorize({ ...request, context }, { allowOverrides: true }).decision === 'Allow';
      expect([keys, oracle.evaluate(d.condition, { 'aws:TagKeys': keys })]).toEqual([keys, concrete]);
    }
    expect(authorizer.authorize({ ...request, context: { 'aws:TagKeys': ['data', 'other'] } }).decision).toBe('Allow');
  });
  it('reports truncated when the product exceeds the cap', () => {
    const stmts = ['a', 'b', 'c', 'd', 'e'].map((t, i) => ({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: '*',
      Condition: { StringEquals: { [`aws:RequestTag/${t}`]: [`v${i}`, `w${i}`, `x${i}`] } },
    }));
    const w = { users: { [USER]: { policies: [doc(...stmts)] } } };
    const d = createAnalysis(w, { maxCombinations: 50 }).decide({
      principal: USER,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
    });
    expect(d.truncated).toBe(true);
    expect(d.combinations).toBeLessThanOrEqual(50);
  });
});

// ---------------------------------------------------------------- the law
// For random worlds and random assignments of the request-time keys (witnesses and arbitrary
// values), the engine's concrete decision is Allow exactly when the residual holds.

const CIDRS = ['10.0.0.0/8', '10.1.0.0/16', '192.168.1.0/24', '203.0.113.5/32', '2001:db8::/32'];
const REGIONS = ['eu-west-1', 'us-east-1', 'us-*'];
const TIMES = ['2025-01-01T00:00:00Z', '2025-06-01T00:00:00Z', '2026-01-01T00:00:00Z'];

const clause = fc.oneof(
  fc.record({
    op: fc.constantFrom('IpAddress', 'NotIpAddress', 'IpAddressIfExists', 'NotIpAddressIfExists'),
    key: fc.constant('aws:SourceIp'),
    values: fc.subarray(CIDRS, { minLength: 1, maxLength: 2 }),
  }),
  fc.record({
    op: fc.constantFrom('Bool', 'BoolIfExists'),
    key: fc.constant('aws:MultiFactorAuthPresent'),
    values: fc.subarray(['true', 'false'], { minLength: 1, maxLength: 1 }),
  }),
  fc.record({
    op: fc.constantFrom('StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLikeIfExists'),
    key: fc.constant('aws:RequestedRegion'),
    values: fc.subarray(REGIONS, { minLength: 1, maxLength: 2 }),
  }),
  fc.record({
    op: fc.constantFrom('DateLessThan', 'DateGreaterThanEquals'),
    key: fc.constant('aws:CurrentTime'),
    values: fc.subarray(TIMES, { minLength: 1, maxLength: 1 }),
  }),
  fc.record({
    op: fc.constantFrom('Null'),
    key: fc.constantFrom('aws:SourceIp', 'aws:RequestTag/team'),
    values: fc.subarray(['true', 'false'], { minLength: 1, maxLength: 1 }),
  }),
  fc.record({
    op: fc.constantFrom('StringEquals', 'ForAnyValue:StringEquals', 'ForAllValues:StringLike'),
    key: fc.constantFrom('aws:RequestTag/team', 'aws:TagKeys'),
    values: fc.subarray(['team', 'data', 'web*'], { minLength: 1, maxLength: 2 }),
  }),
);

const statement = fc.record({
  effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
  conditions: fc.array(clause, { minLength: 0, maxLength: 2 }),
});

const toStatement = (s: { effect: string; conditions: { op: string; key: string; values: string[] }[] }) => {
  const Condition: Record<string, Record<string, string[]>> = {};
  for (const c of s.conditions) (Condition[c.op] ??= {})[c.key] = c.values;
  return { Effect: s.effect, Action: 's3:GetObject', Resource: '*', ...(s.conditions.length ? { Condition } : {}) };
};

const valueOf = (key: string): fc.Arbitrary<unknown> => {
  switch (key) {
    case 'aws:SourceIp':
      return fc.oneof(
        fc.ipV4(),
        fc.constantFrom('10.0.0.0', '9.255.255.255', '11.0.0.0', '203.0.113.5', '2001:db8::1'),
      );
    case 'aws:MultiFactorAuthPresent':
      return fc.constantFrom('true', 'false');
    case 'aws:RequestedRegion':
      return fc.constantFrom('eu-west-1', 'us-east-1', 'us-west-2', 'ap-south-1', 'us-');
    case 'aws:CurrentTime':
      return fc
        .date({ min: new Date('2024-06-01T00:00:00Z'), max: new Date('2026-06-01T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'aws:TagKeys':
      return fc.subarray(['team', 'data', 'webapp', 'other']);
    default:
      return fc.constantFrom('team', 'data', 'webapp', 'other', '');
  }
};
const KEYS = [
  'aws:SourceIp',
  'aws:MultiFactorAuthPresent',
  'aws:RequestedRegion',
  'aws:CurrentTime',
  'aws:RequestTag/team',
  'aws:TagKeys',
];
const assignment = fc.record(
  Object.fromEntries(
    KEYS.map((k) => [k, k === 'aws:CurrentTime' ? valueOf(k) : fc.option(valueOf(k), { nil: undefined })]),
  ) as Record<string, fc.Arbitrary<unknown>>,
);

describe('the residual law', () => {
  it('the engine allows a concrete request exactly when the residual holds on its keys', () => {
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 1, maxLength: 4 }),
        fc.array(assignment, { minLength: 8, maxLength: 8 }),
        (statements, assignments) => {
          const world = {
            users: {
              [USER]: {
                mfaDevices: ['arn:aws:iam::111111111111:mfa/u'],
                policies: [doc(...statements.map(toStatement))],
              },
            },
          };
          const { authorizer, oracle, request, d } = conditionalGet(world);
          expect(d.truncated).toBe(false);
          for (const a of assignments) {
            const context = Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as Record<
              string,
              string
            >;
            const concrete =
              authorizer.authorize({ ...request, context }, { allowOverrides: true }).decision === 'Allow';
            expect(
              oracle.evaluate(d.condition, a as Record<string, string | undefined>),
              `${d.text} on ${JSON.stringify(context)}`,
            ).toBe(concrete);
          }
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150) > 150 ? 400 : 150 },
    );
  });
});
