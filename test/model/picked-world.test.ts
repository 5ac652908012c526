/**
 * A lazy slice read in one walk (`PickedWorld`, issue #16: one-shot): the one-pass reader reads the
 * picked records straight from their world, and gives the world the slice builds (`build`) or, when
 * it gives up, the full path's errors for that world.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readWorld } from '../../src/model/load.js';
import { DEFAULT_LIMITS as readLimits } from '../../src/policy/limits.js';
import { PickedWorld, PICKED_SECTIONS, readWorldFast, type PickedSection } from '../../src/model/world-fast.js';

const A = '111111111111';
const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
const policy = (n: string) => `arn:aws:iam::${A}:policy/${n}`;
const group = `arn:aws:iam::${A}:group/g`;

/** Mostly a valid value, sometimes one the schema refuses (or that the one-pass reader leaves to it). */
const value = (...valid: unknown[]) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...valid), weight: 40 },
    { arbitrary: fc.constantFrom<unknown>('', 7, null, [], { x: 1 }, [doc, 'nope'], 'arn:aws:s3:::b'), weight: 1 },
  );

/** A record of some of `members` (each mostly valid) and, rarely, a misspelt member. */
const record = (members: Record<string, fc.Arbitrary<unknown>>, required: string[] = []) =>
  fc
    .tuple(
      fc.record(members, { requiredKeys: required }),
      fc.oneof({ arbitrary: fc.constant({}), weight: 40 }, { arbitrary: fc.constant({ nmae: 'x' }), weight: 1 }),
    )
    .map(([known, extra]) => ({ ...known, ...extra }));

/** A section of up to four records keyed mostly by `keys`, rarely by `bad` or `__proto__`. */
const section = (keys: string[], bad: string[], rec: fc.Arbitrary<unknown>) =>
  fc
    .uniqueArray(
      fc.tuple(
        fc.oneof(
          { arbitrary: fc.constantFrom(...keys), weight: 40 },
          { arbitrary: fc.constantFrom(...bad, '__proto__'), weight: 1 },
        ),
        rec,
      ),
      { maxLength: 4, selector: ([k]) => k },
    )
    .map((entries) => Object.fromEntries(entries));

const refs = fc.array(value(policy('p1'), policy('p2'), doc, { name: 'n', document: doc }), { maxLength: 3 });
const world = fc.record(
  {
    accounts: section([A, '222222222222'], ['12'], record({ org: value('o-1'), parents: value(['r-1']) })),
    organization: record(
      {
        id: value('o-1'),
        rootId: value('r-1'),
        managementAccount: value(A),
        scps: value({ 'r-1': [policy('p1')] }, { [A]: [doc] }),
      },
      ['id', 'rootId', 'managementAccount'],
    ),
    managedPolicies: section(
      [policy('p1'), policy('p2'), policy('p3')],
      ['p'],
      value(doc, { name: 'n', document: doc }, { document: doc }),
    ),
    users: section(
      [`arn:aws:iam::${A}:user/u1`, `arn:aws:iam::${A}:user/u2`],
      [`arn:aws:iam::${A}:role/u`],
      record({ policies: refs, groups: value([group], []), tags: value({ team: 'data' }), accessKeys: value([]) }),
    ),
    groups: section([group, `arn:aws:iam::${A}:group/h`], ['g'], record({ policies: refs })),
    roles: section(
      [`arn:aws:iam::${A}:role/r`],
      [`arn:aws:iam::${A}:user/r`],
      record({ trustPolicy: value(doc), policies: refs, maxSessionDuration: value(3600, 7200) }, ['trustPolicy']),
    ),
    resourcePolicies: section(
      ['b', 'arn:aws:s3:::b'],
      [],
      record({ policy: value(doc), resource: value('arn:aws:s3:::b'), kind: value('generic') }, ['policy']),
    ),
    resources: section(['arn:aws:s3:::b', 'arn:aws:s3:::c'], [], record({ kind: value('generic'), tags: value({}) })),
    sessions: section(
      [`arn:aws:sts::${A}:assumed-role/r/s`],
      [],
      record({ roleArn: value(`arn:aws:iam::${A}:role/r`) }),
    ),
    vpcEndpoints: section(['vpce-1'], [], record({ policy: value(doc) })),
    identityProviders: value({}, { x: {} }),
    instanceProfiles: value({}),
  },
  { requiredKeys: [] },
);

/** `w` and some of the records of each of its sections a slice picks from, in any order. */
const slice = world.chain((w) =>
  fc
    .tuple(
      ...PICKED_SECTIONS.map((s) => {
        const records = (w as Record<string, Record<string, unknown> | undefined>)[s];
        return fc.shuffledSubarray(records ? Object.keys(records) : []).map((keys) => [s, records, keys] as const);
      }),
    )
    .map((sections) => {
      const picked = new Map<PickedSection, Map<string, unknown>>();
      for (const [s, records, keys] of sections)
        if (keys.length > 0) picked.set(s, new Map(keys.map((k) => [k, (records as Record<string, unknown>)[k]])));
      return new PickedWorld(w, picked);
    }),
);

