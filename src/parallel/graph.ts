/**
 * The full privilege graph and the escalation paths of a world over worker threads (issue #17:
 * "use worker threads where the work splits by principal"). Node only.
 *
 * A compiled authorizer holds functions and cannot be sent to a worker, so each worker is sent the
 * world (a structured clone), compiles it and builds its own analysis; the sources (every user and
 * role) are handed out in small slices from one queue, so that a slow slice does not leave a thread
 * idle. Each worker answers with plain data: the hops and the path of each source, without proofs.
 * The main thread puts the answers back in the sources' order, so the result is the one
 * `createAnalysis(world).graph()` and `.escalationPaths({ to })` give, member for member.
 *
 * Proofs (the engine's requests and explanations of a hop) would be large to send for every hop
 * (an explained self-modification hop is ~20 kB of JSON, a big world has tens of thousands of hops)
 * and few are read: the hops of the paths (what the CLI prints) come with their proofs, decided by
 * the worker and sent as data; every other hop's `proofs` (and `modified.proofs`) is re-derived
 * when first read, by an analysis of the same world on the main thread (built on the first such
 * read, from the `compiled` authorizer when given), from the hops out of that hop's source.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createAuthorizer, type Authorizer } from '../index.js';
import type { Issue } from '../json/issues.js';
import { createAnalysis, type Analysis, type Edge, type PathsResult, type Proof } from '../analysis/index.js';
import { sameEdge, withCatalog, type EdgeData, type ParallelAnalysisOptions, type SourceResult } from './slice.js';
import type { ToMain, WorkerInput } from './protocol.js';

/** Options of {@link privilegeGraph}. */
export interface PrivilegeGraphOptions extends ParallelAnalysisOptions {
  /**
   * Threads: `1` computes in this thread (no worker); the default is `os.availableParallelism()`,
   * at most one per source. Each worker compiles the world once, so workers pay on big worlds with
   * free cores (see docs/analysis.md, "Worker threads").
   */
  readonly workers?: number;
  /** Only the escalation paths from this user or role (computed in this thread). */
  readonly from?: string;
  /** The goal of the escalation paths: `admin` (default) or a principal ARN. */
  readonly to?: string;
  /** Whether to return every hop of the world in `edges` (default `true`); `false`: only the paths. */
  readonly graph?: boolean;
  /**
   * The authorizer of the same world, when this thread has compiled it already: it decides in
   * this thread (`workers: 1`, `from`) and re-derives the proofs read, instead of a new compile.
   */
  readonly compiled?: Authorizer;
  /**
   * The documents of managed policies that the world attaches but does not define, by ARN: the
   * catalog as data (`authorizer.managedPolicies`, a function, cannot be sent to a worker; when
   * both are given, this one is used).
   */
  readonly managedPolicies?: Readonly<Record<string, unknown>>;
}

/** The answer of {@link privilegeGraph}: the same edges and paths as the single-threaded analysis. */
export type PrivilegeGraphResult =
  | {
      readonly ok: true;
      /** Every hop of the world, in the order of `Analysis.graph()` (empty with `graph: false`). */
      readonly edges: readonly Edge[];
      /** `Analysis.escalationPaths({ from, to })`. */
      readonly paths: PathsResult;
      /** The threads that did the work (`1`: this thread). */
      readonly workers: number;
    }
  | { readonly ok: false; readonly errors: readonly Issue[] };

/**
 * Guided self-scheduling: a slice is this fraction of the remaining sources per worker (at most
 * {@link MAX_SLICE}), so the first slices are large (few messages) and the last are single
 * sources: a costly source near the end (an administrator role with thousands of hops) does not
 * leave the other threads idle while one works through a large slice.
 */
const SLICE_FRACTION = 8;
const MAX_SLICE = 256;

/**
 * The full privilege graph (every hop of every user and role) and the escalation paths to `to`,
 * computed over `workers` threads and merged into the single-threaded answer. Never throws: an
 * invalid world, an option a worker cannot be sent, or a failed worker is returned as errors.
 */
