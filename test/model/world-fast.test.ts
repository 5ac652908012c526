import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolicyCompiler, validateWorldFully } from '../../src/model/load.js';
import { CopiedMeasures, readWorldFast } from '../../src/model/world-fast.js';
import { resolveLimits } from '../../src/policy/limits.js';
import { IssueSink } from '../../src/policy/issue-sink.js';
import { toJsonTree, type TreeMeasure } from '../../src/policy/json-tree.js';
import { parseCopiedPolicy, parsePolicy } from '../../src/policy/parse.js';
import type { PolicyType } from '../../src/policy/ast.js';
// @ts-expect-error: plain JavaScript bench module
import { estateWorld } from '../../bench/estate.mjs';

const A = '111111111111';
const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };

/** Values of every kind, for members that expect one of them. */
const anything = fc.oneof(
  fc.constantFrom(
    '',
    'x',
    A,
    '3600',
    '2025-06-01T12:00:00Z',
    '2025-02-30T12:00:00Z',
    `arn:aws:iam::${A}:policy/p`,
    `arn:aws:iam::${A}:group/g`,
    'generic',
    'kms-key',
    'Active',
  ),
  fc.constantFrom(0, 3600, 3599, 43200, 43201, 7200.5, true, false, null),
  fc.constant([]),
  fc.constant({}),
  fc.constant(doc),
  fc.constant({ name: 'n', document: doc }),
  fc.constant({ name: '', document: doc }),
  fc.constant({ name: 'n', document: doc, extra: 1 }),
  fc.constant({ document: doc }),
  fc.constant([doc, `arn:aws:iam::aws:policy/ReadOnlyAccess`]),
  fc.constant([`arn:aws:iam::${A}:group/g`]),
  fc.constant({ team: 'data' }),
  fc.constant({ '': 'x' }),
  fc.constant({ ['constructor']: 'x' }),
);

/** Mostly a valid value of the member, sometimes anything at all. */
const member = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: valid, weight: 20 }, { arbitrary: anything, weight: 1 });
const refs = fc.array(fc.constantFrom<unknown>(doc, `arn:aws:iam::${A}:policy/p`, { name: 'n', document: doc }), {
  maxLength: 2,
});
const VALID: Record<string, fc.Arbitrary<unknown>> = {
  org: fc.constant('o-1'),
  parents: fc.constant(['r-root']),
  name: fc.constant('n'),
  id: fc.constant('o-1'),
  rootId: fc.constant('r-root'),
  managementAccount: fc.constant(A),
  scps: fc.constant({ 'r-root': [doc] }),
  rcps: fc.constant({}),
  userId: fc.constant('AIDAX'),
  path: fc.constant('/'),
  policies: refs,
  groups: fc.constant([`arn:aws:iam::${A}:group/g`]),
  permissionsBoundary: fc.constantFrom(doc, `arn:aws:iam::${A}:policy/p`),
  tags: fc.constant({ team: 'data' }),
  mfaDevices: fc.constant([`arn:aws:iam::${A}:mfa/u`]),
  accessKeys: fc.constant([]),
  groupId: fc.constant('AGPAX'),
  trustPolicy: fc.constant(doc),
  roleId: fc.constant('AROAX'),
  maxSessionDuration: fc.constantFrom(3600, 7200),
  serviceLinked: fc.boolean(),
  description: fc.constant('d'),
  lastUsed: fc.constant('2025-06-01T12:00:00Z'),
  created: fc.constant('2024-06-01T12:00:00Z'),
  policy: fc.constant(doc),
  kind: fc.constantFrom('generic', 'kms-key', 'role-trust'),
  strict: fc.boolean(),
  resource: fc.constant('arn:aws:s3:::b'),
  account: fc.constant(A),
  type: fc.constant('s3:bucket'),
  awsManaged: fc.boolean(),
};

/** A record with some of its known members (mostly valid) and, rarely, a misspelt one. */
const record = (names: string[], required: string[] = []) =>
  fc
    .tuple(
      fc.record(
        Object.fromEntries(names.filter((n) => VALID[n]).map((n) => [n, member(VALID[n] as fc.Arbitrary<unknown>)])),
        { requiredKeys: required },
      ),
      fc.option(fc.dictionary(fc.constantFrom(...names.filter((n) => !VALID[n]), 'nmae'), anything, { maxKeys: 1 }), {
        freq: 8,
      }),
    )
    .map(([known, extra]) => ({ ...known, ...(extra ?? {}) }));

