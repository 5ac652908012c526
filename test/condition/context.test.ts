/**
 * §3.2 the request context: case-insensitive keys; absent, single-valued or multivalued values.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { callerContext, ContextMap, KeyNames, KeyRow, KeyShapes, toContextValue } from '../../src/condition/context.js';
import { runs } from '../depth.js';

describe('ContextMap (§3.2)', () => {
  it('§3.2 looks keys up case-insensitively (by their lower-cased name)', () => {
    const ctx = ContextMap.from({ 'AWS:SourceIp': '10.0.0.1', 'aws:PrincipalTag/CostCenter': '42' });
    expect(ctx.get('aws:sourceip')).toBe('10.0.0.1');
    expect(ctx.get('aws:principaltag/costcenter')).toBe('42');
    expect(ctx.get('aws:sourcevpc')).toBeUndefined();
  });

  it('§3.2 distinguishes an absent key from a present empty string and a present empty set', () => {
    const ctx = ContextMap.from({ 'a:empty': '', 'a:set': [] });
    expect(ctx.has('a:empty')).toBe(true);
    expect(ctx.get('a:empty')).toBe('');
    expect(ctx.get('a:set')).toEqual([]);
    expect(ctx.has('a:missing')).toBe(false);
  });

  it('§3.2 arrays are multivalued keys', () => {
    expect(ContextMap.from({ 'aws:TagKeys': ['a', 'b'] }).get('aws:tagkeys')).toEqual(['a', 'b']);
  });

  it('§3.4 booleans and numbers become their string form; unusable values are skipped', () => {
    expect(toContextValue(true)).toBe('true');
    expect(toContextValue(10)).toBe('10');
    expect(toContextValue([1, false])).toEqual(['1', 'false']);
    expect(toContextValue(Number.NaN)).toBeUndefined();
    expect(toContextValue({})).toBeUndefined();
    expect(ContextMap.from({ 'a:obj': {}, 'a:ok': 'x' }).size).toBe(1);
  });

  it('a later write of the same key in another case replaces the value', () => {
    const ctx = new ContextMap().set('aws:SourceIp', '1.1.1.1').set('AWS:SOURCEIP', '2.2.2.2');
    expect(ctx.size).toBe(1);
    expect(ctx.get('aws:sourceip')).toBe('2.2.2.2');
    ctx.delete('Aws:SourceIP');
    expect(ctx.has('aws:sourceip')).toBe(false);
  });
});

/**
 * A principal's keys gathered in a `KeyRow` and packed at once (issue #16: no `Map` per principal
 * of a world) read exactly as the same writes into a `ContextMap`: same entries in the same order
 * (a later write of a key, in any case, replaces its value in place), one shared key table per
 * sequence of keys, equal list values as one array.
 */
describe('KeyRow, packed, reads as a ContextMap written alike', () => {
  const name = fc.constantFrom('aws:PrincipalType', 'AWS:principaltype', 'aws:username', 'aws:PrincipalTag/Team', 'x');
  const value = fc.oneof(fc.constantFrom('a', 'b', ''), fc.array(fc.constantFrom('o-1', 'o-2'), { maxLength: 2 }));
  const writes = fc.array(fc.tuple(name, value), { maxLength: 8 });
  it('maps whose keys differ in their last one only get tables of their own', () => {
    const shapes = new KeyShapes();
    const pack = (...keys: string[]) => {
      const row = new KeyRow((k) => k);
      keys.forEach((k, i) => row.set(k, `v${i}`));
      return ContextMap.packed(row, shapes);
    };
    const a = pack('aws:username', 'aws:userid');
    const b = pack('aws:username', 'aws:principalarn');
    const c = pack('aws:username', 'aws:userid');
    expect(shapes.size).toBe(2);
    expect([a.get('aws:userid'), a.get('aws:principalarn')]).toEqual(['v1', undefined]);
    expect([b.get('aws:userid'), b.get('aws:principalarn')]).toEqual([undefined, 'v1']);
    expect([c.get('aws:userid'), c.get('aws:principalarn')]).toEqual(['v1', undefined]);
  });

  it('on random writes, one map after the other with the same tables', () => {
    fc.assert(
      fc.property(fc.array(writes, { minLength: 1, maxLength: 4 }), (rows) => {
        const shapes = new KeyShapes();
        const lists = new Map<string, readonly string[]>();
        const sequences = new Set<string>();
        const lower = new Map<string, string>();
        for (const row of rows) {
          const map = new ContextMap();
          // Names lower-cased once, as a world's compiler gives them (one string per name).
          const keys = new KeyRow((k) => lower.get(k) ?? (lower.set(k, k.toLowerCase()), lower.get(k) as string));
          for (const [k, v] of row) {
            map.set(k, v);
            keys.set(k, v);
            expect(keys.get(k.toLowerCase())).toBe(v);
          }
          const packed = ContextMap.packed(keys, shapes, lists);
          expect((packed as unknown as { map: unknown }).map).toBeUndefined();
          for (const [k] of row) expect(packed.get(k.toLowerCase())).toEqual(map.get(k.toLowerCase()));
          expect(packed.has('y')).toBe(false);
          expect(packed.size).toBe(map.size);
          // One key table per distinct sequence of keys; equal lists as one array.
          sequences.add(JSON.stringify([...map.entries()].map(([k]) => k)));
          expect(shapes.size).toBe(sequences.size);
          for (const [k, v] of map.entries())
            if (typeof v !== 'string') expect(packed.get(k)).toBe(lists.get(JSON.stringify(v)));
          // Same entries in the same order (reading them unpacks the map).
          expect([...packed.entries()]).toEqual([...map.entries()]);
        }
      }),
      { numRuns: runs(200) },
    );
  });
});

