import { describe, expect, it } from 'vitest';
import { fromCloudFormation } from '../../src/import/cloudformation/index.js';
import { fromTerraformPlan } from '../../src/import/terraform/index.js';
import { authorizerOf, decide, fixture, verdict, warningsOf } from './helpers.js';

const ACCOUNT = '123456789012';
const PARTNER = '210987654321';

describe('fromCloudFormation: AWS::IAM::RolePolicy / UserPolicy / GroupPolicy and resource-policy properties', () => {
  const result = fromCloudFormation(fixture('inline-policies.template.yaml'));
  const az = authorizerOf(result);
  const build = `arn:aws:iam::${ACCOUNT}:role/build-role`;
  const alice = `arn:aws:iam::${ACCOUNT}:user/alice`;
  const repo = `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/app`;
  const table = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/audit`;

  it('RolePolicy, UserPolicy and GroupPolicy add inline policies to the entity they name', () => {
    expect(decide(az, { principal: build, action: 'ecr:PutImage', resource: repo })).toBe('Allow');
    expect(decide(az, { principal: alice, action: 'ecr:BatchGetImage', resource: repo })).toBe('Allow');
    expect(decide(az, { principal: alice, action: 'dynamodb:GetItem', resource: table })).toBe('Allow');
    expect(decide(az, { principal: alice, action: 'ecr:PutImage', resource: repo })).toBe('ImplicitDeny');
    expect(result.ok && result.world.roles?.[build]?.policies).toContainEqual(
      expect.objectContaining({ name: 'build-access' }),
    );
  });

  it('the ECR repository policy (RepositoryPolicyText) is imported: its Deny wins over the identity Allow', () => {
    expect(result.ok && result.world.resources?.[repo]?.policy).toBeDefined();
    expect(decide(az, { principal: alice, action: 'ecr:BatchDeleteImage', resource: repo })).toBe('ExplicitDeny');
  });

  it('the DynamoDB table ResourcePolicy denies deletes to everyone but the build role', () => {
    expect(decide(az, { principal: alice, action: 'dynamodb:DeleteItem', resource: table })).toBe('ExplicitDeny');
    // The build role is not denied, but nothing allows it either.
    expect(decide(az, { principal: build, action: 'dynamodb:DeleteItem', resource: table })).toBe('ImplicitDeny');
  });

  it('!Ref of a named resource of an unmodelled type with a derivable ARN (a CodePipeline pipeline) resolves', () => {
    expect(
      decide(az, {
        principal: build,
        action: 'codepipeline:PutJobSuccessResult',
        resource: `arn:aws:codepipeline:us-east-1:${ACCOUNT}:app-pipeline`,
      }),
    ).toBe('Allow');
    expect(warningsOf(result).filter((w) => w.code === 'unresolved-value')).toEqual([]);
  });

  it('Secrets Manager and EventBridge policies attach to the secret and the bus; numeric principals are account ids', () => {
    const world = result.ok ? result.world : undefined;
    const secret = world?.resources?.[`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:app/db`]?.policy as
      { Statement: { Principal: unknown }[] } | undefined;
    expect(secret?.Statement[0]?.Principal).toEqual({ AWS: `arn:aws:iam::${PARTNER}:root` });
    const bus = world?.resources?.[`arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`]?.policy as
      { Statement: Record<string, unknown>[] } | undefined;
    expect(bus?.Statement).toEqual([
      {
        Sid: 'AllowPartner',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${PARTNER}:root` },
        Action: 'events:PutEvents',
        Resource: `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`,
      },
    ]);
    const fn = world?.resources?.[`arn:aws:lambda:us-east-1:${ACCOUNT}:function:notify`]?.policy as
      { Statement: Record<string, unknown>[] } | undefined;
    expect(fn?.Statement[0]?.Principal).toEqual({ AWS: `arn:aws:iam::${PARTNER}:root` });
  });

  it('a resource policy of a type the importer does not model is reported by name', () => {
    const w = result.warnings.find((x) => x.code === 'unmodelled-resource-policy');
    expect(w?.path).toBe('Resources.LogsPolicy.Properties');
    expect(w?.message).toContain('LogsPolicy.PolicyDocument');
  });

  it('an inline policy for a role the template does not define is reported by its name', () => {
    const r = fromCloudFormation({
      Resources: {
        P: {
          Type: 'AWS::IAM::RolePolicy',
          Properties: {
            RoleName: 'elsewhere',
            PolicyName: 'p1',
            PolicyDocument: { Version: '2012-10-17', Statement: [] },
          },
        },
      },
    });
    expect(r.warnings.find((w) => w.code === 'external-role')?.message).toContain(
      'the inline policy p1 (P) was skipped',
    );
  });
});

