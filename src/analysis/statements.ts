/**
 * The world's statements as probes, for pruning and grouping (never for a decision). Each statement
 * is reduced to its `Action` and `Resource` elements, and the engine decides, on one policy set made
 * of these reductions, which statements' elements match a request: one evaluation, recording only
 * the statements that applied (a `matched` trace), answers "which statements can bear on (action,
 * resource)?" for the whole world. A second set, reduced to
 * the `Action` element alone, answers "which policies name this action?".
 *
 * For grouping principals (see `groups.ts`), each statement also records what in it could make a
 * decision depend on the principal beyond its account and kind: principal tags, MFA, or anything
 * else principal-specific (its ARN, name, id, a policy variable, a non-wildcard `Principal` entry).
 */
import { compilePolicySet, type PolicySet, type TracedRequest } from '../evaluate/evaluate.js';
import { Tracer } from '../evaluate/decide.js';
import type { ConditionClause, Statement } from '../policy/ast.js';
import type { PolicyType } from '../policy/ast.js';
import type { WorldFacts } from './facts.js';
import type { UnknownKeys } from './keys.js';
import { RUNNING_CONTEXT_KEYS } from './techniques.js';

/** The decision may depend on the principal's tags. */
export const DEPENDS_TAGS = 1;
/** The decision may depend on whether the principal (a user) has an MFA device. */
export const DEPENDS_MFA = 2;
/** The decision may depend on anything else about the principal (decide it alone). */
export const DEPENDS_PRINCIPAL = 4;

/** One statement of the world. */
export interface StatementFact {
  readonly id: number;
  /** Index of its document in `WorldFacts.documents`. */
  readonly doc: number;
  readonly type: PolicyType;
  readonly effect: 'Allow' | 'Deny';
  /** Its clauses over request-time keys (the canonical clauses of `WorldFacts.clauses`). */
  readonly clauses: readonly ConditionClause[];
  /**
   * The effect and condition as text: two statements with the same content whose action and
   * resource match a request act alike on it, for any principal (identity-style statements).
   */
  readonly content: string;
  /** `DEPENDS_*` flags. */
  readonly depends: number;
  /**
   * What the decision of a request this statement matches may read of the request's resource
   * beyond its ARN matching the `Resource` element: `TARGET_TAGS` (its tags), `TARGET_ANY`
   * (anything else: a policy variable, a resource key other than its tags and account), or 0.
   */
  readonly target: number;
  /** Exact principal ARNs its `Principal` element names (resource-based statements). */
  readonly names: readonly string[];
  /** Its `Principal` element is `*` or names AWS principal `*`. */
  readonly anyone: boolean;
  /** Its `Resource` values (`undefined` for `NotResource` or none). */
  readonly resources: readonly string[] | undefined;
  /** The lower-cased service prefixes its `Action` names (`undefined`: any service: `NotAction` or a wildcard prefix). */
  readonly services: readonly string[] | undefined;
}

/** Keys whose value is the same for every user or role of one account and kind. */
const ACCOUNT_KEYS = new Set([
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principaltype',
  'aws:principalisawsservice',
  'aws:resourceaccount',
  'aws:resourceorgid',
  'aws:resourceorgpaths',
]);

const PROBE_PRINCIPAL = 'arn:aws:iam::000000000000:user/iam-verdict-probe';
/** Above this many characters a reduced statement is not probed: it is taken to match everything. */
const MAX_PROBE = 5000;
/** Most characters of one policy of reduced statements (under the identity policy quota). */
const PACK = 5500;

/**
 * What a condition on `keyLower` makes a decision depend on: the principal's tags, its MFA, nothing
 * beyond its account and kind (account and organization keys, resource tags, request-time keys,
 * service keys other than a running resource's), or the principal itself.
 */
export function dependsOfKey(keyLower: string, unknown: UnknownKeys): number {
  if (keyLower.startsWith('aws:principaltag/')) return DEPENDS_TAGS;
  if (keyLower === 'aws:multifactorauthpresent' || keyLower === 'aws:multifactorauthage') return DEPENDS_MFA;
  if (unknown.has(keyLower) || ACCOUNT_KEYS.has(keyLower) || keyLower.startsWith('aws:resourcetag/')) return 0;
  // Service keys describe the request and its resource, except those a session carries.
  if (!keyLower.startsWith('aws:') && !(keyLower in RUNNING_CONTEXT_KEYS)) return 0;
  return DEPENDS_PRINCIPAL;
}

