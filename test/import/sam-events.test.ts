import { describe, expect, it } from 'vitest';
import { fromCloudFormation } from '../../src/import/cloudformation/index.js';
import { authorizerOf, fixture, SAM_CATALOG, verdict, warningsOf } from './helpers.js';

const ACCOUNT = '123456789012';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const ingest = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:ingest`;
const live = `${ingest}:live`;
const invoke = { action: 'lambda:InvokeFunction' };

/**
 * sam-events.template.yaml: AutoPublishAlias and the event types SAM's translator expands into
 * permissions on the alias, role statements and roles of their own. Each expected decision was
 * worked out by hand from what SAM generates (samtranslator/model/eventsources/*.py, iam.py).
 */
describe('the SAM transform: AutoPublishAlias and event sources beyond S3/SNS/API/rules', () => {
  const result = fromCloudFormation(fixture('sam-events.template.yaml'), { managedPolicies: SAM_CATALOG });
  const az = authorizerOf(result);

  it('AutoPublishAlias generates <Function>Alias<Name>, and !Ref Fn.Alias is its ARN', () => {
    expect(result.ok && result.arns).toMatchObject({ IngestFunctionAliaslive: live, IngestFunction: ingest });
    // CallerRole allows lambda:InvokeFunction on !Ref IngestFunction.Alias: the alias, not the function.
    expect(verdict(az, { principal: role('caller'), ...invoke, resource: live })).toBe('Allow');
    expect(verdict(az, { principal: role('caller'), ...invoke, resource: ingest })).toBe('ImplicitDeny');
  });

  it('event permissions are on the alias: CloudWatchLogs for the log group', () => {
    const logs = { principal: 'service:logs.amazonaws.com', ...invoke };
    const group = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app/orders:*`;
    // IngestFunctionAppLogsPermission: SourceArn log-group:/app/orders:* on function:ingest:live.
    expect(verdict(az, { ...logs, resource: live, context: { 'aws:SourceArn': group } })).toBe('Allow');
    expect(verdict(az, { ...logs, resource: ingest, context: { 'aws:SourceArn': group } })).toBe('ImplicitDeny');
    expect(
      verdict(az, {
        ...logs,
        resource: live,
        context: { 'aws:SourceArn': `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app/other:*` },
      }),
    ).toBe('ImplicitDeny');
  });

  it('IoTRule: the rule <Function><Event> of this account; AlexaSkill: the skill id as event source token', () => {
    const iot = { principal: 'service:iot.amazonaws.com', ...invoke, resource: live };
    const rule = `arn:aws:iot:us-east-1:${ACCOUNT}:rule/IngestFunctionTelemetry`;
    expect(verdict(az, { ...iot, context: { 'aws:SourceArn': rule, 'aws:SourceAccount': ACCOUNT } })).toBe('Allow');
    expect(verdict(az, { ...iot, context: { 'aws:SourceArn': rule, 'aws:SourceAccount': '999999999999' } })).toBe(
      'ImplicitDeny',
    );
    const alexa = { principal: 'service:alexa-appkit.amazon.com', ...invoke, resource: live };
    expect(
      verdict(az, {
        ...alexa,
        context: { 'lambda:EventSourceToken': 'amzn1.ask.skill.12345678-1234-1234-1234-123456789012' },
      }),
    ).toBe('Allow');
    expect(verdict(az, { ...alexa, context: { 'lambda:EventSourceToken': 'amzn1.ask.skill.other' } })).toBe(
      'ImplicitDeny',
    );
  });

  it('Cognito: the user pool named by !Ref, as <Function>CognitoPermission', () => {
    const cognito = { principal: 'service:cognito-idp.amazonaws.com', ...invoke, resource: live };
    expect(
      verdict(az, {
        ...cognito,
        context: { 'aws:SourceArn': `arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/UserPool` },
      }),
    ).toBe('Allow');
    expect(
      verdict(az, {
        ...cognito,
        context: { 'aws:SourceArn': `arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/Other` },
      }),
    ).toBe('ImplicitDeny');
    expect(result.ok && result.arns.IngestFunctionCognitoPermission).toBe(live);
  });

  it('a function URL without auth: anyone may call the URL, and invoke only through it', () => {
    // IngestFunctionUrlPublicPermissions (InvokeFunctionUrl, FunctionUrlAuthType NONE) and
    // IngestFunctionURLInvokeAllowPublicAccess (InvokeFunction, InvokedViaFunctionUrl true).
    expect(
      verdict(az, {
        principal: 'anonymous',
        action: 'lambda:InvokeFunctionUrl',
        resource: live,
        context: { 'lambda:FunctionUrlAuthType': 'NONE' },
      }),
    ).toBe('Allow');
    expect(
      verdict(az, {
        principal: 'anonymous',
        ...invoke,
        resource: live,
        context: { 'lambda:InvokedViaFunctionUrl': 'true' },
      }),
    ).toBe('Allow');
    expect(verdict(az, { principal: 'anonymous', ...invoke, resource: live })).toBe('ImplicitDeny');
  });

  it('ScheduleV2 gets its own role, trusted by EventBridge Scheduler, that may invoke the alias', () => {
    const nightly = role('IngestFunctionNightlyRole');
    expect(verdict(az, { principal: nightly, ...invoke, resource: live })).toBe('Allow');
    expect(
      verdict(az, { principal: nightly, ...invoke, resource: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:broker` }),
    ).toBe('ImplicitDeny');
    expect(result.ok && JSON.stringify(result.world.roles?.[nightly]?.trustPolicy)).toContain(
      'scheduler.amazonaws.com',
    );
  });

  it('MQ, SelfManagedKafka and DocumentDB add their inline statements to the function role', () => {
    const broker = role('BrokerFunctionRole');
    const secret = (name: string) => `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${name}`;
    // SamAutoGeneratedAMQPolicy: the BASIC_AUTH secret and mq:DescribeBroker on the broker.
    expect(
      verdict(az, { principal: broker, action: 'secretsmanager:GetSecretValue', resource: secret('mq-login') }),
    ).toBe('Allow');
    expect(
      verdict(az, {
        principal: broker,
        action: 'mq:DescribeBroker',
        resource: `arn:aws:mq:us-east-1:${ACCOUNT}:broker:orders:b-1234`,
      }),
    ).toBe('Allow');
    expect(
      verdict(az, {
        principal: broker,
        action: 'mq:DeleteBroker',
        resource: `arn:aws:mq:us-east-1:${ACCOUNT}:broker:orders:b-1234`,
      }),
    ).toBe('ImplicitDeny');
    // SelfManagedKafkaExecutionRolePolicy: the SASL secret, and ENI actions since VPC_SUBNET and VPC_SECURITY_GROUP are set.
    expect(
      verdict(az, { principal: broker, action: 'secretsmanager:GetSecretValue', resource: secret('kafka-login') }),
    ).toBe('Allow');
    expect(verdict(az, { principal: broker, action: 'ec2:CreateNetworkInterface', resource: '*' })).toBe('Allow');
    // SamAutoGeneratedDocumentDBPolicy: rds:DescribeDBClusters on the cluster only.
    expect(
      verdict(az, {
        principal: broker,
        action: 'rds:DescribeDBClusters',
        resource: `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:docs`,
      }),
    ).toBe('Allow');
    expect(
      verdict(az, {
        principal: broker,
        action: 'rds:DescribeDBClusters',
        resource: `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:other`,
      }),
    ).toBe('ImplicitDeny');
    // No secret of another event: the ingest role has none of them.
    expect(
      verdict(az, {
        principal: role('IngestFunctionRole'),
        action: 'secretsmanager:GetSecretValue',
        resource: secret('mq-login'),
      }),
    ).toBe('ImplicitDeny');
  });

  it('destinations: the SQS event on-failure topic and EventInvokeConfig (given and SAM-created)', () => {
    const broker = role('BrokerFunctionRole');
    // BrokerFunctionRetrySNSPolicy (sns:publish on the on-failure destination).
    expect(
      verdict(az, {
        principal: broker,
        action: 'sns:Publish',
        resource: `arn:aws:sns:us-east-1:${ACCOUNT}:broker-dead`,
      }),
    ).toBe('Allow');
    // BrokerFunctionEventInvokeConfigOnFailureSQSPolicy on Failures (!GetAtt Failures.Arn).
    expect(
      verdict(az, {
        principal: broker,
        action: 'sqs:SendMessage',
        resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:ingest-failures`,
      }),
    ).toBe('Allow');
    expect(
      verdict(az, {
        principal: role('IngestFunctionRole'),
        action: 'sqs:SendMessage',
        resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:ingest-failures`,
      }),
    ).toBe('ImplicitDeny');
    // OnSuccess SNS without Destination: SAM creates BrokerFunctionEventInvokeConfigOnSuccessTopic.
    const topic = `arn:aws:sns:us-east-1:${ACCOUNT}:BrokerFunctionEventInvokeConfigOnSuccessTopic`;
    expect(result.ok && result.arns.BrokerFunctionEventInvokeConfigOnSuccessTopic).toBe(topic);
    expect(verdict(az, { principal: broker, action: 'sns:Publish', resource: topic })).toBe('Allow');
  });

  it('warns only that the user pool is not modelled beyond its ARN', () => {
    expect(warningsOf(result)).toEqual([{ code: 'unsupported-resource', path: 'Resources.UserPool' }]);
  });
});

describe('the SAM transform: AutoPublishAlias it cannot expand', () => {
  const fn = (alias: unknown) => ({
    Transform: 'AWS::Serverless-2016-10-31',
    Resources: {
      Fn: {
        Type: 'AWS::Serverless::Function',
        Properties: { AutoPublishAlias: alias, Events: { Up: { Type: 'S3', Properties: { Bucket: 'b' } } } },
      },
    },
  });

  it('an alias name SAM rejects, or one given by a parameter, is reported and the permission stays on the function', () => {
    for (const alias of ['12', { Ref: 'Stage' }]) {
      const r = fromCloudFormation(fn(alias));
      expect(warningsOf(r)).toContainEqual({
        code: 'sam-invalid-property',
        path: 'Resources.Fn.Properties.AutoPublishAlias',
      });
      expect(r.ok && r.arns.FnUpPermission).toBe(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:Fn`);
    }
  });

  it('hyphens and underscores become D and U in the alias logical id', () => {
    const r = fromCloudFormation(fn('blue-green_1'));
    expect(r.ok && r.arns.FnAliasblueDgreenU1).toBe(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:Fn:blue-green_1`);
    expect(r.ok && r.arns.FnUpPermission).toBe(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:Fn:blue-green_1`);
  });
});