describe('a slice read in one walk (PickedWorld)', () => {
  it('reads as the world it builds: the same world, or the same errors and warnings', () => {
    let read = 0;
    let refused = 0;
    fc.assert(
      fc.property(slice, fc.constantFrom(undefined, 1, 2, 3), (s, maxArrayLength) => {
        const options = maxArrayLength === undefined ? {} : { limits: { maxArrayLength } };
        const built = s.build();
        expect(Object.getPrototypeOf(built)).toBe(null);
        expect(readWorld(s, options)).toStrictEqual(readWorld(built, options));
        if (maxArrayLength === undefined) {
          const fast = readWorldFast(s);
          expect(fast).toStrictEqual(readWorldFast(built));
          if (fast === undefined) refused++;
          else read++;
        }
      }),
      { numRuns: 3000 },
    );
    // Both ways are taken often enough to mean something (about a sixth of the 750 slices read with
    // the default limits are read in one walk, varying with the seed).
    expect(read).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(50);
  });

  it('counts the picked records and sections against the caps, as those of the world it builds', () => {
    const users = [1, 2, 3].map((i) => `arn:aws:iam::${A}:user/u${i}`);
    const w = JSON.parse(JSON.stringify({ users: Object.fromEntries(users.map((u) => [u, {}])) }));
    const pick = (n: number) =>
      new PickedWorld(w, new Map([['users', new Map(users.slice(0, n).map((u) => [u, w.users[u]]))]]));
    const options = { limits: { maxArrayLength: 2 } };
    expect(readWorld(pick(2), options).ok).toBe(true);
    const over = readWorld(pick(3), options);
    expect(over.ok).toBe(false);
    expect(over).toStrictEqual(readWorld(pick(3).build(), options));
    // Three sections of one record each: the slice's world holds three members.
    const three = new PickedWorld(
      { ...w, accounts: {}, instanceProfiles: {} },
      new Map([['users', new Map([[users[0] as string, {}]])]]),
    );
    expect(readWorldFast(three, undefined, { ...readLimits, maxArrayLength: 3 })).toBeDefined();
    expect(readWorldFast(three, undefined, { ...readLimits, maxArrayLength: 2 })).toBeUndefined();
    // Values: at most 50 with one member per object (the slice, its users, the user, its policy
    // list and a document nested `depth` deep, its top counted as a reference and as a document):
    // the first refused at the same depth either way.
    const one = { ...readLimits, maxArrayLength: 1 };
    const nested = (depth: number): unknown => (depth === 1 ? {} : { a: nested(depth - 1) });
    const refusedAt = (read: (depth: number) => unknown) => [44, 45, 46, 47, 48].filter((d) => read(d) === undefined);
    const deep = (depth: number) => ({ policies: [nested(depth)] });
    const picked = (depth: number) =>
      new PickedWorld({}, new Map([['users', new Map([[users[0] as string, deep(depth)]])]]));
    expect(refusedAt((d) => readWorldFast(picked(d), undefined, one))).toEqual([46, 47, 48]);
    expect(refusedAt((d) => readWorldFast(picked(d).build(), undefined, one))).toEqual([46, 47, 48]);
  });

  it('leaves a whole section that is there as undefined to the full path, which reads it as the world it builds', () => {
    const u = `arn:aws:iam::${A}:user/u1`;
    for (const whole of ['accounts', 'organization', 'identityProviders', 'instanceProfiles']) {
      const w = { users: { [u]: {} }, [whole]: undefined };
      const p = new PickedWorld(w, new Map([['users', new Map([[u, w.users[u]]])]]));
      expect(readWorldFast(p), whole).toBeUndefined();
      expect(readWorldFast(p.build()), whole).toBeUndefined();
      expect(readWorld(p, {}), whole).toStrictEqual(readWorld(p.build(), {}));
    }
  });

  it('builds the world with its whole sections first, then the picked ones in their order', () => {
    const u1 = `arn:aws:iam::${A}:user/u1`;
    const u2 = `arn:aws:iam::${A}:user/u2`;
    const w = JSON.parse(
      JSON.stringify({
        users: { [u1]: {}, [u2]: {} },
        managedPolicies: { [policy('p1')]: doc, [policy('p2')]: doc },
        roles: {},
        accounts: { [A]: {} },
      }),
    );
    const picked = new Map<PickedSection, Map<string, unknown>>([
      ['users', new Map([[u2, w.users[u2]]])],
      ['managedPolicies', new Map([[policy('p2'), doc]])],
    ]);
    const built = new PickedWorld(w, picked).build();
    expect(Object.keys(built)).toEqual(['accounts', 'managedPolicies', 'users']);
    expect(Object.keys(built.users as object)).toEqual([u2]);
    expect(PickedWorld.is(new PickedWorld(w, picked))).toBe(true);
    expect(PickedWorld.is(built)).toBe(false);
    // A brand test: nothing of a proxy is read (its traps throw).
    const trap = () => {
      throw new Error('trap');
    };
    const proxy = new Proxy({}, { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap });
    expect(PickedWorld.is(proxy)).toBe(false);
  });
});
