import { describe, expect, it } from 'vitest';
import { fromTerraformPlan } from '../../src/import/terraform/index.js';
import { authorizerOf, decide, fixture, warningsOf } from './helpers.js';

const ACCOUNT = '111122223333';
const READ_ONLY = (arn: string): unknown =>
  arn === 'arn:aws:iam::aws:policy/ReadOnlyAccess'
    ? {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 'ec2:Describe*', 'sqs:Get*'], Resource: '*' }],
      }
    : undefined;

describe('fromTerraformPlan: a plan with a child module', () => {
  const result = fromTerraformPlan(fixture('platform.plan.json'), { managedPolicies: READ_ONLY });
  const az = authorizerOf(result);
  const ci = `arn:aws:iam::${ACCOUNT}:role/ci/ci-deployer`;
  const bucket = 'arn:aws:s3:::acme-artifacts';
  const tls = { 'aws:SecureTransport': 'true' };

  it('takes the account and region from the plan, and derives ARNs known only after apply', () => {
    expect(result.ok && result.arns).toMatchObject({
      'module.ci.aws_iam_role.this': ci,
      'aws_iam_policy.boundary': `arn:aws:iam::${ACCOUNT}:policy/ci-boundary`,
      'aws_s3_bucket.artifacts': bucket,
      'aws_kms_key.artifacts': `arn:aws:kms:eu-central-1:${ACCOUNT}:key/aws_kms_key.artifacts`,
      'aws_sqs_queue_policy.events': `arn:aws:sqs:eu-central-1:${ACCOUNT}:artifact-events`,
    });
  });

  it('the module role gets its inline policy through `role = aws_iam_role.this.id` (unknown until apply)', () => {
    expect(
      decide(az, {
        principal: ci,
        action: 's3:PutObject',
        resource: `${bucket}/build/1.zip`,
        resourcePolicy: bucket,
        context: tls,
      }),
    ).toBe('Allow');
    expect(
      decide(az, {
        principal: ci,
        action: 's3:DeleteObject',
        resource: `${bucket}/build/1.zip`,
        resourcePolicy: bucket,
        context: tls,
      }),
    ).toBe('ExplicitDeny');
  });

  it('the boundary passed into the module as var.boundary_arn = aws_iam_policy.boundary.arn limits the role', () => {
    const role = result.ok ? result.world.roles?.[ci] : undefined;
    expect(role?.permissionsBoundary).toBe(`arn:aws:iam::${ACCOUNT}:policy/ci-boundary`);
    // The role allows iam:PassRole, the boundary does not.
    expect(
      decide(az, { principal: ci, action: 'iam:PassRole', resource: `arn:aws:iam::${ACCOUNT}:role/app/web` }),
    ).toBe('ImplicitDeny');
    // The attached AWS managed policy allows ec2:Describe*, and so does the boundary.
    expect(decide(az, { principal: ci, action: 'ec2:DescribeInstances', resource: '*' })).toBe('Allow');
  });

  it('the bucket policy reaches the bucket through `bucket = aws_s3_bucket.artifacts.id`', () => {
    expect(
      decide(az, {
        principal: ci,
        action: 's3:GetObject',
        resource: `${bucket}/build/1.zip`,
        resourcePolicy: bucket,
        context: { 'aws:SecureTransport': 'false' },
      }),
    ).toBe('ExplicitDeny');
  });

  it('the key policy denies Decrypt to everyone outside /ci/', () => {
    const key = `arn:aws:kms:eu-central-1:${ACCOUNT}:key/aws_kms_key.artifacts`;
    expect(decide(az, { principal: ci, action: 'kms:Decrypt', resource: key })).toBe('Allow');
    expect(decide(az, { principal: `arn:aws:iam::${ACCOUNT}:user/alice`, action: 'kms:Decrypt', resource: key })).toBe(
      'ExplicitDeny',
    );
  });

  it('for_each users, group membership and a policy attached by ARN known only after apply', () => {
    const alice = `arn:aws:iam::${ACCOUNT}:user/alice`;
    expect(result.ok && result.world.users?.[alice]).toMatchObject({
      groups: [`arn:aws:iam::${ACCOUNT}:group/operators`],
      tags: { team: 'ops' },
    });
    const queue = `arn:aws:sqs:eu-central-1:${ACCOUNT}:artifact-events`;
    expect(decide(az, { principal: alice, action: 'sqs:ReceiveMessage', resource: queue })).toBe('Allow');
    expect(decide(az, { principal: alice, action: 'sqs:DeleteMessage', resource: queue })).toBe('ImplicitDeny');
  });

  it('a policy document known only after apply is reported and grants nothing', () => {
    expect(warningsOf(result)).toContainEqual({
      code: 'unknown-after-apply',
      path: 'planned_values.root_module.resources[8].values.policy',
    });
    expect(warningsOf(result).filter((w) => w.path.endsWith('resources[8].values.policy'))).toHaveLength(1);
    const group = result.ok ? result.world.groups?.[`arn:aws:iam::${ACCOUNT}:group/operators`] : undefined;
    expect(JSON.stringify(group?.policies?.[0])).toContain('iam-verdict-unresolved');
  });

  it('the queue policy lets S3 send events from the bucket only', () => {
    const queue = `arn:aws:sqs:eu-central-1:${ACCOUNT}:artifact-events`;
    expect(
      decide(az, {
        principal: 'service:s3.amazonaws.com',
        action: 'sqs:SendMessage',
        resource: queue,
        context: { 'aws:SourceArn': bucket },
      }),
    ).toBe('Allow');
    expect(
      decide(az, {
        principal: 'service:s3.amazonaws.com',
        action: 'sqs:SendMessage',
        resource: queue,
        context: { 'aws:SourceArn': 'arn:aws:s3:::other' },
      }),
    ).toBe('ImplicitDeny');
  });

  it('tags_all wins over tags, and unsupported resources are reported', () => {
    expect(result.ok && result.world.roles?.[ci]?.tags).toEqual({ purpose: 'ci', 'managed-by': 'terraform' });
    expect(warningsOf(result)).toContainEqual({
      code: 'unsupported-resource',
      path: 'planned_values.root_module.resources[13]',
    });
  });

  it('the account given by the caller wins over the plan', () => {
    const other = fromTerraformPlan(fixture('platform.plan.json'), { accountId: '999988887777' });
    expect(other.ok && other.arns['aws_iam_policy.boundary']).toBe('arn:aws:iam::999988887777:policy/ci-boundary');
  });
});

