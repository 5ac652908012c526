/**
 * Compile time of the big world, two bundles side by side in one process (issue #16: the ×10 world
 * compiles in ≤ 10 s). Generates the world once (`BIG_WORLD_SCALE`, 1 by default), then compiles it
 * with each bundle in turn, `COMPILE_AB_ROUNDS` times (3 by default), with a full collection before
 * each compile; prints each compile's CPU time (`process.cpuUsage`: on a shared machine the time
 * other processes take is not counted) and wall time, and the medians. Read the ratio of the
 * medians, not the absolute times: the machine's load moves them all.
 *
 * With two bundles, it then checks that both decide alike (a shortcut of compiling must not change a
 * decision): `COMPILE_AB_CHECK` requests (3,000 by default) over the world, half of them with their
 * explanations, plus `sts:AssumeRole` requests into the world's roles (their trust policies, which
 * roles with the same text share compiled), explained; any difference is printed and fails the run.
 *
 *   node --expose-gc bench/compile-ab.mjs <a.js> <b.js>
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { bigSize, bigWorldRequests, generateBigWorld } from './big-world.mjs';

const entries = process.argv.slice(2);
if (entries.length === 0) throw new Error('usage: compile-ab.mjs <bundle> [<bundle>]');
const gc = globalThis.gc;
if (!gc) throw new Error('run with --expose-gc');
const libs = await Promise.all(entries.map((e) => import(pathToFileURL(resolve(e)).href)));
const scale = Number(process.env.BIG_WORLD_SCALE ?? 1);
const size = bigSize(scale);
const options = size.users > 100_000 ? { limits: { maxArrayLength: size.users } } : {};
const big = generateBigWorld(undefined, size);
const rounds = Number(process.env.COMPILE_AB_ROUNDS ?? 3);
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const cpu = entries.map(() => []);
const wall = entries.map(() => []);
for (let round = 0; round < rounds; round++) {
  libs.forEach((lib, k) => {
    gc();
    gc();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let authorizer = lib.createAuthorizer(big.world, options);
    const t = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (!authorizer.ok) throw new Error(`${entries[k]}: the world does not compile`);
    authorizer = undefined;
    cpu[k].push((c.user + c.system) / 1000);
    wall[k].push(t);
  });
}
const out = { scale };
entries.forEach((e, k) => {
  out[e] = {
    cpu_ms: cpu[k].map(Math.round),
    wall_ms: wall[k].map(Math.round),
    medianCpu_ms: Math.round(med(cpu[k])),
    medianWall_ms: Math.round(med(wall[k])),
  };
});
if (entries.length === 2) out.cpuRatio_b_over_a = +(med(cpu[1]) / med(cpu[0])).toFixed(3);
console.log(JSON.stringify(out, null, 1));

if (entries.length === 2) {
  const [a, b] = libs.map((lib) => lib.createAuthorizer(big.world, options));
  const count = Number(process.env.COMPILE_AB_CHECK ?? 3000);
  const requests = bigWorldRequests(big, count).map((c, i) => [c.request, { explain: i % 2 === 0 }]);
  const roles = Object.keys(big.world.roles);
  for (let i = 0; i < count / 4; i++) {
    const from = big.principals[(i * 7919) % big.principals.length];
    const request = {
      principal: from.arn,
      action: 'sts:AssumeRole',
      resource: roles[(i * 104729) % roles.length],
      time: '2025-06-01T12:00:00Z',
    };
    requests.push([request, { explain: true }]);
  }
  let differ = 0;
  for (const [r, o] of requests) {
    const x = JSON.stringify(a.authorize(r, o));
    const y = JSON.stringify(b.authorize(r, o));
    if (x !== y && differ++ < 3) console.error(`differ: ${JSON.stringify(r)}\n  a: ${x}\n  b: ${y}`);
  }
  console.log(JSON.stringify({ checked: requests.length, differ }));
  if (differ > 0) process.exitCode = 1;
}
