/**
 * Helpers for condition unit tests: a condition block is parsed with `parsePolicy` (never hand-built)
 * and compiled with `compileCondition`; the request context is a `ContextMap`.
 */
import { parsePolicy } from '../../src/policy/parse.js';
import type { PolicyVersion } from '../../src/policy/ast.js';
import { compileCondition, type CompiledCondition } from '../../src/condition/compile.js';
import { ContextMap } from '../../src/condition/context.js';

/** Parses `block` as the `Condition` of an identity-policy statement and compiles every clause. */
export function compileBlock(
  block: Record<string, unknown>,
  version: PolicyVersion | null = '2012-10-17',
): CompiledCondition[] {
  const doc = {
    ...(version === null ? {} : { Version: version }),
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: block }],
  };
  const parsed = parsePolicy(doc, { type: 'identity' });
  if (!parsed.ok)
    throw new Error(`test policy does not parse: ${parsed.errors.map((e) => `${e.code}: ${e.message}`).join('; ')}`);
  const statement = parsed.policy.statements[0];
  if (!statement) throw new Error('test policy has no statement');
  return statement.conditions.map((c) => compileCondition(c, parsed.policy.version));
}

/** The request context from caller-written keys (any case; arrays are multivalued keys). */
export function context(keys: Record<string, unknown> = {}): ContextMap {
  return ContextMap.from(keys);
}

/** `true` when the whole condition block holds for the request context (AND of its clauses). */
export function holds(
  block: Record<string, unknown>,
  keys: Record<string, unknown> = {},
  version: PolicyVersion | null = '2012-10-17',
): boolean {
  const ctx = context(keys);
  return compileBlock(block, version).every((c) => c.test(ctx));
}

/** One operator, one key, its policy values: does it hold for the request value (omit = absent)? */
export function check(operator: string, key: string, values: unknown, keys: Record<string, unknown> = {}): boolean {
  return holds({ [operator]: { [key]: values } }, keys);
}
