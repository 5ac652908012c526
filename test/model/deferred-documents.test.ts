/**
 * A lazy slice's documents read once as they are validated (issue #16, one-shot: no copy of a
 * document and then a validation of the copy). The fast path (`parseCallerDocument`, what
 * `CopiedMeasures.parse` runs) either gives up or gives exactly `parsePolicy`'s result; it reads
 * each caller member once, keeps no caller array or object in the policy, and gives up where the
 * copy would. A slice compiled that way equals the same slice compiled from its built world
 * (copied documents), whatever its documents hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileWorld } from '../../src/model/authorizer.js';
import { isDeepStrictEqual } from 'node:util';
import {
  CopiedMeasures,
  namesNoActionOf,
  parseCallerDocument,
  PickedWorld,
  readWorldFast,
  type PickedSection,
} from '../../src/model/world-fast.js';
import { parsePolicy, type ParsePolicyOptions } from '../../src/policy/parse.js';
import type { PolicyType } from '../../src/policy/ast.js';

const A = '111111111111';

/** Mostly `usual`, sometimes `odd`. */
const mostly = <T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>, weight = 25) =>
  fc.oneof({ arbitrary: usual, weight }, { arbitrary: odd, weight: 1 });

const text = fc.oneof(
  { arbitrary: fc.constantFrom('x', 'reports', 'S1', 'a b', 'é', '${aws:username}', 'x"y', 'a\\b'), weight: 4 },
  {
    arbitrary: fc.constantFrom('a\nb', '\t', '\u0001', '\u00ff', '\u0100', '\u2603', '\ud800', '\ud83d\ude00'),
    weight: 1,
  },
  { arbitrary: fc.string({ maxLength: 4, unit: 'binary' }), weight: 1 },
);
const action = mostly(
  fc.constantFrom('s3:GetObject', 's3:*', '*', 'ec2:Describe*', 'iam:PassRole', 'kms:Decrypt'),
  fc.oneof(text, fc.constantFrom('s3:Get*Object', 's3', 'S3:getobject', 's3:Get"', 's3:Get\u2603')),
);
const resource = mostly(
  fc.constantFrom('*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::b/${aws:username}/*', `arn:aws:iam::${A}:role/r`),
  fc.oneof(text, fc.constantFrom('arn:aws:s3:::b\u0100', 'arn:aws', 'arn:aws:s3:::"b')),
);
/** A string or a list of them, rarely empty or holding something else. */
const list = (a: fc.Arbitrary<unknown>) =>
  mostly(fc.oneof(a, fc.array(a, { minLength: 1, maxLength: 3 })), fc.constantFrom<unknown>([], [1], null, {}));
