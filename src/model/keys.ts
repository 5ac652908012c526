/**
 * Tags as condition keys (spec §3.2, §6.5). The principal's keys and the per-request keys are
 * derived by the request pipeline (`src/evaluate/request`).
 */
import { KeyShapes, type KeyWriter } from '../condition/context.js';
import { bareObject } from '../json/bare-object.js';

/**
 * Writes tags as `<prefix><key>` keys (tag keys are case-insensitive, spec §3.2), `prefixLower`
 * being the prefix lower-cased (`aws:principaltag/`): the key alone is lower-cased, which gives the
 * name's lower case (the prefix ends in `/`, so no key character's case depends on it) without a
 * copy of the prefix lower-cased again per tag.
 */
export function setTags(
  map: KeyWriter,
  prefixLower: string,
  tags: Readonly<Record<string, string>> | undefined,
  shared?: Interner,
): void {
  if (!tags) return;
  for (const key of Object.keys(tags)) {
    const name = prefixLower + key.toLowerCase();
    // The map keeps the lower-cased name as it is: with `shared`, one string for every principal.
    map.setLower(shared ? shared.string(name) : name, tags[key] as string);
  }
}

/**
 * One copy of equal strings and equal tag sets, for a world being compiled: a world holds a few
 * distinct tag sets and tag keys for hundreds of thousands of principals (issue #16). Principals'
 * key maps are packed with its tables ({@link ContextMap.packed}). Sharing and packing pay in a
 * world of thousands of principals; a small one (a CLI call, a Lambda deciding once) makes none
 * (issue #16: one-shot use), and lookups give the same values either way.
 */
export class Interner {
  private readonly strings = new Map<string, string>();
  private readonly tagSets = new Map<string, Readonly<Record<string, string>>>();
  /** Key tables of packed context maps ({@link ContextMap.packed}), by their keys. */
  readonly shapes = new KeyShapes();
  /** Equal list values of packed context maps, by their JSON text. */
  readonly lists = new Map<string, readonly string[]>();

  /** Context key names lower-cased, by their name (a world names a few: see `KeyRow`). */
  private readonly lowered = new Map<string, string>();

  /** `key.toLowerCase()`, one string per distinct key name of the world. */
  readonly lower = (key: string): string => {
    let lower = this.lowered.get(key);
    if (lower === undefined) this.lowered.set(key, (lower = this.string(key.toLowerCase())));
    return lower;
  };

  string(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }

  /** An equal tag set seen before (same keys and values in the same order), else this one. */
  tags(tags: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
    const key = JSON.stringify(Object.entries(tags));
    const known = this.tagSets.get(key);
    if (known !== undefined) return known;
    this.tagSets.set(key, tags);
    return tags;
  }
}

/** Merges tag sets; later sets replace earlier keys regardless of case (spec §6.5). */
export function mergeTags(...sets: (Readonly<Record<string, string>> | undefined)[]): Record<string, string> {
  const byLower = new Map<string, [string, string]>();
  for (const set of sets) {
    if (!set) continue;
    for (const key of Object.keys(set)) byLower.set(key.toLowerCase(), [key, set[key] as string]);
  }
  const out: Record<string, string> = bareObject();
  for (const [key, value] of byLower.values()) out[key] = value;
  return out;
}

/**
 * {@link mergeTags} of one tag set: a copy without a prototype, in its order. Without two keys equal
 * regardless of case (nearly every set: tag keys are written one way) that is a plain copy, made
 * without the merge's table (issue #16: a one-shot call merges its principal's tags once).
 */
export function ownTags(set: Readonly<Record<string, string>>): Record<string, string> {
  const keys = Object.keys(set);
  if (keys.length > 8 || caseTwins(keys)) return mergeTags(set);
  const out: Record<string, string> = bareObject();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    out[key] = set[key] as string;
  }
  return out;
}

/** Whether two of a few keys are equal regardless of case. */
function caseTwins(keys: readonly string[]): boolean {
  if (keys.length < 2) return false;
  const lower = keys.map((k) => k.toLowerCase());
  for (let i = 1; i < lower.length; i++) if (lower.indexOf(lower[i] as string) < i) return true;
  return false;
}
