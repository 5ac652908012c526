import { describe, expect, it } from 'vitest';
import { fromCloudFormation } from '../../src/import/cloudformation/index.js';
import { authorizerOf, decide, fixture, SAM_CATALOG, warningsOf } from './helpers.js';

const ACCOUNT = '123456789012';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const fn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
const table = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders-prod`;
const bucket = `arn:aws:s3:::receipts-${ACCOUNT}-prod`;
const queue = `arn:aws:sqs:us-east-1:${ACCOUNT}:ReportsQueue`;

describe('fromCloudFormation: a SAM application (Transform: AWS::Serverless-2016-10-31)', () => {
  const result = fromCloudFormation(fixture('sam-orders.template.yaml'), { managedPolicies: SAM_CATALOG });
  const az = authorizerOf(result);

  it('generates <LogicalId>Role for each function without a Role, and !Ref / !GetAtt of it resolve', () => {
    expect(result.ok && result.arns).toMatchObject({
      CreateOrderFunctionRole: role('CreateOrderFunctionRole'),
      GetOrderFunctionRole: role('GetOrderFunctionRole'),
      ReceiptFunctionRole: role('ReceiptFunctionRole'),
      CreateOrderFunction: fn('CreateOrderFunction'),
    });
    expect(result.ok && result.exports).toEqual({ 'orders-create-role': role('CreateOrderFunctionRole') });
    // OrdersKeyAccess names the role with !Ref CreateOrderFunctionRole.
    expect(
      decide(az, {
        principal: role('CreateOrderFunctionRole'),
        action: 'kms:Decrypt',
        resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/orders`,
      }),
    ).toBe('Allow');
  });

  it('policy templates grant exactly their actions on the resources their parameters name', () => {
    const create = role('CreateOrderFunctionRole');
    expect(decide(az, { principal: create, action: 'dynamodb:PutItem', resource: table })).toBe('Allow');
    expect(decide(az, { principal: create, action: 'dynamodb:Query', resource: `${table}/index/byCustomer` })).toBe(
      'Allow',
    );
    expect(decide(az, { principal: create, action: 'dynamodb:DeleteTable', resource: table })).toBe('ImplicitDeny');
    expect(
      decide(az, {
        principal: create,
        action: 'sns:Publish',
        resource: `arn:aws:sns:us-east-1:${ACCOUNT}:NotificationsTopic`,
      }),
    ).toBe('Allow');
    const get = role('GetOrderFunctionRole');
    expect(decide(az, { principal: get, action: 'dynamodb:GetItem', resource: table })).toBe('Allow');
    expect(decide(az, { principal: get, action: 'dynamodb:PutItem', resource: table })).toBe('ImplicitDeny');
  });

  it('adds the managed policies SAM adds: basic execution always, X-Ray from Globals Tracing, VPC access, SQS event', () => {
    const logs = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/x:*`;
    expect(decide(az, { principal: role('GetOrderFunctionRole'), action: 'logs:PutLogEvents', resource: logs })).toBe(
      'Allow',
    );
    expect(
      decide(az, { principal: role('GetOrderFunctionRole'), action: 'xray:PutTraceSegments', resource: '*' }),
    ).toBe('Allow');
    // ReportFunction sets Tracing: Disabled, which overrides the global Active.
    expect(decide(az, { principal: role('ReportFunctionRole'), action: 'xray:PutTraceSegments', resource: '*' })).toBe(
      'ImplicitDeny',
    );
    expect(
      decide(az, { principal: role('ReceiptFunctionRole'), action: 'ec2:CreateNetworkInterface', resource: '*' }),
    ).toBe('Allow');
    expect(
      decide(az, { principal: role('GetOrderFunctionRole'), action: 'ec2:CreateNetworkInterface', resource: '*' }),
    ).toBe('ImplicitDeny');
    expect(decide(az, { principal: role('ReportFunctionRole'), action: 'sqs:ReceiveMessage', resource: queue })).toBe(
      'Allow',
    );
  });

  it('PermissionsBoundary limits the generated role; a managed policy named by name and an inline statement apply', () => {
    const receipt = role('ReceiptFunctionRole');
    expect(decide(az, { principal: receipt, action: 's3:GetObject', resource: `${bucket}/r/1.pdf` })).toBe('Allow');
    // S3CrudPolicy allows DeleteObject, the boundary does not.
    expect(decide(az, { principal: receipt, action: 's3:DeleteObject', resource: `${bucket}/r/1.pdf` })).toBe(
      'ImplicitDeny',
    );
    expect(decide(az, { principal: receipt, action: 'sqs:GetQueueAttributes', resource: queue })).toBe('Allow');
    // The inline statement allows ssm:GetParameter; the boundary does not.
    expect(
      decide(az, {
        principal: receipt,
        action: 'ssm:GetParameter',
        resource: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/orders/db`,
      }),
    ).toBe('ImplicitDeny');
    expect(result.ok && result.world.roles?.[receipt]?.permissionsBoundary).toBe(
      `arn:aws:iam::${ACCOUNT}:policy/receipts-boundary`,
    );
  });

  it('the connector lets the source role write to the queue, and nobody else', () => {
    expect(decide(az, { principal: role('CreateOrderFunctionRole'), action: 'sqs:SendMessage', resource: queue })).toBe(
      'Allow',
    );
    expect(decide(az, { principal: role('GetOrderFunctionRole'), action: 'sqs:SendMessage', resource: queue })).toBe(
      'ImplicitDeny',
    );
  });

  it('push events become Lambda permissions: API Gateway for the route and method, S3 from this account', () => {
    const api = `arn:aws:execute-api:us-east-1:${ACCOUNT}:ServerlessRestApi`;
    const invoke = { principal: 'service:apigateway.amazonaws.com', action: 'lambda:InvokeFunction' };
    expect(
      decide(az, {
        ...invoke,
        resource: fn('CreateOrderFunction'),
        context: { 'aws:SourceArn': `${api}/Prod/POST/orders` },
      }),
    ).toBe('Allow');
    expect(
      decide(az, {
        ...invoke,
        resource: fn('CreateOrderFunction'),
        context: { 'aws:SourceArn': `${api}/Prod/GET/orders` },
      }),
    ).toBe('ImplicitDeny');
    expect(
      decide(az, {
        ...invoke,
        resource: fn('GetOrderFunction'),
        context: { 'aws:SourceArn': `${api}/Prod/GET/orders/42` },
      }),
    ).toBe('Allow');
    const s3 = {
      principal: 'service:s3.amazonaws.com',
      action: 'lambda:InvokeFunction',
      resource: fn('ReceiptFunction'),
    };
    expect(decide(az, { ...s3, context: { 'aws:SourceAccount': ACCOUNT } })).toBe('Allow');
    expect(decide(az, { ...s3, context: { 'aws:SourceAccount': '999999999999' } })).toBe('ImplicitDeny');
  });

  it('does not warn that the transform is not applied, nor about the SAM resources', () => {
    const w = warningsOf(result);
    expect(w.filter((x) => x.code === 'transform' || x.code.startsWith('sam-'))).toEqual([]);
    expect(w.filter((x) => x.code === 'unsupported-resource').map((x) => x.path)).toEqual([]);
  });
});

