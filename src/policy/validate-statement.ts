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
import { memberPath, type StatementPlace } from './statement-place.js';

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
/** `/^[A-Za-z0-9]*$/` by character codes (every Sid of a strict policy type is tested). */
function isStrictSid(sid: string): boolean {
  for (let i = 0; i < sid.length; i++) {
    const c = sid.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}

/**
 * Document-wide facts a statement needs, and the place of the statement being read (set before
 * each statement: its path is made only when an issue names it, see `statementPath`).
 */
export interface StatementContext extends StatementPlace {
  readonly type: PolicyType;
  readonly rules: PolicyTypeRules;
  readonly version: PolicyVersion | undefined;
  readonly strictSid: boolean;
  index: number;
  inArray: boolean;
  /** The statements read so far, in order: their Sids, for the uniqueness rule. */
  readonly statements: readonly Statement[];
  /**
   * The Sids of a policy with more than {@link SIDS_SEARCHED} statements, with the index of the
   * statement that has each (made from {@link statements} then: a short policy makes none).
   */
  sids: Map<string, number> | undefined;
  readonly sink: IssueSink;
}

/** How many statements read so far are searched for a Sid before a map is made of them. */
const SIDS_SEARCHED = 8;

/** The index of the statement read so far that used `sid` first, if any. */
function earlierSid(sid: string, ctx: StatementContext): number | undefined {
  const read = ctx.statements;
  if (ctx.sids === undefined) {
    if (read.length <= SIDS_SEARCHED) {
      for (let i = 0; i < read.length; i++) if ((read[i] as Statement).sid === sid) return (read[i] as Statement).index;
      return undefined;
    }
    const sids = new Map<string, number>();
    for (const statement of read)
      if (statement.sid !== undefined && !sids.has(statement.sid)) sids.set(statement.sid, statement.index);
    ctx.sids = sids;
  }
  return ctx.sids.get(sid);
}

/** Reads the `Sid` of the statement being read. */
function readSid(raw: JsonValue, ctx: StatementContext): string | undefined {
  if (typeof raw !== 'string') {
    ctx.sink.error('invalid-sid', memberPath(ctx, 'Sid'), 'Sid must be a string');
    return undefined;
  }
  // The statement that used the Sid first, by its index.
  const earlier = earlierSid(raw, ctx);
  if (ctx.strictSid) {
    if (!isStrictSid(raw))
      ctx.sink.error(
        'invalid-sid',
        memberPath(ctx, 'Sid'),
        `Sid "${raw}" may only contain ASCII letters and digits (A–Z, a–z, 0–9)`,
      );
    if (earlier !== undefined)
      ctx.sink.error(
        'duplicate-sid',
        memberPath(ctx, 'Sid'),
        `Sid "${raw}" is already used by ${earlierSidPath(earlier, ctx)}; Sids must be unique within a policy`,
      );
  } else if (earlier !== undefined) {
    ctx.sink.warn(
      'duplicate-sid',
      memberPath(ctx, 'Sid'),
      `Sid "${raw}" is already used by ${earlierSidPath(earlier, ctx)}`,
    );
  }
  if (earlier === undefined) ctx.sids?.set(raw, ctx.index);
  return raw;
}

/** The path of the `Sid` of the statement at `index` of the document being read. */
function earlierSidPath(index: number, ctx: StatementContext): string {
  return memberPath({ index, inArray: ctx.inArray }, 'Sid');
}

/** Reads `Effect` (`undefined` when the statement has none). */
function readEffect(raw: JsonValue | undefined, ctx: StatementContext): Effect | undefined {
  if (raw === undefined) {
    ctx.sink.error(
      'missing-effect',
      memberPath(ctx, 'Effect'),
      'the statement has no Effect; add "Effect": "Allow" or "Effect": "Deny"',
    );
    return undefined;
  }
  if (raw === 'Allow' || raw === 'Deny') return raw;
  const text = typeof raw === 'string' ? `"${raw}"` : JSON.stringify(raw);
  const fix =
    typeof raw === 'string' && /^(?:allow|deny)$/i.test(raw.trim())
      ? ` (Effect is case-sensitive: write "${raw.trim().toLowerCase() === 'allow' ? 'Allow' : 'Deny'}")`
      : '';
  ctx.sink.error(
    'invalid-effect',
    memberPath(ctx, 'Effect'),
    `Effect must be exactly "Allow" or "Deny", not ${text}${fix}`,
  );
  return undefined;
}

/** Reports a statement that has both members of a pair such as `Action`/`NotAction`. */
function checkPair(
  value: JsonValue | undefined,
  notValue: JsonValue | undefined,
  name: string,
  code: IssueCode,
  ctx: StatementContext,
): void {
  if (value !== undefined && notValue !== undefined)
    ctx.sink.error(code, memberPath(ctx, `Not${name}`), `a statement may have ${name} or Not${name}, not both`);
}

/** No `Condition`: one frozen empty list for every such statement (a world holds many). */
const NO_CONDITIONS: readonly ConditionClause[] = Object.freeze([]);

/** Whether `value` is a string the check of its element has nothing to say about (no path needed). */
function isQuietValue(value: string, resource: boolean): boolean {
  return resource ? isQuietResource(value) : isQuietAction(value);
}

/**
 * Reads an `Action`/`NotAction` (`resource` false) or `Resource`/`NotResource` (`resource` true)
 * element called `name` and checks each of its strings. A single string or a non-empty array of
 * strings (nearly every element) is read without a JSON path, a closure or an intermediate list:
 * an array is copied once and its values' types and quietness are tested in one pass; the path is
 * joined only when an issue needs it (issue #16: one-shot use). Anything else (a hole of a sparse
 * array included) takes `readStringList`, which decides, before any value is checked. `owned`: an
 * array is the reader's own, made for this statement, and the AST keeps it as it is (see
 * {@link StatementMembers.owned}).
 */
function readList(
  raw: JsonValue,
  not: boolean,
  name: string,
  resource: boolean,
  owned: boolean,
  ctx: StatementContext,
): StringListElement | undefined {
  if (typeof raw === 'string') {
    if (!isQuietValue(raw, resource)) checkValue(raw, memberPath(ctx, name), resource, ctx);
    return { not, values: [raw], wasArray: false };
  }
  if (Array.isArray(raw) && raw.length > 0) {
    const values = owned ? raw : raw.slice();
    // The first value the check may have something to say about (-1: none).
    let loud = -1;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v !== 'string') return readOtherList(raw, not, name, resource, ctx);
      if (loud < 0 && !isQuietValue(v, resource)) loud = i;
    }
    if (loud >= 0) checkValues(values as string[], loud, name, resource, ctx);
    return { not, values: values as string[], wasArray: true };
  }
  return readOtherList(raw, not, name, resource, ctx);
}

