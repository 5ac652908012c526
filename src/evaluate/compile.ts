/**
 * Compiles a parsed policy into matchers, once, so that deciding a request never parses text or
 * builds a pattern. Statements are indexed by the service prefix of their actions, by the actions
 * they name and, in long lists, by the literal prefix of their resources, so that a request only
 * looks at statements that can apply to it. Every index is built here, never during a decision.
 */
import type {
  ConditionClause,
  Policy,
  PolicyVersion,
  PrincipalElement,
  Statement,
  StringListElement,
} from '../policy/ast.js';
import { parseTemplate } from '../policy/variables.js';
import { isServiceOf } from '../policy/policy-strings.js';
import { compileGlob, matchGlob, type Glob } from '../match/wildcard.js';
import { arnPatternOfGlob, flatText, matchResourceArn, type ArnPattern, type ArnSegments } from '../match/arn.js';
import { compilePrincipal, type PrincipalMatcher } from '../match/principal.js';
import { compileCondition, compileTemplateArn, type CompiledCondition } from '../condition/compile.js';
import type { ContextLookup } from '../condition/context.js';
import { SmallMap } from './small-map.js';

/** A compiled `Resource` / `NotResource` entry. */
export type ResourceMatcher =
  | { readonly kind: 'any' }
  | { readonly kind: 'arn'; readonly pattern: ArnPattern }
  | {
      readonly kind: 'template';
      readonly source: string;
      readonly resolve: (ctx: ContextLookup) => ArnPattern | undefined;
    };

/** A compiled statement. */
export interface CompiledStatement {
  readonly policy: CompiledPolicy;
  /** Its position in the policy (`Statement[index]` of the document). */
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  readonly principal: { readonly not: boolean; readonly matcher: PrincipalMatcher } | undefined;
  readonly actionNot: boolean;
  /** Lower-cased action globs; `undefined` entries stand for `"*"`. */
  readonly actions: readonly (Glob | undefined)[];
  readonly resource: { readonly not: boolean; readonly matchers: readonly ResourceMatcher[] } | undefined;
  readonly conditions: readonly CompiledCondition[];
}

/** A compiled policy with its service index. */
export interface CompiledPolicy {
  /** A name for explanations: policy name, ARN, or `<layer>[i]`. */
  readonly id: string;
  /**
   * The parsed policy, kept for resource-based and trust policies only (what may govern a resource):
   * the public test of spec §4.16 reads it; the compiled statements carry everything a decision or
   * an explanation reads, and a world of 100,000 principals need not keep every identity policy
   * twice (issue #16).
   */
  readonly source: Policy | undefined;
  readonly statements: readonly CompiledStatement[];
  /** Statements per lower-cased service prefix. */
  readonly byService: ReadonlyMap<string, readonly CompiledStatement[]>;
  /** Statements that may apply to any service (`*`, NotAction, wildcard prefixes). */
  readonly anyService: readonly CompiledStatement[];
  /** The candidate statements of this policy alone, per service. */
  readonly index: StatementIndex;
  /**
   * Compile time only: its number among the policies the world's `PolicyCompiler` listed (`-1`
   * until listed), so that keying a policy list reads a field, not a map of every policy by
   * identity (issue #16). The compiler trusts it only where its own table of numbers agrees.
   */
  readonly serial: number;
}

/** Statements of one or more policies, in order, and the same split by effect. */
export interface StatementList {
  /** All of them, policy by policy: the service's own statements, then the any-service ones. */
  readonly all: readonly CompiledStatement[];
  /** The same statements split by effect, in the same order (the cheap path looks at Denies first). */
  readonly deny: readonly CompiledStatement[];
  readonly allow: readonly CompiledStatement[];
  /**
   * `true` when every statement of the list is known to match the request's action; `false` when
   * the caller must still test {@link actionMatches} (the list of an action no statement names).
   */
  readonly actionChecked: boolean;
  /**
   * When `actionChecked` is `false`: which positions of `all`, `deny` and `allow` still need the
   * {@link actionMatches} test (bit `i` for position `i`; positions past 30 always do, see
   * {@link needsActionTest}). Statements whose actions match every action of the list's service
   * (`s3:*`, `*`, a `NotAction` naming other services) need none; statements that match no action
   * of the service are not in the list at all. Worked out at compile time.
   */
  readonly allTests: number;
  readonly denyTests: number;
  readonly allowTests: number;
  /** For long lists: the statements by the literal prefix of their resource patterns, built at compile time. */
  readonly byResource: PrefixTable | undefined;
}

/** `true` when position `i` of a list with the test mask `tests` needs the {@link actionMatches} test. */
export function needsActionTest(tests: number, i: number): boolean {
  return i > 30 || (tests & (1 << i)) !== 0;
}

/** The candidates of one service prefix. */
interface ServiceCandidates {
  /**
   * Per lower-cased action that some candidate names literally (`s3:getobject`): exactly the
   * candidates whose `Action`/`NotAction` matches it. Lists with the same members are shared.
   */
  readonly byAction: ReadonlyMap<string, StatementList>;
  /**
   * For any other action: the candidates that may match an action they do not name (wildcards,
   * `NotAction`); `actionChecked` is `false`.
   */
  readonly other: StatementList;
}

/** What an index reads of a policy: its statements per service and its any-service ones. */
type IndexedPolicy = Pick<CompiledPolicy, 'byService' | 'anyService'>;

/**
 * Candidate statements of a list of policies, per lower-cased service prefix and action. Each
 * service's candidates are built on the first lookup of that service and kept (issue #16: a world
 * of 100,000 principals then compiles without building, for each of them, the merged candidates of
 * every service its policies name; most are never asked for). What it keeps is bounded by the
 * list's policies, never by requests: at most one {@link ServiceCandidates} per service they name
 * and one for every other service (a service no statement names is not stored). A lookup gives the
 * same candidates whenever it comes (docs/security.md: the only state a compiled world writes
 * besides the one-entry memos).
 */
export class StatementIndex {
  /**
   * Per service a statement names: its candidates once built, {@link PENDING} before (filled in
   * place); `undefined` before the first lookup.
   */
  private named: SmallMap<ServiceCandidates> | undefined = undefined;
  /** The candidates of a service no statement names, once built. */
  private any: ServiceCandidates | undefined = undefined;

  constructor(
    private readonly policies: readonly IndexedPolicy[],
    /** Runs of `policies` whose index is built already (see {@link IndexedBlocks}). */
    private readonly blocks: IndexedBlocks | undefined,
  ) {
    // No policies: nothing to build, ever (the empty index is shared by every empty list).
    if (policies.length === 0) {
      this.named = NOTHING_NAMED;
      this.any = NO_CANDIDATES;
    }
  }

  /** The candidates of a lower-cased service prefix (of a service no statement names: {@link anyService}). */
  service(service: string): ServiceCandidates {
    const known = (this.named ?? this.names()).get(service);
    if (known === undefined) return this.any ?? this.gatherAny();
    return known !== PENDING ? known : this.gather(service);
  }

