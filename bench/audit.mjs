/**
 * Times the posture audit (docs/audit.md) on the bundled example estate, and on the bench's big
 * world (10,000 users, 2,000 roles, 5,000 managed policies, SCPs) with a generated 10,000-row
 * credential report, as of a fixed time, with the bundled action catalog (effective admin over
 * every action). Reported in docs/audit.md and docs/performance.md; not a unit test. Run after a build:
 *
 *   npx tsup --silent && node bench/audit.mjs
 *
 * The credential, password-policy and attachment checks and the engine's effective-admin probes
 * are timed together ("audit without trust"); every audit compiles the world once (timed
 * alone on the first line, to subtract); the trust checks (the analysis layer's who-can of sts:AssumeRole per
 * role) are timed separately, as the issue asks. The big world has no
 * principal allowed an unlisted action, so its catalog sweep is empty; a copy with ADMINS (default
 * 20) roles allowed `*` times the sweep per admin.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { bundledCatalog } from '../dist/catalog.js';
import { audit, createAuthorizer } from '../dist/index.js';
import { generateBigWorld } from './big-world.mjs';

const TIME = '2025-06-01T12:00:00Z';
const NOW = Date.parse(TIME);
const DAY = 86_400_000;
const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

/** A deterministic credential report of `rows` users (plus the root row) with every kind of problem. */
export function generateCredentialReport(rows = 10_000) {
  const iso = (ms) => new Date(ms).toISOString().replace('.000Z', '+00:00');
  const lines = [
    HEADER,
    `<root_account>,arn:aws:iam::100000000000:root,${iso(NOW - 2000 * DAY)},not_supported,${iso(NOW - 200 * DAY)},not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  ];
  for (let i = 0; i < rows; i++) {
    const created = NOW - (30 + (i % 700)) * DAY;
    const console = i % 3 === 0;
    const mfa = i % 5 !== 0;
    const rotated = created + (i % 7) * 60_000;
    const used = i % 4 === 0 ? 'N/A' : iso(NOW - (i % 120) * DAY);
    const key2 = i % 11 === 0;
    lines.push(
      [
        `user-${i}`,
        `arn:aws:iam::${String(100000000000 + (i % 10) * 1111)}:user/user-${i}`,
        iso(created),
        console,
        console ? iso(NOW - (i % 90) * DAY) : 'N/A',
        console ? iso(created) : 'N/A',
        'N/A',
        mfa,
        'true',
        iso(rotated),
        used,
        used === 'N/A' ? 'N/A' : 'us-east-1',
        used === 'N/A' ? 'N/A' : 's3',
        key2,
        key2 ? iso(NOW - 10 * DAY) : 'N/A',
        'N/A',
        'N/A',
        'N/A',
        'false',
        'N/A',
        'false',
        'N/A',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

const RUNS = Number(process.env.RUNS ?? 3);

/** Runs `fn` `runs` times (RUNS, default 3); prints the median wall and CPU (user + system) time. */
function time(label, fn, runs = RUNS) {
  const wall = [];
  const cpu = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    result = fn();
    const c = process.cpuUsage(c0);
    wall.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs) =>
    [...xs]
      .sort((a, b) => a - b)
      [Math.floor(xs.length / 2)].toFixed(0)
      .padStart(6);
  console.log(`${label.padEnd(44)} wall ${median(wall)} ms   cpu ${median(cpu)} ms`);
  return result;
}

const catalog = time(
  'load the action catalog (every service)',
  () => {
    const c = bundledCatalog();
    let actions = 0;
    for (const s of c.services) actions += c.service(s)?.actions.length ?? 0;
    console.log(`  ${c.services.length} services, ${actions} actions`);
    return c;
  },
  1,
);

const estate = JSON.parse(readFileSync(new URL('../examples/estate.world.json', import.meta.url), 'utf8')).world;
const estateAudit = time(
  'bundled estate: full audit (catalog, trust)',
  () => audit(estate, { time: TIME, catalog }),
  Math.max(RUNS, 5),
);
time('bundled estate: audit without the catalog (nine probes)', () => audit(estate, { time: TIME }), Math.max(RUNS, 5));
if (!estateAudit.ok) throw new Error('the estate audit failed');
console.log(`  findings: ${estateAudit.findings.map((f) => f.checkId).join(', ')}`);

const { world } = generateBigWorld();
const report = generateCredentialReport(10_000);
console.log(
  `load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${os.cpus().length} CPUs`,
);
console.log(
  `big world: ${Object.keys(world.users).length} users, ${Object.keys(world.roles).length} roles, ${Object.keys(world.managedPolicies).length} managed policies; credential report: ${report.split('\n').length - 2} rows`,
);
const compile = time('compile the world (createAuthorizer)', () => createAuthorizer(world));
if (!compile.ok) throw new Error('the big world does not compile');
time('audit: data checks only (no engine probes)', () =>
  audit(world, { time: TIME, credentialReport: report, skipTrust: true, adminProbes: [] }),
);
const withoutTrust = time('audit without trust (+ 10k-row report, catalog)', () =>
  audit(world, { time: TIME, credentialReport: report, skipTrust: true, catalog }),
);
const full = time('audit with the trust checks (who-can)', () =>
  audit(world, { time: TIME, credentialReport: report, catalog }),
);
if (!withoutTrust.ok || !full.ok) throw new Error('the audit failed');
const count = (r) =>
  Object.entries(r.findings.reduce((m, f) => ((m[f.checkId] = (m[f.checkId] ?? 0) + 1), m), {}))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
console.log(`findings without trust: ${withoutTrust.findings.length} (${count(withoutTrust)})`);
console.log(`trust findings: ${full.findings.length - withoutTrust.findings.length}`);

// The catalog sweep: the big world plus ADMINS roles allowed everything (each in its own account's SCPs).
const ADMINS = Number(process.env.ADMINS ?? 20);
const roleArns = Object.keys(world.roles);
const admins = { ...world, roles: { ...world.roles } };
for (let i = 0; i < ADMINS; i++) {
  const base = roleArns[i % roleArns.length];
  const { permissionsBoundary: _unused, ...rest } = world.roles[base];
  admins.roles[`${base}-bench-admin-${i}`] = {
    ...rest,
    policies: [
      {
        name: 'star',
        document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
      },
    ],
  };
}
const noSweep = time(`big world + ${ADMINS} admin roles, probes only`, () =>
  audit(admins, { time: TIME, skipTrust: true }),
);
const sweep = time(`big world + ${ADMINS} admin roles, catalog sweep`, () =>
  audit(admins, { time: TIME, skipTrust: true, catalog }),
);
if (!noSweep.ok || !sweep.ok) throw new Error('the admin audit failed');
const adminish = (r) => r.findings.filter((f) => f.checkId === 'IAM.EFFECTIVE_ADMIN' || f.checkId === 'IAM.NEAR_ADMIN');
console.log(
  `  swept principals: ${adminish(sweep).length} (${count({ findings: adminish(sweep) })}); the sweep's cost is the difference of the two lines, per swept principal`,
);