const ACCOUNT_PRINCIPAL = /^(\d{12}|arn:[\w-]+:iam::\d{12}:root)$/;
const EXACT_IDENTITY = /^arn:[\w-]+:iam::\d{12}:(user|role)\/[^*?]+$/;

/** What a statement's principal, resource and condition elements make the decision depend on. */
function dependsOf(st: Statement, unknown: UnknownKeys): { depends: number; names: string[]; anyone: boolean } {
  let depends = 0;
  let anyone = st.principal?.wildcard === true;
  const names: string[] = [];
  for (const v of st.resource?.values ?? []) if (v.includes('${')) depends |= DEPENDS_PRINCIPAL;
  for (const c of st.conditions) {
    depends |= dependsOfKey(c.key.toLowerCase(), unknown);
    if (c.values.some((v) => v.includes('${'))) depends |= DEPENDS_PRINCIPAL;
  }
  const p = st.principal;
  if (p) {
    if (p.not) depends |= DEPENDS_PRINCIPAL;
    for (const e of p.entries) {
      if (e.type === 'Service' || e.type === 'Federated') continue;
      if (e.type !== 'AWS') depends |= DEPENDS_PRINCIPAL;
      else
        for (const v of e.values) {
          if (v === '*') anyone = true;
          if (v === '*' || ACCOUNT_PRINCIPAL.test(v)) continue;
          if (EXACT_IDENTITY.test(v)) names.push(v);
          else depends |= DEPENDS_PRINCIPAL;
        }
    }
  }
  return { depends, names, anyone };
}

function element(
  name: 'Action' | 'Resource',
  e: { not: boolean; values: readonly string[] },
): Record<string, string[]> {
  return { [e.not ? `Not${name}` : name]: [...e.values] };
}

/** A statement's {@link StatementFact.content}: its effect and conditions as text. */
export function statementContent(st: Pick<Statement, 'effect' | 'conditions'>): string {
  return `${st.effect}\u0000${JSON.stringify(st.conditions.map((c) => [c.operator, c.key.toLowerCase(), c.values]))}`;
}

/** A statement may read the resource's tags (`aws:ResourceTag/*`). */
export const TARGET_TAGS = 1;
/** A statement may read something else about the resource (never answered alike for two resources). */
export const TARGET_ANY = 2;

/** What a statement may read of a request's resource (see {@link StatementFact.target}). */
function targetOf(st: Statement): number {
  let target = 0;
  for (const v of st.resource?.values ?? []) if (v.includes('${')) target |= TARGET_ANY;
  for (const c of st.conditions) {
    const k = c.key.toLowerCase();
    if (c.values.some((v) => v.includes('${')) || k.includes('${')) target |= TARGET_ANY;
    if (k.startsWith('aws:resourcetag/')) target |= TARGET_TAGS;
    else if (k.includes('resource') && !ACCOUNT_KEYS.has(k)) target |= TARGET_ANY;
  }
  return target;
}

/** The statements of a world, with the probes that tell which of them match a request. */
export class StatementIndex {
  readonly statements: StatementFact[] = [];
  /** Statement ids per document. */
  readonly byDocument: number[][];
  /** Documents the analysis could not parse (their statements are unknown). */
  readonly unread: number[] = [];
  private scopeProbe: Probe | undefined;
  private actionProbe: Probe | undefined;
  private readonly matchCache = new Map<string, readonly number[]>();
  /** Answers of {@link matching} that hold a statement taken to match without being probed. */
  private readonly approximate = new WeakSet<readonly number[]>();
  private readonly namerCache = new Map<string, ReadonlySet<number>>();
  private readonly namerAsked = new Map<string, ReadonlySet<number>>();
  private readonly namingCache = new Map<string, readonly number[]>();
  private readonly starCache = new Map<string, readonly number[]>();
  private readonly starTargets = new Map<string, number>();
  private readonly partCache = new Map<string, Map<string, readonly number[]>>();
  private partCount = 0;
  private readonly actionCache = new Map<string, { readonly star: readonly number[]; readonly key: string }>();
  /** Per answer of {@link matchingParts}' `part`: its ids as text and the union of their `target` flags. */
  private readonly partInfo = new WeakMap<readonly number[], { readonly key: string; readonly target: number }>();
  /** Per answer of {@link naming}, the key it shares with the actions the same statements name (see {@link matchingParts}). */
  private readonly namingKeys = new WeakMap<readonly number[], string>();
  private readonly namingIds = new Map<string, number>();
  private namingCount = 0;
  /** The statements whose reduced `Resource` is `*` (left out of the scope probe). */
  private starIds: Set<number> | undefined;

