/**
 * Same-process A/B of the analysis on the big world: two builds (directories holding `index.js`,
 * `analysis.js` and `catalog.js`, e.g. `dist/` of two commits) answer the same who-can (direct and
 * transitive) and what-can questions, alternating which goes first; the answers must be identical
 * (compared as JSON without proofs) and the CPU times are reported per build. Not a unit test:
 *
 *   node --expose-gc bench/analysis-ab.mjs <dirA> <dirB>
 *
 * `AB_WHO_CAN` (default 20) and `AB_WHAT_CAN` (default 8) size the samples. On a shared machine read
 * the ratios of the alternating runs, not single timings.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { generateBigWorld, bigWorldRequests } from './big-world.mjs';

const [dirA, dirB] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error('usage: node bench/analysis-ab.mjs <dirA> <dirB>');
  process.exit(2);
}
const load = async (dir) => {
  const url = (name) => pathToFileURL(resolve(dir, `${name}.js`)).href;
  return {
    ...(await import(url('index'))),
    ...(await import(url('analysis'))),
    ...(await import(url('catalog'))),
  };
};
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
};
/** An answer without its proofs (proofs are requests and explanations, compared by the tests). */
const who = (r) => JSON.stringify(r.principals.map((e) => [e.principal, e.conditions, e.path?.map((x) => x.via)]));
const what = (r) =>
  JSON.stringify(
    r.services.map((s) => [
      s.service,
      s.actions.map((a) => [a.action, a.truncated, a.resources.map((x) => [x.resource, x.decision.text])]),
    ]),
  );

const big = generateBigWorld();
const builds = [];
for (const [name, dir] of [
  ['A', dirA],
  ['B', dirB],
]) {
  const lib = await load(dir);
  const authorizer = lib.createAuthorizer(big.world);
  const catalog = lib.bundledCatalog();
  const b = {
    name,
    analysis: lib.createAnalysis(authorizer),
    withCatalog: lib.createAnalysis(authorizer, { catalog }),
    times: {},
  };
  let c = cpu();
  b.analysis.graph();
  b.times.graph = [cpu() - c];
  builds.push(b);
}
globalThis.gc?.();

const samples = bigWorldRequests(big, Number(process.env.AB_WHO_CAN ?? 20)).map((r) => r.request);
const principals = [...Object.keys(big.world.users), ...Object.keys(big.world.roles)]
  .filter((_, i) => i % 997 === 0)
  .slice(0, Number(process.env.AB_WHAT_CAN ?? 8));
let mismatches = 0;
const time = (b, stage, f) => {
  const c = cpu();
  const out = f();
  (b.times[stage] ??= []).push(cpu() - c);
  return out;
};
const run = (stage, questions, ask, show) => {
  questions.forEach((q, i) => {
    const order = i % 2 === 0 ? builds : [...builds].reverse();
    const answers = order.map((b) => show(time(b, stage, () => ask(b, q))));
    if (answers[0] !== answers[1]) {
      mismatches++;
      console.log(JSON.stringify({ stage, mismatch: q }));
    }
  });
};
for (const transitive of [false, true])
  run(
    transitive ? 'whoCanTransitive' : 'whoCan',
    samples,
    (b, r) =>
      b.analysis.whoCan({
        action: r.action,
        resource: r.resource,
        ...(r.resourceAccount ? { resourceAccount: r.resourceAccount } : {}),
        transitive,
      }),
    who,
  );
run('whatCan', principals, (b, p) => b.withCatalog.whatCan({ principal: p }), what);

for (const b of builds)
  console.log(
    JSON.stringify({
      build: b.name,
      ...Object.fromEntries(
        Object.entries(b.times).map(([k, v]) => [k, { n: v.length, p50CpuMs: pct(v, 50), p90CpuMs: pct(v, 90) }]),
      ),
    }),
  );
console.log(JSON.stringify({ mismatches, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