describe('fromTerraformPlan: malformed and partial plans', () => {
  it('rejects what is not a plan', () => {
    for (const input of ['{"format_version": "1.2"}', '[]', 'not: [json', 7]) {
      const r = fromTerraformPlan(input);
      expect(r.ok).toBe(false);
    }
    const syntax = fromTerraformPlan('{"planned_values": {"root_module": {}},}');
    expect(!syntax.ok && syntax.errors[0]).toMatchObject({ code: 'invalid-json', line: 1 });
  });

  it('an empty plan is an empty world', () => {
    const r = fromTerraformPlan({ planned_values: { root_module: {} } });
    expect(r.ok && r.world.roles).toEqual({});
  });

  it('a role name known only after apply (name_prefix) is made from the address, and reported', () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const r = fromTerraformPlan({
      planned_values: {
        root_module: {
          resources: [
            {
              address: 'aws_iam_role.web',
              mode: 'managed',
              type: 'aws_iam_role',
              name: 'web',
              values: { name_prefix: 'web-', path: '/', assume_role_policy: trust },
            },
          ],
        },
      },
      resource_changes: [
        { address: 'aws_iam_role.web', change: { actions: ['create'], after_unknown: { name: true, arn: true } } },
      ],
    });
    expect(r.ok && r.arns['aws_iam_role.web']).toBe('arn:aws:iam::123456789012:role/aws_iam_role.web');
    expect(warningsOf(r)).toContainEqual({ code: 'unknown-name', path: 'planned_values.root_module.resources[0]' });
  });

  it('an attachment to a role the plan does not define is reported and skipped', () => {
    const r = fromTerraformPlan({
      planned_values: {
        root_module: {
          resources: [
            {
              address: 'aws_iam_role_policy_attachment.x',
              mode: 'managed',
              type: 'aws_iam_role_policy_attachment',
              name: 'x',
              values: { role: 'existing', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
            },
          ],
        },
      },
    });
    expect(warningsOf(r)).toEqual([
      { code: 'external-role', path: 'planned_values.root_module.resources[0].values.role' },
    ]);
  });

  it('an invalid policy in a plan is an error at its path', () => {
    const r = fromTerraformPlan({
      planned_values: {
        root_module: {
          resources: [
            {
              address: 'aws_iam_policy.p',
              mode: 'managed',
              type: 'aws_iam_policy',
              name: 'p',
              values: {
                name: 'p',
                policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}',
              },
            },
          ],
        },
      },
    });
    expect(!r.ok && r.errors[0]?.path).toBe(
      'planned_values.root_module.resources[0].values.policy.Statement[0].Resource',
    );
  });
});

