/**
 * One statement (spec §1.2, §1.8): its members, the per-policy-type element rules, and the
 * AST node built from it.
 */
import type { JsonObject, JsonValue } from '../json/parse-json.js';
import type {
  ConditionClause,
  Effect,
  PolicyType,
  PolicyVersion,
  PrincipalElement,
  Statement,
  StringListElement,
} from './ast.js';
import type { IssueSink } from './issue-sink.js';
import { joinPath } from './issues.js';
import { didYouMean, hasMember, readStringList, type StringList } from './json-shapes.js';
import { checkActionString, checkResourceString, isQuietAction, isQuietResource } from './policy-strings.js';
import type { PolicyTypeRules } from './policy-types.js';
import { readConditions } from './validate-condition.js';
import { readPrincipal } from './validate-principal.js';
import type { IssueCode } from '../json/issue-codes.js';

/** The elements of a statement (spec §2), in the order the validator reads them. */
export const STATEMENT_MEMBERS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
] as const;
/**
 * Whether `key` is a statement element: {@link STATEMENT_MEMBERS} as a `switch` (every member of
 * every statement is asked; a set lookup hashes the name, a switch compares a few strings).
 */
function isStatementMember(key: string): boolean {
  switch (key) {
    case 'Sid':
    case 'Effect':
    case 'Principal':
    case 'NotPrincipal':
    case 'Action':
    case 'NotAction':
    case 'Resource':
    case 'NotResource':
    case 'Condition':
      return true;
    default:
      return false;
  }
}
/** `/^[A-Za-z0-9]*$/` by character codes (every Sid of a strict policy type is tested). */
function isStrictSid(sid: string): boolean {
  for (let i = 0; i < sid.length; i++) {
    const c = sid.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}

/** Document-wide facts a statement needs. */
export interface StatementContext {
  readonly type: PolicyType;
  readonly rules: PolicyTypeRules;
  readonly version: PolicyVersion | undefined;
  readonly strictSid: boolean;
  /**
   * Sids seen so far in this policy, with the path of the statement that has each, for the
   * uniqueness rule (made with the first Sid: a document without any makes none).
   */
  sids: Map<string, string> | undefined;
  readonly sink: IssueSink;
}

/** Reads the `Sid` of the statement at `path` (its own path joined only to report an issue). */
function readSid(raw: JsonValue, path: string, ctx: StatementContext): string | undefined {
  if (typeof raw !== 'string') {
    ctx.sink.error('invalid-sid', joinPath(path, 'Sid'), 'Sid must be a string');
    return undefined;
  }
  // The statement that used the Sid first, by its path.
  const earlier = ctx.sids?.get(raw);
  if (ctx.strictSid) {
    if (!isStrictSid(raw))
      ctx.sink.error(
        'invalid-sid',
        joinPath(path, 'Sid'),
        `Sid "${raw}" may only contain ASCII letters and digits (A–Z, a–z, 0–9)`,
      );
    if (earlier !== undefined)
      ctx.sink.error(
        'duplicate-sid',
        joinPath(path, 'Sid'),
        `Sid "${raw}" is already used by ${joinPath(earlier, 'Sid')}; Sids must be unique within a policy`,
      );
  } else if (earlier !== undefined) {
    ctx.sink.warn(
      'duplicate-sid',
      joinPath(path, 'Sid'),
      `Sid "${raw}" is already used by ${joinPath(earlier, 'Sid')}`,
    );
  }
  if (earlier === undefined) (ctx.sids ??= new Map()).set(raw, path);
  return raw;
}

function readEffect(statement: JsonObject, path: string, sink: IssueSink): Effect | undefined {
  if (!hasMember(statement, 'Effect')) {
    sink.error(
      'missing-effect',
      joinPath(path, 'Effect'),
      'the statement has no Effect; add "Effect": "Allow" or "Effect": "Deny"',
    );
    return undefined;
  }
  const raw = statement.Effect;
  if (raw === 'Allow' || raw === 'Deny') return raw;
  const text = typeof raw === 'string' ? `"${raw}"` : JSON.stringify(raw);
  const fix =
    typeof raw === 'string' && /^(?:allow|deny)$/i.test(raw.trim())
      ? ` (Effect is case-sensitive: write "${raw.trim().toLowerCase() === 'allow' ? 'Allow' : 'Deny'}")`
      : '';
  sink.error('invalid-effect', joinPath(path, 'Effect'), `Effect must be exactly "Allow" or "Deny", not ${text}${fix}`);
  return undefined;
}

/** Reads one of a pair such as `Action`/`NotAction`; reports when both are present. */
function pick(
  statement: JsonObject,
  path: string,
  name: string,
  notName: string,
  code: IssueCode,
  sink: IssueSink,
): { raw: JsonValue; not: boolean } | undefined {
  const has = hasMember(statement, name);
  const hasNot = hasMember(statement, notName);
  if (has && hasNot) sink.error(code, joinPath(path, notName), `a statement may have ${name} or ${notName}, not both`);
  if (has) return { raw: statement[name] as JsonValue, not: false };
  if (hasNot) return { raw: statement[notName] as JsonValue, not: true };
  return undefined;
}

/** No `Condition`: one frozen empty list for every such statement (a world holds many). */
const NO_CONDITIONS: readonly ConditionClause[] = Object.freeze([]);

/**
 * A non-empty array whose every member is a string: what `readStringList` accepts without a word.
 * Anything else (a hole of a sparse array included) takes `readStringList`, which decides.
 */
function isStringArray(raw: JsonValue): raw is string[] {
  if (!Array.isArray(raw) || raw.length === 0) return false;
  for (let i = 0; i < raw.length; i++) if (typeof raw[i] !== 'string') return false;
  return true;
}

/**
 * Reads an `Action`/`NotAction` (`resource` false) or `Resource`/`NotResource` (`resource` true)
 * element and checks each of its strings. A single string or a non-empty array of strings (nearly
 * every element) is read without a JSON path, a closure or an intermediate list: the path is
 * joined only when an issue needs it (issue #16: one-shot use).
 */
function readList(
  chosen: { raw: JsonValue; not: boolean },
  path: string,
  name: string,
  resource: boolean,
  version: PolicyVersion | undefined,
  sink: IssueSink,
): StringListElement | undefined {
  const raw = chosen.raw;
  let values: string[];
  let wasArray: boolean;
  if (typeof raw === 'string') {
    values = [raw];
    wasArray = false;
  } else if (isStringArray(raw)) {
    values = raw.slice();
    wasArray = true;
  } else {
    const list: StringList | undefined = readStringList(raw, joinPath(path, name), name, sink);
    if (list === undefined) return undefined;
    values = list.values as string[];
    wasArray = list.wasArray;
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // (A hole of a sparse array is skipped, as `forEach` skips it.) A value the check has nothing
    // to say about needs no path (issue #16: one-shot use).
    if (typeof v !== 'string' || (resource ? isQuietResource(v) : isQuietAction(v))) continue;
    const elementPath = joinPath(path, name);
    const valuePath = wasArray ? joinPath(elementPath, i) : elementPath;
    if (resource) checkResourceString(v, valuePath, version, sink);
    else checkActionString(v, valuePath, sink);
  }
  return { not: chosen.not, values, wasArray };
}

function readPrincipalMember(
  statement: JsonObject,
  path: string,
  effect: Effect | undefined,
  ctx: StatementContext,
): PrincipalElement | undefined {
  const { sink, rules, type } = ctx;
  const chosen = pick(statement, path, 'Principal', 'NotPrincipal', 'principal-and-notprincipal', sink);
  const name = chosen?.not ? 'NotPrincipal' : 'Principal';
  if (rules.principal === 'forbidden') {
    if (chosen !== undefined)
      sink.error(
        'principal-not-allowed',
        joinPath(path, name),
        `${name} is not allowed in ${describeType(type)}; the policy applies to whoever it is attached to`,
      );
    return undefined;
  }
  if (chosen === undefined) {
    sink.error(
      'missing-principal',
      joinPath(path, 'Principal'),
      `${describeType(type)} statements must name a Principal`,
    );
    return undefined;
  }
  const elementPath = joinPath(path, name);
  if (chosen.not && !rules.notPrincipal) {
    sink.error(
      'notprincipal-not-allowed',
      elementPath,
      `NotPrincipal is not supported in ${describeType(type)}; use "Principal" with a condition on aws:PrincipalArn`,
    );
  }
  if (chosen.not && effect === 'Allow') {
    sink.error(
      'notprincipal-with-allow',
      elementPath,
      'NotPrincipal with "Effect": "Allow" is not supported: it would allow everyone not listed, including anonymous callers',
    );
  }
  const principal = readPrincipal(chosen.raw, elementPath, chosen.not, {
    type,
    federatedAllowed: rules.federated,
    sink,
  });
  if (type === 'rcp' && !chosen.not && principal !== undefined && !principal.wildcard) {
    sink.error(
      'rcp-principal-not-wildcard',
      elementPath,
      'in a resource control policy Principal must be "*"; narrow it with conditions instead',
    );
  }
  return principal;
}

/** `true` for the AWS-managed RCPFullAWSAccess statement, the only RCP statement that may Allow. */
function isRcpFullAccess(statement: JsonObject): boolean {
  const keys = Object.keys(statement).filter((k) => k !== 'Sid');
  return (
    keys.length === 4 &&
    statement.Effect === 'Allow' &&
    statement.Principal === '*' &&
    statement.Action === '*' &&
    statement.Resource === '*'
  );
}

function checkRcpRules(
  statement: JsonObject,
  path: string,
  effect: Effect | undefined,
  action: StringListElement | undefined,
  sink: IssueSink,
): void {
  if (isRcpFullAccess(statement)) return;
  if (effect === 'Allow')
    sink.error(
      'rcp-effect-not-deny',
      joinPath(path, 'Effect'),
      'resource control policies only support "Effect": "Deny" (Allow is reserved for the AWS-managed RCPFullAWSAccess)',
    );
  if (hasMember(statement, 'NotAction'))
    sink.error(
      'rcp-notaction',
      joinPath(path, 'NotAction'),
      'NotAction is not supported in resource control policies; list the actions in Action',
    );
  if (action !== undefined && !action.not) {
    action.values.forEach((v, i) => {
      if (v === '*')
        sink.error(
          'rcp-action-wildcard',
          action.wasArray ? joinPath(joinPath(path, 'Action'), i) : joinPath(path, 'Action'),
          'a resource control policy cannot use "Action": "*"; name the service, e.g. "s3:*"',
        );
    });
  }
}

/** Human name of a policy type for messages. */
export function describeType(type: PolicyType): string {
  switch (type) {
    case 'identity':
      return 'identity-based policies';
    case 'boundary':
      return 'permissions boundaries';
    case 'session':
      return 'session policies';
    case 'resource':
      return 'resource-based policies';
    case 'trust':
      return 'role trust policies';
    case 'scp':
      return 'service control policies';
    case 'rcp':
      return 'resource control policies';
    case 'endpoint':
      return 'VPC endpoint policies';
  }
}

/**
 * Checks one statement object and builds its AST node. The node is only meaningful when no
 * error was reported (the caller discards the policy otherwise).
 */
export function readStatement(statement: JsonObject, path: string, index: number, ctx: StatementContext): Statement {
  const { sink, rules, type, version } = ctx;
  for (const key of Object.keys(statement)) {
    if (!isStatementMember(key)) {
      sink.error(
        'unknown-statement-member',
        joinPath(path, key),
        `"${key}" is not a statement element${didYouMean(key, STATEMENT_MEMBERS)}; element names are case-sensitive`,
      );
    }
  }
  const sid = hasMember(statement, 'Sid') ? readSid(statement.Sid as JsonValue, path, ctx) : undefined;
  const effect = readEffect(statement, path, sink);
  const principal = readPrincipalMember(statement, path, effect, ctx);

  const actionChoice = pick(statement, path, 'Action', 'NotAction', 'action-and-notaction', sink);
  if (actionChoice === undefined)
    sink.error('missing-action', joinPath(path, 'Action'), 'the statement needs an Action (or NotAction)');
  const action =
    actionChoice && readList(actionChoice, path, actionChoice.not ? 'NotAction' : 'Action', false, version, sink);

  const resourceChoice = pick(statement, path, 'Resource', 'NotResource', 'resource-and-notresource', sink);
  if (resourceChoice === undefined && rules.resource === 'required') {
    sink.error(
      'missing-resource',
      joinPath(path, 'Resource'),
      `${describeType(type)} statements need a Resource (or NotResource); use "*" for all resources`,
    );
  } else if (resourceChoice === undefined && rules.resource === 'recommended') {
    sink.warn(
      'scp-missing-resource',
      joinPath(path, 'Resource'),
      'the SCP statement has no Resource; AWS documents SCP statements with "Resource": "*" — add it to be explicit',
    );
  } else if (resourceChoice !== undefined && type === 'trust') {
    sink.warn(
      'resource-in-trust-policy',
      joinPath(path, resourceChoice.not ? 'NotResource' : 'Resource'),
      'role trust policies normally have no Resource: the resource is the role itself',
    );
  }
  const resource =
    resourceChoice &&
    readList(resourceChoice, path, resourceChoice.not ? 'NotResource' : 'Resource', true, version, sink);

  if (type === 'rcp') checkRcpRules(statement, path, effect, action, sink);

  const conditions = hasMember(statement, 'Condition')
    ? readConditions(statement.Condition as JsonValue, joinPath(path, 'Condition'), { version, effect, sink })
    : NO_CONDITIONS;

  return {
    index,
    sid,
    effect: effect ?? 'Deny',
    principal,
    action: action ?? { not: false, values: [], wasArray: false },
    resource,
    conditions,
  };
}
