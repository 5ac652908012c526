/**
 * The bundled catalogs' costs (run after `npm run build`: `node --expose-gc bench/catalog.mjs`):
 * time to load one service of the service authorization catalog (read + parse + compile, CPU time,
 * best of 5 fresh catalogs), every service, the heap they hold, and the AWS managed policies' first lookup.
 */
import { bundledCatalogSource, createServiceCatalog } from '../dist/catalog.js';

const gc = globalThis.gc ?? (() => {});
const cpu = (f) => {
  const u0 = process.cpuUsage();
  f();
  const u = process.cpuUsage(u0);
  return (u.user + u.system) / 1000;
};
const source = bundledCatalogSource();
const best = (service) =>
  Math.min(...Array.from({ length: 5 }, () => cpu(() => createServiceCatalog(source).service(service))));
createServiceCatalog(source).service('sqs'); // warm up the JIT
for (const s of ['s3', 'iam', 'lambda', 'ec2']) console.log(`load ${s}: ${best(s).toFixed(2)} ms CPU`);
const times = source.services.map((s) => best(s)).sort((a, b) => a - b);
console.log(
  `load one service: median ${times[times.length >> 1].toFixed(2)} ms, p95 ${times[Math.floor(times.length * 0.95)].toFixed(2)} ms, max ${times[times.length - 1].toFixed(2)} ms CPU (${times.length} services)`,
);
gc();
const before = process.memoryUsage().heapUsed;
const all = createServiceCatalog(source);
const allTime = cpu(() => source.services.forEach((s) => all.service(s)));
gc();
console.log(
  `all ${source.services.length} services: ${allTime.toFixed(0)} ms CPU, ${((process.memoryUsage().heapUsed - before) / 1e6).toFixed(1)} MB heap`,
);
const { awsManagedPolicies } = await import('../dist/aws-managed-policies.js');
gc();
const m0 = process.memoryUsage().heapUsed;
const first = cpu(() => awsManagedPolicies('arn:aws:iam::aws:policy/ReadOnlyAccess'));
gc();
console.log(
  `AWS managed policies: first lookup ${first.toFixed(0)} ms CPU, ${((process.memoryUsage().heapUsed - m0) / 1e6).toFixed(1)} MB heap`,
);
