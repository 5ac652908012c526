/**
 * Big-world rotation and first decisions, two bundles side by side in one process (issue #16:
 * rotation ≤ 3 µs, a principal's first decision ≤ 50 µs). Alternating bursts; the ratios of the
 * bursts are what to read on a noisy machine.
 *
 *   node --expose-gc bench/big-world-ab.mjs <a.js> [<b.js>]
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { bigWorldRequests, generateBigWorld } from './big-world.mjs';

const entries = process.argv.slice(2);
if (entries.length === 0) throw new Error('usage: big-world-ab.mjs <bundle> [<bundle>]');
const libs = await Promise.all(entries.map((e) => import(pathToFileURL(resolve(e)).href)));
const big = generateBigWorld();
const sample = bigWorldRequests(big, 600).map((c) => c.request);
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const out = {};
// First decisions: a fresh authorizer per bundle, each principal's first request, timed alone.
for (let round = 0; round < 3; round++) {
  libs.forEach((lib, k) => {
    const authorizer = lib.createAuthorizer(big.world);
    const seen = new Set();
    const firsts = [];
    for (const r of sample) {
      if (seen.has(r.principal)) continue;
      seen.add(r.principal);
      const t0 = process.hrtime.bigint();
      authorizer.authorize(r);
      firsts.push(Number(process.hrtime.bigint() - t0) / 1000);
      if (firsts.length >= 200) break;
    }
    (out[entries[k]] ??= { first: [], rotation: [] }).first.push(med(firsts));
  });
}
const authorizers = libs.map((lib) => lib.createAuthorizer(big.world));
for (const a of authorizers) for (let i = 0; i < 5; i++) for (const r of sample) a.authorize(r);
// Rotation: wall time per decision, and CPU time (this process's own, which other processes on a
// loaded machine do not inflate as much).
for (let burst = 0; burst < 15; burst++) {
  authorizers.forEach((a, k) => {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 20; i++) for (const r of sample) a.authorize(r);
    out[entries[k]].rotation.push(Number(process.hrtime.bigint() - t0) / 1000 / (20 * sample.length));
    const c = process.cpuUsage(c0);
    (out[entries[k]].cpu ??= []).push((c.user + c.system) / (20 * sample.length));
  });
}
for (const [e, v] of Object.entries(out)) {
  console.log(
    `${e}: first decision median ${med(v.first).toFixed(1)} µs (${v.first.map((x) => x.toFixed(1)).join(' ')}), rotation median ${med(v.rotation).toFixed(2)} µs (min ${Math.min(...v.rotation).toFixed(2)}), CPU ${med(v.cpu).toFixed(2)} µs (min ${Math.min(...v.cpu).toFixed(2)})`,
  );
}
if (entries.length === 2) {
  const [a, b] = entries.map((e) => out[e].rotation);
  console.log(`rotation b/a: median ratio ${med(a.map((x, i) => b[i] / x)).toFixed(3)}`);
  const [ca, cb] = entries.map((e) => out[e].cpu);
  console.log(`rotation CPU b/a: median ratio ${med(ca.map((x, i) => cb[i] / x)).toFixed(3)}`);
}