const principal = mostly(
  fc.constantFrom<unknown>(
    '*',
    { AWS: `arn:aws:iam::${A}:root` },
    { AWS: [A, 'arn:aws:iam::222222222222:role/x'] },
    { Service: 'ec2.amazonaws.com' },
    { Federated: 'cognito-identity.amazonaws.com' },
    { AWS: '*' },
  ),
  fc.constantFrom<unknown>({ CanonicalUser: 'ab' }, { aws: A }, {}, { AWS: 'arn:aws:iam::1:user/x' }),
  8,
);
const conditionValue = fc.oneof(
  fc.constantFrom<unknown>('true', 'data', '10.0.0.0/8', 5, true, `arn:aws:iam::${A}:role/x`, '2025-01-01T00:00:00Z'),
  fc.array(fc.constantFrom<unknown>('a', 'b*', '${aws:username}', 1, 'é'), { minLength: 1, maxLength: 2 }),
  fc.constantFrom<unknown>([], null, { x: 1 }),
);
const condition = mostly(
  fc.constantFrom<unknown>(
    { Bool: { 'aws:SecureTransport': 'true' } },
    { StringEquals: { 'aws:PrincipalTag/team': ['data', 'analytics'] }, Bool: { 'aws:SecureTransport': true } },
    { StringLike: { 's3:prefix': ['reports/*', '${aws:username}/*'] } },
    { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, NumericLessThan: { 's3:max-keys': 10 } },
    { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a', 'b'] } },
    { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/*` }, Null: { 'aws:TagKeys': 'false' } },
    { StringEqualsIfExists: { 'aws:RequestedRegion': 'eu-west-1' } },
  ),
  fc.oneof(
    fc.dictionary(
      fc.constantFrom('StringEquals', 'Bool', 'NumericLessThan', 'ForAllValues:StringLike', 'DateLessThan', 'ArnLike'),
      fc.dictionary(
        fc.constantFrom('aws:PrincipalTag/team', 'aws:SecureTransport', 'aws:SourceIp', 's3:prefix', 'aws:TagKeys'),
        conditionValue,
        { minKeys: 1, maxKeys: 2 },
      ),
      { minKeys: 1, maxKeys: 2 },
    ),
    fc.constantFrom<unknown>({ stringequals: { k: 'v' } }, { StringEquals: 'v' }, [], { StringEquals: { '': 'v' } }),
  ),
  4,
);
/** A member that is usually absent (`undefined` drops it from the statement). */
const rare = (a: fc.Arbitrary<unknown>, odds = 4) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: odds - 1 }, { arbitrary: a, weight: 1 });
/** A statement, with a `Principal` mostly when the policy type takes one. */
const statementOf = (principals: boolean) =>
  fc
    .record({
      Sid: rare(
        mostly(
          fc.constantFrom<unknown>('S1', 'S2', 'Read'),
          fc.constantFrom<unknown>('bad sid', 7, 'S"1', 'S\u00e91'),
          8,
        ),
        2,
      ),
      Effect: mostly(
        fc.constantFrom<unknown>('Allow', 'Deny'),
        fc.constantFrom<unknown>('allow', undefined, ['Allow']),
        40,
      ),
      Principal: principals ? mostly(principal, fc.constant(undefined), 40) : rare(principal, 40),
      NotPrincipal: rare(principal, 60),
      Action: mostly(list(action), fc.constant(undefined), 40),
      NotAction: rare(list(action), 40),
      Resource: mostly(list(resource), fc.constant(undefined), 40),
      NotResource: rare(list(resource), 40),
      Condition: rare(condition, 3),
      Extra: rare(text, 30),
    })
    .map((s) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)));
const policyOf = (principals: boolean) =>
  fc
    .record({
      Version: mostly(
        fc.constant<unknown>('2012-10-17'),
        fc.constantFrom<unknown>('2008-10-17', undefined, 'x', 7),
        12,
      ),
      Id: rare(mostly(text, fc.constant<unknown>(3))),
      Statement: mostly(
        fc.array(statementOf(principals), { minLength: 1, maxLength: 3 }),
        fc.oneof(statementOf(principals), fc.constant([] as unknown[])),
      ),
      Top: rare(text, 30),
      statementFirst: fc.boolean(),
    })
    .map(({ statementFirst, Statement, ...rest }) => {
      const members = Object.entries(rest).filter(([, v]) => v !== undefined);
      const s: [string, unknown] = ['Statement', Statement];
      return Object.fromEntries(statementFirst ? [s, ...members] : [...members, s]);
    });
const policy = fc.oneof(policyOf(false), policyOf(true));

/**
 * What a caller's world may do to a plain JSON value; the first five the copy refuses outright (an
 * object's prototype must be `Object.prototype` or none).
 */
const KINDS = [
  'class-prototype',
  'non-json',
  'hole',
  'too-deep',
  'inherited',
  'getter',
  'proxy',
  'null-prototype',
  'frozen',
] as const;
type Kind = (typeof KINDS)[number];
const REFUSED: ReadonlySet<Kind> = new Set(['class-prototype', 'non-json', 'hole', 'too-deep', 'inherited']);