describe('the SAM transform: policies it cannot expand are reported by name', () => {
  const template = (policies: unknown, extra: Record<string, unknown> = {}) => ({
    Transform: 'AWS::Serverless-2016-10-31',
    Resources: {
      Fn: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'x', Policies: policies, ...extra } },
    },
  });

  it('a misspelt policy template is reported with a did-you-mean, and grants nothing', () => {
    const r = fromCloudFormation(template([{ DynamoDBCrudPolicyy: { TableName: 't' } }]));
    expect(r.warnings.find((w) => w.code === 'sam-unknown-policy')?.message).toContain(
      'did you mean DynamoDBCrudPolicy?',
    );
  });

  it('a policy template without its parameters is reported', () => {
    const r = fromCloudFormation(template([{ S3ReadPolicy: {} }]));
    expect(warningsOf(r)).toContainEqual({
      code: 'sam-invalid-policy-template',
      path: 'Resources.Fn.Properties.Policies[0].S3ReadPolicy',
    });
  });

  it('a function with its own Role gets no generated role, and Policies is reported as ignored', () => {
    const r = fromCloudFormation(
      template(['AmazonS3ReadOnlyAccess'], { Role: `arn:aws:iam::${ACCOUNT}:role/existing` }),
    );
    expect(r.ok && Object.keys(r.world.roles ?? {})).toEqual([]);
    expect(warningsOf(r)).toContainEqual({ code: 'sam-ignored-property', path: 'Resources.Fn.Properties.Policies' });
  });

  it('a single policy (not a list), a managed policy ARN and a condition pass through', () => {
    const r = fromCloudFormation({
      ...template(`arn:aws:iam::${ACCOUNT}:policy/team`),
      Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } },
    });
    expect(r.ok && r.world.roles?.[role('FnRole')]?.policies).toContain(`arn:aws:iam::${ACCOUNT}:policy/team`);
    const off = fromCloudFormation({
      ...template([]),
      Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } },
      Resources: { Fn: { Type: 'AWS::Serverless::Function', Condition: 'Never', Properties: {} } },
    });
    expect(off.ok && Object.keys(off.world.roles ?? {})).toEqual([]);
  });
});

