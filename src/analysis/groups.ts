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
import type { ConditionClause, PolicyType } from '../policy/ast.js';
import type { ContextValue } from '../condition/context.js';
import type { PolicyRef, World } from '../model/world.js';
import { refDoc, type WorldFacts } from './facts.js';
import {
  DEPENDS_MFA,
  DEPENDS_PRINCIPAL,
  DEPENDS_TAGS,
  dependsOfKey,
  statementContent,
  type StatementFact,
  type StatementIndex,
} from './statements.js';
import { identityRefs } from './world-view.js';
import { SERVICE_RULES } from '../evaluate/service-rules.js';
import type { UnknownKeys } from './keys.js';
import { atomId, type Atom } from './residual.js';

/**
 * Keys the world fixes per principal whose value the engine's resolved principal carries (spec
 * §5.8): a statement that reads the principal only through a clause on one of them is answered
 * alike for principals on which each such clause has the same truth.
 */
const PRINCIPAL_FIXED = new Set(['aws:principalarn', 'aws:username', 'aws:userid']);

/**
 * How grouping reads a principal's fixed keys: its value of a key as the engine resolves it
 * (`undefined`: absent; `null`: the principal cannot be resolved), and the truth of a clause (an
 * atom) on a value, decided by the engine.
 */
export interface PrincipalKeys {
  readonly unknown: UnknownKeys;
  value(principal: string, keyLower: string): ContextValue | undefined | null;
  holds(atom: Atom, value: ContextValue): boolean;
}

/** The documents that apply to principals by where they are attached, not by whom (SCPs, RCPs, resource, trust and session policies). */
export function globalDocuments(world: World, facts: WorldFacts): ReadonlySet<number> {
  const out = new Set<number>();
  const add = (r: PolicyRef | unknown) => {
    const doc =
      typeof r === 'string'
        ? refDoc(r, world)
        : typeof r === 'object' && r !== null && 'document' in r && typeof (r as { name?: unknown }).name === 'string'
          ? (r as { document: unknown }).document
          : r;
    const i = facts.documentIndex.get(doc);
    if (i !== undefined) out.add(i);
  };
  for (const list of Object.values(world.organization?.scps ?? {})) for (const r of list) add(r);
  for (const list of Object.values(world.organization?.rcps ?? {})) for (const r of list) add(r);
  for (const s of Object.values(world.sessions)) for (const r of s.sessionPolicies ?? []) add(r);
  for (const rp of Object.values(world.resourcePolicies)) add(rp.policy);
  for (const r of Object.values(world.resources)) if (r.policy) add(r.policy);
  for (const r of Object.values(world.roles)) add(r.trustPolicy);
  for (const e of Object.values((world as { vpcEndpoints?: Record<string, { policy?: unknown }> }).vpcEndpoints ?? {}))
    if (e?.policy) add(e.policy);
  facts.documents.forEach((d, i) => {
    if (d.type !== 'identity' && d.type !== 'boundary') out.add(i);
  });
  return out;
}

/** What grouping reads of one user or role, once per analysis. */
interface Member {
  /** Its identity policies' documents; `null` when one cannot be read. */
  readonly docs: readonly number[] | null;
  /** Its boundary's document; `undefined`: none; `null`: unreadable. */
  readonly boundary: number | null | undefined;
  /** Kind, account, path and settings that are not policies (a service-linked role, …). */
  readonly base: string;
  readonly tags: string;
  readonly mfa: string;
}

/** The members' facts, read once per analysis. */
export class Members {
  private readonly cache = new Map<string, Member>();
  private holderIndex: { byDoc: Map<number, string[]>; unreadable: Set<string> } | undefined;
  private readonly fixedAtoms = new Map<number, readonly Atom[] | null>();
  private readonly truths = new Map<Atom, Map<string, string>>();
  private readonly atomIds = new Map<Atom, string>();
  private readonly contentIds = new Map<string, number>();
  /** The admin policy's summary (see {@link ADMIN_CONTENT}). */
  readonly adminSummary: DocSummary;
  constructor(
    private readonly world: World,
    private readonly facts: WorldFacts,
    private readonly keys?: PrincipalKeys,
  ) {
    this.adminSummary = { contents: [this.contentId(ADMIN_CONTENT)], depends: 0, clauses: [], allows: true, fixed: [] };
  }

