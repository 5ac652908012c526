/**
 * What the analysis reads from a world's policies, once: the condition clauses over request-time
 * keys (to build witnesses), the actions the policies name and the resource patterns they use (the
 * "cells" what-can probes). Policies are read with `parsePolicy`; nothing here decides anything.
 */
import type { ConditionClause, Policy, PolicyType, StringListElement } from '../policy/ast.js';
import { parsePolicy } from '../policy/parse.js';
import type { PolicyRef, World } from '../model/world.js';
import type { UnknownKeys } from './keys.js';

/** Facts of a world's policies. */
export interface WorldFacts {
  /** Clauses over unknown keys, by lower-cased key, without duplicates. */
  readonly clauses: ReadonlyMap<string, readonly ConditionClause[]>;
  /** Every `Action` value the policies name (wildcards kept), as first written. */
  readonly actions: ReadonlySet<string>;
  /** Every `Resource` value the policies name, by service (the ARN's third segment; `*` under `*`). */
  readonly resources: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * For each clause (by identity), the action and resource elements of the statements that hold it:
   * whether a clause bears on a request is decided by the engine on a policy made of them.
   */
  readonly scopes: ReadonlyMap<ConditionClause, readonly ClauseScope[]>;
  /** Principals named in `Principal` elements: AWS ARNs/account ids and service names. */
  readonly named: { readonly aws: ReadonlySet<string>; readonly service: ReadonlySet<string> };
  /** Every distinct policy document of the world, parsed (`null` when it does not parse), in order. */
  readonly documents: readonly ParsedDocument[];
  /** A document object (as the world holds it) → its index in `documents`. */
  readonly documentIndex: ReadonlyMap<unknown, number>;
  /** Each clause over an unknown key → the clause of `clauses` it duplicates (or itself). */
  readonly canonical: ReadonlyMap<ConditionClause, ConditionClause>;
}

/** One policy document of a world with its type and its parsed form. */
export interface ParsedDocument extends WorldDocument {
  readonly policy: Policy | null;
}

/** The action and resource elements of one statement holding a clause. */
export interface ClauseScope {
  readonly action: StringListElement;
  readonly resource: StringListElement | undefined;
}

/** One policy document of a world, with the type it is parsed as. */
export interface WorldDocument {
  readonly doc: unknown;
  readonly type: PolicyType;
}

/** The document a policy reference stands for (`undefined`: a managed policy the world lacks). */
export function refDoc(ref: PolicyRef, world: World): unknown {
  if (typeof ref === 'string') {
    const m = Object.prototype.hasOwnProperty.call(world.managedPolicies, ref) ? world.managedPolicies[ref] : undefined;
    if (m === undefined) return undefined;
    return typeof m === 'object' &&
      m !== null &&
      'document' in m &&
      Object.keys(m).every((k) => k === 'name' || k === 'document')
      ? m.document
      : m;
  }
  if (typeof ref === 'object' && ref !== null && 'document' in ref && typeof ref.name === 'string') return ref.document;
  return ref;
}

/** Every policy document of a world with its type (managed policies once each). */
export function worldDocuments(world: World): WorldDocument[] {
  const out: WorldDocument[] = [];
  const push = (doc: unknown, type: PolicyType) => {
    if (doc !== undefined) out.push({ doc, type });
  };
  const refs = (list: readonly PolicyRef[] | undefined, type: PolicyType) => {
    for (const r of list ?? []) if (typeof r !== 'string') push(refDoc(r, world), type);
  };
  for (const m of Object.keys(world.managedPolicies)) push(refDoc(m, world), 'identity');
  for (const g of Object.values(world.groups)) refs(g.policies, 'identity');
  for (const u of Object.values(world.users)) {
    refs(u.policies, 'identity');
    if (u.permissionsBoundary) refs([u.permissionsBoundary], 'boundary');
  }
  for (const r of Object.values(world.roles)) {
    push(r.trustPolicy, 'trust');
    refs(r.policies, 'identity');
    if (r.permissionsBoundary) refs([r.permissionsBoundary], 'boundary');
  }
  for (const s of Object.values(world.sessions)) refs(s.sessionPolicies, 'session');
  for (const rp of Object.values(world.resourcePolicies))
    push(rp.policy, rp.kind === 'role-trust' ? 'trust' : 'resource');
  for (const r of Object.values(world.resources)) if (r.policy) push(r.policy, 'resource');
  for (const list of Object.values(world.organization?.scps ?? {})) refs(list, 'scp');
  for (const list of Object.values(world.organization?.rcps ?? {})) refs(list, 'rcp');
  return out;
}

/** The service segment of a resource ARN (`*` for `*` and non-ARNs). */
export function serviceOfResource(resource: string): string {
  const parts = resource.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && parts[2] ? parts[2].toLowerCase() : '*';
}

/** Reads the facts of a world's policies. */
export function worldFacts(world: World, unknown: UnknownKeys): WorldFacts {
  const clauses = new Map<string, ConditionClause[]>();
  const seen = new Map<string, ConditionClause>();
  const scopes = new Map<ConditionClause, ClauseScope[]>();
  const actions = new Set<string>();
  const actionsLower = new Set<string>();
  const resources = new Map<string, Set<string>>();
  const policies = new Map<unknown, Policy | null>();
  const documents: ParsedDocument[] = [];
  const documentIndex = new Map<unknown, number>();
  const canonical = new Map<ConditionClause, ConditionClause>();
  const aws = new Set<string>();
  const service = new Set<string>();
  for (const { doc, type } of worldDocuments(world)) {
    let policy = policies.get(doc);
    if (policy === undefined) {
      const parsed = parsePolicy(doc, { type, maxSize: false });
      policy = parsed.ok ? parsed.policy : null;
      policies.set(doc, policy);
      documentIndex.set(doc, documents.length);
      documents.push({ doc, type, policy });
    }
    if (!policy) continue;
    for (const st of policy.statements) {
      for (const e of st.principal?.entries ?? []) {
        if (e.type === 'AWS') for (const v of e.values) aws.add(v);
        if (e.type === 'Service') for (const v of e.values) service.add(v);
      }
      if (!st.action.not) {
        for (const a of st.action.values) {
          if (actionsLower.has(a.toLowerCase())) continue;
          actionsLower.add(a.toLowerCase());
          actions.add(a);
        }
      }
      if (st.resource && !st.resource.not) {
        for (const r of st.resource.values) {
          const svc = serviceOfResource(r);
          let set = resources.get(svc);
          if (!set) resources.set(svc, (set = new Set()));
          set.add(r);
        }
      }
      for (const c of st.conditions) {
        if (!unknown.has(c.key)) continue;
        const key = c.key.toLowerCase();
        const id = `${key}\u0000${c.operator}\u0000${c.values.join('\u0000')}`;
        let first = seen.get(id);
        if (!first) {
          seen.set(id, (first = c));
          let list = clauses.get(key);
          if (!list) clauses.set(key, (list = []));
          list.push(c);
        }
        canonical.set(c, first);
        let sc = scopes.get(first);
        if (!sc) scopes.set(first, (sc = []));
        if (sc.length < 64 && !sc.some((x) => x.action === st.action && x.resource === st.resource))
          sc.push({ action: st.action, resource: st.resource });
      }
    }
  }
  return { clauses, actions, resources, scopes, named: { aws, service }, documents, documentIndex, canonical };
}
