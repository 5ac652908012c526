/**
 * The request context as conditions see it (spec §3.2): keys are case-insensitive, a key is absent,
 * single-valued (a string) or multivalued (a possibly empty list of strings).
 */

import type { MatchCounter } from '../match/wildcard.js';
import { isOwn } from '../json/own.js';
import { conditionKeyLower } from './key-names.js';

/** The value of a context key: one string, or a list for multivalued keys (`[]` = present but empty). */
export type ContextValue = string | readonly string[];

/** Looks up context keys by their lower-cased name. */
export interface ContextLookup {
  /**
   * `worldOwned`: whether the key is one a world owns (`isWorldOwnedKey`), when the caller knows it
   * already (a compiled condition works it out once for its key); a lookup that tells world-owned
   * keys apart (`RequestKeys`) then need not ask. Never anything but `isWorldOwnedKey(keyLower)`.
   */
  get(keyLower: string, worldOwned?: boolean): ContextValue | undefined;
  /**
   * The matcher step budget of the decision this context belongs to (docs/security.md G4):
   * wildcard and ARN matching charge it and stop at its limit; the decision then fails closed.
   */
  readonly budget?: MatchCounter;
  /**
   * The instant a date key holds, when the context knows it as a number (the request time):
   * exactly what the Date operators would read from `get(keyLower)`, without formatting and
   * parsing the text on every decision. `undefined`: read the text.
   */
  instantOf?(keyLower: string): number | undefined;
}

/** A value as callers may write it: booleans and numbers are converted to strings. */
export type ContextInputValue = string | number | boolean | readonly (string | number | boolean)[];

/** Converts a caller-written value to a context value; `undefined` for unusable values. */
export function toContextValue(value: unknown): ContextValue | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (Array.isArray(value)) {
    const out: string[] = [];
    for (const v of value) {
      const s = toContextValue(v);
      if (typeof s !== 'string') return undefined;
      out.push(s);
    }
    return out;
  }
  return undefined;
}

/** A context lookup backed by a map of lower-cased keys. */
export class ContextMap implements ContextLookup, KeyWriter {
  /** The keys and values; `undefined` in a packed map ({@link ContextMap.packed}) until a write. */
  private map: Map<string, ContextValue> | undefined;
  /** Packed form: the position of each key (one table for every map with the same keys) and the values. */
  private shape: ReadonlyMap<string, number> | undefined;
  private values: readonly ContextValue[] | undefined;

  /** `packed`: a map {@link ContextMap.packed} fills (no `Map` made for it). */
  constructor(packed = false) {
    this.map = packed ? undefined : new Map<string, ContextValue>();
  }

  /** Builds a map from caller-written keys (any case); unusable values are skipped. */
  static from(entries: Readonly<Record<string, unknown>> | undefined): ContextMap {
    const m = new ContextMap();
    if (entries) {
      for (const key of Object.keys(entries)) {
        const v = toContextValue(entries[key]);
        if (v !== undefined) m.set(key, v);
      }
    }
    return m;
  }

  /** Sets a key (any case). */
  set(key: string, value: ContextValue): this {
    this.unpacked().set(key.toLowerCase(), value);
    return this;
  }

  /** {@link set} of a key already lower-cased (a constant of the engine: no copy made to look up). */
  setLower(keyLower: string, value: ContextValue): this {
    this.unpacked().set(keyLower, value);
    return this;
  }

  /** Removes a key (any case). */
  delete(key: string): void {
    this.unpacked().delete(key.toLowerCase());
  }

  get(keyLower: string): ContextValue | undefined {
    const map = this.map;
    if (map !== undefined) return map.get(keyLower);
    const at = (this.shape as ReadonlyMap<string, number>).get(keyLower);
    return at === undefined ? undefined : (this.values as readonly ContextValue[])[at];
  }

  /** `true` when the key (lower-cased) is present. */
  has(keyLower: string): boolean {
    return this.map !== undefined ? this.map.has(keyLower) : (this.shape as ReadonlyMap<string, number>).has(keyLower);
  }

  /** Number of keys. */
  get size(): number {
    return this.map !== undefined ? this.map.size : (this.values as readonly ContextValue[]).length;
  }

  /** The entries with lower-cased keys. */
  entries(): IterableIterator<[string, ContextValue]> {
    return this.unpacked().entries();
  }