  /** The candidates of a service that no statement names: the any-service statements. */
  anyService(): ServiceCandidates {
    return this.any ?? this.gatherAny();
  }

  /** The services a statement names, each {@link PENDING} until built. */
  private names(): SmallMap<ServiceCandidates> {
    const seen = new Set<string>();
    const pairs: unknown[] = [];
    const add = (service: string) => {
      if (seen.has(service)) return;
      seen.add(service);
      pairs.push(service, PENDING);
    };
    for (const p of this.policies) {
      const byService = p.byService;
      if (byService instanceof SmallMap) byService.forEachKey(add);
      else for (const service of byService.keys()) add(service);
    }
    return (this.named = pairs.length === 0 ? NOTHING_NAMED : SmallMap.ofPairs<ServiceCandidates>(pairs));
  }

  private gather(service: string): ServiceCandidates {
    const blocks = this.blocks;
    const candidates =
      (blocks && soleBlock(this.policies, blocks, service)) ?? serviceCandidates(this.policies, service);
    (this.named as SmallMap<ServiceCandidates>).fill(service, candidates);
    return candidates;
  }

  private gatherAny(): ServiceCandidates {
    const blocks = this.blocks;
    const shared = blocks && soleBlock(this.policies, blocks, undefined);
    if (shared) return (this.any = shared);
    const all: CompiledStatement[] = [];
    // When one array holds them all (the any-service statements of one policy), that array (immutable).
    let sole: readonly CompiledStatement[] | undefined;
    let sources = 0;
    for (const p of this.policies) {
      if (p.anyService.length > 0) {
        for (const st of p.anyService) all.push(st);
        sole = p.anyService;
        sources++;
      }
    }
    const list = sources === 1 ? (sole as readonly CompiledStatement[]) : exact(all);
    // The any-service candidates also serve actions without a colon (`s3`): only statements with
    // such a value or a wildcard service can match them, and those are all any-service statements.
    return (this.any = byAction(list, undefined, undefined, this.named ?? this.names()));
  }
}

/** Service candidate lists at least this long are split by action (shorter ones: tested per statement). */
export const ACTION_INDEX_MIN = 8;

const NO_ACTIONS: ReadonlyMap<string, StatementList> = new SmallMap<StatementList>([]);

/** Lists at least this long get a {@link PrefixTable} (shorter ones are scanned: it is as fast). */
export const RESOURCE_INDEX_MIN = 32;

const NO_STATEMENTS: StatementList = {
  all: [],
  deny: [],
  allow: [],
  actionChecked: true,
  allTests: 0,
  denyTests: 0,
  allowTests: 0,
  byResource: undefined,
};
const NO_CANDIDATES: ServiceCandidates = { byAction: NO_ACTIONS, other: NO_STATEMENTS };
/** The services of an index whose statements name none (never filled: it has no entry). */
const NOTHING_NAMED = new SmallMap<ServiceCandidates>([]);
/** A service's candidates before they are built (see {@link StatementIndex}). */
const PENDING: ServiceCandidates = { byAction: NO_ACTIONS, other: NO_STATEMENTS };
/** Replaced by the policy's own index once its statements are compiled. */
const EMPTY_INDEX = new StatementIndex([], undefined);

/**
 * Matchers already compiled for a world, by their text: statements that name the same action,
 * resource or condition share one immutable matcher (a world of 50,000 policies names a few
 * hundred distinct actions and a few thousand resources and conditions; issue #16: compact
 * compiled form). Made and dropped by the world's compiler; never used by a decision.
 */
export class MatcherShare {
  private readonly actions = new Map<string, Glob>();
  private readonly resources = new Map<string, ResourceMatcher>();
  private readonly conditions = new Map<string, CompiledCondition>();
  /**
   * Whole compiled elements by their JSON text, one map per kind (no kind prefix to concatenate):
   * `Principal`s, action lists, `Resource` lists (per version, `Not…` form and length one: `resourceLists[k]`)
   * and condition lists (their clauses' keys joined by NUL, which no JSON text holds unescaped).
   */
  private readonly principals = new Map<string, CompiledStatement['principal']>();
  /**
   * Action lists of several values, by their first value: the lists (their values) and their
   * compiled forms interleaved, compared value by value, up to {@link CHAIN_MAX} lists per first
   * value (no JSON text made and hashed per statement: a world of 100,000 statements names a few
   * hundred lists); lists past that many are keyed by their JSON text in `actionListTexts`.
   */
  private readonly actionLists = new Map<string, (readonly string[] | CompiledStatement['actions'])[]>();
  private readonly actionListTexts = new Map<string, CompiledStatement['actions']>();
  /** Action lists of one value, by that value. */
  private readonly actionLists1 = new Map<string, CompiledStatement['actions']>();
  /** `+ 4`: lists of one value, by that value. */
  private readonly resourceLists = Array.from({ length: 8 }, () => new Map()) as Map<
    string,
    NonNullable<CompiledStatement['resource']>
  >[];
  /**
   * `Resource` lists of several values whose first compile made a matcher (`bornLists[k]`, `k` as
   * in `resourceLists` without the length bit), by the first matcher made for them: such a list is
   * new without a text key (a list compiled before holds only matchers compiled before), and nearly
   * every list of a large world is (issue #16: compile time at scale).
   */
  private readonly bornLists = Array.from({ length: 4 }, () => new Map()) as Map<
    ResourceMatcher,
    NonNullable<CompiledStatement['resource']>
  >[];
  private readonly conditionLists = new Map<string, readonly CompiledCondition[]>();
  private readonly texts = new Map<string, string>();
  private readonly cutLists = new Map<string, readonly number[]>();
  private readonly heads = new Map<string, string>();
  /** {@link cuts} and {@link head} as functions, made once (not two closures per resource). */
  readonly shareCuts = (cuts: readonly number[]): readonly number[] => this.cuts(cuts);
  readonly shareHead = (head: string): string => this.head(head);

  /** The lower-cased glob of an action pattern. */
  action(value: string): Glob {
    let g = this.actions.get(value);
    if (g === undefined) this.actions.set(value, (g = compileGlob(value, true)));
    return g;
  }

  /** The matcher of a `Resource` entry of a policy of `policy`'s version. */
  resource(value: string, policy: Policy): ResourceMatcher {
    const key = policy.version === '2012-10-17' ? value : `\u0000${value}`;
    let m = this.resources.get(key);
    if (m === undefined) this.resources.set(key, (m = compileResource(value, policy, this)));
    return m;
  }

  /** One copy of equal short texts (service prefixes). */
  text(s: string): string {
    const known = this.texts.get(s);
    if (known !== undefined) return known;
    this.texts.set(s, s);
    return s;
  }

  /** One copy of equal segment cut lists of ARN patterns (most patterns of a service cut alike). */
  cuts(cuts: readonly number[]): readonly number[] {
    const key = cuts.join(',');
    const known = this.cutLists.get(key);
    if (known !== undefined) return known;
    this.cutLists.set(key, cuts);
    return cuts;
  }

  /** One flat copy of equal ARN pattern heads (`arn:aws:s3:::`), made flat once ({@link flatText}). */
  head(text: string): string {
    let flat = this.heads.get(text);
    if (flat === undefined) this.heads.set(text, (flat = flatText(text)));
    return flat;
  }

