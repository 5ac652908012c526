/**
 * When a statement applies (spec §4.2) and what one policy layer says about a request.
 * The cheap path records nothing; with a {@link Tracer} every matched statement, every near miss
 * and every missing context key is recorded for the explanation.
 */
import type { ArnSegments } from '../match/arn.js';
import { GRANT_RANK, isExemptByNotPrincipal, matchPrincipal, type GrantKind } from '../match/principal.js';
import type { ContextLookup } from '../condition/context.js';
import { isAbsent } from '../condition/compile.js';
import {
  actionMatches,
  candidatesFor,
  indexStatements,
  resourceMatches,
  type CompiledPolicy,
  type CompiledStatement,
  type StatementList,
  type StatementIndex,
} from './compile.js';
import type { RequestPrincipal } from './principal.js';
import type { ConditionMiss, Layer, LayerVerdict, StatementMiss, StatementRef } from './decision.js';

/** A request prepared for evaluation: everything derived from it once. */
export interface EvalRequest {
  readonly principal: RequestPrincipal;
  readonly action: string;
  readonly actionLower: string;
  /** Lower-cased service prefix of the action. */
  readonly service: string;
  readonly resource: string;
  readonly segments: ArnSegments;
  readonly ctx: ContextLookup;
}

/** What one layer said. */
export interface LayerOutcome {
  /** An applicable Deny, if any. */
  readonly deny: CompiledStatement | undefined;
  /** An applicable Allow, if any (for resource policies: one with the strongest grant). */
  readonly allow: CompiledStatement | undefined;
  /** For resource-based policies: the strongest grant kind among applicable Allows. */
  readonly grant: GrantKind | undefined;
}

/** Collects what the explanation needs while a request is evaluated. */
export class Tracer {
  readonly matched: StatementRef[] = [];
  readonly unmatched: StatementMiss[] = [];
  readonly missing = new Set<string>();
  readonly layers: LayerVerdict[] = [];

  /** Records a layer verdict. */
  layer(verdict: LayerVerdict): void {
    this.layers.push(verdict);
  }
}

/** Which principal test a statement passes: `undefined` = it does not apply to this caller. */
type PrincipalResult = GrantKind | 'applies' | undefined;

function principalResult(st: CompiledStatement, p: RequestPrincipal): PrincipalResult {
  if (!st.principal) return 'applies';
  if (st.principal.not) return isExemptByNotPrincipal(st.principal.matcher, p) ? undefined : 'wildcard';
  return matchPrincipal(st.principal.matcher, p);
}

const EMPTY_INDEX = indexStatements([]);

/** A list of policies with the merged index of their statements, built when the list is compiled. */
export interface PolicyList extends ReadonlyArray<CompiledPolicy> {
  readonly index: StatementIndex;
}

/** Compiles a policy list once: the index is built here, never during a decision. */
export function policyList(policies: readonly CompiledPolicy[]): PolicyList {
  const index = policies.length === 0 ? EMPTY_INDEX : policies.length === 1 ? (policies[0] as CompiledPolicy).index : indexStatements(policies);
  return Object.freeze(Object.assign([...policies], { index }));
}

function indexOf(policies: readonly CompiledPolicy[]): StatementIndex {
  if ('index' in policies) return (policies as PolicyList).index;
  if (policies.length === 0) return EMPTY_INDEX;
  if (policies.length === 1) return (policies[0] as CompiledPolicy).index;
  // A list nobody compiled (a caller of `decide` building layers by hand): indexed for this call only.
  return indexStatements(policies);
}

/**
 * Evaluates the policies of one layer. With `principals`, statements must name the caller
 * (resource-based, trust, key, endpoint and RCP policies); without, `Principal` is not consulted.
 * Lists built by {@link policyList} carry their index; others are indexed for this call only.
 */
