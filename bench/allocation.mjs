/**
 * Bytes allocated per decision for the estate's scenarios, plain and explained, in the steady state
 * of a process that decides many requests. Run by bench/scaling.mjs in a child process with
 * `--expose-gc --max-semi-space-size=128 --min-semi-space-size=64` (a young generation large enough
 * that no collection runs while a burst is counted).
 *
 * Method (docs/performance.md, "Allocation, round seven"): each decision function is warmed up
 * ({@link WARM_UP} calls, so that the optimizing compiler has compiled and inlined the hot path).
 * For each sample: a full collection, then {@link REWARM} more calls (a full collection throws
 * away optimized code whose weakly held objects died, "reason: weak objects" under
 * `--trace-deopt`, and the first few thousand decisions after it run unoptimized and allocate
 * 2–3× more; counting them measured the collection, not the steady state), then `n` counted
 * decisions while a `gc` performance observer watches; a burst during which any collection ran is
 * discarded. The heap growth over the burst divided by `n` is the row.
 *
 * The harness's own bytes are shown, not subtracted: `control` is a decision function that returns
 * a shared frozen decision, measured the same way; `floor-typical` is the hand-written decision of
 * the typical request (bench/scaling.mjs). `afterFullGc` is the old reading (the first
 * 1,000 decisions right after a full collection, per decision), kept to show what a major
 * collection costs a process that decides. Prints JSON rows.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { estateScenarios, estateWorld } from './estate.mjs';
import { floorDecision } from './scaling.mjs';

const entry = process.env.IAM_VERDICT_ENTRY
  ? pathToFileURL(process.env.IAM_VERDICT_ENTRY).href
  : new URL('../dist/index.js', import.meta.url).href;
const { createAuthorizer } = await import(entry);
const gc = globalThis.gc;
if (!gc) throw new Error('run with --expose-gc');

/** Calls before the first sample: enough for the optimizing compiler to take the hot path. */
const WARM_UP = 50_000;
/** Calls after each full collection, before counting (re-optimizes what the collection threw away). */
const REWARM = 5_000;
/** Decisions per counted burst. */
const BURST = 10_000;

let collections = 0;
const observer = new PerformanceObserver((list) => (collections += list.getEntries().length));
observer.observe({ entryTypes: ['gc'] });
const settle = () => new Promise((r) => setTimeout(r, 20));

/** Heap growth per call over `n` calls, or `undefined` when a collection ran meanwhile. */
async function burst(fn, n, rewarm) {
  gc();
  await settle();
  for (let i = 0; i < rewarm; i++) fn();
  collections = 0;
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) fn();
  const after = process.memoryUsage().heapUsed;
  await settle(); // let the observer report collections that ran during the burst
  return collections === 0 ? (after - before) / n : undefined;
}

/** Median of the bursts that ran without a collection (`NaN` when fewer than 3 did). */
async function median(fn, n, rewarm) {
  const samples = [];
  for (let attempt = 0; attempt < 9 && samples.length < 5; attempt++) {
    const b = await burst(fn, n, rewarm);
    if (b !== undefined) samples.push(b);
  }
  return samples.length >= 3 ? Math.round(samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]) : Number.NaN;
}

/** Steady-state bytes per call; bursts that keep meeting a collection are retried at half the size. */
async function bytesPerCall(fn) {
  for (let i = 0; i < WARM_UP; i++) fn();
  for (let n = BURST; n >= 500; n = Math.floor(n / 2)) {
    const bytes = await median(fn, n, REWARM);
    if (!Number.isNaN(bytes)) return bytes;
  }
  return Number.NaN;
}

const rows = [];
// The control: a decision that costs nothing, through the same harness (what the harness itself counts).
const SHARED = Object.freeze({ decision: 'Allow', decidedBy: 'identity' });
const control = await bytesPerCall(() => SHARED);
rows.push({ name: 'control', bytesPerDecision: control, bytesPerExplainedDecision: control });
// The hand-written floor of the typical request (bench/scaling.mjs), through the same harness.
const typical = estateScenarios().find((s) => s.name === 'typical');
rows.push({ name: 'floor-typical', bytesPerDecision: await bytesPerCall(() => floorDecision(typical.request)) });
const authorizer = createAuthorizer(estateWorld());
for (const s of estateScenarios()) {
  const plain = () => authorizer.authorize(s.request);
  const explained = () => authorizer.authorize(s.request, { explain: true });
  rows.push({
    name: s.name,
    bytesPerDecision: await bytesPerCall(plain),
    bytesPerExplainedDecision: await bytesPerCall(explained),
    afterFullGc: await median(plain, 1000, 0),
  });
}
observer.disconnect();
process.stdout.write(JSON.stringify(rows));
