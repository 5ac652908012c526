/**
 * The request context as conditions see it (spec §3.2): keys are case-insensitive, a key is absent,
 * single-valued (a string) or multivalued (a possibly empty list of strings).
 */

import type { MatchCounter } from '../match/wildcard.js';

/** The value of a context key: one string, or a list for multivalued keys (`[]` = present but empty). */
export type ContextValue = string | readonly string[];

/** Looks up context keys by their lower-cased name. */
export interface ContextLookup {
  get(keyLower: string): ContextValue | undefined;
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
export class ContextMap implements ContextLookup {
  private readonly map = new Map<string, ContextValue>();

  /** Builds a map from caller-written keys (any case); unusable values are skipped. */
  static from(entries: Readonly<Record<string, unknown>> | undefined): ContextMap {
    const m = new ContextMap();
    if (entries) {
      for (const key of Object.keys(entries)) {
        const v = toContextValue(entries[key]);
        if (v !== undefined) m.map.set(key.toLowerCase(), v);
      }
    }
    return m;
  }

  /** Sets a key (any case). */
  set(key: string, value: ContextValue): this {
    this.map.set(key.toLowerCase(), value);
    return this;
  }

  /** Removes a key (any case). */
  delete(key: string): void {
    this.map.delete(key.toLowerCase());
  }

  get(keyLower: string): ContextValue | undefined {
    return this.map.get(keyLower);
  }

  /** `true` when the key (lower-cased) is present. */
  has(keyLower: string): boolean {
    return this.map.has(keyLower);
  }

  /** Number of keys. */
  get size(): number {
    return this.map.size;
  }

  /** The entries with lower-cased keys. */
  entries(): IterableIterator<[string, ContextValue]> {
    return this.map.entries();
  }
}

/** Contexts with more keys than this are copied into a map on the first lookup. */
const SCAN_AT_MOST = 8;

/**
 * The keys a caller passed, read in place (spec §3.2): no map is built per request, key names
 * compare case-insensitively and unusable values are skipped, exactly as {@link ContextMap.from}
 * reads them (of two names that differ only in case, the later usable one wins). A small context
 * is scanned per lookup against its names lower-cased once (on the first lookup: a decision looks
 * up a handful of keys, and comparing lower-cased names is one `===` each); a larger one is copied
 * into a map once, so the work stays linear in the context's size.
 */
export class CallerContext implements ContextLookup {
  private names: string[] | undefined;
  private lowered: string[] | undefined;
  private map: ContextMap | undefined;

  constructor(private readonly entries: Readonly<Record<string, unknown>>) {}

  get(keyLower: string): ContextValue | undefined {
    if (this.map) return this.map.get(keyLower);
    let lowered = this.lowered;
    if (lowered === undefined) {
      const names = Object.keys(this.entries);
      if (names.length > SCAN_AT_MOST) return (this.map = ContextMap.from(this.entries)).get(keyLower);
      lowered = new Array<string>(names.length);
      for (let i = 0; i < names.length; i++) lowered[i] = (names[i] as string).toLowerCase();
      this.names = names;
      this.lowered = lowered;
    }
    const names = this.names as string[];
    let found: ContextValue | undefined;
    for (let i = 0; i < lowered.length; i++) {
      if (lowered[i] !== keyLower) continue;
      const v = toContextValue(this.entries[names[i] as string]);
      if (v !== undefined) found = v;
    }
    return found;
  }
}

/** The caller's context keys, read in place; {@link EMPTY_CALLER} when there are none. */
export function callerContext(entries: Readonly<Record<string, unknown>> | undefined): ContextLookup {
  return entries === undefined || entries === null ? EMPTY_CALLER : new CallerContext(entries);
}

const EMPTY_CALLER: ContextLookup = Object.freeze({ get: () => undefined });
