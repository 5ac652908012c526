/**
 * Prints a policy AST back to the canonical IAM JSON object. Law: for any policy `p` produced by
 * `parsePolicy`, `parsePolicy(printPolicy(p), { type: p.type })` yields an AST deep-equal to `p`
 * (given options under which `p` itself was accepted).
 */
import type { ConditionClause, Policy, PrincipalElement, Statement, StringListElement } from './ast.js';

/** Sets an own data property, even for names such as `__proto__`. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function list(values: readonly string[], wasArray: boolean): string | string[] {
  return wasArray || values.length !== 1 ? [...values] : (values[0] as string);
}

function printPrincipal(principal: PrincipalElement): unknown {
  if (principal.wildcard) return '*';
  const out: Record<string, unknown> = {};
  for (const entry of principal.entries) out[entry.type] = list(entry.values, entry.wasArray);
  return out;
}

function printConditions(clauses: readonly ConditionClause[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const blocks = new Map<string, Record<string, unknown>>();
  for (const clause of clauses) {
    let block = blocks.get(clause.operator);
    if (block === undefined) {
      block = {};
      blocks.set(clause.operator, block);
      put(out, clause.operator, block);
    }
    put(block, clause.key, list(clause.values, clause.wasArray));
  }
  return out;
}

function printStringList(element: StringListElement, name: string, out: Record<string, unknown>): void {
  out[element.not ? `Not${name}` : name] = list(element.values, element.wasArray);
}

function printStatement(statement: Statement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (statement.sid !== undefined) out.Sid = statement.sid;
  out.Effect = statement.effect;
  if (statement.principal !== undefined) {
    out[statement.principal.not ? 'NotPrincipal' : 'Principal'] = printPrincipal(statement.principal);
  }
  printStringList(statement.action, 'Action', out);
  if (statement.resource !== undefined) printStringList(statement.resource, 'Resource', out);
  if (statement.conditions.length > 0) out.Condition = printConditions(statement.conditions);
  return out;
}

/**
 * The canonical IAM JSON object of a policy: `Version`, `Id`, `Statement` (an array or a single
 * object as written), each list as a string or an array as written, and conditions regrouped as
 * `{operator: {key: value}}` in document order.
 */
export function printPolicy(policy: Policy): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (policy.version !== undefined) out.Version = policy.version;
  if (policy.id !== undefined) out.Id = policy.id;
  const statements = policy.statements.map(printStatement);
  out.Statement = policy.statementIsArray || statements.length !== 1 ? statements : statements[0];
  return out;
}
