/**
 * Attaches line/column to issues found in JSON text, using the positions recorded by
 * {@link parseJson}. An issue about something absent (e.g. a missing `Effect`) points at the
 * nearest enclosing element that exists.
 */
import type { JsonPosition } from '../json/parse-json.js';
import type { Issue } from './issues.js';

/**
 * The path of the element enclosing `path` (`Statement[0].Effect` → `Statement[0]`), or
 * `undefined` for the root. Understands the three segment forms written by `joinPath`.
 */
export function parentPath(path: string): string | undefined {
  if (path === '') return undefined;
  let lastStart = 0;
  let i = 0;
  while (i < path.length) {
    lastStart = i;
    const c = path[i];
    if (c === '.') {
      i++;
      while (i < path.length && path[i] !== '.' && path[i] !== '[') i++;
    } else if (c === '[') {
      if (path[i + 1] === '"') {
        i += 2;
        while (i < path.length && path[i] !== '"') i += path[i] === '\\' ? 2 : 1;
        i += 2; // closing quote and bracket
      } else {
        while (i < path.length && path[i] !== ']') i++;
        i++;
      }
    } else {
      while (i < path.length && path[i] !== '.' && path[i] !== '[') i++;
    }
  }
  return path.slice(0, lastStart);
}

/** Returns the issues with `line`/`column` of their path (or its nearest located ancestor). */
export function locateIssues(issues: readonly Issue[], locate: (path: string) => JsonPosition | undefined): Issue[] {
  return issues.map((issue) => {
    let path: string | undefined = issue.path;
    while (path !== undefined) {
      const at = locate(path);
      if (at !== undefined) return { ...issue, line: at.line, column: at.column };
      path = parentPath(path);
    }
    return issue;
  });
}