/**
 * The caller's keys are read in place (issue #16: no copy per request); whatever the lookup
 * order, the reading is exactly that of `ContextMap.from` (case-insensitive names, unusable values
 * skipped, inherited members ignored).
 */
describe('CallerContext reads as ContextMap.from', () => {
  const name = fc.constantFrom(
    'aws:SourceIp',
    'AWS:SOURCEIP',
    'aws:sourceip',
    's3:prefix',
    'S3:Prefix',
    'x:İ',
    'x:i̇',
    'x:K',
    'x:\u212a',
    'a',
    'B',
    // Lower-casing changes the length before an ASCII last character, or at the end.
    'aİb',
    'ai̇b',
    'AİB',
    'xΣ',
    'xσ',
    'xς',
  );
  const value = fc.oneof(
    fc.string({ maxLength: 3 }),
    fc.boolean(),
    fc.integer(),
    fc.constant(Number.NaN),
    fc.array(fc.oneof(fc.string({ maxLength: 2 }), fc.boolean())),
    fc.constant({}),
    fc.constant(null),
  );
  it('on random contexts and lookups', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(name, value), { maxLength: 14 }),
        fc.array(name, { maxLength: 10 }),
        (entries, lookups) => {
          const object = Object.fromEntries(entries);
          const inPlace = callerContext(object);
          // With lower-cased names remembered across requests (as an authorizer does): the same answers.
          const remembered = callerContext(object, names);
          const copied = ContextMap.from(object);
          for (const key of lookups) {
            expect(inPlace.get(key.toLowerCase())).toEqual(copied.get(key.toLowerCase()));
            expect(remembered.get(key.toLowerCase())).toEqual(copied.get(key.toLowerCase()));
          }
        },
      ),
      { numRuns: runs(5_000) },
    );
  });
  const names = new KeyNames();
  it('contexts with the same names, one after the other, each read their own values', () => {
    const known = new KeyNames();
    const first = { 'aws:SourceIp': '10.0.0.1', 's3:prefix': 'a/' };
    const second = { 'aws:SourceIp': '10.0.0.2', 's3:prefix': 'b/' };
    const third = { 's3:prefix': 'c/', 'aws:SourceIp': '10.0.0.3' };
    for (const [context, ip, prefix] of [
      [first, '10.0.0.1', 'a/'],
      [second, '10.0.0.2', 'b/'],
      [third, '10.0.0.3', 'c/'],
      [first, '10.0.0.1', 'a/'],
    ] as const) {
      const read = callerContext(context, known);
      expect([read.get('aws:sourceip'), read.get('s3:prefix'), read.get('aws:username')]).toEqual([
        ip,
        prefix,
        undefined,
      ]);
    }
  });
  it('ignores inherited members and an absent context', () => {
    const object = Object.create({ 'aws:SourceIp': '10.0.0.1' }) as Record<string, unknown>;
    expect(callerContext(object).get('aws:sourceip')).toBeUndefined();
    expect(callerContext(object, new KeyNames()).get('aws:sourceip')).toBeUndefined();
    expect(callerContext(undefined).get('aws:sourceip')).toBeUndefined();
  });
});