class Record_ {}
const NON_JSON: unknown[] = [undefined, () => 1, Number.NaN, Infinity, Symbol('s'), 10n];

/** Reads made through the getters {@link decorate} planted, by getter. */
type Reads = Map<string, number>;

/**
 * `value` with the containers at `at` (indexes into a walk of its objects and arrays, the document
 * itself the first) made the `kind`'s way; every container it holds, for the aliasing check.
 */
function decorate(
  value: unknown,
  plan: readonly [number, Kind, number][],
  reads: Reads,
): { doc: object; containers: Set<object> } {
  const containers = new Set<object>();
  let counter = 0;
  const rebuild = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    const index = counter++;
    const step = plan.find(([n]) => n === index);
    let out: object;
    if (Array.isArray(v)) {
      const items = v.map(rebuild);
      if (step?.[1] === 'hole') items.length += 1;
      if (step?.[1] === 'non-json') items.push(NON_JSON[step[2] % NON_JSON.length]);
      out = items;
    } else {
      const entries = Object.entries(v as object).map(([k, x]) => [k, rebuild(x)] as const);
      const kind = step?.[1];
      const o: Record<string, unknown> =
        kind === 'class-prototype'
          ? (new Record_() as Record<string, unknown>)
          : kind === 'null-prototype'
            ? Object.create(null)
            : kind === 'inherited'
              ? Object.create({ Effect: 'Deny', Extra: 1, Statement: [] })
              : {};
      for (const [k, x] of entries) {
        if (kind === 'getter' && entries.length > 0 && k === entries[step![2] % entries.length]![0]) {
          const name = `${index}.${k}`;
          Object.defineProperty(o, k, {
            enumerable: true,
            get: () => {
              reads.set(name, (reads.get(name) ?? 0) + 1);
              return x;
            },
          });
        } else o[k] = x;
      }
      if (kind === 'non-json') o.Odd = NON_JSON[step![2] % NON_JSON.length];
      if (kind === 'too-deep') {
        let deep: unknown = 'x';
        for (let i = 0; i < 60; i++) deep = [deep];
        o.Deep = deep;
      }
      if (kind === 'frozen') Object.freeze(o);
      out = o;
    }
    if (step?.[1] === 'proxy') out = new Proxy(out, {});
    containers.add(out);
    return out;
  };
  const doc = rebuild(value) as object;
  return { doc, containers };
}

/** Every object and array the policy holds. */
function holdings(v: unknown, out: object[] = []): object[] {
  if (typeof v !== 'object' || v === null) return out;
  out.push(v);
  for (const x of Object.values(v)) holdings(x, out);
  return out;
}

const TYPES: PolicyType[] = ['identity', 'boundary', 'session', 'resource', 'trust', 'scp', 'rcp', 'endpoint'];
const plan = fc.array(fc.tuple(fc.nat(12), fc.constantFrom(...KINDS), fc.nat(5)), { maxLength: 2 });
/** A policy type and a document mostly of its kind. */
const typedPolicy = fc
  .constantFrom(...TYPES)
  .chain((type) => fc.tuple(fc.constant(type), policyOf(['resource', 'trust', 'endpoint'].includes(type))));
const sizes = fc.constantFrom<Partial<ParsePolicyOptions>>(
  {},
  { maxSize: 150 },
  { maxSize: false },
  { attachment: 'inline-user' },
);

