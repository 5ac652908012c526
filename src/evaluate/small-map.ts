/**
 * An immutable map from strings, compact when small. A `Map` takes about 185 bytes empty and 210
 * with one entry; the compiled form of a world holds several per policy and per principal (the
 * statements of each service, the candidates of each service and action), most with one to four
 * entries (issue #16: compact compiled form). Up to {@link SCAN_AT_MOST} entries are kept as one
 * array of keys and values and looked up by comparing keys in order (as fast as hashing a key
 * that is not cached); larger maps keep a `Map`. A map may extend a `base` map: it then holds
 * only what it adds or replaces (the merged index of a principal's policies over the index of its
 * groups' policies, which it mostly repeats). Built once, never written afterwards.
 */
export class SmallMap<V> implements ReadonlyMap<string, V> {
  /** Keys and values interleaved (`[k0, v0, k1, v1, …]`); `undefined` when `map` holds them. */
  private readonly pairs: readonly unknown[] | undefined;
  private readonly map: ReadonlyMap<string, V> | undefined;
  readonly size: number;

  /** `base`: the map's entries are `base`'s, with `entries` added or replacing them. */
  constructor(
    entries: Iterable<readonly [string, V]>,
    private readonly base?: SmallMap<V>,
  ) {
    const pairs: unknown[] = [];
    for (const [k, v] of entries) pairs.push(k, v);
    if (pairs.length > 2 * SCAN_AT_MOST) {
      const map = new Map<string, V>();
      for (let i = 0; i < pairs.length; i += 2) map.set(pairs[i] as string, pairs[i + 1] as V);
      this.map = map;
      this.pairs = undefined;
    } else {
      // A copy with no room to grow (an array built by `push` keeps spare capacity).
      this.pairs = pairs.slice();
      this.map = undefined;
    }
    let size = base ? base.size : 0;
    for (let i = 0; i < pairs.length; i += 2) if (!base || base.get(pairs[i] as string) === undefined) size++;
    this.size = size;
  }

  get(key: string): V | undefined {
    const pairs = this.pairs;
    if (pairs === undefined) {
      const v = (this.map as ReadonlyMap<string, V>).get(key);
      return v !== undefined || this.base === undefined ? v : this.base.get(key);
    }
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === key) return pairs[i + 1] as V;
    return this.base === undefined ? undefined : this.base.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  *entries(): MapIterator<[string, V]> {
    const pairs = this.pairs;
    if (this.base === undefined) {
      if (pairs === undefined) yield* (this.map as ReadonlyMap<string, V>).entries();
      else for (let i = 0; i < pairs.length; i += 2) yield [pairs[i] as string, pairs[i + 1] as V];
      return;
    }
    const own = new Set<string>();
    if (pairs === undefined) {
      for (const [k, v] of (this.map as ReadonlyMap<string, V>).entries()) {
        own.add(k);
        yield [k, v];
      }
    } else {
      for (let i = 0; i < pairs.length; i += 2) {
        own.add(pairs[i] as string);
        yield [pairs[i] as string, pairs[i + 1] as V];
      }
    }
    if (this.base) for (const [k, v] of this.base.entries()) if (!own.has(k)) yield [k, v];
  }

  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  /** The keys as an array (compile time: no iterator per key). */
  keyList(): string[] {
    const pairs = this.pairs;
    if (this.base !== undefined || pairs === undefined) return [...this.keys()];
    const out: string[] = [];
    for (let i = 0; i < pairs.length; i += 2) out.push(pairs[i] as string);
    return out;
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

/** Maps with more entries than this keep a `Map`. */
const SCAN_AT_MOST = 8;
