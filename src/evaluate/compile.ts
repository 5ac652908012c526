/**
 * Compiles a parsed policy into matchers, once, so that deciding a request never parses text or
 * builds a pattern. Statements are indexed by the service prefix of their actions so that a
 * request only looks at statements that can apply to its service.
 */
import type { Policy, Statement, StringListElement } from '../policy/ast.js';
import { parseTemplate } from '../policy/variables.js';
import { compileGlob, matchGlob, type Glob } from '../match/wildcard.js';
import { matchResourceArn, type ArnPattern, type ArnSegments } from '../match/arn.js';
import { compilePrincipal, type PrincipalMatcher } from '../match/principal.js';
import { compileCondition, compileTemplateArn, splitGlobAtColons, type CompiledCondition } from '../condition/compile.js';
import type { ContextLookup } from '../condition/context.js';

/** A compiled `Resource` / `NotResource` entry. */
export type ResourceMatcher =
  | { readonly kind: 'any' }
  | { readonly kind: 'arn'; readonly pattern: ArnPattern }
  | { readonly kind: 'template'; readonly source: string; readonly resolve: (ctx: ContextLookup) => ArnPattern | undefined };

/** A compiled statement. */
export interface CompiledStatement {
  readonly policy: CompiledPolicy;
  readonly statement: Statement;
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
  readonly source: Policy;
  readonly statements: readonly CompiledStatement[];
  /** Statements per lower-cased service prefix. */
  readonly byService: ReadonlyMap<string, readonly CompiledStatement[]>;
  /** Statements that may apply to any service (`*`, NotAction, wildcard prefixes). */
  readonly anyService: readonly CompiledStatement[];
  /** The candidate statements of this policy alone, per service. */
  readonly index: StatementIndex;
}

/** Statements of one or more policies, in order, and the same split by effect. */
export interface StatementList {
  /** All of them, policy by policy: the service's own statements, then the any-service ones. */
  readonly all: readonly CompiledStatement[];
  /** The same statements split by effect, in the same order (the cheap path looks at Denies first). */
  readonly deny: readonly CompiledStatement[];
  readonly allow: readonly CompiledStatement[];
}

/** Candidate statements of a list of policies, per lower-cased service prefix, built once. */
export interface StatementIndex {
  readonly byService: ReadonlyMap<string, StatementList>;
  /** The candidates of a service that no statement names: the any-service statements. */
  readonly anyService: StatementList;
  /**
   * Per lower-cased action: the candidates whose `Action`/`NotAction` matches it, filled on use
   * (at most {@link MAX_ACTIONS} actions are remembered).
   */
  readonly byAction: Map<string, StatementList>;
}

/** How many actions an index remembers. */
const MAX_ACTIONS = 4096;

const NO_STATEMENTS: StatementList = { all: [], deny: [], allow: [] };
const EMPTY_INDEX: StatementIndex = { byService: new Map(), anyService: NO_STATEMENTS, byAction: new Map() };

/** Compiles a parsed policy. `id` names it in explanations. */
export function compilePolicy(policy: Policy, id: string): CompiledPolicy {
  const statements: CompiledStatement[] = [];
  const byService = new Map<string, CompiledStatement[]>();
  const anyService: CompiledStatement[] = [];
  const compiled: { -readonly [K in keyof CompiledPolicy]: CompiledPolicy[K] } = { id, source: policy, statements, byService, anyService, index: EMPTY_INDEX };
  for (const st of policy.statements) {
    const cs = compileStatement(st, policy, compiled);
    statements.push(cs);
    const services = serviceKeys(st.action);
    if (services === undefined) anyService.push(cs);
    else {
      for (const service of services) {
        let list = byService.get(service);
        if (!list) byService.set(service, (list = []));
        list.push(cs);
      }
    }
  }
  compiled.index = indexStatements([compiled]);
  return compiled;
}

/**
 * Merges the service indexes of `policies` so that a request for a service finds all its candidate
 * statements in one list, however many policies there are (e.g. every AWS managed policy).
 */
