/**
 * Edits of generated worlds for the law tests: where the policies are, adding a statement,
 * shuffling statements and policy lists, and rewriting single values as one-element lists.
 * Every edit works on a deep copy.
 */
import type { Doc, RefWorld } from '../reference/evaluate.js';
import type { GenPolicyType } from '../reference/generators.js';

/** A policy document of a world and the policy type it is validated as. */
export interface PolicySlot {
  readonly doc: Doc;
  readonly type: GenPolicyType;
}

/** A deep copy of JSON data. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Every policy document of a world (the objects themselves, so edits apply to `world`). */
export function policySlots(world: RefWorld): PolicySlot[] {
  const out: PolicySlot[] = [];
  const add = (docs: Doc[] | undefined, type: GenPolicyType) => docs?.forEach((doc) => out.push({ doc, type }));
  for (const u of Object.values(world.users ?? {})) {
    add(u.policies, 'identity');
    if (u.permissionsBoundary) add([u.permissionsBoundary], 'boundary');
  }
  for (const g of Object.values(world.groups ?? {})) add(g.policies, 'identity');
  for (const r of Object.values(world.roles ?? {})) {
    add(r.policies, 'identity');
    if (r.permissionsBoundary) add([r.permissionsBoundary], 'boundary');
  }
  for (const s of Object.values(world.sessions ?? {})) add(s.sessionPolicies, 'session');
  for (const rp of Object.values(world.resourcePolicies ?? {}))
    add([rp.policy], rp.kind === 'role-trust' ? 'trust' : 'resource');
  for (const docs of Object.values(world.organization?.scps ?? {})) add(docs, 'scp');
  for (const docs of Object.values(world.organization?.rcps ?? {})) add(docs, 'rcp');
  return out;
}

/** The statements of a document as an array (the document is rewritten to hold an array). */
export function statementsOf(doc: Doc): Record<string, unknown>[] {
  if (!Array.isArray(doc.Statement)) doc.Statement = [doc.Statement];
  return doc.Statement as Record<string, unknown>[];
}

/** Inserts `statement` into `doc` at `position` (modulo the number of statements + 1). */
export function insertStatement(doc: Doc, statement: Record<string, unknown>, position: number): void {
  const list = statementsOf(doc);
  list.splice(position % (list.length + 1), 0, statement);
}

/** A small deterministic PRNG (mulberry32) for shuffles driven by a generated seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(list: T[], random: () => number): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j] as T, list[i] as T];
  }
}

/**
 * Shuffles, in place, every statement list and every list of policies (identity policies, groups
 * of a user, session policies, SCPs and RCPs of each target). Single statements stay single.
 */
export function shuffleWorld(world: RefWorld, seed: number): void {
  const random = prng(seed);
  const lists: unknown[][] = [];
  for (const u of Object.values(world.users ?? {})) lists.push(u.policies ?? [], u.groups ?? []);
  for (const g of Object.values(world.groups ?? {})) lists.push(g.policies ?? []);
  for (const r of Object.values(world.roles ?? {})) lists.push(r.policies ?? []);
  for (const s of Object.values(world.sessions ?? {})) lists.push(s.sessionPolicies ?? []);
  for (const docs of Object.values(world.organization?.scps ?? {})) lists.push(docs);
  for (const docs of Object.values(world.organization?.rcps ?? {})) lists.push(docs);
  for (const slot of policySlots(world))
    if (Array.isArray(slot.doc.Statement)) lists.push(slot.doc.Statement as unknown[]);
  for (const list of lists) shuffle(list, random);
}

/** Rewrites every single value of a list-valued element as a one-element array, or back. */
export function rewriteLists(world: RefWorld, mode: 'to-arrays' | 'to-scalars'): void {
  const rewrite = (v: unknown): unknown => {
    if (mode === 'to-arrays') return Array.isArray(v) ? v : [v];
    return Array.isArray(v) && v.length === 1 ? v[0] : v;
  };
  for (const { doc } of policySlots(world)) {
    if (mode === 'to-arrays' || (Array.isArray(doc.Statement) && doc.Statement.length === 1))
      doc.Statement = rewrite(doc.Statement);
    const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    for (const st of statements as Record<string, unknown>[]) {
      for (const element of ['Action', 'NotAction', 'Resource', 'NotResource'])
        if (st[element] !== undefined) st[element] = rewrite(st[element]);
      for (const element of ['Principal', 'NotPrincipal']) {
        const p = st[element];
        if (p !== undefined && p !== '*')
          for (const k of Object.keys(p as object))
            (p as Record<string, unknown>)[k] = rewrite((p as Record<string, unknown>)[k]);
      }
      const condition = st.Condition as Record<string, Record<string, unknown>> | undefined;
      for (const block of Object.values(condition ?? {}))
        for (const k of Object.keys(block)) block[k] = rewrite(block[k]);
    }
  }
}
