/**
 * §2.1 Action matching, through `evaluate` with identity policies (alice, same account).
 */
import { describe, expect, it } from 'vitest';
import { allow, allowPolicy, deny, outcome, policy } from '../evaluate/helpers.js';

/** Does an identity policy with `Action: pattern` allow `action` (on `resource`)? */
const allowsAction = (pattern: unknown, action: string, resource = '*') =>
  outcome({ action, resource, policies: { identity: [allowPolicy(pattern, '*')] } });

describe('§2.1 Action', () => {
  it('§2.1 prefix and name are case-insensitive (W04)', () => {
    expect(allowsAction('iam:ListAccessKeys', 'IAM:listaccesskeys')).toBe('Allow');
    expect(allowsAction('IAM:LISTACCESSKEYS', 'iam:ListAccessKeys')).toBe('Allow');
    expect(allowsAction('iam:ListAccessKeys', 'iam:ListAccessKey')).toBe('ImplicitDeny');
  });

  it('§2.1 a different service prefix never matches, whatever the name', () => {
    expect(allowsAction('s3:GetObject', 's3:GetObject')).toBe('Allow');
    expect(allowsAction('s3:GetObject', 's3express:GetObject')).toBe('ImplicitDeny');
  });

  it('§2.1 `*` in the name matches any run, including the empty one', () => {
    expect(allowsAction('s3:Get*', 's3:GetObject')).toBe('Allow');
    expect(allowsAction('s3:Get*', 's3:Get')).toBe('Allow');
    expect(allowsAction('s3:*Object', 's3:PutObject')).toBe('Allow');
    expect(allowsAction('s3:Get*', 's3:PutObject')).toBe('ImplicitDeny');
  });

  it('§2.1 a wildcard does not cover a different verb (W05)', () => {
    expect(allowsAction('s3:List*', 's3:ListBucket')).toBe('Allow');
    expect(allowsAction('s3:List*', 's3:GetBucketAcl')).toBe('ImplicitDeny');
  });

  it('§2.1 `?` matches exactly one character', () => {
    expect(allowsAction('ec2:?escribeInstances', 'ec2:DescribeInstances')).toBe('Allow');
    expect(allowsAction('ec2:Describe?nstances', 'ec2:DescribeInstances')).toBe('Allow');
    expect(allowsAction('ec2:Describe?Instances', 'ec2:DescribeInstances')).toBe('ImplicitDeny');
    expect(allowsAction('ec2:DescribeInstance?', 'ec2:DescribeInstances')).toBe('Allow');
    expect(allowsAction('ec2:DescribeInstance?', 'ec2:DescribeInstancesX')).toBe('ImplicitDeny');
  });

  it('§2.1 the lone `*` matches every action of every service', () => {
    expect(allowsAction('*', 's3:GetObject')).toBe('Allow');
    expect(allowsAction('*', 'iam:CreateUser')).toBe('Allow');
    expect(allowsAction('*', 'dynamodb:PutItem')).toBe('Allow');
  });

  it('§2.1 a service wildcard (`s3:*`) covers only its own service, unlike `*`', () => {
    expect(allowsAction('s3:*', 's3:DeleteBucket')).toBe('Allow');
    expect(allowsAction('s3:*', 'iam:CreateUser')).toBe('ImplicitDeny');
    expect(allowsAction('s3:*', 's3express:CreateSession')).toBe('ImplicitDeny');
  });

  it('§2.1 colons are not special: a name wildcard runs over a further colon', () => {
    expect(allowsAction('s3:Get*', 's3:Get:Object')).toBe('Allow');
    expect(allowsAction('s3:Get?Object', 's3:Get:Object')).toBe('Allow');
    expect(allowsAction('s3:Get?Object', 's3:Get::Object')).toBe('ImplicitDeny');
  });

  it('§2.1 an Action list matches when any element matches', () => {
    expect(allowsAction(['ec2:RunInstances', 's3:GetObject'], 's3:GetObject')).toBe('Allow');
    expect(allowsAction(['ec2:RunInstances', 's3:PutObject'], 's3:GetObject')).toBe('ImplicitDeny');
  });

  it('§2.1 NotAction + Allow grants every unlisted action of every service (W07)', () => {
    const identity = [policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })];
    expect(outcome({ action: 's3:GetObject', policies: { identity } })).toBe('Allow');
    expect(outcome({ action: 'ec2:RunInstances', resource: '*', policies: { identity } })).toBe('Allow');
  });

  it('§2.1 NotAction + Allow does not grant the listed action (W08)', () => {
    const identity = [policy({ Effect: 'Allow', NotAction: ['iam:*', 's3:Get*'], Resource: '*' })];
    expect(outcome({ action: 'iam:CreateUser', resource: '*', policies: { identity } })).toBe('ImplicitDeny');
    expect(outcome({ action: 'S3:GETOBJECT', policies: { identity } })).toBe('ImplicitDeny');
    expect(outcome({ action: 's3:PutObject', policies: { identity } })).toBe('Allow');
  });

  it('§2.1 NotAction + Allow is still bounded by Resource (ListAllMyBuckets needs "*")', () => {
    const identity = [policy({ Effect: 'Allow', NotAction: 's3:DeleteBucket', Resource: 'arn:aws:s3:::*' })];
    expect(outcome({ action: 's3:ListAllMyBuckets', resource: '*', policies: { identity } })).toBe('ImplicitDeny');
    expect(
      outcome({
        action: 'ec2:RunInstances',
        resource: 'arn:aws:ec2:us-east-1:111111111111:instance/i-1',
        policies: { identity },
      }),
    ).toBe('ImplicitDeny');
    expect(outcome({ action: 's3:GetObject', policies: { identity } })).toBe('Allow');
  });

  it('§2.1 NotAction + Deny denies every unlisted action and spares the listed ones', () => {
    const identity = [policy(allow('*', '*'), { Effect: 'Deny', NotAction: ['s3:Get*', 'iam:Get*'], Resource: '*' })];
    expect(outcome({ action: 's3:PutObject', policies: { identity } })).toBe('ExplicitDeny');
    expect(outcome({ action: 'ec2:RunInstances', resource: '*', policies: { identity } })).toBe('ExplicitDeny');
    expect(outcome({ action: 's3:GetObject', policies: { identity } })).toBe('Allow');
  });

  it('§2.1 NotAction + Deny never grants by itself', () => {
    const identity = [policy({ Effect: 'Deny', NotAction: 's3:PutObject', Resource: '*' })];
    expect(outcome({ action: 's3:PutObject', policies: { identity } })).toBe('ImplicitDeny');
  });

  it('§2.1 a Deny on a wildcard action overrides an Allow of the exact action', () => {
    const identity = [policy(allow('s3:DeleteObject'), deny('s3:Delete*'))];
    expect(outcome({ action: 's3:DeleteObject', policies: { identity } })).toBe('ExplicitDeny');
    expect(
      outcome({ action: 's3:GetObject', policies: { identity: [policy(allow('s3:GetObject'), deny('s3:Delete*'))] } }),
    ).toBe('Allow');
  });
});
