/**
 * §4.8 service control policies and §4.9 resource control policies, through worlds
 * (`createAuthorizer`), where the organization decides which levels apply to whom.
 */
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/index.js';
import { allowPolicy, authorizer, denyPolicy, OBJECT, policy, TIME } from './helpers.js';

const MEMBER = '111111111111';
const MANAGEMENT = '999999999999';
const OUTSIDE = '222222222222';
const ALICE = `arn:aws:iam::${MEMBER}:user/alice`;
const ADMIN = `arn:aws:iam::${MANAGEMENT}:user/admin`;
const PARTNER = `arn:aws:iam::${OUTSIDE}:user/partner`;
const SLR = `arn:aws:iam::${MEMBER}:role/aws-service-role/ops.example.amazonaws.com/AWSServiceRoleForExample`;
const SLR_SESSION = `arn:aws:sts::${MEMBER}:assumed-role/AWSServiceRoleForExample/s1`;
const APP = `arn:aws:iam::${MEMBER}:role/App`;
const APP_SESSION = `arn:aws:sts::${MEMBER}:assumed-role/App/s1`;
const QUEUE = `arn:aws:sqs:us-east-1:${MEMBER}:orders`;

const rcpDenyS3 = policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' });
const rcpDenyOutsiders = policy({
  Effect: 'Deny',
  Principal: '*',
  Action: ['s3:*', 'sqs:*'],
  Resource: '*',
  Condition: {
    StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-exampleorg' },
    BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
  },
});

