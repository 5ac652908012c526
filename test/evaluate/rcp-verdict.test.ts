import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';

const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const denyOutside = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-1' } } }],
};

describe('RCP layer verdicts (spec §4.9)', () => {
  it('reports a level without a Deny as allow, counting the implied RCPFullAWSAccess', () => {
    const d = evaluate({
      principal: 'arn:aws:iam::111111111111:user/alice',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      context: { 'aws:PrincipalOrgID': 'o-1' },
      explain: true,
      policies: { identity: [allowAll], rcps: [{ target: 'r-root', policies: [] }, { target: 'ou-a', policies: [denyOutside] }] },
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
