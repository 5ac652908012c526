import { describe, expect, it } from 'vitest';
import { fromCloudFormation } from '../../src/import/cloudformation/index.js';
import { createAuthorizer } from '../../src/index.js';
import { iamVerdictMatchers, installMatchers } from '../../src/vitest.js';

installMatchers(expect);

const ACCOUNT = '123456789012';
const template = `
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties: { BucketName: team-data }
  DataPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Data
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Sid: NoDeletes
            Effect: Deny
            Principal: '*'
            Action: s3:DeleteObject
            Resource: !Sub '\${Data.Arn}/*'
  Reader:
    Type: AWS::IAM::Role
    Properties:
      RoleName: reader
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: [s3:GetObject, s3:DeleteObject]
                Resource: !Sub '\${Data.Arn}/*'
                Condition: { StringEquals: { aws:RequestedRegion: eu-west-1 } }
`;
const imported = fromCloudFormation(template);
const world = imported.ok ? imported.world : {};
const reader = `arn:aws:iam::${ACCOUNT}:role/reader`;
const get = {
  principal: reader,
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::team-data/a.csv',
  context: { 'aws:RequestedRegion': 'eu-west-1' },
};

describe('matchers', () => {
  it('accept a world, an import result or an authorizer', () => {
    expect(world).toAllow(get);
    expect(imported).toAllow(get);
    expect(createAuthorizer(world)).toAllow(get);
  });

  it('apply the bucket policy to object requests by themselves', () => {
    expect(world).toExplicitlyDeny({ ...get, action: 's3:DeleteObject' });
    expect(world).toDeny({ ...get, action: 's3:DeleteObject' });
  });

  it('tell implicit from explicit denies', () => {
    const put = { ...get, action: 's3:PutObject' };
    expect(world).toImplicitlyDeny(put);
    expect(world).toDeny(put);
    expect(world).not.toExplicitlyDeny(put);
    expect(world).not.toAllow(put);
  });

  it('fail with the explanation of the decision', () => {
    const r = iamVerdictMatchers.toAllow.call({ isNot: false }, world, {
      ...get,
      context: { 'aws:RequestedRegion': 'us-east-1' },
    });
    expect(r.pass).toBe(false);
    const message = r.message();
    expect(message).toContain(
      `expected ${reader} → s3:GetObject on arn:aws:s3:::team-data/a.csv to be allowed, but it was ImplicitDeny`,
    );
    expect(message).toContain(
      'condition StringEquals aws:RequestedRegion ["eu-west-1"] was false (request: "us-east-1")',
    );
    expect(() => expect(world).toAllow({ ...get, action: 's3:PutObject' })).toThrowError(
      /to be allowed, but it was ImplicitDeny/,
    );
  });

  it('never let a misspelt principal pass as a deny', () => {
    const typo = { ...get, principal: `arn:aws:iam::${ACCOUNT}:role/raeder` };
    expect(() => expect(world).toDeny(typo)).toThrowError(
      /refused before any policy was evaluated \(UnknownPrincipal\)/,
    );
    expect(() => expect(world).not.toAllow(typo)).toThrowError(/UnknownPrincipal/);
  });

  it('decide exactly as authorize does (one resource lookup, no request rewriting)', () => {
    const authorizer = createAuthorizer(world);
    const del = { ...get, action: 's3:DeleteObject' };
    // The bucket's policy governs its objects through the authorizer's own resource directory.
    expect(authorizer.authorize(del).decision).toBe('ExplicitDeny');
    expect(world).toExplicitlyDeny(del);
    // Another bucket's objects are not governed by it: the identity policy alone decides.
    const other = { ...del, resource: 'arn:aws:s3:::other-bucket/k' };
    expect(authorizer.authorize(other).decision).toBe('ImplicitDeny');
    expect(world).toImplicitlyDeny(other);
  });

  it('never let a broken world pass as a deny, not even with .not', () => {
    const broken = {
      roles: { [reader]: { trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Permit' }] } } },
    };
    expect(() => expect(broken).toDeny(get)).toThrowError(/world is not valid/);
    expect(() => expect(broken).not.toAllow(get)).toThrowError(/world is not valid/);
    expect(() =>
      expect({ ok: false, errors: [{ path: 'Resources', message: 'bad' }], warnings: [] }).toDeny(get),
    ).toThrowError(/import failed/);
  });
});