  /** A compiled condition clause; an equal clause (same operator, key and values) shares it. */
  condition(
    clause: ConditionClause,
    version: PolicyVersion | undefined,
    key = conditionKey(clause, version),
  ): CompiledCondition {
    let c = this.conditions.get(key);
    if (c === undefined) this.conditions.set(key, (c = compileCondition(clause, version)));
    return c;
  }

  /** A compiled `Principal`/`NotPrincipal`; an equal element shares it. */
  principal(principal: PrincipalElement): NonNullable<CompiledStatement['principal']> {
    const key = JSON.stringify(principal);
    let p = this.principals.get(key);
    if (p === undefined) this.principals.set(key, (p = { not: principal.not, matcher: compilePrincipal(principal) }));
    return p;
  }

  /** The compiled action list of an `Action`/`NotAction`'s values; an equal list shares it. */
  actionList(values: readonly string[]): CompiledStatement['actions'] {
    const first = values[0] as string;
    if (values.length === 1) {
      // One value (the common case): the value itself is the key, no text to build.
      let a = this.actionLists1.get(first);
      if (a === undefined) this.actionLists1.set(first, (a = compileActions(values, this)));
      return a;
    }
    // Several: among the lists with the same first value, the one with the same values.
    let chain = this.actionLists.get(first);
    if (chain === undefined) this.actionLists.set(first, (chain = []));
    for (let i = 0; i < chain.length; i += 2)
      if (sameItems(chain[i] as readonly string[], values)) return chain[i + 1] as CompiledStatement['actions'];
    if (chain.length < 2 * CHAIN_MAX) {
      const a = compileActions(values, this);
      chain.push(values, a);
      return a;
    }
    const key = JSON.stringify(values);
    let a = this.actionListTexts.get(key);
    if (a === undefined) this.actionListTexts.set(key, (a = compileActions(values, this)));
    return a;
  }

  /** A compiled `Resource`/`NotResource` of a policy of `policy`'s version; an equal element shares it. */
  resourceList(resource: StringListElement, policy: Policy): NonNullable<CompiledStatement['resource']> {
    const k = (policy.version === '2012-10-17' ? 1 : 0) + (resource.not ? 2 : 0);
    const values = resource.values;
    if (values.length === 1) {
      const map = this.resourceLists[k + 4] as Map<string, NonNullable<CompiledStatement['resource']>>;
      const value = values[0] as string;
      let r = map.get(value);
      if (r === undefined) map.set(value, (r = compileResourceList(resource, policy, this)));
      return r;
    }
    // The matchers first: one made now (the map grew) means a list never compiled before.
    let born: ResourceMatcher | undefined;
    const matchers = values.map((v) => {
      const size = this.resources.size;
      const m = this.resource(v, policy);
      if (born === undefined && this.resources.size !== size) born = m;
      return m;
    });
    const bornLists = this.bornLists[k] as Map<ResourceMatcher, NonNullable<CompiledStatement['resource']>>;
    if (born !== undefined) {
      const r = { not: resource.not, matchers };
      bornLists.set(born, r);
      return r;
    }
    // Every matcher was compiled before: an equal list is the one some matcher was first made for,
    // or one keyed by its text.
    for (const m of matchers) {
      const r = bornLists.get(m);
      if (r !== undefined && sameItems(r.matchers, matchers)) return r;
    }
    const map = this.resourceLists[k] as Map<string, NonNullable<CompiledStatement['resource']>>;
    const key = JSON.stringify(values);
    let r = map.get(key);
    if (r === undefined) map.set(key, (r = { not: resource.not, matchers }));
    return r;
  }

  /** The compiled conditions of a statement (at least one clause); an equal list shares them. */
  conditionList(clauses: readonly ConditionClause[], version: PolicyVersion | undefined): readonly CompiledCondition[] {
    const first = conditionKey(clauses[0] as ConditionClause, version);
    let key = first;
    for (let i = 1; i < clauses.length; i++) key += `\u0000${conditionKey(clauses[i] as ConditionClause, version)}`;
    let list = this.conditionLists.get(key);
    if (list !== undefined) return list;
    list =
      clauses.length === 1
        ? [this.condition(clauses[0] as ConditionClause, version, first)]
        : clauses.map((c) => this.condition(c, version));
    this.conditionLists.set(key, list);
    return list;
  }
}

/** Lists compared value by value before a share keys them by their text (see `actionList`). */
const CHAIN_MAX = 16;

/** `true` when two lists hold the same items (`===`) in the same order: action texts, resource matchers. */
function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function conditionKey(clause: ConditionClause, version: PolicyVersion | undefined): string {
  return JSON.stringify([version === '2012-10-17', clause.operator, clause.key, clause.values, clause.wasArray]);
}

/** No conditions: one empty list for every statement without any (never written). */
const NO_CONDITIONS: readonly CompiledCondition[] = Object.freeze([]);

/** A {@link CompiledPolicy} while it is filled in. */
type Compiling = { -readonly [K in keyof CompiledPolicy]: CompiledPolicy[K] };

/**
 * Compiles a parsed policy. `id` names it in explanations; `share` shares matchers with the rest of a world.
 * With `service` (a lower-cased service prefix), only the statements that may apply to some action
 * of that service are compiled: the lazily compiled mode's slice for one question (issue #16), whose
 * index would never offer the others to a request of that service (see {@link mayApplyToService});
 * and a statement is listed under that service alone (the other services it names are never asked).
 */
export function compilePolicy(policy: Policy, id: string, share?: MatcherShare, service?: string): CompiledPolicy {
  const compiled: Compiling = {
    id,
    source: policy.type === 'resource' || policy.type === 'trust' ? policy : undefined,
    statements: NONE as CompiledStatement[],
    byService: NO_SERVICES,
    anyService: NONE as CompiledStatement[],
    index: EMPTY_INDEX,
    serial: -1,
  };
  if (service === undefined) compileWhole(policy, compiled, share);
  else compileSlice(policy, compiled, share, service);
  // A slice's document that keeps no statement of its service (issue #16, one-shot): nothing to
  // list or index; the shared empty members, as a policy without statements has.
  if (compiled.statements.length > 0) compiled.index = indexStatements([compiled]);
  return compiled;
}

/**
 * Scratch of {@link compilePolicy}: the statements compiled, those of them listed under a slice's
 * service and those that may apply to any service, in order. Each policy's lists are copied out at
 * their final length (an array grown by `push` keeps room for 17 items: two such per document were
 * a tenth of a slice's compile garbage, issue #16), and the scratch cleared (it keeps no statement
 * past the call).
 */
const COMPILED: (CompiledStatement | undefined)[] = [];
const NAMED_HERE: (CompiledStatement | undefined)[] = [];
const ANY: (CompiledStatement | undefined)[] = [];

