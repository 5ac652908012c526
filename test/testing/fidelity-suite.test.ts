/**
 * IaC test files can name the VPC endpoint of their requests and the new policy of
 * `s3:PutBucketPolicy` (spec §4.15, §4.16), and expect a service rule's reason (spec §4.14).
 */
import { describe, expect, it } from 'vitest';
import { runTestSuite } from '../../src/testing/index.js';

const template = JSON.stringify({
  Resources: {
    Admin: {
      Type: 'AWS::IAM::User',
      Properties: {
        UserName: 'admin',
        Policies: [
          {
            PolicyName: 'all',
            PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
          },
        ],
      },
    },
    Endpoint: {
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: {
        VpcId: 'vpc-1',
        ServiceName: 'com.amazonaws.eu-west-1.s3',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: '*', Action: ['s3:GetObject', 's3:PutBucketPolicy'], Resource: '*' },
          ],
        },
      },
    },
    Site: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketName: 'site',
        PublicAccessBlockConfiguration: { BlockPublicPolicy: true, RestrictPublicBuckets: true },
      },
    },
  },
});

const suite = `
name: fidelity
world: { format: cloudformation, path: stack.json, options: { accountId: '123456789012', region: eu-west-1 } }
defaults:
  principal: arn:aws:iam::123456789012:user/admin
  vpcEndpoint: vpce-endpoint
tests:
  - name: reads through the endpoint
    action: s3:GetObject
    resource: arn:aws:s3:::site/index.html
    expect: Allow
  - name: the endpoint policy allows no writes
    action: s3:PutObject
    resource: arn:aws:s3:::site/index.html
    expect: ImplicitDeny
  - name: no public bucket policy
    action: s3:PutBucketPolicy
    resource: arn:aws:s3:::site
    vpcEndpoint: vpce-endpoint
    requestPolicy: { Version: '2012-10-17', Statement: [{ Effect: Allow, Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' }] }
    expect: ImplicitDeny
    reason: S3BlockPublicAccess
`;

describe('test files with VPC endpoints and Block Public Access', () => {
  it('passes, with the endpoint from the defaults and the new policy on the test', async () => {
    const result = await runTestSuite(suite, { loadWorld: () => template });
    expect(result.errors).toEqual([]);
    expect(result.results.map((r) => [r.name, r.passed])).toEqual([
      ['reads through the endpoint', true],
      ['the endpoint policy allows no writes', true],
      ['no public bucket policy', true],
    ]);
  });
});
