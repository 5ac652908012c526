/**
 * The work of one slice of sources, as plain data a worker can send back: what every thread of the
 * parallel analysis computes for the sources it is handed, with only the public analysis API
 * (`edgesFrom`, `escalationPaths`). No Node import (the main thread reads its types and `sameEdge`).
 */
import type { Analysis, AnalysisOptions, Edge, Proof } from '../analysis/index.js';

/**
 * The analysis options a worker can be given: data only (a structured clone cannot carry the
 * functions and catalogs of `accessLevel` and `catalog`, which only what-can reads).
 */
export type ParallelAnalysisOptions = Pick<
  AnalysisOptions,
  | 'authorizer'
  | 'unknownKeys'
  | 'maxCombinations'
  | 'adminActions'
  | 'maxDepth'
  | 'techniques'
  | 'runsAs'
  | 'groupPrincipals'
>;

/**
 * An edge as data: every member of the {@link Edge} in its order, with `proofs` (and
 * `modified.proofs`) left out (`null`): the main thread re-derives them when read. `index` is
 * the edge's place in `edgesFrom(from)`.
 */
export interface EdgeData {
  readonly index: number;
  readonly fields: Readonly<Record<string, unknown>>;
  /** On the hops of a path: the proofs, decided by the worker (the hops a user reads). */
  readonly proofs?: readonly PlainProof[];
  readonly modifiedProofs?: readonly PlainProof[];
}

/** A proof as data: the request and the engine's decision with its explanation. */
export interface PlainProof {
  readonly request: unknown;
  readonly decision: unknown;
}

/** What one source gives: its hops (when the graph is asked for), whether it is an admin, its path. */
export interface SourceResult {
  readonly edges?: readonly EdgeData[];
  readonly admin: boolean;
  readonly path?: readonly EdgeData[];
}

/** The members of an edge without reading its proofs (a getter that would decide them). */
function fieldsOf(edge: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(edge)) {
    if (key === 'proofs') out[key] = null;
    else if (key === 'modified') {
      const m = (edge as { modified?: object }).modified;
      out[key] = m && typeof m === 'object' ? fieldsOf(m) : m;
    } else out[key] = (edge as Record<string, unknown>)[key];
  }
  return out;
}

/** Proofs as data (their decisions, made when first read, are made here). */
function plain(proofs: readonly Proof[]): PlainProof[] {
  return proofs.map((p) => ({ request: p.request, decision: p.decision }));
}

/** The place of `edge` among the hops out of its source (by identity, else by its members). */
function indexOf(analysis: Analysis, edge: Edge): number {
  const all = analysis.edgesFrom(edge.from);
  const i = all.indexOf(edge);
  return i >= 0 ? i : all.findIndex((e) => sameEdge(e, edge));
}

/** Two edges out of one source are the same hop when target, technique, resource and condition agree. */
export function sameEdge(
  a: Edge,
  b: { readonly to: unknown; readonly via: unknown; readonly resource?: unknown; readonly conditions: unknown },
): boolean {
  return a.to === b.to && a.via === b.via && a.resource === b.resource && a.conditions === b.conditions;
}

/**
 * The results of `sources[start..end)`: for each, its hops (when `graph`) and its escalation
 * answer toward `to`, exactly as `escalationPaths({ from, to })` gives it.
 */
export function sliceResults(
  analysis: Analysis,
  sources: readonly string[],
  start: number,
  end: number,
  to: string,
  graph: boolean,
): SourceResult[] {
  const out: SourceResult[] = [];
  for (let i = start; i < end; i++) {
    const from = sources[i] as string;
    const edges = graph ? analysis.edgesFrom(from).map((e, index) => ({ index, fields: fieldsOf(e) })) : undefined;
    const r = analysis.escalationPaths({ from, to });
    const path = r.paths[0]?.map((e) => ({
      index: indexOf(analysis, e),
      fields: fieldsOf(e),
      proofs: plain(e.proofs),
      ...(e.modified ? { modifiedProofs: plain(e.modified.proofs) } : {}),
    }));
    out.push({ ...(edges ? { edges } : {}), admin: r.admins.length > 0, ...(path ? { path } : {}) });
  }
  return out;
}

/**
 * `options` with the managed policies given as data turned into the catalog the engine asks (an
 * own member of `documents`, else none).
 */
export function withCatalog(
  options: ParallelAnalysisOptions,
  documents: Readonly<Record<string, unknown>> | undefined,
): ParallelAnalysisOptions {
  if (!documents) return options;
  const managedPolicies = (arn: string) =>
    Object.prototype.hasOwnProperty.call(documents, arn) ? documents[arn] : undefined;
  return { ...options, authorizer: { ...options.authorizer, managedPolicies } };
}

/** The sources of an escalation search over the whole world, in the analysis's order. */
export function sourcesOf(analysis: Analysis): string[] {
  return [...Object.keys(analysis.world.users), ...Object.keys(analysis.world.roles)];
}
