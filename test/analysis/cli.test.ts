import { describe, expect, it } from 'vitest';
import { json, runCli } from '../cli/helpers.js';

const WORLD = 'examples/estate.world.json';
const ALICE = 'arn:aws:iam::111111111111:user/alice';
const ADMIN = 'arn:aws:iam::222222222222:role/Admin';

interface JsonEdge {
  from: string;
  to: string;
  via: string;
  conditions: string;
  proofs: { request: { action: string }; decision: { decision: string; explanation?: unknown } }[];
}

describe('iam-verdict reach', () => {
  it('--json lists each reachable principal with its path of edges', async () => {
    const r = await runCli(['reach', WORLD, '--principal', ALICE, '--json']);
    expect(r.code).toBe(0);
    const out = json<{ principal: string; reachable: { principal: string; path: JsonEdge[] }[] }>(r);
    expect(out.principal).toBe(ALICE);
    const admin = out.reachable.find((x) => x.principal === ADMIN);
    expect(admin?.path).toHaveLength(1);
    expect(admin?.path[0]).toMatchObject({
      from: ALICE,
      to: ADMIN,
      via: 'assume-role',
      conditions: 'aws:MultiFactorAuthPresent = true',
    });
    expect(admin?.path[0]?.proofs[0]?.decision.decision).toBe('Allow');
    expect(admin?.path[0]?.proofs[0]?.decision.explanation).toBeDefined();
  });
  it('draws the graph as text, DOT and Mermaid', async () => {
    const text = await runCli(['reach', WORLD, '--principal', ALICE]);
    expect(text.stdout).toContain('→ role/Admin (222222222222)  if aws:MultiFactorAuthPresent = true');
    const dot = await runCli(['reach', WORLD, '--principal', ALICE, '--format', 'dot']);
    expect(dot.stdout).toMatch(/^digraph reach \{/);
    expect(dot.stdout).toContain(
      `"${ALICE}" -> "${ADMIN}" [label="assume-role if aws:MultiFactorAuthPresent = true"];`,
    );
    const mermaid = await runCli(['reach', WORLD, '--principal', ALICE, '--format', 'mermaid']);
    expect(mermaid.stdout).toMatch(/^flowchart LR\n/);
    expect(mermaid.stdout).toContain('-->|"assume-role if aws:MultiFactorAuthPresent = true"|');
  });
  it('usage errors exit 2 with a did-you-mean', async () => {
    const r = await runCli(['reach', WORLD, '--principal', 'arn:aws:iam::111111111111:user/Alice']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`did you mean ${ALICE}?`);
    expect((await runCli(['reach', WORLD])).code).toBe(2);
    expect((await runCli(['reach', WORLD, '--principal', ALICE, '--format', 'png'])).code).toBe(2);
    expect((await runCli(['reach', 'nope.json', '--principal', ALICE])).code).toBe(1);
  });
  it('--help shows an example', async () => {
    const r = await runCli(['reach', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Example:\n  iam-verdict reach examples/estate.world.json');
  });
});

describe('iam-verdict paths', () => {
  it('--json gives the paths as lists of edges', async () => {
    const out = json<{ to: string; paths: JsonEdge[][]; admins: string[] }>(await runCli(['paths', WORLD, '--json']));
    expect(out.to).toBe('admin');
    expect(out.admins).toEqual([ADMIN]);
    expect(out.paths.map((p) => p.map((e) => [e.from, e.via, e.to]))).toEqual([[[ALICE, 'assume-role', ADMIN]]]);
  });
  it('--from and --to narrow the question', async () => {
    const bob = json<{ paths: JsonEdge[][] }>(
      await runCli(['paths', WORLD, '--from', 'arn:aws:iam::111111111111:user/bob', '--json']),
    );
    expect(bob.paths).toEqual([]);
    const vendor = json<{ paths: JsonEdge[][] }>(
      await runCli([
        'paths',
        WORLD,
        '--from',
        ALICE,
        '--to',
        'arn:aws:iam::222222222222:role/VendorReadOnly',
        '--json',
      ]),
    );
    expect(vendor.paths[0]?.map((e) => e.via)).toEqual(['assume-role', 'update-assume-role-policy']);
    const text = await runCli(['paths', WORLD]);
    expect(text.stdout).toContain('Already administrators: role/Admin (222222222222)');
    expect((await runCli(['paths', WORLD, '--help'])).stdout).toContain('Example:');
  });
});

describe('iam-verdict who-can', () => {
  const q = [
    'who-can',
    WORLD,
    '--action',
    's3:GetObject',
    '--resource',
    'arn:aws:s3:::acme-prod-assets/assets/logo.png',
  ];
  it('lists principals with their conditions, and with --transitive those that can become them', async () => {
    const direct = json<{ principals: { principal: string; conditions: string; path?: unknown }[] }>(
      await runCli([...q, '--json']),
    );
    expect(direct.principals.map((p) => p.principal)).toEqual([
      ADMIN,
      'arn:aws:iam::222222222222:role/WebServerRole',
      'arn:aws:iam::222222222222:root',
    ]);
    expect(direct.principals.every((p) => p.conditions === 'aws:SecureTransport != false')).toBe(true);
    const transitive = json<{ principals: { principal: string; conditions: string; path?: JsonEdge[] }[] }>(
      await runCli([...q, '--transitive', '--json']),
    );
    const alice = transitive.principals.find((p) => p.principal === ALICE);
    expect(alice?.conditions).toBe('aws:MultiFactorAuthPresent = true and aws:SecureTransport != false');
    expect(alice?.path?.map((e) => e.to)).toEqual([ADMIN]);
  });
  it('needs --action and --resource', async () => {
    expect((await runCli(['who-can', WORLD, '--resource', '*'])).code).toBe(2);
    expect((await runCli(['who-can', WORLD, '--action', 's3:GetObject'])).code).toBe(2);
  });
});

describe('iam-verdict can', () => {
  it('groups catalog actions by service and access level with their resource cells, filtered by service and access level', async () => {
    type Out = {
      services: {
        service: string;
        actions: {
          action: string;
          accessLevel: string;
          resources: { resource: string; decision: { text: string } }[];
        }[];
      }[];
    };
    const out = json<Out>(
      await runCli([
        'can',
        WORLD,
        '--principal',
        'arn:aws:iam::222222222222:role/ReadOnly',
        '--service',
        's3',
        '--json',
      ]),
    );
    expect(out.services.map((s) => s.service)).toEqual(['s3']);
    // Every s3 action the catalog lists as List (the role's policy allows s3:List*), with the catalog's level.
    const list = out.services[0]?.actions.find((a) => a.action === 's3:ListBucket');
    expect(list?.accessLevel).toBe('List');
    expect(list?.resources.map((r) => r.resource)).toEqual(['*']);
    expect(out.services[0]?.actions.every((a) => a.accessLevel === 'List' && a.action.startsWith('s3:List'))).toBe(
      true,
    );
    expect(out.services[0]?.actions.length).toBeGreaterThan(10);
    // A resource-policy grant is a cell, with the bucket policy's TLS condition.
    const web = json<Out>(
      await runCli(['can', WORLD, '--principal', 'arn:aws:iam::222222222222:role/WebServerRole', '--json']),
    );
    expect(
      web.services.map((s) =>
        s.actions.map(
          (a) => `${a.action} ${a.accessLevel} ${a.resources.map((r) => `${r.resource} if ${r.decision.text}`).join()}`,
        ),
      ),
    ).toEqual([['s3:GetObject Read arn:aws:s3:::acme-prod-assets/assets/* if aws:SecureTransport != false']]);
    const write = json<{ services: unknown[] }>(
      await runCli([
        'can',
        WORLD,
        '--principal',
        'arn:aws:iam::222222222222:role/ReadOnly',
        '--access-level',
        'Write',
        '--json',
      ]),
    );
    expect(write.services).toEqual([]);
    expect((await runCli(['can', WORLD, '--principal', ALICE, '--access-level', 'Everything'])).code).toBe(2);
  });
});