describe('a document read once as it is validated (parseCallerDocument)', () => {
  it('gives parsePolicy’s result or gives up; reads each member once; keeps no caller array or object', () => {
    let taken = 0;
    fc.assert(
      fc.property(typedPolicy, plan, sizes, ([type, value], steps, extra) => {
        const reads: Reads = new Map();
        const { doc, containers } = decorate(value, steps, reads);
        const opts: ParsePolicyOptions = { type, ...extra };
        const fast = parseCallerDocument(doc, opts);
        for (const n of reads.values()) expect(n).toBe(1);
        const expected = parsePolicy(doc, opts);
        if (fast === undefined) {
          // It gives up only on an error, on what the copy refuses, or on a resource control policy.
          const refused = steps.some(([, kind]) => REFUSED.has(kind));
          if (!refused && type !== 'rcp') expect(expected.ok).toBe(false);
          return;
        }
        taken++;
        expect(fast).toEqual(expected);
        expect(fast.ok).toBe(true);
        if (fast.ok) for (const held of holdings(fast.policy)) expect(containers.has(held)).toBe(false);
        // Measured exactly: its size is the quota it just fits.
        const size = JSON.stringify(doc).length;
        expect(parseCallerDocument(doc, { type, maxSize: size })).toEqual(fast);
        expect(parseCallerDocument(doc, { type, maxSize: size - 1 })).toBeUndefined();
      }),
      { numRuns: 1500 },
    );
    // Not a vacuous law: many documents take the fast path.
    expect(taken).toBeGreaterThan(200);
  });

  it('gives up on a document over the size quota, with a foreign character or an error in a string read unread', () => {
    const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
    const valid = { Version: '2012-10-17', Statement: [statement] };
    expect(parseCallerDocument(valid, { type: 'identity' })).toEqual(parsePolicy(valid, { type: 'identity' }));
    const size = JSON.stringify(valid).length;
    expect(parseCallerDocument(valid, { type: 'identity', maxSize: size })?.ok).toBe(true);
    expect(parseCallerDocument(valid, { type: 'identity', maxSize: size - 1 })).toBeUndefined();
    for (const odd of [
      { ...valid, Id: 'a\u0100' },
      { ...valid, Statement: [{ ...statement, Resource: 'arn:aws:s3:::b/\u2603' }] },
      { ...valid, Statement: [{ ...statement, Action: 's3:Get\u0100' }] },
      { ...valid, Statement: [{ ...statement, Effect: 'Allow\u0000' }] },
      { ...valid, Version: '2012-10-17\ud800' },
    ]) {
      expect(parsePolicy(odd, { type: 'identity' }).ok).toBe(false);
      expect(parseCallerDocument(odd, { type: 'identity' })).toBeUndefined();
    }
    // A quote or a backslash is plain policy text, counted as JSON writes it.
    const quoted = { ...valid, Statement: [{ ...statement, Sid: 'S1', Resource: 'arn:aws:s3:::b/"\\' }] };
    const exact = { type: 'identity' as const, maxSize: JSON.stringify(quoted).length };
    expect(parseCallerDocument(quoted, exact)?.ok).toBe(true);
    expect(parseCallerDocument(quoted, exact)).toEqual(parsePolicy(quoted, exact));
    expect(parseCallerDocument(quoted, { ...exact, maxSize: exact.maxSize - 1 })).toBeUndefined();
  });

  it('counts a Sid unread only where the policy type takes ASCII letters and digits alone', () => {
    const statement = { Sid: 'S1', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
    // An identity policy's Sid is read in full: anything but a letter or digit is an error.
    for (const sid of ['S"1', 'S\\1', 'S\u00e91', 'S\u26031']) {
      const doc = { Version: '2012-10-17', Statement: [{ ...statement, Sid: sid }] };
      expect(parsePolicy(doc, { type: 'identity' }).ok).toBe(false);
      expect(parseCallerDocument(doc, { type: 'identity' })).toBeUndefined();
    }
    // A resource policy, or an identity policy told so, takes any Sid: its quote, backslash and
    // foreign character are measured.
    const resource = { ...statement, Principal: { AWS: A }, Resource: 'arn:aws:s3:::b/*' };
    const lenient: ParsePolicyOptions[] = [{ type: 'resource' }, { type: 'identity', strictSid: false }];
    for (const sid of ['S"1\\', 'S\u00e91', 'a b'])
      for (const options of lenient) {
        const one = options.type === 'resource' ? resource : statement;
        const doc = { Version: '2012-10-17', Statement: [{ ...one, Sid: sid }] };
        const exact = { ...options, maxSize: JSON.stringify(doc).length };
        const expected = parsePolicy(doc, exact);
        if (expected.ok) expect(parseCallerDocument(doc, exact)).toEqual(expected);
        else expect(parseCallerDocument(doc, exact)).toBeUndefined();
        expect(parseCallerDocument(doc, { ...exact, maxSize: exact.maxSize - 1 })).toBeUndefined();
      }
  });

  it('reads own members only: a polluted Object.prototype lends a document nothing', () => {
    const condition = { StringEquals: { 'aws:PrincipalTag/team': 'red' } };
    const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: condition };
    const doc = { Version: '2012-10-17', Statement: [statement] };
    const expected = parsePolicy(doc, { type: 'identity' });
    const proto = Object.prototype as Record<string, unknown>;
    try {
      proto.Effect = 'Deny';
      proto.Condition = { Bool: { 'aws:SecureTransport': 'false' } };
      proto.Extra = 1;
      expect(parseCallerDocument(doc, { type: 'identity' })).toEqual(expected);
    } finally {
      delete proto.Effect;
      delete proto.Condition;
      delete proto.Extra;
    }
  });

  it('keeps an Action or Resource list of its own, and gives a JSON tree’s policy lists of its own too', () => {
    const actions = ['s3:GetObject', 's3:PutObject'];
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: ['*'] }] };
    const fast = parseCallerDocument(doc, { type: 'identity' });
    const tree = parsePolicy(doc, { type: 'identity' });
    expect(fast?.ok && tree.ok).toBe(true);
    if (!fast?.ok || !tree.ok) return;
    expect(fast.policy.statements[0]?.action.values).toEqual(actions);
    expect(fast.policy.statements[0]?.action.values).not.toBe(actions);
    actions.push('iam:*');
    expect(fast.policy.statements[0]?.action.values).toHaveLength(2);
    expect(tree.policy.statements[0]?.action.values).toHaveLength(2);
  });
});

