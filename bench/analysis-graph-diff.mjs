/**
 * Same-world comparison of the privilege graph of two builds (directories holding `index.js` and
 * `analysis.js`, e.g. `dist/` of two commits) on the bench's big world with a privilege graph:
 * every edge out of every source (in order: from, to, via, name, conditions, the residual itself,
 * resource, notes, modification), every escalation path to admin (each hop's from, to, via and
 * conditions) and the admins, must be the same; on every `DIFF_PROOFS`-th edge (default 50) also
 * the proofs (each request and the engine's decision, and the modification's proofs). Prints one
 * JSON line per build with its CPU times, then the verdict; exits 1 on a difference. Not a unit test:
 *
 *   node --expose-gc bench/analysis-graph-diff.mjs <dirA> <dirB>
 *   DIFF_STRIDE=10 node --expose-gc bench/analysis-graph-diff.mjs <dirA> <dirB>   # every 10th source
 *
 * The builds run one after the other in the same process (each with its own authorizer and analysis).
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { generateBigWorld } from './big-world.mjs';

const [dirA, dirB] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error('usage: node bench/analysis-graph-diff.mjs <dirA> <dirB>');
  process.exit(2);
}
const stride = Number(process.env.DIFF_STRIDE ?? 1);
const proofEvery = Number(process.env.DIFF_PROOFS ?? 50);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const big = generateBigWorld(undefined, undefined, { graph: true });
const principals = [...Object.keys(big.world.users), ...Object.keys(big.world.roles)];
const sources = principals.filter((_, i) => i % stride === 0);

const edgeText = (e) =>
  JSON.stringify([
    e.from,
    e.to,
    e.via,
    e.name,
    e.conditions,
    e.condition,
    e.resource ?? null,
    e.notes,
    e.modified ? [e.modified.change, e.modified.principal] : null,
  ]);
const proofText = (proofs) => JSON.stringify(proofs.map((p) => [p.request, p.decision.decision]));

async function run(dir) {
  const url = (name) => pathToFileURL(resolve(dir, `${name}.js`)).href;
  const { createAuthorizer } = await import(url('index'));
  const { createAnalysis } = await import(url('analysis'));
  const analysis = createAnalysis(createAuthorizer(big.world));
  const out = { edges: [], paths: [], proofs: [] };
  let c = cpu();
  let n = 0;
  for (const s of sources)
    for (const e of analysis.edgesFrom(s)) {
      out.edges.push(edgeText(e));
      if (n++ % proofEvery === 0) out.proofs.push(null);
    }
  const graphCpu = cpu() - c;
  c = cpu();
  for (const s of sources) {
    const r = analysis.escalationPaths({ from: s, to: 'admin' });
    out.paths.push(
      JSON.stringify([s, r.admins, r.paths.map((p) => p.map((e) => [e.from, e.to, e.via, e.conditions]))]),
    );
  }
  const pathsCpu = cpu() - c;
  // The proofs of every proofEvery-th edge (decided when read, after the timings).
  n = 0;
  let k = 0;
  for (const s of sources)
    for (const e of analysis.edgesFrom(s))
      if (n++ % proofEvery === 0)
        out.proofs[k++] = `${proofText(e.proofs)}${e.modified ? proofText(e.modified.proofs) : ''}`;
  console.log(
    JSON.stringify({
      build: dir,
      sources: sources.length,
      edges: out.edges.length,
      graphCpuMs: Math.round(graphCpu),
      pathsCpuMs: Math.round(pathsCpu),
    }),
  );
  return out;
}

const a = await run(dirA);
globalThis.gc?.();
const b = await run(dirB);
let differences = 0;
for (const part of ['edges', 'paths', 'proofs']) {
  const x = a[part];
  const y = b[part];
  if (x.length !== y.length) {
    differences++;
    console.log(JSON.stringify({ part, lengthA: x.length, lengthB: y.length }));
  }
  for (let i = 0; i < Math.min(x.length, y.length); i++)
    if (x[i] !== y[i] && differences++ < 10) console.log(JSON.stringify({ part, index: i, a: x[i], b: y[i] }));
}
console.log(
  JSON.stringify({
    verdict: differences === 0 ? 'same' : 'different',
    differences,
    edges: a.edges.length,
    paths: a.paths.length,
    proofsCompared: a.proofs.length,
  }),
);
process.exit(differences === 0 ? 0 : 1);
