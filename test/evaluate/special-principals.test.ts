/**
 * §4.11 the root user, §4.12 anonymous callers, §4.13 service principals and §2.4 NotPrincipal,
 * through `evaluate`.
 */
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  ALICE,
  allowPolicy,
  BOB,
  bucketPolicy,
  decide,
  denyPolicy,
  grant,
  OTHER_ACCOUNT,
  outcome,
  policy,
  ROOT,
} from './helpers.js';

const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`;
const root = { principal: ROOT };

describe('§4.11 the root user', () => {
  it('§4.11 the root user of a standalone account needs no policy (W92)', () => {
    expect(decide({ ...root, policies: {} })).toMatchObject({ decision: 'Allow', decidedBy: 'identity' });
  });

  it('§4.11 policies cannot be attached to root: identity policies and boundaries are ignored', () => {
    expect(
      outcome({ ...root, policies: { identity: [denyPolicy()], permissionsBoundary: allowPolicy('ec2:*') } }),
    ).toBe('Allow');
  });

  it('§4.11/§10 E5 a resource-policy Deny that matches root stops it', () => {
    expect(decide({ ...root, policies: { resource: bucketPolicy(grant('*', {}, 'Deny')) } })).toMatchObject({
      decision: 'ExplicitDeny',
      decidedBy: 'resource',
    });
    expect(outcome({ ...root, policies: { resource: bucketPolicy(grant({ AWS: ACCOUNT }, {}, 'Deny')) } })).toBe(
      'ExplicitDeny',
    );
  });

  it('§4.11 a resource-policy Deny naming someone else does not stop root', () => {
    expect(outcome({ ...root, policies: { resource: bucketPolicy(grant({ AWS: BOB }, {}, 'Deny')) } })).toBe('Allow');
  });

  it('§4.11 root is subject to SCPs of a member account (W93)', () => {
    expect(decide({ ...root, policies: { scps: [[allowPolicy(), denyPolicy('s3:*')]] } })).toMatchObject({
      decision: 'ExplicitDeny',
      decidedBy: 'scp',
    });
    expect(decide({ ...root, policies: { scps: [[allowPolicy('ec2:*')]] } })).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'scp',
    });
    expect(outcome({ ...root, policies: { scps: [[allowPolicy()]] } })).toBe('Allow');
  });

  it('§4.11 cross-account: the other account’s resource policy must allow root', () => {
    const theirs = { principal: `arn:aws:iam::${OTHER_ACCOUNT}:root` };
    expect(decide({ ...theirs, policies: {} })).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'resource' });
    expect(outcome({ ...theirs, policies: { resource: bucketPolicy(grant({ AWS: OTHER_ACCOUNT })) } })).toBe('Allow');
  });

  it('§2.4 NotPrincipal + Deny not listing root’s account stops root; listing it spares root', () => {
    const deny = (listed: unknown) =>
      bucketPolicy({ Effect: 'Deny', NotPrincipal: { AWS: listed }, Action: 's3:*', Resource: '*' });
    expect(outcome({ ...root, policies: { resource: deny(ALICE) } })).toBe('ExplicitDeny');
    expect(outcome({ ...root, policies: { resource: deny(ROOT) } })).toBe('Allow');
  });
});

describe('§4.12 anonymous callers', () => {
  const anonymous = { principal: 'anonymous' };

  it('§4.12 a public bucket policy ("*") allows an anonymous caller (W65)', () => {
    expect(decide({ ...anonymous, policies: { resource: bucketPolicy(grant('*')) } })).toMatchObject({
      decision: 'Allow',
      decidedBy: 'resource',
    });
    expect(outcome({ ...anonymous, policies: { resource: bucketPolicy(grant({ AWS: '*' })) } })).toBe('Allow');
  });

  it('§4.12 account, user and role principals never match an anonymous caller', () => {
    expect(outcome({ ...anonymous, policies: { resource: bucketPolicy(grant({ AWS: [ACCOUNT, ALICE] })) } })).toBe(
      'ImplicitDeny',
    );
  });

  it('§4.12 identity policies cannot allow an anonymous caller', () => {
    expect(outcome({ ...anonymous, policies: { identity: [allowPolicy()] } })).toBe('ImplicitDeny');
  });

  it('§4.12/§5.8 anonymous context: aws:PrincipalType = Anonymous, aws:PrincipalArn absent', () => {
    const typed = bucketPolicy(grant('*', { Condition: { StringEquals: { 'aws:PrincipalType': 'Anonymous' } } }));
    expect(outcome({ ...anonymous, policies: { resource: typed } })).toBe('Allow');
    const byArn = bucketPolicy(grant('*', { Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:*' } } }));
    expect(outcome({ ...anonymous, policies: { resource: byArn } })).toBe('ImplicitDeny');
  });

  it('§2.4 NotPrincipal + Deny always applies to anonymous callers', () => {
    const resource = bucketPolicy(grant('*'), {
      Effect: 'Deny',
      NotPrincipal: { AWS: [ACCOUNT, ALICE] },
      Action: 's3:*',
      Resource: '*',
    });
    expect(outcome({ ...anonymous, policies: { resource } })).toBe('ExplicitDeny');
  });
});

describe('§4.13 service principals', () => {
  const sns = { principal: 'service:sns.amazonaws.com', action: 'sqs:SendMessage', resource: QUEUE };
  const queuePolicy = (principal: unknown, extra: Record<string, unknown> = {}) =>
    bucketPolicy({ Effect: 'Allow', Principal: principal, Action: 'sqs:SendMessage', Resource: QUEUE, ...extra });

  it('§4.13 a resource policy naming the service allows it', () => {
    expect(decide({ ...sns, policies: { resource: queuePolicy({ Service: 'sns.amazonaws.com' }) } })).toMatchObject({
      decision: 'Allow',
      decidedBy: 'resource',
    });
  });

  it('§4.13 "*" also covers service principals', () => {
    expect(outcome({ ...sns, policies: { resource: queuePolicy('*') } })).toBe('Allow');
  });

  it('§4.13 an account principal or another service does not cover a service principal', () => {
    expect(outcome({ ...sns, policies: { resource: queuePolicy({ AWS: ACCOUNT }) } })).toBe('ImplicitDeny');
    expect(outcome({ ...sns, policies: { resource: queuePolicy({ Service: 'events.amazonaws.com' }) } })).toBe(
      'ImplicitDeny',
    );
  });

  it('§4.13 service principals have no identity policies', () => {
    expect(outcome({ ...sns, policies: { identity: [allowPolicy()] } })).toBe('ImplicitDeny');
  });

  it('§4.13 confused-deputy guard: aws:SourceArn narrows the grant', () => {
    const resource = queuePolicy(
      { Service: 'sns.amazonaws.com' },
      { Condition: { ArnEquals: { 'aws:SourceArn': TOPIC } } },
    );
    expect(outcome({ ...sns, context: { 'aws:SourceArn': TOPIC }, policies: { resource } })).toBe('Allow');
    expect(
      outcome({
        ...sns,
        context: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${OTHER_ACCOUNT}:evil` },
        policies: { resource },
      }),
    ).toBe('ImplicitDeny');
    expect(outcome({ ...sns, policies: { resource } })).toBe('ImplicitDeny');
  });

  it('§4.13 SCPs do not apply to service principals', () => {
    expect(
      outcome({
        ...sns,
        policies: { resource: queuePolicy({ Service: 'sns.amazonaws.com' }), scps: [[denyPolicy()]] },
      }),
    ).toBe('Allow');
  });

  it('§4.13 a resource-policy Deny stops a service principal', () => {
    const resource = bucketPolicy(
      { Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: QUEUE },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 'sqs:*',
        Resource: QUEUE,
        Condition: { Bool: { 'aws:PrincipalIsAWSService': 'true' } },
      },
    );
    expect(outcome({ ...sns, policies: { resource } })).toBe('ExplicitDeny');
  });
});

