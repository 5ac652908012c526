/**
 * Service rules that no policy can change (spec §4.14), through `createAuthorizer(...).authorize`
 * and `evaluate`: each rule with a request it changes, a near miss it leaves alone, and its
 * interaction with an explicit Deny.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, type AuthorizationRequest } from '../../src/index.js';
import { ACCOUNT, ALICE, FED_BOB, TIME, allowPolicy, authorizer, denyPolicy, policy, allow, deny } from './helpers.js';
import { formatReason } from '../../src/evaluate/reasons.js';

const ADMIN = `arn:aws:iam::${ACCOUNT}:user/admin`;
const DENIED = `arn:aws:iam::${ACCOUNT}:user/denied`;
const RESERVED = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef`;
const SLR = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`;
const APP_ROLE = `arn:aws:iam::${ACCOUNT}:role/AppRole`;
const AWS_POLICY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const OWN_POLICY = `arn:aws:iam::${ACCOUNT}:policy/Mine`;
const AWS_ALIAS = `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/s3`;
const OWN_ALIAS = `arn:aws:kms:us-east-1:${ACCOUNT}:alias/app`;

const world = {
  accounts: { [ACCOUNT]: {} },
  users: {
    [ADMIN]: { policies: [allowPolicy()] },
    [ALICE]: { policies: [allowPolicy()] },
    // Allows everything but explicitly denies the requests the rules are about.
    [DENIED]: { policies: [policy(allow(), deny(['sts:GetCallerIdentity', 'iam:*', 'kms:*']))] },
  },
  sessions: {
    [FED_BOB]: {
      type: 'FederatedUser',
      userArn: ALICE,
      issuedAt: '2025-06-01T11:00:00Z',
      expiresAt: '2025-06-01T13:00:00Z',
      sessionPolicies: [allowPolicy()],
    },
  },
  userSessions: {
    plain: {
      userArn: ALICE,
      accessKeyId: 'ASIAPLAINSESSION0001',
      issuedAt: '2025-06-01T11:00:00Z',
      expiresAt: '2025-06-01T13:00:00Z',
    },
    mfa: {
      userArn: ALICE,
      accessKeyId: 'ASIAMFASESSION000001',
      issuedAt: '2025-06-01T11:00:00Z',
      expiresAt: '2025-06-01T13:00:00Z',
      mfaPresent: true,
    },
    expired: {
      userArn: ALICE,
      accessKeyId: 'ASIAEXPIREDSESSION01',
      issuedAt: '2025-06-01T10:00:00Z',
      expiresAt: '2025-06-01T11:00:00Z',
    },
  },
};
const a = authorizer(world);
const ask = (request: Omit<AuthorizationRequest, 'time'>) =>
  a.authorize({ time: TIME, ...request } as AuthorizationRequest, { explain: true });
const rulesOf = (d: ReturnType<typeof ask>) => d.explanation?.serviceRules?.map((r) => r.rule) ?? [];

describe('sts:GetCallerIdentity needs no permission (spec §4.14)', () => {
  it('is allowed under an explicit Deny, decided by the service rule', () => {
    const d = ask({ principal: DENIED, action: 'sts:GetCallerIdentity', resource: '*' });
    expect(d).toMatchObject({ decision: 'Allow', decidedBy: 'service-rule', reason: 'GetCallerIdentityAlwaysAllowed' });
    expect(rulesOf(d)).toEqual(['GetCallerIdentityAlwaysAllowed']);
    expect(d.explanation?.summary).toMatch(/GetCallerIdentityAlwaysAllowed.*Without it: Explicitly denied/);
    // The policies' own verdict stays visible.
    expect(d.explanation?.matched).toContainEqual(expect.objectContaining({ layer: 'identity', effect: 'Deny' }));
  });

  it('is allowed with no policy at all, for users, federated users, GetSessionToken sessions and root', () => {
    const noPolicies = authorizer({ users: { [`arn:aws:iam::${ACCOUNT}:user/nobody`]: {} } });
    for (const principal of [`arn:aws:iam::${ACCOUNT}:user/nobody`, `arn:aws:iam::${ACCOUNT}:root`]) {
      expect(
        noPolicies.authorize({ principal, action: 'sts:GetCallerIdentity', resource: '*', time: TIME }),
      ).toMatchObject({ decision: 'Allow' });
    }
    expect(ask({ principal: FED_BOB, action: 'sts:GetCallerIdentity', resource: '*' }).decision).toBe('Allow');
    expect(ask({ accessKeyId: 'ASIAPLAINSESSION0001', action: 'sts:GetCallerIdentity', resource: '*' }).decision).toBe(
      'Allow',
    );
  });

  it('leaves an Allow of the policies alone, but still names the rule', () => {
    const d = ask({ principal: ADMIN, action: 'sts:GetCallerIdentity', resource: '*' });
    expect(d).toMatchObject({ decision: 'Allow', decidedBy: 'identity' });
    expect(d.reason).toBeUndefined();
    expect(rulesOf(d)).toEqual(['GetCallerIdentityAlwaysAllowed']);
  });

  it('does not help anonymous callers or expired credentials', () => {
    expect(ask({ principal: 'anonymous', action: 'sts:GetCallerIdentity', resource: '*' })).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'resource',
    });
    expect(ask({ accessKeyId: 'ASIAEXPIREDSESSION01', action: 'sts:GetCallerIdentity', resource: '*' })).toMatchObject({
      decision: 'ImplicitDeny',
      reason: 'ExpiredToken',
    });
  });

  it('is applied by evaluate too', () => {
    const d = evaluate({
      principal: ALICE,
      action: 'sts:GetCallerIdentity',
      resource: '*',
      time: TIME,
      policies: { identity: [denyPolicy()] },
    });
    expect(d).toMatchObject({ decision: 'Allow', decidedBy: 'service-rule', reason: 'GetCallerIdentityAlwaysAllowed' });
  });
});

describe('AWS managed policies are read-only (spec §4.14)', () => {
  it.each([
    'iam:CreatePolicyVersion',
    'iam:DeletePolicy',
    'iam:SetDefaultPolicyVersion',
    'iam:TagPolicy',
    'IAM:untagpolicy',
  ])('%s on an AWS managed policy is refused although allowed', (action) => {
    const d = ask({ principal: ADMIN, action, resource: AWS_POLICY });
    expect(d).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'service-rule',
      reason: 'AwsManagedPolicyImmutable',
    });
    expect(rulesOf(d)).toEqual(['AwsManagedPolicyImmutable']);
    expect(d.explanation?.summary).toContain('Without it: Allowed by user/admin[0] statement 0');
  });

  it('leaves customer managed policies and reading an AWS managed policy alone', () => {
    expect(ask({ principal: ADMIN, action: 'iam:CreatePolicyVersion', resource: OWN_POLICY })).toMatchObject({
      decision: 'Allow',
      decidedBy: 'identity',
    });
    expect(ask({ principal: ADMIN, action: 'iam:GetPolicy', resource: AWS_POLICY })).toMatchObject({
      decision: 'Allow',
      decidedBy: 'identity',
    });
  });

  it('an explicit Deny stays an explicit Deny, and the explanation names the rule as well', () => {
    const d = ask({ principal: DENIED, action: 'iam:CreatePolicyVersion', resource: AWS_POLICY });
    expect(d).toMatchObject({ decision: 'ExplicitDeny', decidedBy: 'identity' });
    expect(rulesOf(d)).toEqual(['AwsManagedPolicyImmutable']);
  });
});

describe('protected roles (spec §4.14)', () => {
  it.each([
    ['iam:PutRolePolicy', RESERVED],
    ['iam:UpdateAssumeRolePolicy', RESERVED],
    ['iam:DeleteRole', SLR],
    ['iam:AttachRolePolicy', SLR],
    ['iam:PassRole', SLR],
    ['iam:PassRole', RESERVED],
  ])('%s on %s is refused although allowed', (action, resource) => {
    const d = ask({ principal: ADMIN, action, resource });
    expect(d).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'service-rule', reason: 'ProtectedRole' });
    expect(d.explanation?.serviceRules?.[0]?.detail).toMatch(resource === SLR ? /service-linked/ : /aws-reserved/);
  });

  it('leaves ordinary roles, and iam:DeleteServiceLinkedRole, alone', () => {
    expect(ask({ principal: ADMIN, action: 'iam:PutRolePolicy', resource: APP_ROLE }).decision).toBe('Allow');
    expect(ask({ principal: ADMIN, action: 'iam:PassRole', resource: APP_ROLE }).decision).toBe('Allow');
    expect(ask({ principal: ADMIN, action: 'iam:DeleteServiceLinkedRole', resource: SLR }).decision).toBe('Allow');
  });

  it('an explicit Deny stays an explicit Deny', () => {
    expect(ask({ principal: DENIED, action: 'iam:PassRole', resource: SLR })).toMatchObject({
      decision: 'ExplicitDeny',
      decidedBy: 'identity',
    });
  });
});

describe('AWS managed KMS aliases (spec §4.14)', () => {
  it.each(['kms:CreateAlias', 'kms:UpdateAlias', 'kms:DeleteAlias'])(
    '%s on alias/aws/… is refused although allowed',
    (action) => {
      expect(ask({ principal: ADMIN, action, resource: AWS_ALIAS })).toMatchObject({
        decision: 'ImplicitDeny',
        decidedBy: 'service-rule',
        reason: 'AwsManagedAliasReserved',
      });
    },
  );

  it('leaves customer aliases alone', () => {
    expect(ask({ principal: ADMIN, action: 'kms:CreateAlias', resource: OWN_ALIAS })).toMatchObject({
      decision: 'Allow',
      decidedBy: 'identity',
    });
  });

  it('an explicit Deny still reports ExplicitDeny', () => {
    const d = ask({ principal: DENIED, action: 'kms:DeleteAlias', resource: AWS_ALIAS });
    expect(d).toMatchObject({ decision: 'ExplicitDeny', decidedBy: 'identity' });
    expect(d.explanation?.summary).toContain('AwsManagedAliasReserved');
  });
});

describe('GetFederationToken sessions (spec §4.14)', () => {
  it('cannot call IAM, nor STS other than GetCallerIdentity, whatever the session policy allows', () => {
    for (const action of [
      'iam:ListUsers',
      'iam:CreateUser',
      'sts:GetFederationToken',
      'sts:AssumeRole',
      'sts:GetSessionToken',
    ]) {
      const resource = action === 'sts:AssumeRole' ? `arn:aws:iam::${ACCOUNT}:role/Elsewhere` : '*';
      const d = ask({ principal: FED_BOB, action, resource });
      if (action === 'sts:AssumeRole') {
        expect(d.reason, action).toBe('UnknownRole'); // the role is not in the world: no trust policy can allow
        continue;
      }
      expect(d, action).toMatchObject({
        decision: 'ImplicitDeny',
        decidedBy: 'service-rule',
        reason: 'FederatedUserRestricted',
      });
    }
  });

  it('may call other services and GetCallerIdentity', () => {
    expect(
      ask({ principal: FED_BOB, action: 's3:GetObject', resource: 'arn:aws:s3:::example-bucket/a' }).decision,
    ).toBe('Allow');
    expect(ask({ principal: FED_BOB, action: 'sts:GetCallerIdentity', resource: '*' })).toMatchObject({
      decision: 'Allow',
      decidedBy: 'identity',
    });
  });

  it('the federating user itself is not restricted', () => {
    expect(ask({ principal: ALICE, action: 'iam:ListUsers', resource: '*' }).decision).toBe('Allow');
  });
});

describe('GetSessionToken sessions (spec §4.14)', () => {
  it('cannot call IAM without MFA', () => {
    const d = ask({ accessKeyId: 'ASIAPLAINSESSION0001', action: 'iam:ListUsers', resource: '*' });
    expect(d).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'service-rule', reason: 'SessionTokenRestricted' });
    expect(d.explanation?.serviceRules?.[0]?.detail).toContain('MFA');
  });

  it('may call IAM with MFA', () => {
    expect(ask({ accessKeyId: 'ASIAMFASESSION000001', action: 'iam:ListUsers', resource: '*' })).toMatchObject({
      decision: 'Allow',
      decidedBy: 'identity',
    });
  });

  it('cannot call STS other than AssumeRole and GetCallerIdentity, even with MFA', () => {
    for (const key of ['ASIAPLAINSESSION0001', 'ASIAMFASESSION000001']) {
      expect(ask({ accessKeyId: key, action: 'sts:GetFederationToken', resource: '*' }).reason).toBe(
        'SessionTokenRestricted',
      );
      expect(ask({ accessKeyId: key, action: 'sts:DecodeAuthorizationMessage', resource: '*' }).reason).toBe(
        'SessionTokenRestricted',
      );
    }
  });

  it('the user with long-term credentials is not restricted, and other services are not affected', () => {
    expect(ask({ principal: ALICE, action: 'sts:GetFederationToken', resource: '*' }).decision).toBe('Allow');
    expect(
      ask({ accessKeyId: 'ASIAPLAINSESSION0001', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }).decision,
    ).toBe('Allow');
  });

  it('evaluate reads the session kind from principalDetails', () => {
    const d = evaluate({
      principal: ALICE,
      principalDetails: { viaGetSessionToken: true },
      action: 'iam:ListUsers',
      resource: '*',
      time: TIME,
      policies: { identity: [allowPolicy()] },
    });
    expect(d).toMatchObject({ decision: 'ImplicitDeny', reason: 'SessionTokenRestricted' });
  });
});

describe('decisions without explanation', () => {
  it('reach the same decision and reason as with one', () => {
    const requests: Omit<AuthorizationRequest, 'time'>[] = [
      { principal: DENIED, action: 'sts:GetCallerIdentity', resource: '*' },
      { principal: ADMIN, action: 'iam:TagPolicy', resource: AWS_POLICY },
      { principal: ADMIN, action: 'iam:PassRole', resource: SLR },
      { principal: FED_BOB, action: 'iam:ListUsers', resource: '*' },
    ];
    for (const r of requests) {
      const cheap = a.authorize({ time: TIME, ...r } as AuthorizationRequest);
      const full = ask(r);
      expect(cheap).toEqual({ decision: full.decision, decidedBy: full.decidedBy, reason: formatReason(full) });
    }
  });
});
