/**
 * Bytes allocated per decision for the estate's scenarios, plain and explained. Run by
 * bench/scaling.mjs in a child process with `--expose-gc --max-semi-space-size=128`: after a full
 * collection, `n` decisions run while a `gc` performance observer watches; a burst during which any
 * collection ran is retried with fewer decisions, so the heap growth is what the decisions allocated.
 * Prints JSON rows.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { estateScenarios, estateWorld } from './estate.mjs';

const entry = process.env.IAM_VERDICT_ENTRY
  ? pathToFileURL(process.env.IAM_VERDICT_ENTRY).href
  : new URL('../dist/index.js', import.meta.url).href;
const { createAuthorizer } = await import(entry);
const gc = globalThis.gc;
if (!gc) throw new Error('run with --expose-gc');

let collections = 0;
const observer = new PerformanceObserver((list) => (collections += list.getEntries().length));
observer.observe({ entryTypes: ['gc'] });
const settle = () => new Promise((r) => setTimeout(r, 20));

async function bytesPerCall(fn) {
  for (let i = 0; i < 2000; i++) fn(); // warm up: compile, fill every per-authorizer structure
  for (let n = 20_000; n >= 500; n = Math.floor(n / 2)) {
    const samples = [];
    for (let attempt = 0; attempt < 7 && samples.length < 5; attempt++) {
      gc();
      await settle();
      collections = 0;
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < n; i++) fn();
      const after = process.memoryUsage().heapUsed;
      await settle(); // let the observer report collections that ran during the burst
      if (collections === 0) samples.push((after - before) / n);
    }
    if (samples.length >= 3) return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];
  }
  return Number.NaN;
}

const authorizer = createAuthorizer(estateWorld());
const rows = [];
for (const s of estateScenarios()) {
  rows.push({
    name: s.name,
    bytesPerDecision: await bytesPerCall(() => authorizer.authorize(s.request)),
    bytesPerExplainedDecision: await bytesPerCall(() => authorizer.authorize(s.request, { explain: true })),
  });
}
observer.disconnect();
process.stdout.write(JSON.stringify(rows));
