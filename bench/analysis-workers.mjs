/**
 * Does splitting the analysis by principal over worker threads pay on this machine? The full
 * privilege graph with escalation paths to admin, from every user and role of the big world, is
 * computed (1) on the main thread and (2) by `ANALYSIS_WORKERS` (default 2) workers, each given the
 * world (structured clone), compiling it, and searching a slice of the sources; the answers are
 * compared (edge and path counts, admins). A compiled authorizer holds functions and cannot be
 * sent to a worker, so every worker compiles the world itself, and builds its own analysis caches
 * (statement index, probes, per-question clauses, service trusts, admin checks), which the sources
 * of one thread share. Per worker: `startMs` (thread start, module load and the world's
 * structured clone, until the worker runs), `compileMs`, `graphAndPathsMs` and its CPU time. The
 * results sent back are counts (their clone is negligible). Not a unit test; after `npm run build`:
 *
 *   node --expose-gc bench/analysis-workers.mjs                 # the big world with a privilege graph
 *   BIG_WORLD_GRAPH=0 node --expose-gc bench/analysis-workers.mjs   # the default big world
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const entry = (name) =>
  process.env.IAM_VERDICT_DIST
    ? pathToFileURL(`${process.env.IAM_VERDICT_DIST}/${name}.js`).href
    : new URL(`../dist/${name}.js`, import.meta.url).href;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const ms = (t) => Math.round(t * 10) / 10;

/** Wall-clock time comparable across threads (ms since the epoch). */
const now = () => performance.timeOrigin + performance.now();

/** Compiles the world, then the graph and escalation paths from `sources`: counts and times. */
async function work(world, sources) {
  const { createAuthorizer } = await import(entry('index'));
  const { createAnalysis } = await import(entry('analysis'));
  let t = performance.now();
  let c = cpu();
  const analysis = createAnalysis(createAuthorizer(world));
  const compileMs = performance.now() - t;
  t = performance.now();
  let edges = 0;
  let paths = 0;
  const admins = [];
  for (const p of sources) edges += analysis.edgesFrom(p).length;
  for (const p of sources) {
    const r = analysis.escalationPaths({ from: p, to: 'admin' });
    paths += r.paths.length;
    admins.push(...r.admins);
  }
  return { edges, paths, admins, compileMs, graphMs: performance.now() - t, cpuMs: cpu() - c };
}

if (!isMainThread) {
  const started = now();
  const { world, sources, sentAt } = workerData;
  // A worker's cpuUsage is the whole process's: its own share needs process.threadCpuUsage (Node ≥ 23).
  const c0 = process.threadCpuUsage?.() ?? null;
  const r = await work(world, sources);
  const c1 = process.threadCpuUsage?.() ?? null;
  const threadCpuMs = c0 && c1 ? (c1.user - c0.user + c1.system - c0.system) / 1000 : null;
  parentPort.postMessage({ ...r, threadCpuMs, startMs: started - sentAt });
} else {
  const { generateBigWorld } = await import('./big-world.mjs');
  const big = generateBigWorld(undefined, undefined, { graph: process.env.BIG_WORLD_GRAPH !== '0' });
  const sources = [...Object.keys(big.world.users), ...Object.keys(big.world.roles)];
  const n = Number(process.env.ANALYSIS_WORKERS ?? 2);

  let t = performance.now();
  const one = await work(big.world, sources);
  const single = { ...one, wallMs: performance.now() - t };
  globalThis.gc?.();

  t = performance.now();
  const c = cpu();
  const slices = Array.from({ length: n }, (_, i) => sources.filter((_, j) => j % n === i));
  const results = await Promise.all(
    slices.map(
      (slice) =>
        new Promise((resolve, reject) => {
          const w = new Worker(new URL(import.meta.url), {
            workerData: { world: big.world, sources: slice, sentAt: now() },
          });
          w.once('message', resolve);
          w.once('error', reject);
        }),
    ),
  );
  const wallMs = performance.now() - t;
  const mainCpuMs = cpu() - c;
  const same =
    results.reduce((x, r) => x + r.edges, 0) === single.edges &&
    results.reduce((x, r) => x + r.paths, 0) === single.paths &&
    results
      .flatMap((r) => r.admins)
      .sort()
      .join() === [...single.admins].sort().join();
  console.log(
    JSON.stringify(
      {
        sources: sources.length,
        singleThread: {
          edges: single.edges,
          paths: single.paths,
          admins: single.admins.length,
          compileMs: ms(single.compileMs),
          graphAndPathsMs: ms(single.graphMs),
          wallMs: ms(single.wallMs),
          cpuMs: ms(single.cpuMs),
        },
        workers: {
          n,
          sameAnswer: same,
          wallMs: ms(wallMs),
          perWorker: results.map((r) => ({
            startMs: ms(r.startMs),
            compileMs: ms(r.compileMs),
            graphAndPathsMs: ms(r.graphMs),
            ...(r.threadCpuMs !== null ? { cpuMs: ms(r.threadCpuMs) } : {}),
          })),
          // CPU of the whole process (main thread and workers) while the workers ran.
          processCpuMs: ms(mainCpuMs),
        },
        peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      },
      null,
      2,
    ),
  );
}
