import { describe, expect, it } from 'vitest';
import { audit, type Finding } from '../../src/audit/index.js';
import { checksOf, fixture, fixtureText, NOW, only } from './helpers.js';

const user = (name: string) => `arn:aws:iam::111111111111:user/${name}`;
const ROOT = 'arn:aws:iam::111111111111:root';

function auditReport(name: string, extra: Record<string, unknown> = {}): Finding[] {
  const r = audit({}, { time: NOW, credentialReport: fixtureText(name), ...extra });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  expect(r.credentialSource).toBe('credential-report');
  return [...r.findings];
}

describe('credential checks from the credential report', () => {
  const findings = auditReport('credential-report.csv');

  it('root: active key, no MFA, used within 90 days (positive)', () => {
    expect(checksOf(findings, ROOT)).toEqual(['IAM.ROOT_ACCESS_KEYS', 'IAM.ROOT_MFA', 'IAM.ROOT_USED']);
    const keys = only(findings, 'IAM.ROOT_ACCESS_KEYS', ROOT);
    expect(keys.severity).toBe('critical');
    expect(keys.evidence).toMatchObject({
      source: 'credential-report',
      line: 2,
      facts: { key: 'access_key_1', active: true },
    });
    expect(keys.references).toEqual({
      cisV3: '1.4',
      cisV5: '1.3',
      cisV7: '2.4',
      securityHub: 'IAM.4',
      prowler: 'iam_no_root_access_key',
    });
    expect(only(findings, 'IAM.ROOT_USED', ROOT).message).toBe(
      "the root user's access_key_1 was used 2 day(s) ago (within 90)",
    );
  });

  it('root: MFA on, no keys, last used 8 months ago (negative)', () => {
    const clean = auditReport('credential-report-clean.csv');
    expect(clean).toEqual([]);
  });

  it('a user with everything in order has no finding (negative for every user check)', () => {
    expect(checksOf(findings, user('alice'))).toEqual([]);
  });

  it('console password without MFA', () => {
    expect(checksOf(findings, user('bob'))).toEqual(['IAM.USER_CONSOLE_NO_MFA']);
    // erin and heidi have MFA: not reported.
    expect(findings.filter((f) => f.checkId === 'IAM.USER_CONSOLE_NO_MFA').map((f) => f.arn)).toEqual([user('bob')]);
  });

  it('a key older than 90 days, even in daily use', () => {
    expect(checksOf(findings, user('carol'))).toEqual(['IAM.ACCESS_KEY_NOT_ROTATED', 'IAM.USER_SHOULD_BE_ROLE']);
    expect(only(findings, 'IAM.ACCESS_KEY_NOT_ROTATED', user('carol')).message).toBe(
      'access_key_1 was last rotated 200 days ago (limit 90)',
    );
  });

  it('two active keys; a new key never used is not yet unused', () => {
    expect(checksOf(findings, user('dave'))).toEqual(['IAM.TWO_ACTIVE_ACCESS_KEYS', 'IAM.USER_SHOULD_BE_ROLE']);
  });

  it('a key created with the console user and never used; a password unused for 100 days', () => {
    expect(checksOf(findings, user('erin'))).toEqual(['IAM.ACCESS_KEY_AT_SETUP', 'IAM.PASSWORD_UNUSED']);
    expect(only(findings, 'IAM.ACCESS_KEY_AT_SETUP', user('erin')).message).toBe(
      'access_key_1 was created with the console user (7 s after it) and has never been used',
    );
  });

  it('a key unused for 60 days', () => {
    expect(checksOf(findings, user('frank'))).toEqual(['IAM.ACCESS_KEY_UNUSED', 'IAM.USER_SHOULD_BE_ROLE']);
  });

  it('inactive keys are not judged, however old', () => {
    expect(checksOf(findings, user('grace'))).toEqual([]);
  });

  it('a password never used, set 60 days ago', () => {
    expect(only(findings, 'IAM.PASSWORD_UNUSED', user('heidi')).message).toBe(
      'the console password was never used, set 60 days ago (limit 45)',
    );
  });

  it("--time decides every age: a year earlier, carol's key is new and frank's in use", () => {
    const r = audit({}, { time: '2025-01-05T12:00:00Z', credentialReport: fixtureText('credential-report.csv') });
    if (!r.ok) throw new Error('audit failed');
    // A year earlier their keys had not been used yet: no workload is seen, so not a user that should be a role either.
    expect(checksOf(r.findings, user('carol'))).toEqual([]);
    expect(checksOf(r.findings, user('frank'))).toEqual([]);
  });
});

