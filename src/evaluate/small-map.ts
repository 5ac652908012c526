/**
 * An immutable map from strings, compact when small. A `Map` takes about 185 bytes empty and 210
 * with one entry; the compiled form of a world holds several per policy and per principal (the
 * statements of each service, the candidates of each service and action), most with one to four
 * entries (issue #16: compact compiled form). The first entry is kept in two fields, up to
 * {@link SCAN_AT_MOST} more in one array of keys and values, looked up by comparing keys in order
 * (as fast as hashing a key that is not cached); larger maps keep a `Map`. A map may extend a
 * `base` map: it then holds only what it adds or replaces (the merged index of a principal's
 * policies over the index of its groups' policies, which it mostly repeats). Built once, never
 * written afterwards but by {@link SmallMap.fill} (a statement index's placeholders, filled on
 * first lookup); values are never `undefined`.
 */
export class SmallMap<V> implements ReadonlyMap<string, V> {
  /** The first entry (`undefined` key: the map holds none of its own). */
  private readonly key0: string | undefined;
  private value0: V | undefined;
  /** The other entries, keys and values interleaved (`[k1, v1, k2, v2, …]`), or a `Map` of all of them. */
  private readonly rest: readonly unknown[] | ReadonlyMap<string, V> | undefined;

  /** `base`: the map's entries are `base`'s, with `entries` added or replacing them. */
  constructor(
    entries: Iterable<readonly [string, V]>,
    private readonly base?: SmallMap<V>,
    /** Instead of `entries`: keys and values interleaved (see {@link SmallMap.ofPairs}). */
    given?: readonly unknown[],
  ) {
    let pairs: readonly unknown[];
    if (given !== undefined) pairs = given;
    else {
      const flat: unknown[] = [];
      for (const [k, v] of entries) flat.push(k, v);
      pairs = flat;
    }
    this.key0 = undefined;
    this.value0 = undefined;
    this.rest = undefined;
    if (pairs.length > 2 * (SCAN_AT_MOST + 1)) {
      const map = new Map<string, V>();
      for (let i = 0; i < pairs.length; i += 2) map.set(pairs[i] as string, pairs[i + 1] as V);
      this.rest = map;
    } else if (pairs.length > 0) {
      this.key0 = pairs[0] as string;
      this.value0 = pairs[1] as V;
      // A copy with no room to grow (an array built by `push` keeps spare capacity).
      if (pairs.length > 2) this.rest = pairs.slice(2);
    }
  }

  /**
   * A map of `pairs`, keys and values interleaved (`[k0, v0, k1, v1, …]`, distinct keys), over
   * `base`: no entry tuples to build (compile time at scale, issue #16).
   */
  static ofPairs<V>(pairs: readonly unknown[], base?: SmallMap<V>): SmallMap<V> {
    return new SmallMap<V>(NO_ENTRIES as Iterable<readonly [string, V]>, base, pairs);
  }

  /** Calls `fn` with each key of the map, then its base's (a key of both: twice; no array or iterator per map). */
  forEachKey(fn: (key: string) => void): void {
    const rest = this.rest;
    if (rest !== undefined && !Array.isArray(rest)) for (const k of (rest as ReadonlyMap<string, V>).keys()) fn(k);
    else if (this.key0 !== undefined) {
      fn(this.key0);
      if (rest !== undefined) for (let i = 0; i < rest.length; i += 2) fn(rest[i] as string);
    }
    this.base?.forEachKey(fn);
  }

  /**
   * Replaces the value of an own key in place. Only for a map whose values stand for work not done
   * yet (a statement index builds a service's candidates on first lookup: `StatementIndex` in
   * `compile.ts`); every other map is never written.
   */
  fill(key: string, value: V): void {
    const rest = this.rest;
    if (this.key0 === key) this.value0 = value;
    else if (rest !== undefined && !Array.isArray(rest)) (rest as Map<string, V>).set(key, value);
    else if (rest !== undefined) {
      const pairs = rest as unknown[];
      for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === key) pairs[i + 1] = value;
    }
  }

  /** The number of entries (counted: compile time only). */
  get size(): number {
    const rest = this.rest;
    if (this.base === undefined) {
      if (rest === undefined) return this.key0 === undefined ? 0 : 1;
      return Array.isArray(rest) ? 1 + rest.length / 2 : (rest as ReadonlyMap<string, V>).size;
    }
    // The base's entries and the own keys it does not hold (no iterator: a world sizes one per principal).
    let n = this.base.size;
    for (const k of this.ownKeys()) if (!this.base.has(k)) n++;
    return n;
  }

  /** The map's own keys (not its base's), in order. */
  private ownKeys(): string[] {
    const rest = this.rest;
    if (rest !== undefined && !Array.isArray(rest)) return [...(rest as ReadonlyMap<string, V>).keys()];
    if (this.key0 === undefined) return [];
    const out = [this.key0];
    if (rest !== undefined) for (let i = 0; i < rest.length; i += 2) out.push(rest[i] as string);
    return out;
  }

  get(key: string): V | undefined {
    if (this.key0 === key) return this.value0;
    const rest = this.rest;
    if (rest !== undefined) {
      if (Array.isArray(rest)) {
        for (let i = 0; i < rest.length; i += 2) if (rest[i] === key) return rest[i + 1] as V;
      } else {
        const v = (rest as ReadonlyMap<string, V>).get(key);
        if (v !== undefined) return v;
      }
    }
    return this.base === undefined ? undefined : this.base.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** The map's own entries (not its base's), in order. */
  private *own(): Generator<[string, V]> {
    const rest = this.rest;
    if (rest !== undefined && !Array.isArray(rest)) {
      yield* (rest as ReadonlyMap<string, V>).entries();
      return;
    }
    if (this.key0 === undefined) return;
    yield [this.key0, this.value0 as V];
    if (rest !== undefined) for (let i = 0; i < rest.length; i += 2) yield [rest[i] as string, rest[i + 1] as V];
  }

  *entries(): MapIterator<[string, V]> {
    if (this.base === undefined) {
      yield* this.own();
      return;
    }
    const own = new Set<string>();
    for (const e of this.own()) {
      own.add(e[0]);
      yield e;
    }
    for (const [k, v] of this.base.entries()) if (!own.has(k)) yield [k, v];
  }

  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(fn: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
}

/** No entries (for {@link SmallMap.ofPairs}). */
const NO_ENTRIES: readonly (readonly [string, unknown])[] = [];

/** Maps with more entries than this beyond the first keep a `Map`. */
const SCAN_AT_MOST = 8;
