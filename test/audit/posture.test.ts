import { describe, expect, it } from 'vitest';
import { audit, DEFAULT_ADMIN_PROBES } from '../../src/audit/index.js';
import { createAuthorizer } from '../../src/index.js';
import { checksOf, fixture, NOW, only } from './helpers.js';

const A = (kind: string, name: string) => `arn:aws:iam::111111111111:${kind}/${name}`;
const B = (kind: string, name: string) => `arn:aws:iam::222222222222:${kind}/${name}`;
const world = fixture('estate-posture.world.json');
const result = audit(world, { time: NOW });
if (!result.ok) throw new Error(JSON.stringify(result.errors));
const findings = result.findings;
const admins = () => findings.filter((f) => f.checkId === 'IAM.EFFECTIVE_ADMIN').map((f) => f.arn);

describe('effective admin, decided by the engine', () => {
  it('a user with AdministratorAccess attached directly or through a group is admin (high)', () => {
    expect(only(findings, 'IAM.EFFECTIVE_ADMIN', A('user', 'direct-admin')).severity).toBe('high');
    expect(only(findings, 'IAM.EFFECTIVE_ADMIN', A('user', 'group-admin')).severity).toBe('high');
  });

  it('admin only with MFA is still admin: the probes carry the most favourable context', () => {
    expect(admins()).toContain(A('user', 'mfa-admin'));
  });

  it('an admin role is reported low: roles are the recommended home of admin rights', () => {
    expect(only(findings, 'IAM.EFFECTIVE_ADMIN', A('role', 'Admin')).severity).toBe('low');
  });

  it('AdministratorAccess under an S3-only permissions boundary is not admin', () => {
    expect(admins()).not.toContain(A('user', 'bounded-admin'));
  });

  it('AdministratorAccess in an account whose SCP denies iam:* is not admin (user and role)', () => {
    expect(admins()).not.toContain(B('user', 'sandbox-admin'));
    expect(admins()).not.toContain(B('role', 'SandboxAdminRole'));
  });

  it('NotAction iam:* is not admin; scoped wildcards (s3:Get* on one bucket) are not admin (Prowler/ScoutSuite false positive)', () => {
    expect(admins()).not.toContain(A('user', 'not-iam-admin'));
    expect(admins()).not.toContain(A('user', 'scoped-wildcards'));
    expect(admins()).not.toContain(A('user', 'reader'));
  });

  it('service-linked roles are not judged', () => {
    expect(findings.filter((f) => f.arn.includes('aws-service-role'))).toEqual([]);
  });

  it('the evidence is every decided request with its explanation', () => {
    const f = only(findings, 'IAM.EFFECTIVE_ADMIN', A('user', 'group-admin'));
    const requests = f.evidence.requests ?? [];
    expect(requests.map((r) => r.request.action)).toEqual(DEFAULT_ADMIN_PROBES.map((p) => p.action));
    for (const r of requests) {
      expect(r.decision).toBe('Allow');
      expect(r.explanation?.matched.some((m) => m.policyId === 'arn:aws:iam::aws:policy/AdministratorAccess')).toBe(
        true,
      );
    }
    expect(f.message).toMatch(/granted by arn:aws:iam::aws:policy\/AdministratorAccess$/);
    // Replaying the evidence against the audited world (plus the probe target role) gives the same decisions.
    const replay = createAuthorizer(world as never);
    const s3 = requests.find((r) => r.request.action === 's3:GetObject');
    expect(s3 && replay.authorize(s3.request).decision).toBe('Allow');
  });

  it('the probe list is a parameter: a catalog can supply any actions', () => {
    const onlyS3 = audit(world, {
      time: NOW,
      adminProbes: [{ action: 's3:GetObject', resource: 'arn:aws:s3:::any-bucket/key' }],
      skipTrust: true,
    });
    if (!onlyS3.ok) throw new Error('audit failed');
    const names = onlyS3.findings.filter((f) => f.checkId === 'IAM.EFFECTIVE_ADMIN').map((f) => f.arn);
    // With only an S3 probe, the S3-bounded user and the SCP-limited sandbox user now pass it.
    expect(names).toContain(A('user', 'bounded-admin'));
    expect(names).toContain(B('user', 'sandbox-admin'));
    expect(names).not.toContain(A('user', 'scoped-wildcards'));
  });
});

describe('attachment checks', () => {
  it('policies attached to users (positive) and through groups only (negative)', () => {
    expect(checksOf(findings, A('user', 'direct-admin'))).toContain('IAM.USER_POLICY_ATTACHED');
    expect(checksOf(findings, A('user', 'group-admin'))).not.toContain('IAM.USER_POLICY_ATTACHED');
    expect(checksOf(findings, A('user', 'reader'))).toEqual([]);
  });

  it('AWSCloudShellFullAccess attached to a group or role (positive); other AWS managed policies (negative)', () => {
    expect(
      findings
        .filter((f) => f.checkId === 'IAM.CLOUDSHELL_FULL_ACCESS')
        .map((f) => f.arn)
        .sort(),
    ).toEqual([A('group', 'shell'), A('role', 'ShellRole')]);
    expect(only(findings, 'IAM.CLOUDSHELL_FULL_ACCESS', A('group', 'shell')).references).toMatchObject({
      cisV3: '1.22',
      cisV5: '1.21',
      securityHub: 'IAM.27',
    });
  });

  it('a support role: present in 111111111111 (negative), missing in 222222222222 (positive)', () => {
    expect(findings.filter((f) => f.checkId === 'IAM.NO_SUPPORT_ROLE').map((f) => f.arn)).toEqual([
      'arn:aws:iam::222222222222:root',
    ]);
  });

  it('unused roles: last used 212 days ago and never used since creation (positive); recent or new (negative)', () => {
    expect(findings.filter((f) => f.checkId === 'IAM.ROLE_UNUSED').map((f) => f.message)).toEqual([
      'the role was last used 212 days ago (limit 90)',
      'the role was created 517 days ago and has never been used',
    ]);
    for (const name of ['Admin', 'Support', 'ShellRole', 'NewRole'])
      expect(checksOf(findings, A('role', name))).not.toContain('IAM.ROLE_UNUSED');
  });

  it('a role without lastUsed or created is not judged (no data, no finding)', () => {
    expect(checksOf(findings, B('role', 'SandboxAdminRole'))).toEqual([]);
  });

  it('findings are ordered most severe first', () => {
    const ranks = findings.map((f) => ['critical', 'high', 'medium', 'low', 'info'].indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
  });
});
