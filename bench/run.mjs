/**
 * `npm run bench`: iam-verdict against @cloud-copilot/iam-simulate, same process, same requests.
 *
 * For every scenario both engines are first asked the same question and must return the same
 * decision (the run stops otherwise); then each is timed with tinybench (warm-up, then samples):
 *   - iam-verdict `authorize(request)` on a compiled world, explanation off and on;
 *   - iam-simulate `runSimulation` (its public, validating entry point) and `runUnsafeSimulation`.
 * The table is printed and written to bench/results.json. Nothing here gates CI.
 *
 * IAM_VERDICT_ENTRY=path/to/index.js runs against another build of the library (default: dist/).
 * BENCH_QUICK=1 shortens every time budget (for trying the script, not for reporting).
 * BENCH_ONLY=estate,managed,big,scaling runs only those groups of scenarios (scaling: statements per
 * action, one-shot JSON → decision, allocation per decision, the hand-written floor; bench/scaling.mjs).
 * BIG_WORLD_SCALE=10 (or 40) and BIG_WORLD_BYTES_PER_USER=1 make the big world's load-and-compile
 * process (bench/big-world-memory.mjs) also measure the ×10 / ×40 world and the bytes per user; they
 * are long, so opt-in.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import { estateScenarios, estateWorld } from './estate.mjs';
import { managedCorpus, managedScenarios, managedWorld } from './managed.mjs';
import { BIG, bigWorldRequests, generateBigWorld } from './big-world.mjs';
import {
  allocationRows,
  compiledSizeRow,
  firstDecisionRow,
  floorRow,
  oneShotRowsApart,
  statementsRows,
} from './scaling.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const entry = process.env.IAM_VERDICT_ENTRY
  ? pathToFileURL(process.env.IAM_VERDICT_ENTRY).href
  : new URL('../dist/index.js', import.meta.url).href;
const { createAuthorizer } = await import(entry);
const QUICK = process.env.BENCH_QUICK === '1';
const scale = (ms) => (QUICK ? Math.max(20, Math.round(ms / 10)) : ms);
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : undefined;
const runs = (group) => !ONLY || ONLY.has(group);

/** iam-simulate's results in iam-verdict's vocabulary. */
const DECISION = { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' };

/**
 * `runUnsafeSimulation` loads a plain resource policy without metadata and then fails reading its
 * name (iam-simulate 0.1.173); its documented `ValidatedPolicy` wrapper carries the name.
 */
function forUnsafe(simulation) {
  if (!simulation.resourcePolicy) return simulation;
  return {
    ...simulation,
    resourcePolicy: {
      __validated: true,
      policyDocument: simulation.resourcePolicy,
      metadata: { name: 'resource-policy' },
      errors: [],
    },
  };
}

async function simulateDecision(simulation) {
  const r = await runSimulation(simulation, {});
  return r.resultType === 'error' ? `error: ${JSON.stringify(r.errors).slice(0, 300)}` : DECISION[r.overallResult];
}

/** Both engines must agree (and match the expected decision) before anything is timed. */
async function agree(name, authorizer, cases, expect) {
  for (const c of cases) {
    const ours = authorizer.authorize(c.request).decision;
    const explained = authorizer.authorize(c.request, { explain: true }).decision;
    const safe = await simulateDecision(c.simulation);
    const unsafe = DECISION[runUnsafeSimulation(forUnsafe(c.simulation), {})];
    const want = expect ?? ours;
    if (ours !== want || explained !== want || safe !== want || unsafe !== want) {
      console.error(
        `decisions differ in ${name}: iam-verdict ${ours} (explain: ${explained}), runSimulation ${safe}, runUnsafeSimulation ${unsafe}, expected ${want}`,
      );
      console.error(JSON.stringify(c.request));
      process.exit(1);
    }
  }
}

const us = (ms) => ms * 1000;
function stats(task) {
  const r = task.result;
  if (!r || !('latency' in r)) throw new Error(`task ${task.name} failed: ${r?.error ?? r?.state}`);
  return {
    median_us: us(r.latency.p50),
    p99_us: us(r.latency.p99),
    mean_us: us(r.latency.mean),
    samples: r.latency.samplesCount,
  };
}

/**
 * Times the four tasks of one scenario. `next()` returns the case to decide (one fixed case, or
 * a rotation through a sample). Slow iam-simulate tasks get fewer iterations.
 */
async function timeScenario(authorizer, next, { slowPeer = false } = {}) {
  globalThis.gc?.(); // start every scenario from a collected heap (run with --expose-gc)
  const fast = new Bench({
    time: scale(1000),
    warmupTime: scale(250),
    timestampProvider: 'hrtimeNow',
    subtractTimerOverhead: true,
  });
  fast.add('verdict', () => authorizer.authorize(next().request));
  fast.add('verdict+explain', () => authorizer.authorize(next().request, { explain: true }));
  const peer = new Bench(
    slowPeer
      ? {
          time: scale(2000),
          iterations: QUICK ? 2 : 8,
          warmupIterations: 1,
          warmupTime: 0,
          timestampProvider: 'hrtimeNow',
        }
      : { time: scale(1000), warmupTime: scale(250), timestampProvider: 'hrtimeNow' },
  );
  peer.add('runSimulation', () => runSimulation(next().simulation, {}));
  peer.add('runUnsafeSimulation', () => runUnsafeSimulation(forUnsafe(next().simulation), {}));
  await fast.run();
  await peer.run();
  const [verdict, explain] = fast.tasks.map(stats);
  const [simulate, unsafe] = peer.tasks.map(stats);
  return {
    verdict,
    verdictExplain: explain,
    runSimulation: simulate,
    runUnsafeSimulation: unsafe,
    ratio: {
      runSimulation: simulate.median_us / verdict.median_us,
      runUnsafeSimulation: unsafe.median_us / verdict.median_us,
    },
  };
}

const rotate = (cases) => {
  let i = 0;
  return () => cases[i++ % cases.length];
};

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
  };
}

