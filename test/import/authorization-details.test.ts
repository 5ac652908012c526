import { describe, expect, it } from 'vitest';
import { fromAuthorizationDetails } from '../../src/import/authorization-details/index.js';
import { authorizerOf, decide, fixture, warningsOf } from './helpers.js';

const A = '111111111111';
const B = '222222222222';

describe('fromAuthorizationDetails: one account', () => {
  const result = fromAuthorizationDetails(fixture('prod.authorization-details.json'));
  const az = authorizerOf(result);
  const carol = `arn:aws:iam::${A}:user/carol`;

  it('imports users, groups, roles, managed policies and instance profiles', () => {
    if (!result.ok) throw new Error('import failed');
    expect(Object.keys(result.world.users ?? {})).toEqual([carol]);
    expect(result.world.users?.[carol]).toMatchObject({
      userId: 'AIDAEXAMPLECAROL0001',
      groups: [`arn:aws:iam::${A}:group/developers`],
      permissionsBoundary: `arn:aws:iam::${A}:policy/DevBoundary`,
      tags: { team: 'data' },
    });
    expect(result.world.roles?.[`arn:aws:iam::${A}:role/service-role/DataPipeline`]).toMatchObject({
      roleId: 'AROAEXAMPLEPIPELINE1',
      path: '/service-role/',
    });
    expect(result.world.instanceProfiles).toEqual({
      [`arn:aws:iam::${A}:instance-profile/DataPipeline`]: {
        instanceProfileId: 'AIPAEXAMPLEPIPELINE1',
        role: `arn:aws:iam::${A}:role/service-role/DataPipeline`,
      },
    });
    expect(result.world.accounts).toEqual({ [A]: { parents: [] } });
  });

  it('the default version of a managed policy is the one in force', () => {
    // The group allows GetObject and PutObject; the boundary's default version (v2) allows only s3:Get*/List*.
    expect(decide(az, { principal: carol, action: 's3:GetObject', resource: 'arn:aws:s3:::prod-data/a.csv' })).toBe(
      'Allow',
    );
    expect(decide(az, { principal: carol, action: 's3:PutObject', resource: 'arn:aws:s3:::prod-data/a.csv' })).toBe(
      'ImplicitDeny',
    );
  });

  it('decodes URL-encoded policy documents', () => {
    expect(
      decide(az, {
        principal: `arn:aws:iam::${A}:role/service-role/DataPipeline`,
        action: 's3:PutObject',
        resource: 'arn:aws:s3:::prod-data/a.csv',
      }),
    ).toBe('Allow');
  });

  it('AWS managed policies in the snapshot are used as they are', () => {
    expect(
      decide(az, {
        principal: `arn:aws:iam::${A}:role/CrossAccountAuditor`,
        action: 'iam:GetRole',
        resource: `arn:aws:iam::${A}:role/x`,
      }),
    ).toBe('Allow');
  });
});

