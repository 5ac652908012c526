/**
 * `Condition` blocks (spec §1.7, §3.4–§3.7, §8.4): shape, operator names, value syntax per
 * operator family, and the advisory checks on key cardinality.
 */
import {
  OPERATORS,
  readOperatorName,
  type KnownOperator,
  type OperatorFamily,
  type OperatorNameProblem,
} from './condition-operators.js';
import type { JsonObject, JsonValue } from '../json/parse-json.js';
import type { ConditionClause, ConditionOperatorName, Effect, PolicyVersion } from './ast.js';
import { isLowerMultivaluedKey, isLowerSensitiveKey, lowerKeyCardinality } from './condition-keys.js';
import { isBase64Value, isBoolValue, isDateValue, isIpValue, isNumericValue } from './condition-values.js';
import type { IssueSink } from './issue-sink.js';
import { joinPath } from './issues.js';
import { isJsonObject, jsonTypeName } from './json-shapes.js';
import { firstVariableIndex, hasWildcard, looksLikeArn } from './policy-strings.js';
import type { IssueCode } from '../json/issue-codes.js';
import { memberPath, type StatementPlace } from './statement-place.js';

/** What the condition checks need to know about the statement, and where it is. */
export interface ConditionContext extends StatementPlace {
  readonly version: PolicyVersion | undefined;
  readonly sink: IssueSink;
}

const BASE_NAMES = Object.keys(OPERATORS) as ConditionOperatorName[];

/** The correctly spelt operator that `name` matches ignoring case (operators are case-sensitive, §10 C1). */
function suggestOperator(name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const prefix of ['', 'ForAllValues:', 'ForAnyValue:']) {
    for (const base of BASE_NAMES) {
      for (const suffix of ['', 'IfExists']) {
        const candidate = `${prefix}${base}${suffix}`;
        if (candidate.toLowerCase() === lower) return candidate;
      }
    }
  }
  return undefined;
}

function unknownOperatorMessage(name: string): string {
  if (/^ForA(?:ll|ny)Values?:Null$/.test(name))
    return `"${name}": Null cannot take a ForAllValues:/ForAnyValue: prefix`;
  const suggestion = suggestOperator(name);
  const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"? operator names are case-sensitive)`;
  return `"${name}" is not a condition operator${hint}`;
}

const FORMAT: Readonly<
  Record<
    Exclude<OperatorFamily, 'string' | 'arn'>,
    { check: (v: string) => boolean; code: IssueCode; expected: string }
  >
> = {
  numeric: { check: isNumericValue, code: 'invalid-numeric-value', expected: 'a number such as 10 or 2.5' },
  date: {
    check: isDateValue,
    code: 'invalid-date-value',
    expected: 'an ISO 8601 date such as 2025-01-31T00:00:00Z, or epoch seconds',
  },
  bool: { check: isBoolValue, code: 'invalid-bool-value', expected: '"true" or "false"' },
  null: { check: isBoolValue, code: 'invalid-null-value', expected: '"true" (key absent) or "false" (key present)' },
  ip: {
    check: isIpValue,
    code: 'invalid-ip-value',
    expected: 'an IPv4 or IPv6 address or CIDR range such as 203.0.113.0/24',
  },
  binary: { check: isBase64Value, code: 'invalid-binary-value', expected: 'base64-encoded bytes' },
};

/** The path of an operator block of the statement's `Condition`: `Statement[0].Condition.StringLike`. */
function operatorPath(ctx: ConditionContext, operator: string): string {
  return joinPath(memberPath(ctx, 'Condition'), operator);
}

/** The path of a condition key of an operator block. */
function keyPath(ctx: ConditionContext, operator: string, key: string): string {
  return joinPath(operatorPath(ctx, operator), key);
}

/** The path of a condition value: its key's, or `key[index]` in an array (`index` ≥ 0). */
function valuePath(ctx: ConditionContext, operator: string, key: string, index: number): string {
  const at = keyPath(ctx, operator, key);
  return index < 0 ? at : joinPath(at, index);
}

/**
 * Checks the syntax of one policy value for an operator family (spec §3.4, §3.7). Its path (see
 * {@link valuePath}) is joined only when there is something to report (issue #16: most values
 * have nothing).
 */