/** {@link readList} of any other value: `readStringList` reports what is wrong with its shape. */
function readOtherList(
  raw: JsonValue,
  not: boolean,
  name: string,
  resource: boolean,
  ctx: StatementContext,
): StringListElement | undefined {
  const list: StringList | undefined = readStringList(raw, memberPath(ctx, name), name, ctx.sink);
  if (list === undefined) return undefined;
  const values = list.values as string[];
  if (list.wasArray) checkValues(values, 0, name, resource, ctx);
  else if (!isQuietValue(values[0] as string, resource))
    checkValue(values[0] as string, memberPath(ctx, name), resource, ctx);
  return { not, values, wasArray: list.wasArray };
}

/** Checks the values of an array element from `from` on, each not quiet with its own path. */
function checkValues(values: string[], from: number, name: string, resource: boolean, ctx: StatementContext): void {
  for (let i = from; i < values.length; i++) {
    const v = values[i];
    // (A hole of a sparse array is skipped, as `forEach` skips it.)
    if (typeof v !== 'string' || isQuietValue(v, resource)) continue;
    checkValue(v, joinPath(memberPath(ctx, name), i), resource, ctx);
  }
}

/** The full check of one `Action` or `Resource` string, at `path`. */
function checkValue(value: string, path: string, resource: boolean, ctx: StatementContext): void {
  if (resource) checkResourceString(value, path, ctx.version, ctx.sink);
  else checkActionString(value, path, ctx.sink);
}