/** An organization with a member account under ou-prod, a management account and an outside account. */
function world(
  organization: { scps?: Record<string, unknown[]>; rcps?: Record<string, unknown[]> },
  extra: Record<string, unknown> = {},
) {
  return {
    accounts: {
      [MEMBER]: { org: 'o-exampleorg', parents: ['r-root', 'ou-prod'] },
      [MANAGEMENT]: { org: 'o-exampleorg', parents: ['r-root'] },
      [OUTSIDE]: {},
    },
    organization: { id: 'o-exampleorg', rootId: 'r-root', managementAccount: MANAGEMENT, ...organization },
    users: {
      [ALICE]: { policies: [allowPolicy()] },
      [ADMIN]: { policies: [allowPolicy()] },
      [PARTNER]: { policies: [allowPolicy()] },
    },
    roles: {
      [SLR]: {
        policies: [allowPolicy()],
        serviceLinked: true,
        trustPolicy: policy({
          Effect: 'Allow',
          Principal: { Service: 'ops.example.amazonaws.com' },
          Action: 'sts:AssumeRole',
        }),
      },
      [APP]: {
        policies: [allowPolicy()],
        trustPolicy: policy({ Effect: 'Allow', Principal: { AWS: MEMBER }, Action: 'sts:AssumeRole' }),
      },
    },
    sessions: {
      [SLR_SESSION]: {
        type: 'AssumedRole',
        roleArn: SLR,
        issuedAt: '2025-06-01T11:30:00Z',
        expiresAt: '2025-06-01T12:30:00Z',
      },
      [APP_SESSION]: {
        type: 'AssumedRole',
        roleArn: APP,
        issuedAt: '2025-06-01T11:30:00Z',
        expiresAt: '2025-06-01T12:30:00Z',
      },
    },
    resourcePolicies: {
      memberBucket: {
        policy: policy({
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::example-bucket/*',
        }),
        account: MEMBER,
      },
      managementBucket: {
        policy: policy({
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::example-bucket/*',
        }),
        account: MANAGEMENT,
      },
      outsideBucket: {
        policy: policy({
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::example-bucket/*',
        }),
        account: OUTSIDE,
      },
      queue: {
        policy: policy({
          Effect: 'Allow',
          Principal: { Service: 'sns.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: QUEUE,
        }),
        account: MEMBER,
      },
    },
    ...extra,
  };
}

type Org = Parameters<typeof world>[0];
const ask = (
  org: Org,
  principal: string,
  request: { action?: string; resource?: string; resourcePolicy?: string; resourceAccount?: string } = {},
): Decision =>
  authorizer(world(org)).authorize({
    principal,
    action: 's3:GetObject',
    resource: OBJECT,
    resourceAccount: MEMBER,
    time: TIME,
    ...request,
  });

describe('§4.8 SCPs', () => {
  it('§4.8 every level must allow: a level without the action blocks it (W83)', () => {
    const org = { scps: { 'ou-prod': [allowPolicy('s3:*')] } };
    expect(ask(org, ALICE).decision).toBe('Allow');
    expect(ask(org, ALICE, { action: 'ec2:RunInstances', resource: '*' })).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'scp',
    });
  });

  it('§4.8 a lower level cannot add back what a higher level does not allow (W84)', () => {
    const org = { scps: { 'r-root': [allowPolicy('s3:*')], [MEMBER]: [allowPolicy('*')] } };
    expect(ask(org, ALICE, { action: 'ec2:RunInstances', resource: '*' })).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'scp',
    });
    expect(ask(org, ALICE).decision).toBe('Allow');
  });

  it('§4.8/§10 A1 a missing SCP Allow is an implicit, not an explicit, deny', () => {
    expect(ask({ scps: { [MEMBER]: [allowPolicy('ec2:*')] } }, ALICE).decision).toBe('ImplicitDeny');
  });

  it('§4.8 an SCP Deny beats AdministratorAccess (W82)', () => {
    expect(ask({ scps: { 'r-root': [allowPolicy(), denyPolicy('s3:GetObject')] } }, ALICE)).toMatchObject({
      decision: 'ExplicitDeny',
      decidedBy: 'scp',
    });
  });

  it('§4.8 SCPs never grant: an SCP Allow does not replace the identity Allow', () => {
    const w = world({}, { users: { [ALICE]: { policies: [] } } });
    expect(
      authorizer(w).authorize({
        principal: ALICE,
        action: 's3:GetObject',
        resource: OBJECT,
        resourceAccount: MEMBER,
        time: TIME,
      }).decision,
    ).toBe('ImplicitDeny');
  });

  it('§4.8 SCPs do not affect the management account (W85)', () => {
    const org = { scps: { 'r-root': [allowPolicy(), denyPolicy('*')] } };
    expect(ask(org, ADMIN, { resourceAccount: MANAGEMENT }).decision).toBe('Allow');
    expect(ask(org, ALICE).decision).toBe('ExplicitDeny');
  });

  it('§4.8 SCPs do not affect service-linked roles (W86), but do affect other roles', () => {
    const org = { scps: { 'ou-prod': [allowPolicy(), denyPolicy('*')] } };
    expect(ask(org, SLR_SESSION).decision).toBe('Allow');
    expect(ask(org, APP_SESSION).decision).toBe('ExplicitDeny');
  });

  it('§4.8 SCPs apply to the member account’s root user (W93)', () => {
    const org = { scps: { 'ou-prod': [allowPolicy(), denyPolicy('s3:*')] } };
    expect(ask(org, `arn:aws:iam::${MEMBER}:root`).decision).toBe('ExplicitDeny');
    expect(ask({}, `arn:aws:iam::${MEMBER}:root`).decision).toBe('Allow');
  });

  it('§4.8 SCPs of the resource’s account do not apply to outside callers (W88)', () => {
    const org = { scps: { 'r-root': [allowPolicy(), denyPolicy('s3:*')] } };
    expect(ask(org, PARTNER, { resourcePolicy: 'memberBucket' }).decision).toBe('Allow');
  });

  it('§4.4/§4.8 SCPs cap a resource-policy grant to a member principal (W87)', () => {
    const org = { scps: { 'ou-prod': [allowPolicy('ec2:*')] } };
    const w = world(org, { users: { [ALICE]: { policies: [] } } });
    const d = authorizer(w).authorize({
      principal: ALICE,
      action: 's3:GetObject',
      resource: OBJECT,
      resourceAccount: MEMBER,
      resourcePolicy: 'memberBucket',
      time: TIME,
    });
    expect(d).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'scp' });
  });

  it('§4.8 a member principal reaching outside the organization is still under its SCPs', () => {
    const org = { scps: { 'ou-prod': [allowPolicy(), denyPolicy('s3:*')] } };
    expect(ask(org, ALICE, { resourcePolicy: 'outsideBucket', resourceAccount: OUTSIDE }).decision).toBe(
      'ExplicitDeny',
    );
    expect(ask({}, ALICE, { resourcePolicy: 'outsideBucket', resourceAccount: OUTSIDE }).decision).toBe('Allow');
  });
});

describe('§4.9 RCPs', () => {
  it('§4.9 RCPFullAWSAccess is implied: with no custom RCP nothing is restricted', () => {
    expect(ask({}, PARTNER, { resourcePolicy: 'memberBucket' }).decision).toBe('Allow');
  });

  it('§4.9 an RCP Deny restricts outside principals on member-account resources (W89)', () => {
    const org = { rcps: { 'ou-prod': [rcpDenyOutsiders] } };
    expect(ask(org, PARTNER, { resourcePolicy: 'memberBucket' })).toMatchObject({
      decision: 'ExplicitDeny',
      decidedBy: 'rcp',
    });
    expect(ask(org, ALICE, { resourcePolicy: 'memberBucket' }).decision).toBe('Allow');
  });

  it('§4.9 RCPs apply to member principals and the member’s root user too', () => {
    const org = { rcps: { [MEMBER]: [rcpDenyS3] } };
    expect(ask(org, ALICE).decision).toBe('ExplicitDeny');
    expect(ask(org, `arn:aws:iam::${MEMBER}:root`).decision).toBe('ExplicitDeny');
  });

  it('§4.9 RCPs do not apply to resources of the management account (W90)', () => {
    const org = { rcps: { 'r-root': [rcpDenyS3] } };
    expect(ask(org, PARTNER, { resourcePolicy: 'managementBucket', resourceAccount: MANAGEMENT }).decision).toBe(
      'Allow',
    );
    expect(ask(org, PARTNER, { resourcePolicy: 'memberBucket' }).decision).toBe('ExplicitDeny');
  });

  it('§4.9 RCPs do not apply to calls by service-linked roles', () => {
    const org = { rcps: { 'r-root': [rcpDenyS3] } };
    expect(ask(org, SLR_SESSION).decision).toBe('Allow');
    expect(ask(org, APP_SESSION).decision).toBe('ExplicitDeny');
  });

  it('§4.9 RCPs apply only to services that support them', () => {
    const org = {
      rcps: { 'r-root': [policy({ Effect: 'Deny', Principal: '*', Action: ['ec2:*', 's3:*'], Resource: '*' })] },
    };
    expect(ask(org, ALICE, { action: 'ec2:RunInstances', resource: '*' }).decision).toBe('Allow');
    expect(ask(org, ALICE).decision).toBe('ExplicitDeny');
  });

  it('§4.9 RCPs do not apply to kms:RetireGrant', () => {
    const key = `arn:aws:kms:us-east-1:${MEMBER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const org = { rcps: { 'r-root': [policy({ Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' })] } };
    expect(ask(org, ALICE, { action: 'kms:RetireGrant', resource: key }).decision).toBe('Allow');
    expect(ask(org, ALICE, { action: 'kms:Decrypt', resource: key })).toMatchObject({
      decision: 'ExplicitDeny',
      decidedBy: 'rcp',
    });
  });

  it('§4.9/§4.13 RCPs apply to service principals', () => {
    const send = { action: 'sqs:SendMessage', resource: QUEUE, resourcePolicy: 'queue' };
    expect(ask({}, 'service:sns.amazonaws.com', send).decision).toBe('Allow');
    const org = {
      rcps: {
        'ou-prod': [
          policy({
            Effect: 'Deny',
            Principal: '*',
            Action: 'sqs:*',
            Resource: '*',
            Condition: { Bool: { 'aws:PrincipalIsAWSService': 'true' } },
          }),
        ],
      },
    };
    expect(ask(org, 'service:sns.amazonaws.com', send)).toMatchObject({ decision: 'ExplicitDeny', decidedBy: 'rcp' });
  });

  it('§4.9 cross-account: the resource owner’s RCPs apply, not the caller’s', () => {
    const org = { rcps: { [MEMBER]: [rcpDenyS3] } };
    expect(ask(org, ALICE, { resourcePolicy: 'outsideBucket', resourceAccount: OUTSIDE }).decision).toBe('Allow');
  });
});
