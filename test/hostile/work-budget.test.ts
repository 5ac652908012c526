/**
 * Regression tests for issue #11 ("Hostile input, round two"): bounded work for every input and
 * fail-closed reads. Work is asserted by step counts and outcomes, never by wall time.
 */
import { describe, expect, it } from 'vitest';
import { createAuthorizer, evaluate, parsePolicy, validateWorld } from '../../src/index.js';
import { importWorld, mergeWorlds } from '../../src/entries/import.js';
import { DEFAULT_LIMITS, StepBudget, checkRequestLimits, quotaLowerBound } from '../../src/policy/limits.js';
import { isIamEntityArn, isIamPath } from '../../src/policy/iam-names.js';
import { isDateValue, parseDateValue } from '../../src/policy/condition-values.js';
import { parseRequestTime } from '../../src/condition/date.js';
import { compileGlob, matchGlob } from '../../src/match/wildcard.js';
import { formatReason } from '../../src/evaluate/reasons.js';
import { MAX_SLICE_KEY_CHARS, MAX_SLICES, SMALL_WORLD } from '../../src/model/lazy-authorizer.js';

const A = '111111111111';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const TIME = '2025-06-01T12:00:00Z';
const allow = { Effect: 'Allow', Action: '*', Resource: '*' };
const policy = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });

