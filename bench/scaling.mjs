/**
 * The scaling rows of `npm run bench` (issue "Performance, round two"): how a decision's cost
 * grows with the statements that share its action, what one-shot use (JSON text → one decision)
 * costs against iam-simulate, how many bytes a decision allocates, what the hand-written floor of
 * the typical request is, and what a principal's first decision costs in the big world.
 *
 * Every function returns plain rows; bench/run.mjs prints and stores them. Nothing here gates CI.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { estateScenarios, estateWorld } from './estate.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const us = (ms) => ms * 1000;
const ACCOUNT = '111111111111';
const USER = `arn:aws:iam::${ACCOUNT}:user/scaler`;
const TIME = '2025-06-01T12:00:00Z';
const DECISION = { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' };

async function median(fn, { time = 1000, warmupTime = 200, iterations } = {}) {
  const b = new Bench({
    time,
    warmupTime,
    timestampProvider: 'hrtimeNow',
    ...(iterations ? { iterations, warmupIterations: 1 } : {}),
  });
  b.add('x', fn);
  await b.run();
  const r = b.tasks[0].result;
  if (!r || !('latency' in r)) throw new Error(`task failed: ${r?.error ?? r?.state}`);
  return { median_us: us(r.latency.p50), p99_us: us(r.latency.p99), samples: r.latency.samplesCount };
}

// ---- statements that share the request's action -------------------------------------------------

/**
 * A user whose policies hold `n` `s3:GetObject` statements, each scoped to its own bucket
 * (`arn:aws:s3:::bucket-00042/*`). The policies are supplied as AWS managed policies through the
 * catalog option, so the customer-managed size quota does not cap `n` (apps that lift the quotas).
 */
export function statementsWorld(n, perPolicy = 100) {
  const docs = new Map();
  for (let p = 0; p * perPolicy < n; p++) {
    const Statement = [];
    for (let i = p * perPolicy; i < Math.min(n, (p + 1) * perPolicy); i++) {
      Statement.push({
        Sid: `B${i}`,
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::bucket-${String(i).padStart(5, '0')}/*`,
      });
    }
    docs.set(`arn:aws:iam::aws:policy/bench-scoped-${p}`, { Version: '2012-10-17', Statement });
  }
  const world = { users: { [USER]: { policies: [...docs.keys()] } } };
  return { world, catalog: (arn) => docs.get(arn), policies: [...docs.values()] };
}

/** The last bucket's object (Allow after every statement was looked at) and a bucket nobody named. */
export function statementsRequests(n) {
  const last = `arn:aws:s3:::bucket-${String(n - 1).padStart(5, '0')}/data/file.csv`;
  return [
    {
      name: 'last',
      expect: 'Allow',
      request: { principal: USER, action: 's3:GetObject', resource: last, resourceAccount: ACCOUNT, time: TIME },
    },
    {
      name: 'none',
      expect: 'ImplicitDeny',
      request: {
        principal: USER,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::other-bucket/x',
        resourceAccount: ACCOUNT,
        time: TIME,
      },
    },
  ];
}

export async function statementsRows(createAuthorizer, sizes = [100, 1_000, 10_000], quick = false) {
  const rows = [];
  for (const n of sizes) {
    const { world, catalog, policies } = statementsWorld(n);
    const t0 = performance.now();
    // Apps that lift the quotas lift the matcher step budget too (docs/security.md): with the
    // default budget of 100,000 steps, 10,000 statements scanned one by one fail closed.
    const authorizer = createAuthorizer(world, { managedPolicies: catalog, limits: { maxMatchSteps: 50_000_000 } });
    const compile_ms = performance.now() - t0;
    if (!authorizer.ok) throw new Error(`statements world ${n}: ${JSON.stringify(authorizer.errors.slice(0, 2))}`);
    for (const c of statementsRequests(n)) {
      const got = authorizer.authorize(c.request).decision;
      const simulation = {
        request: {
          principal: USER,
          action: 's3:GetObject',
          resource: { resource: c.request.resource, accountId: ACCOUNT },
          contextVariables: {},
        },
        identityPolicies: policies.map((policy, i) => ({ name: `p${i}`, policy })),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
      };
      const peer = DECISION[(await runSimulation(simulation, {})).overallResult];
      if (got !== c.expect || peer !== c.expect)
        throw new Error(`statements ${n}/${c.name}: iam-verdict ${got}, iam-simulate ${peer}, expected ${c.expect}`);
      const verdict = await median(() => authorizer.authorize(c.request), { time: quick ? 100 : 1000 });
      const simulate = await median(() => runSimulation(simulation, {}), {
        time: quick ? 200 : 2000,
        iterations: quick ? 2 : 6,
      });
      rows.push({
        name: `statements-${n}-${c.name}`,
        statements: n,
        decision: got,
        compile_ms,
        verdict,
        runSimulation: simulate,
        ratio: simulate.median_us / verdict.median_us,
      });
    }
  }
  return rows;
}

// ---- one-shot: JSON text → one decision ---------------------------------------------------------

/** A small world (one user, two policies, a bucket policy) as the one-shot case of a CLI or a CI step. */
function smallWorld() {
  const bucket = 'arn:aws:s3:::reports';
  return {
    world: {
      users: {
        [USER]: {
          policies: [
            {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [bucket, `${bucket}/*`] },
              ],
            },
            { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }] },
          ],
        },
      },
      resources: {
        [bucket]: {
          account: ACCOUNT,
          policy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: USER }, Action: 's3:GetObject', Resource: `${bucket}/*` }],
          },
        },
      },
    },
    request: {
      principal: USER,
      action: 's3:GetObject',
      resource: `${bucket}/q1.csv`,
      resourceAccount: ACCOUNT,
      time: TIME,
    },
    expect: 'Allow',
  };
}

