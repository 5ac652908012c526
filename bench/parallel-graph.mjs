/**
 * `privilegeGraph` (iam-verdict/analysis/parallel) on the big world with a privilege graph: the full
 * graph and the escalation paths to admin from every user and role, on the main thread
 * (`workers: 1`, compile included) and over `PARALLEL_WORKERS` (default 2) worker threads (thread
 * start, structured clone, one compile per worker and the merge included). Wall and CPU time; the
 * CPU of each thread is read from /proc/self/task (Linux; sampled every 100 ms, as the workers end
 * with the call), so that the figures of a shared machine also say what an idle one gives: on free
 * cores the wall time of the workers is about the busiest thread's CPU. The answers are compared
 * (every hop and path, proofs aside), then the proofs of the paths' hops are read (re-derived on
 * the main thread) and compared with the single-threaded ones. Not a unit test; after
 * `npm run build`:
 *
 *   node --expose-gc bench/parallel-graph.mjs
 *   PARALLEL_WORKERS=3 node --expose-gc bench/parallel-graph.mjs
 *
 * `IAM_VERDICT_DIST=<dir>` loads the library from another build (`analysis-parallel.js` and
 * `analysis-worker.js` side by side).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { generateBigWorld } from './big-world.mjs';

const entry = (name) =>
  process.env.IAM_VERDICT_DIST
    ? pathToFileURL(`${process.env.IAM_VERDICT_DIST}/${name}.js`).href
    : new URL(`../dist/${name}.js`, import.meta.url).href;
const { privilegeGraph } = await import(entry('analysis-parallel'));

const ms = (t) => Math.round(t);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const TICK_MS = 10; // USER_HZ = 100 on Linux

/** CPU ms of every thread of this process, by thread id (Linux only; `{}` elsewhere). */
function threadCpu() {
  const out = {};
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out[tid] = (Number(f[11]) + Number(f[12])) * TICK_MS; // utime, stime
    }
  } catch {
    /* not Linux */
  }
  return out;
}

/** Runs `f`, sampling the CPU of every thread; returns its result, wall, process CPU and per-thread CPU. */
async function measured(f) {
  const before = threadCpu();
  const last = { ...before };
  const timer = setInterval(() => Object.assign(last, threadCpu()), 100);
  const c = cpu();
  const t = performance.now();
  const result = await f();
  const wallMs = performance.now() - t;
  const cpuMs = cpu() - c;
  clearInterval(timer);
  Object.assign(last, threadCpu());
  const threads = Object.entries(last)
    .map(([tid, v]) => ({ tid, cpuMs: v - (before[tid] ?? 0) }))
    .filter((x) => x.cpuMs >= 100)
    .sort((a, b) => b.cpuMs - a.cpuMs);
  const main = threads.find((x) => x.tid === String(process.pid))?.cpuMs ?? 0;
  const others = threads.filter((x) => x.tid !== String(process.pid)).map((x) => x.cpuMs);
  return { result, wallMs, cpuMs, mainThreadCpuMs: main, otherThreadsCpuMs: others };
}

/** Every hop and path as text, proofs aside (reading them would re-derive them all). */
function answerOf(r) {
  const hop = (e) =>
    JSON.stringify([e.from, e.to, e.via, e.name, e.conditions, e.condition, e.resource, e.notes, e.modified?.change]);
  return JSON.stringify([r.edges.map(hop), r.paths.to, r.paths.admins, r.paths.paths.map((p) => p.map(hop))]);
}

const big = generateBigWorld(undefined, undefined, { graph: true });
const n = Number(process.env.PARALLEL_WORKERS ?? 2);
const load = () => loadavg().map((x) => Math.round(x * 100) / 100);

const loadBefore = load();
const single = await measured(() => privilegeGraph(big.world, { workers: 1 }));
if (!single.result.ok) throw new Error(JSON.stringify(single.result.errors));
globalThis.gc?.();
const loadMiddle = load();
const parallel = await measured(() => privilegeGraph(big.world, { workers: n }));
if (!parallel.result.ok) throw new Error(JSON.stringify(parallel.result.errors));
const loadAfter = load();

const sameAnswer = answerOf(single.result) === answerOf(parallel.result);
const t = performance.now();
const proofsOf = (r) => JSON.stringify(r.paths.paths.map((p) => p.map((e) => [e.proofs, e.modified?.proofs])));
const parallelProofs = proofsOf(parallel.result);
const rederiveMs = performance.now() - t;
const sameProofs = parallelProofs === proofsOf(single.result);

const row = (m) => ({
  wallMs: ms(m.wallMs),
  processCpuMs: ms(m.cpuMs),
  mainThreadCpuMs: ms(m.mainThreadCpuMs),
  otherThreadsCpuMs: m.otherThreadsCpuMs.map(ms),
});
console.log(
  JSON.stringify(
    {
      sources: Object.keys(big.world.users).length + Object.keys(big.world.roles).length,
      edges: single.result.edges.length,
      paths: single.result.paths.paths.length,
      admins: single.result.paths.admins.length,
      mainThread: row(single),
      workers: { n: parallel.result.workers, ...row(parallel) },
      sameAnswer,
      pathProofs: { sameAsMainThread: sameProofs, rederiveMs: ms(rederiveMs) },
      loadAverage: { before: loadBefore, between: loadMiddle, after: loadAfter },
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    },
    null,
    2,
  ),
);
