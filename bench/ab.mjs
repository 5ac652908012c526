/**
 * Same-process A/B comparison of two builds of iam-verdict, for optimization work on a noisy
 * machine: both builds decide the estate's (and the managed corpus') scenarios in alternating
 * bursts, and the median and minimum of the burst means are printed per scenario.
 *
 *   npx esbuild src/index.ts --bundle --format=esm --platform=node --packages=external --outfile=node_modules/.cache/ab/a.js
 *   (change the source)
 *   npx esbuild … --outfile=node_modules/.cache/ab/b.js
 *   node bench/ab.mjs node_modules/.cache/ab/a.js node_modules/.cache/ab/b.js [--estate-only] [--explain]
 *
 * `--explain` decides with `{ explain: true }` (the explained path). `--cpu` times each burst by the
 * process's CPU time instead of the wall clock (steadier when other processes share the cores) and
 * adds the median of the per-round B/A ratios.
 *
 * Bundles must live inside the repository so that their dependencies resolve.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { estateScenarios, estateWorld } from './estate.mjs';
import { managedCorpus, managedScenarios, managedWorld } from './managed.mjs';

const [A, B, ...flags] = process.argv.slice(2);
const flag = flags.includes('--estate-only') ? '--estate-only' : undefined;
const options = flags.includes('--explain') ? { explain: true } : undefined;
const cpu = flags.includes('--cpu');
if (!A || !B) {
  console.error('usage: node bench/ab.mjs <build-a.js> <build-b.js> [--estate-only] [--explain]');
  process.exit(2);
}
const libs = [await import(pathToFileURL(resolve(A)).href), await import(pathToFileURL(resolve(B)).href)];
const cases = [];
const estate = libs.map((l) => l.createAuthorizer(estateWorld()));
for (const s of estateScenarios()) cases.push([s.name, estate.map((a) => () => a.authorize(s.request, options))]);
const nothing = {
  principal: 'arn:aws:iam::111111111111:user/alice',
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::x/y',
  time: '2025-06-01T12:00:00Z',
};
cases.push(['no-policy-match', estate.map((a) => () => a.authorize(nothing, options))]);
if (flag !== '--estate-only') {
  const corpus = managedCorpus();
  const { world, catalog } = managedWorld(corpus);
  const managed = libs.map((l) => l.createAuthorizer(world, { managedPolicies: catalog }));
  for (const s of managedScenarios(corpus))
    cases.push([s.name, managed.map((a) => () => a.authorize(s.request, options))]);
}

const BURST = 5000;
const ROUNDS = 40;
const median = (x) => [...x].sort((a, b) => a - b)[x.length >> 1];
console.log(
  `${'scenario'.padEnd(20)}${'A'.padStart(9)}${'B'.padStart(9)}   µs per decision: median of ${ROUNDS} burst means (min A, min B)`,
);
for (const [name, fns] of cases) {
  const times = [[], []];
  for (let r = 0; r < ROUNDS; r++) {
    for (const k of r % 2 ? [1, 0] : [0, 1]) {
      const f = fns[k];
      if (cpu) {
        const c0 = process.cpuUsage();
        for (let i = 0; i < BURST; i++) f();
        const c = process.cpuUsage(c0);
        times[k].push((c.user + c.system) / BURST);
        continue;
      }
      const t0 = performance.now();
      for (let i = 0; i < BURST; i++) f();
      times[k].push(((performance.now() - t0) / BURST) * 1000);
    }
  }
  const [a, b] = times;
  console.log(
    `${name.padEnd(20)}${median(a).toFixed(3).padStart(9)}${median(b).toFixed(3).padStart(9)}   (${Math.min(...a).toFixed(3)}, ${Math.min(...b).toFixed(3)})${cpu ? `  B/A ${median(a.map((x, i) => b[i] / x)).toFixed(3)}` : ''}`,
  );
}
