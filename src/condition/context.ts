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

