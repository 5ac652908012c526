import { describe, expect, it } from 'vitest';
import { audit, type Finding } from '../../src/audit/index.js';
import { probeValue } from '../../src/audit/trust.js';
import { checksOf, fixture, NOW, only } from './helpers.js';

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
    expect(stranger).toMatchObject({ decision: 'Allow', request: { principal: 'arn:aws:iam::999988887777:role/iam-verdict-probe', action: 'sts:AssumeRole', resource: role('OpenToAll') } });
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
    expect(f.message).toContain('account 333333333333 is outside the role\'s organization');
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
});