/** Every statement of `policy`, listed under each service it names or among the any-service ones. */
function compileWhole(policy: Policy, compiled: Compiling, share: MatcherShare | undefined): void {
  // Per service prefix its statements, interleaved (`[s3, [..], ec2, [..]]`) in first-seen order: a
  // policy names a few services, and a `Map` per policy and a `Set` per statement were garbage
  // for every document of a world (issue #16: compile time at scale).
  const services: (string | CompiledStatement[])[] = [];
  let n = 0;
  let any = 0;
  for (const st of policy.statements) {
    const cs = compileStatement(st, policy, compiled, share, st.action.values);
    COMPILED[n++] = cs;
    if (!addToServices(st.action, cs, services, share)) ANY[any++] = cs;
  }
  const statements = listOf(COMPILED, n, n);
  compiled.statements = statements;
  // A service that every statement names lists them all: the policy's own array.
  for (let i = 1; i < services.length; i += 2) {
    const list = services[i] as CompiledStatement[];
    services[i] = (
      list.length === statements.length ? statements : list.length === 1 ? list : exact(list)
    ) as CompiledStatement[];
  }
  compiled.byService = services.length === 0 ? NO_SERVICES : SmallMap.ofPairs(services);
  compiled.anyService = listOf(ANY, any, n, statements);
}

/**
 * A slice's statements of `policy`: those that may apply to an action of `service`, listed under it
 * alone, with only the actions of `service` where they name others too (a request of another
 * service never asks the slice).
 */
function compileSlice(policy: Policy, compiled: Compiling, share: MatcherShare | undefined, service: string): void {
  let n = 0;
  let named = 0;
  let any = 0;
  for (const st of policy.statements) {
    const reach = sliceReach(st.action, service);
    if (reach === NOT_REACHED) continue;
    const actions = reach === NAMED_AMONG_OTHERS ? serviceValues(st.action.values, service) : st.action.values;
    const cs = compileStatement(st, policy, compiled, share, actions);
    COMPILED[n++] = cs;
    if (reach === ANY_SERVICE) ANY[any++] = cs;
    else NAMED_HERE[named++] = cs;
  }
  if (n === 0) return;
  const statements = listOf(COMPILED, n, n);
  compiled.statements = statements;
  if (named > 0) compiled.byService = SmallMap.ofPairs([service, listOf(NAMED_HERE, named, n, statements)]);
  compiled.anyService = listOf(ANY, any, n, statements);
}

/**
 * The first `count` items of a scratch list as an array of that length (`all` when they are all
 * of a policy's `total` statements), the scratch's items cleared.
 */
function listOf(
  scratch: (CompiledStatement | undefined)[],
  count: number,
  total: number,
  all?: CompiledStatement[],
): CompiledStatement[] {
  // One statement (most lists of a slice): a literal, no builtin's call.
  const list =
    count === 0
      ? (NONE as CompiledStatement[])
      : count === total && all
        ? all
        : count === 1
          ? [scratch[0] as CompiledStatement]
          : (scratch.slice(0, count) as CompiledStatement[]);
  for (let i = 0; i < count; i++) scratch[i] = undefined;
  return list;
}

/** No statement names a service (shared by every such policy, never written). */
const NO_SERVICES: ReadonlyMap<string, readonly CompiledStatement[]> = new SmallMap<readonly CompiledStatement[]>([]);

/**
 * `policy` under another name (another role's trust policy with the same JSON text, issue #16):
 * its statements are made anew for the new policy, so that an explanation names the policy it
 * read, and share every compiled element with `policy`'s (which are immutable). Its statements,
 * lists and index are its own.
 */
export function renamedPolicy(policy: CompiledPolicy, id: string): CompiledPolicy {
  const compiled: Compiling = {
    id,
    source: policy.source,
    statements: NONE as CompiledStatement[],
    byService: NO_SERVICES,
    anyService: NONE as CompiledStatement[],
    index: EMPTY_INDEX,
    serial: -1,
  };
  const from = policy.statements;
  const to = from.map((st) => restated(st, compiled));
  const again = (list: readonly CompiledStatement[]) =>
    list === from ? to : list.length === 0 ? list : list.map((st) => to[from.indexOf(st)] as CompiledStatement);
  compiled.statements = to;
  const pairs: unknown[] = [];
  const byService = policy.byService;
  if (byService instanceof SmallMap) byService.forEachKey((service) => pairs.push(service));
  else for (const service of byService.keys()) pairs.push(service);
  for (let i = pairs.length - 1; i >= 0; i--)
    pairs.splice(i + 1, 0, again(byService.get(pairs[i] as string) as readonly CompiledStatement[]));
  compiled.byService = pairs.length === 0 ? NO_SERVICES : SmallMap.ofPairs(pairs);
  compiled.anyService = again(policy.anyService);
  compiled.index = indexStatements([compiled]);
  return compiled;
}

/** A compiled statement of another policy: the same members, in the same order (one shape for all statements). */
function restated(st: CompiledStatement, policy: CompiledPolicy): CompiledStatement {
  return {
    policy,
    index: st.index,
    sid: st.sid,
    effect: st.effect,
    principal: st.principal,
    actionNot: st.actionNot,
    actions: st.actions,
    resource: st.resource,
    conditions: st.conditions,
  };
}

/**
 * A copy of an array built by `push` or `filter`, with no room to grow: such an array keeps
 * spare capacity (a list of three statements takes about 200 bytes instead of 70), and a world
 * keeps hundreds of thousands of them (issue #16: compact compiled form).
 */
function exact<T>(list: T[]): T[] {
  // Empty: one shared array (never written), not one per policy.
  return list.length === 0 ? (NONE as T[]) : list.slice();
}
const NONE: unknown[] = [];

/**
 * The index of `policies`: a request for a service finds all its candidate statements in one list,
 * however many policies there are (e.g. every AWS managed policy), split by the actions they name
 * and, for long lists, by the literal prefix of their resources. A service's list is built on its
 * first lookup (see {@link StatementIndex}); `blocks` are runs of `policies` indexed already, whose
 * lists are taken as they are where they alone hold a service's statements.
 */
export function indexStatements(policies: readonly IndexedPolicy[], blocks?: IndexedBlocks): StatementIndex {
  return new StatementIndex(policies, blocks);
}

/**
 * Runs of consecutive policies of a list whose index is built already (a group's policies, shared
 * by its members; one policy), as `[end, index]` pairs in order, each run starting where the one
 * before ends (the first at 0), covering the whole list: one flat array per list (a world keeps one
 * per principal). Where one run alone holds statements for a service, the merged index takes its
 * candidates as they are instead of a copy (issue #16: a user's index is then its own policies'
 * services only, not its groups' statements again).
 */
export type IndexedBlocks = readonly (number | StatementIndex)[];

/**
 * The candidates of `service` (`undefined`: a service no statement names) when exactly one block
 * holds statements for it: the same statements in the same order as gathering them anew, and so
 * the same lists. A block's any-service candidates are taken only when all of them are wildcards
 * (a literal one would be kept or dropped by which services the whole list names).
 */
