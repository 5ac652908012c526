/**
 * Bytes allocated per plain decision by V8's sampling heap profiler, collected objects kept
 * (interval 64 B): steadier than `bench/allocation.mjs`, which reads the heap around bursts and
 * swings by ±30% on a shared machine. For the estate's scenarios (each after 20,000 warm-up
 * decisions) and for the big world's rotation over its principals (`--rotation`).
 *
 *   node bench/allocation-sampled.mjs <bundle.js> [--rotation] [--top N]
 *
 * With `--top N`, the N functions that allocate most per decision (attributed to the function the
 * optimizing compiler inlined them into; add `--no-turbo-inlining` to node to see each one).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Session } from 'node:inspector/promises';
import { estateScenarios, estateWorld } from './estate.mjs';
import { bigWorldRequests, generateBigWorld } from './big-world.mjs';

const [entry, ...flags] = process.argv.slice(2);
if (!entry) throw new Error('usage: allocation-sampled.mjs <bundle.js> [--rotation] [--top N]');
const { createAuthorizer } = await import(pathToFileURL(resolve(entry)).href);
const top = flags.includes('--top') ? Number(flags[flags.indexOf('--top') + 1]) : 0;
const session = new Session();
session.connect();

/** Runs `decide` `n` times under the sampling profiler; bytes per call and the top allocators. */
async function sampled(n, decide) {
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 64,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  for (let i = 0; i < n; i++) decide(i);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  const byFunction = new Map();
  let total = 0;
  const walk = (node) => {
    if (node.selfSize) {
      const name = `${node.callFrame.functionName || '(anonymous)'}:${node.callFrame.lineNumber}`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    node.children.forEach(walk);
  };
  walk(profile.head);
  const most = [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, bytes]) => ({ name, bytesPerDecision: Math.round(bytes / n) }));
  return { bytesPerDecision: Math.round(total / n), ...(top > 0 ? { most } : {}) };
}

const rows = [];
if (flags.includes('--rotation')) {
  const big = generateBigWorld();
  const sample = bigWorldRequests(big, 600).map((c) => c.request);
  const authorizer = createAuthorizer(big.world);
  for (let i = 0; i < 5; i++) for (const r of sample) authorizer.authorize(r);
  rows.push({
    name: 'big-world rotation',
    ...(await sampled(50 * sample.length, (i) => authorizer.authorize(sample[i % sample.length]))),
  });
} else {
  const authorizer = createAuthorizer(estateWorld());
  for (const s of estateScenarios()) {
    for (let i = 0; i < 20_000; i++) authorizer.authorize(s.request);
    rows.push({ name: s.name, ...(await sampled(100_000, () => authorizer.authorize(s.request))) });
  }
}
session.disconnect();
process.stdout.write(`${JSON.stringify(rows, null, 1)}\n`);
