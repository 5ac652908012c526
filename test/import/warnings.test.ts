import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromCloudFormation } from '../../src/import/cloudformation/index.js';
import { fromTerraformPlan } from '../../src/import/terraform/index.js';
import { isDecisive, summarizeWarnings } from '../../src/import/result.js';
import { runCli } from '../cli/helpers.js';

const TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
const TEMPLATE = {
  Resources: {
    SubnetA: { Type: 'AWS::EC2::Subnet', Properties: { CidrBlock: '10.0.0.0/24' } },
    SubnetB: { Type: 'AWS::EC2::Subnet', Properties: { CidrBlock: '10.0.1.0/24' } },
    Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'app', AssumeRolePolicyDocument: TRUST } },
    Elsewhere: {
      Type: 'AWS::IAM::RolePolicy',
      Properties: {
        RoleName: 'not-here',
        PolicyName: 'p',
        PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
      },
    },
  },
};

describe('import warnings are ranked: those that can change a decision first', () => {
  const r = fromCloudFormation(TEMPLATE);

  it('the dropped inline policy comes before the skipped subnets', () => {
    expect(r.warnings.map((w) => w.code)).toEqual(['external-role', 'unsupported-resource', 'unsupported-resource']);
    expect(isDecisive(r.warnings[0]!)).toBe(true);
  });

  it('summarizeWarnings counts the others by code', () => {
    const s = summarizeWarnings(r.warnings);
    expect(s.decisive.map((w) => w.code)).toEqual(['external-role']);
    expect(s.others.map((o) => [o.code, o.count])).toEqual([['unsupported-resource', 2]]);
  });

  it('iam-verdict test: the count by default, ranked and summarised with --warnings, all with --verbose', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iam-verdict-warnings-'));
    writeFileSync(join(dir, 'stack.template.json'), JSON.stringify(TEMPLATE));
    writeFileSync(
      join(dir, 'stack.iam-test.yaml'),
      'name: stack\nworld:\n  path: stack.template.json\n  format: cloudformation\ntests:\n  - name: the role cannot read\n    principal: arn:aws:iam::123456789012:role/app\n    action: s3:GetObject\n    resource: arn:aws:s3:::b/k\n    expect: ImplicitDeny\n',
    );
    const file = join(dir, 'stack.iam-test.yaml');
    const plain = await runCli(['test', file, '--no-color']);
    expect(plain.stdout).toContain('(3 import warnings, 1 of which can change a decision; --warnings shows them)');
    const ranked = await runCli(['test', file, '--warnings', '--no-color']);
    expect(ranked.stdout).toContain('external-role');
    expect(ranked.stdout).toContain('2 × unsupported-resource');
    expect(ranked.stdout).not.toContain('SubnetB');
    const verbose = await runCli(['test', file, '--warnings', '--verbose', '--no-color']);
    expect(verbose.stdout).toContain('SubnetB');
    expect(verbose.code).toBe(0);
  });
});

describe('warning messages never show a placeholder, nor a double space where a value is empty', () => {
  it('an unresolved managed policy and an unknown export are named for what they stand for', () => {
    const r = fromCloudFormation({
      Parameters: { Boundary: { Type: 'String' } },
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: TRUST,
            PermissionsBoundary: { Ref: 'Boundary' },
            ManagedPolicyArns: [{ 'Fn::ImportValue': { Ref: 'Nope' } }],
          },
        },
      },
    });
    const text = r.warnings.map((w) => w.message).join('\n');
    expect(text).not.toContain('iam-verdict-unresolved');
    expect(text).toContain('<unknown: Ref/Boundary>');
    expect(text).not.toMatch(/ {2}/);
  });
});

