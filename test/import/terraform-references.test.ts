import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTextFile } from '../../src/cli/files.js';
import { decodeText } from '../../src/import/input.js';
import { fromTerraformPlan } from '../../src/import/terraform/index.js';
import { authorizerOf, verdict, decide, fixture, warningsOf } from './helpers.js';

const ACCOUNT = '444455556666';
const tls = { 'aws:SecureTransport': 'true' };
const bucket = 'arn:aws:s3:::acme-data-013';

describe('fromTerraformPlan: a Terraform 0.13 plan (bare references, count and for_each)', () => {
  const result = fromTerraformPlan(fixture('legacy-013.plan.json'));
  const az = authorizerOf(result);
  const app = `arn:aws:iam::${ACCOUNT}:role/app-role`;

  it('`role = aws_iam_role.app.id`, recorded as the bare aws_iam_role.app, reaches the role', () => {
    expect(decide(az, { principal: app, action: 's3:GetObject', resource: `${bucket}/k`, context: tls })).toBe('Allow');
  });

  it('`policy_arn = aws_iam_policy.p[count.index].arn` attaches each instance to its own attachment', () => {
    expect(result.ok && result.world.roles?.[app]?.policies).toEqual(
      expect.arrayContaining([
        `arn:aws:iam::${ACCOUNT}:policy/read-logs`,
        `arn:aws:iam::${ACCOUNT}:policy/write-queue`,
      ]),
    );
    expect(
      decide(az, { principal: app, action: 'sqs:SendMessage', resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders` }),
    ).toBe('Allow');
    expect(
      decide(az, {
        principal: app,
        action: 'logs:PutLogEvents',
        resource: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:x:*`,
      }),
    ).toBe('Allow');
  });

  it('`bucket = aws_s3_bucket.data.id`, recorded bare, attaches the bucket policy', () => {
    expect(
      decide(az, {
        principal: app,
        action: 's3:GetObject',
        resource: `${bucket}/k`,
        context: { 'aws:SecureTransport': 'false' },
      }),
    ).toBe('ExplicitDeny');
  });

  it("`aws_iam_policy.per_user[each.key].arn` resolves through the attachment's own key", () => {
    const alice = `arn:aws:iam::${ACCOUNT}:user/alice`;
    const bob = `arn:aws:iam::${ACCOUNT}:user/bob`;
    expect(decide(az, { principal: alice, action: 's3:GetObject', resource: `${bucket}/alice/1`, context: tls })).toBe(
      'Allow',
    );
    expect(decide(az, { principal: alice, action: 's3:GetObject', resource: `${bucket}/bob/1`, context: tls })).toBe(
      'ImplicitDeny',
    );
    expect(decide(az, { principal: bob, action: 's3:GetObject', resource: `${bucket}/bob/1`, context: tls })).toBe(
      'Allow',
    );
  });

  it('follows every reference: no placeholder, no unknown-after-apply warning', () => {
    expect(
      warningsOf(result).filter((w) => w.code === 'unknown-after-apply' || w.code.startsWith('external-')),
    ).toEqual([]);
    expect(JSON.stringify(result.ok && result.world)).not.toContain('iam-verdict-unresolved');
  });
});

describe('fromTerraformPlan: the same plan written by PowerShell (UTF-16 with a byte order mark)', () => {
  it('decodes to the same world, from the bytes or through the CLI reader', () => {
    const bytes = readFileSync(new URL('./fixtures/legacy-013.plan.utf16.json', import.meta.url));
    const utf8 = fromTerraformPlan(fixture('legacy-013.plan.json'));
    const fromBytes = fromTerraformPlan(new Uint8Array(bytes));
    expect(fromBytes.ok && fromBytes.world).toEqual(utf8.ok && utf8.world);
    const viaCli = fromTerraformPlan(
      readTextFile(new URL('./fixtures/legacy-013.plan.utf16.json', import.meta.url).pathname, 'plan'),
    );
    expect(viaCli.ok && viaCli.world).toEqual(utf8.ok && utf8.world);
  });

  it('UTF-16 read as UTF-8 is named as such, not as invalid JSON', () => {
    const misread = readFileSync(new URL('./fixtures/legacy-013.plan.utf16.json', import.meta.url), 'utf8');
    const r = fromTerraformPlan(misread);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]?.code).toBe('utf16-input');
  });

  it('decodeText reads UTF-8 with a BOM, UTF-16 LE/BE with a BOM and UTF-16 LE without one', () => {
    const text = '{"a":"é"}';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), le]))).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe(text);
    expect(decodeText(le)).toBe(text);
    expect(decodeText(Buffer.from(text))).toBe(text);
  });
});

