import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';

const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const denyOutside = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: '*',
      Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-1' } },
    },
  ],
};

describe('RCP layer verdicts (spec §4.9)', () => {
  it('reports a level without a Deny as allow, counting the implied RCPFullAWSAccess', () => {
    const d = evaluate({
      principal: 'arn:aws:iam::111111111111:user/alice',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      context: { 'aws:PrincipalOrgID': 'o-1' },
      explain: true,
      policies: {
        identity: [allowAll],
        rcps: [
          { target: 'r-root', policies: [] },
          { target: 'ou-a', policies: [denyOutside] },
        ],
      },
    });
    expect(d.decision).toBe('Allow');
    expect(d.explanation?.layers.filter((l) => l.layer === 'rcp')).toEqual([
      { layer: 'rcp', level: 'r-root', verdict: 'allow', policies: 1 },
      { layer: 'rcp', level: 'ou-a', verdict: 'allow', policies: 2 },
    ]);
  });

  it('reports the denying level as deny', () => {
    const d = evaluate({
      principal: 'arn:aws:iam::111111111111:user/alice',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      explain: true,
      policies: { identity: [allowAll], rcps: [{ target: 'ou-a', policies: [denyOutside] }] },
    });
    expect(d).toMatchObject({ decision: 'ExplicitDeny', decidedBy: 'rcp' });
    expect(d.explanation?.layers.find((l) => l.layer === 'rcp')).toMatchObject({ level: 'ou-a', verdict: 'deny' });
  });
});

describe('explanations name the deciding resource-policy statement (spec §4.4)', () => {
  it('names the role grant, not the account delegation listed before it', () => {
    const key = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'EnableIamPolicies',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:root' },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'AppUsesKey',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:role/App' },
          Action: 'kms:Decrypt',
          Resource: '*',
        },
      ],
    };
    const d = evaluate({
      principal: 'arn:aws:sts::111111111111:assumed-role/App/s',
      action: 'kms:Decrypt',
      resource: 'arn:aws:kms:us-east-1:111111111111:key/k',
      explain: true,
      policies: { resource: { policy: key, kind: 'kms-key' } },
    });
    expect(d).toMatchObject({ decision: 'Allow', decidedBy: 'resource' });
    expect(d.explanation?.resourceGrant).toBe('role');
    expect(d.explanation?.summary).toContain('AppUsesKey');
  });
});
