/**
 * Importing VPC endpoints (spec §4.15) and S3 Block Public Access settings (spec §4.16) from
 * CloudFormation and Terraform plans, and deciding requests in the imported worlds.
 */
import { describe, expect, it } from 'vitest';
import { fromCloudFormation, fromTerraformPlan } from '../../src/entries/import.js';
import { authorizerOf, warningsOf } from './helpers.js';

const ACCOUNT = '123456789012';
const TIME = '2026-01-01T00:00:00Z';
const readOnlyEndpointPolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }],
};
const admin = {
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
};

describe('CloudFormation', () => {
  const template = {
    Resources: {
      Admin: admin,
      S3Endpoint: {
        Type: 'AWS::EC2::VPCEndpoint',
        Properties: {
          VpcId: 'vpc-0abc',
          ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' },
          PolicyDocument: readOnlyEndpointPolicy,
        },
      },
      OpenEndpoint: {
        Type: 'AWS::EC2::VPCEndpoint',
        Properties: { VpcId: { Ref: 'Vpc' }, ServiceName: 'com.amazonaws.us-east-1.sqs' },
      },
      Site: {
        Type: 'AWS::S3::Bucket',
        Properties: {
          BucketName: 'site',
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: false,
            RestrictPublicBuckets: 'true',
          },
        },
      },
      SitePolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: { Ref: 'Site' },
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'Public',
                Effect: 'Allow',
                Principal: '*',
                Action: 's3:GetObject',
                Resource: 'arn:aws:s3:::site/*',
              },
              {
                Sid: 'ThroughEndpoint',
                Effect: 'Allow',
                Principal: '*',
                Action: 's3:PutObject',
                Resource: 'arn:aws:s3:::site/*',
                Condition: { StringEquals: { 'aws:SourceVpce': { Ref: 'S3Endpoint' } } },
              },
            ],
          },
        },
      },
    },
  };
  const result = fromCloudFormation(template, { accountId: ACCOUNT, region: 'us-east-1' });

  it('imports endpoints with their policy (or the default) and the bucket’s settings', () => {
    const a = authorizerOf(result);
    const world = a.world;
    expect(world?.vpcEndpoints['vpce-s3endpoint']).toMatchObject({
      vpc: 'vpc-0abc',
      account: ACCOUNT,
      service: 'com.amazonaws.us-east-1.s3',
      policy: readOnlyEndpointPolicy,
    });
    expect(world?.vpcEndpoints['vpce-openendpoint']?.policy).toBeUndefined();
    expect(a.arns.S3Endpoint).toBe('vpce-s3endpoint');
    expect(world?.resources['arn:aws:s3:::site']?.s3BlockPublicAccess).toEqual({
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: false,
      restrictPublicBuckets: true,
    });
    expect(warningsOf(result)).toContainEqual({
      code: 'unresolved-vpc',
      path: 'Resources.OpenEndpoint.Properties.VpcId',
    });
  });

  it('decides with them: the endpoint policy, Ref of the endpoint in a condition, RestrictPublicBuckets', () => {
    const a = authorizerOf(result);
    const adminArn = `arn:aws:iam::${ACCOUNT}:user/admin`;
    expect(
      a.authorize({
        principal: adminArn,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::site/a',
        vpcEndpoint: 'vpce-s3endpoint',
        time: TIME,
      }).decision,
    ).toBe('Allow');
    expect(
      a.authorize({
        principal: adminArn,
        action: 's3:DeleteObject',
        resource: 'arn:aws:s3:::site/a',
        vpcEndpoint: 'vpce-s3endpoint',
        time: TIME,
      }),
    ).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'endpoint' });
    expect(
      a.authorize({ principal: 'anonymous', action: 's3:GetObject', resource: 'arn:aws:s3:::site/a', time: TIME }),
    ).toMatchObject({ decision: 'ImplicitDeny', reason: 'S3BlockPublicAccess' });
    // The bucket policy's aws:SourceVpce condition names the imported endpoint's id.
    expect(a.world?.resourcePolicies['arn:aws:s3:::site']?.policy).toMatchObject({
      Statement: [{}, { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-s3endpoint' } } }],
    });
  });
});

