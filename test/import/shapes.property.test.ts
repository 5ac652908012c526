import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromCloudFormation } from '../../src/import/cloudformation/index.js';
import { RESOURCE_POLICY_TYPES } from '../../src/import/cloudformation/resource-policy-types.js';
import { fromTerraformPlan } from '../../src/import/terraform/index.js';
import { TF_RESOURCE_POLICY_TYPES } from '../../src/import/terraform/resource-policy-types.js';

const CFN_TYPES = [
  'AWS::Serverless::Function',
  'AWS::Serverless::StateMachine',
  'AWS::Serverless::Connector',
  'AWS::Serverless::Api',
  'AWS::Serverless::SimpleTable',
  'AWS::Serverless::HttpApi',
  'AWS::IAM::RolePolicy',
  'AWS::IAM::UserPolicy',
  'AWS::IAM::GroupPolicy',
  'AWS::IAM::Role',
  'AWS::SQS::Queue',
  'AWS::Lambda::Permission',
  'AWS::CodePipeline::Pipeline',
  ...Object.keys(RESOURCE_POLICY_TYPES),
];
const TF_TYPES = [
  'aws_iam_role',
  'aws_iam_policy',
  'aws_iam_role_policy_attachment',
  'aws_iam_role_policy',
  'aws_iam_policy_document',
  'aws_cloudwatch_event_permission',
  ...Object.keys(TF_RESOURCE_POLICY_TYPES),
];

/** Values shaped like what the importers look for: intrinsics, policy documents, lists of them, and junk. */
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.anything(),
    fc.constantFrom(
      'Allow',
      'arn:aws:iam::123456789012:role/r',
      'https://sqs.us-east-1.amazonaws.com/123456789012/q',
      'Active',
      'Disabled',
      'Write',
      'Read',
      'S3ReadPolicy',
      'AmazonS3ReadOnlyAccess',
      '*',
      123456789012,
    ),
    fc.record({ Ref: fc.constantFrom('Fn', 'FnRole', 'Queue', 'AWS::AccountId', 'Nope') }),
    fc.record({
      'Fn::GetAtt': fc.tuple(
        fc.constantFrom('Fn', 'FnRole', 'Queue', 'Bucket'),
        fc.constantFrom('Arn', 'Name', 'RoleId'),
      ),
    }),
    fc.record({
      Version: fc.constant('2012-10-17'),
      Statement: fc.array(
        fc.record({
          Effect: fc.constantFrom('Allow', 'Deny'),
          Action: fc.constantFrom('s3:GetObject', '*'),
          Resource: fc.constant('*'),
          Principal: fc.constantFrom('*', { AWS: '123456789012' }),
        }),
        { maxLength: 2 },
      ),
    }),
    fc.dictionary(
      fc.constantFrom(
        'S3ReadPolicy',
        'DynamoDBCrudPolicy',
        'Statement',
        'BucketName',
        'TableName',
        'Id',
        'Type',
        'Arn',
        'Events',
        'Properties',
        'Policies',
        'Role',
        'PolicyDocument',
        'Topic',
        'Path',
        'Method',
      ),
      tie('v'),
      { maxKeys: 4 },
    ),
    fc.array(tie('v'), { maxLength: 3 }),
  ),
})).v;

describe('no input makes an importer throw (template- and plan-shaped random inputs)', () => {
  it('CloudFormation and SAM', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('Fn', 'FnRole', 'Queue', 'Bucket', 'Conn', 'Api', 'Pol'),
          fc.record(
            {
              Type: fc.constantFrom(...CFN_TYPES),
              Properties: value,
              Condition: fc.option(fc.constant('C'), { nil: undefined }),
            },
            { requiredKeys: ['Type', 'Properties'] },
          ),
        ),
        value,
        (resources, globals) => {
          const r = fromCloudFormation({
            Transform: 'AWS::Serverless-2016-10-31',
            Globals: globals,
            Conditions: { C: { 'Fn::Equals': ['a', 'a'] } },
            Resources: resources,
          });
          expect(r.ok === true || r.errors.length > 0).toBe(true);
          for (const e of r.ok ? [] : r.errors) expect(e.code).not.toBe('internal-error');
        },
      ),
      { numRuns: 250 },
    );
  });

  it('Terraform plans and states', () => {
    const resource = fc.record({
      address: fc.constantFrom('aws_iam_role.a', 'aws_iam_policy.p[0]', 'x.y', 'data.aws_iam_policy_document.d["k"]'),
      mode: fc.constantFrom('managed', 'data'),
      type: fc.constantFrom(...TF_TYPES),
      name: fc.constantFrom('a', 'p', 'd'),
      index: fc.option(fc.constantFrom(0, 1, 'k'), { nil: undefined }),
      values: value,
    });
    fc.assert(
      fc.property(
        fc.array(resource, { maxLength: 5 }),
        fc.array(
          fc.record({
            address: fc.constantFrom('aws_iam_role.a', 'aws_iam_policy.p[0]'),
            change: fc.record({ after_unknown: value }),
          }),
          { maxLength: 3 },
        ),
        value,
        fc.boolean(),
        (resources, changes, expressions, state) => {
          const root = { resources };
          const input = state
            ? { values: { root_module: root } }
            : {
                planned_values: { root_module: root },
                resource_changes: changes,
                configuration: {
                  root_module: {
                    resources: resources.map((r) => ({
                      address: `${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`,
                      expressions,
                    })),
                  },
                },
              };
          const r = fromTerraformPlan(input);
          for (const e of r.ok ? [] : r.errors) expect(e.code).not.toBe('internal-error');
        },
      ),
      { numRuns: 250 },
    );
  });
});
