/**
 * Same-process A/B of one one-shot row (bench/scaling.mjs `oneShotCases`) between two builds, for the
 * A/B figures of docs/performance.md: A and B alternate in bursts of BURST calls, each burst timed in
 * CPU time of this process, and B/A is the median of the per-round ratios (quartiles in brackets).
 * PARSED=1 times the call on worlds parsed beforehand (JSON.parse left out). For the other order, swap
 * the builds and invert the ratio.
 *
 *   [CASE=one-shot-typical-lazy] [ROUNDS=600] [BURST=40] [PARSED=1] node bench/pair-one-shot.mjs <a.js> <b.js>
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
const [A, B] = process.argv.slice(2);
const { oneShotCases } = await import('./scaling.mjs');
const name = process.env.CASE ?? 'one-shot-typical-lazy';
const c = oneShotCases().find((x) => x.name === name);
const parsed = process.env.PARSED === '1';
const rounds = +(process.env.ROUNDS ?? 600);
const burst = +(process.env.BURST ?? 40);
const mods = [await import(pathToFileURL(resolve(A)).href), await import(pathToFileURL(resolve(B)).href)];
const pool = Array.from({ length: 64 * 2 }, () => JSON.parse(c.text));
let slot = 0;
const run = (m) => {
  const w = parsed ? pool[slot++ & 127] : JSON.parse(c.text);
  if (m.createAuthorizer(w, c.options).authorize(c.request).decision !== c.expect) throw new Error('wrong decision');
};
const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const time = (m) => {
  const t = cpu();
  for (let i = 0; i < burst; i++) run(m);
  return (cpu() - t) / burst;
};
for (let i = 0; i < 3000; i++) {
  run(mods[0]);
  run(mods[1]);
}
const ta = [],
  tb = [],
  r = [];
for (let i = 0; i < rounds; i++) {
  let a, b;
  if (i & 1) {
    b = time(mods[1]);
    a = time(mods[0]);
  } else {
    a = time(mods[0]);
    b = time(mods[1]);
  }
  ta.push(a);
  tb.push(b);
  r.push(b / a);
}
const q = (xs, f) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length * f)];
console.log(
  `${name}${parsed ? ' (pre-parsed)' : ''}: B/A ${q(r, 0.5).toFixed(3)} [${q(r, 0.25).toFixed(3)}–${q(r, 0.75).toFixed(3)}]  A ${q(ta, 0.5).toFixed(1)} µs  B ${q(tb, 0.5).toFixed(1)} µs  (${rounds} rounds of ${burst})`,
);
