/**
 * The identity path of §4.3 steps 5–7: identity policies, permissions boundaries (§4.6) and
 * session policies (§4.7), including federated-user sessions (§10 E4).
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';
import { ACCOUNT, APP_SESSION, allowPolicy, decide, FED_BOB, OBJECT, outcome, policy, TIME, allow } from './helpers.js';

const fed = { principal: FED_BOB, principalDetails: { userArn: `arn:aws:iam::${ACCOUNT}:user/broker` } };

describe('§4.3 step 5 identity policies', () => {
  it('§4.3 with no applicable policy at all the request is implicitly denied (W02)', () => {
    expect(decide({ policies: {} })).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'identity' });
  });

  it('§1.2 statements and policies of one layer are OR-ed', () => {
    expect(outcome({ policies: { identity: [allowPolicy('ec2:*'), allowPolicy('s3:GetObject')] } })).toBe('Allow');
    expect(outcome({ policies: { identity: [policy(allow('ec2:*'), allow('s3:Get*'))] } })).toBe('Allow');
    expect(outcome({ policies: { identity: [allowPolicy('ec2:*'), allowPolicy('s3:Put*')] } })).toBe('ImplicitDeny');
  });
});

describe('§4.6 permissions boundaries', () => {
  it('§4.6 the boundary caps identity permissions (W76)', () => {
    const policies = { identity: [allowPolicy('s3:*')], permissionsBoundary: allowPolicy('s3:GetObject') };
    expect(outcome({ policies })).toBe('Allow');
    expect(decide({ action: 's3:PutObject', policies })).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'boundary',
    });
  });

  it('§4.6 a boundary never grants on its own', () => {
    expect(decide({ policies: { permissionsBoundary: allowPolicy() } })).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'identity',
    });
  });

  it('§4.6 a boundary limits a role session too (W112)', () => {
    expect(
      outcome({
        principal: APP_SESSION,
        policies: { identity: [allowPolicy()], permissionsBoundary: allowPolicy('ec2:*') },
      }),
    ).toBe('ImplicitDeny');
    expect(
      outcome({
        principal: APP_SESSION,
        policies: { identity: [allowPolicy()], permissionsBoundary: allowPolicy('s3:*') },
      }),
    ).toBe('Allow');
  });

  it('§4.6 a boundary statement with a failing condition does not allow', () => {
    const boundary = allowPolicy('s3:*', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } });
    expect(
      outcome({
        policies: { identity: [allowPolicy()], permissionsBoundary: boundary },
        context: { 'aws:RequestedRegion': 'us-east-1' },
      }),
    ).toBe('ImplicitDeny');
    expect(
      outcome({
        policies: { identity: [allowPolicy()], permissionsBoundary: boundary },
        context: { 'aws:RequestedRegion': 'eu-west-1' },
      }),
    ).toBe('Allow');
  });
});

describe('§4.7 session policies', () => {
  it('§4.7 a role session without session policies keeps the role’s permissions', () => {
    expect(outcome({ principal: APP_SESSION, policies: { identity: [allowPolicy('s3:*')] } })).toBe('Allow');
  });

  it('§4.7 a session policy narrows the role (W77)', () => {
    const policies = { identity: [allowPolicy('s3:*')], session: [allowPolicy('s3:PutObject')] };
    expect(decide({ principal: APP_SESSION, policies })).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'session',
    });
    expect(outcome({ principal: APP_SESSION, action: 's3:PutObject', policies })).toBe('Allow');
  });

  it('§4.7 a session policy never grants beyond the identity policy', () => {
    expect(
      decide({ principal: APP_SESSION, policies: { identity: [allowPolicy('ec2:*')], session: [allowPolicy()] } }),
    ).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'identity' });
  });

  it('§4.7 several session policies are OR-ed', () => {
    const policies = { identity: [allowPolicy()], session: [allowPolicy('ec2:*'), allowPolicy('s3:GetObject')] };
    expect(outcome({ principal: APP_SESSION, policies })).toBe('Allow');
  });

  it('§4.1/§4.3 step 7 session policies apply only to sessions, never to an IAM user', () => {
    const d = decide({ policies: { identity: [allowPolicy()], session: [allowPolicy('ec2:*')] } });
    expect(d).toMatchObject({ decision: 'Allow', decidedBy: 'identity' });
  });

  it('§4.7 a federated-user session without a session policy has no permissions (W79)', () => {
    expect(decide({ ...fed, policies: { identity: [allowPolicy()] } })).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'session',
    });
  });

  it('§4.7 a federated-user session gets identity ∩ session policy', () => {
    expect(
      outcome({ ...fed, policies: { identity: [allowPolicy('s3:*')], session: [allowPolicy('s3:GetObject')] } }),
    ).toBe('Allow');
    expect(
      outcome({ ...fed, policies: { identity: [allowPolicy('ec2:*')], session: [allowPolicy('s3:GetObject')] } }),
    ).toBe('ImplicitDeny');
    expect(outcome({ ...fed, policies: { identity: [allowPolicy('s3:*')], session: [allowPolicy('ec2:*')] } })).toBe(
      'ImplicitDeny',
    );
  });

  it('§4.6 a federated-user session is limited by the federating user’s boundary', () => {
    expect(
      outcome({
        ...fed,
        policies: { identity: [allowPolicy()], session: [allowPolicy()], permissionsBoundary: allowPolicy('ec2:*') },
      }),
    ).toBe('ImplicitDeny');
  });

  it('§10 E4 the federatedSessionDefaultAllow option gives the federating user’s permissions instead', () => {
    const input = {
      ...fed,
      action: 's3:GetObject',
      resource: OBJECT,
      resourceAccount: ACCOUNT,
      time: TIME,
      policies: { identity: [allowPolicy()] },
    };
    expect(evaluate(input).decision).toBe('ImplicitDeny');
    expect(evaluate(input, { federatedSessionDefaultAllow: true }).decision).toBe('Allow');
  });
});
