/**
 * Same-process A/B of one-shot use (world JSON text → createAuthorizer → one authorize) between two
 * builds of iam-verdict, with build B also in the lazily compiled mode, next to iam-simulate's load
 * + `runSimulation`; alternating bursts, median and minimum of the burst means (for a noisy machine).
 * With `--cpu`, each burst is timed in CPU time of this process (`process.cpuUsage`) rather than wall
 * time: on a shared machine, the time other processes take the core away is then not counted.
 *
 *   node bench/ab-one-shot.mjs <build-a/index.js> <build-b/index.js> [--cpu]
 *
 * Builds must be able to resolve their dependencies (inside the repository, or next to a
 * node_modules). The worlds are those of the one-shot rows of bench/scaling.mjs.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { oneShotCases } from './scaling.mjs';

const [A, B] = process.argv.slice(2).filter((a) => a !== '--cpu');
const cpu = process.argv.includes('--cpu');
/** Microseconds since an origin: CPU time of this process with `--cpu`, wall time otherwise. */
const now = cpu
  ? () => {
      const u = process.cpuUsage();
      return u.user + u.system;
    }
  : () => performance.now() * 1000;
if (!A || !B) {
  console.error('usage: node bench/ab-one-shot.mjs <build-a.js> <build-b.js>');
  process.exit(2);
}
const [a, b] = [await import(pathToFileURL(resolve(A)).href), await import(pathToFileURL(resolve(B)).href)];
const med = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
for (const c of oneShotCases().filter((x) => x.options === undefined)) {
  const tasks = {
    a: () => a.createAuthorizer(JSON.parse(c.text)).authorize(c.request),
    b: () => b.createAuthorizer(JSON.parse(c.text)).authorize(c.request),
    'a-lazy': () => a.createAuthorizer(JSON.parse(c.text), { compile: 'lazy' }).authorize(c.request),
    'b-lazy': () => b.createAuthorizer(JSON.parse(c.text), { compile: 'lazy' }).authorize(c.request),
  };
  for (const [k, fn] of Object.entries(tasks))
    if (fn().decision !== c.expect) throw new Error(`${c.name}: ${k} decides ${fn().decision}, expected ${c.expect}`);
  const times = { a: [], b: [], 'a-lazy': [], 'b-lazy': [], runSimulation: [] };
  for (let burst = 0; burst < 15; burst++) {
    for (const [k, fn] of Object.entries(tasks)) {
      const t = now();
      for (let i = 0; i < 100; i++) fn();
      times[k].push((now() - t) / 100);
    }
    const t = now();
    for (let i = 0; i < 15; i++) await runSimulation(JSON.parse(c.simText), {});
    times.runSimulation.push((now() - t) / 15);
  }
  const simulate = med(times.runSimulation);
  console.log(
    `${c.name}${cpu ? ' (CPU time)' : ''}: ${Object.entries(times)
      .map(
        ([k, v]) =>
          `${k} ${med(v).toFixed(1)} µs (min ${Math.min(...v).toFixed(1)})${k === 'runSimulation' ? '' : ` ×${(simulate / med(v)).toFixed(1)}`}`,
      )
      .join(' | ')}`,
  );
}