export async function privilegeGraph(
  world: unknown,
  options: PrivilegeGraphOptions = {},
): Promise<PrivilegeGraphResult> {
  try {
    const problem = optionProblem(options);
    if (problem) return { ok: false, errors: [issue('invalid-analysis-option', problem.path, problem.message)] };
    const to = options.to ?? 'admin';
    const graph = options.graph ?? true;
    const analysisOptions = analysisOptionsOf(options);
    const local = withCatalog(analysisOptions, options.managedPolicies);
    const n = Math.min(options.workers ?? availableParallelism(), sourceCount(world));
    if (n <= 1 || options.from !== undefined) {
      const authorizer = options.compiled ?? createAuthorizer(world as never, local.authorizer ?? {});
      if (!authorizer.ok) return { ok: false, errors: authorizer.errors };
      const analysis = createAnalysis(authorizer, local);
      return {
        ok: true,
        edges: graph ? analysis.graph() : [],
        paths: analysis.escalationPaths({ ...(options.from !== undefined ? { from: options.from } : {}), to }),
        workers: 1,
      };
    }
    let main: Analysis | undefined;
    const mainAnalysis = () =>
      (main ??= createAnalysis(options.compiled ?? createAuthorizer(world as never, local.authorizer ?? {}), local));
    const { managedPolicies } = options;
    const sent = managedPolicies
      ? { ...analysisOptions, authorizer: { ...analysisOptions.authorizer, managedPolicies: undefined } }
      : analysisOptions;
    return await inWorkers(
      n,
      { world, options: sent, to, graph, ...(managedPolicies ? { managedPolicies } : {}) },
      mainAnalysis,
    );
  } catch (e) {
    return { ok: false, errors: [issue('internal-error', '', `the parallel analysis failed: ${messageOf(e)}`)] };
  }
}

/** Runs the sources over `n` workers fed from one queue, then merges their answers in order. */
function inWorkers(n: number, input: WorkerInput, mainAnalysis: () => Analysis): Promise<PrivilegeGraphResult> {
  return new Promise((resolve) => {
    const workers: Worker[] = [];
    let sources: readonly string[] | undefined;
    let results: (SourceResult | undefined)[] = [];
    let next = 0;
    let done = 0;
    let settled = false;
    const finish = (r: PrivilegeGraphResult) => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      resolve(r);
    };
    const fail = (message: string) => finish({ ok: false, errors: [issue('internal-error', '', message)] });
    const feed = (w: Worker) => {
      if (!sources) return;
      if (done === sources.length) {
        let merged: PrivilegeGraphResult;
        try {
          merged = merge(sources, results as SourceResult[], input, n, mainAnalysis);
        } catch (e) {
          return fail(`the workers' answers could not be merged: ${messageOf(e)}`);
        }
        return finish(merged);
      }
      if (next >= sources.length) return;
      const start = next;
      const size = Math.min(MAX_SLICE, Math.ceil((sources.length - start) / (n * SLICE_FRACTION)));
      next = Math.min(sources.length, start + Math.max(1, size));
      w.postMessage({ type: 'slice', start, end: next });
    };
    for (let i = 0; i < n && !settled; i++) {
      let w: Worker;
      try {
        const execArgv = workerFlags();
        w = new Worker(workerUrl(), { workerData: input, ...(execArgv ? { execArgv } : {}) });
      } catch (e) {
        // A worker that cannot start (ERR_WORKER_…); else a world or option that a structured clone
        // cannot carry (a function, a symbol, a getter that throws). A worker that fails to load reports later.
        const code = (e as { code?: unknown } | null)?.code;
        if (typeof code === 'string' && code.startsWith('ERR_WORKER'))
          return fail(`a worker of the parallel analysis could not start: ${messageOf(e)}`);
        return finish({
          ok: false,
          errors: [
            issue(
              'not-json-value',
              '',
              `the world or an option cannot be sent to a worker (give managed policies as data, \`managedPolicies\`): ${messageOf(e)}`,
            ),
          ],
        });
      }
      workers.push(w);
      w.on('message', (m: ToMain) => {
        if (settled) return;
        if (m.type === 'ready') {
          if (!sources) {
            sources = m.sources;
            results = new Array<SourceResult | undefined>(sources.length);
          }
          feed(w);
        } else if (m.type === 'done') {
          m.results.forEach((r, k) => (results[m.start + k] = r));
          done += m.results.length;
          feed(w);
        } else if (m.type === 'invalid') finish({ ok: false, errors: m.errors });
        else fail(`a worker of the parallel analysis failed: ${m.message}`);
      });
      w.on('error', (e) => fail(`a worker of the parallel analysis failed: ${messageOf(e)}`));
      w.on('messageerror', (e) => fail(`a worker's answer could not be read: ${messageOf(e)}`));
      w.on('exit', (code) => fail(`a worker of the parallel analysis stopped (exit code ${code}) before the end`));
    }
  });
}