  /**
   * A small number standing for a statement content (the same for the same text, per analysis):
   * group keys hold these instead of the texts.
   */
  contentId(content: string): number {
    let id = this.contentIds.get(content);
    if (id === undefined) this.contentIds.set(content, (id = this.contentIds.size));
    return id;
  }

  /**
   * The clauses on {@link PRINCIPAL_FIXED} keys of a statement whose decision depends on the
   * principal (`DEPENDS_PRINCIPAL`), when they are all it reads of the principal beyond its
   * account, kind, tags and MFA; `null` otherwise (a `Principal` element, a policy variable, a
   * clause on another key that may describe the principal): such a statement is decided alone.
   * Cached per statement.
   */
  principalAtoms(index: StatementIndex, st: StatementFact): readonly Atom[] | null {
    let atoms = this.fixedAtoms.get(st.id);
    if (atoms !== undefined) return atoms;
    atoms = null;
    const keys = this.keys;
    const raw =
      keys && this.facts.documents[st.doc]?.policy?.statements[(index.byDocument[st.doc] ?? []).indexOf(st.id)];
    if (keys && raw && raw.principal === undefined && !(raw.resource?.values ?? []).some((v) => v.includes('${'))) {
      const found: Atom[] = [];
      let plain = true;
      for (const c of raw.conditions) {
        const k = c.key.toLowerCase();
        if (k.includes('${') || c.values.some((v) => v.includes('${'))) plain = false;
        else if (PRINCIPAL_FIXED.has(k)) found.push({ operator: c.operator, key: c.key, values: c.values });
        // Any other key must tell nothing of the principal beyond its account, kind, tags and MFA.
        else if (dependsOfKey(k, keys.unknown) === DEPENDS_PRINCIPAL) plain = false;
        if (!plain) break;
      }
      if (plain && found.length > 0) atoms = found;
    }
    this.fixedAtoms.set(st.id, atoms);
    return atoms;
  }

  /**
   * The truth of each clause of `atoms` for a principal (`1`, `0`, or `a` when it has no value
   * for the key), each with the clause's text, sorted: equal for two principals exactly when each
   * clause (by its text) has the same truth for both. `undefined` when the principal cannot be resolved.
   */
  fixedTruth(principal: string, atoms: readonly Atom[]): string | undefined {
    const keys = this.keys as PrincipalKeys;
    const out: string[] = [];
    for (const atom of atoms) {
      // Per clause and principal, once per analysis.
      let byPrincipal = this.truths.get(atom);
      if (!byPrincipal) this.truths.set(atom, (byPrincipal = new Map()));
      let t = byPrincipal.get(principal);
      if (t === undefined) {
        const v = keys.value(principal, atom.key.toLowerCase());
        if (v === null) return undefined;
        let id = this.atomIds.get(atom);
        if (id === undefined) this.atomIds.set(atom, (id = atomId(atom)));
        t = `${id}\u0003${v === undefined ? 'a' : keys.holds(atom, v) ? '1' : '0'}`;
        byPrincipal.set(principal, t);
      }
      out.push(t);
    }
    return out.length === 1 ? out[0] : [...new Set(out)].sort().join('\u0004');
  }

  /**
   * Per identity document, the users and roles it applies to (directly or through a group); and
   * the users and roles with an identity policy the analysis cannot read. Built once per analysis.
   */
  holders(): { readonly byDoc: ReadonlyMap<number, readonly string[]>; readonly unreadable: ReadonlySet<string> } {
    if (!this.holderIndex) {
      const byDoc = new Map<number, string[]>();
      const unreadable = new Set<string>();
      const add = (principal: string, kind: 'user' | 'role') => {
        const m = this.get(principal, kind);
        if (!m?.docs) return void unreadable.add(principal);
        for (const d of m.docs) {
          let list = byDoc.get(d);
          if (!list) byDoc.set(d, (list = []));
          list.push(principal);
        }
      };
      for (const u of Object.keys(this.world.users)) add(u, 'user');
      for (const r of Object.keys(this.world.roles)) add(r, 'role');
      this.holderIndex = { byDoc, unreadable };
    }
    return this.holderIndex;
  }

