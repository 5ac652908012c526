/**
 * Conditional decisions by witness-based partial evaluation. A request whose request-time keys are
 * unknown is decided by the engine once per combination of witness values of the keys that bear on
 * it, and the outcomes are summarized as `Allow`, `Deny` or `Allow if φ`.
 *
 * Which keys bear on the request is learnt from the engine's own explained path: a key that an
 * applicable statement's condition references and the request lacks (an explanation's
 * `missingContextKeys`), or that the first false condition of a statement tests, is reported; the
 * engine records just these keys (a `keys` trace), not a whole explanation. Starting with every unknown key absent, each newly reported key joins the
 * product and the combinations are decided again, until no new key appears (a fixpoint).
 */
import type { AuthorizationRequest, Authorizer } from '../model/authorizer.js';
import type { Decision } from '../evaluate/decision.js';
import { Tracer } from '../evaluate/decide.js';
import type { TracedOptions } from '../model/authorizer.js';
import type { ConditionClause } from '../policy/ast.js';
import type { ContextInputValue } from '../condition/context.js';
import type { UnknownKeys } from './keys.js';
import {
  and,
  AtomOracle,
  FALSE,
  or,
  renderResidual,
  residualKeys,
  TRUE,
  type Assignment,
  type Atom,
  type Residual,
} from './residual.js';
import { ALWAYS_PRESENT, witnessesFor, type Witness } from './witness.js';

/** A request the engine decided, with its decision and explanation: the proof of an answer. */
export interface Proof {
  readonly request: AuthorizationRequest;
  readonly decision: Decision;
}

/** The answer for one request with unknown request-time keys. */
export interface ConditionalDecision {
  /** `Allow`: always; `Deny`: never; `Conditional`: exactly when `condition` holds. */
  readonly verdict: 'Allow' | 'Deny' | 'Conditional';
  readonly condition: Residual;
  /** `condition` as text (`true`, `false`, or e.g. `aws:MultiFactorAuthPresent = true`). */
  readonly text: string;
  /** The request-time keys that bear on the request. */
  readonly keys: readonly string[];
  /** Number of combinations decided. */
  readonly combinations: number;
  /** `true` when the product of witnesses exceeded the cap: the answer covers only part of it. */
  readonly truncated: boolean;
  /** Decided requests: one allowed (when any) and one refused (when any), with explanations. */
  readonly proofs: readonly Proof[];
}

/** What the partial evaluator needs: the engine, the unknown keys and the world's clauses. */
export interface PartialContext {
  readonly authorizer: Authorizer;
  readonly unknown: UnknownKeys;
  readonly clauses: ReadonlyMap<string, readonly ConditionClause[]>;
  readonly oracle: AtomOracle;
  /**
   * Whether a clause bears on a request (its statements' action and resource elements match it);
   * without it every clause of the world over a key is used (still exact, only slower).
   */
  readonly bears?: (clause: ConditionClause, request: AuthorizationRequest) => boolean;
  /** Most combinations to decide per request (default 4096). */
  readonly maxCombinations?: number;
}

/** An analysis's own partial context (not public): with the summaries it already made. */
export interface AnalysisContext extends PartialContext {
  readonly summaries?: Summaries;
}

/**
 * The summary (condition, its text and keys) of a pattern of outcomes over the same key domains is
 * the same whichever request produced it: an analysis keeps the summaries it made. Per analysis,
 * never module-level; bounded.
 */
export class Summaries {
  private readonly ids = new WeakMap<KeyDomain, number>();
  private next = 0;
  private readonly memo = new Map<string, Pick<ConditionalDecision, 'condition' | 'text' | 'keys'>>();

  /** The key of a pattern: the domains' identities and each decided combination's outcome. */
  key(domains: readonly KeyDomain[], outcomes: ReadonlyMap<string, Decision>, truncated: boolean): string {
    let k = truncated ? 'T' : 'C';
    for (const d of domains) {
      let id = this.ids.get(d);
      if (id === undefined) this.ids.set(d, (id = this.next++));
      k += `${id},`;
    }
    for (const [id, d] of outcomes) k += `|${id}${d.decision === 'Allow' ? '+' : '-'}`;
    return k;
  }

  get(key: string): Pick<ConditionalDecision, 'condition' | 'text' | 'keys'> | undefined {
    return this.memo.get(key);
  }

  set(key: string, value: Pick<ConditionalDecision, 'condition' | 'text' | 'keys'>): void {
    if (this.memo.size >= 50_000) this.memo.clear();
    this.memo.set(key, value);
  }
}