/** Loads and compiles the big world in a fresh process, for a clean peak RSS. */
function bigWorldMemory(scale = 1) {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', ...(scale > 1 ? ['--max-old-space-size=8192'] : []), here('./big-world-memory.mjs')],
    {
      encoding: 'utf8',
      env: { ...process.env, IAM_VERDICT_ENTRY: fileURLToPath(entry), BIG_WORLD_SCALE: String(scale) },
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out);
}
const bigScale = Number(process.env.BIG_WORLD_SCALE ?? 1);

const results = {
  date: new Date().toISOString(),
  machine: machine(),
  quick: QUICK,
  scenarios: [],
  compile: {},
  bigWorld: {},
  scaling: {},
};
const log = (s) => process.stdout.write(`${s}\n`);
log(
  `iam-verdict benchmark — ${results.machine.cpu}, ${results.machine.cores} cores, Node ${process.version}${QUICK ? ' (QUICK)' : ''}`,
);

// ---- the estate -------------------------------------------------------------------------------
const estate = createAuthorizer(estateWorld());
if (!estate.ok) throw new Error(`estate world: ${JSON.stringify(estate.errors)}`);
for (const s of runs('estate') ? estateScenarios() : []) {
  await agree(s.name, estate, [s], s.expect);
  log(`  ${s.name} …`);
  results.scenarios.push({
    name: s.name,
    title: s.title,
    decision: s.expect,
    ...(await timeScenario(estate, () => s)),
  });
}

// ---- every AWS managed policy -----------------------------------------------------------------
if (runs('managed')) {
  const corpus = managedCorpus();
  const { world: mWorld, catalog } = managedWorld(corpus);
  const compileRuns = [];
  let managed;
  for (let i = 0; i < (QUICK ? 2 : 7); i++) {
    const t0 = performance.now();
    managed = createAuthorizer(mWorld, { managedPolicies: catalog });
    compileRuns.push(performance.now() - t0);
  }
  if (!managed.ok) throw new Error(`managed world: ${JSON.stringify(managed.errors.slice(0, 3))}`);
  compileRuns.sort((a, b) => a - b);
  results.compile = {
    title: `Parse + validate + compile all ${corpus.length} AWS managed policies (createAuthorizer of a user holding them all)`,
    policies: corpus.length,
    statements: corpus.reduce((n, p) => n + [].concat(p.document.Statement ?? []).length, 0),
    median_ms: compileRuns[Math.floor(compileRuns.length / 2)],
    min_ms: compileRuns[0],
    runs: compileRuns.length,
  };
  log(`  corpus compile: ${results.compile.median_ms.toFixed(0)} ms`);
  for (const s of managedScenarios(corpus)) {
    await agree(s.name, managed, [s], s.expect);
    log(`  ${s.name} …`);
    results.scenarios.push({
      name: s.name,
      title: s.title,
      decision: s.expect,
      ...(await timeScenario(managed, () => s, { slowPeer: true })),
    });
  }
}