  /**
   * A member's policies after the customer managed policy `policy` gets a new default version
   * that allows every action on every resource, unconditionally: wherever it is attached (directly,
   * through a group, as the boundary) it is that admin policy. `undefined` when a policy cannot be
   * read or the member is unknown.
   */
  swapped(principal: string, kind: 'user' | 'role', policy: string): Swapped | undefined {
    const w = this.world;
    const record = kind === 'user' ? w.users[principal] : w.roles[principal];
    const refs = identityRefs(w, principal);
    if (!record || !refs) return undefined;
    const docs: number[] = [];
    let admin = false;
    for (const r of refs) {
      // Compiled under its ARN, the policy is replaced where its id is `policy` (see `Analysis.overlay`).
      if (r === policy) {
        admin = true;
        continue;
      }
      const d = this.facts.documentIndex.get(refDoc(r, w));
      if (d === undefined || !this.facts.documents[d]?.policy) return undefined;
      if (!docs.includes(d)) docs.push(d);
    }
    const b = record.permissionsBoundary;
    let boundary: Swapped['boundary'];
    if (b === undefined) boundary = undefined;
    else if (b === policy) boundary = 'admin';
    else {
      const d = this.facts.documentIndex.get(refDoc(b, w));
      if (d === undefined || !this.facts.documents[d]?.policy) return undefined;
      boundary = d;
    }
    return { docs, admin, boundary };
  }