describe("credential checks from the world's user records", () => {
  const world = {
    users: {
      [user('console-no-mfa')]: { password: { enabled: true, lastUsed: '2025-05-30T00:00:00Z' } },
      [user('console-mfa')]: {
        password: { enabled: true, lastUsed: '2025-05-30T00:00:00Z' },
        mfaDevices: ['arn:aws:iam::111111111111:mfa/console-mfa'],
      },
      [user('old-key')]: {
        accessKeys: [{ id: 'AKIAOLDKEY0000000001', created: '2024-01-01T00:00:00Z', lastUsed: '2025-05-31T00:00:00Z' }],
      },
      [user('old-inactive-key')]: {
        accessKeys: [{ id: 'AKIAOLDKEY0000000002', status: 'Inactive', created: '2024-01-01T00:00:00Z' }],
      },
      [user('two-keys')]: {
        accessKeys: [
          { id: 'AKIATWOKEYS000000001', created: '2025-05-01T00:00:00Z', lastUsed: '2025-05-31T00:00:00Z' },
          { id: 'AKIATWOKEYS000000002', created: '2025-05-25T00:00:00Z' },
        ],
      },
    },
  };
  const r = audit(world, { time: NOW });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));

  it('are used when no credential report is given, and point into the world', () => {
    expect(r.credentialSource).toBe('world');
    expect(checksOf(r.findings, user('console-no-mfa'))).toEqual(['IAM.USER_CONSOLE_NO_MFA']);
    expect(only(r.findings, 'IAM.USER_CONSOLE_NO_MFA', user('console-no-mfa')).worldPath).toBe(
      `users["${user('console-no-mfa')}"]`,
    );
    expect(checksOf(r.findings, user('console-mfa'))).toEqual([]);
    expect(checksOf(r.findings, user('old-key'))).toEqual(['IAM.ACCESS_KEY_NOT_ROTATED', 'IAM.USER_SHOULD_BE_ROLE']);
    expect(only(r.findings, 'IAM.ACCESS_KEY_NOT_ROTATED', user('old-key')).message).toBe(
      'AKIAOLDKEY0000000001 was last rotated 517 days ago (limit 90)',
    );
    expect(checksOf(r.findings, user('old-inactive-key'))).toEqual([]);
    expect(checksOf(r.findings, user('two-keys'))).toEqual(['IAM.TWO_ACTIVE_ACCESS_KEYS', 'IAM.USER_SHOULD_BE_ROLE']);
  });

  it('have no root user: root checks need the credential report', () => {
    expect(r.findings.filter((f) => f.checkId.startsWith('IAM.ROOT'))).toEqual([]);
  });
});

describe('password policy', () => {
  it('a weak policy fails length, reuse, expiry and symbols (positive)', () => {
    const findings = auditReport('credential-report-clean.csv', {
      passwordPolicy: fixture('password-policy-weak.json'),
    });
    expect(checksOf(findings, ROOT)).toEqual([
      'IAM.PASSWORD_POLICY_EXPIRY',
      'IAM.PASSWORD_POLICY_LENGTH',
      'IAM.PASSWORD_POLICY_REUSE',
      'IAM.PASSWORD_POLICY_SYMBOLS',
    ]);
    expect(only(findings, 'IAM.PASSWORD_POLICY_LENGTH', ROOT)).toMatchObject({
      message: 'MinimumPasswordLength is 8; at least 14 is required',
      references: { cisV3: '1.8', cisV5: '1.7', securityHub: 'IAM.15' },
    });
  });

  it('a CIS-strong policy passes (negative)', () => {
    expect(
      auditReport('credential-report-clean.csv', { passwordPolicy: fixture('password-policy-strong.json') }),
    ).toEqual([]);
  });

  it('an empty policy object gets the AWS defaults (8 characters, nothing required)', () => {
    const findings = auditReport('credential-report-clean.csv', { passwordPolicy: { PasswordPolicy: {} } });
    expect(findings.map((f) => f.checkId).sort()).toEqual([
      'IAM.PASSWORD_POLICY_EXPIRY',
      'IAM.PASSWORD_POLICY_LENGTH',
      'IAM.PASSWORD_POLICY_LOWERCASE',
      'IAM.PASSWORD_POLICY_NUMBERS',
      'IAM.PASSWORD_POLICY_REUSE',
      'IAM.PASSWORD_POLICY_SYMBOLS',
      'IAM.PASSWORD_POLICY_UPPERCASE',
    ]);
    expect(only(findings, 'IAM.PASSWORD_POLICY_LENGTH', ROOT).message).toBe(
      'MinimumPasswordLength is 8 (the default); at least 14 is required',
    );
  });

  it('a malformed policy is an error, not a guess', () => {
    const r = audit({}, { time: NOW, passwordPolicy: { PasswordPolicy: { MinimumPasswordLength: '14' } } });
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          severity: 'error',
          code: 'invalid-audit-input',
          path: 'passwordPolicy',
          message: 'PasswordPolicy.MinimumPasswordLength must be a whole number, not "14"',
        },
      ],
    });
  });
});