describe('fromTerraformPlan: a Terraform 1.6 plan (each.key references, policy documents read at apply time)', () => {
  const result = fromTerraformPlan(fixture('teams-1x.plan.json'));
  const az = authorizerOf(result);
  const role = (n: string) => `arn:aws:iam::${ACCOUNT}:role/${n}`;
  const queue = (n: string) => `arn:aws:sqs:eu-west-1:${ACCOUNT}:jobs-${n}`;

  it('each queue policy (queue_url and policy indexed by each.key) is rendered for its own team', () => {
    expect(decide(az, { principal: role('team-ops'), action: 'sqs:SendMessage', resource: queue('ops') })).toBe(
      'Allow',
    );
    expect(decide(az, { principal: role('team-dev'), action: 'sqs:SendMessage', resource: queue('ops') })).toBe(
      'ImplicitDeny',
    );
    expect(decide(az, { principal: role('team-dev'), action: 'sqs:ReceiveMessage', resource: queue('dev') })).toBe(
      'Allow',
    );
    expect(decide(az, { principal: role('team-dev'), action: 'sqs:DeleteMessage', resource: queue('dev') })).toBe(
      'ImplicitDeny',
    );
  });

  it('a bucket policy from a data source read at apply time: the principal (a new role) is followed', () => {
    expect(
      decide(az, {
        principal: role('reader'),
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::acme-reports/2026/q1.csv',
      }),
    ).toBe('Allow');
    expect(
      decide(az, {
        principal: role('team-ops'),
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::acme-reports/2026/q1.csv',
      }),
    ).toBe('ImplicitDeny');
  });

  it('a resource written inside a string ("${aws_s3_bucket.reports.arn}/*") is not guessed: reported with the reference', () => {
    const w = result.warnings.find(
      (x) => x.code === 'unknown-after-apply' && x.message.includes('statement[1].resources[0]'),
    );
    expect(w?.message).toContain('aws_s3_bucket.reports.arn');
    expect(w?.path).toMatch(/^planned_values\.root_module\.resources\[\d+\]$/);
  });

  it('the ECR repository policy (aws_ecr_repository_policy) is imported', () => {
    const repo = `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/app`;
    expect(decide(az, { principal: role('team-ops'), action: 'ecr:BatchGetImage', resource: repo })).toBe('Allow');
    expect(decide(az, { principal: role('team-dev'), action: 'ecr:BatchGetImage', resource: repo })).toBe(
      'ImplicitDeny',
    );
  });
});