  get(principal: string, kind: 'user' | 'role'): Member | undefined {
    let m = this.cache.get(principal);
    if (m) return m;
    const w = this.world;
    const record = kind === 'user' ? w.users[principal] : w.roles[principal];
    if (!record) return undefined;
    const doc = (r: PolicyRef): number | null => {
      const d = this.facts.documentIndex.get(refDoc(r, w));
      return d === undefined || !this.facts.documents[d]?.policy ? null : d;
    };
    const refs = identityRefs(w, principal) ?? [];
    const docs: number[] = [];
    let readable = true;
    for (const r of refs) {
      const d = doc(r);
      if (d === null) readable = false;
      else if (!docs.includes(d)) docs.push(d);
    }
    const arnPath = principal.slice(principal.indexOf('/'), principal.lastIndexOf('/') + 1);
    const settings =
      kind === 'user'
        ? [record.path ?? '']
        : [record.path ?? '', w.roles[principal]?.serviceLinked ?? '', w.roles[principal]?.maxSessionDuration ?? ''];
    m = {
      docs: readable ? docs : null,
      boundary: record.permissionsBoundary === undefined ? undefined : doc(record.permissionsBoundary),
      base: [kind, principal.split(':')[4], arnPath, ...settings].join('\u0001'),
      tags: JSON.stringify(Object.entries(record.tags ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      mfa: kind === 'user' ? String((w.users[principal]?.mfaDevices.length ?? 0) > 0) : 'role',
    };
    this.cache.set(principal, m);
    return m;
  }
}

/** A member's policies after a modification (see {@link Members.swapped}). */
export interface Swapped {
  /** Its identity policies' documents, the replaced policy left out. */
  readonly docs: readonly number[];
  /** Its identity policies include the unconditional admin policy. */
  readonly admin: boolean;
  /** Its boundary's document; `'admin'`: the admin policy; `undefined`: none. */
  readonly boundary: number | 'admin' | undefined;
}

/** The matching statements of one document, summarized. */
interface DocSummary {
  /** Its matching statements' contents ({@link StatementFact.content}), each as its {@link Members.contentId}, ascending, without repeats. */
  readonly contents: readonly number[];
  readonly depends: number;
  readonly clauses: readonly ConditionClause[];
  /** One of its matching statements is an Allow. */
  readonly allows: boolean;
  /**
   * The {@link Members.principalAtoms} of its matching statements that depend on the principal;
   * `null` when one of them is decided alone.
   */
  readonly fixed: readonly Atom[] | null;
}

/** The admin policy's one statement (Allow every action on every resource, unconditionally): it matches every question. */
const ADMIN_CONTENT = statementContent({ effect: 'Allow', conditions: [] });

/** Guardrails: their statements can only refuse, never grant (spec §1.8). */
export const NEVER_GRANTS: ReadonlySet<PolicyType> = new Set<PolicyType>(['scp', 'rcp', 'endpoint', 'boundary']);

/** One question's view of the world's statements. */
export class QuestionScope {
  /** Matching statements of each document, summarized. */
  private readonly byDoc = new Map<number, DocSummary>();
  private readonly globalClauses: readonly ConditionClause[];
  private readonly globalDepends: number;
  private readonly globalFixed: readonly Atom[] | null;
  private readonly globalNames: ReadonlySet<string>;
  /**
   * A matching Allow statement of a policy that applies by where it is attached and can grant (a
   * resource-based, trust or session policy): then any principal may be allowed without an
   * identity grant.
   */
  private readonly globalGrants: boolean;
  private candidateSet: ReadonlySet<string> | undefined;
  private readonly serviceRuleMayAllow: boolean;
  /** Every matching statement's clauses (enough for any principal). */
  readonly allClauses: readonly ConditionClause[];

  constructor(
    index: StatementIndex,
    global: ReadonlySet<number>,
    private readonly members: Members,
    readonly action: string,
    readonly resource: string,
    /**
     * When the resource is a role of the world: the documents of its trust policy. Another role's
     * trust policy never applies to a request on this resource (it is that role's resource-based
     * policy), so its statements are left out of this question's view.
     */
    ownTrust?: ReadonlySet<number>,
  ) {
    const all = new Set<ConditionClause>();
    const globalClauses = new Set<ConditionClause>();
    let globalFixed: Atom[] | null = [];
    const fixedOf = (st: StatementFact, into: Atom[] | null): Atom[] | null => {
      if (into === null || (st.depends & DEPENDS_PRINCIPAL) === 0) return into;
      const atoms = members.principalAtoms(index, st);
      if (atoms === null) return null;
      for (const a of atoms) if (!into.includes(a)) into.push(a);
      return into;
    };
    let depends = 0;
    let grants = false;
    const names = new Set<string>();
    const byDoc = new Map<number, StatementFact[]>();
    for (const id of index.matching(action, resource)) {
      const st = index.statements[id] as StatementFact;
      if (ownTrust && st.type === 'trust' && !ownTrust.has(st.doc)) continue;
      for (const c of st.clauses) all.add(c);
      let list = byDoc.get(st.doc);
      if (!list) byDoc.set(st.doc, (list = []));
      list.push(st);
      if (global.has(st.doc)) {
        for (const c of st.clauses) globalClauses.add(c);
        depends |= st.depends;
        globalFixed = fixedOf(st, globalFixed);
        for (const n of st.names) names.add(n.toLowerCase());
        if (st.effect === 'Allow' && !NEVER_GRANTS.has(st.type)) grants = true;
      }
    }
    for (const [doc, list] of byDoc) {
      const clauses = new Set<ConditionClause>();
      let d = 0;
      let allows = false;
      let fixed: Atom[] | null = [];
      for (const st of list) {
        d |= st.depends;
        fixed = fixedOf(st, fixed);
        if (st.effect === 'Allow') allows = true;
        for (const c of st.clauses) clauses.add(c);
      }
      this.byDoc.set(doc, {
        contents: [...new Set(list.map((st) => members.contentId(st.content)))].sort(ascending),
        depends: d,
        clauses: [...clauses],
        allows,
        fixed,
      });
    }
    // A policy that applies by where it is attached and that the analysis cannot read may grant.
    for (const doc of index.unread) if (global.has(doc) && !NEVER_GRANTS.has(index.documentType(doc))) grants = true;
    this.globalGrants = grants;
    // The engine's own rules that allow whatever the policies say (sts:GetCallerIdentity).
    const service = action.slice(0, action.indexOf(':')).toLowerCase();
    this.serviceRuleMayAllow = SERVICE_RULES.some((r) => r.effect === 'Allow' && r.services.includes(service));
    this.globalClauses = [...globalClauses];
    this.globalDepends = depends;
    this.globalFixed = globalFixed;
    this.globalNames = names;
    this.allClauses = [...all];
  }

  /**
   * The users and roles this question's answer may allow, when fewer than all: `undefined` when a
   * policy that applies by where it is attached (resource-based, trust, session) has a matching
   * Allow statement, or when one of the engine's service rules that allow whatever the policies
   * say (spec §4.14, `sts:GetCallerIdentity`) is about the action's service. Otherwise only those
   * whose own identity policies have one, or that hold a policy the analysis cannot read: a user's
   * or role's request is allowed only by an Allow statement of a policy that applies to it (spec
   * §4.3); every other user and role is refused (the property test in
   * `test/analysis/pruning.test.ts` checks this against deciding them).
   */
  candidates(): ReadonlySet<string> | undefined {
    if (this.globalGrants || this.serviceRuleMayAllow) return undefined;
    if (!this.candidateSet) {
      const { byDoc, unreadable } = this.members.holders();
      const out = new Set(unreadable);
      for (const [doc, summary] of this.byDoc) if (summary.allows) for (const p of byDoc.get(doc) ?? []) out.add(p);
      this.candidateSet = out;
    }
    return this.candidateSet;
  }

  /** The principal-fixed clauses of the global statements and of `parts` and `boundary`, in order; `null`: one is decided alone. */
  private fixedAtoms(parts: readonly DocSummary[], boundary: DocSummary | undefined): readonly Atom[] | null {
    if (this.globalFixed === null) return null;
    const out = [...this.globalFixed];
    for (const p of boundary ? [...parts, boundary] : parts) {
      if (p.fixed === null) return null;
      for (const a of p.fixed) if (!out.includes(a)) out.push(a);
    }
    return out;
  }

  /**
   * The group of a user or role for this question, and the clauses over request-time keys that can
   * bear on its requests; `undefined` when it must be decided alone.
   *
   * With `swapped` (its policies after a modification, see {@link Members.swapped}), the group of
   * the member so modified: the same argument holds with the modified policies' statements. A
   * member that would be decided alone is then grouped with itself only (its key names it): the
   * same principal whose modified policies' matching statements have the same effects and
   * conditions is answered alike (a policy version swapped for one or another of its policies).
   */
  group(
    principal: string,
    kind: 'user' | 'role',
    swapped?: Swapped,
  ): { key: string; refused: boolean; clauses: () => ConditionClause[] } | undefined {
    const m = this.members.get(principal, kind);
    if (!m) return undefined;
    const docs = swapped ? swapped.docs : m.docs;
    const boundaryDoc = swapped ? swapped.boundary : m.boundary;
    if (!docs || boundaryDoc === null) return undefined;
    let alone = principal === this.resource || this.globalNames.has(principal.toLowerCase());
    if (alone && !swapped) return undefined;
    let depends = this.globalDepends;
    let allows = this.globalGrants || this.serviceRuleMayAllow;
    const admin = this.members.adminSummary;
    const parts: DocSummary[] = swapped?.admin ? [admin] : [];
    if (swapped?.admin) allows = true;
    for (const d of docs) {
      const s = this.byDoc.get(d);
      if (s) {
        parts.push(s);
        depends |= s.depends;
        if (s.allows) allows = true;
      }
    }
    const boundary =
      boundaryDoc === undefined ? undefined : boundaryDoc === 'admin' ? admin : this.byDoc.get(boundaryDoc);
    if (boundary) depends |= boundary.depends;
    // A statement that reads the principal only through clauses on its fixed keys (its ARN, name,
    // id): the truth of each clause for this principal joins the key; otherwise decided alone.
    let truth: string | undefined;
    if (depends & DEPENDS_PRINCIPAL && !alone) {
      const atoms = this.fixedAtoms(parts, boundary);
      truth = atoms ? this.members.fixedTruth(principal, atoms) : undefined;
    }
    if (depends & DEPENDS_PRINCIPAL && truth === undefined) {
      if (!swapped) return undefined;
      alone = true;
    }
    const identity =
      parts.length === 0
        ? ''
        : parts.length === 1
          ? (parts[0] as DocSummary).contents.join(',')
          : [...new Set(parts.flatMap((p) => p.contents))].sort(ascending).join(',');
    const bound = boundaryDoc === undefined ? 'none' : `B${boundary ? boundary.contents.join(',') : ''}`;
    let key = `${m.base}\u0002${identity}\u0002${bound}`;
    if (alone) key += `\u0002P${principal}`;
    else if (truth !== undefined) key += `\u0002F${truth}`;
    if (depends & DEPENDS_MFA) key += `\u0002M${m.mfa}`;
    if (depends & DEPENDS_TAGS) key += `\u0002T${m.tags}`;
    return {
      key,
      refused: !allows,
      clauses: () => {
        const out = new Set(this.globalClauses);
        for (const p of parts) for (const c of p.clauses) out.add(c);
        for (const c of boundary?.clauses ?? []) out.add(c);
        return [...out];
      },
    };
  }
}

function ascending(a: number, b: number): number {
  return a - b;
}
