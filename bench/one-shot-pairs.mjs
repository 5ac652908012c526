/**
 * One-shot use (world JSON text → one decision) by paired rounds, for a loaded machine: each round
 * times one burst of every task back to back (in a rotating order), in CPU time of this process,
 * and the ratios are taken within a round — two bursts of one round see the same load, so their
 * ratio is steadier than a ratio of medians taken minutes apart. Reports the median and the
 * quartiles of the per-round ratios: iam-simulate's load + `runSimulation` over each build's
 * eager and lazy one-shot (× faster), and build B over build A (< 1: B is faster).
 *
 *   node bench/one-shot-pairs.mjs <build-a/index.js> [<build-b/index.js>] [--rounds=60]
 *
 * What each side does per call (the one-shot rows of bench/scaling.mjs): iam-verdict
 * `createAuthorizer(JSON.parse(worldText), options).authorize(request)` over the whole world
 * (typical: 3 users, 2 groups, 5 managed policies, a role, a bucket policy, the SCPs: 5,974 bytes);
 * iam-simulate `await runSimulation(JSON.parse(simulationText), {})` over the request's own
 * policies only (4,600 bytes), which it validates and evaluates per call.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { oneShotCases } from './scaling.mjs';

const args = process.argv.slice(2);
const builds = args.filter((a) => !a.startsWith('--'));
const rounds = Number(args.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? 60);
if (builds.length === 0) {
  console.error('usage: node bench/one-shot-pairs.mjs <build-a.js> [<build-b.js>] [--rounds=60]');
  process.exit(2);
}
const mods = await Promise.all(builds.map((b) => import(pathToFileURL(resolve(b)).href)));
const names = mods.length === 1 ? ['a'] : ['a', 'b'];
const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const sorted = (xs) => [...xs].sort((x, y) => x - y);
const at = (xs, f) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * f))];
const spread = (xs, digits = 2) =>
  `${at(xs, 0.5).toFixed(digits)} [${at(xs, 0.25).toFixed(digits)}–${at(xs, 0.75).toFixed(digits)}]`;

for (const c of oneShotCases().filter((x) => x.options === undefined)) {
  const tasks = {};
  mods.forEach((m, i) => {
    tasks[names[i]] = () => m.createAuthorizer(JSON.parse(c.text)).authorize(c.request);
    tasks[`${names[i]}-lazy`] = () => m.createAuthorizer(JSON.parse(c.text), { compile: 'lazy' }).authorize(c.request);
  });
  for (const [k, fn] of Object.entries(tasks))
    if (fn().decision !== c.expect) throw new Error(`${c.name}: ${k} decides ${fn().decision}, expected ${c.expect}`);
  const simulate = async () => runSimulation(JSON.parse(c.simText), {});
  // Bursts of a few milliseconds each, after a warm-up.
  const ours = c.name.includes('small') ? 100 : 30;
  const theirs = c.name.includes('small') ? 10 : 8;
  for (let i = 0; i < 20 * ours; i++) for (const fn of Object.values(tasks)) fn();
  for (let i = 0; i < 20 * theirs; i++) await simulate();
  const keys = [...Object.keys(tasks), 'runSimulation'];
  const times = Object.fromEntries(keys.map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    // Rotate the order, so that no task always follows the same one.
    const order = keys.map((_, i) => keys[(i + r) % keys.length]);
    for (const k of order) {
      const t = cpu();
      if (k === 'runSimulation') for (let i = 0; i < theirs; i++) await simulate();
      else for (let i = 0; i < ours; i++) tasks[k]();
      times[k].push((cpu() - t) / (k === 'runSimulation' ? theirs : ours));
    }
  }
  const ratio = (num, den) => times[num].map((v, i) => v / times[den][i]);
  const lines = [`${c.name} (CPU time, ${rounds} rounds; median [quartiles])`];
  for (const k of keys) lines.push(`  ${k.padEnd(14)} ${spread(times[k], 1)} µs`);
  for (const k of Object.keys(tasks))
    lines.push(`  runSimulation / ${k.padEnd(7)} ×${spread(ratio('runSimulation', k), 1)}`);
  if (names.length === 2)
    for (const mode of ['', '-lazy'])
      lines.push(`  b${mode} / a${mode}`.padEnd(26) + ` ${spread(ratio(`b${mode}`, `a${mode}`), 3)}`);
  console.log(lines.join('\n'));
}