  /**
   * A packed map of the keys a {@link KeyRow} gathered, for keeping: its key table is taken from
   * `shapes` (one per distinct sequence of keys), and only the values are its own. A world's
   * principals have a handful of key sets, so hundreds of thousands of principal key maps share a
   * few tables (issue #16: compact compiled form), and no `Map` is made only to be packed; with
   * `lists`, equal list values are one array too (values are never written). Lookups give the
   * values the row was given; a later `set` or `delete` unpacks the map. The row is not used again.
   */
  static packed(row: KeyRow, shapes: KeyShapes, lists?: Map<string, readonly string[]>): ContextMap {
    const packed = new ContextMap(true);
    const values = row.values.slice();
    packed.shape = shapes.of(row.keys);
    // Equal multivalued values (`aws:PrincipalOrgPaths` of one organization) are one array.
    if (lists !== undefined) {
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (typeof v === 'string' || v === undefined) continue;
        const id = JSON.stringify(v);
        const known = lists.get(id);
        if (known !== undefined) values[i] = known;
        else lists.set(id, v);
      }
    }
    packed.values = values;
    return packed;
  }

  /** The map form (unpacking a packed map: its own copy, never the shared table). */
  private unpacked(): Map<string, ContextValue> {
    if (this.map !== undefined) return this.map;
    const map = new Map<string, ContextValue>();
    const values = this.values as readonly ContextValue[];
    for (const [k, i] of this.shape as ReadonlyMap<string, number>) map.set(k, values[i] as ContextValue);
    this.map = map;
    this.shape = undefined;
    this.values = undefined;
    return map;
  }
}

/**
 * Key tables of packed context maps ({@link ContextMap.packed}) by their keys, one per distinct
 * sequence of keys. The last table found is kept with its keys: keys equal to them item by item
 * find it without a text key made and hashed (consecutive principals of a world mostly have the
 * same keys, and a world's compiler gives each key name as one string; issue #16: compile time).
 */
export class KeyShapes {
  private readonly byText = new Map<string, ReadonlyMap<string, number>>();
  private lastKeys: readonly string[] = [];
  private last: ReadonlyMap<string, number> | undefined = undefined;

  /** The number of distinct tables. */
  get size(): number {
    return this.byText.size;
  }

