/**
 * iam-verdict/analysis/parallel: the full privilege graph and the escalation paths over worker
 * threads give exactly the single-threaded answer (every hop in order, with its proofs, and every
 * path), on generated worlds and on the bundled estate, for 1, 2 and 3 workers; failures come back
 * as errors, never as a throw or a hang. Workers load built JavaScript, so the entry, the worker and
 * the CLI are bundled afresh into node_modules/.cache (no prior `npm run build` needed).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { build } from 'tsup';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnalysis, TECHNIQUES, type AnalysisOptions } from '../../src/analysis/index.js';
import { createAuthorizer } from '../../src/index.js';
import type * as Parallel from '../../src/parallel/index.js';
import { ROOT, runCli } from '../cli/helpers.js';
import { techniqueWorld, toSt, twoAccounts } from '../analysis/worlds.js';

const OUT = join(ROOT, 'node_modules/.cache/iam-verdict-parallel-test');
const CLI = join(OUT, 'dist/cli.js');
let parallel: typeof Parallel;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'package.json'), JSON.stringify({ name: 'iam-verdict', type: 'module' }));
  await build({
    config: false,
    entry: {
      'analysis-parallel': join(ROOT, 'src/parallel/index.ts'),
      'analysis-worker': join(ROOT, 'src/parallel/worker.ts'),
      cli: join(ROOT, 'src/cli/main.ts'),
    },
    outDir: join(OUT, 'dist'),
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    splitting: true,
    silent: true,
    clean: true,
    dts: false,
    sourcemap: false,
  });
  parallel = (await import(pathToFileURL(join(OUT, 'dist/analysis-parallel.js')).href)) as typeof Parallel;
}, 120_000);

const ESTATE = (JSON.parse(readFileSync(join(ROOT, 'examples/estate.world.json'), 'utf8')) as { world: object }).world;
const ADMIN_ROLE = 'arn:aws:iam::222222222222:role/Admin';
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });

/** The single-threaded answer, with every proof read (JSON), and the parallel one for 1, 2 and 3 workers. */
async function expectSameAnswer(
  world: object,
  options: Parallel.PrivilegeGraphOptions = {},
): Promise<{ edges: number; paths: number }> {
  const a = createAnalysis(world, options as AnalysisOptions);
  const to = options.to ?? 'admin';
  const single = { edges: a.graph(), paths: a.escalationPaths({ to }) };
  const expected = JSON.stringify(single);
  const sources = Object.keys(a.world.users).length + Object.keys(a.world.roles).length;
  for (const workers of [1, 2, 3]) {
    const r = await parallel.privilegeGraph(world, { ...options, workers });
    if (!r.ok) throw new Error(`workers ${workers}: ${JSON.stringify(r.errors)}`);
    expect(r.workers).toBe(Math.min(workers, sources));
    // Order included (the JSON text): every member of every hop and path, in the single-threaded
    // order, with the proofs read (requests, decisions and explanations). A structural toEqual would
    // also compare the internal symbol a proof carries, which differs between the source and the bundle.
    expect(JSON.stringify({ edges: r.edges, paths: r.paths }), `workers ${workers}`).toBe(expected);
  }
  return { edges: single.edges.length, paths: single.paths.paths.length };
}