describe('a lazy slice compiled with its documents read once', () => {
  /** `doc` with its statements' `Action` strings turned to other services' (an s3 slice may skim it). */
  const elsewhereOnly = (doc: Record<string, unknown>): Record<string, unknown> => {
    const turn = (v: unknown) => (typeof v === 'string' ? (v.length % 2 ? 'ec2:Describe*' : 'KMS:Decrypt') : v);
    const statement = (st: unknown) => {
      if (typeof st !== 'object' || st === null || Array.isArray(st)) return st;
      const { NotAction: _, ...rest } = st as Record<string, unknown>;
      // Some leave out every s3 action instead.
      if (JSON.stringify(st).length % 3 === 0) {
        const { Action: __, ...others } = rest;
        return { ...others, NotAction: ['iam:*', 'S3:*'] };
      }
      return { ...rest, Action: Array.isArray(rest.Action) ? rest.Action.map(turn) : turn(rest.Action) };
    };
    const s = doc.Statement;
    return { ...doc, Statement: Array.isArray(s) ? s.map(statement) : statement(s) };
  };
  const docs = fc.array(fc.oneof(policy, policy.map(elsewhereOnly)), { minLength: 4, maxLength: 4 });
  const arn = (n: number) => `arn:aws:iam::${A}:policy/p${n}`;
  const user = `arn:aws:iam::${A}:user/u`;
  const roles = [`arn:aws:iam::${A}:role/r1`, `arn:aws:iam::${A}:role/r2`];
  const trust = {
    Version: '2012-10-17',
    Statement: { Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' },
  };

  /** A valid document that names an action of no service a test asks about. */
  const elsewhere = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' }],
  };

  /**
   * `world` with each identity policy and boundary a slice of `service` skims
   * (`namesOnlyOtherServices`) replaced by {@link elsewhere}: what such a slice decides as.
   */
  function skimmedWorld(world: Record<string, Record<string, unknown>>, service: string) {
    let hidden = 0;
    const swap = (doc: unknown) => {
      if (!namesNoActionOf(doc, service)) return doc;
      if (!parsePolicy(doc, { type: 'identity' }).ok) hidden++;
      return elsewhere;
    };
    const managed = Object.fromEntries(
      Object.entries(world.managedPolicies ?? {}).map(([k, v]) => {
        const named = typeof v === 'object' && v !== null && 'document' in v;
        return [k, named ? { ...(v as object), document: swap((v as { document: unknown }).document) } : swap(v)];
      }),
    );
    const users = Object.fromEntries(
      Object.entries(world.users ?? {}).map(([k, v]) => {
        const u = v as { policies?: unknown[]; permissionsBoundary?: unknown };
        return [
          k,
          {
            ...u,
            policies: u.policies?.map((p) => (typeof p === 'string' ? p : swap(p))),
            permissionsBoundary:
              typeof u.permissionsBoundary === 'string' ? u.permissionsBoundary : swap(u.permissionsBoundary),
          },
        ];
      }),
    );
    return { world: { ...world, managedPolicies: managed, users }, hidden };
  }

  /** The slice of `world` that picks every record, and the world it builds. */
  function sliceOf(world: Record<string, Record<string, unknown>>): PickedWorld {
    const picked = new Map<PickedSection, Map<string, unknown>>();
    for (const s of ['managedPolicies', 'users', 'roles', 'resourcePolicies'] as const)
      if (world[s] !== undefined) picked.set(s, new Map(Object.entries(world[s] as object)));
    return new PickedWorld(world, picked);
  }

  it('equals the slice compiled from its built world (documents copied), errors, warnings and decisions', () => {
    // Slices that skimmed a document with an error (its errors left out of their outcome).
    let errorsHidden = 0;
    fc.assert(
      fc.property(docs, plan, fc.boolean(), fc.nat(3), (values, steps, shared, boundary) => {
        const reads: Reads = new Map();
        const [d0, d1, d2, d3] = values.map((v, i) => decorate(v, i === 0 ? steps : [], reads).doc);
        const world: Record<string, Record<string, unknown>> = {
          managedPolicies: { [arn(0)]: d0, [arn(1)]: { name: 'p1', document: d1 } },
          users: {
            [user]: {
              policies: [arn(0), arn(1), d2],
              // The same managed policy as a boundary too (parsed twice, as two types), or a document.
              permissionsBoundary: boundary === 0 ? arn(0) : boundary === 1 ? d3 : arn(1),
            },
          },
          roles: Object.fromEntries(
            roles.map((r, i) => [r, { trustPolicy: shared || i === 0 ? trust : { ...trust, Id: 'x' } }]),
          ),
          resourcePolicies: {
            b: { policy: d3, resource: 'arn:aws:s3:::b', kind: boundary === 2 ? 'role-trust' : 'resource' },
          },
        };
        const slice = sliceOf(world);
        // An s3 slice skims each document that names only other services' actions, read once or
        // copied: it decides, reports and warns as the world with such documents made valid.
        const { world: valid, hidden } = skimmedWorld(world, 's3');
        const oracle = compileWorld(sliceOf(valid).build(), {}, 's3');
        for (const service of ['s3', undefined]) {
          const fast = compileWorld(slice, {}, service);
          const copied = compileWorld(slice.build(), {}, service);
          const like = service === undefined ? copied : oracle;
          expect([fast.ok, fast.errors, fast.warnings]).toEqual([like.ok, like.errors, like.warnings]);
          expect([copied.ok, copied.errors, copied.warnings]).toEqual([like.ok, like.errors, like.warnings]);
          for (const request of [
            { principal: user, action: 's3:GetObject', resource: 'arn:aws:s3:::b/x', resourcePolicy: 'b' },
            { principal: user, action: 'sts:AssumeRole', resource: roles[1] as string },
          ]) {
            if (service !== undefined && !request.action.startsWith(`${service}:`)) continue;
            expect(fast.authorize(request)).toEqual(like.authorize(request));
            expect(copied.authorize(request)).toEqual(like.authorize(request));
          }
        }
        if (hidden > 0) errorsHidden++;
      }),
      { numRuns: 300 },
    );
    expect(errorsHidden).toBeGreaterThan(0);
  });

  it('measures a resource policy’s Sids after an identity policy’s, in one slice', () => {
    // Strict Sids first (counted unread), then a resource policy one character over its quota
    // by its Sid's quote, which JSON writes as two.
    const identity = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'S1', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    };
    const statement = { Sid: 'x"y', Effect: 'Allow', Principal: { AWS: A }, Action: 's3:GetObject', Resource: '' };
    const resource = { Version: '2012-10-17', Statement: [statement] };
    statement.Resource = `arn:aws:s3:::b/${'k'.repeat(20481 - JSON.stringify(resource).length - 15)}`;
    expect(JSON.stringify(resource).length).toBe(20481);
    const world = {
      managedPolicies: { [arn(0)]: identity },
      users: { [user]: { policies: [arn(0), identity] } },
      resourcePolicies: { b: { policy: resource, resource: 'arn:aws:s3:::b' } },
    };
    const slice = sliceOf(world);
    const fast = compileWorld(slice, {});
    const copied = compileWorld(slice.build(), {});
    expect(copied.errors.map((e) => e.code)).toContain('policy-too-large');
    expect([fast.ok, fast.errors, fast.warnings]).toEqual([copied.ok, copied.errors, copied.warnings]);
  });

  it('reads again, copied, a slice whose deferred document nobody parsed', () => {
    // A managed policy no record of the slice refers to is never compiled: its copy alone checks it.
    const unused = JSON.parse('{"Version": "2012-10-17", "__proto__": {}, "Statement": []}') as object;
    const world = { managedPolicies: { [arn(0)]: unused }, users: { [user]: {} } };
    const slice = sliceOf(world);
    const fast = compileWorld(slice, {});
    const copied = compileWorld(slice.build(), {});
    expect(fast.ok).toBe(false);
    expect([fast.ok, fast.errors, fast.warnings]).toEqual([copied.ok, copied.errors, copied.warnings]);
  });

  it('stands a deferred document in the world: no member, no JSON text, parsed once by its own reading', () => {
    const measures = CopiedMeasures.deferring();
    const doc = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } };
    const world = { managedPolicies: { [arn(0)]: doc }, users: { [user]: { policies: [arn(0)] } } };
    const read = readWorldFast(sliceOf(world), measures);
    const standIn = read?.managedPolicies[arn(0)] as object;
    expect(standIn).not.toBe(doc);
    expect(Object.keys(standIn)).toEqual([]);
    expect(() => JSON.stringify(standIn)).toThrow();
    expect(measures.settled()).toBe(false);
    // Another reading's measures know nothing of it; a caller's document is no stand-in.
    expect(new CopiedMeasures().parse(doc, { type: 'identity' })).toBeUndefined();
    expect(() => CopiedMeasures.deferring().parse(standIn, { type: 'identity' })).toThrow();
    expect(measures.parse(standIn, { type: 'identity' })).toEqual(parsePolicy(doc, { type: 'identity' }));
    expect(measures.settled()).toBe(true);
    // A second parse (another policy type) is the copy's to make.
    expect(() => measures.parse(standIn, { type: 'boundary' })).toThrow();
    // A reading that copies its documents defers none.
    const copying = new CopiedMeasures();
    expect(readWorldFast(sliceOf(world), copying)?.managedPolicies[arn(0)]).toEqual(doc);
  });
});
