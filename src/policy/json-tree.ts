/**
 * Turns an already-parsed JavaScript value into a plain JSON tree (null-prototype objects,
 * arrays, strings, finite numbers, booleans, null), reading every property exactly once.
 * This guards the validator against getters, proxies, cycles and non-JSON values.
 */
import { DEFAULT_MAX_DEPTH, type JsonObject, type JsonValue } from '../json/parse-json.js';
import type { IssueSink } from './issue-sink.js';
import { joinPath } from './issues.js';

/**
 * Copies `input` into a plain JSON tree. Problems (non-JSON values, nesting deeper than
 * `maxDepth`, properties that throw when read) are reported to `sink`; the result is then
 * `undefined`. Object members whose value is `undefined` are skipped, as `JSON.stringify` does.
 */
export function toJsonTree(input: unknown, sink: IssueSink, maxDepth = DEFAULT_MAX_DEPTH): JsonValue | undefined {
  const before = sink.errors;
  const tree = copy(input, '', 0, sink, maxDepth);
  return sink.errors > before ? undefined : tree;
}

function copy(value: unknown, path: string, depth: number, sink: IssueSink, maxDepth: number): JsonValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) sink.error('not-json-value', path, `${String(value)} is not a JSON number`);
      return value;
    case 'object':
      break;
    default:
      sink.error('not-json-value', path, `a ${typeof value} is not a JSON value`);
      return null;
  }
  if (value === null) return null;
  if (depth >= maxDepth) {
    sink.error('too-deep', path, `nesting deeper than ${maxDepth} levels (or a cyclic object)`);
    return null;
  }
  try {
    if (Array.isArray(value)) {
      const out: JsonValue[] = [];
      const length = value.length;
      for (let i = 0; i < length; i++) {
        const item: unknown = value[i];
        const itemPath = joinPath(path, i);
        if (item === undefined) sink.error('not-json-value', itemPath, 'undefined is not a JSON value');
        else out.push(copy(item, itemPath, depth + 1, sink, maxDepth));
      }
      return out;
    }
    const out = Object.create(null) as JsonObject;
    for (const key of Object.keys(value)) {
      const member: unknown = (value as Record<string, unknown>)[key];
      if (member !== undefined) out[key] = copy(member, joinPath(path, key), depth + 1, sink, maxDepth);
    }
    return out;
  } catch (e) {
    sink.error('unreadable-value', path, `the value could not be read: ${describeError(e)}`);
    return null;
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