describe('privilegeGraph gives the single-threaded answer', () => {
  it('on the bundled estate (to admin and to a named role)', async () => {
    const admin = await expectSameAnswer(ESTATE);
    expect(admin.edges).toBeGreaterThan(10);
    expect(admin.paths).toBeGreaterThan(0);
    const named = await expectSameAnswer(ESTATE, { to: ADMIN_ROLE });
    expect(named.paths).toBeGreaterThan(0);
  });

  it('on the technique worlds (one technique of each category, with its running resources)', async () => {
    const seen = new Set<string>();
    let edges = 0;
    let paths = 0;
    for (const t of TECHNIQUES) {
      if (seen.has(t.category)) continue;
      seen.add(t.category);
      const { world, runsAs } = techniqueWorld(t, 'none');
      const r = await expectSameAnswer(world, runsAs ? { runsAs } : {});
      edges += r.edges;
      paths += r.paths;
    }
    expect(seen.size).toBeGreaterThan(3);
    expect(edges).toBeGreaterThan(seen.size);
    expect(paths).toBeGreaterThan(0);
  });

  it('on random two-account worlds (hops off the paths re-derive their proofs on the main thread)', async () => {
    const A = '111111111111';
    const B = '222222222222';
    const roles = [A, B].flatMap((acct) => [0, 1, 2].map((i) => `arn:aws:iam::${acct}:role/r${i}`));
    const users = [0, 1, 2].map((i) => `arn:aws:iam::${A}:user/u${i}`);
    const statement = fc.record({
      effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
      action: fc.constantFrom(
        'sts:AssumeRole',
        'iam:PassRole',
        'lambda:CreateFunction',
        'iam:CreateAccessKey',
        'iam:AttachUserPolicy',
        'iam:PutRolePolicy',
        'iam:*',
        '*',
      ),
      resource: fc.constantFrom('*', ...roles, ...users),
      condition: fc.constantFrom(undefined, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
    });
    const world = fc.record({
      users: fc.array(fc.array(statement, { minLength: 1, maxLength: 3 }), { minLength: 3, maxLength: 3 }),
      roles: fc.array(
        fc.record({
          trusted: fc.constantFrom(`arn:aws:iam::${A}:root`, `arn:aws:iam::${B}:root`, users[0] as string),
          policy: fc.array(statement, { minLength: 0, maxLength: 2 }),
        }),
        { minLength: 6, maxLength: 6 },
      ),
    });
    let edges = 0;
    let paths = 0;
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const r = await expectSameAnswer({
          ...twoAccounts(),
          users: Object.fromEntries(w.users.map((st, i) => [users[i], { policies: [doc(...st.map(toSt))] }])),
          roles: Object.fromEntries(
            w.roles.map((r, i) => [
              roles[i],
              {
                trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: r.trusted }, Action: 'sts:AssumeRole' }),
                policies: r.policy.length ? [doc(...r.policy.map(toSt))] : [],
              },
            ]),
          ),
        });
        edges += r.edges;
        paths += r.paths;
      }),
      {
        numRuns: 4,
        // One world with a path whatever the seed: u0 may attach any policy to itself (and the
        // others may assume the roles), so the floors below hold on every run.
        examples: [
          [
            {
              users: [
                [
                  {
                    effect: 'Allow',
                    action: 'iam:AttachUserPolicy',
                    resource: users[0] as string,
                    condition: undefined,
                  },
                ],
                [{ effect: 'Allow', action: 'sts:AssumeRole', resource: '*', condition: undefined }],
                [{ effect: 'Allow', action: 'iam:CreateAccessKey', resource: '*', condition: undefined }],
              ],
              roles: roles.map(() => ({ trusted: `arn:aws:iam::${A}:root`, policy: [] })),
            },
          ],
        ],
      },
    );
    // The generator does produce hops and paths (the comparison is not vacuous).
    expect(edges).toBeGreaterThan(6);
    expect(paths).toBeGreaterThan(0);
  });

  it('graph: false leaves the hops out; from searches one source in this thread', async () => {
    const a = createAnalysis(ESTATE);
    const r = await parallel.privilegeGraph(ESTATE, { workers: 2, graph: false });
    expect(r.ok && r.edges).toEqual([]);
    expect(r.ok && JSON.stringify(r.paths)).toBe(JSON.stringify(a.escalationPaths({ to: 'admin' })));
    const alice = 'arn:aws:iam::111111111111:user/alice';
    const one = await parallel.privilegeGraph(ESTATE, { workers: 2, from: alice });
    expect(one.ok && one.workers).toBe(1);
    expect(one.ok && JSON.stringify(one.paths)).toBe(JSON.stringify(a.escalationPaths({ from: alice })));
  });

  it('takes managed policies as data, as the catalog function would give them', async () => {
    const arn = 'arn:aws:iam::aws:policy/AdministratorAccess';
    const world = {
      ...twoAccounts(),
      users: { 'arn:aws:iam::111111111111:user/u0': { policies: [arn] } },
      roles: {},
    };
    const managedPolicies = { [arn]: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) };
    const a = createAnalysis(world, { authorizer: { managedPolicies: (x) => managedPolicies[x as typeof arn] } });
    const expected = a.escalationPaths({ to: 'admin' });
    expect(expected.admins).toEqual(['arn:aws:iam::111111111111:user/u0']);
    const r = await parallel.privilegeGraph(world, { workers: 2, managedPolicies });
    expect(r.ok && JSON.stringify(r.paths)).toBe(JSON.stringify(expected));
  });
});

