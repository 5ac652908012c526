/**
 * §4.10 cross-account requests: the trusted side (caller's account) and the trusting side
 * (resource's account) must both allow; no same-account shortcuts.
 */
import { describe, expect, it } from 'vitest';
import {
  allowPolicy,
  bucketPolicy,
  decide,
  denyPolicy,
  grant,
  OBJECT,
  OTHER_ACCOUNT,
  outcome,
  PARTNER,
  policy,
} from './helpers.js';

const PARTNER_ROLE = `arn:aws:iam::${OTHER_ACCOUNT}:role/Reader`;
const PARTNER_SESSION = `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/Reader/s1`;
const namesPartner = bucketPolicy(grant({ AWS: PARTNER }));
/** Partner (222222222222) reads an object of a bucket owned by 111111111111. */
const partner = { principal: PARTNER };

describe('§4.10 cross-account requests', () => {
  it('§4.10 both the identity policy and the bucket policy allow (W67)', () => {
    const d = decide({
      ...partner,
      explain: true,
      policies: { identity: [allowPolicy('s3:GetObject')], resource: namesPartner },
    });
    expect(d.decision).toBe('Allow');
    expect(d.explanation?.crossAccount).toBe(true);
  });

  it('§4.10 the bucket policy naming the caller does not replace its identity Allow (W68)', () => {
    expect(decide({ ...partner, policies: { resource: namesPartner } })).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'identity',
    });
  });

  it('§4.10 without a resource policy the identity Allow is not enough (W69)', () => {
    expect(decide({ ...partner, policies: { identity: [allowPolicy()] } })).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'resource',
    });
  });

  it('§4.10 a resource policy that does not allow this request does not help', () => {
    const other = bucketPolicy(grant({ AWS: PARTNER }, { Resource: 'arn:aws:s3:::example-bucket/public/*' }));
    expect(decide({ ...partner, policies: { identity: [allowPolicy()], resource: other } })).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'resource',
    });
  });

  it('§4.10 the bucket policy may delegate to the whole account (W70)', () => {
    const toAccount = bucketPolicy(grant({ AWS: OTHER_ACCOUNT }));
    expect(outcome({ ...partner, policies: { identity: [allowPolicy()], resource: toAccount } })).toBe('Allow');
    expect(outcome({ ...partner, policies: { resource: toAccount } })).toBe('ImplicitDeny');
  });

  it('§4.10 an explicit deny on the trusted side wins (W71)', () => {
    const identity = [
      policy(
        { Effect: 'Allow', Action: 's3:*', Resource: '*' },
        { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::*log*' },
      ),
    ];
    const resource = bucketPolicy(
      grant(
        { AWS: PARTNER },
        { Action: 's3:PutObject', Resource: ['arn:aws:s3:::Production/*', 'arn:aws:s3:::Production-logs/*'] },
      ),
    );
    const put = (bucket: string) =>
      outcome({
        ...partner,
        action: 's3:PutObject',
        resource: `arn:aws:s3:::${bucket}/x`,
        policies: { identity, resource },
      });
    expect(put('Production-logs')).toBe('ExplicitDeny');
    expect(put('Production')).toBe('Allow');
  });

  it('§4.10 an explicit deny on the trusting side wins', () => {
    const resource = bucketPolicy(grant({ AWS: PARTNER }), grant({ AWS: OTHER_ACCOUNT }, {}, 'Deny'));
    expect(decide({ ...partner, policies: { identity: [allowPolicy()], resource } })).toMatchObject({
      decision: 'ExplicitDeny',
      decidedBy: 'resource',
    });
  });

  it('§4.10 the boundary applies on the trusted side even when the bucket names the user (W72)', () => {
    expect(
      decide({
        ...partner,
        policies: { identity: [allowPolicy()], permissionsBoundary: allowPolicy('ec2:*'), resource: namesPartner },
      }),
    ).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'boundary',
    });
  });

  it('§4.10 a session policy applies on the trusted side even when the bucket names the session', () => {
    const resource = bucketPolicy(grant({ AWS: PARTNER_SESSION }));
    expect(outcome({ principal: PARTNER_SESSION, policies: { identity: [allowPolicy()], resource } })).toBe('Allow');
    expect(
      decide({
        principal: PARTNER_SESSION,
        policies: { identity: [allowPolicy()], session: [allowPolicy('ec2:*')], resource },
      }),
    ).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'session',
    });
  });

  it('§4.10 a grant to a role of the other account still needs the role’s identity Allow', () => {
    const resource = bucketPolicy(grant({ AWS: PARTNER_ROLE }));
    expect(outcome({ principal: PARTNER_SESSION, policies: { resource } })).toBe('ImplicitDeny');
    expect(
      outcome({ principal: PARTNER_SESSION, policies: { resource, identity: [allowPolicy('s3:GetObject')] } }),
    ).toBe('Allow');
  });

  it('§4.10 Principal "*" still requires the outside caller’s identity Allow', () => {
    const everyone = bucketPolicy(grant('*'));
    expect(outcome({ ...partner, policies: { resource: everyone } })).toBe('ImplicitDeny');
    expect(outcome({ ...partner, policies: { resource: everyone, identity: [allowPolicy()] } })).toBe('Allow');
  });

  it('§4.10 an identity Deny of the caller beats the resource owner’s Allow', () => {
    expect(
      outcome({ ...partner, policies: { identity: [allowPolicy(), denyPolicy('s3:Get*')], resource: namesPartner } }),
    ).toBe('ExplicitDeny');
  });

  it('§4.10 the resource account comes from the resource ARN when the request does not give it', () => {
    const queue = 'arn:aws:sqs:us-east-1:111111111111:orders';
    const resource = {
      policy: policy({ Effect: 'Allow', Principal: { AWS: PARTNER }, Action: 'sqs:SendMessage', Resource: queue }),
    };
    const ask = (policies: Parameters<typeof outcome>[0]['policies']) =>
      outcome({ ...partner, action: 'sqs:SendMessage', resource: queue, resourceAccount: undefined, policies });
    expect(ask({ resource })).toBe('ImplicitDeny');
    expect(ask({ resource, identity: [allowPolicy()] })).toBe('Allow');
    expect(ask({ identity: [allowPolicy()] })).toBe('ImplicitDeny');
  });

  it('§2.3 resource policies never delegate across partitions (aws-cn caller, aws resource)', () => {
    const china = {
      principal: `arn:aws-cn:iam::${OTHER_ACCOUNT}:user/partner`,
      policies: { identity: [allowPolicy()] },
    };
    for (const principal of ['*', { AWS: OTHER_ACCOUNT }, { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }]) {
      expect(
        decide({ ...china, policies: { ...china.policies, resource: bucketPolicy(grant(principal)) } }),
      ).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'resource' });
    }
  });

  it('§2.3 within one partition other than aws, delegation works as usual', () => {
    const china = {
      principal: `arn:aws-cn:iam::${OTHER_ACCOUNT}:user/partner`,
      resource: 'arn:aws-cn:s3:::example-bucket/reports/q1.csv',
    };
    const resource = {
      policy: policy({
        Effect: 'Allow',
        Principal: { AWS: OTHER_ACCOUNT },
        Action: 's3:GetObject',
        Resource: 'arn:aws-cn:s3:::example-bucket/*',
      }),
    };
    expect(outcome({ ...china, policies: { identity: [allowPolicy()], resource } })).toBe('Allow');
  });

  it('§2.3 a same-partition, same-account caller is not affected by the partition rule', () => {
    const sameAccountChina = {
      principal: 'arn:aws-cn:iam::111111111111:user/alice',
      resource: 'arn:aws-cn:s3:::example-bucket/reports/q1.csv',
    };
    expect(outcome({ ...sameAccountChina, policies: { identity: [allowPolicy()] } })).toBe('Allow');
    expect(
      outcome({ principal: 'arn:aws-cn:iam::111111111111:user/alice', policies: { identity: [allowPolicy()] } }),
    ).toBe('ImplicitDeny');
  });

  it('§4.10 a same-account principal of the same request is not cross-account (control)', () => {
    expect(outcome({ resource: OBJECT, policies: { identity: [allowPolicy()] } })).toBe('Allow');
  });
});