function checkValue(
  value: string,
  key: string,
  index: number,
  operator: string,
  family: OperatorFamily,
  ctx: ConditionContext,
): void {
  if (family === 'string' || family === 'arn') {
    // Under 2012-10-17 a string value has nothing to report, variable or not: not looked for.
    const current = ctx.version === '2012-10-17';
    if (current && family === 'string') return;
    const hasVariable = firstVariableIndex(value) >= 0;
    if (hasVariable && !current) {
      ctx.sink.warn(
        'variable-is-literal',
        valuePath(ctx, operator, key, index),
        `"${value}" contains a policy variable, but variables are only substituted under "Version": "2012-10-17"; here the text is literal`,
      );
    }
    if (family === 'arn' && !(hasVariable && current) && !looksLikeArn(value)) {
      ctx.sink.warn(
        'condition-value-not-arn',
        valuePath(ctx, operator, key, index),
        `"${value}" does not look like an ARN (arn:partition:service:region:account:resource), so ${operator} will not match it as one`,
      );
    }
    return;
  }
  if (firstVariableIndex(value) >= 0) {
    ctx.sink.warn(
      'variable-not-substituted',
      valuePath(ctx, operator, key, index),
      `"${value}": policy variables are not substituted in ${operator} values; the text is compared literally and will not match`,
    );
    return;
  }
  const format = FORMAT[family];
  if (!format.check(value))
    ctx.sink.error(
      format.code,
      valuePath(ctx, operator, key, index),
      `"${value}" is not valid for ${operator}: expected ${format.expected}`,
    );
}

/** A condition value as text: a string, or a number or boolean written as one. */
function scalar(v: JsonValue): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/**
 * Reads the value list of one condition key: a scalar or a non-empty array of scalars. A scalar
 * is read as a list of one value and marked `wasArray: false` by the caller.
 */
function readValues(raw: JsonValue, operator: string, key: string, ctx: ConditionContext): string[] | undefined {
  if (!Array.isArray(raw)) {
    const value = scalar(raw);
    if (value === undefined) {
      ctx.sink.error(
        'invalid-condition-value',
        keyPath(ctx, operator, key),
        `the value of condition key "${key}" must be a string, number, boolean or an array of them, not ${jsonTypeName(raw)}`,
      );
      return undefined;
    }
    return [value];
  }
  if (raw.length === 0) {
    ctx.sink.error(
      'empty-array',
      keyPath(ctx, operator, key),
      `condition key "${key}" has an empty array of values; list at least one value`,
    );
    return undefined;
  }
  const values: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    // (A hole of a sparse array is skipped, as `forEach` skipped it: the list is then short.)
    if (!(i in raw)) continue;
    const item = raw[i] as JsonValue;
    const value = scalar(item);
    if (value === undefined) {
      ctx.sink.error(
        'invalid-condition-value',
        joinPath(keyPath(ctx, operator, key), i),
        `every value of condition key "${key}" must be a string, number or boolean, not ${jsonTypeName(item)}`,
      );
    } else values.push(value);
  }
  return values.length === raw.length ? values : undefined;
}

/** The path of a clause's key, for a warning about it. */
function clausePath(ctx: ConditionContext, clause: ConditionClause): string {
  return keyPath(ctx, clause.operator, clause.key);
}

/** Advisory checks of spec §8.4 on the clauses of one statement (its key lower-cased once per clause). */
export function adviseOnKeys(
  clauses: readonly ConditionClause[],
  effect: Effect | undefined,
  ctx: ConditionContext,
): void {
  for (const clause of clauses) {
    const keyLower = clause.key.toLowerCase();
    if (clause.set !== undefined && lowerKeyCardinality(keyLower) === 'single') {
      ctx.sink.warn(
        'set-operator-on-single-valued-key',
        clausePath(ctx, clause),
        `${clause.set} is meant for multivalued keys, but "${clause.key}" is single-valued; use ${clause.base}${clause.ifExists ? 'IfExists' : ''} without the prefix`,
      );
    }
    if (clause.set === undefined && clause.base !== 'Null' && isLowerMultivaluedKey(keyLower)) {
      ctx.sink.warn(
        'multivalued-key-without-set-operator',
        clausePath(ctx, clause),
        `"${clause.key}" is multivalued; use ForAnyValue:${clause.operator} or ForAllValues:${clause.operator}`,
      );
    }
    if (clause.set === 'ForAllValues' && effect === 'Allow') {
      const guarded = clauses.some(
        (c) =>
          c.base === 'Null' && c.key.toLowerCase() === keyLower && c.values.some((v) => v.toLowerCase() === 'false'),
      );
      if (!guarded) {
        ctx.sink.warn(
          'forallvalues-without-null-guard',
          clausePath(ctx, clause),
          `ForAllValues in an Allow is also true when "${clause.key}" is absent or empty; add "Null": {"${clause.key}": "false"}`,
        );
      }
    }
    if (isLowerSensitiveKey(keyLower) && clause.values.some(hasWildcard)) {
      ctx.sink.warn(
        'wildcard-on-sensitive-key',
        clausePath(ctx, clause),
        `a wildcard in a value of "${clause.key}" has no valid use; list exact values`,
      );
    }
  }
}

