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
import { compileCondition, compileTemplateGlob, splitGlobAtColons, type CompiledCondition } from '../condition/compile.js';
import type { ContextLookup } from '../condition/context.js';

/** A compiled `Resource` / `NotResource` entry. */
export type ResourceMatcher =
  | { readonly kind: 'any' }
  | { readonly kind: 'arn'; readonly pattern: ArnPattern }
  | { readonly kind: 'template'; readonly source: string; readonly resolve: (ctx: ContextLookup) => Glob | undefined };

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
}

/** Compiles a parsed policy. `id` names it in explanations. */
export function compilePolicy(policy: Policy, id: string): CompiledPolicy {
  const statements: CompiledStatement[] = [];
  const byService = new Map<string, CompiledStatement[]>();
  const anyService: CompiledStatement[] = [];
  const compiled: CompiledPolicy = { id, source: policy, statements, byService, anyService };
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
  return compiled;
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
  const template = policy.version === '2012-10-17' ? parseTemplate(value) : undefined;
  if (template) return { kind: 'template', source: value, resolve: compileTemplateGlob(template) };
  return { kind: 'arn', pattern: splitGlobAtColons(compileGlob(value)) };
}

/** Candidate statements of `policy` for a lower-cased service prefix. */
export function candidates(policy: CompiledPolicy, service: string): readonly CompiledStatement[] {
  const own = policy.byService.get(service);
  if (!own) return policy.anyService;
  if (policy.anyService.length === 0) return own;
  return [...own, ...policy.anyService];
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
  if (m.kind === 'arn') return matchResourceArn(m.pattern, resource);
  // An unresolvable variable makes the entry match nothing (spec §3.7).
  const glob = m.resolve(ctx);
  return glob !== undefined && matchResourceArn(splitGlobAtColons(glob), resource);
}
