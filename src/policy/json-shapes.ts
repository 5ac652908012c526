/**
 * Small readers for the JSON shapes policies use: objects, "a string or an array of strings",
 * and a "did you mean" helper for misspelt member names.
 */
import type { JsonObject, JsonValue } from '../json/parse-json.js';
import type { IssueSink } from './issue-sink.js';
import { joinPath } from './issues.js';

/** `true` for a JSON object (not an array, not null). */
export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `true` when `object` has an own member called `name`. */
export function hasMember(object: JsonObject, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, name);
}

/** The JSON type of a value, for messages. */
export function jsonTypeName(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** A string list as written: its values and whether it was an array. */
export interface StringList {
  readonly values: string[];
  readonly wasArray: boolean;
}

/**
 * Reads "a string or a non-empty array of strings" (spec §1.2; empty arrays §10 G4).
 * Reports `expected-string` / `empty-array` and returns `undefined` on any problem.
 */
export function readStringList(raw: JsonValue, path: string, element: string, sink: IssueSink): StringList | undefined {
  if (typeof raw === 'string') return { values: [raw], wasArray: false };
  if (!Array.isArray(raw)) {
    sink.error('expected-string', path, `${element} must be a string or an array of strings, not ${jsonTypeName(raw)}`);
    return undefined;
  }
  if (raw.length === 0) {
    sink.error('empty-array', path, `${element} is an empty array; list at least one value`);
    return undefined;
  }
  let ok = true;
  raw.forEach((item, i) => {
    if (typeof item !== 'string') {
      sink.error(
        'expected-string',
        joinPath(path, i),
        `every value of ${element} must be a string, not ${jsonTypeName(item)}`,
      );
      ok = false;
    }
  });
  // A copy: the AST never shares an array with the document (which may be a world's own copy,
  // handed to the parser without another copy, see parseCopiedPolicy).
  return ok ? { values: (raw as string[]).slice(), wasArray: true } : undefined;
}

/** A known name that `name` probably meant (same letters ignoring case, or a stray plural `s`). */
export function suggestName(name: string, known: readonly string[]): string | undefined {
  const lower = name.trim().toLowerCase();
  return known.find((k) => {
    const kl = k.toLowerCase();
    return kl === lower || `${kl}s` === lower;
  });
}

/** `" (did you mean X?)"` or `""`. */
export function didYouMean(name: string, known: readonly string[]): string {
  const suggestion = suggestName(name, known);
  return suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
}