describe('fromTerraformPlan: documents', () => {
  it('policy documents in the world are ordinary objects', () => {
    const r = fromTerraformPlan(fixture('platform.plan.json'));
    const role = r.ok ? r.world.roles?.['arn:aws:iam::111122223333:role/ci/ci-deployer'] : undefined;
    const condition = (role?.trustPolicy as { Statement: { Condition: object }[] }).Statement[0]?.Condition;
    expect(Object.getPrototypeOf(condition)).toBe(Object.prototype);
  });
});

describe('fromTerraformPlan: inline resource policies', () => {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sns:Publish', Resource: '*' }],
  });
  const topic = (
    values: Record<string, unknown>,
    unknown: Record<string, unknown>,
    expressions: Record<string, unknown>,
  ) =>
    fromTerraformPlan({
      planned_values: {
        root_module: {
          resources: [
            {
              address: 'aws_sns_topic.t',
              mode: 'managed',
              type: 'aws_sns_topic',
              name: 't',
              values: { name: 'events', ...values },
            },
          ],
        },
      },
      resource_changes: [
        { address: 'aws_sns_topic.t', change: { actions: ['create'], after_unknown: { arn: true, ...unknown } } },
      ],
      configuration: {
        root_module: {
          resources: [{ address: 'aws_sns_topic.t', mode: 'managed', type: 'aws_sns_topic', name: 't', expressions }],
        },
      },
    });
  const arn = 'arn:aws:sns:us-east-1:123456789012:events';

  it('a known topic policy is the topic policy', () => {
    const r = topic({ policy }, {}, { policy: { constant_value: policy } });
    expect(
      decide(authorizerOf(r), { principal: 'service:s3.amazonaws.com', action: 'sns:Publish', resource: arn }),
    ).toBe('Allow');
  });

  it('an unset (computed) policy adds none; a configured unknown one is reported and lets nobody in', () => {
    expect(topic({}, { policy: true }, {}).ok && topic({}, { policy: true }, {}).warnings).toEqual([]);
    const r = topic({}, { policy: true }, { policy: { references: ['aws_s3_bucket.b.arn', 'aws_s3_bucket.b'] } });
    expect(warningsOf(r)).toEqual([
      { code: 'unknown-after-apply', path: 'planned_values.root_module.resources[0].values.policy' },
    ]);
    expect(
      decide(authorizerOf(r), { principal: 'service:s3.amazonaws.com', action: 'sns:Publish', resource: arn }),
    ).toBe('ImplicitDeny');
  });
});