// ---- the large generated world ----------------------------------------------------------------
if (runs('big')) {
  log('  big world: load and compile in a fresh process …');
  results.bigWorld = bigWorldMemory();
  if (bigScale > 1) {
    log(`  big world ×${bigScale}: load and compile in a fresh process (opt-in, long) …`);
    results.bigWorldScaled = bigWorldMemory(bigScale);
  }
  const big = generateBigWorld();
  const bigAuthorizer = createAuthorizer(big.world);
  if (!bigAuthorizer.ok) throw new Error(`big world: ${JSON.stringify(bigAuthorizer.errors.slice(0, 3))}`);
  // Requests that runSimulation's validation rejects (a resource type the action does not take) are
  // left out, so that both engines decide exactly the same requests.
  const sample = [];
  for (const c of bigWorldRequests(big, 600)) {
    if (!(await simulateDecision(c.simulation)).startsWith('error')) sample.push(c);
  }
  await agree('big-world', bigAuthorizer, sample);
  const tally = {};
  for (const c of sample) {
    const d = bigAuthorizer.authorize(c.request).decision;
    tally[d] = (tally[d] ?? 0) + 1;
  }
  results.bigWorld.sample = { requests: sample.length, decisions: tally };
  log(`  big-world (${sample.length} requests) …`);
  results.scenarios.push({
    name: 'big-world',
    title: `Generated world (${BIG.users} users, ${BIG.roles} roles, ${BIG.policies} managed policies, ${BIG.buckets} buckets): a rotation of ${sample.length} requests`,
    decision: Object.entries(tally)
      .map(([d, n]) => `${d} ×${n}`)
      .join(', '),
    ...(await timeScenario(bigAuthorizer, rotate(sample))),
  });
  // One S3 request through a bucket policy, repeated: its decision time should not depend on the
  // size of the world (only the caller's own policies and the bucket's policy are looked at).
  const one =
    sample.find(
      (c) => c.request.resourcePolicy !== undefined && bigAuthorizer.authorize(c.request).decision === 'Allow',
    ) ?? sample[0];
  log('  big-world-one …');
  log('  big-world first decisions …');
  results.bigWorld.firstDecision = await firstDecisionRow(createAuthorizer(big.world), sample);
  results.scenarios.push({
    name: 'big-world-one',
    title: 'Generated world: one S3 request through a bucket policy, repeated',
    decision: bigAuthorizer.authorize(one.request).decision,
    ...(await timeScenario(bigAuthorizer, () => one)),
  });
}

// ---- scaling: statements per action, one-shot, allocation, the floor ---------------------------
if (runs('scaling')) {
  log('  floor (hand-written typical decision) …');
  results.scaling.floor = await floorRow(createAuthorizer, QUICK);
  log('  allocation per decision …');
  results.scaling.allocation = allocationRows(fileURLToPath(entry));
  log('  one-shot (JSON text → decision) …');
  results.scaling.oneShot = oneShotRowsApart(fileURLToPath(entry));
  log('  statements sharing the action (100, 1k, 10k) …');
  results.scaling.statements = await statementsRows(createAuthorizer, [100, 1_000, 10_000], QUICK);
  log('  compiled bytes per user and per bucket policy …');
  results.scaling.compiledSize = compiledSizeRow(fileURLToPath(entry));
}

// ---- report -----------------------------------------------------------------------------------
const f = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const rows = [
  '| scenario | decision | iam-verdict median / p99 (µs) | with explanation median / p99 (µs) | runSimulation median (µs) | runUnsafeSimulation median (µs) | × vs runSimulation | × vs runUnsafeSimulation |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...results.scenarios.map(
    (s) =>
      `| ${s.name} | ${s.decision} | ${f(s.verdict.median_us)} / ${f(s.verdict.p99_us)} | ${f(s.verdictExplain.median_us)} / ${f(s.verdictExplain.p99_us)} | ${f(s.runSimulation.median_us)} | ${f(s.runUnsafeSimulation.median_us)} | ${f(s.ratio.runSimulation)} | ${f(s.ratio.runUnsafeSimulation)} |`,
  ),
];
log('');
log(rows.join('\n'));
const b = results.bigWorld;
log('');
if (runs('managed'))
  log(
    `corpus: ${results.compile.policies} AWS managed policies (${results.compile.statements} statements) parse + compile in ${f(results.compile.median_ms)} ms (median of ${results.compile.runs})`,
  );