/** Reads `Principal`/`NotPrincipal` (given as found, `undefined` when absent) under the type's rules. */
function readPrincipalMember(
  principal: JsonValue | undefined,
  notPrincipal: JsonValue | undefined,
  effect: Effect | undefined,
  ctx: StatementContext,
): PrincipalElement | undefined {
  const { sink, rules, type } = ctx;
  checkPair(principal, notPrincipal, 'Principal', 'principal-and-notprincipal', ctx);
  const not = principal === undefined && notPrincipal !== undefined;
  const raw = not ? notPrincipal : principal;
  const name = not ? 'NotPrincipal' : 'Principal';
  if (rules.principal === 'forbidden') {
    if (raw !== undefined)
      sink.error(
        'principal-not-allowed',
        memberPath(ctx, name),
        `${name} is not allowed in ${describeType(type)}; the policy applies to whoever it is attached to`,
      );
    return undefined;
  }
  if (raw === undefined) {
    sink.error(
      'missing-principal',
      memberPath(ctx, 'Principal'),
      `${describeType(type)} statements must name a Principal`,
    );
    return undefined;
  }
  if (not && !rules.notPrincipal) {
    sink.error(
      'notprincipal-not-allowed',
      memberPath(ctx, name),
      `NotPrincipal is not supported in ${describeType(type)}; use "Principal" with a condition on aws:PrincipalArn`,
    );
  }
  if (not && effect === 'Allow') {
    sink.error(
      'notprincipal-with-allow',
      memberPath(ctx, name),
      'NotPrincipal with "Effect": "Allow" is not supported: it would allow everyone not listed, including anonymous callers',
    );
  }
  const element = readPrincipal(raw, not, ctx);
  if (type === 'rcp' && !not && element !== undefined && !element.wildcard) {
    sink.error(
      'rcp-principal-not-wildcard',
      memberPath(ctx, name),
      'in a resource control policy Principal must be "*"; narrow it with conditions instead',
    );
  }
  return element;
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
  effect: Effect | undefined,
  action: StringListElement | undefined,
  ctx: StatementContext,
): void {
  if (isRcpFullAccess(statement)) return;
  const { sink } = ctx;
  if (effect === 'Allow')
    sink.error(
      'rcp-effect-not-deny',
      memberPath(ctx, 'Effect'),
      'resource control policies only support "Effect": "Deny" (Allow is reserved for the AWS-managed RCPFullAWSAccess)',
    );
  if (hasMember(statement, 'NotAction'))
    sink.error(
      'rcp-notaction',
      memberPath(ctx, 'NotAction'),
      'NotAction is not supported in resource control policies; list the actions in Action',
    );
  if (action !== undefined && !action.not) {
    action.values.forEach((v, i) => {
      if (v === '*')
        sink.error(
          'rcp-action-wildcard',
          action.wasArray ? joinPath(memberPath(ctx, 'Action'), i) : memberPath(ctx, 'Action'),
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
 * Checks one statement object (the one at `ctx`'s place) and builds its AST node. Its members are
 * read in one pass over them (a statement's member names are each compared once, not looked up
 * once per element). The node is only meaningful when no error was reported (the caller discards
 * the policy otherwise).
 */
export function readStatement(statement: JsonObject, ctx: StatementContext): Statement {
  // The members, as found (a JSON tree has no member whose value is `undefined`).
  let sidRaw: JsonValue | undefined;
  let effectRaw: JsonValue | undefined;
  let principalRaw: JsonValue | undefined;
  let notPrincipalRaw: JsonValue | undefined;
  let actionRaw: JsonValue | undefined;
  let notActionRaw: JsonValue | undefined;
  let resourceRaw: JsonValue | undefined;
  let notResourceRaw: JsonValue | undefined;
  let conditionRaw: JsonValue | undefined;
  for (const key in statement) {
    const value = statement[key] as JsonValue;
    switch (key) {
      case 'Sid':
        sidRaw = value;
        break;
      case 'Effect':
        effectRaw = value;
        break;
      case 'Principal':
        principalRaw = value;
        break;
      case 'NotPrincipal':
        notPrincipalRaw = value;
        break;
      case 'Action':
        actionRaw = value;
        break;
      case 'NotAction':
        notActionRaw = value;
        break;
      case 'Resource':
        resourceRaw = value;
        break;
      case 'NotResource':
        notResourceRaw = value;
        break;
      case 'Condition':
        conditionRaw = value;
        break;
      default:
        ctx.sink.error(
          'unknown-statement-member',
          memberPath(ctx, key),
          `"${key}" is not a statement element${didYouMean(key, STATEMENT_MEMBERS)}; element names are case-sensitive`,
        );
    }
  }
  // A young object of one shape per statement: storing into a long-lived one would cost a write
  // barrier per member (3% of validating a document).
  const m: StatementMembers = {
    sid: sidRaw,
    effect: effectRaw,
    principal: principalRaw,
    notPrincipal: notPrincipalRaw,
    action: actionRaw,
    notAction: notActionRaw,
    resource: resourceRaw,
    notResource: notResourceRaw,
    condition: conditionRaw,
    owned: false,
    conditions: TREE_CONDITIONS,
  };
  return readStatementMembers(m, ctx, statement);
}

/**
 * The members of a statement as found, `undefined` when absent (see {@link readStatementMembers}).
 */
export interface StatementMembers {
  sid: JsonValue | undefined;
  effect: JsonValue | undefined;
  principal: JsonValue | undefined;
  notPrincipal: JsonValue | undefined;
  action: JsonValue | undefined;
  notAction: JsonValue | undefined;
  resource: JsonValue | undefined;
  notResource: JsonValue | undefined;
  condition: JsonValue | undefined;
  /**
   * Whether the arrays of the members are the reader's own, made for this statement alone and
   * held by nothing else: the AST then keeps an `Action`/`Resource` array as it is. A JSON tree's
   * arrays are not (a world's copy is reachable through `Authorizer.world`): the AST copies them.
   */
  owned: boolean;
  /**
   * How the `Condition` member is read: {@link TREE_CONDITIONS} for a JSON tree; a reader of the
   * caller's own objects reads it there, once, as it is checked (`condition` is then the caller's
   * value).
   */
  conditions: ConditionsReader;
}

/**
 * Reads a statement's `Condition` value into its clauses. An object with a method rather than a
 * function: a reader of the caller's objects is one (its `readConditions`), and a closure made per
 * reading kept each reading's objects alive across V8's young-generation collections until a full
 * one (issue #16, round fifteen: 13.5 KB a lazy one-shot call).
 */
export interface ConditionsReader {
  readConditions(raw: JsonValue, effect: Effect | undefined, ctx: StatementContext): ConditionClause[];
}

/** The {@link ConditionsReader} of a JSON tree: the validator's `readConditions`. */
const TREE_CONDITIONS: ConditionsReader = Object.freeze({ readConditions });

/**
 * A {@link StatementMembers} with every member absent, its arrays `owned` or not, its conditions read
 * by `conditions`: a reader's one scratch, filled again for each statement it reads.
 */
export const statementMembers = (owned: boolean, conditions: ConditionsReader): StatementMembers =>
  new ScratchMembers(owned, conditions);

/**
 * The scratch of {@link statementMembers}, made by a constructor rather than an object literal:
 * V8 tracks an object literal's allocation site, and in a process that makes lazy one-shot calls
 * in a loop it saw every scratch made since its last scavenge still alive at the next one (a
 * reader's scratch lives for its whole reading), moved the site to the old generation, and from
 * then on every call's young objects that a scratch had pointed to survived scavenges too (the
 * garbage collector from 2% to 30% of such a loop; issue #16, one-shot use). A class instance has
 * no such site.
 */
class ScratchMembers implements StatementMembers {
  sid: JsonValue | undefined = undefined;
  effect: JsonValue | undefined = undefined;
  principal: JsonValue | undefined = undefined;
  notPrincipal: JsonValue | undefined = undefined;
  action: JsonValue | undefined = undefined;
  notAction: JsonValue | undefined = undefined;
  resource: JsonValue | undefined = undefined;
  notResource: JsonValue | undefined = undefined;
  condition: JsonValue | undefined = undefined;

  constructor(
    readonly owned: boolean,
    readonly conditions: ConditionsReader,
  ) {}
}

/**
 * Checks the members of the statement at `ctx`'s place and builds its AST node. `m` is read here
 * first, whole, before anything else runs (a reader may fill it again for its next statement).
 * `statement`: the statement object, read again only by the rules of a resource control policy.
 */
export function readStatementMembers(m: StatementMembers, ctx: StatementContext, statement: JsonObject): Statement {
  const { sink, rules, type } = ctx;
  const sidRaw = m.sid;
  const effectRaw = m.effect;
  const principalRaw = m.principal;
  const notPrincipalRaw = m.notPrincipal;
  const actionRaw = m.action;
  const notActionRaw = m.notAction;
  const resourceRaw = m.resource;
  const notResourceRaw = m.notResource;
  const conditionRaw = m.condition;
  const owned = m.owned;
  const conditionsOf = m.conditions;
  const sid = sidRaw !== undefined ? readSid(sidRaw, ctx) : undefined;
  const effect = readEffect(effectRaw, ctx);
  const principal = readPrincipalMember(principalRaw, notPrincipalRaw, effect, ctx);

  checkPair(actionRaw, notActionRaw, 'Action', 'action-and-notaction', ctx);
  const notAction = actionRaw === undefined && notActionRaw !== undefined;
  const actionValue = notAction ? notActionRaw : actionRaw;
  if (actionValue === undefined)
    sink.error('missing-action', memberPath(ctx, 'Action'), 'the statement needs an Action (or NotAction)');
  const action =
    actionValue === undefined
      ? undefined
      : readList(actionValue, notAction, notAction ? 'NotAction' : 'Action', false, owned, ctx);

  checkPair(resourceRaw, notResourceRaw, 'Resource', 'resource-and-notresource', ctx);
  const notResource = resourceRaw === undefined && notResourceRaw !== undefined;
  const resourceValue = notResource ? notResourceRaw : resourceRaw;
  if (resourceValue === undefined && rules.resource === 'required') {
    sink.error(
      'missing-resource',
      memberPath(ctx, 'Resource'),
      `${describeType(type)} statements need a Resource (or NotResource); use "*" for all resources`,
    );
  } else if (resourceValue === undefined && rules.resource === 'recommended') {
    sink.warn(
      'scp-missing-resource',
      memberPath(ctx, 'Resource'),
      'the SCP statement has no Resource; AWS documents SCP statements with "Resource": "*" — add it to be explicit',
    );
  } else if (resourceValue !== undefined && type === 'trust') {
    sink.warn(
      'resource-in-trust-policy',
      memberPath(ctx, notResource ? 'NotResource' : 'Resource'),
      'role trust policies normally have no Resource: the resource is the role itself',
    );
  }
  const resource =
    resourceValue === undefined
      ? undefined
      : readList(resourceValue, notResource, notResource ? 'NotResource' : 'Resource', true, owned, ctx);

  if (type === 'rcp') checkRcpRules(statement, effect, action, ctx);

  const conditions =
    conditionRaw !== undefined ? conditionsOf.readConditions(conditionRaw, effect, ctx) : NO_CONDITIONS;

  return {
    index: ctx.index,
    sid,
    effect: effect ?? 'Deny',
    principal,
    action: action ?? { not: false, values: [], wasArray: false },
    resource,
    conditions,
  };
}
