import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { json, runCli } from '../cli/helpers.js';

const F = 'test/audit/fixtures';
const NOW = ['--time', '2025-06-01T12:00:00Z'];
interface Out {
  time: string;
  credentialSource: string;
  findings: { checkId: string; severity: string; arn: string; evidence: { requests?: unknown[] } }[];
}

describe('iam-verdict audit', () => {
  it('audits the bundled estate: the near-admin role (its SCP protects CloudTrail), the same-organization trust and the missing support roles', async () => {
    const r = await runCli(['audit', 'examples/estate.world.json', ...NOW, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = json<Out>(r);
    expect(out.time).toBe('2025-06-01T12:00:00.000Z');
    expect(out.credentialSource).toBe('world');
    expect(out.findings.map((f) => `${f.severity} ${f.checkId} ${f.arn}`)).toEqual([
      'low IAM.NO_SUPPORT_ROLE arn:aws:iam::111111111111:root',
      'low IAM.NO_SUPPORT_ROLE arn:aws:iam::222222222222:root',
      'low TRUST.EXTERNAL_ACCOUNT_UNCONDITIONED arn:aws:iam::222222222222:role/ReadOnly',
      'info IAM.NEAR_ADMIN arn:aws:iam::222222222222:role/Admin',
    ]);
    // Every finding names its ARN; the engine's findings carry their decided requests.
    for (const f of out.findings.filter((x) => x.checkId === 'IAM.NEAR_ADMIN' || x.checkId.startsWith('TRUST.')))
      expect(f.evidence.requests?.length).toBeGreaterThan(0);
  });

  it('--fail-on: exit 1 when a finding is at or above the severity, 0 otherwise', async () => {
    expect((await runCli(['audit', 'examples/estate.world.json', ...NOW, '--fail-on', 'low'])).code).toBe(1);
    expect((await runCli(['audit', 'examples/estate.world.json', ...NOW, '--fail-on', 'medium'])).code).toBe(0);
    expect(
      (await runCli(['audit', `${F}/trust.world.json`, ...NOW, '--fail-on', 'critical', '--format', 'junit'])).code,
    ).toBe(1);
  });

  it('audits an imported account snapshot with a credential report and a password policy', async () => {
    const r = await runCli([
      'audit',
      `${F}/account.authorization-details.json`,
      '--import',
      'authorization-details',
      '--credential-report',
      `${F}/account.credential-report.csv`,
      '--password-policy',
      `${F}/password-policy-weak.json`,
      ...NOW,
      '--json',
    ]);
    expect(r.stderr).toBe('');
    const ids = json<Out>(r).findings.map((f) => `${f.checkId} ${f.arn.split(':').pop()}`);
    expect(ids).toEqual([
      'IAM.USER_CONSOLE_NO_MFA user/dana',
      'IAM.EFFECTIVE_ADMIN user/deploy-bot',
      'TRUST.EXTERNAL_ID_INEFFECTIVE role/VendorAccess',
      'IAM.ACCESS_KEY_NOT_ROTATED user/deploy-bot',
      'IAM.USER_SHOULD_BE_ROLE user/deploy-bot',
      'IAM.PASSWORD_POLICY_LENGTH root',
      'IAM.PASSWORD_POLICY_REUSE root',
      'IAM.PASSWORD_POLICY_EXPIRY root',
      'IAM.PASSWORD_POLICY_SYMBOLS root',
      'IAM.USER_POLICY_ATTACHED user/deploy-bot',
      'IAM.ROLE_UNUSED role/OldBatchJob',
      'IAM.ROLE_UNUSED role/SupportResponders',
    ]);
  });

  it('--format sarif locates findings in the world file and in the credential report', async () => {
    const r = await runCli([
      'audit',
      `${F}/estate-posture.world.json`,
      ...NOW,
      '--format',
      'sarif',
      '--credential-report',
      `${F}/credential-report.csv`,
    ]);
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout) as {
      version: string;
      runs: {
        results: {
          ruleId: string;
          locations: {
            physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } };
            logicalLocations: { fullyQualifiedName: string }[];
          }[];
        }[];
      }[];
    };
    expect(log.version).toBe('2.1.0');
    const results = log.runs[0]?.results ?? [];
    const shell = results.find(
      (x) =>
        x.ruleId === 'IAM.CLOUDSHELL_FULL_ACCESS' &&
        x.locations[0]?.logicalLocations[0]?.fullyQualifiedName.endsWith('group/shell'),
    );
    const text = readFileSync(`${F}/estate-posture.world.json`, 'utf8').split('\n');
    const line = shell?.locations[0]?.physicalLocation?.region?.startLine ?? 0;
    expect(shell?.locations[0]?.physicalLocation?.artifactLocation.uri).toBe(`${F}/estate-posture.world.json`);
    expect(text[line - 1]).toContain('"arn:aws:iam::111111111111:group/shell"');
    const bob = results.find((x) => x.ruleId === 'IAM.USER_CONSOLE_NO_MFA');
    expect(bob?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: `${F}/credential-report.csv` },
      region: { startLine: 4 },
    });
  });

  it('prints the readable report by default, and JUnit on request', async () => {
    const text = await runCli(['audit', 'examples/estate.world.json', ...NOW]);
    expect(text.stdout).toMatch(
      /^iam-verdict audit as of 2025-06-01T12:00:00.000Z: 4 findings \(0 critical, 0 high, 0 medium, 3 low, 1 info\)\n\nLOW \(3\)\n/,
    );
    const junit = await runCli(['audit', 'examples/estate.world.json', ...NOW, '--format', 'junit']);
    expect(junit.stdout).toContain('<testsuite name="IAM.NEAR_ADMIN" tests="1" failures="1">');
  });

  it('--help shows an example; bad options are usage errors (exit 2)', async () => {
    const help = await runCli(['audit', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Example:\n  iam-verdict audit examples/estate.world.json');
    for (const args of [
      ['--format', 'xml'],
      ['--fail-on', 'severe'],
      ['--import', 'excel'],
      ['--time', 'yesterday'],
      ['--json', '--format', 'sarif'],
    ]) {
      const r = await runCli(['audit', 'examples/estate.world.json', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^iam-verdict: .* \(see 'iam-verdict audit --help'\)\n$/);
    }
    expect((await runCli(['audit'])).code).toBe(2);
  });

  it('bad input is exit 1 with file:line messages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iam-verdict-audit-'));
    writeFileSync(join(dir, 'report.csv'), 'name,email\nalice,a@example.com\n');
    const r = await runCli(['audit', 'examples/estate.world.json', '--credential-report', join(dir, 'report.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/report\.csv:1: error: the header lacks columns user, arn/);
    writeFileSync(
      join(dir, 'world.json'),
      '{ "roles": { "arn:aws:iam::111111111111:role/X": { "trustPolicy": { "Statement": [{ "Effect": "Alow" }] } } } }',
    );
    const bad = await runCli(['audit', join(dir, 'world.json')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/world\.json:1:\d+: error: roles\["arn:aws:iam::111111111111:role\/X"\]\.trustPolicy/);
  });
});

describe('docs/audit.md', () => {
  it('shows what iam-verdict audit prints for the bundled estate', async () => {
    const doc = readFileSync('docs/audit.md', 'utf8');
    const block = /```text audit-estate\n\$ iam-verdict (.+)\n([\s\S]*?)\n```/.exec(doc);
    expect(block).not.toBeNull();
    const r = await runCli((block?.[1] ?? '').split(' '));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${block?.[2]}\n`);
  });
});