function soleBlock(
  policies: readonly IndexedPolicy[],
  blocks: IndexedBlocks,
  service: string | undefined,
): ServiceCandidates | undefined {
  // The sole block holding statements for the service: its bounds and index.
  let soleStart = -1;
  let soleEnd = -1;
  let sole: StatementIndex | undefined;
  let named = false;
  let start = 0;
  for (let k = 0; k < blocks.length; k += 2) {
    const end = blocks[k] as number;
    let holds = false;
    let names = false;
    for (let i = start; i < end; i++) {
      const p = policies[i] as IndexedPolicy;
      if (service !== undefined && p.byService.has(service)) holds = names = true;
      else if (p.anyService.length > 0) holds = true;
    }
    if (holds) {
      if (sole) return undefined;
      sole = blocks[k + 1] as StatementIndex;
      soleStart = start;
      soleEnd = end;
      named = names;
    }
    start = end;
  }
  if (!sole) return undefined;
  if (named) return sole.service(service as string);
  for (let i = soleStart; i < soleEnd; i++)
    for (const st of (policies[i] as Pick<CompiledPolicy, 'anyService'>).anyService)
      if (literalOnly(st)) return undefined;
  return sole.anyService();
}

function serviceOf(actionLower: string): string {
  const colon = actionLower.indexOf(':');
  return colon < 0 ? actionLower : actionLower.slice(0, colon);
}

/**
 * Splits the candidates of a service by action: every action some statement names literally gets
 * the exact list of statements that match it; the statements that can match an unnamed action
 * (wildcards, NotAction) form the list for every other action. Costs the literal actions plus
 * (wildcard statements × named actions) glob matches, once.
 */
function byAction(
  all: readonly CompiledStatement[],
  tests: readonly boolean[] | undefined,
  head: string | undefined,
  services?: Pick<ReadonlyMap<string, unknown>, 'has'>,
): ServiceCandidates {
  if (all.length === 0) return NO_CANDIDATES;
  // A short list is tested statement by statement: cheaper to keep than a list per action.
  if (all.length < ACTION_INDEX_MIN) return { byAction: NO_ACTIONS, other: statementList(all, false, tests) };
  // Positions in `all`, not statements: a policy attached twice stands twice in the list.
  const named = new Map<string, number[]>();
  const wild: number[] = [];
  all.forEach((st, i) => {
    if (!literalOnly(st)) {
      wild.push(i);
      return;
    }
    for (const g of st.actions) {
      const action = (g as Glob).source;
      // A service's own actions; for the any-service candidates, actions of services none names.
      if (
        head !== undefined
          ? !action.startsWith(head)
          : action.includes(':') && (services as Pick<ReadonlyMap<string, unknown>, 'has'>).has(serviceOf(action))
      )
        continue;
      let list = named.get(action);
      if (!list) named.set(action, (list = []));
      if (list[list.length - 1] !== i) list.push(i);
    }
  });
  const at = (i: number) => all[i] as CompiledStatement;
  const shared = new Map<string, StatementList>();
  const out: unknown[] = [];
  for (const [action, literal] of named) {
    const members =
      wild.length === 0
        ? literal
        : mergeAscending(
            literal,
            wild.filter((i) => actionMatches(at(i), action)),
          );
    // Actions named by the same statements share one list (and its resource table).
    const key = members.join(',');
    let list = shared.get(key);
    if (!list) shared.set(key, (list = statementList(members.map(at), true)));
    out.push(action, list);
  }
  return {
    byAction: SmallMap.ofPairs(out),
    other: statementList(wild.map(at), false, tests && wild.map((i) => tests[i] as boolean)),
  };
}

/**
 * The candidates of service `service` in `policies`: each policy's statements of the service,
 * then its any-service ones, less those whose actions match no action of the service (with what
 * each kept statement's actions say about the service's actions), split by action. One pass, and
 * no copy when one array of one policy holds them all (issue #16: compile time at scale).
 */
function serviceCandidates(policies: readonly IndexedPolicy[], service: string): ServiceCandidates {
  const head = `${service}:`;
  let sole: readonly CompiledStatement[] | undefined;
  let sources = 0;
  let total = 0;
  for (const p of policies) {
    const own = p.byService.get(service);
    if (own !== undefined && own.length > 0) {
      sole = own;
      sources++;
      total += own.length;
    }
    if (p.anyService.length > 0) {
      sole = p.anyService;
      sources++;
      total += p.anyService.length;
    }
  }
  // Into the scratch arrays (one list per service per principal: no array grown by `push` each time).
  let n = 0;
  for (const p of policies) {
    const own = p.byService.get(service);
    if (own !== undefined) n = keepForService(own, head, n);
    n = keepForService(p.anyService, head, n);
  }
  // When one array holds them all (a policy's statements of one service), that array (immutable).
  const all = (n === total && sources === 1 ? sole : n === 0 ? NONE : KEPT.slice(0, n)) as readonly CompiledStatement[];
  // The scratch keeps no statement of a world past this call (the tests are read before the next one).
  KEPT.fill(undefined, 0, n);
  return byAction(all, TESTS, head);
}

/** Scratch of {@link serviceCandidates}: the statements kept and whether each depends on the action. */
const KEPT: (CompiledStatement | undefined)[] = [];
const TESTS: boolean[] = [];

/**
 * Writes the statements of `list` whose actions can match some action `<head>…` from position `n`
 * of {@link KEPT} on, and whether they depend on the action into {@link TESTS}; the new end.
 */
function keepForService(list: readonly CompiledStatement[], head: string, n: number): number {
  for (let i = 0; i < list.length; i++) {
    const st = list[i] as CompiledStatement;
    const verdict = serviceVerdict(st, head);
    if (verdict === NEVER) continue;
    KEPT[n] = st;
    TESTS[n] = verdict === DEPENDS;
    n++;
  }
  return n;
}

/** What a statement's `Action`/`NotAction` says about every action of one service. */
const NEVER = 0;
const ALWAYS = 1;
const DEPENDS = 2;
type ServiceVerdict = typeof NEVER | typeof ALWAYS | typeof DEPENDS;

/**
 * Whether a statement matches every action `<head>…` (`head` = `s3:`), none of them, or depends
 * on the action (spec §2.1): worked out from the literal text of its patterns, at compile time.
 */
function serviceVerdict(st: CompiledStatement, head: string): ServiceVerdict {
  let any: ServiceVerdict = NEVER;
  for (const g of st.actions) {
    const v = g === undefined ? ALWAYS : globVerdict(g, head);
    if (v === ALWAYS) {
      any = ALWAYS;
      break;
    }
    if (v === DEPENDS) any = DEPENDS;
  }
  if (!st.actionNot) return any;
  return any === ALWAYS ? NEVER : any === NEVER ? ALWAYS : DEPENDS;
}

/** {@link serviceVerdict} for one lower-cased action pattern. */
function globVerdict(g: Glob, head: string): ServiceVerdict {
  if (g.escaped !== undefined) return DEPENDS;
  const source = g.source;
  if (g.literal) return source.startsWith(head) ? DEPENDS : NEVER;
  // `s3:*`, `s*`: every text that starts with `head` starts with the pattern's literal text.
  if (g.prefix !== undefined && head.startsWith(g.prefix)) return ALWAYS;
  let end = 0;
  while (end < source.length && source[end] !== '*' && source[end] !== '?') end++;
  const literal = source.slice(0, end);
  // A pattern can only match texts that start with its text before the first wildcard.
  return literal.length >= head.length
    ? literal.startsWith(head)
      ? DEPENDS
      : NEVER
    : head.startsWith(literal)
      ? DEPENDS
      : NEVER;
}

