import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from '../depth.js';
import { fromCloudFormation } from '../../src/import/cloudformation/index.js';
import { authorizerOf, decide, warningsOf } from './helpers.js';

const trust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

describe('fromCloudFormation: malformed input', () => {
  it('reports a template that is not an object with Resources', () => {
    for (const input of [42, null, undefined, { Resources: 5 }, '[1, 2]', 'just: text', [{ Resources: 5 }]]) {
      const r = fromCloudFormation(input);
      expect(r.ok).toBe(false);
      if (!r.ok)
        expect(r.errors.map((e) => e.code)).toContain(input === undefined ? 'missing-input' : 'missing-resources');
    }
  });

  it('reports YAML syntax errors with a line', () => {
    const r = fromCloudFormation(
      'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties: {RoleName: [unclosed\n',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ code: 'invalid-yaml' });
    if (!r.ok) expect(r.errors[0]?.line).toBeGreaterThanOrEqual(4);
  });

  it('an invalid policy document is an error at its path in the template', () => {
    const r = fromCloudFormation({
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: trust,
            Policies: [
              {
                PolicyName: 'p',
                PolicyDocument: {
                  Version: '2012-10-17',
                  Statement: [{ Effect: 'Permit', Action: 's3:*', Resource: '*' }],
                },
              },
            ],
          },
        },
      },
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors[0]?.path).toBe('Resources.Role.Properties.Policies[0].PolicyDocument.Statement[0].Effect');
  });

  it('skips resources without a type and unknown types, with warnings', () => {
    const r = fromCloudFormation({
      Resources: { A: { Properties: {} }, B: { Type: 'AWS::EC2::Instance', Properties: {} } },
    });
    expect(r.ok).toBe(true);
    expect(warningsOf(r)).toEqual([
      { code: 'invalid-resource', path: 'Resources.A' },
      { code: 'unsupported-resource', path: 'Resources.B' },
    ]);
  });

  it('never throws, whatever the resources hold', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string(),
          fc.record({
            Type: fc.constantFrom(
              'AWS::IAM::Role',
              'AWS::IAM::Policy',
              'AWS::S3::BucketPolicy',
              'AWS::Lambda::Permission',
              'AWS::IAM::User',
              'AWS::KMS::Key',
            ),
            Properties: fc.anything(),
          }),
        ),
        (resources) => {
          const r = fromCloudFormation({ Resources: resources });
          expect(typeof r.ok).toBe('boolean');
        },
      ),
      { numRuns: runs(300, 0.01) },
    );
  });
});

