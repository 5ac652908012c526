/**
 * §4.5 strict resource-based policies: KMS key policies and role trust policies must allow
 * explicitly; an account principal only "enables IAM policies". Also the R-REVIEW rule that a
 * trust policy naming a user still needs the user's boundary.
 */
import { describe, expect, it } from 'vitest';
import type { PolicySetInput } from '../../src/index.js';
import { ACCOUNT, ALICE, allowPolicy, authorizer, decide, denyPolicy, outcome, policy, ROOT, TIME } from './helpers.js';

const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const keyPolicy = (principal: unknown): NonNullable<PolicySetInput['resource']> => ({
  kind: 'kms-key',
  policy: policy({ Effect: 'Allow', Principal: principal, Action: 'kms:*', Resource: '*' }),
});
const decrypt = { action: 'kms:Decrypt', resource: KEY };

describe('§4.5 KMS key policies', () => {
  it('§4.5 a key policy that does not enable IAM policies blocks an identity Allow (W94)', () => {
    expect(
      decide({
        ...decrypt,
        policies: {
          identity: [allowPolicy('kms:Decrypt')],
          resource: keyPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:user/bob` }),
        },
      }),
    ).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'resource',
    });
  });

  it('§4.5 the account-root statement enables IAM policies: the identity policy then allows (W95)', () => {
    expect(
      outcome({ ...decrypt, policies: { identity: [allowPolicy('kms:Decrypt')], resource: keyPolicy({ AWS: ROOT }) } }),
    ).toBe('Allow');
  });

  it('§4.5 with IAM policies enabled, the identity policy must still allow', () => {
    expect(decide({ ...decrypt, policies: { resource: keyPolicy({ AWS: ACCOUNT }) } })).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'identity',
    });
  });

  it('§4.5 a key policy naming the user directly allows without any identity policy', () => {
    expect(decide({ ...decrypt, policies: { resource: keyPolicy({ AWS: ALICE }) } })).toMatchObject({
      decision: 'Allow',
      decidedBy: 'resource',
    });
  });

  it('§4.5 an IAM policy can always deny, even when the key policy names the user', () => {
    expect(
      outcome({ ...decrypt, policies: { identity: [denyPolicy('kms:*')], resource: keyPolicy({ AWS: ALICE }) } }),
    ).toBe('ExplicitDeny');
  });

  it('§4.5/§4.11 the root user has no implicit access to a key: the key policy must allow', () => {
    expect(outcome({ ...decrypt, principal: ROOT, policies: { resource: keyPolicy({ AWS: ALICE }) } })).toBe(
      'ImplicitDeny',
    );
    expect(outcome({ ...decrypt, principal: ROOT, policies: { resource: keyPolicy({ AWS: ROOT }) } })).toBe('Allow');
  });

  it('§4.5/§10 E3 the caller can mark any resource policy strict, or a key policy not strict', () => {
    const bobOnly = policy({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/bob` },
      Action: 's3:GetObject',
      Resource: '*',
    });
    expect(outcome({ policies: { identity: [allowPolicy()], resource: { policy: bobOnly } } })).toBe('Allow');
    expect(outcome({ policies: { identity: [allowPolicy()], resource: { policy: bobOnly, strict: true } } })).toBe(
      'ImplicitDeny',
    );
    const lenient = { ...keyPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:user/bob` }), strict: false };
    expect(outcome({ ...decrypt, policies: { identity: [allowPolicy()], resource: lenient } })).toBe('Allow');
  });
});

describe('§4.5/§6.1 role trust policies', () => {
  const DEPLOY = `arn:aws:iam::${ACCOUNT}:role/Deploy`;
  const assume = (trustPrincipal: unknown, user: Record<string, unknown>) =>
    authorizer({
      accounts: { [ACCOUNT]: {} },
      users: { [ALICE]: { policies: [], ...user } },
      roles: {
        [DEPLOY]: {
          policies: [],
          trustPolicy: policy({ Effect: 'Allow', Principal: trustPrincipal, Action: 'sts:AssumeRole' }),
        },
      },
    }).authorize({
      principal: ALICE,
      action: 'sts:AssumeRole',
      resource: DEPLOY,
      time: TIME,
      sts: { RoleSessionName: 'alice' },
    });

  it('§6.1 a trust policy naming the account needs the caller’s identity Allow (W97)', () => {
    expect(assume({ AWS: ACCOUNT }, { policies: [allowPolicy('sts:AssumeRole', DEPLOY)] }).decision).toBe('Allow');
    expect(assume({ AWS: ACCOUNT }, {})).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'identity' });
  });

  it('§4.5 a trust policy that does not name the caller blocks even an identity Allow', () => {
    expect(
      assume({ AWS: `arn:aws:iam::${ACCOUNT}:user/bob` }, { policies: [allowPolicy('sts:AssumeRole', DEPLOY)] }),
    ).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'resource' });
  });

  it('§6.1 a trust policy naming the user is enough in the same account (W98)', () => {
    expect(assume({ AWS: ALICE }, {}).decision).toBe('Allow');
  });

  it('R-REVIEW a trust policy naming the user still needs the user’s boundary to allow', () => {
    expect(assume({ AWS: ALICE }, { permissionsBoundary: allowPolicy('s3:*') })).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'boundary',
    });
    expect(assume({ AWS: ALICE }, { permissionsBoundary: allowPolicy('sts:AssumeRole') }).decision).toBe('Allow');
  });

  it('R-REVIEW the boundary rule is specific to trust policies: a bucket policy naming the user ignores it (W58)', () => {
    const d = decide({
      policies: {
        permissionsBoundary: allowPolicy('ec2:*'),
        resource: {
          policy: policy({ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 's3:GetObject', Resource: '*' }),
        },
      },
    });
    expect(d.decision).toBe('Allow');
  });

  it('§4.5 the same rules in custom mode with kind "role-trust"', () => {
    const trust = (principal: unknown) => ({
      kind: 'role-trust' as const,
      policy: policy({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }),
    });
    const ask = { action: 'sts:AssumeRole', resource: DEPLOY };
    expect(outcome({ ...ask, policies: { resource: trust({ AWS: ALICE }) } })).toBe('Allow');
    expect(
      outcome({ ...ask, policies: { resource: trust({ AWS: ALICE }), permissionsBoundary: allowPolicy('s3:*') } }),
    ).toBe('ImplicitDeny');
    expect(outcome({ ...ask, policies: { resource: trust({ AWS: ACCOUNT }) } })).toBe('ImplicitDeny');
    expect(
      outcome({ ...ask, policies: { resource: trust({ AWS: ACCOUNT }), identity: [allowPolicy('sts:AssumeRole')] } }),
    ).toBe('Allow');
  });
});