/** `true` when a statement matches only the actions it names (no NotAction, no wildcard). */
function literalOnly(st: CompiledStatement): boolean {
  if (st.actionNot) return false;
  for (const g of st.actions) if (g === undefined || !g.literal) return false;
  return true;
}

/** Two ascending lists of distinct numbers, merged. */
function mergeAscending(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && (a[i] as number) < (b[j] as number))) out.push(a[i++] as number);
    else out.push(b[j++] as number);
  }
  return out;
}

function split(
  all: readonly CompiledStatement[],
  actionChecked: boolean,
  tests: readonly boolean[] | undefined,
  byResource: PrefixTable | undefined,
): StatementList {
  let denies = 0;
  for (const st of all) if (st.effect === 'Deny') denies++;
  // One array when the statements all have one effect (the common case): less to keep.
  const deny =
    denies === 0 ? NO_STATEMENTS.deny : denies === all.length ? all : exact(all.filter((st) => st.effect === 'Deny'));
  const allow =
    denies === 0 ? all : denies === all.length ? NO_STATEMENTS.allow : exact(all.filter((st) => st.effect === 'Allow'));
  if (actionChecked) return { all, deny, allow, actionChecked, allTests: 0, denyTests: 0, allowTests: 0, byResource };
  // Without a verdict per statement (the any-service candidates), every statement is tested. Bit 31
  // stands for every position past 30 (always tested), so that such a need keeps the mask non-zero.
  let allTests = 0;
  let denyTests = 0;
  let allowTests = 0;
  let d = 0;
  let a = 0;
  for (let i = 0; i < all.length; i++) {
    const needs = tests === undefined || tests[i] === true;
    if ((all[i] as CompiledStatement).effect === 'Deny') {
      if (needs) denyTests |= 1 << (d > 30 ? 31 : d);
      d++;
    } else {
      if (needs) allowTests |= 1 << (a > 30 ? 31 : a);
      a++;
    }
    if (needs) allTests |= 1 << (i > 30 ? 31 : i);
  }
  // Every statement matches every action of the service: the list is as good as checked.
  const checked = allTests === 0;
  return { all, deny, allow, actionChecked: checked, allTests, denyTests, allowTests, byResource };
}

/** A compile-time statement list, with its resource prefix table when it is long. */
function statementList(
  all: readonly CompiledStatement[],
  actionChecked: boolean,
  tests?: readonly boolean[],
): StatementList {
  if (all.length === 0) return actionChecked ? NO_STATEMENTS : { ...NO_STATEMENTS, actionChecked };
  return split(all, actionChecked, tests, all.length >= RESOURCE_INDEX_MIN ? prefixTableOf(all) : undefined);
}

/**
 * The statements of an index whose `Action`/`NotAction` may match a lower-cased action (of the
 * lower-cased service prefix `service`), in candidate order; when `actionChecked` is `false` the
 * caller tests {@link actionMatches} on each. With `resource`, a long list is narrowed to the
 * statements whose resource patterns can match it (spec §2.2: a pattern matches only values that
 * start with its text before the first wildcard or variable); the order is kept, so the first
 * applicable statement is the one a full scan finds. Nothing is written: the index is immutable.
 */
export function candidatesFor(
  index: StatementIndex,
  service: string,
  actionLower: string,
  resource?: string,
): StatementList {
  // An action without a colon (`service` is the whole action) can only match any-service statements.
  const candidates = service.length < actionLower.length ? index.service(service) : index.anyService();
  const list = candidates.byAction.get(actionLower) ?? candidates.other;
  return resource === undefined ? list : narrowCandidates(list, resource);
}

/** The candidates of `list` ({@link candidatesFor} without a resource) that can match `resource`. */
export function narrowCandidates(list: StatementList, resource: string): StatementList {
  return list.byResource === undefined ? list : narrowByResource(list, list.byResource, resource);
}

function narrowByResource(list: StatementList, table: PrefixTable, resource: string): StatementList {
  const hits = lookupPrefixes(table, resource);
  if (hits.length === list.all.length) return list;
  if (hits.length === 0) return list.actionChecked ? NO_STATEMENTS : { ...NO_STATEMENTS, actionChecked: false };
  const all: CompiledStatement[] = [];
  const deny: CompiledStatement[] = [];
  const allow: CompiledStatement[] = [];
  for (const i of hits) {
    const st = list.all[i] as CompiledStatement;
    all.push(st);
    (st.effect === 'Deny' ? deny : allow).push(st);
  }
  // A narrowed list that is not checked tests every statement (the masks are by position).
  const tests = list.actionChecked ? 0 : -1;
  return {
    all,
    deny,
    allow,
    actionChecked: list.actionChecked,
    allTests: tests,
    denyTests: tests,
    allowTests: tests,
    byResource: undefined,
  };
}

// ---- the resource prefix table ---------------------------------------------------------------

/**
 * Statements of a list by the literal prefix of their resource patterns: the text before the
 * first `*`, `?` or `${` (spec §2.2, §3.7). A pattern can only match a resource that starts with
 * its prefix, whatever the matching mode. Statements with `NotResource`, no `Resource`, `"*"` or
 * a pattern that starts with a wildcard or variable are kept in `residual` and always tried.
 *
 * The prefixes are sorted by code unit, and each knows the longest other prefix that it starts
 * with (its parent). The largest prefix ≤ a resource, found by one binary search, is either the
 * longest prefix of the resource or shares the longest one with it; every other prefix of the
 * resource is on the parent chain from there. A lookup costs one binary search and a walk.
 */
export interface PrefixTable {
  /** Distinct non-empty prefixes, sorted by code unit. */
  readonly prefixes: readonly string[];
  /** Per prefix: the index of the longest other prefix it starts with, or -1. */
  readonly parent: Int32Array;
  /** `positions[starts[i] .. starts[i + 1])`: the list positions (ascending) under `prefixes[i]`. */
  readonly starts: Int32Array;
  readonly positions: Int32Array;
  /** List positions (ascending) that every resource may match. */
  readonly residual: Int32Array;
}

/** The literal prefixes of a statement's resource patterns, or `undefined` when it belongs in the residual list. */
export function resourcePrefixes(st: CompiledStatement): string[] | undefined {
  if (!st.resource || st.resource.not) return undefined;
  const out: string[] = [];
  for (const m of st.resource.matchers) {
    const prefix =
      m.kind === 'any' ? '' : m.kind === 'arn' ? literalHead(m.pattern.source, false) : literalHead(m.source, true);
    if (prefix === '') return undefined;
    out.push(prefix);
  }
  return out;
}