export function indexStatements(policies: readonly Pick<CompiledPolicy, 'byService' | 'anyService'>[]): StatementIndex {
  const services = new Set<string>();
  for (const p of policies) for (const service of p.byService.keys()) services.add(service);
  const gather = (service: string | undefined): StatementList => {
    const all: CompiledStatement[] = [];
    for (const p of policies) {
      const own = service === undefined ? undefined : p.byService.get(service);
      if (own) all.push(...own);
      all.push(...p.anyService);
    }
    return split(all);
  };
  const byService = new Map<string, StatementList>();
  for (const service of services) byService.set(service, gather(service));
  return { byService, anyService: gather(undefined), byAction: new Map() };
}

function split(all: CompiledStatement[]): StatementList {
  return { all, deny: all.filter((st) => st.effect === 'Deny'), allow: all.filter((st) => st.effect === 'Allow') };
}

/**
 * The statements of an index whose `Action`/`NotAction` matches a lower-cased action (of the
 * lower-cased service prefix `service`), in candidate order. The answer for an action is worked
 * out once and remembered, so deciding a request matches no action pattern.
 */
export function candidatesFor(index: StatementIndex, service: string, actionLower: string): StatementList {
  let list = index.byAction.get(actionLower);
  if (list) return list;
  const candidates = index.byService.get(service) ?? index.anyService;
  if (candidates.all.length === 0) return candidates;
  list = split(candidates.all.filter((st) => actionMatches(st, actionLower)));
  if (index.byAction.size < MAX_ACTIONS) index.byAction.set(actionLower, list);
  return list;
}

/** Service prefixes a statement's actions name, or `undefined` when it may apply to any service. */
function serviceKeys(action: StringListElement): Set<string> | undefined {
  if (action.not) return undefined;
  const services = new Set<string>();
  for (const value of action.values) {
    const colon = value.indexOf(':');
    if (colon < 0) return undefined;
    const prefix = value.slice(0, colon).toLowerCase();
    if (prefix.includes('*') || prefix.includes('?')) return undefined;
    services.add(prefix);
  }
  return services;
}

function compileStatement(st: Statement, policy: Policy, compiled: CompiledPolicy): CompiledStatement {
  return {
    policy: compiled,
    statement: st,
    index: st.index,
    sid: st.sid,
    effect: st.effect,
    principal: st.principal ? { not: st.principal.not, matcher: compilePrincipal(st.principal) } : undefined,
    actionNot: st.action.not,
    actions: st.action.values.map((v) => (v === '*' ? undefined : compileGlob(v, true))),
    resource: st.resource
      ? { not: st.resource.not, matchers: st.resource.values.map((v) => compileResource(v, policy)) }
      : undefined,
    conditions: st.conditions.map((c) => compileCondition(c, policy.version)),
  };
}

function compileResource(value: string, policy: Policy): ResourceMatcher {
  if (value === '*') return { kind: 'any' };
  // Variables are substituted in the region, account and resource fields, never in the partition
  // or service fields (spec §1.6, §10 V9): there they stay literal text.
  const template = policy.version === '2012-10-17' && !variableBeforeRegion(value) ? parseTemplate(value) : undefined;
  if (template) return { kind: 'template', source: value, resolve: compileTemplateArn(template) };
  return { kind: 'arn', pattern: splitGlobAtColons(compileGlob(value)) };
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
  let any = false;
  for (const g of st.actions) {
    if (g === undefined || matchGlob(g, actionLower)) {
      any = true;
      break;
    }
  }
  return st.actionNot ? !any : any;
}

/** `Resource`/`NotResource` test (spec §2.2); a statement without either applies. */
export function resourceMatches(st: CompiledStatement, resource: ArnSegments, ctx: ContextLookup): boolean {
  if (!st.resource) return true;
  let any = false;
  for (const m of st.resource.matchers) {
    if (resourceMatcherMatches(m, resource, ctx)) {
      any = true;
      break;
    }
  }
  return st.resource.not ? !any : any;
}

function resourceMatcherMatches(m: ResourceMatcher, resource: ArnSegments, ctx: ContextLookup): boolean {
  if (m.kind === 'any') return true;
  if (m.kind === 'arn') return matchResourceArn(m.pattern, resource, ctx.budget);
  // An unresolvable variable makes the entry match nothing (spec §3.7).
  const pattern = m.resolve(ctx);
  return pattern !== undefined && matchResourceArn(pattern, resource, ctx.budget);
}
