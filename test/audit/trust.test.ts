import { describe, expect, it } from 'vitest';
import { audit, type Finding } from '../../src/audit/index.js';
import { probeValue } from '../../src/audit/trust.js';
import { checksOf, fixture, NOW, only } from './helpers.js';
import { createAnalysis } from '../../src/analysis/index.js';
import { buildProbeWorld } from '../../src/audit/probe-world.js';

const role = (name: string) => `arn:aws:iam::111111111111:role/${name}`;
const result = audit(fixture('trust.world.json'), { time: NOW });
if (!result.ok) throw new Error(JSON.stringify(result.errors));
const trust = result.findings.filter((f) => f.checkId.startsWith('TRUST.'));
const of = (name: string) => checksOf(trust, role(name));

describe('trust policies, decided by probing the engine', () => {
  it('Principal "*" is open to any account (critical), with the decided probe as evidence', () => {
    const f = only(trust, 'TRUST.ANY_PRINCIPAL', role('OpenToAll'));
    expect(f.severity).toBe('critical');
    const [stranger, anonymous] = f.evidence.requests ?? [];
    expect(stranger).toMatchObject({
      decision: 'Allow',
      request: {
        principal: 'arn:aws:iam::999988887777:role/iam-verdict-probe',
        action: 'sts:AssumeRole',
        resource: role('OpenToAll'),
      },
    });
    expect(stranger?.explanation?.matched.some((m) => m.layer === 'resource' && m.effect === 'Allow')).toBe(true);
    expect(anonymous?.request.principal).toBe('anonymous');
  });

  it('Principal "*" limited by aws:PrincipalOrgID is not open (negative)', () => {
    expect(of('OrgOnly')).toEqual([]);
  });

  it('Principal "*" with StringLike sts:ExternalId "*" lets any account in with a random ExternalId (critical)', () => {
    const f = only(trust, 'TRUST.EXTERNAL_ID_INEFFECTIVE', role('OpenToAllExternalIdStar'));
    expect(f.severity).toBe('critical');
    expect(f.evidence.requests?.map((r) => [r.decision, r.request.sts?.ExternalId])).toEqual([
      ['ImplicitDeny', undefined],
      ['Allow', probeValue(role('OpenToAllExternalIdStar'))],
    ]);
  });

  it('a vendor account trusted with no condition (high)', () => {
    expect(of('VendorNoExternalId')).toEqual(['TRUST.EXTERNAL_ACCOUNT_UNCONDITIONED']);
    const f = only(trust, 'TRUST.EXTERNAL_ACCOUNT_UNCONDITIONED', role('VendorNoExternalId'));
    expect(f.severity).toBe('high');
    expect(f.message).toContain("account 333333333333 is outside the role's organization");
  });

  it('StringLike sts:ExternalId "*" is NOT protection (Prowler/ScoutSuite false negative)', () => {
    expect(of('VendorExternalIdStar')).toEqual(['TRUST.EXTERNAL_ID_INEFFECTIVE']);
    expect(only(trust, 'TRUST.EXTERNAL_ID_INEFFECTIVE', role('VendorExternalIdStar')).severity).toBe('high');
  });

  it('an exact ExternalId, or MFA, protects a vendor trust (negative)', () => {
    expect(of('VendorExternalIdExact')).toEqual([]);
    expect(of('VendorMfa')).toEqual([]);
    expect(of('VendorNamedRoleExternalId')).toEqual([]);
  });

  it('a named vendor role without ExternalId is reported medium, not as "any principal of the account"', () => {
    const f = only(trust, 'TRUST.EXTERNAL_ACCOUNT_UNCONDITIONED', role('VendorNamedRole'));
    expect(f.severity).toBe('medium');
    expect(f.evidence.requests?.[0]?.request.principal).toBe('arn:aws:iam::333333333333:role/Collector');
  });

  it('an account of the same organization: said so, and low; a named role of it: not reported', () => {
    const f = only(trust, 'TRUST.EXTERNAL_ACCOUNT_UNCONDITIONED', role('SiblingAccount'));
    expect(f.severity).toBe('low');
    expect(f.message).toContain('account 222222222222 is a member of o-test12345');
    expect(of('SiblingNamedRole')).toEqual([]);
    expect(of('SameAccount')).toEqual([]);
  });

  it('a service that sends source keys, with no source condition: confused deputy', () => {
    const f = only(trust, 'TRUST.SERVICE_CONFUSED_DEPUTY', role('SnsLogging'));
    expect(f.evidence.requests?.[0]?.request.context).toMatchObject({ 'aws:SourceAccount': '999988887777' });
  });

  it('aws:SourceArn, aws:SourceAccount or aws:SourceOrgID limits are honoured (Prowler false positives)', () => {
    expect(of('ConfigWithSourceArn')).toEqual([]);
    expect(of('ConfigWithSourceAccount')).toEqual([]);
    expect(of('ConfigWithSourceOrgId')).toEqual([]);
  });

  it('EC2 and Lambda trust, where no source key exists, are not flagged (Prowler false positive)', () => {
    expect(of('Ec2Role')).toEqual([]);
    expect(of('LambdaRole')).toEqual([]);
  });

  it('GitHub OIDC trust checking aud but not sub lets any repository in; aud + sub is scoped', () => {
    const f = only(trust, 'TRUST.WEB_IDENTITY_UNSCOPED', role('GithubAudOnly'));
    expect(f.message).toContain('the registered aud "sts.amazonaws.com"');
    expect(of('GithubScoped')).toEqual([]);
  });

  it('SAML trust without SAML:aud (low); with it (negative)', () => {
    expect(only(trust, 'TRUST.SAML_AUDIENCE_UNCHECKED', role('SamlNoAudience')).severity).toBe('low');
    expect(of('SamlWithAudience')).toEqual([]);
  });

  it('reports exactly the expected trust findings, nothing else', () => {
    const got = trust.map((f: Finding) => `${f.checkId} ${f.arn.split('/').pop()}`).sort();
    expect(got).toEqual([
      'TRUST.ANY_PRINCIPAL OpenToAll',
      'TRUST.EXTERNAL_ACCOUNT_UNCONDITIONED SiblingAccount',
      'TRUST.EXTERNAL_ACCOUNT_UNCONDITIONED VendorNamedRole',
      'TRUST.EXTERNAL_ACCOUNT_UNCONDITIONED VendorNoExternalId',
      'TRUST.EXTERNAL_ID_INEFFECTIVE OpenToAllExternalIdStar',
      'TRUST.EXTERNAL_ID_INEFFECTIVE VendorExternalIdStar',
      'TRUST.SAML_AUDIENCE_UNCHECKED SamlNoAudience',
      'TRUST.SERVICE_CONFUSED_DEPUTY SnsLogging',
      'TRUST.WEB_IDENTITY_UNSCOPED GithubAudOnly',
    ]);
  });

  it('the audited world is not changed by the probes', () => {
    const world = fixture('trust.world.json') as { roles: Record<string, unknown> };
    const before = JSON.stringify(world);
    audit(world, { time: NOW });
    expect(JSON.stringify(world)).toBe(before);
  });

  it('--skip-trust skips the probes', () => {
    const r = audit(fixture('trust.world.json'), { time: NOW, skipTrust: true });
    expect(r.ok && r.findings.filter((f) => f.checkId.startsWith('TRUST.'))).toEqual([]);
  });

  it('the trust checks are who-can answers: the residual condition is the evidence, the same as the analysis layer gives', () => {
    expect(only(trust, 'TRUST.EXTERNAL_ID_INEFFECTIVE', role('OpenToAllExternalIdStar')).evidence.facts?.who_can).toBe(
      '999988887777: Allow if sts:ExternalId like *; anonymous: Allow if sts:ExternalId like *',
    );
    expect(only(trust, 'TRUST.EXTERNAL_ID_INEFFECTIVE', role('VendorExternalIdStar')).message).toContain(
      '(who can: Allow if sts:ExternalId like *)',
    );
    expect(only(trust, 'TRUST.ANY_PRINCIPAL', role('OpenToAll')).evidence.facts?.who_can).toBe(
      '999988887777: Allow (no condition); anonymous: Allow (no condition)',
    );
    // Asked directly, who-can gives the protected trusts' residuals; the audit judged them not to hold for an attacker.
    const world = fixture('trust.world.json') as { roles: Record<string, unknown> };
    const probe = buildProbeWorld(world);
    if (!probe) throw new Error('no probe world');
    const analysis = createAnalysis(probe.world);
    const text = (name: string, principal: string) =>
      analysis
        .whoCan({ action: 'sts:AssumeRole', resource: role(name) })
        .principals.find((p) => p.principal === principal)?.conditions;
    expect(text('VendorExternalIdExact', 'arn:aws:iam::333333333333:role/iam-verdict-probe')).toBe(
      'sts:ExternalId = acme-7f3a9c',
    );
    expect(text('VendorMfa', 'arn:aws:iam::333333333333:role/iam-verdict-probe')).toBe(
      'aws:MultiFactorAuthPresent = true',
    );
    expect(text('ConfigWithSourceArn', 'service:config.amazonaws.com')).toBe(
      'aws:SourceArn like arn:aws:config:*:111111111111:*',
    );
    expect(text('OrgOnly', 'arn:aws:iam::999988887777:role/iam-verdict-probe')).toBeUndefined();
    for (const name of ['VendorExternalIdExact', 'VendorMfa', 'ConfigWithSourceArn', 'OrgOnly'])
      expect(of(name)).toEqual([]);
    // The audit asks Analysis.decide for its candidate principals only: the same conditional decisions who-can gives them.
    for (const arn of Object.keys(world.roles)) {
      for (const e of analysis.whoCan({ action: 'sts:AssumeRole', resource: arn }).principals) {
        expect(analysis.decide({ principal: e.principal, action: 'sts:AssumeRole', resource: arn }).text).toBe(
          e.conditions,
        );
      }
    }
  });

  it('a trust whose residual an attacker cannot satisfy is not flagged; one it can is (same trust, two conditions)', () => {
    const trustOf = (condition: Record<string, unknown>) => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: condition }],
    });
    const r = audit(
      {
        accounts: { '111111111111': {} },
        roles: {
          [role('IpLimited')]: { trustPolicy: trustOf({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }) },
          [role('NotExternalId')]: { trustPolicy: trustOf({ StringNotEquals: { 'sts:ExternalId': 'secret' } }) },
        },
      },
      { time: NOW },
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const t = r.findings.filter((f) => f.checkId.startsWith('TRUST.'));
    expect(checksOf(t, role('IpLimited'))).toEqual([]);
    // StringNotEquals holds when the key is absent: no ExternalId at all gets in.
    const f = only(t, 'TRUST.ANY_PRINCIPAL', role('NotExternalId'));
    expect(f.evidence.facts?.who_can).toContain('sts:ExternalId != secret');
  });
});
