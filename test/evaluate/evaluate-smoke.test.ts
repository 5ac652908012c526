import { describe, expect, it } from 'vitest';
import { compilePolicySet, evaluate } from '../../src/index.js';

const allow = (Action: unknown, Resource: unknown = '*', extra: object = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action, Resource, ...extra }],
});

describe('evaluate (custom mode)', () => {
  it('explains a failed condition and the missing key', () => {
    const d = evaluate({
      principal: 'arn:aws:iam::111111111111:user/alice',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      explain: true,
      policies: { identity: [allow('s3:*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })] },
    });
    expect(d.decision).toBe('ImplicitDeny');
    expect(d.decidedBy).toBe('identity');
    expect(d.explanation?.missingContextKeys).toEqual(['aws:sourceip']);
    expect(d.explanation?.unmatched[0]).toMatchObject({
      layer: 'identity',
      policyId: 'identity[0]',
      statementIndex: 0,
      failed: 'condition',
      condition: { operator: 'IpAddress', key: 'aws:SourceIp', missing: true },
    });
  });

  it('fails closed on an invalid policy, with the error path', () => {
    const set = compilePolicySet({
      identity: [allow('s3:*'), '{"Version":"2012-10-17","Statement":{"Effect":"allow","Action":"*","Resource":"*"}}'],
    });
    expect(set.ok).toBe(false);
    expect(set.errors[0]?.path).toMatch(/^identity\[1\]\.Statement/);
    expect(set.errors[0]?.line).toBe(1);
    expect(
      set.evaluate({ principal: 'arn:aws:iam::111111111111:user/a', action: 's3:GetObject', resource: '*' }),
    ).toMatchObject({ decision: 'ImplicitDeny', reason: 'InvalidPolicy' });
  });

  it('reuses one compiled set for many requests, with SCP levels', () => {
    const set = compilePolicySet({
      identity: [allow('*')],
      scps: [
        { target: 'r-root', policies: [allow('*')] },
        { target: 'ou-dev', policies: [allow(['s3:*', 'ec2:*'])] },
      ],
    });
    const ask = (action: string) =>
      set.evaluate({ principal: 'arn:aws:iam::111111111111:user/a', action, resource: '*', explain: true });
    expect(ask('s3:GetObject').decision).toBe('Allow');
    const iam = ask('iam:CreateUser');
    expect(iam).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'scp' });
    expect(iam.explanation?.summary).toContain('ou-dev');
  });
});
