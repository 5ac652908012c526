/**
 * Generates the big world, loads and compiles it, decides a sample of requests, and prints the
 * timings and memory as JSON. Run by bench/run.mjs in a fresh process so that the peak RSS is the
 * big world's own (with nothing else loaded); run it directly to see the numbers.
 */
import { pathToFileURL } from 'node:url';
import { BIG, bigWorldRequests, generateBigWorld } from './big-world.mjs';

const entry = process.env.IAM_VERDICT_ENTRY ? pathToFileURL(process.env.IAM_VERDICT_ENTRY).href : new URL('../dist/index.js', import.meta.url).href;
const { createAuthorizer } = await import(entry);

const MiB = 2 ** 20;
const gc = globalThis.gc ?? (() => {});
gc();
const baselineRss = process.memoryUsage().rss;

let t0 = performance.now();
const big = generateBigWorld();
const generate = performance.now() - t0;
const requests = bigWorldRequests(big, 512);
const worldJsonMiB = JSON.stringify(big.world).length / MiB;

t0 = performance.now();
const authorizer = createAuthorizer(big.world);
const compile = performance.now() - t0;
if (!authorizer.ok) throw new Error(JSON.stringify(authorizer.errors.slice(0, 3)));

// First decision per principal builds its keys (cached afterwards); then steady state.
t0 = performance.now();
for (const r of requests) authorizer.authorize(r.request);
const firstPass = (performance.now() - t0) / requests.length;
t0 = performance.now();
const rounds = 40;
for (let k = 0; k < rounds; k++) for (const r of requests) authorizer.authorize(r.request);
const steady = (performance.now() - t0) / (rounds * requests.length);

gc();
const heapAfterCompile = process.memoryUsage().heapUsed;
const peakRss = process.resourceUsage().maxRSS * 1024;

process.stdout.write(
  JSON.stringify({
    size: BIG,
    worldJson_MiB: worldJsonMiB,
    generate_ms: generate,
    compile_ms: compile,
    firstDecisionPerPrincipal_us: firstPass * 1000,
    steadyDecision_us: steady * 1000,
    heapAfterCompile_MiB: heapAfterCompile / MiB,
    peakRss_MiB: peakRss / MiB,
    baselineRss_MiB: baselineRss / MiB,
  }),
);
