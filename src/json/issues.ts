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
  if (isPlainMember(member)) return base === '' ? member : `${base}.${member}`;
  return `${base}[${JSON.stringify(member)}]`;
}

/**
 * `/^[A-Za-z_$][\w$:-]*$/` without a regular expression (the validator joins a path for every
 * element it reads, issue #16): a member written after a dot rather than quoted in brackets.
 */
function isPlainMember(member: string): boolean {
  if (member.length === 0) return false;
  for (let i = 0; i < member.length; i++) {
    const c = member.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 /* _ */ || c === 36; /* $ */
    if (letter) continue;
    if (i > 0 && ((c >= 48 && c <= 57) || c === 58 /* : */ || c === 45) /* - */) continue;
    return false;
  }
  return true;
}

/** Formats an issue on one line: `error Statement[0].Effect (3:5): …`. */
export function formatIssue(issue: Issue): string {
  const at = issue.line !== undefined ? ` (${issue.line}:${issue.column ?? 1})` : '';
  const where = issue.path === '' ? '(document)' : issue.path;
  return `${issue.severity} ${where}${at}: ${issue.message} [${issue.code}]`;
}