  constructor(
    private readonly facts: WorldFacts,
    unknown: UnknownKeys,
  ) {
    this.byDocument = facts.documents.map(() => []);
    facts.documents.forEach((d, doc) => {
      if (!d.policy) this.unread.push(doc);
      for (const st of d.policy?.statements ?? []) {
        const clauses: ConditionClause[] = [];
        for (const c of st.conditions) {
          const canon = facts.canonical.get(c);
          if (canon && !clauses.includes(canon)) clauses.push(canon);
        }
        const { depends, names, anyone } = dependsOf(st, unknown);
        const content = statementContent(st);
        const id = this.statements.length;
        const resources = st.resource && !st.resource.not ? st.resource.values : undefined;
        const prefixes = st.action.values.map((a) =>
          a === '*' ? '*' : a.slice(0, Math.max(0, a.indexOf(':'))).toLowerCase(),
        );
        const services =
          st.action.not || prefixes.some((x) => x === '' || /[*?]/.test(x)) ? undefined : [...new Set(prefixes)];
        this.statements.push({
          id,
          doc,
          type: d.type,
          effect: st.effect,
          clauses,
          content,
          depends,
          target: targetOf(st),
          names,
          anyone,
          resources,
          services,
        });
        (this.byDocument[doc] as number[]).push(id);
      }
    });
  }

  /** The type a document is parsed as. */
  documentType(doc: number): PolicyType {
    return (this.facts.documents[doc] as { type: PolicyType }).type;
  }

  /** Ids of the statements whose `Action` and `Resource` elements match the request (decided by the engine; cached). */
  matching(action: string, resource: string): readonly number[] {
    const id = `${action.toLowerCase()}\u0000${resource}`;
    const hit = this.matchCache.get(id);
    if (hit) return hit;
    const { star, part } = this.matchingParts(action, resource);
    const out = star.length === 0 ? part : mergeSorted(star, part);
    if (this.approximate.has(part) || this.approximate.has(star)) this.approximate.add(out);
    if (this.matchCache.size >= 4096) this.matchCache.clear();
    this.matchCache.set(id, out);
    return out;
  }

  /**
   * {@link matching} in two parts: `star`, the statements whose reduced `Resource` is `*` (they
   * match (action, resource) as they match (action, *): the action probe answers, once per action),
   * and `part`, the others (the scope probe holds only these, so that its explanation lists a few
   * statements instead of most of the world). Cached per question (small lists).
   */
  matchingParts(
    action: string,
    resource: string,
  ): { readonly star: readonly number[]; readonly part: readonly number[] } {
    // The scope probe first: it tells which statements' reduced `Resource` is `*`.
    this.scopeProbe ??= this.buildProbe(true);
    const facts = this.actionFacts(action);
    // By the naming key, then the resource: no text is built per question asked again.
    let byResource = this.partCache.get(facts.key);
    let part = byResource?.get(resource);
    if (!part) {
      part = this.scopeProbe.match(action, resource);
      if (this.scopeProbe.approximate(part)) this.approximate.add(part);
      if (this.partCount >= 100_000) {
        this.partCache.clear();
        this.partCount = 0;
        byResource = undefined;
      }
      if (!byResource) this.partCache.set(facts.key, (byResource = new Map()));
      byResource.set(resource, part);
      this.partCount++;
    }
    return { star: facts.star, part };
  }

  /** An action's `*` statements and naming key, per action as asked (cached: the graph asks a few actions many times). */
  private actionFacts(action: string): { readonly star: readonly number[]; readonly key: string } {
    let facts = this.actionCache.get(action);
    if (!facts) {
      facts = { star: this.starNaming(action), key: this.namingKey(action) };
      if (this.actionCache.size >= 32_768) this.actionCache.clear();
      this.actionCache.set(action, facts);
    }
    return facts;
  }