/** The text of a pattern before its first wildcard (and, in a template, its first `${`). */
function literalHead(source: string, template: boolean): string {
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (
      c === 42 /* * */ ||
      c === 63 /* ? */ ||
      (template && c === 36 /* $ */ && source.charCodeAt(i + 1) === 123) /* { */
    )
      return source.slice(0, i);
  }
  return source;
}

/** Builds the prefix table of a list; `undefined` when too few statements have a prefix to gain from it. */
export function prefixTableOf(
  all: readonly CompiledStatement[],
  min = RESOURCE_INDEX_MIN / 2,
): PrefixTable | undefined {
  const residual: number[] = [];
  const byPrefix = new Map<string, number[]>();
  all.forEach((st, i) => {
    const prefixes = resourcePrefixes(st);
    if (prefixes === undefined) {
      residual.push(i);
      return;
    }
    for (const prefix of prefixes) {
      let list = byPrefix.get(prefix);
      if (!list) byPrefix.set(prefix, (list = []));
      if (list[list.length - 1] !== i) list.push(i);
    }
  });
  if (all.length - residual.length < min) return undefined;
  const prefixes = [...byPrefix.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const parent = new Int32Array(prefixes.length);
  const starts = new Int32Array(prefixes.length + 1);
  // In sorted order, the prefixes a prefix starts with are on the stack of those seen before it.
  const stack: number[] = [];
  let total = 0;
  prefixes.forEach((p, i) => {
    while (stack.length > 0 && !p.startsWith(prefixes[stack[stack.length - 1] as number] as string)) stack.pop();
    parent[i] = stack.length > 0 ? (stack[stack.length - 1] as number) : -1;
    stack.push(i);
    starts[i] = total;
    total += (byPrefix.get(p) as number[]).length;
  });
  starts[prefixes.length] = total;
  const positions = new Int32Array(total);
  prefixes.forEach((p, i) => positions.set(byPrefix.get(p) as number[], starts[i] as number));
  return { prefixes, parent, starts, positions, residual: Int32Array.from(residual) };
}

/**
 * The list positions (ascending, distinct) whose statements may match `resource`: the residual
 * ones and those under every prefix that `resource` starts with.
 */
export function lookupPrefixes(table: PrefixTable, resource: string): readonly number[] {
  const { prefixes, parent, starts, positions, residual } = table;
  // The largest prefix ≤ resource (binary search by code unit).
  let lo = 0;
  let hi = prefixes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((prefixes[mid] as string) <= resource) lo = mid + 1;
    else hi = mid;
  }
  let i = lo - 1;
  if (i >= 0 && !resource.startsWith(prefixes[i] as string)) {
    // The resource's prefixes in the table are the ones this prefix shares with it: its
    // ancestors no longer than their common head.
    const p = prefixes[i] as string;
    const n = Math.min(p.length, resource.length);
    let common = 0;
    while (common < n && p.charCodeAt(common) === resource.charCodeAt(common)) common++;
    while (i >= 0 && (prefixes[i] as string).length > common) i = parent[i] as number;
  }
  const found: number[] = [];
  let lists = 0;
  for (; i >= 0; i = parent[i] as number, lists++) {
    for (let k = starts[i] as number; k < (starts[i + 1] as number); k++) found.push(positions[k] as number);
  }
  if (residual.length > 0) lists++;
  for (let k = 0; k < residual.length; k++) found.push(residual[k] as number);
  if (lists > 1) {
    // A statement may stand under several prefixes (one per Resource entry): once, in order.
    found.sort((a, b) => a - b);
    let w = 1;
    for (let r = 1; r < found.length; r++) if (found[r] !== found[w - 1]) found[w++] = found[r] as number;
    found.length = Math.min(w, found.length);
  }
  return found;
}

/** What a statement's `Action`/`NotAction` says about the actions of one service ({@link sliceReach}). */
const NOT_REACHED = 0;
const ANY_SERVICE = 1;
/** Its `Action` names the service, and no other. */
const NAMED = 2;
/** Its `Action` names the service and others (`["s3:*", "ec2:*"]`). */
const NAMED_AMONG_OTHERS = 3;
type SliceReach = typeof NOT_REACHED | typeof ANY_SERVICE | typeof NAMED | typeof NAMED_AMONG_OTHERS;

/**
 * Whether a statement's `Action`/`NotAction` may match some action `<service>:…` (spec §2.1),
 * from its text alone and erring on the side of `true`: an `Action` value matches only actions of
 * its own service prefix (a valid one has no wildcard there) or, as `"*"`, every action; a
 * `NotAction` rules out every action of the service only when it lists `"*"` or `"<service>:*"`.
 */
export function mayApplyToService(action: StringListElement, service: string): boolean {
  return sliceReach(action, service) !== NOT_REACHED;
}

/**
 * {@link mayApplyToService}, and where a slice lists a statement that may: `ANY_SERVICE` when it
 * may apply to any service (`NotAction`, a value without a colon, a wildcard in the prefix), as
 * {@link addToServices} decides; else `NAMED` (every value names the service) or
 * `NAMED_AMONG_OTHERS` (some value names another). One pass over the values for all three (issue
 * #16: a slice's compile).
 */
function sliceReach(action: StringListElement, service: string): SliceReach {
  const values = action.values;
  if (action.not) {
    const all = `${service}:*`;
    for (const value of values) if (value === '*' || value.toLowerCase() === all) return NOT_REACHED;
    return ANY_SERVICE;
  }
  let named = false;
  let others = false;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as string;
    // One pass over the prefix, character by character (no search for the colon, no second and
    // third reading: every statement of a slice's documents is asked, issue #16): a wildcard or no
    // colon makes the value any-service's; else its prefix is compared with the service as read,
    // ASCII letters folded.
    let same = true;
    let foreign = false;
    let k = 0;
    for (; k < value.length; k++) {
      let c = value.charCodeAt(k);
      if (c === 58 /* : */) break;
      if (c === 42 /* * */ || c === 63 /* ? */) return ANY_SERVICE;
      if (c > 127) foreign = true;
      else if (same) {
        if (c >= 65 && c <= 90) c += 32;
        if (c !== service.charCodeAt(k)) same = false;
      }
    }
    if (k === value.length) return ANY_SERVICE;
    // A prefix that is not ASCII may lower-case to the service's letters (`K`, the Kelvin sign, is `k`).
    if (foreign ? value.slice(0, k).toLowerCase() === service : same && k === service.length) named = true;
    else others = true;
  }
  return !named ? NOT_REACHED : others ? NAMED_AMONG_OTHERS : NAMED;
}

/**
 * The values of an `Action` (each with a colon and no wildcard before it) whose prefix is
 * `service` once lower-cased: what a slice of that service compiles of a statement that names
 * other services too. The others match no action of the service (spec §2.1: a value matches only
 * actions of its own prefix), so the slice's decisions, index and explanations are the same.
 */
function serviceValues(values: readonly string[], service: string): string[] {
  const kept: string[] = [];
  for (const value of values) {
    const colon = value.indexOf(':');
    if (prefixIs(service, value, colon)) kept.push(value);
  }
  return kept;
}

