/**
 * The analysis on the big world: the full privilege graph with escalation paths to admin,
 * transitive who-can (p50), what-can over the catalog per principal, and memory. Not a unit test;
 * run it directly after `npm run build`:
 *
 *   node --expose-gc bench/analysis.mjs            # everything
 *   ANALYSIS_SOURCES=500 node bench/analysis.mjs   # the graph from the first 500 users/roles only
 *   ANALYSIS_STRIDE=20 node bench/analysis.mjs    # the graph from every 20th user and role only
 *   ANALYSIS_GRAPH_ONLY=1 node bench/analysis.mjs  # stop after the graph
 *   BIG_WORLD_GRAPH=0 node bench/analysis.mjs      # the default big world (its privilege graph is empty)
 *
 * By default the world is the big world with a privilege graph (`generateBigWorld(seed, size,
 * { graph: true })`: admin roles, trusts naming users and roles, AssumeRole/PassRole/escalation
 * grants, boundaries and an SCP deny), so that the graph and the paths have something to find.
 *
 * Each stage prints wall-clock and CPU milliseconds (`cpuMs`, this process's user + system time):
 * on a machine shared with other jobs, the CPU time is the fairer figure.
 */
import { pathToFileURL } from 'node:url';
import { generateBigWorld, bigWorldRequests } from './big-world.mjs';

const entry = (name) =>
  process.env.IAM_VERDICT_DIST
    ? pathToFileURL(`${process.env.IAM_VERDICT_DIST}/${name}.js`).href
    : new URL(`../dist/${name}.js`, import.meta.url).href;
const { createAuthorizer } = await import(entry('index'));
const { createAnalysis } = await import(entry('analysis'));
const { bundledCatalog } = await import(entry('catalog'));
/** Each stage's figures are printed as soon as it ends (a long stage does not hide the others). */
const report = (stage, figures) => console.log(JSON.stringify({ stage, ...figures }));

const MiB = 2 ** 20;
const gc = globalThis.gc ?? (() => {});
const ms = (t) => Math.round(t * 10) / 10;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

gc();
const rss0 = process.memoryUsage().rss;
const withGraph = process.env.BIG_WORLD_GRAPH !== '0';
const big = generateBigWorld(undefined, undefined, { graph: withGraph });
if (big.graph) report('world-graph', big.graph);
let t = performance.now();
const authorizer = createAuthorizer(big.world);
const compileMs = performance.now() - t;
t = performance.now();
const analysis = createAnalysis(authorizer);
const analysisMs = performance.now() - t;
report('setup', { compileMs: ms(compileMs), analysisSetupMs: ms(analysisMs) });

const principals = [...Object.keys(big.world.users), ...Object.keys(big.world.roles)];
const limit = Number(process.env.ANALYSIS_SOURCES ?? principals.length);
// ANALYSIS_STRIDE=n: every n-th user and role only (a sample of both kinds; times scale by n).
const stride = Number(process.env.ANALYSIS_STRIDE ?? 1);
const sources = principals.filter((_, i) => i % stride === 0).slice(0, limit);

// The full privilege graph: every hop out of every user and role.
t = performance.now();
let c = cpu();
let edges = 0;
const edgesVia = {};
const edgeSources = new Set();
for (const p of sources) {
  const out = analysis.edgesFrom(p);
  edges += out.length;
  if (out.length) edgeSources.add(p);
  for (const e of out) edgesVia[e.via] = (edgesVia[e.via] ?? 0) + 1;
}
const graphMs = performance.now() - t;
const graphCpu = cpu() - c;
report('graph', {
  sources: sources.length,
  stride,
  edges,
  sourcesWithEdges: edgeSources.size,
  edgesVia,
  ms: ms(graphMs),
  cpuMs: ms(graphCpu),
  perSourceMs: ms(graphMs / sources.length),
});
// ANALYSIS_GRAPH_ONLY=1: stop after the graph (for profiling it).
if (process.env.ANALYSIS_GRAPH_ONLY) process.exit(0);

// Escalation paths to admin from every source (the hops and the admin checks are cached).
t = performance.now();
c = cpu();
let paths = 0;
let admins = 0;
let sourcesWithPaths = 0;
let longestPath = 0;
for (const p of sources) {
  const r = analysis.escalationPaths({ from: p, to: 'admin' });
  paths += r.paths.length;
  admins += r.admins.length;
  if (r.paths.length) sourcesWithPaths++;
  for (const path of r.paths) longestPath = Math.max(longestPath, path.length);
}
const pathsMs = performance.now() - t;
const pathsCpu = cpu() - c;
report('escalation', { paths, admins, sourcesWithPaths, longestPath, ms: ms(pathsMs), cpuMs: ms(pathsCpu) });

// Who-can over sample requests: direct, then transitive (which needs the hops of every principal).
const samples = bigWorldRequests(big, Number(process.env.ANALYSIS_WHO_CAN ?? 20)).map((r) => r.request);
// With the graph: also who can assume a few of the admin roles (the hops decide the transitive answer).
if (big.graph)
  for (const arn of Object.keys(big.world.roles)
    .filter((a) => a.includes(':role/admin/'))
    .slice(0, 4))
    samples.push({ action: 'sts:AssumeRole', resource: arn });
