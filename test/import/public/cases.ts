/**
 * Public, permissively licensed IaC files written by others, with hand-worked questions. The files
 * themselves are not in this repository (the tools this project is built with may not copy public
 * repository content into it): each case names the repository, path, commit and licence, and the
 * SHA-256 of the file, so anyone can fetch the same file and run the questions against it with
 * `IAM_VERDICT_PUBLIC_IAC=<dir> npx vitest run test/import/public-iac.test.ts`, where <dir> holds
 * `<repo-name>/<path>` for each case. Each expected decision was worked out by reading the file;
 * the comment says which statement decides it.
 */
import type { AuthorizationRequest } from '../../../src/index.js';

export interface PublicQuestion {
  readonly request: AuthorizationRequest;
  readonly expected: 'Allow' | 'ImplicitDeny' | 'ExplicitDeny';
  /** The statement (or absence of one) that decides it, as read in the file. */
  readonly why: string;
}

export interface PublicCase {
  readonly name: string;
  readonly repo: string;
  readonly path: string;
  readonly commit: string;
  readonly licence: 'Apache-2.0' | 'MIT' | 'MIT-0';
  readonly sha256: string;
  readonly format: 'cloudformation' | 'terraform';
  /** Re-encode the file before importing it (a real plan as PowerShell's `>` writes it). */
  readonly encode?: 'utf16le-bom';
  readonly options?: Readonly<Record<string, unknown>>;
  /** Warning codes the import must (exactly, as a multiset) report. */
  readonly warnings?: readonly string[];
  readonly questions: readonly PublicQuestion[];
  /** Text each role's imported trust policy must contain (for trust no request can ask offline). */
  readonly trustContains?: Readonly<Record<string, string>>;
}

const CFN_TEMPLATES = {
  repo: 'aws-cloudformation/aws-cloudformation-templates',
  commit: '142ce6f283d285fa370adb7f9d332d7f46dac5fc',
  licence: 'Apache-2.0',
} as const;
const SAM = {
  repo: 'aws/serverless-application-model',
  commit: '7000d0a3b0e5e0d9fca014ce135850718aad1290',
  licence: 'Apache-2.0',
} as const;
const TF_COMPLIANCE = {
  repo: 'terraform-compliance/cli',
  commit: 'f45a4fe9b86c40d28a8fc5f29cce1d146cad3696',
  licence: 'MIT',
} as const;
const CHECKOV = {
  repo: 'bridgecrewio/checkov',
  commit: '03d5fdad8d6154b1565799a7b1fb8070c158866f',
  licence: 'Apache-2.0',
} as const;

const A = '123456789012';
const T = '123456789123'; // the account TerraGoat's names carry
const invoke = 'lambda:InvokeFunction';