describe('fromCloudFormation: intrinsics', () => {
  it('keeps IAM policy variables written as ${!aws:username} in Fn::Sub', () => {
    const r = fromCloudFormation(`
Resources:
  Alice:
    Type: AWS::IAM::User
    Properties:
      UserName: alice
      Policies:
        - PolicyName: home
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: !Sub 'arn:\${AWS::Partition}:s3:::homes/\${!aws:username}/*'
`);
    const az = authorizerOf(r);
    const alice = 'arn:aws:iam::123456789012:user/alice';
    expect(
      decide(az, { principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::homes/alice/notes.txt' }),
    ).toBe('Allow');
    expect(decide(az, { principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::homes/bob/notes.txt' })).toBe(
      'ImplicitDeny',
    );
  });

  it('a parameter without a value leaves a placeholder; an unresolved name falls back to the logical id', () => {
    const r = fromCloudFormation({
      Parameters: { RoleName: { Type: 'String' } },
      Resources: {
        AppRole: {
          Type: 'AWS::IAM::Role',
          Properties: { RoleName: { Ref: 'RoleName' }, AssumeRolePolicyDocument: trust },
        },
      },
    });
    expect(r.ok && r.arns.AppRole).toBe('arn:aws:iam::123456789012:role/AppRole');
    expect(warningsOf(r)).toContainEqual({
      code: 'unresolved-value',
      path: 'Resources.AppRole.Properties.RoleName.Ref',
    });
    expect(warningsOf(r)).toContainEqual({ code: 'unresolved-name', path: 'Resources.AppRole.Properties.RoleName' });
  });

  it('an unresolved principal in a trust policy lets nobody in, and an unresolved boundary allows nothing', () => {
    const r = fromCloudFormation({
      Resources: {
        AppRole: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${Partner}:root' } },
                  Action: 'sts:AssumeRole',
                },
              ],
            },
            Policies: [
              {
                PolicyName: 'all',
                PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
              },
            ],
          },
        },
        Bounded: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: trust,
            PermissionsBoundary: { 'Fn::ImportValue': 'boundary-arn' },
            Policies: [
              {
                PolicyName: 'all',
                PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
              },
            ],
          },
        },
      },
    });
    const az = authorizerOf(r);
    const role = 'arn:aws:iam::123456789012:role/AppRole';
    expect(decide(az, { principal: 'arn:aws:iam::999999999999:root', action: 'sts:AssumeRole', resource: role })).toBe(
      'ImplicitDeny',
    );
    expect(decide(az, { principal: role, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' })).toBe('Allow');
    expect(
      decide(az, {
        principal: 'arn:aws:iam::123456789012:role/Bounded',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
      }),
    ).toBe('ImplicitDeny');
    expect(warningsOf(r).map((w) => w.code)).toEqual(
      expect.arrayContaining(['unresolved-value', 'unresolved-managed-policy']),
    );
  });

  it('Fn::Select, Fn::Split, Fn::GetAZs, Fn::Base64 and mappings with a default value', () => {
    const r = fromCloudFormation({
      Mappings: { M: { a: { b: 'mapped' } } },
      Resources: {
        T: {
          Type: 'AWS::SNS::Topic',
          Properties: {
            TopicName: {
              'Fn::Join': [
                '-',
                [
                  { 'Fn::Select': [1, { 'Fn::Split': [',', 'x,y,z'] }] },
                  { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
                  { 'Fn::FindInMap': ['M', 'a', 'b'] },
                  { 'Fn::FindInMap': ['M', 'q', 'b', { DefaultValue: 'dflt' }] },
                ],
              ],
            },
          },
        },
        Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Base64': 'hi' }, FifoQueue: true } },
      },
    });
    expect(r.ok && r.arns.T).toBe('arn:aws:sns:us-east-1:123456789012:y-us-east-1a-mapped-dflt');
    expect(r.ok && r.arns.Q).toBe('arn:aws:sqs:us-east-1:123456789012:aGk=');
  });

  it('a name that refers to itself does not loop', () => {
    const r = fromCloudFormation({
      Resources: {
        R: {
          Type: 'AWS::IAM::Role',
          Properties: { RoleName: { 'Fn::GetAtt': ['R', 'RoleId'] }, AssumeRolePolicyDocument: trust },
        },
      },
    });
    expect(r.ok && r.arns.R).toBe('arn:aws:iam::123456789012:role/R');
    expect(warningsOf(r).map((w) => w.code)).toContain('circular-name');
  });

  it('a path that refers to its own ARN does not loop (a stack overflow at seed -128721247)', () => {
    for (const Path of [{ 'Fn::GetAtt': ['R', 'Arn'] }, { S3ReadPolicy: { 'Fn::GetAtt': ['R', 'Arn'] } }]) {
      const r = fromCloudFormation({
        Resources: { R: { Type: 'AWS::IAM::Role', Properties: { Path, AssumeRolePolicyDocument: trust } } },
      });
      expect(r.ok && r.arns.R).toBe('arn:aws:iam::123456789012:role/R');
      expect(warningsOf(r).map((w) => w.code)).toContain('circular-path');
    }
  });
});

describe('fromCloudFormation: the stacks of one app', () => {
  const shared = `
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties: { BucketName: shared-data }
Outputs:
  DataBucket:
    Value: !Ref Data
    Export: { Name: !Sub '\${AWS::StackName}-data-bucket' }
  NotExported:
    Value: !GetAtt Data.Arn
`;
  const app = `
Resources:
  Reader:
    Type: AWS::IAM::Role
    Properties:
      RoleName: reader
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement: [{ Effect: Allow, Principal: { Service: ecs-tasks.amazonaws.com }, Action: sts:AssumeRole }]
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: !Sub
                  - 'arn:aws:s3:::\${Bucket}/*'
                  - Bucket: !ImportValue stack-data-bucket
`;

  it('reports the exports of a template', () => {
    const r = fromCloudFormation(shared);
    expect(r.ok && r.exports).toEqual({ 'stack-data-bucket': 'shared-data' });
  });

  it('imports later stacks against the exports of earlier ones, into one world', () => {
    const r = fromCloudFormation([shared, app]);
    const az = authorizerOf(r);
    expect(r.ok && Object.keys(r.world.resources ?? {})).toContain('arn:aws:s3:::shared-data');
    expect(
      decide(az, {
        principal: 'arn:aws:iam::123456789012:role/reader',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::shared-data/k',
      }),
    ).toBe('Allow');
    expect(warningsOf(r)).toEqual([]);
  });

  it('in the wrong order the import is a reported placeholder, with the template index in its path', () => {
    const r = fromCloudFormation([app, shared]);
    expect(warningsOf(r)).toContainEqual({
      code: 'unresolved-value',
      path: '[0].Resources.Reader.Properties.Policies[0].PolicyDocument.Statement[0].Resource.Fn::Sub[1].Bucket.Fn::ImportValue',
    });
    expect(fromCloudFormation([]).ok).toBe(false);
    const bad = fromCloudFormation([shared, 'Resources: [']);
    expect(!bad.ok && bad.errors[0]?.path).toBe('[1]');
  });
});

describe('fromCloudFormation: conditions', () => {
  const template = {
    Parameters: { Env: { Type: 'String', Default: 'dev' } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
    Resources: {
      Audit: { Type: 'AWS::S3::Bucket', Condition: 'IsProd', Properties: { BucketName: 'audit' } },
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: trust,
          Policies: [
            {
              PolicyName: 'p',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: { 'Fn::Sub': '${Audit.Arn}/*' } }],
              },
            },
          ],
        },
      },
    },
  };
  const put = {
    principal: 'arn:aws:iam::123456789012:role/Role',
    action: 's3:PutObject',
    resource: 'arn:aws:s3:::audit/x',
  };

  it('a reference to a resource that is not created is a placeholder', () => {
    const dev = fromCloudFormation(template);
    expect(warningsOf(dev)).toContainEqual({
      code: 'unresolved-value',
      path: 'Resources.Role.Properties.Policies[0].PolicyDocument.Statement[0].Resource.Fn::Sub',
    });
    expect(decide(authorizerOf(dev), put)).toBe('ImplicitDeny');
  });

  it('when the condition holds, the reference resolves', () => {
    const prod = fromCloudFormation(template, { parameters: { Env: 'prod' } });
    expect(warningsOf(prod)).toEqual([]);
    expect(decide(authorizerOf(prod), put)).toBe('Allow');
  });
});

describe('a role name IAM refuses (SAM translator input error_invalid_logical_id)', () => {
  it('is an import error naming the resource, not an invalid world', () => {
    const bad = fromCloudFormation({
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: { 'Bad-Name-@#$': { Type: 'AWS::Serverless::Function', Properties: {} } },
    });
    expect(bad.ok).toBe(false);
    expect(bad.ok ? [] : bad.errors.map((e) => [e.code, e.path])).toEqual([
      ['invalid-name', 'Resources["Bad-Name-@#$Role"].Properties'],
    ]);
    // A RoleName IAM refuses is only a warning: the logical id stands for the name.
    const named = fromCloudFormation({
      Resources: {
        R: {
          Type: 'AWS::IAM::Role',
          Properties: {
            RoleName: 'has space',
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
            },
          },
        },
      },
    });
    expect(warningsOf(named)).toContainEqual({ code: 'invalid-name', path: 'Resources.R.Properties.RoleName' });
  });
});
