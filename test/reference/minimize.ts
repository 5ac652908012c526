/**
 * Delta debugging for JSON counterexamples: removes object members and array elements one at a
 * time for as long as the failure persists. fast-check's own shrinking is weak through `chain`,
 * so a failing differential case is minimized again with this before it is reported — the result
 * is small enough to become a regression case as it is.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function* removals(value: Json): Generator<Json> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield [...value.slice(0, i), ...value.slice(i + 1)];
    for (let i = 0; i < value.length; i++) {
      for (const smaller of removals(value[i] as Json)) yield [...value.slice(0, i), smaller, ...value.slice(i + 1)];
    }
  } else if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    for (const k of keys) {
      const copy = { ...value };
      delete copy[k];
      yield copy;
    }
    for (const k of keys) {
      for (const smaller of removals(value[k] as Json)) yield { ...value, [k]: smaller };
    }
  }
}

/** The smallest variant of `value` (by removals) for which `fails` still holds. */
export function minimize<T>(value: T, fails: (candidate: T) => boolean): T {
  const safe = (c: T) => {
    try {
      return fails(c);
    } catch {
      return false;
    }
  };
  let current = JSON.parse(JSON.stringify(value)) as Json;
  for (let changed = true; changed;) {
    changed = false;
    for (const candidate of removals(current)) {
      if (safe(candidate as T)) {
        current = candidate;
        changed = true;
        break;
      }
    }
  }
  return current as T;
}
