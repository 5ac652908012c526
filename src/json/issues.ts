/**
 * Errors and warnings as data (never thrown): every problem found in untrusted input
 * carries a JSON path and, when the input was text, a line and column.
 */

import type { IssueCode } from './issue-codes.js';

/** How serious a problem is: an `error` makes the input unusable (fail closed). */
export type Severity = 'error' | 'warning';

/** One problem found in a policy, world or request. */
export interface Issue {
  readonly severity: Severity;
  /** A stable machine-readable code, e.g. `missing-effect`, `unknown-operator`: one of `ISSUE_CODES` (docs/codes.md). */
  readonly code: IssueCode;
  /** JSON path of the offending element, e.g. `Statement[2].Condition.StringLike`. `""` is the root. */
  readonly path: string;
  /** A sentence a person understands. */
  readonly message: string;
  /** 1-based line of the element when the input was JSON text. */
  readonly line?: number;
  /** 1-based column of the element when the input was JSON text. */
  readonly column?: number;
}

/** Joins a JSON path and a member name: `joinPath('Statement[0]', 'Effect')` → `Statement[0].Effect`. */
export function joinPath(base: string, member: string | number): string {
  if (typeof member === 'number') return `${base}[${member}]`;
  const safe = /^[A-Za-z_$][\w$:-]*$/.test(member) ? member : JSON.stringify(member);
  if (base === '') return /^[A-Za-z_$]/.test(safe) ? safe : `[${safe}]`;
  return /^[A-Za-z_$]/.test(safe) ? `${base}.${safe}` : `${base}[${safe}]`;
}

/** Formats an issue on one line: `error Statement[0].Effect (3:5): …`. */
export function formatIssue(issue: Issue): string {
  const at = issue.line !== undefined ? ` (${issue.line}:${issue.column ?? 1})` : '';
  const where = issue.path === '' ? '(document)' : issue.path;
  return `${issue.severity} ${where}${at}: ${issue.message} [${issue.code}]`;
}