describe('privilegeGraph returns failures as errors', () => {
  it('an invalid world: the engine errors, from the workers as in this thread', async () => {
    const world = { users: { 'arn:aws:iam::111111111111:user/u0': { policies: [7] } }, roles: { x: {} } };
    const expected = createAuthorizer(world as never).errors;
    expect(expected.length).toBeGreaterThan(0);
    for (const workers of [1, 2]) {
      const r = await parallel.privilegeGraph(world, { workers });
      expect(r).toEqual({ ok: false, errors: expected });
    }
  });

  it('options a worker cannot be sent, and malformed options', async () => {
    const fn = await parallel.privilegeGraph(ESTATE, {
      workers: 2,
      authorizer: { managedPolicies: () => undefined },
    });
    expect(fn.ok).toBe(false);
    expect(!fn.ok && fn.errors[0]?.code).toBe('not-json-value');
    const hostile = {
      ...ESTATE,
      get accounts(): never {
        throw new Error('no accounts for you');
      },
    };
    const thrown = await parallel.privilegeGraph(hostile, { workers: 2 });
    expect(!thrown.ok && thrown.errors[0]?.code).toBe('not-json-value');
    for (const workers of [0, 1.5, Number.NaN, 1000])
      expect(await parallel.privilegeGraph(ESTATE, { workers })).toMatchObject({
        ok: false,
        errors: [{ code: 'invalid-analysis-option', path: 'workers' }],
      });
  });

  it('a failure inside a worker (a malformed technique) is an internal error, in workers and in this thread', async () => {
    const techniques = [{ id: 'broken', name: 'broken' }] as never;
    for (const workers of [1, 2]) {
      const r = await parallel.privilegeGraph(ESTATE, { workers, techniques });
      expect(r.ok).toBe(false);
      expect(!r.ok && r.errors[0]?.code).toBe('internal-error');
    }
  });
});

describe('iam-verdict paths --workers', () => {
  const cli = (args: string[], node: string[] = []) => {
    const r = spawnSync(process.execPath, [...node, CLI, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
      timeout: 60_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('prints the same paths (JSON with proofs, text) with 1, 2 and 3 workers', () => {
    const one = cli(['paths', 'examples/estate.world.json', '--json', '--workers', '1']);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout).paths.length).toBeGreaterThan(0);
    for (const n of ['2', '3', 'auto']) {
      const r = cli(['paths', 'examples/estate.world.json', '--json', '--workers', n]);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(one.stdout);
    }
    const text = cli(['paths', 'examples/estate.world.json', '--workers', '2']);
    expect(text.stdout).toBe(cli(['paths', 'examples/estate.world.json']).stdout);
    // The workers inherit the process's Node options (here a V8 flag, which a worker may not be given explicitly).
    const flagged = cli(['paths', 'examples/estate.world.json', '--json', '--workers', '2'], ['--expose-gc']);
    expect(flagged.stderr).toBe('');
    expect(flagged.stdout).toBe(one.stdout);
  });

  it('refuses a malformed --workers (usage error, exit 2)', () => {
    const r = cli(['paths', 'examples/estate.world.json', '--workers', 'many']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--workers takes auto or a whole number');
  });

  it('searches in this thread, with a note, when no built worker is at hand (the CLI run from source)', async () => {
    const single = await runCli(['paths', 'examples/estate.world.json', '--json']);
    const r = await runCli(['paths', 'examples/estate.world.json', '--json', '--workers', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(single.stdout);
    expect(r.stderr).toContain('searching in this thread');
  });
});