describe('Terraform plans', () => {
  const resource = (type: string, name: string, values: Record<string, unknown>) => ({
    address: `${type}.${name}`,
    mode: 'managed',
    type,
    name,
    values,
  });
  const plan = {
    planned_values: {
      root_module: {
        resources: [
          resource('aws_vpc_endpoint', 's3', {
            vpc_id: 'vpc-0abc',
            service_name: 'com.amazonaws.us-east-1.s3',
            policy: JSON.stringify(readOnlyEndpointPolicy),
          }),
          resource('aws_vpc_endpoint', 'sqs', { vpc_id: 'vpc-0abc', service_name: 'com.amazonaws.us-east-1.sqs' }),
          resource('aws_vpc_endpoint_policy', 'sqs', {
            policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Deny', Principal: '*', Action: 'sqs:DeleteQueue', Resource: '*' },
                { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
              ],
            }),
          }),
          resource('aws_s3_bucket', 'site', { bucket: 'site' }),
          resource('aws_s3_bucket_public_access_block', 'site', {
            bucket: 'site',
            block_public_acls: true,
            block_public_policy: true,
            ignore_public_acls: true,
            restrict_public_buckets: false,
          }),
          resource('aws_s3_account_public_access_block', 'this', {
            restrict_public_buckets: true,
            block_public_policy: false,
          }),
          resource('aws_iam_user', 'admin', { name: 'admin', path: '/' }),
          resource('aws_iam_user_policy', 'admin', {
            user: 'admin',
            name: 'all',
            policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
            }),
          }),
        ],
      },
    },
    resource_changes: [
      { address: 'aws_vpc_endpoint.s3', change: { actions: ['create'], after_unknown: { id: true } } },
      {
        address: 'aws_vpc_endpoint_policy.sqs',
        change: { actions: ['create'], after_unknown: { vpc_endpoint_id: true } },
      },
    ],
    configuration: {
      root_module: {
        resources: [
          {
            address: 'aws_vpc_endpoint_policy.sqs',
            mode: 'managed',
            type: 'aws_vpc_endpoint_policy',
            name: 'sqs',
            expressions: { vpc_endpoint_id: { references: ['aws_vpc_endpoint.sqs.id', 'aws_vpc_endpoint.sqs'] } },
          },
        ],
      },
    },
  };
  const result = fromTerraformPlan(plan, { accountId: ACCOUNT, region: 'us-east-1' });

  it('imports endpoints, endpoint policies by reference, bucket and account settings', () => {
    const a = authorizerOf(result);
    expect(a.world?.vpcEndpoints['vpce-awsvpcendpoints3']).toMatchObject({
      vpc: 'vpc-0abc',
      account: ACCOUNT,
      policy: readOnlyEndpointPolicy,
    });
    expect(a.world?.vpcEndpoints['vpce-awsvpcendpointsqs']?.policy).toMatchObject({
      Statement: [{ Effect: 'Deny' }, { Effect: 'Allow' }],
    });
    expect(a.world?.resources['arn:aws:s3:::site']?.s3BlockPublicAccess).toEqual({
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: false,
    });
    expect(a.world?.accounts[ACCOUNT]?.s3BlockPublicAccess).toEqual({
      blockPublicAcls: false,
      ignorePublicAcls: false,
      blockPublicPolicy: false,
      restrictPublicBuckets: true,
    });
  });

  it('decides with them', () => {
    const a = authorizerOf(result);
    const adminArn = `arn:aws:iam::${ACCOUNT}:user/admin`;
    const queue = `arn:aws:sqs:us-east-1:${ACCOUNT}:q`;
    expect(
      a.authorize({
        principal: adminArn,
        action: 'sqs:DeleteQueue',
        resource: queue,
        vpcEndpoint: 'vpce-awsvpcendpointsqs',
        time: TIME,
      }),
    ).toMatchObject({ decision: 'ExplicitDeny', decidedBy: 'endpoint' });
    expect(
      a.authorize({
        principal: adminArn,
        action: 'sqs:SendMessage',
        resource: queue,
        vpcEndpoint: 'vpce-awsvpcendpointsqs',
        time: TIME,
      }).decision,
    ).toBe('Allow');
    const put = { principal: adminArn, action: 's3:PutBucketPolicy', resource: 'arn:aws:s3:::site', time: TIME };
    expect(
      a.authorize({
        ...put,
        requestPolicy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' }],
        },
      }),
    ).toMatchObject({ decision: 'ImplicitDeny', reason: 'S3BlockPublicAccess' });
  });

  it('warns about an endpoint policy whose endpoint is not in the plan', () => {
    const r = fromTerraformPlan(
      {
        planned_values: {
          root_module: {
            resources: [resource('aws_vpc_endpoint_policy', 'x', { vpc_endpoint_id: 'vpce-elsewhere', policy: '{}' })],
          },
        },
      },
      { accountId: ACCOUNT },
    );
    expect(warningsOf(r)).toContainEqual({
      code: 'unresolved-target',
      path: 'planned_values.root_module.resources[0]',
    });
  });
});
