/**
 * Validation of a whole policy document (spec §1, §8): top-level members, `Version`, `Id`,
 * `Statement`, then every statement, the character set and the size quota. Builds the AST.
 */
import type { JsonObject, JsonValue } from '../json/parse-json.js';
import type { Policy, PolicyType, PolicyVersion, Statement } from './ast.js';
import { checkCharacterSet, checkPolicySize } from './document-limits.js';
import type { IssueSink } from './issue-sink.js';
import { joinPath } from './issues.js';
import { didYouMean, isJsonObject, jsonTypeName } from './json-shapes.js';
import { POLICY_TYPE_RULES } from './policy-types.js';
import { describeType, readStatement, type StatementContext } from './validate-statement.js';
import { statementPath } from './statement-place.js';

const TOP_LEVEL_MEMBERS = ['Version', 'Id', 'Statement'] as const;

/** Fully resolved validation options. */
export interface ValidateOptions {
  readonly type: PolicyType;
  readonly strictSid: boolean;
  readonly maxSize: number | false;
  /** The document's size as JSON without whitespace, when the caller measured it already. */
  readonly size?: number;
  /** Whether some string has a character outside the policy set, when the caller looked already. */
  readonly foreignCharacters?: boolean;
}

function readVersion(
  raw: JsonValue | undefined,
  present: boolean,
  type: PolicyType,
  sink: IssueSink,
): PolicyVersion | undefined {
  const rules = POLICY_TYPE_RULES[type];
  if (!present) {
    if (rules.requiresCurrentVersion)
      sink.error('version-required', 'Version', `${describeType(type)} must have "Version": "2012-10-17"`);
    return undefined;
  }
  if (raw !== '2012-10-17' && raw !== '2008-10-17') {
    sink.error(
      'invalid-version',
      'Version',
      `Version must be "2012-10-17" or "2008-10-17", not ${JSON.stringify(raw)}`,
    );
    return undefined;
  }
  if (raw === '2008-10-17' && rules.requiresCurrentVersion) {
    sink.error('version-required', 'Version', `${describeType(type)} must use "Version": "2012-10-17"`);
  }
  return raw;
}

/**
 * Checks a policy document (already a plain JSON tree) against the rules of its policy type and
 * builds the AST. Returns `undefined` when the document is too malformed to build one; the AST
 * is only trustworthy when `sink` holds no errors.
 */
export function validatePolicyDocument(doc: JsonValue, options: ValidateOptions, sink: IssueSink): Policy | undefined {
  const { type } = options;
  if (!isJsonObject(doc)) {
    sink.error('document-not-object', '', `a policy document must be a JSON object, not ${jsonTypeName(doc)}`);
    return undefined;
  }
  // The members in one pass, as found (a JSON tree has no member whose value is `undefined`).
  let versionRaw: JsonValue | undefined;
  let idRaw: JsonValue | undefined;
  let statementRaw: JsonValue | undefined;
  for (const key in doc) {
    const value = doc[key] as JsonValue;
    if (key === 'Version') versionRaw = value;
    else if (key === 'Id') idRaw = value;
    else if (key === 'Statement') statementRaw = value;
    else
      sink.error(
        'unknown-top-level-member',
        joinPath('', key),
        `"${key}" is not a policy element; the top level holds Version, Id and Statement${didYouMean(key, TOP_LEVEL_MEMBERS)}`,
      );
  }
  const policy = readMembers(versionRaw, idRaw, statementRaw, options, sink, TREE_STATEMENTS);
  if (options.foreignCharacters !== false) checkCharacterSet(doc, sink);
  if (options.maxSize !== false) checkPolicySize(doc, options.maxSize, sink, describeType(type), options.size);
  return policy;
}

/**
 * Reads one statement object of a document into its AST node (see {@link readMembers}). An object
 * with a method rather than a function: a reader of the caller's objects is one, and a closure made
 * per reading kept each reading's objects alive across V8's young-generation collections until a
 * full one (issue #16, round fifteen).
 */
export interface StatementReader {
  readStatement(statement: JsonObject, ctx: StatementContext): Statement;
}

/** The {@link StatementReader} of a JSON tree: the validator's `readStatement`. */
const TREE_STATEMENTS: StatementReader = Object.freeze({ readStatement });

/**
 * Checks the members of a policy document (its `Version`, `Id` and `Statement` values, `undefined`
 * when absent) and builds the AST; the character set and the size are the caller's. `reader`
 * reads each statement object: {@link TREE_STATEMENTS} for a JSON tree, or a reader of the caller's
 * own objects (`readWorldFast`, which hands over values it read once and never a caller-owned array).
 */
export function readMembers(
  versionRaw: JsonValue | undefined,
  idRaw: JsonValue | undefined,
  statementRaw: JsonValue | undefined,
  options: ValidateOptions,
  sink: IssueSink,
  reader: StatementReader,
): Policy {
  const { type } = options;
  const rules = POLICY_TYPE_RULES[type];
  const version = readVersion(versionRaw, versionRaw !== undefined, type, sink);
  let id: string | undefined;
  if (idRaw !== undefined) {
    if (typeof idRaw !== 'string') sink.error('invalid-id', 'Id', `Id must be a string, not ${jsonTypeName(idRaw)}`);
    else {
      id = idRaw;
      if (rules.identityStyle)
        sink.warn(
          'id-in-identity-policy',
          'Id',
          `Id is meant for resource-based policies and should not appear in ${describeType(type)}; it is ignored`,
        );
    }
  }
  const statements: Statement[] = [];
  const ctx: StatementContext = {
    type,
    rules,
    version,
    strictSid: options.strictSid,
    index: 0,
    inArray: false,
    statements,
    sids: undefined,
    sink,
  };
  let statementIsArray = false;
  const raw = statementRaw;
  if (raw === undefined) {
    sink.error('missing-statement', 'Statement', 'the policy has no Statement');
  } else if (Array.isArray(raw)) {
    statementIsArray = true;
    ctx.inArray = true;
    if (raw.length === 0)
      sink.error('empty-array', 'Statement', 'Statement is an empty array; a policy needs at least one statement');
    for (let i = 0; i < raw.length; i++) {
      // (A hole of a sparse array is skipped, as `forEach` skipped it.)
      if (!(i in raw)) continue;
      const item = raw[i] as JsonValue;
      ctx.index = i;
      if (isJsonObject(item)) statements.push(reader.readStatement(item, ctx));
      else
        sink.error(
          'statement-not-object',
          statementPath(ctx),
          `each statement must be an object, not ${jsonTypeName(item)}`,
        );
    }
  } else if (isJsonObject(raw)) {
    statements.push(reader.readStatement(raw, ctx));
  } else {
    sink.error(
      'invalid-statement',
      'Statement',
      `Statement must be an object or an array of objects, not ${jsonTypeName(raw)}`,
    );
  }
  // `slice`: no spare room kept (a compiled world holds the statements of every policy).
  return { type, version, id, statements: statements.slice(), statementIsArray };
}