describe('the SAM transform: state machines and connectors that write resource policies', () => {
  const result = fromCloudFormation(
    {
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: {
        Alerts: { Type: 'AWS::SNS::Topic' },
        Inbox: { Type: 'AWS::SQS::Queue' },
        Worker: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'x', Runtime: 'python3.12' } },
        Flow: {
          Type: 'AWS::Serverless::StateMachine',
          Properties: { Name: 'flow', Policies: [{ LambdaInvokePolicy: { FunctionName: { Ref: 'Worker' } } }] },
        },
        AlertsToInbox: {
          Type: 'AWS::Serverless::Connector',
          Properties: { Source: { Id: 'Alerts' }, Destination: { Id: 'Inbox' }, Permissions: ['Write'] },
        },
        AlertsToWorker: {
          Type: 'AWS::Serverless::Connector',
          Properties: { Source: { Id: 'Alerts' }, Destination: { Id: 'Worker' }, Permissions: ['Write'] },
        },
      },
    },
    { managedPolicies: SAM_CATALOG },
  );
  const az = authorizerOf(result);
  const topic = `arn:aws:sns:us-east-1:${ACCOUNT}:Alerts`;

  it('the state machine gets its role with the policy template, trusted by Step Functions', () => {
    expect(decide(az, { principal: role('FlowRole'), action: 'lambda:InvokeFunction', resource: fn('Worker') })).toBe(
      'Allow',
    );
    expect(decide(az, { principal: role('FlowRole'), action: 'lambda:DeleteFunction', resource: fn('Worker') })).toBe(
      'ImplicitDeny',
    );
    expect(result.ok && JSON.stringify(result.world.roles?.[role('FlowRole')]?.trustPolicy)).toContain(
      'states.amazonaws.com',
    );
  });

  it('SNS → SQS writes the queue policy; SNS → Lambda writes the Lambda permission, both for this topic only', () => {
    const send = {
      principal: 'service:sns.amazonaws.com',
      action: 'sqs:SendMessage',
      resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:Inbox`,
    };
    expect(decide(az, { ...send, context: { 'aws:SourceArn': topic } })).toBe('Allow');
    expect(decide(az, { ...send, context: { 'aws:SourceArn': `${topic}-other` } })).toBe('ImplicitDeny');
    const invoke = { principal: 'service:sns.amazonaws.com', action: 'lambda:InvokeFunction', resource: fn('Worker') };
    expect(decide(az, { ...invoke, context: { 'aws:SourceArn': topic } })).toBe('Allow');
    expect(decide(az, { ...invoke, context: { 'aws:SourceArn': `${topic}-other` } })).toBe('ImplicitDeny');
    expect(result.warnings.filter((w) => w.code.startsWith('sam-'))).toEqual([]);
  });
});
