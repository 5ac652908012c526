/**
 * Turns an already-parsed JavaScript value into a plain JSON tree (null-prototype objects,
 * arrays, strings, finite numbers, booleans, null), reading every property exactly once.
 * This guards the validator against getters, proxies, cycles and non-JSON values.
 */
import { DEFAULT_MAX_DEPTH, type JsonObject, type JsonValue } from '../json/parse-json.js';
import { bareObject } from '../json/bare-object.js';
import type { IssueSink } from './issue-sink.js';
import { joinPath } from './issues.js';
import { checkArrayLength, DEFAULT_LIMITS } from './limits.js';

/**
 * Copies `input` into a plain JSON tree. Problems (non-JSON values, nesting deeper than
 * `maxDepth`, properties that throw when read) are reported to `sink`; the result is then
 * `undefined`. Object members whose value is `undefined` are skipped, as `JSON.stringify` does.
 * Without `maxSize` the copy still stops at `DEFAULT_LIMITS.maxTextLength` characters, the cap of a
 * text: an object reached by many paths is copied once per path, and objects that refer to each
 * other twice per level would otherwise make 2⁶⁴ copies at depth 64 (issue #11).
 */
export function toJsonTree(
  input: unknown,
  sink: IssueSink,
  maxDepth = DEFAULT_MAX_DEPTH,
  maxSize?: number,
  measured?: TreeMeasure,
): JsonValue | undefined {
  const before = sink.errors;
  const limit = maxSize ?? DEFAULT_LIMITS.maxTextLength;
  const budget: CopyBudget = { left: limit, size: 0, foreign: false, onPath: new Set(), copies: new Map() };
  let tree: JsonValue;
  try {
    tree = copy(input, [], 0, sink, maxDepth, budget);
  } catch (e) {
    if (e !== TOO_LARGE) throw e;
    const spent = limit - budget.left;
    sink.error(
      'policy-too-large',
      '',
      `the policy has ${spent} characters or more (whitespace not counted), more than the ${limit} allowed; it was not read further`,
    );
    return undefined;
  }
  if (measured) {
    measured.size = budget.size;
    measured.foreign = budget.foreign;
  }
  return sink.errors > before ? undefined : tree;
}

/**
 * What the copy learnt on the way, so that the validator need not walk the tree again: the size of
 * the tree written as JSON without whitespace (`JSON.stringify(tree).length`, the size quota's
 * count, spec §8.1) and whether some string or member name has a character outside the policy
 * character set (TAB, LF, CR, U+0020–U+00FF; spec §1.1).
 */
export interface TreeMeasure {
  size: number;
  foreign: boolean;
  /**
   * Whether some strings were counted as plain text without reading them: strings the validator
   * reads in full and reports an error on unless they are plain ASCII (a world's copy, see
   * `readWorldFast`). Such a measure is exact when the document has no error.
   */
  unread?: boolean;
}

/**
 * Adds a string to a measure in one pass over its characters: `JSON.stringify(text).length` to its
 * size (a plain string is written as is, with its quotes; one that `JSON.stringify` may escape —
 * `"`, `\\`, a control character, a surrogate — is written out to count), and whether it has a
 * character outside the policy set (TAB, LF, CR, U+0020–U+00FF) to `foreign`.
 */
export function measureText(text: string, into: TreeMeasure): void {
  let escaped = false;
  let foreign = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c <= 0xff) {
      if (c === 0x22 || c === 0x5c) escaped = true;
    } else if (c < 0x20) {
      escaped = true;
      if (c !== 0x09 && c !== 0x0a && c !== 0x0d) foreign = true;
    } else {
      foreign = true;
      if (c >= 0xd800 && c <= 0xdfff) escaped = true;
    }
  }
  into.size += escaped ? JSON.stringify(text).length : text.length + 2;
  if (foreign) into.foreign = true;
}

/**
 * What is left of the size quota while copying: every value costs at least one character of the
 * document and a string its length, so a copy that runs out is over the quota, and a huge input
 * (a 10⁸-element sparse array, a proxy) is abandoned after at most `maxSize` values.
 */
interface CopyBudget {
  left: number;
  /** The objects being copied, outermost first: meeting one again is a cycle. */
  readonly onPath: Set<object>;
  /** Each object's copy by depth, with what it spent of the budget and its JSON size. */
  readonly copies: Map<object, { tree: JsonValue; spent: number; size: number }[]>;
  /** The exact JSON size of what was copied so far (see {@link TreeMeasure}). */
  size: number;
  foreign: boolean;
}