describe('audit inputs', () => {
  it('an invalid --time is an error', () => {
    const r = audit({}, { time: 'last tuesday' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.message).toMatch(/is not an ISO 8601 date-time/);
  });

  it('an invalid world is refused with its errors (fail closed)', () => {
    const r = audit({ users: { 'not-an-arn': {} } }, { time: NOW });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
  });

  it('a report that is not a credential report is an error with its line', () => {
    const r = audit({}, { time: NOW, credentialReport: 'name,email\n' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ path: 'credentialReport', line: 1 });
  });
});

describe('users that should be roles (IAM.USER_SHOULD_BE_ROLE)', () => {
  const findings = auditReport('credential-report.csv');
  const flagged = findings.filter((f) => f.checkId === 'IAM.USER_SHOULD_BE_ROLE');

  it('a user without a console password whose active key is in use is a workload (positive)', () => {
    expect(flagged.map((f) => f.arn).sort()).toEqual([user('carol'), user('dave'), user('frank')]);
    const carol = only(findings, 'IAM.USER_SHOULD_BE_ROLE', user('carol'));
    expect(carol.message).toBe(
      'the user has no console password and calls AWS only with access keys (access_key_1 last used 1 day(s) ago with dynamodb in us-east-1): a workload with long-lived keys (last seen calling dynamodb only)',
    );
    expect(carol.severity).toBe('medium');
    expect(carol.evidence).toMatchObject({
      source: 'credential-report',
      line: 5,
      facts: {
        password_enabled: false,
        active_keys_used: 'access_key_1',
        last_used_services: 'dynamodb',
        last_used_regions: 'us-east-1',
        oldest_key_age_days: 200,
      },
    });
    expect(carol.remediation).toMatch(/instance profile.*task role.*execution role.*OIDC.*Roles Anywhere/);
    expect(carol.references).toEqual({
      cisV3: '1.18',
      cisV5: '1.17',
      cisV7: '2.16',
      prowler: 'iam_user_with_temporary_credentials',
    });
  });

  it('people are not workloads: a console user who uses the password, even with a key in use (negative)', () => {
    // alice signs in with her password (and MFA) and also uses a key: a person with CLI access.
    expect(checksOf(findings, user('alice'))).toEqual([]);
  });

  it('no evidence of a workload, no finding: inactive keys, keys never used, no keys (negative)', () => {
    for (const name of ['grace', 'erin', 'heidi', 'bob']) expect(checksOf(flagged, user(name))).toEqual([]);
  });

  it('a console password that was never used does not make a key user a person', () => {
    const world = {
      users: {
        [user('ci')]: {
          password: { enabled: true, created: '2024-01-01T00:00:00Z' },
          accessKeys: [
            { id: 'AKIACIUSER0000000001', created: '2025-05-01T00:00:00Z', lastUsed: '2025-05-31T00:00:00Z' },
          ],
        },
        [user('person')]: {
          password: { enabled: true, lastUsed: '2025-05-31T00:00:00Z' },
          mfaDevices: ['arn:aws:iam::111111111111:mfa/person'],
          accessKeys: [
            { id: 'AKIAPERSON0000000001', created: '2025-05-01T00:00:00Z', lastUsed: '2025-05-31T00:00:00Z' },
          ],
        },
      },
    };
    const r = audit(world, { time: NOW });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const ci = only(r.findings, 'IAM.USER_SHOULD_BE_ROLE', user('ci'));
    expect(ci.message).toMatch(
      /^the user has a console password it has never used and calls AWS only with access keys \(AKIACIUSER0000000001 last used 1 day\(s\) ago\)/,
    );
    expect(ci.worldPath).toBe(`users["${user('ci')}"]`);
    expect(checksOf(r.findings, user('person'))).toEqual([]);
  });

  it('a key "used" after the audit time is not evidence (ages are as of --time)', () => {
    const world = {
      users: {
        [user('future')]: {
          accessKeys: [
            { id: 'AKIAFUTURE0000000001', created: '2025-05-01T00:00:00Z', lastUsed: '2025-07-01T00:00:00Z' },
          ],
        },
      },
    };
    const r = audit(world, { time: NOW });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.findings.filter((f) => f.checkId === 'IAM.USER_SHOULD_BE_ROLE')).toEqual([]);
  });
});