describe('the SAM transform: state machine events get a role each', () => {
  const result = fromCloudFormation(
    {
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: {
        Flow: {
          Type: 'AWS::Serverless::StateMachine',
          Properties: {
            Name: 'flow',
            PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/boundary`,
            Events: {
              Hourly: { Type: 'Schedule', Properties: { Schedule: 'rate(1 hour)' } },
              Orders: { Type: 'EventBridgeRule', Properties: { Pattern: { source: ['orders'] } } },
              Start: { Type: 'Api', Properties: { Path: '/start', Method: 'post' } },
              Given: {
                Type: 'Schedule',
                Properties: { Schedule: 'rate(1 day)', RoleArn: `arn:aws:iam::${ACCOUNT}:role/given` },
              },
            },
          },
        },
        Boundary: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: {
            ManagedPolicyName: 'boundary',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'states:*', Resource: '*' }],
            },
          },
        },
      },
    },
    { managedPolicies: SAM_CATALOG },
  );
  const az = authorizerOf(result);
  const flow = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:flow`;

  it('each role may start this state machine and nothing else, and is trusted by its service', () => {
    // FlowHourlyRole: FlowHourlyRoleStartExecutionPolicy, states:StartExecution on !Ref Flow.
    expect(verdict(az, { principal: role('FlowHourlyRole'), action: 'states:StartExecution', resource: flow })).toBe(
      'Allow',
    );
    expect(
      verdict(az, {
        principal: role('FlowHourlyRole'),
        action: 'states:StopExecution',
        resource: `arn:aws:states:us-east-1:${ACCOUNT}:execution:flow:x`,
      }),
    ).toBe('ImplicitDeny');
    expect(verdict(az, { principal: role('FlowOrdersRole'), action: 'states:StartExecution', resource: flow })).toBe(
      'Allow',
    );
    expect(verdict(az, { principal: role('FlowStartRole'), action: 'states:StartExecution', resource: flow })).toBe(
      'Allow',
    );
    expect(result.ok && JSON.stringify(result.world.roles?.[role('FlowStartRole')]?.trustPolicy)).toContain(
      'apigateway.amazonaws.com',
    );
    expect(result.ok && result.world.roles?.[role('FlowHourlyRole')]?.permissionsBoundary).toBe(
      `arn:aws:iam::${ACCOUNT}:policy/boundary`,
    );
  });

  it('an event with its own RoleArn gets no role', () => {
    expect(result.ok && Object.keys(result.world.roles ?? {}).sort()).toEqual([
      role('FlowHourlyRole'),
      role('FlowOrdersRole'),
      role('FlowRole'),
      role('FlowStartRole'),
    ]);
    // The state machine itself is modelled only by its name and ARN.
    expect(warningsOf(result)).toEqual([{ code: 'unsupported-resource', path: 'Resources.Flow' }]);
  });
});

describe('the SAM transform: a pull event without the secret SAM needs', () => {
  it('MQ without SourceAccessConfigurations: the import goes on, the secret statement is missing and reported', () => {
    const r = fromCloudFormation({
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: {
        Fn: {
          Type: 'AWS::Serverless::Function',
          Properties: {
            Events: {
              Mq: { Type: 'MQ', Properties: { Broker: `arn:aws:mq:us-east-1:${ACCOUNT}:broker:b:b-1`, Queues: ['q'] } },
            },
          },
        },
      },
    });
    expect(r.ok).toBe(true);
    expect(warningsOf(r)).toContainEqual({
      code: 'sam-invalid-property',
      path: 'Resources.Fn.Properties.Events.Mq.Properties.SourceAccessConfigurations',
    });
    const az = authorizerOf(r);
    expect(
      verdict(az, {
        principal: role('FnRole'),
        action: 'mq:DescribeBroker',
        resource: `arn:aws:mq:us-east-1:${ACCOUNT}:broker:b:b-1`,
      }),
    ).toBe('Allow');
  });
});