/** The workers' answers in the sources' order, as the single-threaded analysis gives them. */
function merge(
  sources: readonly string[],
  results: readonly SourceResult[],
  input: WorkerInput,
  n: number,
  mainAnalysis: () => Analysis,
): PrivilegeGraphResult {
  const keyOf = (d: EdgeData) => `${d.fields.from as string}\u0000${d.index}`;
  // The proofs the workers decided for the hops of paths, for whichever copy of the hop is built.
  const decided = new Map<string, EdgeData>();
  for (const r of results) for (const d of r.path ?? []) decided.set(keyOf(d), d);
  const built = new Map<string, Edge>();
  const edgeOf = (d: EdgeData): Edge => {
    const key = keyOf(d);
    let e = built.get(key);
    if (!e) built.set(key, (e = rebuild(d, decided.get(key), mainAnalysis)));
    return e;
  };
  const edges: Edge[] = [];
  const paths: Edge[][] = [];
  const admins: string[] = [];
  sources.forEach((source, i) => {
    const r = results[i] as SourceResult;
    if (r.edges) for (const d of r.edges) edges.push(edgeOf(d));
    if (r.admin) admins.push(source);
    if (r.path) paths.push(r.path.map(edgeOf));
  });
  return { ok: true, edges, paths: { to: input.to, paths, admins }, workers: n };
}

/**
 * An edge from its data: the proofs a worker decided (`decided`, on the hops of paths), else
 * re-derived on the main thread when first read.
 */
function rebuild(d: EdgeData, decided: EdgeData | undefined, mainAnalysis: () => Analysis): Edge {
  let hop: Edge | undefined;
  const original = (): Edge | undefined => {
    if (hop) return hop;
    try {
      const all = mainAnalysis().edgesFrom(d.fields.from as string);
      const at = all[d.index];
      hop = at && sameEdge(at, d.fields as never) ? at : all.find((e) => sameEdge(e, d.fields as never));
    } catch {
      // Not reached for a world the workers compiled; a getter does not throw (no proof then).
    }
    return hop;
  };
  const out: Record<string, unknown> = { ...d.fields };
  if ('proofs' in out) lazy(out, () => (decided?.proofs as Proof[] | undefined) ?? original()?.proofs ?? []);
  const m = out.modified;
  if (m && typeof m === 'object') {
    const modified: Record<string, unknown> = { ...m };
    if ('proofs' in modified)
      lazy(modified, () => (decided?.modifiedProofs as Proof[] | undefined) ?? original()?.modified?.proofs ?? []);
    out.modified = modified;
  }
  return out as unknown as Edge;
}

/** Defines `proofs` as a getter that computes its value once, keeping the member's place. */
function lazy(target: Record<string, unknown>, get: () => readonly Proof[]): void {
  let value: readonly Proof[] | undefined;
  Object.defineProperty(target, 'proofs', { enumerable: true, get: () => (value ??= get()) });
}

/** The built worker next to this module (`dist/analysis-worker.js`, or `.cjs` for `require`). */
function workerUrl(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.cjs') ? './analysis-worker.cjs' : './analysis-worker.js', here);
}

/**
 * The Node options of a worker: this process's (inherited, the default) unless they include
 * `--input-type` (`node --input-type=module -e`), which a worker refuses; then none.
 */
function workerFlags(): string[] | undefined {
  return process.execArgv.some((a) => a.startsWith('--input-type')) ? [] : undefined;
}

/** The options a worker's analysis is built with (data only; the main thread's analysis too). */
function analysisOptionsOf(o: PrivilegeGraphOptions): ParallelAnalysisOptions {
  const out: Record<string, unknown> = {};
  for (const k of [
    'authorizer',
    'unknownKeys',
    'maxCombinations',
    'adminActions',
    'maxDepth',
    'techniques',
    'runsAs',
    'groupPrincipals',
  ] as const)
    if (o[k] !== undefined) out[k] = o[k];
  return out as ParallelAnalysisOptions;
}

/** What is wrong with the options of the parallel analysis itself. */
function optionProblem(o: PrivilegeGraphOptions): { path: string; message: string } | undefined {
  if (o.workers !== undefined && !(Number.isInteger(o.workers) && o.workers >= 1 && o.workers <= 256))
    return { path: 'workers', message: `workers takes a whole number from 1 to 256, not ${String(o.workers)}` };
  if (o.from !== undefined && typeof o.from !== 'string')
    return { path: 'from', message: 'from takes the ARN of a user or role' };
  if (o.to !== undefined && typeof o.to !== 'string')
    return { path: 'to', message: 'to takes `admin` or the ARN of a principal' };
  if (o.graph !== undefined && typeof o.graph !== 'boolean')
    return { path: 'graph', message: 'graph takes true or false' };
  return undefined;
}

/** The number of users and roles of a world input (an estimate to cap the workers; never throws). */
function sourceCount(world: unknown): number {
  try {
    const w = world as { users?: unknown; roles?: unknown } | null;
    if (typeof w !== 'object' || w === null) return 0;
    const count = (x: unknown) => (typeof x === 'object' && x !== null ? Object.keys(x).length : 0);
    return count(w.users) + count(w.roles);
  } catch {
    return 0;
  }
}

function issue(code: Issue['code'], path: string, message: string): Issue {
  return { severity: 'error', code, path, message };
}

function messageOf(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return 'unknown error';
  }
}