const TOO_LARGE: unique symbol = Symbol('too large');

function spend(budget: CopyBudget, n: number): void {
  budget.left -= n;
  if (budget.left < 0) throw TOO_LARGE;
}

/** The JSON path of the value being copied, as its members (joined only when an issue needs it). */
type Trail = (string | number)[];
const pathOf = (trail: Trail): string => trail.reduce<string>((joined, member) => joinPath(joined, member), '');

function copy(
  value: unknown,
  trail: Trail,
  depth: number,
  sink: IssueSink,
  maxDepth: number,
  budget: CopyBudget,
): JsonValue {
  switch (typeof value) {
    case 'string':
      spend(budget, value.length + 2);
      measureText(value, budget);
      return value;
    case 'boolean':
      spend(budget, 4);
      budget.size += value ? 4 : 5;
      return value;
    case 'number':
      spend(budget, 1);
      if (!Number.isFinite(value)) sink.error('not-json-value', pathOf(trail), `${String(value)} is not a JSON number`);
      budget.size += String(value).length;
      return value;
    case 'object':
      break;
    default:
      sink.error('not-json-value', pathOf(trail), `a ${typeof value} is not a JSON value`);
      return null;
  }
  if (value === null) {
    budget.size += 4;
    return null;
  }
  if (depth >= maxDepth) {
    sink.error('too-deep', pathOf(trail), `nesting deeper than ${maxDepth} levels (or a cyclic object)`);
    return null;
  }
  if (budget.onPath.has(value)) {
    sink.error('too-deep', pathOf(trail), 'a cyclic object (it contains itself)');
    return null;
  }
  // An object reached again at the same depth is copied once: its copy is shared and its cost spent
  // again, so objects that refer to each other twice per level cost one step per object and depth,
  // and their expanded size still counts against the quota (issue #11).
  let copies = budget.copies.get(value);
  const known = copies?.[depth];
  if (known !== undefined) {
    spend(budget, known.spent);
    budget.size += known.size;
    return known.tree;
  }
  const left = budget.left;
  const size = budget.size;
  const tree = copyObject(value, trail, depth, sink, maxDepth, budget);
  if (copies === undefined) budget.copies.set(value, (copies = []));
  copies[depth] = { tree, spent: left - budget.left, size: budget.size - size };
  return tree;
}

/** The copy of an array or object not met before at this depth. */
function copyObject(
  value: object,
  trail: Trail,
  depth: number,
  sink: IssueSink,
  maxDepth: number,
  budget: CopyBudget,
): JsonValue {
  spend(budget, 2);
  budget.size += 2;
  const at = trail.length;
  budget.onPath.add(value);
  try {
    if (Array.isArray(value)) {
      const out: JsonValue[] = [];
      const length: unknown = value.length;
      const tooLong = checkArrayLength(length);
      if (tooLong !== undefined) {
        sink.error('array-too-long', pathOf(trail), tooLong);
        return null;
      }
      for (let i = 0; i < (length as number); i++) {
        const item: unknown = value[i];
        trail.push(i);
        if (item === undefined) sink.error('not-json-value', pathOf(trail), 'undefined is not a JSON value');
        else out.push(copy(item, trail, depth + 1, sink, maxDepth, budget));
        trail.pop();
      }
      if (out.length > 1) budget.size += out.length - 1;
      return out;
    }
    const out = bareObject<JsonObject>();
    const keys = Object.keys(value);
    const tooMany = checkArrayLength(keys.length);
    if (tooMany !== undefined) {
      sink.error('array-too-long', pathOf(trail), `the object has too many members: ${tooMany}`);
      return null;
    }
    let members = 0;
    for (const key of keys) {
      spend(budget, key.length + 3);
      const member: unknown = (value as Record<string, unknown>)[key];
      if (member !== undefined) {
        // `"key":` and, between members, a comma.
        measureText(key, budget);
        budget.size += 1 + (members++ > 0 ? 1 : 0);
        trail.push(key);
        out[key] = copy(member, trail, depth + 1, sink, maxDepth, budget);
        trail.pop();
      }
    }
    return out;
  } catch (e) {
    if (e === TOO_LARGE) throw e;
    // A read that threw below this value left its members on the trail.
    trail.length = at;
    sink.error('unreadable-value', pathOf(trail), `the value could not be read: ${describeError(e)}`);
    return null;
  } finally {
    budget.onPath.delete(value);
  }
}

/** A short, never-throwing description of a caught exception. */
export function describeError(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return 'unknown error';
  }
}
