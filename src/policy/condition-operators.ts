/**
 * The condition operator table of spec §3.4 and the parser for operator names
 * (`ForAnyValue:StringLikeIfExists` → set, base, IfExists). Operator names are
 * case-sensitive (spec §10 C1).
 */
import type { ConditionOperatorName, SetOperator } from './ast.js';

/** The value family an operator compares. */
export type OperatorFamily = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';

/** What spec §3.4 says about one base operator. */
export interface OperatorInfo {
  readonly family: OperatorFamily;
  /** Negated operators combine several policy values as NOR (spec §3.1). */
  readonly negated: boolean;
  /** Policy variables are substituted in values (spec §3.7): String and ARN operators only. */
  readonly variables: boolean;
}

const info = (family: OperatorFamily, negated = false): OperatorInfo => ({
  family,
  negated,
  variables: family === 'string' || family === 'arn',
});

/** Every base operator with its family and polarity. */
export const OPERATORS: Readonly<Record<ConditionOperatorName, OperatorInfo>> = Object.freeze({
  StringEquals: info('string'),
  StringNotEquals: info('string', true),
  StringEqualsIgnoreCase: info('string'),
  StringNotEqualsIgnoreCase: info('string', true),
  StringLike: info('string'),
  StringNotLike: info('string', true),
  NumericEquals: info('numeric'),
  NumericNotEquals: info('numeric', true),
  NumericLessThan: info('numeric'),
  NumericLessThanEquals: info('numeric'),
  NumericGreaterThan: info('numeric'),
  NumericGreaterThanEquals: info('numeric'),
  DateEquals: info('date'),
  DateNotEquals: info('date', true),
  DateLessThan: info('date'),
  DateLessThanEquals: info('date'),
  DateGreaterThan: info('date'),
  DateGreaterThanEquals: info('date'),
  Bool: info('bool'),
  BinaryEquals: info('binary'),
  IpAddress: info('ip'),
  NotIpAddress: info('ip', true),
  ArnEquals: info('arn'),
  ArnLike: info('arn'),
  ArnNotEquals: info('arn', true),
  ArnNotLike: info('arn', true),
  Null: info('null'),
});

/** The result of reading an operator name. */
export interface ParsedOperator {
  readonly base: ConditionOperatorName;
  readonly set: SetOperator | undefined;
  readonly ifExists: boolean;
}

/** Why an operator name could not be read. */
export type OperatorNameProblem = 'unknown-operator' | 'ifexists-on-null';

function isBase(name: string): name is ConditionOperatorName {
  return Object.prototype.hasOwnProperty.call(OPERATORS, name);
}

/**
 * Reads an operator name such as `ForAllValues:StringNotLikeIfExists`.
 * Returns the problem instead of throwing when the name is not a valid operator.
 */
export function parseOperatorName(name: string): ParsedOperator | OperatorNameProblem {
  let rest = name;
  let set: SetOperator | undefined;
  if (rest.startsWith('ForAllValues:')) {
    set = 'ForAllValues';
    rest = rest.slice('ForAllValues:'.length);
  } else if (rest.startsWith('ForAnyValue:')) {
    set = 'ForAnyValue';
    rest = rest.slice('ForAnyValue:'.length);
  }
  let ifExists = false;
  if (!isBase(rest) && rest.endsWith('IfExists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  if (!isBase(rest)) return 'unknown-operator';
  if (rest === 'Null' && (ifExists || set !== undefined)) return ifExists ? 'ifexists-on-null' : 'unknown-operator';
  return { base: rest, set, ifExists };
}

/** A valid operator name read: its parts and the family of its base operator. */
export interface KnownOperator extends ParsedOperator {
  readonly family: OperatorFamily;
}

/**
 * Every valid operator name (`ForAllValues:StringLikeIfExists`…) with what
 * {@link parseOperatorName} reads from it, made once: a condition block's operator is then found
 * with one lookup (issue #16: one-shot use reads every operator of every statement).
 */
const KNOWN_OPERATORS: ReadonlyMap<string, KnownOperator> = (() => {
  const known = new Map<string, KnownOperator>();
  for (const prefix of ['', 'ForAllValues:', 'ForAnyValue:'])
    for (const base of Object.keys(OPERATORS) as ConditionOperatorName[])
      for (const suffix of ['', 'IfExists']) {
        const name = `${prefix}${base}${suffix}`;
        const parsed = parseOperatorName(name);
        if (typeof parsed !== 'string') known.set(name, Object.freeze({ ...parsed, family: OPERATORS[base].family }));
      }
  return known;
})();

/** {@link parseOperatorName} with the base operator's family: by the table of valid names first. */
export function readOperatorName(name: string): KnownOperator | OperatorNameProblem {
  const known = KNOWN_OPERATORS.get(name);
  if (known !== undefined) return known;
  const parsed = parseOperatorName(name);
  return typeof parsed === 'string' ? parsed : { ...parsed, family: OPERATORS[parsed.base].family };
}
