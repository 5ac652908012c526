/**
 * Merging worlds: the stacks of one app, or estates imported separately, as one world.
 */
import { joinPath, type Issue } from '../policy/issues.js';
import { describeError } from '../policy/json-tree.js';
import { checkArrayLength } from '../policy/limits.js';
import { worldSchema, type WorldInput } from '../model/world.js';

/** The sections of a world that map keys to records (all but `organization`), as the schema has them. */
const MAPS = Object.keys(worldSchema.shape).filter(
  (section) => section !== 'organization',
) as readonly (keyof WorldInput)[];

/** `JSON.stringify` that answers `undefined` instead of throwing (cycles, BigInt, getters, proxies). */
function jsonText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** How much of a definition `same` prints at most (values and string characters). */
const MAX_COMPARED = 1_000_000;

/**
 * Whether printing `value` stays within `budget.left` values and characters, without cycles: walked
 * once, each array refused by its length first (issue #11: a record holding `new Array(1e8)` was
 * printed as 500 MB of text to be compared, and mergeWorlds ran for minutes).
 */
function printable(value: unknown, budget: { left: number }, onPath: Set<object>): boolean {
  if (typeof value === 'string') return (budget.left -= value.length + 1) >= 0;
  if (typeof value !== 'object' || value === null) return --budget.left >= 0;
  if (onPath.has(value) || --budget.left < 0) return false;
  onPath.add(value);
  try {
    if (Array.isArray(value)) {
      const length: unknown = value.length;
      if (checkArrayLength(length) !== undefined || (length as number) > budget.left) return false;
      for (let i = 0; i < (length as number); i++) if (!printable(value[i], budget, onPath)) return false;
      return true;
    }
    for (const key of Object.keys(value)) {
      budget.left -= key.length;
      if (!printable((value as Record<string, unknown>)[key], budget, onPath)) return false;
    }
    return budget.left >= 0;
  } finally {
    onPath.delete(value);
  }
}

/** Two definitions are the same when they print alike; unprintable (or too large) ones are never the same. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  try {
    if (!printable(a, { left: MAX_COMPARED }, new Set()) || !printable(b, { left: MAX_COMPARED }, new Set()))
      return false;
  } catch {
    return false;
  }
  const ta = jsonText(a);
  return ta !== undefined && ta === jsonText(b);
}

/** Sets an own data property, so that a key such as `__proto__` stays data (never a prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The merged world, or why the list of worlds could not be read; worlds skipped are warnings. */
export type MergeWorldsResult =
  | { readonly ok: true; readonly world: WorldInput; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly errors: readonly Issue[]; readonly warnings: readonly Issue[] };

/**
 * Merges worlds into one. An entry (same map, same key) defined by several worlds keeps its
 * first definition and is reported, unless the definitions are identical; the first
 * `organization` is kept. Never throws: a world that is not an object, or that cannot be read
 * (a getter or proxy that throws), is skipped with a warning; keys such as `__proto__` are kept as
 * plain data (and then refused by `validateWorld` as reserved keys).
 *
 * @example
 * ```ts
 * import { mergeWorlds } from 'iam-verdict/import';
 *
 * const merged = mergeWorlds([
 *   { users: { 'arn:aws:iam::111111111111:user/ann': {} } },
 *   { roles: { 'arn:aws:iam::222222222222:role/Ops': { trustPolicy: { Version: '2012-10-17', Statement: [] } } } },
 * ]);
 * if (!merged.ok) throw new Error(merged.errors[0]?.message);
 * console.log(Object.keys(merged.world.users ?? {}).length, Object.keys(merged.world.roles ?? {}).length); // => 1 1
 * ```
 */
export function mergeWorlds(worlds: readonly WorldInput[]): MergeWorldsResult {
  const warnings: Issue[] = [];
  /** The list itself cannot be read: nothing to merge. */
  const unusable = (message: string): MergeWorldsResult => ({
    ok: false,
    errors: [{ severity: 'error', code: 'unreadable-world', path: '', message }],
    warnings,
  });
  const out: Record<string, Record<string, unknown>> = {};
  let organization: WorldInput['organization'];
  const skip = (path: string, why: string): void => {
    warnings.push({ severity: 'warning', code: 'unreadable-world', path, message: `${why}; it was skipped` });
  };
  let count = 0;
  try {
    if (!Array.isArray(worlds)) {
      return unusable('mergeWorlds needs an array of worlds');
    }
    const tooLong = checkArrayLength(worlds.length);
    if (tooLong) {
      return unusable(tooLong);
    }
    count = worlds.length;
  } catch (e) {
    return unusable(`the list of worlds could not be read: ${describeError(e)}`);
  }
  for (let i = 0; i < count; i++) {
    try {
      const w: unknown = worlds[i];
      if (typeof w !== 'object' || w === null || Array.isArray(w)) {
        skip(`[${i}]`, 'a world must be an object');
        continue;
      }
      mergeOne(w as WorldInput, i, out, warnings);
      const org = (w as WorldInput).organization;
      if (org) {
        if (!organization) organization = org;
        else if (!same(organization, org)) {
          warnings.push({
            severity: 'warning',
            code: 'duplicate-organization',
            path: `[${i}].organization`,
            message: 'several worlds define an organization; the first is kept',
          });
        }
      }
    } catch (e) {
      skip(`[${i}]`, `the world could not be read: ${describeError(e)}`);
    }
  }
  const world = out as WorldInput;
  return { ok: true, world: organization ? { ...world, organization } : world, warnings };
}

function mergeOne(w: WorldInput, i: number, out: Record<string, Record<string, unknown>>, warnings: Issue[]): void {
  for (const map of MAPS) {
    const entries: unknown = w[map];
    if (!entries || typeof entries !== 'object') continue;
    const target = (out[map] ??= {});
    for (const key of Object.keys(entries)) {
      const value: unknown = (entries as Record<string, unknown>)[key];
      if (!Object.prototype.hasOwnProperty.call(target, key)) setOwn(target, key, value);
      else if (!same(target[key], value)) {
        warnings.push({
          severity: 'warning',
          code: 'duplicate-entry',
          path: joinPath(joinPath(`[${i}]`, map), key),
          message: `${key} is already defined by an earlier world; the first definition is kept`,
        });
      }
    }
  }
}