describe('a snapshot member of the wrong shape is reported, not dropped silently', () => {
  it('RolePolicyList as an object', async () => {
    const { fromAuthorizationDetails } = await import('../../src/import/authorization-details/index.js');
    const r = fromAuthorizationDetails({
      RoleDetailList: [
        {
          Arn: 'arn:aws:iam::123456789012:role/app',
          RoleName: 'app',
          AssumeRolePolicyDocument: TRUST,
          RolePolicyList: {
            PolicyName: 'p',
            PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
          },
        },
      ],
    });
    expect(r.warnings.map((w) => [w.code, w.path])).toContainEqual([
      'invalid-member',
      'RoleDetailList[0].RolePolicyList',
    ]);
  });
});

describe('a dropped policy is reported only when the property holds one (found running public templates)', () => {
  it('CloudFormation: SslPolicy, CachePolicyConfig, scaling PolicyType and PolicyName are not policies; documents are', () => {
    const r = fromCloudFormation({
      Parameters: { LogsPolicyText: { Type: 'String' } },
      Resources: {
        Listener: {
          Type: 'AWS::ElasticLoadBalancingV2::Listener',
          Properties: { Port: 443, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' },
        },
        Cache: {
          Type: 'AWS::CloudFront::CachePolicy',
          Properties: { CachePolicyConfig: { Name: 'nocache', DefaultTTL: 0, MinTTL: 0, MaxTTL: 0 } },
        },
        Scaling: {
          Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
          Properties: { PolicyName: 'cpu', PolicyType: 'TargetTrackingScaling' },
        },
        Attach: {
          Type: 'AWS::IoT::PolicyPrincipalAttachment',
          Properties: { PolicyName: 'devices', Principal: 'arn:aws:iot:us-east-1:123456789012:cert/abc' },
        },
        // A document given by a parameter is not known offline, but it is a policy.
        Logs: {
          Type: 'AWS::Logs::ResourcePolicy',
          Properties: { PolicyName: 'to-logs', PolicyDocument: { Ref: 'LogsPolicyText' } },
        },
        // An unmodelled type whose `Policy` holds a document as JSON text.
        Lattice: {
          Type: 'AWS::VpcLattice::ServiceNetwork',
          Properties: { Policy: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}' },
        },
      },
    });
    const dropped = r.warnings.filter((w) => w.code === 'unmodelled-resource-policy');
    expect(dropped.map((w) => w.path)).toEqual(['Resources.Logs.Properties', 'Resources.Lattice.Properties']);
    expect(dropped[0]?.message).toContain('Logs.PolicyDocument was dropped');
    expect(dropped[0]?.message).not.toContain('PolicyName');
    expect(r.warnings.filter((w) => w.code === 'unsupported-resource').map((w) => w.path)).toEqual([
      'Resources.Listener',
      'Resources.Cache',
      'Resources.Scaling',
      'Resources.Attach',
    ]);
  });

  it('Terraform: ssl_policy of a listener is not a policy; a log resource policy document is', () => {
    const resource = (type: string, name: string, values: Record<string, unknown>) => ({
      address: `${type}.${name}`,
      mode: 'managed',
      type,
      name,
      values,
    });
    const r = fromTerraformPlan({
      format_version: '1.2',
      terraform_version: '1.9.0',
      planned_values: {
        root_module: {
          resources: [
            resource('aws_lb_listener', 'https', { port: 443, ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }),
            resource('aws_cloudwatch_log_resource_policy', 'r53', {
              policy_name: 'r53',
              policy_document:
                '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"route53.amazonaws.com"},"Action":"logs:PutLogEvents","Resource":"*"}]}',
            }),
          ],
        },
      },
    });
    const dropped = r.warnings.filter((w) => w.code === 'unmodelled-resource-policy');
    expect(dropped.map((w) => w.message)).toEqual([
      expect.stringContaining('the policy in aws_cloudwatch_log_resource_policy.r53.policy_document was dropped'),
    ]);
    expect(r.warnings.filter((w) => w.code === 'unsupported-resource').map((w) => w.message)).toEqual([
      expect.stringContaining('aws_lb_listener (aws_lb_listener.https)'),
    ]);
  });
});