describe('fromCloudFormation: the other resource-policy types', () => {
  const reader = `arn:aws:iam::${ACCOUNT}:role/reader`;
  const doc = (action: string) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: reader }, Action: action, Resource: '*' }],
  });
  const result = fromCloudFormation({
    Resources: {
      Reader: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: 'reader',
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
        },
      },
      Search: {
        Type: 'AWS::OpenSearchService::Domain',
        Properties: { DomainName: 'logs', AccessPolicies: doc('es:ESHttpGet') },
      },
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'public', Policy: doc('execute-api:Invoke') } },
      Files: { Type: 'AWS::EFS::FileSystem', Properties: { FileSystemPolicy: doc('elasticfilesystem:ClientMount') } },
      Vault: {
        Type: 'AWS::Backup::BackupVault',
        Properties: { BackupVaultName: 'main', AccessPolicy: doc('backup:CopyIntoBackupVault') },
      },
      Queue: { Type: 'AWS::SQS::Queue' },
      QueueInline: {
        Type: 'AWS::SQS::QueueInlinePolicy',
        Properties: { Queue: { Ref: 'Queue' }, PolicyDocument: doc('sqs:SendMessage') },
      },
      Topic: { Type: 'AWS::SNS::Topic' },
      TopicInline: {
        Type: 'AWS::SNS::TopicInlinePolicy',
        Properties: { TopicArn: { Ref: 'Topic' }, PolicyDocument: doc('sns:Publish') },
      },
      Global: {
        Type: 'AWS::DynamoDB::GlobalTable',
        Properties: {
          TableName: 'g',
          Replicas: [
            { Region: 'us-east-1', ResourcePolicy: { PolicyDocument: doc('dynamodb:GetItem') } },
            { Region: 'eu-west-1' },
          ],
        },
      },
    },
  });
  const arns = [
    `arn:aws:es:us-east-1:${ACCOUNT}:domain/logs`,
    `arn:aws:execute-api:us-east-1:${ACCOUNT}:Api/*`,
    `arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:file-system/Files`,
    `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:main`,
    `arn:aws:sqs:us-east-1:${ACCOUNT}:Queue`,
    `arn:aws:sns:us-east-1:${ACCOUNT}:Topic`,
    `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/g`,
  ];

  it('each policy is attached to the resource it governs', () => {
    authorizerOf(result);
    for (const arn of arns) expect(result.ok && result.world.resources?.[arn]?.policy, arn).toBeDefined();
    expect(result.ok && result.world.resources?.[`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/g`]).toBeUndefined();
    expect(result.warnings).toEqual([]);
  });

  it('a domain or API policy is also a named resource policy, for requests on its sub-resources', () => {
    const az = authorizerOf(result);
    const domain = `arn:aws:es:us-east-1:${ACCOUNT}:domain/logs`;
    expect(result.ok && Object.keys(result.world.resourcePolicies ?? {})).toEqual(
      expect.arrayContaining([domain, `arn:aws:execute-api:us-east-1:${ACCOUNT}:Api/*`]),
    );
    // The role has no identity policy: only the domain's access policy can allow it.
    expect(
      decide(az, {
        principal: reader,
        action: 'es:ESHttpGet',
        resource: `${domain}/index/_search`,
        resourcePolicy: domain,
      }),
    ).toBe('Allow');
    expect(decide(az, { principal: reader, action: 'es:ESHttpGet', resource: `${domain}/index/_search` })).toBe(
      'ImplicitDeny',
    );
    expect(
      decide(az, { principal: reader, action: 'es:ESHttpDelete', resource: `${domain}/index`, resourcePolicy: domain }),
    ).toBe('ImplicitDeny');
    expect(
      decide(az, { principal: reader, action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:Queue` }),
    ).toBe('Allow');
  });
});

describe('API Gateway resource policies written with the execute-api:/ shorthand (as SAM and the private-API examples do)', () => {
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: ['execute-api:/*'],
        Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } },
      },
    ],
  };
  const method = `arn:aws:execute-api:us-east-1:${ACCOUNT}:PrivateApi/prod/GET/items`;
  // The API's policy governs its methods: requests on a method name it (see the test above).
  const api = `arn:aws:execute-api:us-east-1:${ACCOUNT}:PrivateApi/*`;
  const ask = (az: ReturnType<typeof authorizerOf>, vpce: string) =>
    verdict(az, {
      principal: 'anonymous',
      action: 'execute-api:Invoke',
      resource: method,
      resourcePolicy: api,
      context: { 'aws:SourceVpce': vpce },
    });

  it('CloudFormation: the shorthand becomes the API ARN (it used to fail the import as "not an ARN")', () => {
    const r = fromCloudFormation({
      Resources: { PrivateApi: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'private', Policy: policy } } },
    });
    const az = authorizerOf(r);
    expect(ask(az, 'vpce-0123456789abcdef0')).toBe('Allow');
    expect(ask(az, 'vpce-0fffffffffffffff0')).toBe('ExplicitDeny');
  });

  it('Terraform: the same for aws_api_gateway_rest_api_policy', () => {
    const r = fromTerraformPlan(
      {
        format_version: '1.2',
        terraform_version: '1.9.0',
        planned_values: {
          root_module: {
            resources: [
              {
                address: 'aws_api_gateway_rest_api.private',
                mode: 'managed',
                type: 'aws_api_gateway_rest_api',
                name: 'private',
                values: { id: 'PrivateApi', name: 'private' },
              },
              {
                address: 'aws_api_gateway_rest_api_policy.private',
                mode: 'managed',
                type: 'aws_api_gateway_rest_api_policy',
                name: 'private',
                values: { rest_api_id: 'PrivateApi', policy: JSON.stringify(policy) },
              },
            ],
          },
        },
      },
      { accountId: ACCOUNT, region: 'us-east-1' },
    );
    const az = authorizerOf(r);
    expect(ask(az, 'vpce-0123456789abcdef0')).toBe('Allow');
    expect(ask(az, 'vpce-0fffffffffffffff0')).toBe('ExplicitDeny');
  });
});

describe('a Lambda permission whose SourceArn is !GetAtt of an IoT topic rule (found in aws-cloudformation-templates IoT/lambda-iot-topicrule.yaml)', () => {
  it('the rule ARN follows from its RuleName, so the permission applies to that rule only', () => {
    const r = fromCloudFormation({
      Resources: {
        Rule: {
          Type: 'AWS::IoT::TopicRule',
          Properties: { RuleName: 'telemetry', TopicRulePayload: { Sql: "SELECT * FROM 't'", Actions: [] } },
        },
        Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'ingest' } },
        Allow: {
          Type: 'AWS::Lambda::Permission',
          Properties: {
            Action: 'lambda:InvokeFunction',
            FunctionName: { Ref: 'Fn' },
            Principal: 'iot.amazonaws.com',
            SourceArn: { 'Fn::GetAtt': ['Rule', 'Arn'] },
          },
        },
      },
    });
    const az = authorizerOf(r);
    const ask = (rule: string) =>
      verdict(az, {
        principal: 'service:iot.amazonaws.com',
        action: 'lambda:InvokeFunction',
        resource: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:ingest`,
        context: { 'aws:SourceArn': `arn:aws:iot:us-east-1:${ACCOUNT}:rule/${rule}` },
      });
    expect(ask('telemetry')).toBe('Allow');
    expect(ask('other')).toBe('ImplicitDeny');
    expect(warningsOf(r).filter((w) => w.code === 'unresolved-value')).toEqual([]);
  });
});
