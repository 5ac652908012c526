/**
 * Line and column of a JSON path in YAML or JSON text (JSON is YAML), for test-file errors. The
 * text is parsed again only when there is an error to place.
 */
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { Issue } from '../policy/issues.js';

/** Adds line and column to issues whose path (as zod reports it) exists in the text. Never throws. */
export function locateInYaml(text: string, issues: readonly { issue: Issue; path: readonly PropertyKey[] }[]): Issue[] {
  try {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
    return issues.map(({ issue, path }) => {
      // The deepest node of the path that exists (a missing member points at its parent).
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n) as unknown[], true);
        if (isNode(node) && node.range) {
          const pos = lineCounter.linePos(node.range[0]);
          return { ...issue, line: pos.line, column: pos.col };
        }
      }
      return issue;
    });
  } catch {
    return issues.map((i) => i.issue);
  }
}
