import { describe, expect, it } from 'vitest';
import {
  assumeRole,
  assumeRoleWithSAML,
  assumeRoleWithWebIdentity,
  authenticate,
  createAuthorizer,
  getFederationToken,
  getSessionToken,
  instanceProfileCredentials,
  lambdaExecutionCredentials,
  type StsResult,
  type WorldInput,
} from '../../src/index.js';
import { compileWorld } from '../../src/model/authorizer.js';

const A = '111111111111';
const B = '222222222222';
const NOW = '2025-06-01T12:00:00Z';
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: object = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action, Resource, ...extra }],
});
const trust = (Principal: unknown, extra: object = {}, Action: string | string[] = 'sts:AssumeRole') => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal, Action, ...extra }],
});

const world: WorldInput = {
  accounts: { [A]: {}, [B]: {} },
  users: {
    [`arn:aws:iam::${A}:user/alice`]: {
      userId: 'AIDAALICE00000000001',
      policies: [
        allow('sts:AssumeRole', [`arn:aws:iam::${A}:role/*`, `arn:aws:iam::${B}:role/*`]),
        allow(['sts:GetFederationToken', 's3:ListBucket']),
      ],
      mfaDevices: [`arn:aws:iam::${A}:mfa/alice`],
      accessKeys: [
        { id: 'AKIAALICE0000000001', status: 'Active' },
        { id: 'AKIAALICE0000000002', status: 'Inactive' },
      ],
      tags: { team: 'red' },
    },
  },
  roles: {
    [`arn:aws:iam::${A}:role/ReadOnly`]: {
      roleId: 'AROAREADONLY00000001',
      trustPolicy: trust({ AWS: `arn:aws:iam::${A}:root` }),
      policies: [allow(['s3:Get*', 's3:List*', 'sts:AssumeRole'])],
      maxSessionDuration: 43200,
      tags: { tier: 'read' },
    },
    [`arn:aws:iam::${A}:role/Admin`]: {
      roleId: 'AROAADMIN00000000001',
      trustPolicy: trust(
        { AWS: `arn:aws:iam::${A}:root` },
        { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
      ),
      policies: [allow('*')],
    },
    [`arn:aws:iam::${A}:role/Second`]: {
      roleId: 'AROASECOND0000000001',
      trustPolicy: trust({ AWS: `arn:aws:iam::${A}:role/ReadOnly` }, {}, ['sts:AssumeRole', 'sts:TagSession']),
      policies: [allow('s3:GetObject')],
      maxSessionDuration: 43200,
    },
    [`arn:aws:iam::${B}:role/Partner`]: {
      roleId: 'AROAPARTNER000000001',
      trustPolicy: trust(
        { AWS: `arn:aws:iam::${A}:root` },
        { Condition: { StringEquals: { 'sts:ExternalId': 'Ex-7731' } } },
      ),
      policies: [allow('s3:GetObject', 'arn:aws:s3:::partner-bucket/*')],
    },
    [`arn:aws:iam::${A}:role/WebApp`]: {
      roleId: 'AROAWEBAPP0000000001',
      trustPolicy: trust(
        { Federated: `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com` },
        { Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' } } },
        'sts:AssumeRoleWithWebIdentity',
      ),
      policies: [allow('s3:PutObject', 'arn:aws:s3:::artifacts/*')],
    },
    [`arn:aws:iam::${A}:role/SamlUser`]: {
      roleId: 'AROASAML000000000001',
      trustPolicy: trust(
        { Federated: `arn:aws:iam::${A}:saml-provider/Corp` },
        { Condition: { StringEquals: { 'saml:aud': 'https://signin.aws.amazon.com/saml' } } },
        'sts:AssumeRoleWithSAML',
      ),
      policies: [allow('s3:GetObject')],
    },
    [`arn:aws:iam::${A}:role/Ec2App`]: {
      roleId: 'AROAEC2APP0000000001',
      trustPolicy: trust({ Service: 'ec2.amazonaws.com' }),
      policies: [allow('s3:GetObject', 'arn:aws:s3:::app-bucket/*')],
    },
    [`arn:aws:iam::${A}:role/FnRole`]: {
      roleId: 'AROAFNROLE0000000001',
      trustPolicy: trust(
        { Service: 'lambda.amazonaws.com' },
        { Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:lambda:us-east-1:${A}:function:*` } } },
      ),
      policies: [allow('kms:Decrypt')],
    },
  },
  instanceProfiles: { [`arn:aws:iam::${A}:instance-profile/Ec2App`]: { role: `arn:aws:iam::${A}:role/Ec2App` } },
};

function ok(r: StsResult): Extract<StsResult, { ok: true }> {
  if (!r.ok) throw new Error(`${r.errors[0]?.code}: ${r.errors[0]?.message}`);
  return r;
}

describe('assumeRole', () => {
  it('issues a session that can act with the role permissions (persona switching)', () => {
    const r = ok(
      assumeRole(world, {
        caller: `arn:aws:iam::${A}:user/alice`,
        roleArn: `arn:aws:iam::${A}:role/ReadOnly`,
        sessionName: 'alice',
        now: NOW,
      }),
    );
    expect(r.session.arn).toBe(`arn:aws:sts::${A}:assumed-role/ReadOnly/alice`);
    expect(r.session.assumedRoleId).toBe('AROAREADONLY00000001:alice');
    expect(r.session.credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(r.session.expiresAt).toBe('2025-06-01T13:00:00Z');
    const authz = createAuthorizer(r.world);
    expect(authz.ok).toBe(true);
    expect(
      authz.authorize({ principal: r.session.arn, action: 's3:GetObject', resource: 'arn:aws:s3:::x/y', time: NOW })
        .decision,
    ).toBe('Allow');
    expect(
      authz.authorize({ principal: r.session.arn, action: 's3:PutObject', resource: 'arn:aws:s3:::x/y', time: NOW })
        .decision,
    ).toBe('ImplicitDeny');
    // The same request signed with the issued credentials.
    const c = r.session.credentials;
    expect(
      authz.authorize({
        accessKeyId: c.accessKeyId,
        sessionToken: c.sessionToken,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::x/y',
        time: NOW,
      }).decision,
    ).toBe('Allow');
    expect(
      authz.authorize({
        accessKeyId: c.accessKeyId,
        sessionToken: 'wrong',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::x/y',
        time: NOW,
      }),
    ).toMatchObject({ reason: 'InvalidClientTokenId' });
    // After expiry the credentials fail.
    expect(
      authz.authorize({
        accessKeyId: c.accessKeyId,
        sessionToken: c.sessionToken,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::x/y',
        time: '2025-06-01T13:00:01Z',
      }),
    ).toMatchObject({
      decision: 'ImplicitDeny',
      reason: 'ExpiredToken',
    });
  });

  it('does not change the input world', () => {
    const before = JSON.stringify(world);
    ok(
      assumeRole(world, {
        caller: `arn:aws:iam::${A}:user/alice`,
        roleArn: `arn:aws:iam::${A}:role/ReadOnly`,
        sessionName: 'alice',
        now: NOW,
      }),
    );
    expect(JSON.stringify(world)).toBe(before);
  });

  it('requires MFA for the admin role and accepts it with a device of the caller', () => {
    const base = {
      caller: `arn:aws:iam::${A}:user/alice`,
      roleArn: `arn:aws:iam::${A}:role/Admin`,
      sessionName: 'alice-admin',
      now: NOW,
    };
    const denied = assumeRole(world, base);
    expect(denied.ok).toBe(false);
    if (!denied.ok) {
      expect(denied.errors[0]?.code).toBe('AccessDenied');
      expect(denied.errors[0]?.decision?.explanation?.missingContextKeys).toContain('aws:multifactorauthpresent');
    }
    ok(assumeRole(world, { ...base, serialNumber: `arn:aws:iam::${A}:mfa/alice`, tokenCode: '123456' }));
    const wrongDevice = assumeRole(world, {
      ...base,
      serialNumber: `arn:aws:iam::${A}:mfa/mallory`,
      tokenCode: '123456',
    });
    expect(wrongDevice.ok).toBe(false);
    const badCode = assumeRole(world, { ...base, serialNumber: `arn:aws:iam::${A}:mfa/alice`, tokenCode: '12345' });
    expect(badCode).toMatchObject({ ok: false, errors: [{ code: 'ValidationError', parameter: 'TokenCode' }] });
  });

  it('cross-account: needs the external id and the caller identity policy', () => {
    const base = {
      caller: `arn:aws:iam::${A}:user/alice`,
      roleArn: `arn:aws:iam::${B}:role/Partner`,
      sessionName: 'alice',
      now: NOW,
    };
    expect(assumeRole(world, base)).toMatchObject({ ok: false, errors: [{ code: 'AccessDenied' }] });
    expect(assumeRole(world, { ...base, externalId: 'wrong-id' })).toMatchObject({
      ok: false,
      errors: [{ code: 'AccessDenied' }],
    });
    const r = ok(assumeRole(world, { ...base, externalId: 'Ex-7731' }));
    expect(r.session.arn).toBe(`arn:aws:sts::${B}:assumed-role/Partner/alice`);
    const authz = createAuthorizer(r.world);
    expect(
      authz.authorize({
        principal: r.session.arn,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::partner-bucket/a',
        resourceAccount: B,
        time: NOW,
      }).decision,
    ).toBe('Allow');
  });

  it('role chaining: 1 h cap, tags need sts:TagSession, transitive tags flow on', () => {
    const first = ok(
      assumeRole(world, {
        caller: `arn:aws:iam::${A}:user/alice`,
        roleArn: `arn:aws:iam::${A}:role/ReadOnly`,
        sessionName: 'hop1',
        durationSeconds: 7200,
        now: NOW,
      }),
    );
    const hop = { caller: first.session.arn, roleArn: `arn:aws:iam::${A}:role/Second`, sessionName: 'hop2', now: NOW };
    expect(assumeRole(first.world, { ...hop, durationSeconds: 7200 })).toMatchObject({
      ok: false,
      errors: [{ code: 'ValidationError', parameter: 'RoleChainingDurationExceeded' }],
    });
    const second = ok(assumeRole(first.world, { ...hop, tags: { project: 'apollo' }, transitiveTagKeys: ['project'] }));
    const authz = compileWorld(second.world);
    const session = authz.resolvePrincipal(second.session.arn);
    expect(typeof session).not.toBe('string');
    if (typeof session !== 'string') {
      expect(session.keys.get('aws:principaltag/project')).toBe('apollo');
      expect(session.transitiveTags).toEqual({ project: 'apollo' });
    }
    expect(second.session.expiresAt).toBe('2025-06-01T13:00:00Z');
  });

  it('refuses the root user (spec §10 S1) and unknown roles', () => {
    expect(
      assumeRole(world, {
        caller: `arn:aws:iam::${A}:root`,
        roleArn: `arn:aws:iam::${A}:role/ReadOnly`,
        sessionName: 'root',
        now: NOW,
      }),
    ).toMatchObject({
      ok: false,
      errors: [{ code: 'AccessDenied' }],
    });
    expect(
      assumeRole(world, {
        caller: `arn:aws:iam::${A}:user/alice`,
        roleArn: `arn:aws:iam::${A}:role/Nope`,
        sessionName: 'x',
        now: NOW,
      }).ok,
    ).toBe(false);
  });

  it('validates parameters', () => {
    const base = { caller: `arn:aws:iam::${A}:user/alice`, roleArn: `arn:aws:iam::${A}:role/ReadOnly`, now: NOW };
    expect(assumeRole(world, { ...base, sessionName: 'a' })).toMatchObject({
      errors: [{ parameter: 'RoleSessionName' }],
    });
    expect(assumeRole(world, { ...base, sessionName: 'bad name' })).toMatchObject({
      errors: [{ parameter: 'RoleSessionName' }],
    });
    expect(assumeRole(world, { ...base, sessionName: 'ok', durationSeconds: 600 })).toMatchObject({
      errors: [{ parameter: 'DurationSeconds' }],
    });
    expect(assumeRole(world, { ...base, sessionName: 'ok', sourceIdentity: 'aws:me' })).toMatchObject({
      errors: [{ parameter: 'SourceIdentity' }],
    });
    expect(assumeRole(world, { ...base, sessionName: 'ok', policy: '{"Statement":[]}' })).toMatchObject({
      errors: [{ code: 'MalformedPolicyDocument' }],
    });
  });

  it('session policies narrow the session', () => {
    const r = ok(
      assumeRole(world, {
        caller: `arn:aws:iam::${A}:user/alice`,
        roleArn: `arn:aws:iam::${A}:role/ReadOnly`,
        sessionName: 'narrow',
        policy: allow('s3:ListBucket'),
        now: NOW,
      }),
    );
    const authz = createAuthorizer(r.world);
    expect(
      authz.authorize({ principal: r.session.arn, action: 's3:ListBucket', resource: 'arn:aws:s3:::b', time: NOW })
        .decision,
    ).toBe('Allow');
    expect(
      authz.authorize({ principal: r.session.arn, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', time: NOW })
        .decision,
    ).toBe('ImplicitDeny');
  });
});

describe('federation', () => {
  it('AssumeRoleWithWebIdentity checks the provider and its claims', () => {
    const base = {
      provider: `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`,
      roleArn: `arn:aws:iam::${A}:role/WebApp`,
      sessionName: 'gha',
      now: NOW,
    };
    expect(
      assumeRoleWithWebIdentity(world, { ...base, claims: { sub: 'repo:evil/x', aud: 'sts.amazonaws.com' } }),
    ).toMatchObject({ ok: false, errors: [{ code: 'AccessDenied' }] });
    const r = ok(
      assumeRoleWithWebIdentity(world, {
        ...base,
        claims: { sub: 'repo:acme/app:ref:refs/heads/main', aud: 'sts.amazonaws.com' },
      }),
    );
    const authz = compileWorld(r.world);
    const s = authz.resolvePrincipal(r.session.arn);
    if (typeof s === 'string') throw new Error(s);
    expect(s.keys.get('aws:federatedprovider')).toBe(base.provider);
    expect(s.keys.get('token.actions.githubusercontent.com:sub')).toBe('repo:acme/app:ref:refs/heads/main');
    expect(
      authz.authorize({
        principal: r.session.arn,
        action: 's3:PutObject',
        resource: 'arn:aws:s3:::artifacts/a',
        time: NOW,
      }).decision,
    ).toBe('Allow');
  });

  it('AssumeRoleWithSAML checks saml keys and caps the session at SessionNotOnOrAfter', () => {
    const input = {
      provider: `arn:aws:iam::${A}:saml-provider/Corp`,
      roleArn: `arn:aws:iam::${A}:role/SamlUser`,
      assertion: {
        sub: 'alice@corp',
        sessionName: 'alice@corp',
        aud: 'https://signin.aws.amazon.com/saml',
        sessionNotOnOrAfter: '2025-06-01T12:30:00Z',
      },
      now: NOW,
    };
    const r = ok(assumeRoleWithSAML(world, input));
    expect(r.session.expiresAt).toBe('2025-06-01T12:30:00Z');
    expect(assumeRoleWithSAML(world, { ...input, assertion: { ...input.assertion, aud: 'other' } }).ok).toBe(false);
  });

  it('GetFederationToken: no session policy means no permissions except direct grants', () => {
    const none = ok(getFederationToken(world, { caller: `arn:aws:iam::${A}:user/alice`, name: 'bob', now: NOW }));
    expect(none.session.arn).toBe(`arn:aws:sts::${A}:federated-user/bob`);
    const a1 = createAuthorizer(none.world);
    expect(
      a1.authorize({ principal: none.session.arn, action: 's3:ListBucket', resource: 'arn:aws:s3:::b', time: NOW })
        .decision,
    ).toBe('ImplicitDeny');
    const withPolicy = ok(
      getFederationToken(world, {
        caller: `arn:aws:iam::${A}:user/alice`,
        name: 'bob',
        policy: allow('s3:ListBucket'),
        now: NOW,
      }),
    );
    expect(
      createAuthorizer(withPolicy.world).authorize({
        principal: withPolicy.session.arn,
        action: 's3:ListBucket',
        resource: 'arn:aws:s3:::b',
        time: NOW,
      }).decision,
    ).toBe('Allow');
    expect(getFederationToken(world, { caller: none.session.arn, name: 'again', now: NOW }).ok).toBe(false);
  });
});

describe('GetSessionToken and authenticate', () => {
  it('MFA session credentials carry MFA; long-term keys do not', () => {
    const r = ok(
      getSessionToken(world, {
        caller: `arn:aws:iam::${A}:user/alice`,
        serialNumber: `arn:aws:iam::${A}:mfa/alice`,
        tokenCode: '654321',
        now: NOW,
      }),
    );
    expect(r.session.arn).toBe(`arn:aws:iam::${A}:user/alice`);
    const mfaWorld = {
      ...r.world,
      users: {
        [`arn:aws:iam::${A}:user/alice`]: {
          ...world.users?.[`arn:aws:iam::${A}:user/alice`],
          policies: [allow('ec2:*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })],
        },
      },
    };
    const authz = createAuthorizer(mfaWorld as never);
    const c = r.session.credentials;
    const req = { action: 'ec2:StopInstances', resource: '*', time: '2025-06-01T12:10:00Z' };
    expect(authz.authorize({ ...req, accessKeyId: c.accessKeyId, sessionToken: c.sessionToken }).decision).toBe(
      'Allow',
    );
    expect(authz.authorize({ ...req, accessKeyId: 'AKIAALICE0000000001' }).decision).toBe('ImplicitDeny');
    expect(authz.authorize({ ...req, accessKeyId: 'AKIAALICE0000000002' })).toMatchObject({
      reason: 'InvalidClientTokenId',
    });
  });

  it('authenticate maps keys to principals with AWS error names', () => {
    expect(authenticate(world, { accessKeyId: 'AKIAALICE0000000001' })).toMatchObject({
      ok: true,
      principal: `arn:aws:iam::${A}:user/alice`,
      temporary: false,
    });
    expect(authenticate(world, { accessKeyId: 'AKIAALICE0000000002' })).toMatchObject({
      ok: false,
      errors: [{ code: 'InvalidClientTokenId' }],
    });
    expect(authenticate(world, { accessKeyId: 'AKIANOBODY000000000' })).toMatchObject({
      ok: false,
      errors: [{ code: 'InvalidClientTokenId' }],
    });
    const r = ok(
      assumeRole(world, {
        caller: { accessKeyId: 'AKIAALICE0000000001' },
        roleArn: `arn:aws:iam::${A}:role/ReadOnly`,
        sessionName: 'sx',
        now: NOW,
      }),
    );
    const c = r.session.credentials;
    expect(authenticate(r.world, { accessKeyId: c.accessKeyId, sessionToken: c.sessionToken, now: NOW })).toMatchObject(
      { ok: true, kind: 'role-session', temporary: true },
    );
    expect(
      authenticate(r.world, { accessKeyId: c.accessKeyId, sessionToken: c.sessionToken, now: '2025-06-02T00:00:00Z' }),
    ).toMatchObject({ ok: false, errors: [{ code: 'ExpiredToken' }] });
  });
});

describe('service roles', () => {
  it('an EC2 instance gets its instance profile role; using it is not chaining', () => {
    const r = ok(
      instanceProfileCredentials(world, {
        instanceProfile: `arn:aws:iam::${A}:instance-profile/Ec2App`,
        instanceId: 'i-0abc',
        now: NOW,
      }),
    );
    expect(r.session.arn).toBe(`arn:aws:sts::${A}:assumed-role/Ec2App/i-0abc`);
    const authz = compileWorld(r.world);
    expect(
      authz.authorize({
        principal: r.session.arn,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::app-bucket/k',
        time: NOW,
      }).decision,
    ).toBe('Allow');
    const s = authz.resolvePrincipal(r.session.arn);
    if (typeof s === 'string') throw new Error(s);
    expect(s.keys.get('aws:userid')).toBe('AROAEC2APP0000000001:i-0abc');
    expect(s.keys.get('ec2:sourceinstancearn')).toBe(`arn:aws:ec2:us-east-1:${A}:instance/i-0abc`);
    expect(s.canChain).toBe(false);
  });

  it('a Lambda function gets its execution role only when the trust policy allows its source ARN', () => {
    ok(
      lambdaExecutionCredentials(world, {
        functionArn: `arn:aws:lambda:us-east-1:${A}:function:worker`,
        roleArn: `arn:aws:iam::${A}:role/FnRole`,
        now: NOW,
      }),
    );
    expect(
      lambdaExecutionCredentials(world, {
        functionArn: `arn:aws:lambda:us-east-1:${B}:function:evil`,
        roleArn: `arn:aws:iam::${A}:role/FnRole`,
        now: NOW,
      }).ok,
    ).toBe(false);
    // The EC2 role does not trust Lambda.
    expect(
      lambdaExecutionCredentials(world, {
        functionArn: `arn:aws:lambda:us-east-1:${A}:function:worker`,
        roleArn: `arn:aws:iam::${A}:role/Ec2App`,
        now: NOW,
      }).ok,
    ).toBe(false);
  });
});
