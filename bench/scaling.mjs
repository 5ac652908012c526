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

export async function oneShotRows(createAuthorizer, quick = false) {
  const cases = oneShotCases();
  const rows = [];
  for (const c of cases) {
    const ours = () => createAuthorizer(JSON.parse(c.text), c.options).authorize(c.request).decision;
    const theirs = async () => DECISION[(await runSimulation(JSON.parse(c.simText), {})).overallResult];
    const [a, b] = [ours(), await theirs()];
    if (a !== c.expect || b !== c.expect)
      throw new Error(`${c.name}: iam-verdict ${a}, iam-simulate ${b}, expected ${c.expect}`);
    const verdict = await median(ours, { time: quick ? 200 : 2000 });
    const simulate = await median(theirs, { time: quick ? 200 : 2000 });
    rows.push({
      name: c.name,
      decision: a,
      bytes: c.text.length,
      verdict,
      runSimulation: simulate,
      ratio: simulate.median_us / verdict.median_us,
    });
  }
  return rows;
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