/**
 * Reads the `Condition` block of the statement at `ctx`'s place into clauses, one per (operator,
 * key), in document order. Reports malformed shapes, unknown operators, bad values and the
 * advisory key warnings; paths are joined only for those (issue #16: most blocks have none).
 */
export function readConditions(raw: JsonValue, effect: Effect | undefined, ctx: ConditionContext): ConditionClause[] {
  const { sink } = ctx;
  if (!isJsonObject(raw)) {
    sink.error(
      'invalid-condition',
      memberPath(ctx, 'Condition'),
      `Condition must be an object such as {"StringEquals": {"aws:PrincipalTag/team": "red"}}, not ${jsonTypeName(raw)}`,
    );
    return [];
  }
  const clauses: ConditionClause[] = [];
  for (const operator in raw) {
    const block = raw[operator] as JsonValue;
    const parsed = readOperator(operator, ctx);
    if (!isJsonObject(block)) {
      sink.error(
        'invalid-condition-block',
        operatorPath(ctx, operator),
        `the value of ${operator} must be an object of condition keys, not ${jsonTypeName(block)}`,
      );
      continue;
    }
    readBlock(block, operator, parsed, clauses, ctx);
  }
  adviseOnKeys(clauses, effect, ctx);
  return clauses;
}

/** Reads an operator name of a `Condition` block, reporting an unknown one. */
export function readOperator(operator: string, ctx: ConditionContext): KnownOperator | OperatorNameProblem {
  const parsed = readOperatorName(operator);
  if (parsed === 'unknown-operator')
    ctx.sink.error('unknown-operator', operatorPath(ctx, operator), unknownOperatorMessage(operator));
  else if (parsed === 'ifexists-on-null')
    ctx.sink.error(
      'ifexists-on-null',
      operatorPath(ctx, operator),
      'Null has no IfExists form: Null already tests whether the key exists',
    );
  return parsed;
}

/** Reads the keys of one operator block into `clauses` (none when the operator is unknown). */
function readBlock(
  block: JsonObject,
  operator: string,
  parsed: KnownOperator | OperatorNameProblem,
  clauses: ConditionClause[],
  ctx: ConditionContext,
): void {
  const keys = Object.keys(block);
  // Keys already read, by their lower case: a block of one key (most are) has no duplicate to find.
  const seen = keys.length > 1 ? new Map<string, string>() : undefined;
  for (const key of keys) readKey(key, block[key] as JsonValue, operator, parsed, seen, clauses, ctx);
}

/**
 * Reads one key of an operator block and its value `raw` into `clauses` (none when the operator is
 * unknown). `seen`: the keys of the block read so far by their lower case, when it has several.
 */
export function readKey(
  key: string,
  raw: JsonValue,
  operator: string,
  parsed: KnownOperator | OperatorNameProblem,
  seen: Map<string, string> | undefined,
  clauses: ConditionClause[],
  ctx: ConditionContext,
): void {
  const { sink } = ctx;
  if (seen !== undefined) {
    const lower = key.toLowerCase();
    const earlier = seen.get(lower);
    if (earlier !== undefined) {
      sink.error(
        'duplicate-condition-key',
        keyPath(ctx, operator, key),
        `"${key}" and "${earlier}" are the same condition key (keys ignore case); merge their values`,
      );
    } else seen.set(lower, key);
  }
  if (key === '') sink.error('empty-condition-key', keyPath(ctx, operator, key), 'a condition key must not be empty');
  else if (firstVariableIndex(key) >= 0) {
    sink.warn(
      'variable-not-substituted',
      keyPath(ctx, operator, key),
      `"${key}": policy variables are not substituted in condition key names`,
    );
  }
  const values = readValues(raw, operator, key, ctx);
  if (values === undefined || typeof parsed === 'string') return;
  const wasArray = Array.isArray(raw);
  const family = parsed.family;
  for (let i = 0; i < values.length; i++)
    checkValue(values[i] as string, key, wasArray ? i : -1, operator, family, ctx);
  clauses.push({ operator, base: parsed.base, set: parsed.set, ifExists: parsed.ifExists, key, values, wasArray });
}