export function evaluateLayer(
  policies: readonly CompiledPolicy[],
  layer: Layer,
  req: EvalRequest,
  principals: boolean,
  trace?: Tracer,
): LayerOutcome {
  // Only statements whose Action/NotAction matches the request's action (tested here when the
  // index could not settle it); without a trace, only those whose resources can match.
  if (!trace) return cheapLayer(candidatesFor(indexOf(policies), req.service, req.actionLower, req.segments.text), layer, req, principals);
  const candidates = candidatesFor(indexOf(policies), req.service, req.actionLower);
  let deny: CompiledStatement | undefined;
  let allow: CompiledStatement | undefined;
  let grant: GrantKind | undefined;
  for (const st of candidates.all) {
    if (!candidates.actionChecked && !actionMatches(st, req.actionLower)) continue;
    const applied = applies(st, layer, req, principals, trace);
    if (applied === undefined) continue;
    if (st.effect === 'Deny') {
      deny ??= st;
    } else if (principals && applied !== 'applies') {
      if (!grant || GRANT_RANK[applied] > GRANT_RANK[grant]) {
        grant = applied;
        allow = st;
      }
    } else {
      allow ??= st;
    }
  }
  return { deny, allow, grant };
}

/**
 * The same verdict without a trace, doing as little as possible: an applicable Deny settles the
 * layer (and the decision), so Denies are tried first; then Allows until one applies (with
 * `principals`: until one with the strongest grant kind applies).
 */
function cheapLayer(candidates: StatementList, layer: Layer, req: EvalRequest, principals: boolean): LayerOutcome {
  const checked = candidates.actionChecked;
  for (const st of candidates.deny) {
    if (!checked && !actionMatches(st, req.actionLower)) continue;
    if (applies(st, layer, req, principals, undefined) !== undefined) return { deny: st, allow: undefined, grant: undefined };
  }
  let allow: CompiledStatement | undefined;
  let grant: GrantKind | undefined;
  for (const st of candidates.allow) {
    if (!checked && !actionMatches(st, req.actionLower)) continue;
    const applied = applies(st, layer, req, principals, undefined);
    if (applied === undefined) continue;
    if (!principals || applied === 'applies') return { deny: undefined, allow: st, grant: undefined };
    if (!grant || GRANT_RANK[applied] > GRANT_RANK[grant]) {
      grant = applied;
      allow = st;
      if (GRANT_RANK[grant] === 4) break; // nothing ranks higher
    }
  }
  return { deny: undefined, allow, grant };
}

function ref(st: CompiledStatement, layer: Layer, grant?: GrantKind): StatementRef {
  return {
    layer,
    policyId: st.policy.id,
    statementIndex: st.index,
    ...(st.sid !== undefined ? { sid: st.sid } : {}),
    effect: st.effect,
    ...(grant ? { grant } : {}),
  };
}

/** Applies the resource, principal and condition tests (the action already matched). */
function applies(
  st: CompiledStatement,
  layer: Layer,
  req: EvalRequest,
  principals: boolean,
  trace: Tracer | undefined,
): PrincipalResult {
  if (!resourceMatches(st, req.segments, req.ctx)) {
    trace?.unmatched.push({ ...ref(st, layer), failed: 'resource' });
    return undefined;
  }
  let result: PrincipalResult = 'applies';
  if (principals) {
    result = st.principal ? principalResult(st, req.principal) : undefined;
    if (result === undefined) {
      trace?.unmatched.push({ ...ref(st, layer), failed: 'principal' });
      return undefined;
    }
  }
  if (!trace) {
    for (const c of st.conditions) if (!c.test(req.ctx)) return undefined;
    return result;
  }
  let firstMiss: ConditionMiss | undefined;
  for (const c of st.conditions) {
    const value = req.ctx.get(c.keyLower);
    const missing = isAbsent(value);
    if (missing) trace.missing.add(c.keyLower);
    if (!firstMiss && !c.test(req.ctx)) {
      firstMiss = {
        operator: c.clause.operator,
        key: c.clause.key,
        values: c.clause.values,
        ...(value !== undefined ? { requestValue: value } : {}),
        missing,
      };
    }
  }
  if (firstMiss) {
    trace.unmatched.push({ ...ref(st, layer), failed: 'condition', condition: firstMiss });
    return undefined;
  }
  trace.matched.push(ref(st, layer, principals && result !== 'applies' ? result : undefined));
  return result;
}
