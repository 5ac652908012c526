/**
 * Same-process A/B of the privilege graph on the big world with a privilege graph: two builds
 * (directories holding `index.js` and `analysis.js`, e.g. `dist/` of two commits) build the hops
 * of the same sources, alternating which goes first, each round with a fresh analysis; every edge
 * (from, to, via, conditions, notes, resource, modification) and every escalation path must be the
 * same, and on every `PROOF_STRIDE`-th edge the proofs' requests and decisions too. CPU times are
 * reported per build and round. Not a unit test:
 *
 *   node --expose-gc bench/analysis-graph-diff-probe.mjs <dirA> <dirB>
 *
 * `ANALYSIS_STRIDE` (default 5): every n-th user and role; `ROUNDS` (default 2); `PROOF_STRIDE`
 * (default 50; 0: no proofs); `PATHS=0` skips the paths. Exits 1 when the graphs differ.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { generateBigWorld } from './big-world.mjs';

const [dirA, dirB] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error('usage: node bench/analysis-graph-diff-probe.mjs <dirA> <dirB>');
  process.exit(2);
}
const stride = Number(process.env.ANALYSIS_STRIDE ?? 5);
const rounds = Number(process.env.ROUNDS ?? 2);
const proofStride = Number(process.env.PROOF_STRIDE ?? 50);
const withPaths = process.env.PATHS !== '0';
const gc = globalThis.gc ?? (() => {});
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const load = async (dir) => {
  const url = (name) => pathToFileURL(resolve(dir, `${name}.js`)).href;
  return { ...(await import(url('index'))), ...(await import(url('analysis'))) };
};

/** An edge as compared: everything but the proofs (and, every `proofStride`-th edge, those too). */
const edgeText = (e, i) =>
  JSON.stringify([
    e.from,
    e.to,
    e.via,
    e.conditions,
    e.notes,
    e.resource ?? null,
    e.modified ? [e.modified.change, e.modified.principal] : null,
    proofStride > 0 && i % proofStride === 0
      ? [
          e.proofs.map((p) => [p.request, p.decision.decision]),
          e.modified ? e.modified.proofs.map((p) => [p.request, p.decision.decision]) : null,
        ]
      : null,
  ]);
const pathText = (p) => JSON.stringify(p.map((e) => [e.from, e.to, e.via, e.conditions, e.resource ?? null]));

const big = generateBigWorld(undefined, undefined, { graph: true });
const principals = [...Object.keys(big.world.users), ...Object.keys(big.world.roles)];
const sources = principals.filter((_, i) => i % stride === 0);
const builds = [];
for (const [name, dir] of [
  ['A', dirA],
  ['B', dirB],
]) {
  const lib = await load(dir);
  builds.push({
    name,
    lib,
    authorizer: lib.createAuthorizer(big.world),
    times: [],
    graph: undefined,
    paths: undefined,
  });
}
gc();
for (let round = 0; round < rounds; round++) {
  for (const b of round % 2 === 0 ? builds : [...builds].reverse()) {
    gc();
    const c0 = cpu();
    const t0 = performance.now();
    const analysis = b.lib.createAnalysis(b.authorizer);
    let edges = [];
    for (const p of sources) edges = edges.concat(analysis.edgesFrom(p));
    const graphCpu = cpu() - c0;
    const graphMs = performance.now() - t0;
    b.times.push({ round, graphCpu: Math.round(graphCpu), graphMs: Math.round(graphMs) });
    if (round === 0) {
      b.graph = edges.map(edgeText);
      if (withPaths) b.paths = sources.flatMap((s) => analysis.escalationPaths({ from: s }).paths.map(pathText));
    }
    console.log(
      JSON.stringify({
        build: b.name,
        round,
        edges: edges.length,
        cpuMs: Math.round(graphCpu),
        ms: Math.round(graphMs),
      }),
    );
  }
}
const [a, b] = builds;
let diffs = 0;
if (a.graph.length !== b.graph.length) {
  console.log(`edge counts differ: ${a.graph.length} vs ${b.graph.length}`);
  diffs++;
}
for (let i = 0; i < Math.max(a.graph.length, b.graph.length); i++)
  if (a.graph[i] !== b.graph[i] && diffs++ < 5) console.log(`edge ${i} differs:\n  A ${a.graph[i]}\n  B ${b.graph[i]}`);
if (withPaths) {
  if (JSON.stringify(a.paths) !== JSON.stringify(b.paths)) {
    diffs++;
    console.log(`paths differ: ${a.paths.length} vs ${b.paths.length}`);
  }
}
const ratio = (k) =>
  Math.round((b.times.reduce((s, t) => s + t[k], 0) / a.times.reduce((s, t) => s + t[k], 0)) * 1000) / 1000;
console.log(
  JSON.stringify({
    stride,
    sources: sources.length,
    edges: a.graph.length,
    paths: withPaths ? a.paths.length : undefined,
    proofStride,
    same: diffs === 0,
    cpuRatioBoverA: ratio('graphCpu'),
    wallRatioBoverA: ratio('graphMs'),
  }),
);
process.exit(diffs === 0 ? 0 : 1);