/** A section keyed mostly by the first (valid) key, sometimes by the others. */
const section = (keys: string[], value: fc.Arbitrary<unknown>) =>
  fc.dictionary(
    fc.oneof(
      { arbitrary: fc.constant(keys[0] as string), weight: 6 },
      { arbitrary: fc.constantFrom(...keys), weight: 1 },
    ),
    value,
    { maxKeys: 2 },
  );
const rarely = <T>(a: fc.Arbitrary<T>, otherwise: T) =>
  fc.oneof({ arbitrary: fc.constant(otherwise), weight: 8 }, { arbitrary: a, weight: 1 });

const world = fc
  .record(
    {
      accounts: section([A, '222222222222', '12345'], record(['org', 'parents', 'name', 's3BlockPublicAccess'])),
      organization: record(
        ['id', 'rootId', 'managementAccount', 'scps', 'rcps', 'scp'],
        ['id', 'rootId', 'managementAccount'],
      ),
      managedPolicies: section(
        [`arn:aws:iam::${A}:policy/p`, 'p'],
        fc.oneof(fc.constant(doc), fc.constant({ name: 'n', document: doc }), anything),
      ),
      users: section(
        [`arn:aws:iam::${A}:user/u`, `arn:aws:iam::${A}:user/a/b/u2`, `arn:aws:iam::${A}:role/u`],
        record([
          'userId',
          'path',
          'policies',
          'groups',
          'permissionsBoundary',
          'tags',
          'mfaDevices',
          'accessKeys',
          'password',
          'polices',
        ]),
      ),
      groups: section([`arn:aws:iam::${A}:group/g`, 'g'], record(['groupId', 'policies'])),
      roles: section(
        [`arn:aws:iam::${A}:role/r`, `arn:aws:iam::${A}:user/r`],
        record(
          [
            'trustPolicy',
            'roleId',
            'policies',
            'permissionsBoundary',
            'tags',
            'maxSessionDuration',
            'serviceLinked',
            'description',
            'lastUsed',
            'created',
          ],
          ['trustPolicy'],
        ),
      ),
      resourcePolicies: section(
        ['b', 'arn:aws:s3:::b'],
        record(['policy', 'kind', 'strict', 'resource', 'account'], ['policy']),
      ),
      resources: section(
        ['arn:aws:s3:::b'],
        record(['account', 'tags', 'policy', 'kind', 'strict', 'type', 'awsManaged', 'tag']),
      ),
      sessions: rarely(fc.constant<Record<string, unknown>>({ x: {} }), {}),
      vpcEndpoints: fc.constant({}),
    },
    { requiredKeys: [] },
  )
  .chain((w) =>
    rarely(
      anything.map((x) => ({ ...w, unknown: x })),
      w,
    ),
  );

