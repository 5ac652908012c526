/**
 * Principals that the engine must answer alike, for one question (action, resource): who-can
 * decides one member of each group and gives every member the same answer (its proofs are the
 * member's own requests, decided when first read).
 *
 * A decision depends on the principal only through the statements that can apply to it. Of the
 * world's statements, only those whose `Action` and `Resource` match the question can apply (the
 * engine decides which, see `statements.ts`); of an identity or boundary statement that matches,
 * only its effect and condition matter. So two users or roles of the same account, kind, path and
 * settings, whose matching identity statements have the same effects and conditions (and likewise
 * their boundaries), are answered alike — unless a matching statement of any policy reads
 * something about the principal itself: its tags (then the tags join the group key), MFA (then
 * whether it has an MFA device), its ARN, name or id, a policy variable, or a `Principal` entry
 * naming it (then it is decided alone). The property test in `test/analysis/groups.test.ts`
 * checks grouped answers against deciding every principal.
 */
import type { ConditionClause } from '../policy/ast.js';
import type { PolicyRef, World } from '../model/world.js';
import { refDoc, type WorldFacts } from './facts.js';
import { DEPENDS_MFA, DEPENDS_PRINCIPAL, DEPENDS_TAGS, type StatementFact, type StatementIndex } from './statements.js';
import { identityRefs } from './world-view.js';

/** The documents that apply to principals by where they are attached, not by whom (SCPs, RCPs, resource, trust and session policies). */
export function globalDocuments(world: World, facts: WorldFacts): ReadonlySet<number> {
  const out = new Set<number>();
  const add = (r: PolicyRef | unknown) => {
    const doc = typeof r === 'string' ? refDoc(r, world) : typeof r === 'object' && r !== null && 'document' in r && typeof (r as { name?: unknown }).name === 'string' ? (r as { document: unknown }).document : r;
    const i = facts.documentIndex.get(doc);
    if (i !== undefined) out.add(i);
  };
  for (const list of Object.values(world.organization?.scps ?? {})) for (const r of list) add(r);
  for (const list of Object.values(world.organization?.rcps ?? {})) for (const r of list) add(r);
  for (const s of Object.values(world.sessions)) for (const r of s.sessionPolicies ?? []) add(r);
  for (const rp of Object.values(world.resourcePolicies)) add(rp.policy);
  for (const r of Object.values(world.resources)) if (r.policy) add(r.policy);
  for (const r of Object.values(world.roles)) add(r.trustPolicy);
  for (const e of Object.values((world as { vpcEndpoints?: Record<string, { policy?: unknown }> }).vpcEndpoints ?? {})) if (e?.policy) add(e.policy);
  facts.documents.forEach((d, i) => {
    if (d.type !== 'identity' && d.type !== 'boundary') out.add(i);
  });
  return out;
}

/** One question's view of the world's statements. */
export class QuestionScope {
  /** Matching statements of each document. */
  private readonly byDoc = new Map<number, StatementFact[]>();
  /** Matching statements of the global documents (and their flags and names). */
  readonly global: StatementFact[] = [];
  private readonly globalDepends: number;
  private readonly globalNames: readonly string[];
  /** Every matching statement's clauses (enough for any principal). */
  readonly allClauses: readonly ConditionClause[];

  constructor(
    private readonly world: World,
    private readonly facts: WorldFacts,
    index: StatementIndex,
    global: ReadonlySet<number>,
    readonly action: string,
    readonly resource: string,
  ) {
    const all = new Set<ConditionClause>();
    let depends = 0;
    const names: string[] = [];
    for (const id of index.matching(action, resource)) {
      const st = index.statements[id] as StatementFact;
      for (const c of st.clauses) all.add(c);
      let list = this.byDoc.get(st.doc);
      if (!list) this.byDoc.set(st.doc, (list = []));
      list.push(st);
      if (global.has(st.doc)) {
        this.global.push(st);
        depends |= st.depends;
        names.push(...st.names);
      }
    }
    this.globalDepends = depends;
    this.globalNames = names.map((n) => n.toLowerCase());
    this.allClauses = [...all];
  }

  /**
   * The group of a user or role for this question, and the clauses over request-time keys that can
   * bear on its requests; `undefined` when it must be decided alone.
   */
  group(principal: string, kind: 'user' | 'role'): { key: string; clauses: ConditionClause[] } | undefined {
    const w = this.world;
    const record = kind === 'user' ? w.users[principal] : w.roles[principal];
    if (!record || principal === this.resource) return undefined;
    const refs = identityRefs(w, principal) ?? [];
    let depends = this.globalDepends;
    const clauses = new Set<ConditionClause>();
    for (const st of this.global) for (const c of st.clauses) clauses.add(c);
    const contents = (list: readonly PolicyRef[]): string[] | undefined => {
      const out = new Set<string>();
      for (const r of list) {
        const doc = this.facts.documentIndex.get(refDoc(r, w));
        // A policy the analysis cannot read: decide alone.
        if (doc === undefined || !this.facts.documents[doc]?.policy) return undefined;
        for (const st of this.byDoc.get(doc) ?? []) {
          out.add(st.content);
          depends |= st.depends;
          for (const c of st.clauses) clauses.add(c);
        }
      }
      return [...out].sort();
    };
    const identity = contents(refs);
    const boundary = record.permissionsBoundary === undefined ? ['none'] : contents([record.permissionsBoundary]);
    if (!identity || !boundary || depends & DEPENDS_PRINCIPAL) return undefined;
    const lower = principal.toLowerCase();
    if (this.globalNames.includes(lower)) return undefined;
    const parts: unknown[] = [kind, principal.split(':')[4], principal.slice(principal.indexOf('/')), identity, boundary];
    // Settings of the record that are not policies (the path, a service-linked role, …).
    if (kind === 'user') {
      const u = w.users[principal];
      parts.push(u?.path ?? null);
      if (depends & DEPENDS_MFA) parts.push((u?.mfaDevices.length ?? 0) > 0);
    } else {
      const r = w.roles[principal];
      parts.push(r?.path ?? null, r?.serviceLinked ?? null, r?.maxSessionDuration ?? null);
    }
    if (depends & DEPENDS_TAGS) parts.push(Object.entries(record.tags ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    // The name (after the path) is not part of the key: drop it from the ARN tail.
    parts[2] = (parts[2] as string).slice(0, (parts[2] as string).lastIndexOf('/') + 1);
    return { key: JSON.stringify(parts), clauses: [...clauses] };
  }
}