const whoCan = [];
const whoCanCpu = [];
let answered = 0;
for (const transitive of process.env.ANALYSIS_TRANSITIVE === '0' ? [false] : [false, true]) {
  whoCan.length = 0;
  whoCanCpu.length = 0;
  for (const r of samples) {
    t = performance.now();
    c = cpu();
    answered += analysis.whoCan({
      action: r.action,
      resource: r.resource,
      ...(r.resourceAccount ? { resourceAccount: r.resourceAccount } : {}),
      transitive,
    }).principals.length;
    whoCan.push(performance.now() - t);
    whoCanCpu.push(cpu() - c);
  }
  report(transitive ? 'who-can-transitive' : 'who-can', {
    samples: whoCan.length,
    answered,
    p50Ms: ms(pct(whoCan, 50)),
    p90Ms: ms(pct(whoCan, 90)),
    p50CpuMs: ms(pct(whoCanCpu, 50)),
    p90CpuMs: ms(pct(whoCanCpu, 90)),
    maxMs: ms(Math.max(...whoCan)),
  });
}

// What-can over every catalog action, for a few principals.
const catalog = bundledCatalog();
const catalogActions = catalog.services.reduce((n, s) => n + (catalog.service(s)?.actions.length ?? 0), 0);
const withCatalog = createAnalysis(authorizer, { catalog });
const whatCan = [];
const whatCanCpu = [];
let allowed = 0;
for (const p of principals.filter((_, i) => i % 997 === 0).slice(0, Number(process.env.ANALYSIS_WHAT_CAN ?? 8))) {
  t = performance.now();
  c = cpu();
  allowed += withCatalog.whatCan({ principal: p }).services.reduce((n, s) => n + s.actions.length, 0);
  whatCan.push(performance.now() - t);
  whatCanCpu.push(cpu() - c);
}
const actionCount = catalogActions;
// The first question of a fresh analysis also builds its statement index and probes (set-up shared
// by every later question): reported apart, and the steady figures are the others'.
const steady = whatCan.slice(1);
const steadyCpu = whatCanCpu.slice(1);
report('what-can', {
  principals: whatCan.length,
  actions: actionCount,
  allowed,
  p50Ms: ms(pct(whatCan, 50)),
  p90Ms: ms(pct(whatCan, 90)),
  p50CpuMs: ms(pct(whatCanCpu, 50)),
  p90CpuMs: ms(pct(whatCanCpu, 90)),
  maxMs: ms(Math.max(...whatCan)),
  firstMs: ms(whatCan[0] ?? 0),
  firstCpuMs: ms(whatCanCpu[0] ?? 0),
  ...(steady.length
    ? { afterFirstMaxMs: ms(Math.max(...steady)), afterFirstMaxCpuMs: ms(Math.max(...steadyCpu)) }
    : {}),
});
gc();
const mem = process.memoryUsage();
console.log(
  JSON.stringify(
    {
      world: {
        users: Object.keys(big.world.users).length,
        roles: Object.keys(big.world.roles).length,
        managedPolicies: Object.keys(big.world.managedPolicies).length,
      },
      compileMs: ms(compileMs),
      analysisSetupMs: ms(analysisMs),
      graph: {
        sources: sources.length,
        edges,
        sourcesWithEdges: edgeSources.size,
        edgesVia,
        ms: ms(graphMs),
        cpuMs: ms(graphCpu),
      },
      worldGraph: big.graph ?? null,
      escalation: { paths, admins, sourcesWithPaths, longestPath, ms: ms(pathsMs), cpuMs: ms(pathsCpu) },
      graphWithEscalation: { ms: ms(graphMs + pathsMs), cpuMs: ms(graphCpu + pathsCpu) },
      // The last who-can run: transitive unless ANALYSIS_TRANSITIVE=0.
      whoCanTransitive: {
        transitive: process.env.ANALYSIS_TRANSITIVE !== '0',
        samples: whoCan.length,
        answered,
        p50Ms: ms(pct(whoCan, 50)),
        p90Ms: ms(pct(whoCan, 90)),
        p50CpuMs: ms(pct(whoCanCpu, 50)),
        p90CpuMs: ms(pct(whoCanCpu, 90)),
        p95Ms: ms(pct(whoCan, 95)),
      },
      whatCan: {
        principals: whatCan.length,
        actions: actionCount,
        p50Ms: ms(pct(whatCan, 50)),
        p90Ms: ms(pct(whatCan, 90)),
        p50CpuMs: ms(pct(whatCanCpu, 50)),
        p90CpuMs: ms(pct(whatCanCpu, 90)),
        maxMs: ms(Math.max(...whatCan)),
        firstCpuMs: ms(whatCanCpu[0] ?? 0),
        afterFirstMaxCpuMs: steadyCpu.length ? ms(Math.max(...steadyCpu)) : null,
      },
      // Peak resident set of the whole run (process.resourceUsage().maxRSS is in KiB), and after a GC at the end.
      memory: {
        peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
        rssMiB: Math.round((mem.rss - rss0) / MiB),
        heapUsedMiB: Math.round(mem.heapUsed / MiB),
      },
    },
    null,
    2,
  ),
);
