/**
 * World facts win over request claims in the authorizer (issue #11), and optional members are read
 * as own properties only, so that a polluted Object.prototype cannot turn a Deny into an Allow.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAuthorizer, evaluate, evaluateScenario } from '../../src/index.js';

const A = '111111111111';
const M = '999999999999';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const ROLE = `arn:aws:iam::${A}:role/App`;
const SESSION = `arn:aws:sts::${A}:assumed-role/App/s1`;
const FED = `arn:aws:sts::${A}:federated-user/fed`;
const TIME = '2025-06-01T12:00:00Z';
const policy = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const allowAll = policy({ Effect: 'Allow', Action: '*', Resource: '*' });
const needsMfa = policy({
  Effect: 'Allow',
  Action: '*',
  Resource: '*',
  Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
});
const trust = policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
const session = {
  type: 'AssumedRole',
  roleArn: ROLE,
  issuedAt: '2025-06-01T11:00:00Z',
  expiresAt: '2025-06-01T13:00:00Z',
};

describe('world facts win over request claims (issue #11)', () => {
  const world = {
    users: { [ALICE]: { policies: [needsMfa], tags: { team: 'red' } } },
    resources: { 'arn:aws:s3:::owned/x': { account: A } },
  };
  const claim = { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::owned/x', time: TIME };

  it('a request cannot claim MFA, principal tags or another principal ARN by default', () => {
    const authorizer = createAuthorizer(world);
    expect(authorizer.authorize({ ...claim, context: { 'aws:MultiFactorAuthPresent': 'true' } }).decision).toBe(
      'ImplicitDeny',
    );
    const byTag = createAuthorizer({
      users: {
        [ALICE]: {
          policies: [
            policy({
              Effect: 'Allow',
              Action: '*',
              Resource: '*',
              Condition: {
                StringEquals: {
                  'aws:PrincipalTag/team': 'blue',
                  'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/admin',
                },
              },
            }),
          ],
          tags: { team: 'red' },
        },
      },
    });
    expect(
      byTag.authorize({
        ...claim,
        context: { 'aws:PrincipalTag/team': 'blue', 'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/admin' },
      }).decision,
    ).toBe('ImplicitDeny');
    const byTime = createAuthorizer({
      users: {
        [ALICE]: {
          policies: [
            policy({
              Effect: 'Allow',
              Action: '*',
              Resource: '*',
              Condition: { DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } },
            }),
          ],
        },
      },
    });
    expect(byTime.authorize({ ...claim, context: { 'aws:CurrentTime': '2019-01-01T00:00:00Z' } }).decision).toBe(
      'ImplicitDeny',
    );
  });

  it('allowOverrides (on the request or the authorizer) lets a simulation state them', () => {
    const withMfa = { ...claim, context: { 'aws:MultiFactorAuthPresent': 'true' } };
    expect(createAuthorizer(world).authorize(withMfa, { allowOverrides: true }).decision).toBe('Allow');
    expect(createAuthorizer(world, { allowOverrides: true }).authorize(withMfa).decision).toBe('Allow');
    // Scenarios and evaluate keep spec §0.3: supplied keys win.
    expect(evaluateScenario({ world, request: withMfa }).decision).toBe('Allow');
    expect(evaluate({ ...withMfa, policies: { identity: [needsMfa] } }).decision).toBe('Allow');
  });

  it('a request cannot move a known resource to another account or swap its resource policy', () => {
    const bucketPolicy = policy({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::222222222222:user/carol` },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::owned/*',
    });
    const w = {
      users: { 'arn:aws:iam::222222222222:user/carol': { policies: [allowAll] } },
      resourcePolicies: {
        'arn:aws:s3:::owned': {
          account: A,
          policy: policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::owned/*' }),
        },
        open: { policy: bucketPolicy },
      },
    };
    const r = {
      principal: 'arn:aws:iam::222222222222:user/carol',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::owned/k',
      time: TIME,
    };
    const authorizer = createAuthorizer(w);
    expect(authorizer.authorize({ ...r, resourcePolicy: 'open', resourceAccount: '222222222222' }).decision).toBe(
      'ExplicitDeny',
    );
    expect(
      authorizer.authorize({ ...r, resourcePolicy: 'open', resourceAccount: '222222222222' }, { allowOverrides: true })
        .decision,
    ).toBe('Allow');
  });
});

describe('a polluted Object.prototype cannot turn a Deny into an Allow', () => {
  const polluted: string[] = [];
  const pollute = (key: string, value: unknown) => {
    (Object.prototype as Record<string, unknown>)[key] = value;
    polluted.push(key);
  };
  afterEach(() => {
    for (const key of polluted.splice(0)) delete (Object.prototype as Record<string, unknown>)[key];
  });

  it('mfaPresent', () => {
    const world = { roles: { [ROLE]: { trustPolicy: trust, policies: [needsMfa] } }, sessions: { [SESSION]: session } };
    const request = { principal: SESSION, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', time: TIME };
    expect(createAuthorizer(world as never).authorize(request).decision).toBe('ImplicitDeny');
    pollute('mfaPresent', true);
    expect(createAuthorizer(world as never).authorize(request).decision).toBe('ImplicitDeny');
  });

  it('awsManaged', () => {
    const denyRcp = policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' });
    const world = {
      accounts: { [A]: { org: 'o-x', parents: ['r-root'] }, [M]: {} },
      organization: { id: 'o-x', rootId: 'r-root', managementAccount: M, rcps: { 'r-root': [denyRcp] } },
      users: { [ALICE]: { policies: [allowAll] } },
      resources: { 'arn:aws:s3:::b': { account: A } },
    };
    const request = { principal: ALICE, action: 's3:ListBucket', resource: 'arn:aws:s3:::b', time: TIME };
    expect(createAuthorizer(world).authorize(request).decision).toBe('ExplicitDeny');
    pollute('awsManaged', true);
    expect(createAuthorizer(world).authorize(request).decision).toBe('ExplicitDeny');
  });

  it('federatedSessionDefaultAllow', () => {
    const world = {
      users: { [ALICE]: { policies: [allowAll] } },
      sessions: {
        [FED]: {
          type: 'FederatedUser',
          userArn: ALICE,
          issuedAt: '2025-06-01T11:00:00Z',
          expiresAt: '2025-06-01T13:00:00Z',
        },
      },
    };
    const request = { principal: FED, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', time: TIME };
    expect(createAuthorizer(world as never).authorize(request).decision).toBe('ImplicitDeny');
    const input = {
      principal: FED,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      time: TIME,
      principalDetails: { userArn: ALICE },
      policies: { identity: [allowAll] },
    };
    expect(evaluate(input).decision).toBe('ImplicitDeny');
    pollute('federatedSessionDefaultAllow', true);
    expect(createAuthorizer(world as never).authorize(request).decision).toBe('ImplicitDeny');
    expect(evaluate(input).decision).toBe('ImplicitDeny');
    expect(evaluate(input, {}).decision).toBe('ImplicitDeny');
  });
});