if (runs('big'))
  log(
    `big world: generated in ${f(b.generate_ms)} ms, validated + compiled in ${f(b.compile_ms)} ms (${f(b.compileCpu_ms)} ms CPU); compiled heap ${f(b.compiledHeap_MiB)} MiB, heap after compile ${f(b.heapAfterCompile_MiB)} MiB; peak RSS ${f(b.peakRss_MiB)} MiB (process baseline ${f(b.baselineRss_MiB)} MiB)${b.compiledBytesPerUser !== undefined ? `; ${f(b.compiledBytesPerUser / 1024)} KB compiled per user` : ''}; one question, lazily compiled: ${f(b.lazyOneQuestion_ms)} ms`,
  );
const bs = results.bigWorldScaled;
if (bs)
  log(
    `big world ×${bs.scale} (${bs.size.users} users, ${bs.size.roles} roles, ${bs.size.policies} policies): validated + compiled in ${f(bs.compile_ms)} ms (${f(bs.compileCpu_ms)} ms CPU); compiled heap ${f(bs.compiledHeap_MiB)} MiB; peak RSS ${f(bs.peakRss_MiB)} MiB; one question, lazily compiled: ${f(bs.lazyOneQuestion_ms)} ms`,
  );
if (runs('big'))
  log(
    `big world first decision of a principal: ${f(b.firstDecision.first_median_us)} µs median over ${b.firstDecision.principals} principals (second: ${f(b.firstDecision.second_median_us)} µs)`,
  );
const sc = results.scaling;
if (runs('scaling')) {
  log('');
  log('| scaling row | decision | iam-verdict median (µs) | iam-simulate runSimulation median (µs) | × |');
  log('| --- | --- | --- | --- | --- |');
  for (const r of [...sc.oneShot, ...sc.statements])
    log(`| ${r.name} | ${r.decision} | ${f(r.verdict.median_us)} | ${f(r.runSimulation.median_us)} | ${f(r.ratio)} |`);
  for (const r of sc.oneShot)
    log(
      `${r.name}: paired rounds ×${f(r.ratio)} [${f(r.ratio_q1)}–${f(r.ratio_q3)}] (iam-verdict ${f(r.verdict.q1_us)}–${f(r.verdict.q3_us)} µs, iam-simulate ${f(r.runSimulation.q1_us)}–${f(r.runSimulation.q3_us)} µs)${r.cold ? `; cold first call ${f(r.cold.verdict.cpu_us)} µs vs ${f(r.cold.runSimulation.cpu_us)} µs CPU (×${f(r.cold.ratio)})` : ''}`,
    );
  const fl = sc.floor;
  log(
    `\nfloor: hand-written typical decision ${f(fl.floor.median_us)} µs; engine ${f(fl.verdict.median_us)} µs (${f(fl.engineOverFloor)}× the floor); explained ${f(fl.explain.median_us)} µs (${f(fl.explainOverPlain)}× plain)`,
  );
  for (const a of sc.allocation)
    log(
      `allocation ${a.name}: ${f(a.bytesPerDecision)} B per decision` +
        (typeof a.bytesPerExplainedDecision === 'number' ? `, ${f(a.bytesPerExplainedDecision)} B explained` : '') +
        (typeof a.afterFullGc === 'number'
          ? ` (${f(a.afterFullGc)} B in the first 1,000 after a full collection)`
          : ''),
    );
  const cs = sc.compiledSize;
  log(
    `compiled size: ${cs.perUser.compiled_B} B per user (${cs.perUser.decided_B} B once decided), ${cs.perBucketPolicy.compiled_B} B per bucket policy (${cs.perBucketPolicy.decided_B} B once decided), over ${cs.n} of each`,
  );
}
writeFileSync(here('./results.json'), `${JSON.stringify(results, null, 2)}\n`);
log('\nwritten: bench/results.json');