function smallSimulation(s) {
  const u = s.world.users[USER];
  const r = s.world.resources['arn:aws:s3:::reports'];
  return {
    request: {
      principal: USER,
      action: s.request.action,
      resource: { resource: s.request.resource, accountId: ACCOUNT },
      contextVariables: {},
    },
    identityPolicies: u.policies.map((policy, i) => ({ name: `p${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: r.policy,
  };
}

/**
 * One-shot rows: iam-verdict parses the world's JSON text, compiles it and decides one request
 * (eagerly, and in the lazily compiled mode); iam-simulate parses its simulation's JSON text and
 * runs `runSimulation` (load + authorize: it has no compile step).
 */
/** The one-shot cases: world JSON text, request, iam-simulate's simulation text, expected decision. */
export function oneShotCases() {
  const small = smallWorld();
  const typical = estateScenarios().find((s) => s.name === 'typical');
  const smallCase = {
    text: JSON.stringify(small.world),
    request: small.request,
    simText: JSON.stringify(smallSimulation(small)),
    expect: small.expect,
  };
  const typicalCase = {
    text: JSON.stringify(estateWorld()),
    request: typical.request,
    simText: JSON.stringify(typical.simulation),
    expect: typical.expect,
  };
  // The default (eager) mode compiles the whole world; the lazy mode only what the question touches.
  const lazy = { compile: 'lazy' };
  const cases = [
    { name: 'one-shot-small', ...smallCase },
    { name: 'one-shot-small-lazy', ...smallCase, options: lazy },
    { name: 'one-shot-typical', ...typicalCase },
    { name: 'one-shot-typical-lazy', ...typicalCase, options: lazy },
  ];
  return cases;
}

/**
 * Paired rounds of one-shot calls (issue #16, round seven). Both sides get the same treatment:
 *
 * - the same warm-up, in time: bursts of each side alternate until each has run `warmup_ms`
 *   (tinybench's 200 ms warm-up left iam-verdict's larger code half-optimised on the typical world:
 *   its median then read 2.2× its warm figure, iam-simulate's about 1.2×);
 * - paired rounds: each round times one burst of each side back to back (order alternating), so the
 *   two figures of a round see the same machine load, and the ratio is taken within the round;
 * - a burst's mean per call (CPU time of the process over ~10 ms of calls), so the garbage each side
 *   makes is collected in its own bursts and counted (a median of single calls leaves collections out,
 *   which favours the side that allocates more per call);
 * - medians and quartiles over the rounds, of each side and of the ratio;
 * - and, apart, the cold first call of each side in fresh processes (`bench/one-shot-cold.mjs`): what
 *   a CLI call or a Lambda cold start pays, module loading not counted.
 */
export async function oneShotRows(createAuthorizer, quick = false, entry = undefined) {
  const cases = oneShotCases();
  const rows = [];
  const warmup = quick ? 1000 : 1500;
  const rounds = quick ? 12 : 40;
  for (const c of cases) {
    const ours = () => createAuthorizer(JSON.parse(c.text), c.options).authorize(c.request).decision;
    const theirs = async () => DECISION[(await runSimulation(JSON.parse(c.simText), {})).overallResult];
    const [a, b] = [ours(), await theirs()];
    if (a !== c.expect || b !== c.expect)
      throw new Error(`${c.name}: iam-verdict ${a}, iam-simulate ${b}, expected ${c.expect}`);
    const sides = { verdict: ours, runSimulation: theirs };
    const spent = { verdict: 0, runSimulation: 0 };
    const calls = { verdict: 1, runSimulation: 1 };
    const burst = async (side, n) => {
      const fn = sides[side];
      const t = cpuNow();
      if (side === 'verdict') for (let i = 0; i < n; i++) fn();
      else for (let i = 0; i < n; i++) await fn();
      return cpuNow() - t;
    };
    // Warm-up: alternate bursts of ~2 ms until each side has run `warmup` ms; bursts grow as they speed up.
    while (spent.verdict < warmup * 1000 || spent.runSimulation < warmup * 1000)
      for (const side of ['verdict', 'runSimulation']) {
        if (spent[side] >= warmup * 1000) continue;
        const t = await burst(side, calls[side]);
        spent[side] += t;
        calls[side] = Math.max(1, Math.min(calls[side] * 2, Math.round((calls[side] * 2000) / Math.max(t, 1))));
      }
    // Rounds: bursts of ~10 ms each (a scavenge that waits for a descheduled helper thread on a
    // loaded machine costs milliseconds: a longer burst spreads it).
    for (const side of ['verdict', 'runSimulation']) calls[side] = Math.max(1, Math.round(calls[side] * 5));
    const times = { verdict: [], runSimulation: [] };
    for (let r = 0; r < rounds; r++)
      for (const side of r % 2 === 0 ? ['verdict', 'runSimulation'] : ['runSimulation', 'verdict'])
        times[side].push((await burst(side, calls[side])) / calls[side]);
    const ratios = times.runSimulation.map((t, i) => t / times.verdict[i]);
    const cold = entry === undefined ? undefined : coldRow(entry, c.name, quick ? 1 : 3);
    rows.push({
      name: c.name,
      decision: a,
      bytes: c.text.length,
      verdict: { ...quartiles(times.verdict), calls: calls.verdict },
      runSimulation: { ...quartiles(times.runSimulation), calls: calls.runSimulation },
      rounds,
      warmup_ms: warmup,
      ratio: quartiles(ratios).median,
      ratio_q1: quartiles(ratios).q1,
      ratio_q3: quartiles(ratios).q3,
      ...(cold ? { cold } : {}),
    });
  }
  return rows;
}

/**
 * {@link oneShotRows} in a fresh process (bench/one-shot-rows.mjs): a one-shot call runs in a
 * process of its own, not in one whose heap holds the bench's big worlds and managed corpus.
 */
export function oneShotRowsApart(entry) {
  const out = execFileSync(process.execPath, [here('./one-shot-rows.mjs')], {
    encoding: 'utf8',
    env: { ...process.env, IAM_VERDICT_ENTRY: entry },
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out);
}

/** CPU time of this process, in microseconds. */
function cpuNow() {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** Median and quartiles (nearest rank), with the median also as `median_us` (the rows' common field). */
function quartiles(xs) {
  const s = [...xs].sort((x, y) => x - y);
  const at = (f) => s[Math.min(s.length - 1, Math.floor(s.length * f))];
  return { median_us: at(0.5), q1_us: at(0.25), q3_us: at(0.75), median: at(0.5), q1: at(0.25), q3: at(0.75) };
}

/** The cold first call of each side, in `n` fresh processes each (medians; CPU and wall time). */
function coldRow(entry, name, n) {
  const run = (side) => {
    const xs = [];
    for (let i = 0; i < n; i++)
      xs.push(
        JSON.parse(
          execFileSync(process.execPath, [here('./one-shot-cold.mjs'), name, side], {
            encoding: 'utf8',
            env: { ...process.env, IAM_VERDICT_ENTRY: entry },
          }),
        ),
      );
    const med = (k) => quartiles(xs.map((x) => x[k])).median;
    return { cpu_us: med('cpu_us'), wall_us: med('wall_us'), processes: n };
  };
  const verdict = run('verdict');
  const runSimulation = run('simulate');
  return { verdict, runSimulation, ratio: runSimulation.cpu_us / verdict.cpu_us };
}

// ---- allocation per decision ------------------------------------------------------------------------

/**
 * Bytes allocated per decision, measured in a child process (bench/allocation.mjs) with a young
 * generation large enough that no collection runs while it counts.
 */
export function allocationRows(entry) {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--max-semi-space-size=128', '--min-semi-space-size=64', here('./allocation.mjs')],
    {
      encoding: 'utf8',
      env: { ...process.env, IAM_VERDICT_ENTRY: entry },
    },
  );
  return JSON.parse(out);
}

// ---- compiled size per user and per bucket policy ----------------------------------------------

/**
 * Bytes of compiled form per user and per bucket policy (bench/compiled-size.mjs), measured in a
 * child process with `--expose-gc` so that the heap can be collected before each reading.
 */
export function compiledSizeRow(entry) {
  const out = execFileSync(process.execPath, ['--expose-gc', here('./compiled-size.mjs')], {
    encoding: 'utf8',
    env: { ...process.env, IAM_VERDICT_ENTRY: entry },
  });
  return { name: 'compiled-size', ...JSON.parse(out) };
}

// ---- the floor: a hand-written decision for the typical request -----------------------------------

/**
 * What the typical request costs when every rule is written by hand for exactly this estate:
 * the lower bound that no generic engine reaches. Decides the same question as the engine.
 */
export function floorDecision(request) {
  const ctx = request.context ?? {};
  // SCPs: root denies regions outside eu-west-1/us-east-1; the OU allow-list holds s3:*.
  if (ctx['aws:RequestedRegion'] !== 'eu-west-1' && ctx['aws:RequestedRegion'] !== 'us-east-1') return 'ExplicitDeny';
  if (!request.action.toLowerCase().startsWith('s3:')) return 'ImplicitDeny';
  // Identity: the DevGuardrails TLS deny, then DataRead's s3:GetObject on the data lake's reports/.
  if (ctx['aws:SecureTransport'] === 'false') return 'ExplicitDeny';
  if (request.action.toLowerCase() !== 's3:getobject') return 'ImplicitDeny';
  return request.resource.startsWith('arn:aws:s3:::data-lake/') ? 'Allow' : 'ImplicitDeny';
}

export async function floorRow(createAuthorizer, quick = false) {
  const typical = estateScenarios().find((s) => s.name === 'typical');
  const authorizer = createAuthorizer(estateWorld());
  const engine = authorizer.authorize(typical.request).decision;
  if (floorDecision(typical.request) !== engine)
    throw new Error(`floor: ${floorDecision(typical.request)} but the engine says ${engine}`);
  const floor = await median(() => floorDecision(typical.request), { time: quick ? 100 : 1000 });
  const verdict = await median(() => authorizer.authorize(typical.request), { time: quick ? 100 : 1000 });
  const explain = await median(() => authorizer.authorize(typical.request, { explain: true }), {
    time: quick ? 100 : 1000,
  });
  return {
    name: 'floor-typical',
    decision: engine,
    floor,
    verdict,
    explain,
    engineOverFloor: verdict.median_us / floor.median_us,
    explainOverPlain: explain.median_us / verdict.median_us,
  };
}

// ---- big world: a principal's first decision ------------------------------------------------------

/** The first decision of each of `count` principals of a compiled world, then their second. */
export async function firstDecisionRow(authorizer, requests, count = 200) {
  const seen = new Set();
  const firsts = [];
  const seconds = [];
  for (const c of requests) {
    if (seen.has(c.request.principal)) continue;
    seen.add(c.request.principal);
    let t0 = performance.now();
    authorizer.authorize(c.request);
    firsts.push(us(performance.now() - t0));
    t0 = performance.now();
    authorizer.authorize(c.request);
    seconds.push(us(performance.now() - t0));
    if (firsts.length >= count) break;
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    name: 'big-world-first-decision',
    principals: firsts.length,
    first_median_us: med(firsts),
    second_median_us: med(seconds),
  };
}