  /**
   * The key of {@link matchingParts}'s cache for `action`: a statement's `Action` and `Resource`
   * elements are tested apart (spec §2.2), so two actions that the same statements' reduced
   * `Action` elements match (the same answer of {@link naming}, probed as written) have the same
   * matching statements on every resource; one probe answers both. Otherwise the action itself.
   */
  private namingKey(action: string): string {
    const named = this.naming(action);
    let key = this.namingKeys.get(named);
    if (key === undefined) {
      if (named.length === 0 || this.actionProbe?.approximate(named) !== false) key = action.toLowerCase();
      else {
        const text = named.join(',');
        let n = this.namingIds.get(text);
        if (n === undefined) {
          if (this.namingIds.size >= 32_768) this.namingIds.clear();
          // Never reused: a key given out before a clear stays this text's.
          this.namingIds.set(text, (n = this.namingCount++));
        }
        key = `#${n}`;
      }
      this.namingKeys.set(named, key);
    }
    return key;
  }

  /**
   * The part of a question's key that tells apart resources the statements treat apart (see
   * `targetGroup` in `analysis.ts`): the non-`*` matching statements; `undefined` when a matching
   * statement was not probed as written or may read the resource beyond its ARN, tags and account.
   * `tags`: whether a matching statement reads the resource's tags.
   */
  targetSignature(action: string, resource: string): { readonly key: string; readonly tags: boolean } | undefined {
    const { star, part } = this.matchingParts(action, resource);
    if (this.approximate.has(part)) return undefined;
    const starTarget = this.starTarget(action, star);
    if (starTarget < 0 || (starTarget & TARGET_ANY) !== 0) return undefined;
    let info = this.partInfo.get(part);
    if (!info) {
      let t = 0;
      for (const s of part) t |= (this.statements[s] as StatementFact).target;
      this.partInfo.set(part, (info = { key: part.join(','), target: t }));
    }
    const target = starTarget | info.target;
    if ((target & TARGET_ANY) !== 0) return undefined;
    return { key: info.key, tags: (target & TARGET_TAGS) !== 0 };
  }

  /** The union of the `target` flags of an action's `*` statements; -1 when not probed as written. */
  private starTarget(action: string, star: readonly number[]): number {
    const id = action.toLowerCase();
    let t = this.starTargets.get(id);
    if (t === undefined) {
      t = this.approximate.has(star) ? -1 : 0;
      if (t === 0) for (const s of star) t |= (this.statements[s] as StatementFact).target;
      if (this.starTargets.size >= 32_768) this.starTargets.clear();
      this.starTargets.set(id, t);
    }
    return t;
  }

  /** Documents with an Allow statement whose `Action`/`NotAction` names `action` (decided by the engine; cached). */
  namers(action: string): ReadonlySet<number> {
    // By the action as asked first (the hops ask the technique table's few actions many times).
    const asked = this.namerAsked.get(action);
    if (asked) return asked;
    const id = action.toLowerCase();
    const hit = this.namerCache.get(id);
    if (hit) {
      if (this.namerAsked.size >= 32_768) this.namerAsked.clear();
      this.namerAsked.set(action, hit);
      return hit;
    }
    const out = new Set<number>();
    for (const s of this.naming(action)) {
      const st = this.statements[s] as StatementFact;
      if (st.effect === 'Allow') out.add(st.doc);
    }
    if (this.namerCache.size >= 32_768) this.namerCache.clear();
    this.namerCache.set(id, out);
    return out;
  }

  /** Of {@link naming}, the statements whose reduced `Resource` is `*` (cached per action). */
  private starNaming(action: string): readonly number[] {
    const id = action.toLowerCase();
    const hit = this.starCache.get(id);
    if (hit) return hit;
    const named = this.naming(action);
    const star = this.starIds as ReadonlySet<number>;
    const out = named.filter((s) => star.has(s));
    if (this.actionProbe?.approximate(named) !== false) this.approximate.add(out);
    if (this.starCache.size >= 32_768) this.starCache.clear();
    this.starCache.set(id, out);
    return out;
  }

  /** Ids of the statements whose `Action`/`NotAction` names `action` (decided by the engine; cached). */
  naming(action: string): readonly number[] {
    const id = action.toLowerCase();
    const hit = this.namingCache.get(id);
    if (hit) return hit;
    this.actionProbe ??= this.buildProbe(false);
    const out = this.actionProbe.match(action, '*');
    if (this.namingCache.size >= 32_768) this.namingCache.clear();
    this.namingCache.set(id, out);
    return out;
  }

