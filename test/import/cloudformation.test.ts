import { describe, expect, it } from 'vitest';
import { fromCloudFormation } from '../../src/import/cloudformation/index.js';
import { authorizerOf, decide, fixture, LAMBDA_BASIC, warningsOf } from './helpers.js';

const ACCOUNT = '123456789012';

describe('fromCloudFormation: CDK output (JSON)', () => {
  const result = fromCloudFormation(fixture('cdk-reports.template.json'), { managedPolicies: LAMBDA_BASIC });
  const az = authorizerOf(result);
  const role = `arn:aws:iam::${ACCOUNT}:role/ReaderServiceRoleB2B9A1F0`;
  const bucket = 'arn:aws:s3:::reportsbucket4e2c1b53';
  const key = `arn:aws:kms:us-east-1:${ACCOUNT}:key/ReportsKey6F6C2A3B`;

  it('names generated resources by logical id and reports their ARNs', () => {
    expect(result.ok && result.arns).toMatchObject({
      ReaderServiceRoleB2B9A1F0: role,
      ReportsBucket4E2C1B53: bucket,
      ReportsKey6F6C2A3B: key,
      Reader5D5A2B1C: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:Reader5D5A2B1C`,
    });
  });

  it('the role (as a session) may read the bucket through its inline policy', () => {
    expect(
      decide(az, {
        principal: role,
        action: 's3:GetObject',
        resource: `${bucket}/2025/q1.csv`,
        resourcePolicy: bucket,
        context: { 'aws:SecureTransport': 'true' },
      }),
    ).toBe('Allow');
    expect(
      decide(az, {
        principal: role,
        action: 's3:ListBucket',
        resource: bucket,
        context: { 'aws:SecureTransport': 'true' },
      }),
    ).toBe('Allow');
  });

  it('the bucket policy denies plain HTTP and deleting archives, even though the role allows it', () => {
    const object = {
      principal: role,
      action: 's3:GetObject',
      resource: `${bucket}/2025/q1.csv`,
      resourcePolicy: bucket,
    };
    expect(decide(az, { ...object, context: { 'aws:SecureTransport': 'false' } })).toBe('ExplicitDeny');
    expect(decide(az, { ...object, action: 's3:DeleteObject', context: { 'aws:SecureTransport': 'true' } })).toBe(
      'Allow',
    );
    expect(
      decide(az, {
        ...object,
        action: 's3:DeleteObject',
        resource: `${bucket}/archive/2020.csv`,
        context: { 'aws:SecureTransport': 'true' },
      }),
    ).toBe('ExplicitDeny');
  });

  it('what the role does not allow is implicitly denied', () => {
    expect(
      decide(az, {
        principal: role,
        action: 's3:PutObject',
        resource: `${bucket}/x`,
        resourcePolicy: bucket,
        context: { 'aws:SecureTransport': 'true' },
      }),
    ).toBe('ImplicitDeny');
    expect(decide(az, { principal: role, action: 'kms:Encrypt', resource: key })).toBe('ImplicitDeny');
  });

  it('KMS: the key policy delegates to the account, and the role allows Decrypt', () => {
    expect(decide(az, { principal: role, action: 'kms:Decrypt', resource: key })).toBe('Allow');
    const world = result.ok ? result.world : undefined;
    expect(world?.resources?.[key]).toMatchObject({ kind: 'kms-key', account: ACCOUNT });
  });

  it('the AWS managed policy comes from the catalog into the world', () => {
    expect(
      decide(az, {
        principal: role,
        action: 'logs:PutLogEvents',
        resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/x:*`,
      }),
    ).toBe('Allow');
  });

  it('the Lambda permission lets EventBridge invoke the function only from the rule', () => {
    const fn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:Reader5D5A2B1C`;
    const rule = `arn:aws:events:us-east-1:${ACCOUNT}:rule/NightlyRule9A8B7C6D`;
    expect(
      decide(az, {
        principal: 'service:events.amazonaws.com',
        action: 'lambda:InvokeFunction',
        resource: fn,
        context: { 'aws:SourceArn': rule },
      }),
    ).toBe('Allow');
    expect(
      decide(az, {
        principal: 'service:events.amazonaws.com',
        action: 'lambda:InvokeFunction',
        resource: fn,
        context: { 'aws:SourceArn': `${rule}-other` },
      }),
    ).toBe('ImplicitDeny');
  });

  it('a role ARN as the principal is a session of that role named iam-verdict, without session policy', () => {
    const d = az.authorize(
      { principal: role, action: 'kms:Decrypt', resource: key, time: '2026-01-01T00:00:00Z' },
      { explain: true },
    );
    expect(d.decision).toBe('Allow');
    expect(d.explanation?.principal).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/ReaderServiceRoleB2B9A1F0/iam-verdict`);
    expect(d.explanation?.layers.find((l) => l.layer === 'session')?.verdict ?? 'absent').toBe('absent');
  });

  it('tags of the bucket and the role are imported', () => {
    const world = result.ok ? result.world : undefined;
    expect(world?.resources?.[bucket]?.tags).toEqual({ classification: 'internal' });
    expect(world?.roles?.[role]?.tags).toEqual({ team: 'analytics' });
  });

  it('warns about what it skips, but not about CDK metadata', () => {
    const w = warningsOf(result);
    expect(w).toContainEqual({ code: 'unsupported-resource', path: 'Resources.NightlyRule9A8B7C6D' });
    expect(w.some((x) => x.path.includes('CDKMetadata'))).toBe(false);
  });

  it('without a catalog the AWS managed policy is reported, and the authorizer refuses the world', () => {
    const bare = fromCloudFormation(fixture('cdk-reports.template.json'));
    expect(bare.ok).toBe(true);
    expect(warningsOf(bare).map((w) => w.code)).toContain('undefined-managed-policy');
  });

  it('uses the account, region and partition it is given', () => {
    const cn = fromCloudFormation(fixture('cdk-reports.template.json'), {
      accountId: '210987654321',
      region: 'cn-north-1',
      partition: 'aws-cn',
    });
    expect(cn.ok && cn.arns.ReportsKey6F6C2A3B).toBe('arn:aws-cn:kms:cn-north-1:210987654321:key/ReportsKey6F6C2A3B');
  });
});