describe('fromAuthorizationDetails: two accounts, an organization and a bucket policy', () => {
  const result = fromAuthorizationDetails(
    [fixture('prod.authorization-details.json'), fixture('dev.authorization-details.json')],
    {
      organization: fixture('organization.json'),
      resourcePolicies: [
        { resource: 'arn:aws:s3:::prod-data', policy: fixture('prod-data.bucket-policy.json'), account: A },
      ],
    },
  );
  const az = authorizerOf(result);
  const dave = `arn:aws:iam::${B}:user/dave`;
  const bucket = 'arn:aws:s3:::prod-data';

  it('places the accounts in the OU tree', () => {
    expect(result.ok && result.world.accounts).toEqual({
      [A]: { org: 'o-acme12345', parents: ['r-ac12', 'ou-ac12-prod0001'], name: 'prod' },
      [B]: { org: 'o-acme12345', parents: ['r-ac12', 'ou-ac12-dev00001'], name: 'dev' },
      '999999999999': { org: 'o-acme12345', parents: ['r-ac12'], name: 'management' },
    });
    expect(warningsOf(result)).toContainEqual({ code: 'unsupported-policy-type', path: 'organization.policies[3]' });
  });

  it('cross-account: the bucket policy (CLI output) and the identity policy together allow dave', () => {
    expect(
      decide(az, { principal: dave, action: 's3:GetObject', resource: `${bucket}/a.csv`, resourcePolicy: bucket }),
    ).toBe('Allow');
    expect(
      decide(az, { principal: dave, action: 's3:PutObject', resource: `${bucket}/a.csv`, resourcePolicy: bucket }),
    ).toBe('ImplicitDeny');
  });

  it('the RCP keeps principals outside the organization away from the data', () => {
    const d = az.authorize({
      principal: 'arn:aws:iam::333333333333:user/eve',
      action: 's3:GetObject',
      resource: `${bucket}/a.csv`,
      resourcePolicy: bucket,
    });
    expect(d).toMatchObject({ decision: 'ExplicitDeny', decidedBy: 'rcp' });
  });

  it('the SCP on the prod OU denies bucket deletion although the role allows s3:*', () => {
    const d = az.authorize({
      principal: `arn:aws:iam::${A}:role/service-role/DataPipeline`,
      action: 's3:DeleteBucket',
      resource: bucket,
    });
    expect(d).toMatchObject({ decision: 'ExplicitDeny', decidedBy: 'scp' });
  });

  it('dave may assume the auditor role in the other account only with the external id', () => {
    const role = `arn:aws:iam::${A}:role/CrossAccountAuditor`;
    expect(
      decide(az, {
        principal: dave,
        action: 'sts:AssumeRole',
        resource: role,
        sts: { RoleSessionName: 'audit', ExternalId: 'audit-2026' },
      }),
    ).toBe('Allow');
    expect(
      decide(az, { principal: dave, action: 'sts:AssumeRole', resource: role, sts: { RoleSessionName: 'audit' } }),
    ).toBe('ImplicitDeny');
  });
});

describe('fromAuthorizationDetails: malformed input', () => {
  it('rejects what is not a snapshot', () => {
    for (const input of [{}, '{"Users": []}', [], 'x: [']) {
      expect(fromAuthorizationDetails(input).ok).toBe(false);
    }
  });

  it('warns about truncated snapshots, invalid entries and unknown groups', () => {
    const r = fromAuthorizationDetails({
      IsTruncated: true,
      Marker: 'abc',
      UserDetailList: [{ UserName: 'x' }, { Arn: `arn:aws:iam::${A}:user/y`, GroupList: ['missing'] }],
    });
    expect(warningsOf(r)).toEqual([
      { code: 'truncated-snapshot', path: 'IsTruncated' },
      { code: 'invalid-user', path: 'UserDetailList[0]' },
      { code: 'unknown-group', path: 'UserDetailList[1].GroupList[0]' },
    ]);
  });

  it('reports invalid organization data and policy documents as errors', () => {
    const bad = fromAuthorizationDetails({ UserDetailList: [] }, { organization: { id: 'o-x' } });
    expect(!bad.ok && bad.errors[0]?.code).toBe('invalid-organization');
    const doc = fromAuthorizationDetails({
      RoleDetailList: [{ Arn: `arn:aws:iam::${A}:role/r`, AssumeRolePolicyDocument: '%7Bnot json' }],
    });
    expect(!doc.ok && doc.errors[0]).toMatchObject({
      code: 'invalid-document',
      path: 'RoleDetailList[0].AssumeRolePolicyDocument',
    });
  });

  it('a managed policy without a default version applies to nothing', () => {
    const r = fromAuthorizationDetails({
      Policies: [
        {
          Arn: `arn:aws:iam::${A}:policy/P`,
          PolicyVersionList: [
            {
              VersionId: 'v1',
              IsDefaultVersion: false,
              Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
            },
          ],
        },
      ],
      UserDetailList: [
        { Arn: `arn:aws:iam::${A}:user/u`, AttachedManagedPolicies: [{ PolicyArn: `arn:aws:iam::${A}:policy/P` }] },
      ],
    });
    expect(warningsOf(r).map((w) => w.code)).toEqual(['missing-default-version']);
    expect(
      decide(authorizerOf(r), {
        principal: `arn:aws:iam::${A}:user/u`,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
      }),
    ).toBe('ImplicitDeny');
  });
});
