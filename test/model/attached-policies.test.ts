import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../src/index.js';

const A = '111111111111';
const B = '222222222222';
const bucketPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${B}:user/partner` },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::shared/*',
    },
    { Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::shared/*' },
  ],
};
const partner = {
  [`arn:aws:iam::${B}:user/partner`]: {
    policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }],
  },
};
const ask = (world: object, action: string) =>
  createAuthorizer(world).authorize({
    principal: `arn:aws:iam::${B}:user/partner`,
    action,
    resource: 'arn:aws:s3:::shared/reports/q1.csv',
    time: '2025-06-01T12:00:00Z',
  });

describe('resource policies attached by ARN (no resourcePolicy named in the request)', () => {
  it("a bucket's policy in `resources` governs requests for its objects, with the bucket's owner", () => {
    const world = { users: partner, resources: { 'arn:aws:s3:::shared': { account: A, policy: bucketPolicy } } };
    expect(ask(world, 's3:GetObject').decision).toBe('Allow');
    expect(ask(world, 's3:DeleteObject').decision).toBe('ExplicitDeny');
    // Without the bucket policy the cross-account request has no resource-side allow.
    expect(ask({ users: partner, resources: { 'arn:aws:s3:::shared': { account: A } } }, 's3:GetObject').decision).toBe(
      'ImplicitDeny',
    );
  });

  it('a `resourcePolicies` entry with `resource` applies to that resource and, for a bucket, to its objects', () => {
    const world = {
      users: partner,
      resourcePolicies: { bucket: { resource: 'arn:aws:s3:::shared', account: A, policy: bucketPolicy } },
    };
    expect(ask(world, 's3:GetObject').decision).toBe('Allow');
    expect(ask(world, 's3:DeleteObject').decision).toBe('ExplicitDeny');
  });

  it('passes world-format warnings on to the authorizer', () => {
    const authz = createAuthorizer({ users: { [`arn:aws:iam::${A}:user/a`]: { polices: [] } } } as never, {
      lenient: true,
    });
    expect(authz.ok).toBe(true);
    expect(authz.warnings.map((w) => w.code)).toContain('unknown-member');
  });
});
