import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { json, runCli } from './helpers.js';

const WORLD = 'examples/estate.world.json';
const ALICE = 'arn:aws:iam::111111111111:user/alice';
const ADMIN = 'arn:aws:iam::222222222222:role/Admin';
const MFA = ['--serial-number', 'arn:aws:iam::111111111111:mfa/alice', '--token-code', '123456'];
const NOW = ['--now', '2025-06-01T12:00:00Z'];
const base = ['assume-role', WORLD, '--caller', ALICE, '--role-arn', ADMIN, '--session-name', 'alice', ...NOW];

interface Out {
  ok: boolean;
  session?: {
    arn: string;
    issuedAt: string;
    expiresAt: string;
    credentials: { accessKeyId: string; sessionToken: string };
  };
  error?: {
    code: string;
    parameter?: string;
    message: string;
    decision?: { decision: string; decidedBy: string; explanation?: { missingContextKeys: string[] } };
  };
}

describe('iam-verdict assume-role', () => {
  it('shows the session it would produce', async () => {
    const r = await runCli([...base, ...MFA, '--duration', '7200', '--source-identity', 'alice']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^✓ AssumeRole allowed: arn:aws:iam::111111111111:user\/alice → arn:aws:iam::222222222222:role\/Admin\n/,
    );
    expect(r.stdout).toMatch(/session {11}arn:aws:sts::222222222222:assumed-role\/Admin\/alice\n/);
    expect(r.stdout).toMatch(/expires {11}2025-06-01T14:00:00Z \(7200 s\)\n/);
    expect(r.stdout).toMatch(/access key id {5}ASIA[A-Z0-9]{16}\n/);
    expect(r.stdout).toMatch(/source identity {3}alice\n/);
  });

  it('shows why it is refused, with the explanation', async () => {
    const r = await runCli(base);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✗ AssumeRole refused: AccessDenied\n/);
    expect(r.stdout).toContain("decided by the role's trust policy");
    expect(r.stdout).toContain('missing     aws:multifactorauthpresent');
  });

  it('--json prints the session or the error', async () => {
    const ok = json<Out>(await runCli([...base, ...MFA, '--json']));
    expect(ok.ok).toBe(true);
    expect(ok.session?.arn).toBe('arn:aws:sts::222222222222:assumed-role/Admin/alice');
    expect(ok.session?.expiresAt).toBe('2025-06-01T13:00:00Z');
    const refused = json<Out>(await runCli([...base, '--json']));
    expect(refused.ok).toBe(false);
    expect(refused.error?.code).toBe('AccessDenied');
    expect(refused.error?.decision?.explanation?.missingContextKeys).toEqual(['aws:multifactorauthpresent']);
    const tooLong = json<Out>(await runCli([...base, ...MFA, '--duration', '50000', '--json']));
    expect(tooLong.error).toMatchObject({ code: 'ValidationError', parameter: 'DurationSeconds' });
  });

  it('cross-account with and without the external id', async () => {
    const vendor = [
      'assume-role',
      WORLD,
      '--caller',
      'arn:aws:sts::444455556666:assumed-role/Collector/i-0f9e8d7c6b5a40312',
      '--role-arn',
      'arn:aws:iam::222222222222:role/VendorReadOnly',
      '--session-name',
      'collector',
      ...NOW,
      '--json',
    ];
    expect(json<Out>(await runCli([...vendor, '--external-id', 'acme-7f3a9c'])).ok).toBe(true);
    expect(json<Out>(await runCli([...vendor, '--external-id', 'someone-else'])).error?.code).toBe('AccessDenied');
  });

  it('session tags need sts:TagSession in the trust policy', async () => {
    const r = json<Out>(await runCli([...base, ...MFA, '--tag', 'project=apollo', '--json']));
    expect(r.error?.code).toBe('AccessDenied');
  });

  it('--expect turns the answer into the exit code', async () => {
    expect((await runCli([...base, ...MFA, '--expect', 'allow'])).code).toBe(0);
    expect((await runCli([...base, '--expect', 'allow'])).code).toBe(1);
    expect((await runCli([...base, '--expect', 'deny'])).code).toBe(0);
  });

  it('--world-out writes the world with the session, which eval can then use', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iam-verdict-sts-'));
    const out = join(dir, 'after.json');
    expect((await runCli([...base, ...MFA, '--world-out', out])).code).toBe(0);
    const world = JSON.parse(readFileSync(out, 'utf8')) as {
      sessions: Record<string, { via: string; credentials: { accessKeyId: string } }>;
    };
    const session = world.sessions['arn:aws:sts::222222222222:assumed-role/Admin/alice'];
    expect(session?.via).toBe('AssumeRole');
    const r = await runCli([
      'eval',
      out,
      '--json',
      '--principal',
      'arn:aws:sts::222222222222:assumed-role/Admin/alice',
      '--action',
      'cloudtrail:StopLogging',
      '--resource',
      '*',
      '--time',
      '2025-06-01T12:30:00Z',
    ]);
    expect(json<{ results: { decision: string; decidedBy: string }[] }>(r).results[0]).toMatchObject({
      decision: 'ExplicitDeny',
      decidedBy: 'scp',
    });
  });

  it('calls with credentials from the world', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iam-verdict-sts-'));
    const estate = JSON.parse(readFileSync(WORLD, 'utf8')) as {
      world: { users: Record<string, { accessKeys?: unknown[] }> };
    };
    const alice = estate.world.users[ALICE];
    if (alice) alice.accessKeys = [{ id: 'AKIAALICEEXAMPLE0001' }];
    writeFileSync(join(dir, 'w.json'), JSON.stringify(estate));
    const args = [
      'assume-role',
      join(dir, 'w.json'),
      '--role-arn',
      ADMIN,
      '--session-name',
      'alice',
      ...NOW,
      ...MFA,
      '--json',
    ];
    expect(json<Out>(await runCli([...args, '--access-key-id', 'AKIAALICEEXAMPLE0001'])).ok).toBe(true);
    expect(json<Out>(await runCli([...args, '--access-key-id', 'AKIAUNKNOWNEXAMPLE01'])).error?.code).toBe(
      'InvalidClientTokenId',
    );
  });

  it('an inline session policy from a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iam-verdict-sts-'));
    writeFileSync(
      join(dir, 'p.json'),
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
    );
    writeFileSync(
      join(dir, 'bad.json'),
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}',
    );
    const ok = await runCli([...base, ...MFA, '--policy', join(dir, 'p.json')]);
    expect(ok.stdout).toMatch(/session policies {2}inline policy\n/);
    expect(json<Out>(await runCli([...base, ...MFA, '--policy', join(dir, 'bad.json'), '--json'])).error?.code).toBe(
      'MalformedPolicyDocument',
    );
  });

  it('usage errors: exit 2, one line', async () => {
    for (const [args, message] of [
      [['assume-role', WORLD, '--role-arn', ADMIN, '--session-name', 'x'], 'give --caller ARN (or --access-key-id)'],
      [['assume-role', WORLD, '--caller', ALICE, '--session-name', 'x'], 'give --role-arn'],
      [['assume-role', WORLD, '--caller', ALICE, '--role-arn', ADMIN], 'give --session-name'],
      [
        ['assume-role', '--caller', ALICE, '--role-arn', ADMIN, '--session-name', 'x'],
        'give exactly one world file (or - for standard input)',
      ],
      [[...base, '--duration', 'an hour'], '--duration needs a whole number of seconds, not "an hour"'],
      [[...base, '--tag', 'oops'], '--tag takes key=value, not "oops"'],
    ] as const) {
      const r = await runCli([...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`iam-verdict: ${message} (see 'iam-verdict assume-role --help')\n`);
    }
  });

  it('an invalid world: its errors, located, then exit 1', async () => {
    const r = await runCli(['assume-role', '-', '--caller', ALICE, '--role-arn', ADMIN, '--session-name', 'x'], {
      stdin: '{\n  "roles": { "arn:aws:iam::222222222222:role/Admin": {} }\n}',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^-:2:\d+: error: roles\["arn:aws:iam::222222222222:role\/Admin"\]\.trustPolicy: .*\niam-verdict: -: the world has 1 error\n$/,
    );
  });

  it('--help with an example', async () => {
    const r = await runCli(['assume-role', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nExample:\n {2}iam-verdict assume-role /);
  });
});