/** One equivalence class of a key: a representative witness and the atoms it satisfies. */
interface Cls {
  readonly witness: Witness;
  readonly signature: string;
}

export interface KeyDomain {
  readonly key: string;
  readonly atoms: readonly Atom[];
  readonly classes: readonly Cls[];
}

/** Restrictions on keys the world does fix for a principal (e.g. no MFA device: MFA is absent). */
export type KeyDomains = Readonly<Record<string, readonly (ContextInputValue | undefined)[]>>;

const domainCache = new WeakMap<object, Map<string, KeyDomain>>();

/** The witness classes of one key (cached per world). */
export function keyDomain(
  ctx: PartialContext,
  keyLower: string,
  restrict: KeyDomains | undefined,
  request?: AuthorizationRequest,
): KeyDomain {
  const only = restrict?.[keyLower];
  let cache = domainCache.get(ctx.clauses);
  if (!cache) domainCache.set(ctx.clauses, (cache = new Map()));
  const all = ctx.clauses.get(keyLower) ?? [];
  const bears = ctx.bears;
  const clauses = request && bears ? all.filter((c) => bears(c, request)) : all;
  const subset = clauses.length === all.length ? '*' : clauses.map((c) => all.indexOf(c)).join(',');
  const cacheKey = `${keyLower}\u0000${subset}${only ? `\u0000${JSON.stringify(only)}` : ''}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const key = clauses[0]?.key ?? keyLower;
  const atoms: Atom[] = clauses.map((c) => ({ operator: c.operator, key: c.key, values: c.values }));
  atoms.push({ operator: 'Null', key, values: ['true'] });
  const witnesses: Witness[] = only
    ? only.map((value) => ({ value }))
    : withValueSets(ctx, atoms, witnessesFor(keyLower, clauses));
  const classes = equivalenceClasses(ctx, atoms, witnesses);
  const d = { key, atoms, classes };
  cache.set(cacheKey, d);
  return d;
}

/**
 * Decides `request` for every combination of the request-time keys that bear on it and summarizes
 * the outcomes. Keys the request's own `context` gives are concrete and never varied.
 */
export function decideConditional(
  ctx: PartialContext,
  request: AuthorizationRequest,
  restrict?: KeyDomains,
): ConditionalDecision {
  const cap = ctx.maxCombinations ?? 4096;
  const given: ReadonlySet<string> =
    request.context === undefined || request.context === null
      ? NONE
      : new Set(Object.keys(request.context).map((k) => k.toLowerCase()));
  const domains: KeyDomain[] = [];
  const outcomes = new Map<string, Decision>();
  const proofs = new Map<string, Proof>();
  let truncated = false;
  // Keys the engine derives for every request (time) are never reported missing: vary them whenever
  // the world's policies test them.
  for (const k of ALWAYS_PRESENT)
    if (!given.has(k) && ctx.clauses.has(k)) domains.push(keyDomain(ctx, k, restrict, request));
  // The engine reports the keys on its traced path; only the keys are read here, so the tracer
  // records them without statement references or an explanation (an authorizer that does not
  // take a tracer explains instead, and the keys are read from the explanation).
  // One tracer per call, not per module: an authorizer given by the caller may itself run another
  // analysis while it decides.
  const tracer = new Tracer('keys');
  const options: TracedOptions = { explain: true, allowOverrides: true, trace: tracer };
  let fresh = new Set<string>();
  const report = (k: string) => {
    if (!given.has(k) && ctx.unknown.has(k) && !domains.some((x) => x.key.toLowerCase() === k)) fresh.add(k);
  };
  /** Decides one combination (once per round) and reports the keys its decision names. */
  const decideAt = (idx: readonly number[]): void => {
    const id = idx.join(',');
    if (outcomes.has(id)) return;
    const context: Record<string, ContextInputValue> = { ...(request.context ?? {}) };
    domains.forEach((d, i) => {
      const v = d.classes[idx[i] as number]?.witness.value;
      if (v !== undefined) context[d.key] = v;
    });
    const req: AuthorizationRequest = { ...request, context };
    tracer.reset();
    const decision = ctx.authorizer.authorize(req, options);
    outcomes.set(id, decision);
    const kind = decision.decision === 'Allow' ? 'allow' : 'deny';
    if (!proofs.has(kind)) proofs.set(kind, { request: req, decision });
    const e = decision.explanation;
    if (e) {
      for (const k of e.missingContextKeys) report(k);
      for (const u of e.unmatched) if (u.condition) report(u.condition.key.toLowerCase());
    } else if (decision.decidedBy !== 'input') {
      // (A request that failed to decide, e.g. over the work budget, has no explanation: no keys.)
      for (const k of tracer.missing) report(k);
      for (const k of tracer.failed) report(k);
    }
  };
  for (;;) {
    fresh = new Set<string>();
    let count = 0;
    forEachIndex(
      domains.map((d) => d.classes.length),
      (idx) => {
        if (count >= cap) {
          truncated = true;
          return false;
        }
        count++;
        decideAt(idx);
        return true;
      },
    );
    if (fresh.size === 0) break;
    for (const k of [...fresh].sort()) domains.push(keyDomain(ctx, k, restrict, request));
    outcomes.clear();
    proofs.clear();
    truncated = false;
  }
  // The proofs keep their requests only: each is decided again, with its explanation, when first
  // read (a graph holds tens of thousands of hops; their explanations are rarely all shown).
  const kept = [...proofs.values()].map((p) => lazyProof(ctx.authorizer, p.request, p.decision.decision === 'Allow'));
  return summarize(ctx, domains, outcomes, kept, truncated);
}

const NONE: ReadonlySet<string> = new Set();

const ALLOWED = Symbol('allowed');

/** A proof whose decision is made by the engine when first read; whether it allows is known up front. */
function lazyProof(authorizer: Authorizer, request: AuthorizationRequest, allowed: boolean): Proof {
  let decision: Decision | undefined;
  const out = { request } as Proof & { [ALLOWED]: boolean };
  out[ALLOWED] = allowed;
  Object.defineProperty(out, 'decision', {
    enumerable: true,
    get: () => (decision ??= authorizer.authorize(request, { explain: true, allowOverrides: true })),
  });
  return out;
}

/** Whether a proof's request is allowed (without deciding it again when that is known). */
export function proofAllowed(p: Proof): boolean {
  const known = (p as { [ALLOWED]?: boolean })[ALLOWED];
  return known ?? p.decision.decision === 'Allow';
}

/** Calls `f` on every index tuple of the product (odometer order); stops when `f` returns false. */
function forEachIndex(sizes: readonly number[], f: (idx: readonly number[]) => boolean): void {
  const idx = sizes.map(() => 0);
  if (sizes.some((s) => s === 0)) return;
  for (;;) {
    if (!f(idx)) return;
    let i = sizes.length - 1;
    while (i >= 0) {
      idx[i] = (idx[i] as number) + 1;
      if ((idx[i] as number) < (sizes[i] as number)) break;
      idx[i] = 0;
      i--;
    }
    if (i < 0) return;
  }
}

function summarize(
  ctx: PartialContext,
  domains: KeyDomain[],
  outcomes: Map<string, Decision>,
  proofs: Proof[],
  truncated: boolean,
): ConditionalDecision {
  const allowed = new Set<string>();
  for (const [id, d] of outcomes) if (d.decision === 'Allow') allowed.add(id);
  const base = { combinations: outcomes.size, truncated, proofs };
  if (allowed.size === 0)
    return { ...base, verdict: 'Deny', condition: FALSE, text: 'false', keys: domains.map((d) => d.key) };
  if (allowed.size === outcomes.size && !truncated)
    return { ...base, verdict: 'Allow', condition: TRUE, text: 'true', keys: [] };
  const summaries = (ctx as AnalysisContext).summaries;
  const memoKey = summaries?.key(domains, outcomes, truncated);
  const known = memoKey === undefined ? undefined : summaries?.get(memoKey);
  if (known) return { ...base, verdict: 'Conditional', ...known };
  // Drop the keys whose class never changes the outcome.
  const sizes = domains.map((d) => d.classes.length);
  const matters = domains.map((_, k) => {
    let differs = false;
    forEachIndex(sizes, (idx) => {
      if (idx[k] !== 0) return true;
      const a = allowed.has(idx.join(','));
      for (let c = 1; c < (sizes[k] as number); c++) {
        const other = [...idx];
        other[k] = c;
        const id = other.join(',');
        if (outcomes.has(id) && allowed.has(id) !== a) {
          differs = true;
          return false;
        }
      }
      return true;
    });
    return differs;
  });
  const isAllowed = (idx: readonly number[]) => allowed.has(idx.join(','));
  const boxes = coverBoxes(sizes, matters, outcomes, isAllowed);
  const condition = or(
    ...boxes.map((box) =>
      and(
        ...box.map((set, k) =>
          matters[k] && set.length < (sizes[k] as number) ? literal(ctx, domains[k] as KeyDomain, set) : TRUE,
        ),
      ),
    ),
  );
  const summary = {
    condition,
    text: renderResidual(condition),
    keys: domains.filter((_, k) => matters[k]).map((d) => d.key),
  };
  if (memoKey !== undefined) summaries?.set(memoKey, summary);
  return { ...base, verdict: 'Conditional', ...summary };
}

/** A greedy cover of the allowed points by maximal boxes (products of per-key class sets). */
function coverBoxes(
  sizes: readonly number[],
  matters: readonly boolean[],
  outcomes: Map<string, Decision>,
  isAllowed: (idx: readonly number[]) => boolean,
): number[][][] {
  const boxes: number[][][] = [];
  const covered = new Set<string>();
  const inBox = (box: number[][]) => {
    let ok = true;
    forEachIndex(
      box.map((s) => s.length),
      (j) => {
        const idx = j.map((c, k) => (box[k] as number[])[c] as number);
        if (outcomes.has(idx.join(',')) && !isAllowed(idx)) ok = false;
        return ok;
      },
    );
    return ok;
  };
  for (const id of outcomes.keys()) {
    const point = id === '' ? [] : id.split(',').map(Number);
    if (!isAllowed(point) || covered.has(id)) continue;
    const box = point.map((c, k) => (matters[k] ? [c] : Array.from({ length: sizes[k] as number }, (_, i) => i)));
    for (let k = 0; k < sizes.length; k++) {
      if (!matters[k]) continue;
      for (let c = 0; c < (sizes[k] as number); c++) {
        const set = box[k] as number[];
        if (set.includes(c)) continue;
        set.push(c);
        if (!inBox(box)) set.pop();
      }
    }
    for (const s of box) s.sort((a, b) => a - b);
    forEachIndex(
      box.map((s) => s.length),
      (j) => {
        covered.add(j.map((c, k) => (box[k] as number[])[c]).join(','));
        return true;
      },
    );
    if (!boxes.some((b) => JSON.stringify(b) === JSON.stringify(box))) boxes.push(box);
  }
  return boxes;
}

/** A readable formula over one key's atoms true exactly on the classes `set`. */
function literal(ctx: PartialContext, d: KeyDomain, set: readonly number[]): Residual {
  const want = d.classes.map((_, i) => set.includes(i));
  const truth = (r: Residual) => d.classes.map((c) => ctx.oracle.evaluate(r, { [d.key]: c.witness.value }));
  const eq = (r: Residual) => truth(r).every((t, i) => t === want[i]);
  const lits: Residual[] = [];
  for (const atom of d.atoms) for (const negated of [false, true]) lits.push({ op: 'atom', atom, negated });
  for (const l of lits) if (eq(l)) return l;
  for (let i = 0; i < lits.length; i++) {
    for (let j = i + 1; j < lits.length; j++) {
      const c = and(lits[i] as Residual, lits[j] as Residual);
      if (eq(c)) return c;
      const o = or(lits[i] as Residual, lits[j] as Residual);
      if (eq(o)) return o;
    }
  }
  // Fallback: the disjunction of the classes' conjunctions of atom literals (exact on the witnesses).
  return or(
    ...set.map((ci) => {
      const sig = (d.classes[ci] as Cls).signature;
      return and(...d.atoms.map((atom, a) => ({ op: 'atom', atom, negated: sig[a] !== '1' }) as Residual));
    }),
  );
}

/**
 * A combination of witness values that satisfies `r`, or `undefined` when none does; `null` when the
 * product exceeded the cap before one was found (undecided).
 */
export function satisfyingAssignment(
  ctx: PartialContext,
  r: Residual,
  restrict?: KeyDomains,
): Record<string, ContextInputValue | undefined> | undefined | null {
  if (r.op === 'false') return undefined;
  // The residual's own atoms distinguish every class that matters to it.
  const byKey = new Map<string, Atom[]>();
  collectAtoms(r, byKey);
  const domains = [...byKey.entries()].map(([k, atoms]) => residualDomain(ctx, k, atoms, restrict));
  const cap = ctx.maxCombinations ?? 4096;
  let found: Record<string, ContextInputValue | undefined> | undefined | null;
  let count = 0;
  forEachIndex(
    domains.map((d) => d.classes.length),
    (idx) => {
      if (++count > cap) {
        found = null;
        return false;
      }
      const a: Record<string, ContextInputValue | undefined> = {};
      domains.forEach((d, i) => (a[d.key] = d.classes[idx[i] as number]?.witness.value));
      if (ctx.oracle.evaluate(r, a)) found = a;
      return found === undefined;
    },
  );
  return found;
}

/** `true` when some combination of witness values satisfies `r` (or the cap left it undecided). */
export function satisfiable(ctx: PartialContext, r: Residual, restrict?: KeyDomains): boolean {
  if (r.op === 'true') return true;
  return satisfyingAssignment(ctx, r, restrict) !== undefined;
}

function collectAtoms(r: Residual, out: Map<string, Atom[]>): void {
  if (r.op === 'atom') {
    const k = r.atom.key.toLowerCase();
    const list = out.get(k) ?? [];
    if (!list.some((a) => a === r.atom)) list.push(r.atom);
    out.set(k, list);
  } else if (r.op === 'and' || r.op === 'or') for (const x of r.of) collectAtoms(x, out);
}

/** A clause with the operator of an atom (for building witnesses). */
function atomClause(a: Atom): ConditionClause {
  const colon = a.operator.indexOf(':');
  const set = colon >= 0 ? (a.operator.slice(0, colon) as ConditionClause['set']) : undefined;
  let base = colon >= 0 ? a.operator.slice(colon + 1) : a.operator;
  const ifExists = base.endsWith('IfExists');
  if (ifExists) base = base.slice(0, -'IfExists'.length);
  return {
    operator: a.operator,
    base: base as ConditionClause['base'],
    set,
    ifExists,
    key: a.key,
    values: a.values,
    wasArray: true,
  };
}

/** Witness classes of a key for the given atoms only. */
function residualDomain(
  ctx: PartialContext,
  keyLower: string,
  atoms: readonly Atom[],
  restrict: KeyDomains | undefined,
): KeyDomain {
  const only = restrict?.[keyLower];
  const key = atoms[0]?.key ?? keyLower;
  const witnesses: Witness[] = only
    ? only.map((value) => ({ value }))
    : withValueSets(ctx, atoms, witnessesFor(keyLower, atoms.map(atomClause)));
  const classes = equivalenceClasses(ctx, atoms, witnesses);
  return { key, atoms, classes };
}

/** Up to this many kinds of single value, every set of them is a witness (2⁸ sets at most). */
const MAX_KINDS_FOR_ALL_SETS = 8;
/** Up to this many kinds, every pair of them is a witness; beyond, only `witnessesFor`'s lists. */
const MAX_KINDS_FOR_PAIRS = 32;

/**
 * A multivalued key's witnesses completed with sets of values. The engine decides a set value
 * value by value (some value for plain and `ForAnyValue` operators, every value for
 * `ForAllValues`, spec §3.6), so a set's truth on every atom follows from which kinds of single
 * value it holds, a kind being the atoms a one-value list satisfies. `witnessesFor` offers the
 * empty list, each single value, all literals together and one literal with an outsider; that
 * misses e.g. `["data", "other"]` (some value is `data`, not every value is allowed), where
 * `StringEquals [data]` holds and `ForAllValues:StringLike [data, web*]` fails. So: one value per
 * kind, and every set of kinds (every pair beyond eight kinds). Extra witnesses never change a
 * class the engine decided; they only find the classes the fixed lists missed.
 */
function withValueSets(ctx: PartialContext, atoms: readonly Atom[], witnesses: Witness[]): Witness[] {
  if (!witnesses.some((w) => Array.isArray(w.value))) return witnesses;
  const kinds: string[] = [];
  const seen = new Set<string>();
  for (const w of witnesses) {
    const v = w.value;
    if (!Array.isArray(v) || v.length !== 1) continue;
    const one = v[0] as string;
    const signature = atoms.map((a) => (ctx.oracle.holds(a, [one]) ? '1' : '0')).join('');
    if (seen.has(signature)) continue;
    seen.add(signature);
    kinds.push(one);
  }
  const n = kinds.length;
  if (n < 2 || n > MAX_KINDS_FOR_PAIRS) return witnesses;
  const out = [...witnesses];
  if (n <= MAX_KINDS_FOR_ALL_SETS) {
    for (let mask = 1; mask < 1 << n; mask++) {
      if ((mask & (mask - 1)) === 0) continue; // a single kind is already a witness
      out.push({ value: kinds.filter((_, i) => (mask & (1 << i)) !== 0) });
    }
  } else {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out.push({ value: [kinds[i], kinds[j]] as string[] });
  }
  return out;
}

/**
 * Witnesses that agree on every atom (as the engine decides them) are one class: the first witness
 * of each distinct signature stands for it.
 */
function equivalenceClasses(ctx: PartialContext, atoms: readonly Atom[], witnesses: readonly Witness[]): Cls[] {
  const classes: Cls[] = [];
  const seen = new Set<string>();
  for (const w of witnesses) {
    const signature = atoms.map((a) => (ctx.oracle.holds(a, w.value) ? '1' : '0')).join('');
    if (seen.has(signature)) continue;
    seen.add(signature);
    classes.push({ witness: w, signature });
  }
  return classes;
}