/** Whether `value.slice(0, colon).toLowerCase()` is `service` (compared in place when the prefix is ASCII). */
function prefixIs(service: string, value: string, colon: number): boolean {
  for (let k = 0; k < colon; k++) if (value.charCodeAt(k) > 127) return value.slice(0, colon).toLowerCase() === service;
  return isServiceOf(service, value, colon);
}

/**
 * Adds `cs` to the list of each service prefix its `Action` names (`services`: prefixes and lists
 * interleaved, see {@link compilePolicy}); `false` (nothing added) when it may apply to any service
 * (`NotAction`, a value without a colon, a wildcard in the prefix).
 */
function addToServices(
  action: StringListElement,
  cs: CompiledStatement,
  services: (string | CompiledStatement[])[],
  share: MatcherShare | undefined,
): boolean {
  if (action.not) return false;
  const values = action.values;
  for (const value of values) {
    const colon = value.indexOf(':');
    if (colon < 0 || hasWildcardBefore(value, colon)) return false;
  }
  for (const value of values) {
    const colon = value.indexOf(':');
    // A prefix seen before is found without building its lower-cased text (one string per value).
    let at = -1;
    for (let i = 0; i < services.length && at < 0; i += 2) if (isServiceOf(services[i] as string, value, colon)) at = i;
    let lower: string | undefined;
    if (at < 0) {
      lower = value.slice(0, colon).toLowerCase();
      for (let i = 0; i < services.length && at < 0; i += 2) if (services[i] === lower) at = i;
    }
    if (at < 0) {
      // A service's list starts as a literal of one statement: no room to grow, none to give back.
      services.push(share ? share.text(lower as string) : (lower as string), [cs]);
      continue;
    }
    const list = services[at + 1] as CompiledStatement[];
    if (list[list.length - 1] !== cs) list.push(cs);
  }
  return true;
}

/** Whether `value` has a `*` or `?` before `colon` (read in place: no string made per value, issue #16). */
function hasWildcardBefore(value: string, colon: number): boolean {
  for (let i = 0; i < colon; i++) {
    const c = value.charCodeAt(i);
    if (c === 42 /* * */ || c === 63 /* ? */) return true;
  }
  return false;
}

/** Compiles `st` with `actions` for its `Action`/`NotAction` values (a slice's may be fewer, see {@link serviceValues}). */
function compileStatement(
  st: Statement,
  policy: Policy,
  compiled: CompiledPolicy,
  share: MatcherShare | undefined,
  actions: readonly string[],
): CompiledStatement {
  const version = policy.version;
  const principal = st.principal;
  const resource = st.resource;
  // With a world's `share`, equal elements of different statements are one compiled element.
  return {
    policy: compiled,
    index: st.index,
    sid: st.sid,
    effect: st.effect,
    principal: principal
      ? share
        ? share.principal(principal)
        : { not: principal.not, matcher: compilePrincipal(principal) }
      : undefined,
    actionNot: st.action.not,
    actions: share ? share.actionList(actions) : compileActions(actions, undefined),
    resource: resource
      ? share
        ? share.resourceList(resource, policy)
        : compileResourceList(resource, policy, undefined)
      : undefined,
    conditions:
      st.conditions.length === 0
        ? NO_CONDITIONS
        : share
          ? share.conditionList(st.conditions, version)
          : st.conditions.length === 1
            ? [compileCondition(st.conditions[0] as ConditionClause, version)]
            : st.conditions.map((c) => compileCondition(c, version)),
  };
}

/** The lower-cased globs of an `Action`/`NotAction`'s values (`undefined` for `"*"`). */
function compileActions(values: readonly string[], share: MatcherShare | undefined): (Glob | undefined)[] {
  // One value (most statements): a literal, no closure.
  if (values.length === 1) return [compileAction(values[0] as string, share)];
  return values.map((v) => compileAction(v, share));
}

function compileAction(value: string, share: MatcherShare | undefined): Glob | undefined {
  return value === '*' ? undefined : share ? share.action(value) : compileGlob(value, true);
}

function compileResourceList(
  resource: StringListElement,
  policy: Policy,
  share: MatcherShare | undefined,
): NonNullable<CompiledStatement['resource']> {
  const values = resource.values;
  return {
    not: resource.not,
    // One value (most statements): a literal, no closure.
    matchers:
      values.length === 1
        ? [share ? share.resource(values[0] as string, policy) : compileResource(values[0] as string, policy)]
        : values.map((v) => (share ? share.resource(v, policy) : compileResource(v, policy))),
  };
}

function compileResource(value: string, policy: Policy, share?: MatcherShare): ResourceMatcher {
  if (value === '*') return { kind: 'any' };
  // Variables are substituted in the region, account and resource fields, never in the partition
  // or service fields (spec §1.6, §10 V9): there they stay literal text.
  const template =
    policy.version === '2012-10-17' && value.includes('${') && !variableBeforeRegion(value)
      ? parseTemplate(value)
      : undefined;
  if (template) return { kind: 'template', source: value, resolve: compileTemplateArn(template) };
  return {
    kind: 'arn',
    pattern: arnPatternOfGlob(compileGlob(value), share?.shareCuts, share ? share.shareHead : flatText),
  };
}

/** `true` when a `${…}` variable starts in the partition or service field of an ARN pattern. */
function variableBeforeRegion(value: string): boolean {
  let colons = 0;
  for (let i = 0; i < value.length && colons < 3; i++) {
    if (value[i] === ':') colons++;
    else if (value[i] === '$' && value[i + 1] === '{') return true;
  }
  return false;
}

/** `Action`/`NotAction` test for a lower-cased request action (spec §2.1). */
export function actionMatches(st: CompiledStatement, actionLower: string): boolean {
  const actions = st.actions;
  let any = false;
  for (let i = 0; i < actions.length; i++) {
    const g = actions[i];
    // A literal action is the whole text: one string comparison (what `matchGlob` decides for it).
    if (g === undefined || (g.literal ? g.source === actionLower : matchGlob(g, actionLower))) {
      any = true;
      break;
    }
  }
  return st.actionNot ? !any : any;
}

/** `Resource`/`NotResource` test (spec §2.2); a statement without either applies. */
export function resourceMatches(st: CompiledStatement, resource: ArnSegments, ctx: ContextLookup): boolean {
  const r = st.resource;
  if (r === undefined) return true;
  // Indexed: the decision's hot path must not depend on an iterator being optimized away.
  const matchers = r.matchers;
  let any = false;
  for (let i = 0; i < matchers.length; i++) {
    if (resourceMatcherMatches(matchers[i] as ResourceMatcher, resource, ctx)) {
      any = true;
      break;
    }
  }
  return r.not ? !any : any;
}

function resourceMatcherMatches(m: ResourceMatcher, resource: ArnSegments, ctx: ContextLookup): boolean {
  if (m.kind === 'any') return true;
  if (m.kind === 'arn') return matchResourceArn(m.pattern, resource, ctx.budget);
  // An unresolvable variable makes the entry match nothing (spec §3.7).
  const pattern = m.resolve(ctx);
  return pattern !== undefined && matchResourceArn(pattern, resource, ctx.budget);
}
