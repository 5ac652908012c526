/**
 * SmallMap (issue #16: compact compiled form) answers exactly as a `Map` of the same entries, in
 * every size (fields, array, `Map`) and over a base map (its entries replace or add to the base's).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SmallMap } from '../../src/evaluate/small-map.js';
import { ContextMap, KeyRow, KeyShapes } from '../../src/condition/context.js';

const entriesArb = fc.uniqueArray(fc.tuple(fc.string({ maxLength: 4 }), fc.integer()), {
  selector: ([k]) => k,
  maxLength: 24,
});

describe('SmallMap', () => {
  it('reads like a Map of its entries (any size), with a base like the base overwritten by its own', () => {
    fc.assert(
      fc.property(entriesArb, entriesArb, fc.array(fc.string({ maxLength: 4 })), (own, base, probes) => {
        const b = new SmallMap(base);
        const m = new SmallMap(own, b);
        const expected = new Map([...base, ...own]);
        for (const k of [...probes, ...expected.keys()]) {
          expect(m.get(k)).toBe(expected.get(k));
          expect(m.has(k)).toBe(expected.has(k));
        }
        expect(m.size).toBe(expected.size);
        expect(new Map(m.entries())).toEqual(expected);
        expect(new Set(m.keys())).toEqual(new Set(expected.keys()));
        const keys: string[] = [];
        m.forEachKey((k) => keys.push(k));
        expect(new Set(keys)).toEqual(new Set(expected.keys()));
        // A key of both the map and its base comes twice (once per map).
        expect([...new Set(keys)]).toEqual([...m.keys()]);
        // From interleaved pairs: the same map as from entry tuples.
        const flat = SmallMap.ofPairs(
          own.flatMap(([k, v]) => [k, v]),
          b,
        );
        expect([...flat]).toEqual([...m]);
        expect(flat.size).toBe(expected.size);
        const plain = new SmallMap(own);
        expect([...plain]).toEqual(own);
        // Filled in place (a statement index's lazily built entries): the same map with that value.
        for (const [k] of own) {
          const filled = new SmallMap(own);
          filled.fill(k, -1);
          expect(new Map(filled.entries())).toEqual(new Map([...own, [k, -1]]));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('ContextMap.packed', () => {
  it('packed maps give the same values, share one key table, and unpack on a write', () => {
    const shapes = new KeyShapes();
    const lists = new Map<string, readonly string[]>();
    const row = (name: string) =>
      new KeyRow((k) => k.toLowerCase()).set('aws:username', name).set('aws:PrincipalOrgPaths', ['o-1/r-1/']);
    const a = ContextMap.packed(row('alice'), shapes, lists);
    const b = ContextMap.packed(row('bob'), shapes, lists);
    expect(shapes.size).toBe(1);
    expect(a.get('aws:username')).toBe('alice');
    expect(b.get('aws:username')).toBe('bob');
    expect(a.get('aws:principalorgpaths')).toBe(b.get('aws:principalorgpaths'));
    expect(a.get('aws:userid')).toBeUndefined();
    expect(a.has('aws:username')).toBe(true);
    expect(a.size).toBe(2);
    // A write unpacks this map only: the other keeps the shared table and its values.
    a.set('aws:userid', 'AIDA1');
    expect(a.get('aws:userid')).toBe('AIDA1');
    expect(b.get('aws:userid')).toBeUndefined();
    expect(b.has('aws:userid')).toBe(false);
    expect([...a.entries()].map(([k]) => k)).toEqual(['aws:username', 'aws:principalorgpaths', 'aws:userid']);
    a.delete('aws:username');
    expect(a.get('aws:username')).toBeUndefined();
    expect(b.get('aws:username')).toBe('bob');
  });
});
