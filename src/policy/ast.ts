/**
 * The typed AST of an IAM policy document (spec §1).
 *
 * The AST is plain, immutable data. It keeps exactly what evaluation and printing need:
 * every list element remembers whether it was written as an array so that
 * parse → print → parse is the identity on the AST.
 */

/** The policy types of spec §1.8; each has its own element rules. */
export type PolicyType = 'identity' | 'resource' | 'trust' | 'boundary' | 'session' | 'scp' | 'rcp' | 'endpoint';

/** All policy types, in the order of spec §1.8. */
export const POLICY_TYPES: readonly PolicyType[] = [
  'identity',
  'resource',
  'trust',
  'boundary',
  'session',
  'scp',
  'rcp',
  'endpoint',
];

/** The two documented `Version` values (spec §1.3). */
export type PolicyVersion = '2012-10-17' | '2008-10-17';

/** `Effect` (spec §1.2): case-sensitive. */
export type Effect = 'Allow' | 'Deny';

/** A parsed policy document. */
export interface Policy {
  readonly type: PolicyType;
  /** `undefined` when the document has no `Version` (behaves like 2008-10-17, spec §1.3). */
  readonly version: PolicyVersion | undefined;
  readonly id: string | undefined;
  readonly statements: readonly Statement[];
  /** `true` when `Statement` was written as an array. */
  readonly statementIsArray: boolean;
}

/** One statement (spec §1.2). */
export interface Statement {
  /** Position in the policy's `Statement` list, from 0. */
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  /** `Principal` / `NotPrincipal`; absent in identity-style policies. */
  readonly principal: PrincipalElement | undefined;
  /** `Action` / `NotAction` (exactly one is required). */
  readonly action: StringListElement;
  /** `Resource` / `NotResource`; absent means "the resource the policy is attached to". */
  readonly resource: StringListElement | undefined;
  /** Condition clauses, one per (operator, key) pair, in document order. */
  readonly conditions: readonly ConditionClause[];
}

/** `Action`/`NotAction` or `Resource`/`NotResource`: a string or a list of strings. */
export interface StringListElement {
  /** `true` for the `Not…` form. */
  readonly not: boolean;
  readonly values: readonly string[];
  readonly wasArray: boolean;
}

/** The keys of a principal map (spec §1.4). */
export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

/** `Principal` / `NotPrincipal` (spec §1.4). */
export interface PrincipalElement {
  /** `true` for `NotPrincipal`. */
  readonly not: boolean;
  /** `true` when written as the bare string `"*"`. */
  readonly wildcard: boolean;
  /** The principal map's entries (empty when `wildcard`). */
  readonly entries: readonly PrincipalEntry[];
}

/** One key of a principal map with its values. */
export interface PrincipalEntry {
  readonly type: PrincipalType;
  readonly values: readonly string[];
  readonly wasArray: boolean;
}

/** The base condition operators of spec §3.4 (without `IfExists` or a set prefix). */
export type ConditionOperatorName =
  | 'StringEquals'
  | 'StringNotEquals'
  | 'StringEqualsIgnoreCase'
  | 'StringNotEqualsIgnoreCase'
  | 'StringLike'
  | 'StringNotLike'
  | 'NumericEquals'
  | 'NumericNotEquals'
  | 'NumericLessThan'
  | 'NumericLessThanEquals'
  | 'NumericGreaterThan'
  | 'NumericGreaterThanEquals'
  | 'DateEquals'
  | 'DateNotEquals'
  | 'DateLessThan'
  | 'DateLessThanEquals'
  | 'DateGreaterThan'
  | 'DateGreaterThanEquals'
  | 'Bool'
  | 'BinaryEquals'
  | 'IpAddress'
  | 'NotIpAddress'
  | 'ArnEquals'
  | 'ArnLike'
  | 'ArnNotEquals'
  | 'ArnNotLike'
  | 'Null';

/** The set prefixes of spec §3.6. */
export type SetOperator = 'ForAllValues' | 'ForAnyValue';

/** One (operator, key) pair of a `Condition` block with its policy values. */
export interface ConditionClause {
  /** The operator exactly as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operator: string;
  /** The base operator. */
  readonly base: ConditionOperatorName;
  readonly set: SetOperator | undefined;
  readonly ifExists: boolean;
  /** The condition key exactly as written (keys compare case-insensitively, spec §3.2). */
  readonly key: string;
  /** Policy values; JSON numbers and booleans are converted to their string form (spec §3.4). */
  readonly values: readonly string[];
  readonly wasArray: boolean;
}