describe('fromTerraformPlan: terraform show -json of a state (what is deployed)', () => {
  const result = fromTerraformPlan(fixture('deployed.state.json'));
  const az = authorizerOf(result);
  const app = `arn:aws:iam::${ACCOUNT}:role/app-role`;

  it("is accepted, with inline and attached policies and the topic's own policy", () => {
    expect(
      decide(az, { principal: app, action: 'sqs:SendMessage', resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders` }),
    ).toBe('Allow');
    expect(decide(az, { principal: app, action: 's3:GetObject', resource: `${bucket}/k` })).toBe('Allow');
    const topic = `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`;
    expect(result.ok && result.world.resources?.[topic]).toMatchObject({ tags: { env: 'prod' } });
    // The default topic policy allows the owner account's principals (AWS:SourceOwner); app-role has no sns permission of its own.
    expect(
      decide(az, { principal: app, action: 'sns:Publish', resource: topic, context: { 'aws:SourceOwner': ACCOUNT } }),
    ).toBe('Allow');
    expect(decide(az, { principal: app, action: 'sns:Publish', resource: topic })).toBe('ImplicitDeny');
    expect(decide(az, { principal: app, action: 'sns:DeleteTopic', resource: topic })).toBe('ImplicitDeny');
  });

  it('a raw terraform.tfstate is refused with a message that says what to give instead', () => {
    const r = fromTerraformPlan({ version: 4, terraform_version: '1.6.6', resources: [] });
    expect(!r.ok && r.errors[0]?.message).toContain('terraform show -json');
  });
});

describe('fromTerraformPlan: precise messages for references that cannot be followed', () => {
  const plan = (expressions: Record<string, unknown>, instances = 1) => ({
    format_version: '1.2',
    planned_values: {
      root_module: {
        resources: [
          ...Array.from({ length: instances }, (_, i) => ({
            address: `aws_iam_policy.p[${i}]`,
            mode: 'managed',
            type: 'aws_iam_policy',
            name: 'p',
            index: i,
            values: {
              name: `p${i}`,
              path: '/',
              policy:
                '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
            },
          })),
          {
            address: 'aws_iam_role.r',
            mode: 'managed',
            type: 'aws_iam_role',
            name: 'r',
            values: {
              name: 'r',
              path: '/',
              assume_role_policy:
                '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
            },
          },
          {
            address: 'aws_iam_role_policy_attachment.a',
            mode: 'managed',
            type: 'aws_iam_role_policy_attachment',
            name: 'a',
            values: { role: 'r' },
          },
        ],
      },
    },
    resource_changes: [
      { address: 'aws_iam_role_policy_attachment.a', change: { after_unknown: { policy_arn: true } } },
    ],
    configuration: {
      root_module: {
        resources: [
          {
            address: 'aws_iam_role_policy_attachment.a',
            mode: 'managed',
            type: 'aws_iam_role_policy_attachment',
            name: 'a',
            expressions,
          },
        ],
      },
    },
  });
  const message = (r: ReturnType<typeof fromTerraformPlan>) =>
    r.warnings.find((w) => w.code === 'unknown-after-apply')?.message ?? '';

  it('several instances and no key to pick one', () => {
    expect(message(fromTerraformPlan(plan({ policy_arn: { references: ['aws_iam_policy.p'] } }, 2)))).toContain(
      'aws_iam_policy.p, which has 2 instances, and the referring resource has no count or for_each key',
    );
  });
  it('a resource that is not in the plan', () => {
    expect(
      message(fromTerraformPlan(plan({ policy_arn: { references: ['aws_iam_policy.q.arn', 'aws_iam_policy.q'] } }))),
    ).toContain('aws_iam_policy.q, which is not in the plan');
  });
  it('a template of several references', () => {
    expect(
      message(
        fromTerraformPlan(
          plan({ policy_arn: { references: ['var.prefix', 'aws_iam_policy.p[0].name', 'aws_iam_policy.p[0]'] } }),
        ),
      ),
    ).toContain('built from var.prefix, aws_iam_policy.p[0].name');
  });
  it('no configuration at all', () => {
    const p = plan({});
    delete (p as { configuration?: unknown }).configuration;
    expect(message(fromTerraformPlan(p))).toContain('the plan has no configuration');
  });
});

describe('policies as older AWS providers rendered them (found in terraform-compliance test plans)', () => {
  it('statements with "Sid": "" (aws_iam_policy_document without sid) import, and the policy applies', () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: '', Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: '*' },
        { Sid: '', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' },
      ],
    });
    const r = fromTerraformPlan(
      {
        format_version: '0.1',
        terraform_version: '0.12.10',
        planned_values: {
          root_module: {
            resources: [
              {
                address: 'aws_iam_user.ci',
                mode: 'managed',
                type: 'aws_iam_user',
                name: 'ci',
                values: { name: 'ci', path: '/' },
              },
              {
                address: 'aws_iam_user_policy.ci',
                mode: 'managed',
                type: 'aws_iam_user_policy',
                name: 'ci',
                values: { name: 'ci', user: 'ci', policy },
              },
            ],
          },
        },
      },
      { accountId: '123456789012' },
    );
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toEqual([]);
    const az = authorizerOf(r);
    const user = 'arn:aws:iam::123456789012:user/ci';
    expect(
      verdict(az, {
        principal: user,
        action: 'logs:PutLogEvents',
        resource: 'arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s',
      }),
    ).toBe('Allow');
    expect(
      verdict(az, {
        principal: user,
        action: 'logs:DeleteLogGroup',
        resource: 'arn:aws:logs:us-east-1:123456789012:log-group:g',
      }),
    ).toBe('ImplicitDeny');
  });
});

describe('aws_lambda_permission for an Alexa skill', () => {
  it('event_source_token becomes the lambda:EventSourceToken condition', () => {
    const r = fromTerraformPlan(
      {
        format_version: '1.2',
        terraform_version: '1.9.0',
        planned_values: {
          root_module: {
            resources: [
              {
                address: 'aws_lambda_function.skill',
                mode: 'managed',
                type: 'aws_lambda_function',
                name: 'skill',
                values: { function_name: 'skill' },
              },
              {
                address: 'aws_lambda_permission.alexa',
                mode: 'managed',
                type: 'aws_lambda_permission',
                name: 'alexa',
                values: {
                  function_name: 'skill',
                  action: 'lambda:InvokeFunction',
                  principal: 'alexa-appkit.amazon.com',
                  statement_id: 'Alexa',
                  event_source_token: 'amzn1.ask.skill.1',
                },
              },
            ],
          },
        },
      },
      { accountId: '123456789012' },
    );
    const az = authorizerOf(r);
    const ask = (token: string) =>
      verdict(az, {
        principal: 'service:alexa-appkit.amazon.com',
        action: 'lambda:InvokeFunction',
        resource: 'arn:aws:lambda:us-east-1:123456789012:function:skill',
        context: { 'lambda:EventSourceToken': token },
      });
    expect(ask('amzn1.ask.skill.1')).toBe('Allow');
    expect(ask('amzn1.ask.skill.2')).toBe('ImplicitDeny');
  });
});
