import { describe, expect, it } from 'vitest';
import { createAuthorizer, validateWorld } from '../../src/index.js';

describe('validateWorld: unknown members', () => {
  it('refuses a misspelt member, with a did-you-mean', () => {
    const r = validateWorld({ users: { 'arn:aws:iam::111111111111:user/alice': { polices: [] } } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => [e.code, e.path])).toEqual([
        ['unknown-member', 'users["arn:aws:iam::111111111111:user/alice"].polices'],
      ]);
      expect(r.errors[0]?.message).toContain('did you mean "policies"');
    }
  });

  it('with lenient: true, warns about a misspelt member instead', () => {
    const r = validateWorld(
      {
        users: { 'arn:aws:iam::111111111111:user/alice': { polices: [], Policies: [] } },
        organisation: {},
      },
      { lenient: true },
    );
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => [w.code, w.path])).toEqual([
      ['unknown-member', 'organisation'],
      ['unknown-member', 'users["arn:aws:iam::111111111111:user/alice"].polices'],
      ['unknown-member', 'users["arn:aws:iam::111111111111:user/alice"].Policies'],
    ]);
    expect(r.warnings[2]?.message).toContain('did you mean "policies"');
  });

  it('has no warnings for a world that uses only known members', () => {
    const r = validateWorld({
      accounts: { '111111111111': {} },
      users: { 'arn:aws:iam::111111111111:user/a': { policies: [] } },
    });
    expect(r.warnings).toEqual([]);
  });
});

describe('validateWorld: times', () => {
  const session = (issuedAt: string) => ({
    roles: {
      'arn:aws:iam::111111111111:role/R': {
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole' }],
        },
      },
    },
    sessions: {
      'arn:aws:sts::111111111111:assumed-role/R/s': {
        type: 'AssumedRole',
        issuedAt,
        expiresAt: '2025-06-01T13:00:00Z',
      },
    },
  });
  it('refuses impossible calendar dates instead of rolling them over', () => {
    const r = validateWorld(session('2025-02-30T11:00:00Z'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.path).toBe('sessions["arn:aws:sts::111111111111:assumed-role/R/s"].issuedAt');
  });
  it('accepts ISO 8601 date-times with zone or offset', () => {
    expect(validateWorld(session('2025-06-01T11:00:00Z')).ok).toBe(true);
    expect(validateWorld(session('2025-06-01T13:00:00+02:00')).ok).toBe(true);
  });
});

describe('createAuthorizer: where a managed policy is wrong', () => {
  it('names the policy in managedPolicies for its own issues, and the reference for a missing one', () => {
    const bad = 'arn:aws:iam::111111111111:policy/Bad';
    const missing = 'arn:aws:iam::111111111111:policy/Missing';
    const az = createAuthorizer({
      users: { 'arn:aws:iam::111111111111:user/alice': { policies: [missing, bad] } },
      managedPolicies: {
        [bad]: { Version: '2012-10-17', Statement: [{ Effect: 'Permit', Action: '*', Resource: '*' }] },
      },
    });
    expect(az.errors.map((e) => [e.code, e.path])).toEqual([
      ['invalid-effect', `managedPolicies["${bad}"].Statement[0].Effect`],
    ]);
    expect(az.warnings.map((w) => [w.code, w.path])).toEqual([
      ['unknown-managed-policy', 'users["arn:aws:iam::111111111111:user/alice"].policies[0]'],
    ]);
  });
});

describe('createAuthorizer: where a resource policy is wrong', () => {
  it('names the policy by its name in resourcePolicies, or by its resource in resources', () => {
    const bad = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Permit', Principal: '*', Action: '*', Resource: '*' }],
    };
    const az = createAuthorizer({
      resourcePolicies: { 'data-lake': { policy: bad, resource: 'arn:aws:s3:::data-lake' } },
      resources: { 'arn:aws:s3:::reports': { policy: bad } },
    });
    expect(az.errors.map((e) => [e.code, e.path])).toEqual([
      ['invalid-effect', 'resourcePolicies["data-lake"].policy.Statement[0].Effect'],
      ['invalid-effect', 'resources["arn:aws:s3:::reports"].policy.Statement[0].Effect'],
    ]);
  });
});