describe('fromCloudFormation: YAML with short-form intrinsics', () => {
  const text = fixture('app.template.yaml');
  const dev = fromCloudFormation(text, { imports: { 'shared-config-bucket': 'shared-config' } });
  const devAz = authorizerOf(dev);
  const prod = fromCloudFormation(text, { parameters: { Env: 'prod' }, region: 'eu-west-1' });
  const prodAz = authorizerOf(prod);
  const region = (r: string) => ({ 'aws:RequestedRegion': r });

  it('resolves !Sub, !Ref and Path into role names and ARNs', () => {
    expect(dev.ok && dev.arns.AppRole).toBe(`arn:aws:iam::${ACCOUNT}:role/service/dev-orders-app`);
    expect(prod.ok && prod.arns.AppRole).toBe(`arn:aws:iam::${ACCOUNT}:role/service/prod-orders-app`);
    expect(dev.ok && dev.world.roles?.[`arn:aws:iam::${ACCOUNT}:role/service/dev-orders-app`]?.maxSessionDuration).toBe(
      7200,
    );
  });

  it('!If on a condition adds the prod-only Deny statement only in prod', () => {
    const put = (az: typeof devAz, role: string, r: string) =>
      decide(az, {
        principal: role,
        action: 's3:PutObject',
        resource: 'arn:aws:s3:::orders-data/orders/locked/1.json',
        context: region(r),
      });
    expect(put(devAz, `arn:aws:iam::${ACCOUNT}:role/service/dev-orders-app`, 'us-east-1')).toBe('Allow');
    expect(put(prodAz, `arn:aws:iam::${ACCOUNT}:role/service/prod-orders-app`, 'eu-west-1')).toBe('ExplicitDeny');
  });

  it('!FindInMap on AWS::Region sets the boundary: requests outside the approved region are denied', () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/service/dev-orders-app`;
    const req = { principal: role, action: 's3:GetObject', resource: 'arn:aws:s3:::orders-data/orders/1.json' };
    expect(decide(devAz, { ...req, context: region('us-east-1') })).toBe('Allow');
    expect(decide(devAz, { ...req, context: region('eu-west-1') })).toBe('ImplicitDeny');
  });

  it('!GetAtt Queue.Arn and a queue policy addressed by !Ref Queue (a URL)', () => {
    const queue = `arn:aws:sqs:us-east-1:${ACCOUNT}:orders-dev`;
    const topic = `arn:aws:sns:us-east-1:${ACCOUNT}:stack-orders`;
    expect(dev.ok && dev.world.resources?.[queue]?.policy).toBeDefined();
    expect(
      decide(devAz, {
        principal: 'service:sns.amazonaws.com',
        action: 'sqs:SendMessage',
        resource: queue,
        context: { 'aws:SourceArn': topic },
      }),
    ).toBe('Allow');
    expect(
      decide(devAz, {
        principal: 'service:sns.amazonaws.com',
        action: 'sqs:SendMessage',
        resource: queue,
        context: { 'aws:SourceArn': `${topic}-2` },
      }),
    ).toBe('ImplicitDeny');
    expect(dev.ok && dev.world.resources?.[queue]?.tags).toEqual({ env: 'dev' });
  });

  it('a CommaDelimitedList parameter becomes a list of principals', () => {
    const topic = `arn:aws:sns:us-east-1:${ACCOUNT}:stack-orders`;
    const doc = dev.ok ? (dev.world.resources?.[topic]?.policy as { Statement: { Principal: unknown }[] }) : undefined;
    expect(doc?.Statement[0]?.Principal).toEqual({ AWS: ['444455556666', '777788889999'] });
  });

  it('group membership through UserToGroupAddition and a managed policy with an MFA condition', () => {
    const alice = `arn:aws:iam::${ACCOUNT}:user/alice`;
    const queue = `arn:aws:sqs:us-east-1:${ACCOUNT}:orders-dev`;
    expect(dev.ok && dev.world.users?.[alice]?.groups).toEqual([`arn:aws:iam::${ACCOUNT}:group/operators`]);
    // MFA is a fact of the sign-in, not of the world: simulated with allowOverrides (issue #11).
    const withMfa = {
      principal: alice,
      action: 'sqs:ReceiveMessage',
      resource: queue,
      time: '2026-01-01T00:00:00Z',
      context: { 'aws:MultiFactorAuthPresent': 'true' },
    };
    expect(devAz.authorize(withMfa, { allowOverrides: true }).decision).toBe('Allow');
    expect(devAz.authorize(withMfa).decision).not.toBe('Allow');
    expect(decide(devAz, { principal: alice, action: 'sqs:ReceiveMessage', resource: queue })).toBe('ImplicitDeny');
    expect(dev.ok && dev.arns.OperatorPolicy).toBe(`arn:aws:iam::${ACCOUNT}:policy/OperatorPolicy`);
  });

  it('resources under a false condition are not created', () => {
    expect(dev.ok && Object.keys(dev.world.users ?? {})).toContain(`arn:aws:iam::${ACCOUNT}:user/dev-tester`);
    expect(prod.ok && Object.keys(prod.world.users ?? {})).not.toContain(`arn:aws:iam::${ACCOUNT}:user/dev-tester`);
  });

  it('an instance profile holds the role', () => {
    expect(dev.ok && dev.world.instanceProfiles).toEqual({
      [`arn:aws:iam::${ACCOUNT}:instance-profile/AppInstanceProfile`]: {
        role: `arn:aws:iam::${ACCOUNT}:role/service/dev-orders-app`,
      },
    });
  });

  it('!ImportValue resolves from the imports option; without it, it is a reported placeholder matching nothing', () => {
    const role = (az: typeof devAz, env: string, r: string) =>
      decide(az, {
        principal: `arn:aws:iam::${ACCOUNT}:role/service/${env}-orders-app`,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::shared-config/app.json',
        context: region(r),
      });
    expect(role(devAz, 'dev', 'us-east-1')).toBe('Allow');
    expect(role(prodAz, 'prod', 'eu-west-1')).toBe('ImplicitDeny');
    const w = prod.ok ? prod.warnings.find((x) => x.code === 'unresolved-value') : undefined;
    expect(w?.path).toBe(
      'Resources.AppRole.Properties.Policies[0].PolicyDocument.Statement[3].Resource.Fn::Join[1][1].Fn::ImportValue',
    );
    const policy = prod.ok
      ? prod.world.roles?.[`arn:aws:iam::${ACCOUNT}:role/service/prod-orders-app`]?.policies?.[0]
      : undefined;
    const statement = (policy as { document: { Statement: { Resource: string }[] } }).document.Statement[3];
    // The placeholder holds no wildcard or variable: only the template's own "/*" follows it.
    expect(statement?.Resource).toBe(
      'arn:aws:s3:::arn:aws:iam-verdict-unresolved:::ImportValue/shared-config-bucket/*',
    );
  });
});