describe('readWorldFast', () => {
  it('gives exactly what the schema gives, or gives up (random worlds)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(world, (w) => {
        const fast = readWorldFast(w);
        const full = validateWorldFully(w);
        if (fast === undefined) return;
        accepted++;
        expect(full.ok).toBe(true);
        if (full.ok) {
          expect(fast).toStrictEqual(full.world);
          expect(full.warnings).toEqual([]);
        }
      }),
      { numRuns: 3000 },
    );
    // The property is about accepted worlds: enough of them must be generated to mean something.
    // About 3–4% of the random worlds are accepted (≈ 100 of 3,000, varying with the seed); 50 is
    // far enough below that to never fail by chance, and still tells a generator that broke.
    expect(accepted).toBeGreaterThan(50);
  });

  it('reads the example and bench worlds in one pass, with the schema’s output', () => {
    const worlds = [estateWorld(), JSON.parse(readFileSync('examples/estate.world.json', 'utf8')).world];
    for (const w of worlds) {
      const plain = JSON.parse(JSON.stringify(w));
      const full = validateWorldFully(plain);
      const fast = readWorldFast(plain);
      expect(full.ok).toBe(true);
      if (full.ok && !('sessions' in plain && Object.keys(plain.sessions).length > 0))
        expect(fast).toStrictEqual(full.world);
    }
  });

  it('gives up on polluting keys, cycles and holes', () => {
    const cyclic: Record<string, unknown> = { Version: '2012-10-17' };
    cyclic.Statement = cyclic;
    const polluted = JSON.parse(
      `{"users":{"arn:aws:iam::${A}:user/u":{"policies":[{"__proto__":{"x":1},"Version":"2012-10-17"}]}}}`,
    );
    // eslint-disable-next-line no-sparse-arrays
    const holes = { users: { [`arn:aws:iam::${A}:user/u`]: { policies: [, doc] } } };
    for (const w of [{ users: { [`arn:aws:iam::${A}:user/u`]: { policies: [cyclic] } } }, polluted, holes])
      expect(readWorldFast(w)).toBeUndefined();
  });

  it('reads sections into objects that reach no prototype member, keyed in the schema’s order', () => {
    const arn = `arn:aws:iam::${A}:policy/p`;
    const text = JSON.stringify({
      accounts: { [A]: {} },
      organization: { id: 'o-1', rootId: 'r-1', managementAccount: A, scps: { [`r-1`]: [arn] } },
      managedPolicies: { [arn]: doc },
      resources: { b: {}, '2': {}, a: {}, '1': {}, '4294967296': {} },
    });
    const world = readWorldFast(JSON.parse(text));
    if (world === undefined) throw new Error('the one-pass reader gave up');
    const full = validateWorldFully(JSON.parse(text));
    if (!full.ok) throw new Error(JSON.stringify(full.errors));
    const sections = (w: typeof world) => [
      w.accounts,
      w.managedPolicies,
      w.users,
      w.groups,
      w.roles,
      w.resourcePolicies,
      w.resources,
      w.organization?.scps,
    ];
    const proto = Object.prototype as Record<string, unknown>;
    proto.planted = { kind: 'generic' };
    try {
      for (const [i, section] of sections(world).entries()) {
        expect(Object.isFrozen(Object.getPrototypeOf(section))).toBe(true);
        expect('toString' in (section as object)).toBe(false);
        expect((section as Record<string, unknown>).planted).toBeUndefined();
        expect(Object.keys(section as object)).toEqual(Object.keys(sections(full.world)[i] as object));
      }
    } finally {
      delete proto.planted;
    }
    expect(Object.keys(world.resources)).toEqual(['1', '2', 'b', 'a', '4294967296']);
    // Such an object takes `__proto__` as an own member, not as its prototype (the reader refuses
    // the name anyway: see the next case).
    const section = world.resources as Record<string, unknown>;
    const shared = Object.getPrototypeOf(section) as object;
    section['__proto__'] = { polluted: true };
    expect(Object.getPrototypeOf(section)).toBe(shared);
    expect(Object.keys(section)).toEqual(['1', '2', 'b', 'a', '4294967296', '__proto__']);
    expect(section.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('gives up on a reserved key of a section that takes any name (the schema then refuses it)', () => {
    const record = `{"policy":${JSON.stringify(doc)}}`;
    for (const name of ['__proto__', 'constructor', 'prototype'])
      for (const text of [
        `{"resourcePolicies":{${JSON.stringify(name)}:${record}}}`,
        `{"resources":{${JSON.stringify(name)}:{"kind":"generic"}}}`,
        `{"organization":{"id":"o-1","rootId":"r-1","managementAccount":"${A}","scps":{${JSON.stringify(name)}:[]}}}`,
      ]) {
        const w = JSON.parse(text);
        expect(readWorldFast(w), text).toBeUndefined();
        const full = validateWorldFully(w);
        expect(full.ok, text).toBe(false);
        expect(full.ok ? [] : full.errors.map((e) => e.code), text).toContain('reserved-key');
      }
  });
});

/** Every member name and string of a JSON value. */
const texts = (v: unknown): string[] =>
  typeof v === 'string'
    ? [v]
    : Array.isArray(v)
      ? v.flatMap(texts)
      : typeof v === 'object' && v !== null
        ? Object.entries(v).flatMap(([k, x]) => [k, ...texts(x)])
        : [];

describe('documents copied once (readWorldFast measures, parseCopiedPolicy)', () => {
  const text = fc.oneof(
    fc.constantFrom(
      's3:GetObject',
      '*',
      'arn:aws:s3:::b/*',
      'Allow',
      'Deny',
      '2012-10-17',
      'aws:SourceIp',
      'x"y',
      'é',
      '\u2603',
      'a\nb',
    ),
    fc.string({ maxLength: 6 }),
    // Every kind of character: controls, Latin-1, beyond, lone and paired surrogates.
    fc.string({ maxLength: 6, unit: 'binary' }),
    fc.constantFrom('\t', '\u0001', '\u007f', '\u00ff', '\u0100', '\ud800', 'a\udfffb', '\ud83d\ude00'),
  );
  const value = fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      text,
      fc.constantFrom(true, false, null, 0, -1.5, 1e21, 3600),
      fc.array(tie('v'), { maxLength: 3 }),
      fc.dictionary(
        fc.oneof(text, fc.constantFrom('Statement', 'Effect', 'Action', 'Resource', 'Condition')),
        tie('v'),
        {
          maxKeys: 3,
        },
      ),
    ),
  })).v;
  const statement = fc.record(
    {
      Sid: fc.constantFrom('S1', 'bad sid'),
      Effect: fc.oneof(fc.constantFrom<unknown>('Allow', 'Deny', 'allow'), text),
      Action: fc.oneof(text, fc.array(text, { maxLength: 3 })),
      NotAction: fc.oneof(text, fc.array(text, { maxLength: 3 })),
      Resource: fc.oneof(text, fc.array(text, { maxLength: 2 })),
      Principal: fc.constantFrom<unknown>('*', { AWS: `arn:aws:iam::${A}:root` }),
      Condition: fc.oneof(
        fc.constantFrom<unknown>(
          { Bool: { 'aws:SecureTransport': 'true' } },
          { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        ),
        fc.dictionary(fc.oneof(text, fc.constantFrom('StringLike', 'Null')), value, { maxKeys: 2 }),
      ),
      Extra: value,
    },
    { requiredKeys: ['Effect', 'Action'] },
  );
  const policy = fc.oneof(
    fc.record({
      Version: fc.oneof(fc.constantFrom('2012-10-17', '2008-10-17'), text),
      Statement: fc.array(statement, { maxLength: 3 }),
    }),
    fc.record({ Version: fc.constant('2012-10-17'), Statement: statement, Id: value }),
    // A top-level `name` or `document` makes the entry the named form ({ name, document }), not a
    // document: the fast reader rightly gives that up to the full path when `name` is no string.
    fc.dictionary(
      text.filter((k) => k !== 'name' && k !== 'document'),
      value,
      { maxKeys: 3 },
    ),
  );

  it('copies documents into objects that reach no prototype member, and reads such a copy again in one pass', () => {
    const measures = new CopiedMeasures();
    const world = readWorldFast({ managedPolicies: { [`arn:aws:iam::${A}:policy/p`]: doc } }, measures);
    const copied = world?.managedPolicies[`arn:aws:iam::${A}:policy/p`] as Record<string, unknown>;
    const statement = (copied.Statement as Record<string, unknown>[])[0] as Record<string, unknown>;
    const proto = Object.prototype as Record<string, unknown>;
    const expected = parsePolicy(doc, { type: 'identity' });
    // Members planted on Object.prototype are not members of the copy (its prototype has none).
    proto.Condition = { Bool: { 'aws:SecureTransport': 'false' } };
    proto.NotResource = '*';
    try {
      expect(statement.Condition).toBeUndefined();
      expect(statement.NotResource).toBeUndefined();
      expect('toString' in statement).toBe(false);
      const parsed = parseCopiedPolicy(copied, measures.get(copied) as TreeMeasure, { type: 'identity' });
      expect(parsed).toEqual(expected);
    } finally {
      delete proto.Condition;
      delete proto.NotResource;
    }
    // Nothing can be planted on the copies' prototype either.
    const shared = Object.getPrototypeOf(statement) as Record<string, unknown>;
    expect(Object.isFrozen(shared)).toBe(true);
    expect(() => {
      'use strict';
      shared.Condition = {};
    }).toThrow(TypeError);
    // A world read once (as an authorizer keeps it) is read again in one pass, to the same world.
    expect(readWorldFast(world)).toStrictEqual(world);
  });

  it('hands on a measure only for the documents this reading copied, and none once it gave up', () => {
    const arn = `arn:aws:iam::${A}:policy/p`;
    const first = new CopiedMeasures();
    const world = readWorldFast({ managedPolicies: { [arn]: doc } }, first);
    if (world === undefined) throw new Error('the one-pass reader gave up');
    const copied = world.managedPolicies[arn] as Record<string, unknown>;
    const expected: TreeMeasure = { size: 0, foreign: false };
    toJsonTree(doc, new IssueSink(), undefined, undefined, expected);
    // (Its Version, Effect and actions counted unread: see the next tests.)
    expected.unread = true;
    expect(first.get(copied)).toEqual(expected);
    // The measure is no member of the copy: not listed, not written, not compared.
    expect(Reflect.ownKeys(copied)).toEqual(['Version', 'Statement']);
    expect(JSON.stringify(copied)).toBe(JSON.stringify(doc));
    // Another reading measures its own copies, and knows no measure of the copies it read.
    const second = new CopiedMeasures();
    const again = readWorldFast(world, second)?.managedPolicies[arn] as object;
    expect(again).toStrictEqual(copied);
    expect(second.get(again)).toEqual(expected);
    expect(second.get(copied)).toBeUndefined();
    expect(first.get(again)).toBeUndefined();
    for (const v of [doc, undefined, null, arn, 1]) expect(first.get(v)).toBeUndefined();
    // A copy changed after its reading is checked in full by any compiler not given that reading's
    // measures: a character outside the policy set is an error, as in the input it came from.
    const changed = { ...doc, Statement: [{ ...doc.Statement[0], Resource: 'arn:aws:s3:::b\u0100' }] };
    ((copied.Statement as Record<string, unknown>[])[0] as Record<string, unknown>).Resource = 'arn:aws:s3:::b\u0100';
    const codes = (r: ReturnType<typeof parsePolicy>) => (r.ok ? [] : r.errors.map((e) => e.code));
    expect(codes(parsePolicy(changed, { type: 'identity' }))).not.toEqual([]);
    for (const measures of [undefined, second]) {
      const compiler = new PolicyCompiler(world, {}, measures);
      expect(compiler.document(copied, 'identity', arn, `managedPolicies[${arn}]`, false, true)).toBeUndefined();
      expect(compiler.errors.map((e) => e.code)).toEqual(codes(parsePolicy(changed, { type: 'identity' })));
    }
    // A reading that gave up hands on no measure.
    first.clear();
    expect(first.get(copied)).toBeUndefined();
  });

  it('reads records into objects that reach no prototype member (one frozen empty prototype, as the documents have)', () => {
    const user = `arn:aws:iam::${A}:user/u`;
    const role = `arn:aws:iam::${A}:role/r`;
    const world = readWorldFast({
      accounts: { [A]: {} },
      organization: { id: 'o-1', rootId: 'r-1', managementAccount: A },
      users: { [user]: { policies: [{ name: 'inline', document: doc }], tags: { team: 'data' } } },
      roles: { [role]: { trustPolicy: doc } },
      resourcePolicies: { b: { policy: doc } },
    });
    if (world === undefined) throw new Error('the one-pass reader gave up');
    const records: Record<string, unknown>[] = [
      world as unknown as Record<string, unknown>,
      world.accounts[A] as unknown as Record<string, unknown>,
      world.organization as unknown as Record<string, unknown>,
      world.users[user] as unknown as Record<string, unknown>,
      world.users[user]?.tags as unknown as Record<string, unknown>,
      (world.users[user]?.policies as unknown as Record<string, unknown>[])[0] as Record<string, unknown>,
      world.roles[role] as unknown as Record<string, unknown>,
      world.resourcePolicies.b as unknown as Record<string, unknown>,
      world.sessions as unknown as Record<string, unknown>,
    ];
    const proto = Object.prototype as Record<string, unknown>;
    const planted = ['permissionsBoundary', 'tags', 'rcps', 'resource', 'account', 'org', 'name', 'scps', 'owner'];
    for (const k of planted) proto[k] = `arn:aws:iam::${A}:policy/planted`;
    try {
      for (const record of records) {
        for (const k of planted)
          if (!Object.prototype.hasOwnProperty.call(record, k)) expect(record[k]).toBeUndefined();
        expect('toString' in record).toBe(false);
        expect(Object.isFrozen(Object.getPrototypeOf(record))).toBe(true);
      }
    } finally {
      for (const k of planted) delete proto[k];
    }
  });

  it('reads equal group lists and equal tag sets as one frozen copy each, the first as any other', () => {
    const g = (name: string) => `arn:aws:iam::${A}:group/${name}`;
    const user = (name: string) => `arn:aws:iam::${A}:user/${name}`;
    const list = [g('a'), g('b')];
    const read = (users: Record<string, unknown>, roles: Record<string, unknown> = {}) => {
      const world = readWorldFast({ users, roles });
      if (world === undefined) throw new Error('the one-pass reader gave up');
      return world;
    };
    // One user: its list and tags are copies, frozen, though nothing else shares them.
    const one = read({ [user('u')]: { tags: { team: 'data' }, groups: list } }).users[user('u')];
    expect(one?.groups).toEqual(list);
    expect(one?.groups).not.toBe(list);
    expect(Object.isFrozen(one?.groups)).toBe(true);
    expect(Object.isFrozen(one?.tags)).toBe(true);
    // The first list and tag set read are found again by the second and third users, whichever comes
    // between; a role's tags equal to a user's are that copy too.
    const world = read(
      {
        [user('u1')]: { tags: { team: 'data' }, groups: [...list] },
        [user('u2')]: { tags: { team: 'web' }, groups: [g('b'), g('a')] },
        [user('u3')]: { tags: { team: 'data' }, groups: [...list] },
        [user('u4')]: { tags: { team: 'web' }, groups: [g('b'), g('a')] },
      },
      { [`arn:aws:iam::${A}:role/r`]: { trustPolicy: doc, tags: { team: 'data' } } },
    );
    const [u1, u2, u3, u4] = ['u1', 'u2', 'u3', 'u4'].map((n) => world.users[user(n)]);
    expect(u3?.groups).toBe(u1?.groups);
    expect(u3?.tags).toBe(u1?.tags);
    expect(u4?.groups).toBe(u2?.groups);
    expect(u4?.tags).toBe(u2?.tags);
    expect(u2?.groups).not.toBe(u1?.groups);
    expect(u2?.tags).not.toBe(u1?.tags);
    expect(world.roles[`arn:aws:iam::${A}:role/r`]?.tags).toBe(u1?.tags);
    for (const u of [u1, u2]) expect(Object.isFrozen(u?.groups) && Object.isFrozen(u?.tags)).toBe(true);
    // A list found again is not tested again, but a new one is: a bad group ARN after the first list.
    expect(readWorldFast({ users: { [user('u1')]: { groups: list }, [user('u2')]: { groups: ['nope'] } } })).toBe(
      undefined,
    );
  });

  it("copies a document object's own members only, and up to maxArrayLength of them", () => {
    const arn = `arn:aws:iam::${A}:policy/p`;
    const proto = Object.prototype as Record<string, unknown>;
    // An enumerable member planted on Object.prototype before the world is read is none of its documents'.
    proto.Condition = { Bool: { 'aws:SecureTransport': 'false' } };
    let copied: Record<string, unknown> | undefined;
    try {
      copied = readWorldFast({ managedPolicies: { [arn]: doc } })?.managedPolicies[arn] as Record<string, unknown>;
    } finally {
      delete proto.Condition;
    }
    const statement = (copied?.Statement as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(Object.keys(statement)).toEqual(['Effect', 'Action', 'Resource']);
    expect(statement.Condition).toBeUndefined();
    // A statement object of exactly maxArrayLength members is read; one more and the reader gives up.
    const limits = resolveLimits({ maxArrayLength: 4 });
    const withSid = { ...doc, Statement: [{ Sid: 'A', ...(doc.Statement[0] as object) }] };
    const withTwo = { ...doc, Statement: [{ Sid: 'A', NotPrincipal: { AWS: A }, ...(doc.Statement[0] as object) }] };
    expect(readWorldFast({ managedPolicies: { [arn]: withSid } }, undefined, limits)).toBeDefined();
    expect(readWorldFast({ managedPolicies: { [arn]: withTwo } }, undefined, limits)).toBeUndefined();
  });

  it("reads a record's own members only, and up to maxArrayLength of them", () => {
    const user = `arn:aws:iam::${A}:user/u`;
    const input = () => ({
      accounts: { [A]: { org: 'o-1' } },
      organization: { id: 'o-1', rootId: 'r-1', managementAccount: A },
      users: { [user]: { tags: { team: 'data' } } },
      resourcePolicies: { b: { policy: doc } },
    });
    const proto = Object.prototype as Record<string, unknown>;
    // Enumerable members planted on Object.prototype before the world is read are none of its records'.
    const planted = { path: '/x/', userId: 'AIDAPLANTED', name: 'planted', strict: true, scps: {} };
    Object.assign(proto, planted);
    let world: ReturnType<typeof readWorldFast>;
    try {
      world = readWorldFast(input());
    } finally {
      for (const k of Object.keys(planted)) delete proto[k];
    }
    expect(world).toEqual(validateWorldFully(input()).ok && (validateWorldFully(input()) as { world: unknown }).world);
    expect(Object.keys(world?.users[user] ?? {})).toEqual(['tags', 'policies', 'groups', 'mfaDevices', 'accessKeys']);
    expect(Object.keys(world?.accounts[A] ?? {})).toEqual(['org', 'parents']);
    expect(Object.keys(world?.organization ?? {})).toEqual(['id', 'rootId', 'managementAccount']);
    expect(Object.keys(world?.resourcePolicies.b ?? {})).toEqual(['policy', 'kind']);
    // A record of exactly maxArrayLength members is read; one more and the reader gives up.
    const limits = resolveLimits({ maxArrayLength: 3 });
    const withThree = { users: { [user]: { path: '/', userId: 'AIDA1', tags: {} } } };
    const withFour = { users: { [user]: { path: '/', userId: 'AIDA1', tags: {}, mfaDevices: [] } } };
    expect(readWorldFast(withThree, undefined, limits)).toBeDefined();
    expect(readWorldFast(withFour, undefined, limits)).toBeUndefined();
  });

  it("reads a section's own members only, and up to maxArrayLength of them", () => {
    const [B, C] = ['222222222222', '333333333333'];
    const input = () => ({
      accounts: { [A]: { org: 'o-1' }, [B]: {} },
      organization: { id: 'o-1', rootId: 'r-1', managementAccount: A, scps: { 'r-1': [doc] } },
    });
    const proto = Object.prototype as Record<string, unknown>;
    // Members planted on Object.prototype (an account id, a target) are none of a section's.
    const planted = { [C]: { org: 'o-1' }, 'ou-planted': [doc] };
    Object.assign(proto, planted);
    let world: ReturnType<typeof readWorldFast>;
    try {
      world = readWorldFast(input());
    } finally {
      for (const k of Object.keys(planted)) delete proto[k];
    }
    expect(Object.keys(world?.accounts ?? {})).toEqual([A, B]);
    expect(Object.keys(world?.organization?.scps ?? {})).toEqual(['r-1']);
    expect(world).toEqual(validateWorldFully(input()).ok && (validateWorldFully(input()) as { world: unknown }).world);
    // A section of exactly maxArrayLength members is read; one more and the reader gives up.
    const limits = resolveLimits({ maxArrayLength: 3 });
    expect(readWorldFast({ accounts: { [A]: {}, [B]: {}, [C]: {} } }, undefined, limits)).toBeDefined();
    expect(
      readWorldFast({ accounts: { [A]: {}, [B]: {}, [C]: {}, '444444444444': {} } }, undefined, limits),
    ).toBeUndefined();
  });

  it('gives up on a reserved name as the key of any section (no key test takes one)', () => {
    for (const name of ['__proto__', 'constructor', 'prototype'])
      for (const section of [
        'accounts',
        'managedPolicies',
        'users',
        'groups',
        'roles',
        'resourcePolicies',
        'resources',
      ]) {
        const w = JSON.parse(`{${JSON.stringify(section)}:{${JSON.stringify(name)}:{}}}`);
        expect(readWorldFast(w), `${section} ${name}`).toBeUndefined();
        expect(validateWorldFully(w).ok, `${section} ${name}`).toBe(false);
      }
  });

  it('builds an AST that shares no array with the copied document (which the world keeps)', () => {
    const measures = new CopiedMeasures();
    const statement = {
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${A}:root`] },
      Action: ['s3:GetObject'],
      Resource: ['*'],
    };
    const world = readWorldFast(
      { resources: { 'arn:aws:s3:::b': { policy: { Version: '2012-10-17', Statement: [statement] } } } },
      measures,
    );
    const copied = world?.resources['arn:aws:s3:::b']?.policy as { Statement: (typeof statement)[] };
    const parsed = parseCopiedPolicy(copied, measures.get(copied) as TreeMeasure, { type: 'resource' });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const s = copied.Statement[0] as typeof statement;
    s.Action.push('s3:PutObject');
    s.Resource.push('arn:aws:s3:::other');
    s.Principal.AWS.push('*');
    const ast = parsed.policy.statements[0];
    expect(ast?.action.values).toEqual(['s3:GetObject']);
    expect(ast?.resource?.values).toEqual(['*']);
    expect(ast?.principal).toMatchObject({ entries: [{ values: [`arn:aws:iam::${A}:root`] }] });
  });

  it('measures the characters at the edges of plain text as toJsonTree does, in values, lists and names', () => {
    const arn = `arn:aws:iam::${A}:policy/p`;
    const edges = ['\u001f', ' ', '!', '"', '#', '[', '\\', ']', '~', '\u007f', '\u00ff', '\u0100', '\t', '\ud800'];
    for (const c of edges) {
      const text = `a${c}b`;
      const condition = { StringLike: { [text]: text, 'aws:SourceVpc': [text] } };
      const statement = { Sid: text, Effect: 'Allow', Action: 's3:GetObject', Resource: ['*', text], [text]: text };
      // Every place but those counted unread (see the next test): the measure is exact.
      const doc = { Version: '2012-10-17', Id: text, Statement: [statement, { ...statement, Condition: condition }] };
      const measures = new CopiedMeasures();
      const copied = readWorldFast({ managedPolicies: { [arn]: doc } }, measures)?.managedPolicies[arn] as object;
      const expected: TreeMeasure = { size: 0, foreign: false, unread: true };
      toJsonTree(doc, new IssueSink(), undefined, undefined, expected);
      expect({ c, ...measures.get(copied) }).toEqual({ c, ...expected });
    }
  });

  it('counts the strings the validator reads in full unread, and parses a document wrong there as parsePolicy does', () => {
    const arn = `arn:aws:iam::${A}:policy/p`;
    const edges = ['\u001f', '"', '\\', '\u00ff', '\u0100', '\t', '\ud800', '\ud83d\ude00', 'é'];
    const condition = { Bool: { 'aws:SecureTransport': 'true' } };
    const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: condition };
    // Each place read in full, with a text that is not plain ASCII (so an error, and the measure off).
    const places = (text: string): Record<string, unknown>[] => [
      { Version: text, Statement: statement },
      { Version: '2012-10-17', Statement: { ...statement, Effect: text } },
      { Version: '2012-10-17', Statement: [{ ...statement, Action: text }] },
      { Version: '2012-10-17', Statement: [statement, { ...statement, Action: ['s3:GetObject', text] }] },
      { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: [text], Resource: '*' }] },
      { Version: '2012-10-17', Statement: [{ ...statement, NotAction: text }] },
      { Version: '2012-10-17', Statement: [{ ...statement, Condition: { ...condition, [text]: { k: 'v' } } }] },
      { Version: [text], Statement: { ...statement, Effect: [text] } },
    ];
    const codes = new Set<string>();
    for (const c of edges)
      for (const doc of places(`s3:Get${c}`)) {
        const measures = new CopiedMeasures();
        const copied = readWorldFast({ managedPolicies: { [arn]: doc } }, measures)?.managedPolicies[arn] as object;
        const measure = measures.get(copied) as TreeMeasure;
        const full: TreeMeasure = { size: 0, foreign: false };
        toJsonTree(doc, new IssueSink(), undefined, undefined, full);
        // Counted as plain text, unread: never more than the full measure.
        expect(measure.unread).toBe(true);
        expect(measure.size).toBeLessThanOrEqual(full.size);
        for (const options of [{ type: 'identity' as const }, { type: 'identity' as const, maxSize: 90 }]) {
          const expected = parsePolicy(doc, options);
          expect(expected.ok).toBe(false);
          expect(parseCopiedPolicy(copied, measure, options)).toEqual(expected);
          if (!expected.ok) for (const e of expected.errors) codes.add(e.code);
        }
      }
    // The issues the full measure alone finds are among them.
    expect(codes).toContain('invalid-character');
    expect(codes).toContain('policy-too-large');
  });

  it('measures a document as toJsonTree does, and parses it to the same result', () => {
    fc.assert(
      fc.property(policy, fc.constantFrom<PolicyType>('identity', 'resource', 'scp', 'trust'), (doc, type) => {
        const measures = new CopiedMeasures();
        const world = readWorldFast({ managedPolicies: { [`arn:aws:iam::${A}:policy/p`]: doc } }, measures);
        expect(world).toBeDefined();
        const copied = world?.managedPolicies[`arn:aws:iam::${A}:policy/p`] as object;
        const measure = measures.get(copied);
        expect(measure).toBeDefined();
        const expected: TreeMeasure = { size: 0, foreign: false };
        toJsonTree(doc, new IssueSink(), undefined, undefined, expected);
        const { unread, ...exact } = measure as TreeMeasure;
        // Strings counted unread make an exact measure when the document is valid (never a larger one).
        if (unread !== true || parsePolicy(doc, { type }).ok) {
          expect(exact).toEqual(expected);
          expect(exact.size).toBe(JSON.stringify(doc).length);
          expect(exact.foreign).toBe(texts(doc).some((t) => /[^\t\n\r\u0020-\u00ff]/.test(t)));
        } else expect(exact.size).toBeLessThanOrEqual(expected.size);
        for (const options of [{ type }, { type, maxSize: 60 }, { type, maxSize: false as const }]) {
          expect(parseCopiedPolicy(copied, measure as TreeMeasure, options)).toEqual(parsePolicy(doc, options));
        }
      }),
      { numRuns: 400 },
    );
  });
});