describe('§2.4 NotPrincipal + Deny in decisions', () => {
  const bucket = (notPrincipal: unknown) =>
    bucketPolicy(grant({ AWS: ACCOUNT }), {
      Effect: 'Deny',
      NotPrincipal: notPrincipal,
      Action: 's3:*',
      Resource: ['arn:aws:s3:::example-bucket', 'arn:aws:s3:::example-bucket/*'],
    });
  const listed = bucket({ AWS: [BOB, ROOT] });
  const identity = [allowPolicy('s3:GetObject')];

  it('§2.4 denies everyone not listed, even when their account is listed (W73)', () => {
    expect(decide({ principal: ALICE, policies: { identity, resource: listed } })).toMatchObject({
      decision: 'ExplicitDeny',
      decidedBy: 'resource',
    });
  });

  it('§2.4 spares the listed principal (W74)', () => {
    expect(outcome({ principal: BOB, policies: { identity, resource: listed } })).toBe('Allow');
  });

  it('§2.4 boundary rule: a listed user with a permissions boundary is still denied', () => {
    expect(
      outcome({ principal: BOB, policies: { identity, resource: listed, permissionsBoundary: allowPolicy() } }),
    ).toBe('ExplicitDeny');
  });

  it('§2.4 a role session is spared only when account, role and session are listed', () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/AppRole`;
    const session = `arn:aws:sts::${ACCOUNT}:assumed-role/AppRole/s1`;
    expect(
      outcome({ principal: session, policies: { identity, resource: bucket({ AWS: [ROOT, role, session] }) } }),
    ).toBe('Allow');
    expect(outcome({ principal: session, policies: { identity, resource: bucket({ AWS: [ROOT, role] }) } })).toBe(
      'ExplicitDeny',
    );
  });

  it('§2.4 a NotPrincipal Deny whose action does not match does not apply', () => {
    const resource = bucketPolicy(grant({ AWS: ACCOUNT }), {
      Effect: 'Deny',
      NotPrincipal: { AWS: [BOB, ROOT] },
      Action: 's3:PutObject',
      Resource: '*',
    });
    expect(outcome({ principal: ALICE, policies: { identity, resource } })).toBe('Allow');
  });

  it('§2.4 control: the same bucket policy without the Deny allows alice', () => {
    expect(
      outcome({ principal: ALICE, policies: { identity, resource: { policy: policy(grant({ AWS: ACCOUNT })) } } }),
    ).toBe('Allow');
  });
});
