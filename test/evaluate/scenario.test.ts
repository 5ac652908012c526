/**
 * The same rules through worlds and scenarios (`evaluateScenario`, spec §0.3): federated-user
 * sessions (§4.7, R-REVIEW), the root user with a resource-policy Deny (§10 E5), and SCPs on a
 * resource-policy grant.
 */
import { describe, expect, it } from 'vitest';
import { evaluateScenario } from '../../src/index.js';
import { allowPolicy, OBJECT, policy, TIME } from './helpers.js';

const ACCOUNT = '111111111111';
const BROKER = `arn:aws:iam::${ACCOUNT}:user/broker`;
const BOB = `arn:aws:sts::${ACCOUNT}:federated-user/Bob`;
const bucketNaming = (principal: unknown, effect: 'Allow' | 'Deny' = 'Allow') => ({
  kind: 'generic',
  policy: policy({
    Effect: effect,
    Principal: principal,
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::example-bucket/*',
  }),
});

/** A world with the federating user `broker` and its federated session `Bob`. */
function federation(
  session: Record<string, unknown>,
  bucket: Record<string, unknown>,
  brokerPolicies: unknown[] = [allowPolicy('s3:*')],
) {
  return {
    world: {
      accounts: { [ACCOUNT]: {} },
      users: { [BROKER]: { policies: brokerPolicies } },
      sessions: {
        [BOB]: {
          type: 'FederatedUser',
          userArn: BROKER,
          issuedAt: '2025-06-01T11:00:00Z',
          expiresAt: '2025-06-01T13:00:00Z',
          ...session,
        },
      },
      resourcePolicies: { bucket },
    },
    request: {
      principal: BOB,
      action: 's3:GetObject',
      resource: OBJECT,
      resourceAccount: ACCOUNT,
      resourcePolicy: 'bucket',
      time: TIME,
    },
  };
}

describe('federated-user sessions in a world (§4.7, §4.4)', () => {
  it('§4.7 without a session policy the session has no permissions of its own (W79)', () => {
    expect(evaluateScenario(federation({}, bucketNaming({ AWS: '222222222222' }))).decision).toBe('ImplicitDeny');
  });

  it('§4.4 a grant to the federated-user ARN works without a session policy (W80)', () => {
    expect(evaluateScenario(federation({}, bucketNaming({ AWS: BOB }))).decision).toBe('Allow');
  });

  it('R-REVIEW a grant to the federating user does not help a session without session policy', () => {
    expect(evaluateScenario(federation({}, bucketNaming({ AWS: BROKER }))).decision).toBe('ImplicitDeny');
  });

  it('§4.4/§10 E7 with a session policy, a grant to the federating user needs no identity Allow', () => {
    const session = { sessionPolicies: [allowPolicy('s3:GetObject')] };
    expect(evaluateScenario(federation(session, bucketNaming({ AWS: BROKER }), [])).decision).toBe('Allow');
    const narrow = { sessionPolicies: [allowPolicy('ec2:*')] };
    expect(evaluateScenario(federation(narrow, bucketNaming({ AWS: BROKER }), [])).decision).toBe('ImplicitDeny');
  });

  it('§6.7 a session used after it expired is denied with reason ExpiredToken', () => {
    const s = federation({ sessionPolicies: [allowPolicy()] }, bucketNaming({ AWS: BOB }));
    expect(evaluateScenario({ ...s, request: { ...s.request, time: '2025-06-01T13:00:00Z' } })).toMatchObject({
      decision: 'ImplicitDeny',
      reason: 'ExpiredToken',
    });
  });
});

describe('the root user in a world (§4.11)', () => {
  const rootScenario = (bucket: Record<string, unknown>) => ({
    world: { accounts: { [ACCOUNT]: {} }, resourcePolicies: { bucket } },
    request: {
      principal: `arn:aws:iam::${ACCOUNT}:root`,
      action: 's3:GetObject',
      resource: OBJECT,
      resourceAccount: ACCOUNT,
      resourcePolicy: 'bucket',
      time: TIME,
    },
  });

  it('§10 E5 a bucket-policy Deny matching root stops it', () => {
    expect(evaluateScenario(rootScenario(bucketNaming('*', 'Deny'))).decision).toBe('ExplicitDeny');
  });

  it('§4.11 root is allowed when the bucket policy does not deny it', () => {
    expect(evaluateScenario(rootScenario(bucketNaming({ AWS: '222222222222' }, 'Deny'))).decision).toBe('Allow');
  });
});