export const PUBLIC_CASES: readonly PublicCase[] = [
  {
    name: 'CloudFormation StackSets target accounts: AWS::IAM::RolePolicy and an SQS queue policy',
    ...CFN_TEMPLATES,
    path: 'CloudFormation/StackSets/log-setup-target-accounts.yaml',
    sha256: '015c6147dfb0f6119c67eabb29f34bdb9f0c2781dd29a8fe395e7970921dcfce',
    format: 'cloudformation',
    options: { accountId: A, parameters: { CentralEventBusArn: `arn:aws:events:us-east-1:${A}:event-bus/central` } },
    questions: [
      {
        request: {
          principal: `arn:aws:iam::${A}:role/EventBridgeRole`,
          action: 'events:PutEvents',
          resource: `arn:aws:events:us-east-1:${A}:event-bus/central`,
        },
        expected: 'Allow',
        why: 'EventBridgeRolePolicy (AWS::IAM::RolePolicy on !Ref EventBridgeRole) allows events:PutEvents on CentralEventBusArn',
      },
      {
        request: {
          principal: `arn:aws:iam::${A}:role/EventBridgeRole`,
          action: 'events:PutEvents',
          resource: `arn:aws:events:us-east-1:${A}:event-bus/default`,
        },
        expected: 'ImplicitDeny',
        why: 'the role policy names only the central bus',
      },
      {
        request: {
          principal: 'service:events.amazonaws.com',
          action: 'sqs:SendMessage',
          resource: `arn:aws:sqs:us-east-1:${A}:CloudFormation-Logs-DLQ`,
          context: { 'aws:SourceArn': `arn:aws:events:us-east-1:${A}:rule/CloudFormationEventRule` },
        },
        expected: 'Allow',
        why: 'DeadLetterQueuePolicy AllowEventBridgeToWriteLogs, ArnLike aws:SourceArn rule/CloudFormationEventRule',
      },
      {
        request: {
          principal: 'service:events.amazonaws.com',
          action: 'sqs:SendMessage',
          resource: `arn:aws:sqs:us-east-1:${A}:CloudFormation-Logs-DLQ`,
          context: { 'aws:SourceArn': `arn:aws:events:us-east-1:${A}:rule/Other` },
        },
        expected: 'ImplicitDeny',
        why: 'the queue policy condition names only CloudFormationEventRule',
      },
    ],
  },
  {
    name: 'CloudFormation IoT topic rule invoking Lambda: a Lambda permission whose SourceArn is !GetAtt of the rule',
    ...CFN_TEMPLATES,
    path: 'IoT/lambda-iot-topicrule.yaml',
    sha256: 'ca213038fa02dc8b9e6acde25106ab47f5fe640173215b2d0af5334a678cf881',
    format: 'cloudformation',
    options: {
      accountId: A,
      stackName: 'iotdemo',
      parameters: { CertificateARN: `arn:aws:iot:us-east-1:${A}:cert/0123456789abcdef` },
    },
    questions: [
      {
        request: {
          principal: 'service:iot.amazonaws.com',
          action: invoke,
          resource: `arn:aws:lambda:us-east-1:${A}:function:iotdemo`,
          context: { 'aws:SourceArn': `arn:aws:iot:us-east-1:${A}:rule/iotdemo`, 'aws:SourceAccount': A },
        },
        expected: 'Allow',
        why: 'MyLambdaPermission: iot.amazonaws.com, SourceArn !GetAtt IoTTopicRule.Arn (RuleName ${AWS::StackName}), SourceAccount',
      },
      {
        request: {
          principal: 'service:iot.amazonaws.com',
          action: invoke,
          resource: `arn:aws:lambda:us-east-1:${A}:function:iotdemo`,
          context: { 'aws:SourceArn': `arn:aws:iot:us-east-1:${A}:rule/iotdemo`, 'aws:SourceAccount': '999999999999' },
        },
        expected: 'ImplicitDeny',
        why: 'SourceAccount must be the stack account',
      },
      {
        request: {
          principal: `arn:aws:iam::${A}:role/MyLambdaRole`,
          action: 'logs:PutLogEvents',
          resource: `arn:aws:logs:us-east-1:${A}:log-group:/aws/lambda/iotdemo:log-stream:s`,
        },
        expected: 'Allow',
        why: 'MyLambdaRole inline policy: logs:PutLogEvents on log-group:/aws/lambda/${AWS::StackName}:*',
      },
      {
        request: {
          principal: `arn:aws:iam::${A}:role/MyLambdaRole`,
          action: 'logs:PutLogEvents',
          resource: `arn:aws:logs:us-east-1:${A}:log-group:/aws/lambda/other:log-stream:s`,
        },
        expected: 'ImplicitDeny',
        why: 'only logs:CreateLogGroup is allowed account-wide',
      },
    ],
  },
  {
    name: 'SAM: AutoPublishAlias with every push event source (permissions on the alias)',
    ...SAM,
    path: 'tests/translator/input/function_with_alias_and_event_sources.yaml',
    sha256: 'c993cde31b14bf37fd33ca0747aa8f4358968c83f90c11e4358de41cf031ab79',
    format: 'cloudformation',
    options: { accountId: A },
    questions: [
      {
        request: {
          principal: 'service:sns.amazonaws.com',
          action: invoke,
          resource: `arn:aws:lambda:us-east-1:${A}:function:MyAwesomeFunction:Live`,
          context: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:Notifications` },
        },
        expected: 'Allow',
        why: 'NotificationTopic (SNS) event: MyAwesomeFunctionNotificationTopicPermission on !Ref MyAwesomeFunctionAliasLive, SourceArn !Ref Notifications',
      },
      {
        request: {
          principal: 'service:sns.amazonaws.com',
          action: invoke,
          resource: `arn:aws:lambda:us-east-1:${A}:function:MyAwesomeFunction`,
          context: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:Notifications` },
        },
        expected: 'ImplicitDeny',
        why: 'with AutoPublishAlias SAM connects events to the alias, not the function',
      },
      {
        request: {
          principal: 'service:logs.amazonaws.com',
          action: invoke,
          resource: `arn:aws:lambda:us-east-1:${A}:function:MyAwesomeFunction:Live`,
          context: { 'aws:SourceArn': `arn:aws:logs:us-east-1:${A}:log-group:MyLogGroup:*` },
        },
        expected: 'Allow',
        why: 'CWLog (CloudWatchLogs) event: SourceArn log-group:${LogGroupName}:*',
      },
      {
        request: {
          principal: 'service:s3.amazonaws.com',
          action: invoke,
          resource: `arn:aws:lambda:us-east-1:${A}:function:MyAwesomeFunction:Live`,
          context: { 'aws:SourceAccount': '999999999999' },
        },
        expected: 'ImplicitDeny',
        why: 'S3Trigger: SourceAccount !Ref AWS::AccountId',
      },
    ],
  },
  {
    name: 'SAM connectors from a function (own role and generated role) to a DynamoDB table',
    ...SAM,
    path: 'tests/translator/input/connector_function_to_table.yaml',
    sha256: '678dec026e173930fd9fe0bbf74245c2f4e45440d36f727172ff0c86a9ad46ed',
    format: 'cloudformation',
    options: { accountId: A },
    questions: [
      {
        request: {
          principal: `arn:aws:iam::${A}:role/MyRole`,
          action: 'dynamodb:GetItem',
          resource: `arn:aws:dynamodb:us-east-1:${A}:table/MyTable`,
        },
        expected: 'Allow',
        why: 'MyConnector: MyFunction (Role !GetAtt MyRole.Arn) → MyTable, Read',
      },
      {
        request: {
          principal: `arn:aws:iam::${A}:role/MyRole`,
          action: 'dynamodb:PutItem',
          resource: `arn:aws:dynamodb:us-east-1:${A}:table/MyTable`,
        },
        expected: 'Allow',
        why: 'MyConnectorWith2ACs: Read and Write',
      },
      {
        request: {
          principal: `arn:aws:iam::${A}:role/MyServerlessFunctionRole`,
          action: 'dynamodb:GetItem',
          resource: `arn:aws:dynamodb:us-east-1:${A}:table/MyTable`,
        },
        expected: 'Allow',
        why: 'MyConnectorWithTableArn: the generated role of MyServerlessFunction, Read',
      },
      {
        request: {
          principal: `arn:aws:iam::${A}:role/MyServerlessFunctionRole`,
          action: 'dynamodb:PutItem',
          resource: `arn:aws:dynamodb:us-east-1:${A}:table/MyTable`,
        },
        expected: 'ImplicitDeny',
        why: 'its connector grants Read only',
      },
    ],
  },
  {
    name: 'SAM policy templates (the translator kitchen sink)',
    ...SAM,
    path: 'tests/translator/input/all_policy_templates.yaml',
    sha256: '8f8839c90b0b586842b89e9a13ce7d326069322efc3ff3150f7f37603a381a4b',
    format: 'cloudformation',
    options: { accountId: A },
    questions: [
      {
        request: {
          principal: `arn:aws:iam::${A}:role/KitchenSinkFunctionRole`,
          action: 'sqs:ReceiveMessage',
          resource: `arn:aws:sqs:us-east-1:${A}:name`,
        },
        expected: 'Allow',
        why: 'SQSPollerPolicy QueueName: name',
      },
      {
        request: {
          principal: `arn:aws:iam::${A}:role/KitchenSinkFunctionRole`,
          action: 'dynamodb:DeleteItem',
          resource: `arn:aws:dynamodb:us-east-1:${A}:table/name`,
        },
        expected: 'Allow',
        why: 'DynamoDBCrudPolicy TableName: name',
      },
      {
        request: {
          principal: `arn:aws:iam::${A}:role/KitchenSinkFunctionRole`,
          action: 'dynamodb:DeleteTable',
          resource: `arn:aws:dynamodb:us-east-1:${A}:table/name`,
        },
        expected: 'ImplicitDeny',
        why: 'no template grants DeleteTable',
      },
      {
        request: {
          principal: `arn:aws:iam::${A}:role/KitchenSinkFunctionRole`,
          action: 's3:GetObject',
          resource: 'arn:aws:s3:::name/k',
        },
        expected: 'Allow',
        why: 'S3ReadPolicy BucketName: name',
      },
      {
        request: {
          principal: `arn:aws:iam::${A}:role/KitchenSinkFunctionRole`,
          action: 's3:GetObject',
          resource: 'arn:aws:s3:::other/k',
        },
        expected: 'ImplicitDeny',
        why: 'the S3 templates name only the bucket "name"',
      },
    ],
  },
  {
    name: 'Terraform 0.12 plan (TerraGoat): inline role and user policies, role = bare reference',
    ...CHECKOV,
    path: 'tests/terraform/runner/resources/plan/tfplan.json',
    sha256: '4f6aa4ac0e370cb039fda1d7d5a2b86c3711d0bb6a51decb452db88780bbcb99',
    format: 'terraform',
    options: { accountId: T },
    questions: [
      {
        request: {
          principal: `arn:aws:iam::${T}:role/${T}-acme-corp-role`,
          action: 's3:GetObject',
          resource: `arn:aws:s3:::${T}-acme-corp-data/customer-master.xlsx`,
        },
        expected: 'Allow',
        why: 'aws_iam_role_policy.ec2policy (role = aws_iam_role.ec2role.id, unknown in the plan): s3:*, ec2:*, rds:* on *',
      },
      {
        request: {
          principal: `arn:aws:iam::${T}:role/${T}-acme-corp-role`,
          action: 'iam:CreateUser',
          resource: `arn:aws:iam::${T}:user/x`,
        },
        expected: 'ImplicitDeny',
        why: 'ec2policy has no iam action',
      },
      {
        request: {
          principal: `arn:aws:iam::${T}:user/${T}-acme-corp-user`,
          action: 'lambda:ListFunctions',
          resource: '*',
        },
        expected: 'Allow',
        why: 'aws_iam_user_policy.userpolicy (excess_policy): lambda:*',
      },
      {
        request: {
          principal: `arn:aws:iam::${T}:user/${T}-acme-corp-user`,
          action: 'rds:DescribeDBInstances',
          resource: `arn:aws:rds:us-east-1:${T}:db:x`,
        },
        expected: 'ImplicitDeny',
        why: 'the user policy has ec2, s3, lambda, cloudwatch, not rds',
      },
    ],
  },
  {
    name: 'The same Terraform 0.12 plan re-encoded as UTF-16LE with a BOM (as PowerShell > writes it)',
    ...CHECKOV,
    path: 'tests/terraform/runner/resources/plan/tfplan.json',
    sha256: '4f6aa4ac0e370cb039fda1d7d5a2b86c3711d0bb6a51decb452db88780bbcb99',
    format: 'terraform',
    encode: 'utf16le-bom',
    options: { accountId: T },
    questions: [
      {
        request: {
          principal: `arn:aws:iam::${T}:role/${T}-acme-corp-role`,
          action: 'rds:DescribeDBInstances',
          resource: `arn:aws:rds:us-east-1:${T}:db:x`,
        },
        expected: 'Allow',
        why: 'ec2policy: rds:*',
      },
      {
        request: { principal: `arn:aws:iam::${T}:user/${T}-acme-corp-user`, action: 'iam:ListUsers', resource: '*' },
        expected: 'ImplicitDeny',
        why: 'excess_policy has no iam action',
      },
    ],
  },
  {
    name: 'Terraform 1.1 plan: group, user and role inline policies',
    ...CHECKOV,
    path: 'tests/terraform/runner/resources/plan_with_iam_policies/tfplan.json',
    sha256: 'd4403082f8a233f676d64d449c738c3886f2c0018bae211df01d0d5fdff486d5',
    format: 'terraform',
    options: { accountId: A },
    questions: [
      {
        request: {
          principal: `arn:aws:iam::${A}:user/example`,
          action: 'iam:CreateUser',
          resource: `arn:aws:iam::${A}:user/x`,
        },
        expected: 'Allow',
        why: 'aws_iam_user_policy.fail_3 (user = "example"): iam:* on *',
      },
      {
        request: { principal: `arn:aws:iam::${A}:user/example`, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' },
        expected: 'ImplicitDeny',
        why: 's3:Get* is the group policy, and the user is in no group',
      },
    ],
  },
  {
    name: 'Terraform 1.5 plan with for_each roles whose trust policy is data.aws_iam_policy_document.r4[each.key].json',
    ...CHECKOV,
    path: 'tests/terraform/checks/data/aws/example_GithubActionsOIDCTrustPolicy/tfplan.json',
    sha256: '48ea6bd2ef740c656d367ae34802eb090fb7f883973b8fb3aa6d1bc604d52a6c',
    format: 'terraform',
    options: { accountId: A },
    // The inline policies grant s3:ListBucket on "arn:aws:s3:::" (no bucket: test data), which no
    // request can name; the for_each instances are checked through their trust policies instead.
    trustContains: {
      [`arn:aws:iam::${A}:role/r8`]: 'system:serviceaccount:p1:default',
      [`arn:aws:iam::${A}:role/r9`]: 'system:serviceaccount:p2:default',
      [`arn:aws:iam::${A}:role/r7`]: 'system:serviceaccount:p1:default',
    },
    questions: [
      {
        request: { principal: `arn:aws:iam::${A}:role/r8`, action: 's3:ListBucket', resource: 'arn:aws:s3:::p1' },
        expected: 'ImplicitDeny',
        why: 'r8 may list only the bucket named by "arn:aws:s3:::"',
      },
    ],
  },
  {
    name: 'SAM connector from an SQS queue to a function, and SQS policy templates given by !GetAtt QueueName',
    ...SAM,
    path: 'tests/translator/input/connector_sqs_to_function.yaml',
    sha256: '914c9f548a6fe2444891d0520f13afa6118e605dfed0a84bfb08095045936918',
    format: 'cloudformation',
    options: { accountId: A },
    questions: [
      {
        request: {
          principal: `arn:aws:iam::${A}:role/TriggerFunctionRole`,
          action: 'sqs:SendMessage',
          resource: `arn:aws:sqs:us-east-1:${A}:Queue`,
        },
        expected: 'Allow',
        why: 'TriggerFunction SQSSendMessagePolicy QueueName !GetAtt Queue.QueueName',
      },
      {
        request: {
          principal: `arn:aws:iam::${A}:role/TriggerFunctionRole`,
          action: 'sqs:ReceiveMessage',
          resource: `arn:aws:sqs:us-east-1:${A}:VerificationQueue`,
        },
        expected: 'Allow',
        why: 'TriggerFunction SQSPollerPolicy QueueName !GetAtt VerificationQueue.QueueName',
      },
      {
        request: {
          principal: `arn:aws:iam::${A}:role/TriggerFunctionRole`,
          action: 'sqs:ReceiveMessage',
          resource: `arn:aws:sqs:us-east-1:${A}:Queue`,
        },
        expected: 'ImplicitDeny',
        why: 'it only sends to Queue',
      },
      {
        request: {
          principal: `arn:aws:iam::${A}:role/InvokedFunctionRole`,
          action: 'sqs:DeleteMessage',
          resource: `arn:aws:sqs:us-east-1:${A}:Queue`,
        },
        expected: 'Allow',
        why: 'Connector Queue → InvokedFunction, Write: sqs:DeleteMessage on the source queue (SAM connector profile)',
      },
      {
        request: {
          principal: `arn:aws:iam::${A}:role/InvokedFunctionRole`,
          action: 'sqs:SendMessage',
          resource: `arn:aws:sqs:us-east-1:${A}:Queue`,
        },
        expected: 'ImplicitDeny',
        why: 'the connector grants Receive/GetQueueAttributes/Delete, and its policy template sends only to VerificationQueue',
      },
    ],
  },
  {
    name: 'Terraform 0.12.24 plan with modules (terraform-compliance issue 249): two roles with similar inline policies',
    ...TF_COMPLIANCE,
    path: 'tests/functional/test_issue-249/plan.out.json',
    sha256: 'a54131c5e832a597bea1f4572d11322809c7957f5263a515315a17344e2090f5',
    format: 'terraform',
    options: { accountId: A },
    questions: [
      {
        request: {
          principal: `arn:aws:iam::${A}:role/myapp-sandbox-instance-role-terraform`,
          action: 'ec2:TerminateInstances',
          resource: `arn:aws:ec2:us-east-1:${A}:instance/i-0123456789abcdef0`,
        },
        expected: 'Allow',
        why: 'MyAppInstanceRoleAccess lists ec2:TerminateInstances on *',
      },
      {
        request: {
          principal: `arn:aws:iam::${A}:role/myapp-lambda-exec-role-sandbox`,
          action: 'ec2:TerminateInstances',
          resource: `arn:aws:ec2:us-east-1:${A}:instance/i-0123456789abcdef0`,
        },
        expected: 'ImplicitDeny',
        why: 'MyAppambdaExecutionRoleAccess is the same list without ec2:TerminateInstances',
      },
      {
        request: {
          principal: `arn:aws:iam::${A}:role/myapp-lambda-exec-role-sandbox`,
          action: 'dynamodb:DeleteTable',
          resource: `arn:aws:dynamodb:us-east-1:${A}:table/t`,
        },
        expected: 'Allow',
        why: 'dynamodb:* on *',
      },
      {
        request: {
          principal: `arn:aws:iam::${A}:role/myapp-lambda-exec-role-sandbox`,
          action: 'iam:CreateRole',
          resource: `arn:aws:iam::${A}:role/x`,
        },
        expected: 'ImplicitDeny',
        why: 'only iam Get/List and PassRole',
      },
    ],
  },
];