describe('request caps (AWS limits by default, configurable)', () => {
  const base = { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', time: TIME };
  const world = { users: { [ALICE]: { policies: [policy(allow)] } } };
  it('refuses over-long action, resource, principal and context before any matching', () => {
    const a = createAuthorizer(world);
    expect(a.authorize(base).decision).toBe('Allow');
    expect(a.authorize({ ...base, action: `s3:${'x'.repeat(126)}` })).toMatchObject({
      decision: 'ImplicitDeny',
      reason: 'BudgetExceeded',
      detail: 'action',
    });
    expect(a.authorize({ ...base, resource: `arn:aws:s3:::b/${'k'.repeat(2048)}` })).toMatchObject({
      reason: 'BudgetExceeded',
      detail: 'resource',
    });
    expect(a.authorize({ ...base, context: { 'x:v': 'v'.repeat(2049) } })).toMatchObject({
      reason: 'BudgetExceeded',
      detail: 'context',
    });
    expect(a.authorize({ ...base, context: { ['k'.repeat(129)]: 'v' } })).toMatchObject({
      reason: 'BudgetExceeded',
      detail: 'context',
    });
    expect(checkRequestLimits({ context: { k: new Array(1e8) } })).toBe('context');
  });
  it('a context getter that answers within the caps when checked and over them when read fails closed', () => {
    const deny = {
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { StringLike: { 's3:prefix': 'private/*' } },
    };
    const a = createAuthorizer({ users: { [ALICE]: { policies: [policy(allow, deny)] } } });
    const shifting = (second: string | string[]) => {
      let reads = 0;
      return Object.defineProperty({}, 's3:prefix', {
        enumerable: true,
        get: () => (++reads === 1 ? 'public/x' : second),
      });
    };
    const long = `private/${'x'.repeat(5_000_000)}`;
    for (const context of [shifting(long), shifting(['a', long]), shifting(new Array<string>(2_000).fill('a'))]) {
      expect(a.authorize({ ...base, context })).toMatchObject({ decision: 'ImplicitDeny', reason: 'BudgetExceeded' });
      expect(evaluate({ ...base, context, policies: { identity: [policy(allow, deny)] } } as never)).toMatchObject({
        decision: 'ImplicitDeny',
        reason: 'BudgetExceeded',
      });
    }
    // Within the caps on every read, the value decides as usual.
    expect(a.authorize({ ...base, context: shifting('private/y') }).decision).toBe('ExplicitDeny');
  });
  it('the caps are options', () => {
    const a = createAuthorizer(world, { limits: { maxActionLength: 1000 } });
    expect(a.authorize({ ...base, action: `s3:${'x'.repeat(500)}` }).decision).toBe('Allow');
  });
});

describe('matcher step budget per decision (fails closed with BudgetExceeded)', () => {
  // The request chooses the pattern length through a policy variable (spec §3.7).
  const deny = {
    Effect: 'Deny',
    Action: '*',
    Resource: '*',
    Condition: { StringLike: { 'x:t': ['*${x:v}-1', '*${x:v}-2', '*${x:v}-3'] } },
  };
  const world = { users: { [ALICE]: { policies: [policy(allow, deny)] } } };
  const request = {
    principal: ALICE,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    time: TIME,
    context: { 'x:v': 'a'.repeat(2000), 'x:t': 'a'.repeat(2048) },
  };
  it('a decision over the budget is ImplicitDeny BudgetExceeded, never Allow', () => {
    const d = createAuthorizer(world, { limits: { maxMatchSteps: 10_000 } }).authorize(request);
    expect(d).toMatchObject({ decision: 'ImplicitDeny', reason: 'BudgetExceeded', detail: 'matchSteps' });
  });
  it('within a large enough budget it decides (the Deny does not match: Allow)', () => {
    expect(createAuthorizer(world, { limits: { maxMatchSteps: 1e9 } }).authorize(request).decision).toBe('Allow');
  });
  it('the matcher stops at the limit: steps ≤ limit + 1 whatever the text', () => {
    const budget = new StepBudget(5_000);
    const glob = compileGlob(`*${'a'.repeat(2000)}-1`);
    expect(matchGlob(glob, 'a'.repeat(2048), 0, 2048, budget)).toBe(false);
    expect(budget.exceeded).toBe(true);
    expect(budget.steps).toBe(5_001);
  });
  it('the worst decision within the default caps stays under the default budget or fails closed', () => {
    const d = createAuthorizer(world).authorize(request);
    expect(['Allow', 'ImplicitDeny']).toContain(d.decision);
    if (d.decision === 'ImplicitDeny') expect(formatReason(d)).toBe('BudgetExceeded:matchSteps');
  });
  it('evaluate() has the same budget', () => {
    const d = evaluate(
      { policies: { identity: [policy(allow, deny)] }, ...request },
      { limits: { maxMatchSteps: 10_000 } },
    );
    expect(d).toMatchObject({ decision: 'ImplicitDeny', reason: 'BudgetExceeded', detail: 'matchSteps' });
  });
});

describe('no backtracking: IAM entity ARNs and paths by splitting', () => {
  const OLD = /^arn:[\w-]+:iam::\d{12}:user\/(?:[\x21-\x7e]+\/)*[\w+=,.@-]+$/;
  it('agrees with the old pattern on short texts', () => {
    const parts = ['a', '/', '!', 'b', '//'];
    const texts: string[] = [''];
    for (let n = 0; n < 5; n++) for (const t of [...texts]) for (const p of parts) texts.push(t + p);
    for (const t of texts) {
      const arn = `arn:aws:iam::${A}:user/${t}`;
      expect(isIamEntityArn(arn, 'user'), arn).toBe(OLD.test(arn));
    }
  });
  it('a 90-byte hostile user ARN key is refused at once (it hung validateWorld)', () => {
    const key = `arn:aws:iam::${A}:user/${'a/'.repeat(40)}!`;
    expect(validateWorld({ users: { [key]: {} } }).ok).toBe(false);
    expect(isIamPath(`/${'a/'.repeat(5000)}`)).toBe(true);
  });
});

describe('linear parsing and quotas before parsing', () => {
  it('issues in a policy with a 40 KB member name are located (no path-keyed map)', () => {
    const text = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"${'k'.repeat(40_000)}":"v"}}},{"Effect":"Maybe"}]}`;
    const r = parsePolicy(text, { type: 'identity', maxSize: false });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.find((e) => e.path.startsWith('Statement[1]'))?.line).toBe(1);
  });
  it('an over-quota text is refused before it is parsed, with the size in the message', () => {
    const text = JSON.stringify(policy(...Array.from({ length: 20_000 }, () => allow)));
    expect(quotaLowerBound(text)).toBeGreaterThan(6144);
    const r = parsePolicy(`${text}!`, { type: 'identity' }); // a syntax error it never reaches
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.code).toBe('policy-too-large');
  });
  it('issue counts are capped', () => {
    const r = parsePolicy(
      policy(...Array.from({ length: 5_000 }, () => ({ Effect: 'Allow', Action: 'bad action', Resource: '*' }))),
      { type: 'identity', maxSize: false },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxIssues + 1);
      expect(r.errors.at(-1)?.code).toBe('too-many-issues');
    }
  });
  it('Fn::FindInMap into mappings that refer to mappings resolves each mapping once', () => {
    const Mappings: Record<string, unknown> = { M0: { k: { v: 'x' } } };
    for (let i = 1; i <= 40; i++)
      Mappings[`M${i}`] = {
        k: {
          v: {
            'Fn::Join': [
              '',
              [{ 'Fn::FindInMap': [`M${i - 1}`, 'k', 'v'] }, { 'Fn::FindInMap': [`M${i - 1}`, 'k', 'v'] }],
            ],
          },
        },
      };
    const template = {
      Mappings,
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::FindInMap': ['M20', 'k', 'v'] } } },
      },
    };
    const r = importWorld(template, 'cloudformation');
    expect(r.ok).toBe(true);
  });
});

describe('fail open, fixed: one parser per value kind', () => {
  it('every time the engine formats, it reads back (year ≥ 10000, before 1970)', () => {
    for (const ms of [253402300800000, -86_400_000, -62198755200000]) {
      const text = new Date(ms).toISOString();
      expect(parseDateValue(text)).toBe(ms);
      expect(parseDateValue(String(Math.floor(ms / 1000)))).toBe(Math.floor(ms / 1000) * 1000);
    }
  });
  it('what the validator accepts, the evaluator reads (fractions, long epochs)', () => {
    for (const v of ['2020-01-01T00:00:00.1234567891Z', '0001700000000000', '1700000000.5']) {
      expect(isDateValue(v)).toBe(true);
      expect(Number.isNaN(parseDateValue(v))).toBe(false);
    }
    expect(isDateValue('1700000000000000')).toBe(false); // past the Date range: refused by both, not accepted by one
  });
  it('a Deny DateGreaterThan applies to a request in the year 10000 and to a digit-string time (epoch ms)', () => {
    const deny = {
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { DateGreaterThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } },
    };
    const a = createAuthorizer({ users: { [ALICE]: { policies: [policy(allow, deny)] } } });
    const req = { principal: ALICE, action: 's3:GetObject', resource: '*' };
    expect(a.authorize({ ...req, time: 253402300800000 }).decision).toBe('ExplicitDeny');
    expect(a.authorize({ ...req, time: String(Date.UTC(2031, 0, 1)) }).decision).toBe('ExplicitDeny');
    expect(a.authorize({ ...req, time: String(Date.UTC(2029, 0, 1)) }).decision).toBe('Allow');
    expect(parseRequestTime('1700000000000')).toBe(1700000000000);
  });
  it('a time before 1970 is read against aws:EpochTime', () => {
    const deny = {
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { NumericLessThan: { 'aws:EpochTime': '0' } },
    };
    const a = createAuthorizer({ users: { [ALICE]: { policies: [policy(allow, deny)] } } });
    expect(
      a.authorize({ principal: ALICE, action: 's3:GetObject', resource: '*', time: '1969-06-01T00:00:00Z' }).decision,
    ).toBe('ExplicitDeny');
  });
  it('BinaryEquals: a request value that is not base64 matches nothing', () => {
    const cond = (v: string) =>
      evaluate({
        policies: { identity: [policy({ ...allow, Condition: { BinaryEquals: { 'x:b': 'YWJj' } } })] },
        principal: ALICE,
        action: 's3:GetObject',
        resource: '*',
        time: TIME,
        context: { 'x:b': v },
      }).decision;
    expect(cond('YWJj')).toBe('Allow');
    expect(cond('abc')).toBe('ImplicitDeny');
  });
});

describe('fail closed on shape and quota', () => {
  it('evaluate(): SCP/RCP levels of the wrong shape are InvalidRequest', () => {
    for (const scps of [{}, 'x', [1], 5]) {
      const d = evaluate({
        policies: { identity: [policy(allow)], scps: scps as never },
        principal: ALICE,
        action: 's3:GetObject',
        resource: '*',
        time: TIME,
      });
      expect(d.decision).toBe('ImplicitDeny');
      expect(formatReason(d)).toMatch(/^InvalidRequest:/);
    }
  });
  it('a world naming its own policy arn:aws:iam::aws:policy/… is held to the size quota', () => {
    const big = policy(...Array.from({ length: 400 }, (_, i) => ({ Sid: `S${i}`, ...allow })));
    const arn = 'arn:aws:iam::aws:policy/Huge';
    const a = createAuthorizer({ managedPolicies: { [arn]: big }, users: { [ALICE]: { policies: [arn] } } });
    expect(a.ok).toBe(false);
  });
  it('mergeWorlds keeps an own __proto__ member as data, and survives null, BigInt and cycles', () => {
    const users = JSON.parse(`{"__proto__": {"polluted": true}}`) as Record<string, unknown>;
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    const r = mergeWorlds([null, { users }, { users: { x: 1n } }, { users: { x: cyc } }] as never);
    if (!r.ok) throw new Error(r.errors[0]?.message);
    const merged = r.world.users as Record<string, unknown>;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(merged, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(validateWorld(r.world).ok).toBe(false);
  });
});

describe('caches keyed by request strings are bounded in characters, not only entries', () => {
  // The eager authorizer keeps no cache that a decision writes: principals, context keys, resource
  // accounts and actions are resolved at compile time (test/architecture/no-global-state.test.ts holds
  // the engine to no module-wide state). The one cache a decision writes is the lazy mode's slices.
  const base = { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', time: TIME };
  // Bystanders past SMALL_WORLD records: a smaller world is compiled whole and never sliced.
  const bystanders = Object.fromEntries(
    Array.from({ length: SMALL_WORLD }, (_, i) => [`arn:aws:iam::${A}:user/bystander${i}`, {}]),
  );
  const world = { users: { [ALICE]: { policies: [policy(allow)] }, ...bystanders } };
  type Slices = { slices: Map<string, unknown>; sliceKeyChars: number };
  const held = (lazy: unknown) => {
    const { slices, sliceKeyChars } = lazy as Slices;
    const chars = [...slices.keys()].reduce((n, k) => n + k.length, 0);
    return { entries: slices.size, chars, counted: sliceKeyChars };
  };

  it('the lazy authorizer keeps at most MAX_SLICE_KEY_CHARS characters of request keys', () => {
    const lazy = createAuthorizer(world, { compile: 'lazy' });
    const first = lazy.authorize(base);
    // 2,000-character resources (within the caps): 20 keys of ~2 KB each, far from the entry cap.
    for (let i = 0; i < 20; i++) lazy.authorize({ ...base, resource: `arn:aws:s3:::b/${i}${'k'.repeat(2000)}` });
    let h = held(lazy);
    expect(h.entries).toBe(21);
    expect(h.counted).toBe(h.chars);
    // Over-long request strings (refused later by the caps) that fill the character budget in few entries.
    for (let i = 0; i < 10; i++)
      lazy.authorize({ ...base, accessKeyId: `${i}${'A'.repeat(100_000)}`, principal: undefined as never });
    h = held(lazy);
    expect(h.counted).toBe(h.chars);
    expect(h.chars).toBeLessThanOrEqual(MAX_SLICE_KEY_CHARS);
    expect(h.entries).toBeLessThanOrEqual(MAX_SLICES);
    expect(h.entries).toBeLessThan(10);
    // A key longer than the whole budget is not kept at all.
    const decision = lazy.authorize({ ...base, principal: `${ALICE}${'x'.repeat(MAX_SLICE_KEY_CHARS)}` });
    expect(decision).toMatchObject({ decision: 'ImplicitDeny', reason: 'BudgetExceeded', detail: 'principal' });
    expect(held(lazy).chars).toBeLessThanOrEqual(MAX_SLICE_KEY_CHARS);
    expect([...(lazy as unknown as Slices).slices.keys()].every((k) => k.length <= MAX_SLICE_KEY_CHARS)).toBe(true);
    // Nothing it dropped changes a decision.
    expect(lazy.authorize(base)).toEqual(first);
  });
});