  /** The table of `keys` (lower-cased, distinct, never written): each key's position. */
  of(keys: readonly string[]): ReadonlyMap<string, number> {
    if (this.last !== undefined && sameKeys(this.lastKeys, keys)) return this.last;
    const id = JSON.stringify(keys);
    let shape = this.byText.get(id);
    if (shape === undefined) this.byText.set(id, (shape = new Map(keys.map((k, i) => [k, i]))));
    this.lastKeys = keys;
    this.last = shape;
    return shape;
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What {@link ContextMap} and {@link KeyRow} take keys by (any case), e.g. `principalKeys`. */
export interface KeyWriter {
  set(key: string, value: ContextValue): this;
  /** `set` of a key already lower-cased. */
  setLower(keyLower: string, value: ContextValue): this;
  get(keyLower: string): ContextValue | undefined;
}

/**
 * Keys gathered to be packed ({@link ContextMap.packed}): lower-cased keys and their values in the
 * order first set, a later `set` of a key replacing its value in place, as a `Map` keeps them.
 * `lower` lower-cases a key (a world's compiler gives one that remembers the few key names there
 * are, so setting a key makes no string).
 */
export class KeyRow implements KeyWriter {
  readonly keys: string[] = [];
  readonly values: ContextValue[] = [];

  constructor(private readonly lower: (key: string) => string) {}

  set(key: string, value: ContextValue): this {
    return this.setLower(this.lower(key), value);
  }

  setLower(keyLower: string, value: ContextValue): this {
    const at = this.keys.indexOf(keyLower);
    if (at >= 0) this.values[at] = value;
    else {
      this.keys.push(keyLower);
      this.values.push(value);
    }
    return this;
  }

  get(keyLower: string): ContextValue | undefined {
    const at = this.keys.indexOf(keyLower);
    return at < 0 ? undefined : this.values[at];
  }
}

/** Contexts with more keys than this are copied into a map on the first lookup. */
const SCAN_AT_MOST = 8;

/** Most context key names a {@link KeyNames} remembers, and the longest it remembers. */
const MAX_NAMES = 512;
const MAX_NAME_LENGTH = 128;

/**
 * Context key names lower-cased, remembered (at most {@link MAX_NAMES} names of at most
 * {@link MAX_NAME_LENGTH} characters, so it stays bounded): callers send the same few names with
 * every request, and a name is then lower-cased once rather than once per request. The lower-cased
 * text is V8's one copy of it (`lowerKey`), so it compares with a condition's key by identity.
 * It never changes an answer: `lowerOf(name)` is always `name.toLowerCase()`.
 */
export class KeyNames {
  private readonly lower = new Map<string, string>();
  /**
   * The names of the last context listed with all names short, and the same lower-cased (one
   * entry: callers send the same names with every request, so a context's names are then listed
   * without a lookup or a copy). Never written once stored: a {@link CallerContext} may hold them.
   */
  private lastNames: readonly string[] = [];
  private lastLowered: readonly string[] = [];
  /** What the last {@link list} listed. */
  listed: readonly string[] = [];
  listedLower: readonly string[] = [];

  /**
   * Lists the own enumerable names of `entries` into {@link listed} and, lower-cased,
   * {@link listedLower}; `false` (nothing listed) when there are more than `max`.
   */
  list(entries: object, max: number): boolean {
    const last = this.lastNames;
    let same = true;
    let count = 0;
    for (const name in entries) {
      if (!isOwn(entries, name)) continue;
      if (count === max) return false;
      if (same && last[count] !== name) same = false;
      count++;
    }
    if (same && count === last.length) {
      this.listed = last;
      this.listedLower = this.lastLowered;
      return true;
    }
    const names: string[] = [];
    const lowered: string[] = [];
    let short = true;
    for (const name in entries) {
      if (!isOwn(entries, name)) continue;
      // A proxy may list more names the second time: still at most `max`.
      if (names.length === max) return false;
      if (name.length > MAX_NAME_LENGTH) short = false;
      names.push(name);
      lowered.push(this.lowerOf(name));
    }
    this.listed = names;
    this.listedLower = lowered;
    if (short) {
      this.lastNames = names;
      this.lastLowered = lowered;
    }
    return true;
  }

  lowerOf(name: string): string {
    const known = this.lower.get(name);
    if (known !== undefined) return known;
    // A key as AWS spells it comes interned from a constant table (an authorizer's first request
    // names its keys for the first time: issue #16, one-shot use).
    const lower = conditionKeyLower(name);
    if (this.lower.size < MAX_NAMES && name.length <= MAX_NAME_LENGTH) this.lower.set(name, lower);
    return lower;
  }
}

/**
 * The keys a caller passed, read in place (spec §3.2): no value is copied, key names compare
 * case-insensitively and unusable values are skipped, exactly as {@link ContextMap.from} reads them
 * (of two names that differ only in case, the later usable one wins). A small context's own names
 * (in `Object.keys` order) are listed and lower-cased on the first lookup, and each lookup reads
 * the value of the names that match in place; a larger context is copied into a map once, so the
 * work stays linear in the context's size.
 */
export class CallerContext implements ContextLookup {
  private map: ContextMap | undefined = undefined;
  /** The context's own enumerable names, as listed on the first lookup (`undefined`: not yet). */
  private names: readonly string[] | undefined = undefined;
  /** The same names lower-cased, position by position. */
  private lowered: readonly string[] | undefined = undefined;
  private entries: Readonly<Record<string, unknown>>;
  /** Lower-cased names remembered across requests (without: each name is lower-cased here). */
  private known: KeyNames | undefined;

  constructor(entries: Readonly<Record<string, unknown>>, known: KeyNames | undefined) {
    this.entries = entries;
    this.known = known;
  }

  /**
   * The keys of another request, nothing remembered of the previous one (an authorizer reuses one
   * object for every request it decides while it is not deciding another).
   */
  renew(entries: Readonly<Record<string, unknown>>, known: KeyNames | undefined): this {
    this.map = undefined;
    this.names = undefined;
    this.lowered = undefined;
    this.entries = entries;
    this.known = known;
    return this;
  }

  get(keyLower: string): ContextValue | undefined {
    if (this.map) return this.map.get(keyLower);
    let lowered = this.lowered;
    if (lowered === undefined) {
      const known = this.known;
      if (known !== undefined ? !known.list(this.entries, SCAN_AT_MOST) : !this.list())
        return (this.map = ContextMap.from(this.entries)).get(keyLower);
      if (known !== undefined) {
        this.names = known.listed;
        this.lowered = known.listedLower;
      }
      lowered = this.lowered as readonly string[];
    }
    const names = this.names as readonly string[];
    const entries = this.entries;
    let found: ContextValue | undefined;
    for (let i = 0; i < lowered.length; i++) {
      if (lowered[i] !== keyLower) continue;
      const name = names[i] as string;
      // Read in place, own members only (a getter may have removed it since it was listed).
      if (!isOwn(entries, name)) continue;
      const v = toContextValue(entries[name]);
      if (v !== undefined) found = v;
    }
    return found;
  }

  /** {@link KeyNames.list} without remembered names. */
  private list(): boolean {
    const names: string[] = [];
    const lowered: string[] = [];
    for (const name in this.entries) {
      if (!isOwn(this.entries, name)) continue;
      if (names.length === SCAN_AT_MOST) return false;
      names.push(name);
      lowered.push(name.toLowerCase());
    }
    this.names = names;
    this.lowered = lowered;
    return true;
  }
}

/**
 * The caller's context keys, read in place; {@link EMPTY_CALLER} when there are none. `reuse`: a
 * {@link CallerContext} no decision in progress reads, renewed instead of a new one.
 */
export function callerContext(
  entries: Readonly<Record<string, unknown>> | undefined,
  names?: KeyNames,
  reuse?: CallerContext,
): ContextLookup {
  if (entries === undefined || entries === null) return EMPTY_CALLER;
  return reuse !== undefined ? reuse.renew(entries, names) : new CallerContext(entries, names);
}

const EMPTY_CALLER: ContextLookup = Object.freeze({ get: () => undefined });