  private buildProbe(withResource: boolean): Probe {
    const texts = new Map<string, number[]>();
    const always: number[] = [];
    const star = new Set<number>();
    this.facts.documents.forEach((d, doc) => {
      (d.policy?.statements ?? []).forEach((st, i) => {
        const sid = (this.byDocument[doc] as number[])[i] as number;
        const resource =
          withResource && st.resource && !st.resource.values.some((v) => v.includes('${'))
            ? element('Resource', st.resource)
            : { Resource: ['*'] };
        if (withResource && !resource.NotResource && resource.Resource?.length === 1 && resource.Resource[0] === '*')
          return void star.add(sid);
        const text = JSON.stringify({ Effect: 'Allow', ...element('Action', st.action), ...resource });
        if (text.length > MAX_PROBE) return void always.push(sid);
        let list = texts.get(text);
        if (!list) texts.set(text, (list = []));
        list.push(sid);
      });
    });
    // Reduced statements packed into policies of at most PACK characters (fewer policies to read).
    const packed: { texts: string[]; groups: number[][] }[] = [];
    let size = Infinity;
    for (const [text, ids] of texts) {
      if (size + text.length > PACK) {
        packed.push({ texts: [], groups: [] });
        size = 0;
      }
      const last = packed[packed.length - 1] as { texts: string[]; groups: number[][] };
      last.texts.push(text);
      last.groups.push(ids);
      size += text.length + 1;
    }
    const compile = () =>
      compilePolicySet(
        {
          identity: packed.map((p, i) => ({
            id: `p${i}`,
            document: `{"Version":"2012-10-17","Statement":[${p.texts.join(',')}]}`,
          })),
        },
        // The world's own patterns, once per question: the per-decision budget is for one request.
        { limits: { maxMatchSteps: 1e9 } },
      );
    let set = compile();
    if (!set.ok) {
      // A policy of reduced statements the parser refuses matches everything; the others are probed.
      const bad = new Set(set.errors.flatMap((e) => /^identity\[(\d+)\]/.exec(e.path)?.[1] ?? []).map(Number));
      for (const i of bad) for (const g of packed[i]?.groups ?? []) always.push(...g);
      packed.splice(0, packed.length, ...packed.filter((_, i) => !bad.has(i)));
      set = compile();
    }
    const groups = packed.map((p) => p.groups);
    if (withResource) this.starIds = star;
    return new Probe(set.ok ? set : undefined, groups, always, this.statements.length);
  }
}

/** The union of two ascending id lists, ascending. */
function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x < y)) {
      out.push(x as number);
      i++;
    } else if (x === undefined || y < x) {
      out.push(y);
      j++;
    } else {
      out.push(x);
      i++;
      j++;
    }
  }
  return out;
}

/** One reduced policy set and, per reduced statement, the statements it stands for. */
class Probe {
  /** Records the applied statements of each probe decision (reused: one decision at a time). */
  private readonly tracer = new Tracer('matched');

  constructor(
    private readonly set: PolicySet | undefined,
    /** Per policy of the set, per statement: the world's statements it stands for. */
    private readonly groups: readonly (readonly (readonly number[])[])[],
    private readonly always: readonly number[],
    private readonly total: number,
  ) {}

  /** Whether an answer of {@link match} holds statements taken to match without being probed. */
  approximate(answer: readonly number[]): boolean {
    return !this.set || this.always.length > 0 || answer.length === this.total;
  }

  match(action: string, resource: string): readonly number[] {
    // A probe that did not compile prunes nothing.
    if (!this.set) return Array.from({ length: this.total }, (_, i) => i);
    // Only the statements that applied are read: the engine records those alone (see `TraceDetail`).
    const request: TracedRequest = {
      principal: PROBE_PRINCIPAL,
      action,
      resource,
      resourceAccount: '000000000000',
      trace: this.tracer,
    };
    const d = this.set.evaluate(request);
    // A request the engine could not decide (no explanation, no trace) prunes nothing.
    if (d.decidedBy === 'input') return Array.from({ length: this.total }, (_, i) => i);
    const out = [...this.always];
    for (const m of this.tracer.matched) {
      const g = this.groups[Number(m.policyId.slice(1))]?.[m.statementIndex];
      if (g) out.push(...g);
    }
    return out.sort((a, b) => a - b);
  }
}
