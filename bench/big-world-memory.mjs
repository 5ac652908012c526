/**
 * Generates the big world, loads and compiles it, decides a sample of requests, and prints the
 * timings and memory as JSON. Run by bench/run.mjs in a fresh process so that the peak RSS is the
 * big world's own (with nothing else loaded); run it directly to see the numbers.
 *
 * Opt-in, since they are long (issue #16):
 *   BIG_WORLD_SCALE=10 (or 40) generates the world that many times over (×10: 100k users, 20k roles,
 *     50k policies); give node a large enough heap (`--max-old-space-size=8192`). Past ×10 a section
 *     has more members than the default cap (100,000): the world is read with
 *     `limits: { maxArrayLength }` raised to its number of users (docs/security.md).
 *   BIG_WORLD_BYTES_PER_USER=1 also compiles the world without its users first, and reports the
 *     compiled bytes each user adds (heap with users − heap without, over the number of users).
 */
import { pathToFileURL } from 'node:url';
import { bigSize, bigWorldRequests, generateBigWorld } from './big-world.mjs';

const entry = process.env.IAM_VERDICT_ENTRY
  ? pathToFileURL(process.env.IAM_VERDICT_ENTRY).href
  : new URL('../dist/index.js', import.meta.url).href;
const { createAuthorizer } = await import(entry);

const MiB = 2 ** 20;
const gc = globalThis.gc ?? (() => {});
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const cpuMs = (since) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
const scale = Number(process.env.BIG_WORLD_SCALE ?? 1);
const size = bigSize(scale);
const options = size.users > 100_000 ? { limits: { maxArrayLength: size.users } } : {};
gc();
const baselineRss = process.memoryUsage().rss;

let t0 = performance.now();
const big = generateBigWorld(undefined, size);
const generate = performance.now() - t0;
const requests = bigWorldRequests(big, 512);
const worldJsonMiB = JSON.stringify(big.world).length / MiB;

let bytesPerUser;
if (process.env.BIG_WORLD_BYTES_PER_USER === '1') {
  const before = heap();
  let noUsers = createAuthorizer({ ...big.world, users: {} }, options);
  const without = heap() - before;
  noUsers = undefined;
  const again = heap();
  let full = createAuthorizer(big.world, options);
  bytesPerUser = (heap() - again - without) / size.users;
  full = undefined;
  void noUsers;
  void full;
}

// One question over the whole world in the lazily compiled mode: it compiles only what it touches.
t0 = performance.now();
const lazy = createAuthorizer(big.world, { ...options, compile: 'lazy' });
const lazyDecision = lazy.authorize(requests[0].request).decision;
const lazyOneQuestion = performance.now() - t0;

const heapBefore = heap();
t0 = performance.now();
const cpu0 = process.cpuUsage();
const authorizer = createAuthorizer(big.world, options);
const compile = performance.now() - t0;
const compileCpu = cpuMs(cpu0);
if (!authorizer.ok) throw new Error(JSON.stringify(authorizer.errors.slice(0, 3)));
if (authorizer.authorize(requests[0].request).decision !== lazyDecision)
  throw new Error('lazy and eager authorizers disagree');

t0 = performance.now();
for (const r of requests) authorizer.authorize(r.request);
const firstPass = (performance.now() - t0) / requests.length;
t0 = performance.now();
const rounds = 40;
for (let k = 0; k < rounds; k++) for (const r of requests) authorizer.authorize(r.request);
const steady = (performance.now() - t0) / (rounds * requests.length);

const heapAfterCompile = heap();
const peakRss = process.resourceUsage().maxRSS * 1024;

process.stdout.write(
  JSON.stringify({
    scale,
    size,
    worldJson_MiB: worldJsonMiB,
    generate_ms: generate,
    compile_ms: compile,
    compileCpu_ms: compileCpu,
    lazyOneQuestion_ms: lazyOneQuestion,
    firstDecisionPerPrincipal_us: firstPass * 1000,
    steadyDecision_us: steady * 1000,
    heapAfterCompile_MiB: heapAfterCompile / MiB,
    compiledHeap_MiB: (heapAfterCompile - heapBefore) / MiB,
    ...(bytesPerUser !== undefined ? { compiledBytesPerUser: bytesPerUser } : {}),
    peakRss_MiB: peakRss / MiB,
    baselineRss_MiB: baselineRss / MiB,
  }),
);
