/**
 * Where a statement sits in its document, from which the JSON path of an issue is made only when
 * an issue names it: most statements of most documents have none (issue #16: one-shot use).
 */
import { joinPath } from './issues.js';

/** The place of the statement being read (document-wide context, updated per statement). */
export interface StatementPlace {
  /** The statement's index in `Statement` (0 when `Statement` is a single object). */
  readonly index: number;
  /** Whether `Statement` is an array (its statements' paths then carry their index). */
  readonly inArray: boolean;
}

/** `Statement[2]`, or `Statement` when the element is a single object. */
export function statementPath(place: StatementPlace): string {
  return place.inArray ? joinPath('Statement', place.index) : 'Statement';
}

/** The path of a member of the statement: `Statement[2].Effect`. */
export function memberPath(place: StatementPlace, member: string): string {
  return joinPath(statementPath(place), member);
}
