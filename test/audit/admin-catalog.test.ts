/**
 * Effective admin over the whole action catalog: every action the catalog lists (and an unlisted
 * one), decided by the engine after boundaries and SCPs, one action per class the engine cannot
 * tell apart — checked here against deciding every action on its own.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionClasses, worldActionPatterns } from '../../src/audit/action-classes.js';
import { checkEffectiveAdmin, probeResourceOf } from '../../src/audit/admin.js';
import { audit, type Finding } from '../../src/audit/index.js';
import { auditedWorld, buildProbeWorld } from '../../src/audit/probe-world.js';
import { bundledCatalog } from '../../src/catalog/bundled.js';
import { compileWorld } from '../../src/model/authorizer.js';
import { fixture, NOW, only } from './helpers.js';

const catalog = bundledCatalog();
const A = (kind: string, name: string) => `arn:aws:iam::111111111111:${kind}/${name}`;
const B = (kind: string, name: string) => `arn:aws:iam::222222222222:${kind}/${name}`;
const adminFindings = (findings: readonly Finding[]) =>
  findings
    .filter((f) => f.checkId === 'IAM.EFFECTIVE_ADMIN' || f.checkId === 'IAM.NEAR_ADMIN')
    .map((f) => `${f.checkId} ${f.arn}`)
    .sort();
const policy = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });

function auditWith(world: unknown, extra: Record<string, unknown> = {}): Finding[] {
  const r = audit(world, { time: NOW, catalog, skipTrust: true, ...extra });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return [...r.findings];
}

describe('effective admin over the action catalog', () => {
  const findings = auditWith(fixture('estate-posture.world.json'));

  it('admins: AdministratorAccess on a user, through a group, behind MFA, on a role (positive)', () => {
    expect(adminFindings(findings)).toEqual(
      [
        `IAM.EFFECTIVE_ADMIN ${A('role', 'Admin')}`,
        `IAM.EFFECTIVE_ADMIN ${A('user', 'direct-admin')}`,
        `IAM.EFFECTIVE_ADMIN ${A('user', 'group-admin')}`,
        `IAM.EFFECTIVE_ADMIN ${A('user', 'mfa-admin')}`,
        `IAM.NEAR_ADMIN ${B('role', 'SandboxAdminRole')}`,
        `IAM.NEAR_ADMIN ${B('user', 'sandbox-admin')}`,
        `IAM.NEAR_ADMIN ${A('user', 'not-iam-admin')}`,
      ].sort(),
    );
    const f = only(findings, 'IAM.EFFECTIVE_ADMIN', A('user', 'direct-admin'));
    expect(f.evidence.facts).toMatchObject({ catalog_date: catalog.date, actions_denied: 0 });
    expect(Number(f.evidence.facts?.actions_asked)).toBeGreaterThan(20_000);
    expect(f.message).toMatch(
      /^the engine allows this user all [\d,]+ actions asked — every action of the action catalog \(.*456 services\) and an unlisted action — each on a resource of its type that nobody named, granted by arn:aws:iam::aws:policy\/AdministratorAccess$/,
    );
  });

  it('an SCP that denies iam:*, and NotAction iam:*, leave a near-admin: every IAM action is named as denied', () => {
    for (const arn of [B('user', 'sandbox-admin'), A('user', 'not-iam-admin')]) {
      const f = only(findings, 'IAM.NEAR_ADMIN', arn);
      expect(f.severity).toBe('low');
      const iamActions = catalog.service('iam')?.actions.length ?? 0;
      expect(f.message).toContain(`but denies ${iamActions}: iam (all ${iamActions} actions) — not an administrator`);
      expect(f.evidence.requests?.map((r) => [r.request.action.split(':')[0], r.decision])).toEqual([
        ['iam', expect.stringMatching(/Deny$/)],
      ]);
    }
    expect(only(findings, 'IAM.NEAR_ADMIN', B('role', 'SandboxAdminRole')).severity).toBe('info');
  });

  it("not admin and not near: an S3-only boundary, scoped wildcards, a reader (the pattern matchers' false positives)", () => {
    for (const name of ['bounded-admin', 'scoped-wildcards', 'reader'])
      expect(findings.filter((f) => f.arn === A('user', name) && /ADMIN/.test(f.checkId))).toEqual([]);
  });

  it('scoped wildcards never reach the sweep: s3:* on one bucket, * on one bucket, every action of three services', () => {
    const world = {
      users: {
        [A('user', 's3-star-one-bucket')]: {
          policies: [
            policy({
              Effect: 'Allow',
              Action: 's3:*',
              Resource: ['arn:aws:s3:::one-bucket', 'arn:aws:s3:::one-bucket/*'],
            }),
          ],
        },
        [A('user', 'star-one-bucket')]: {
          policies: [policy({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::one-bucket/*' })],
        },
        [A('user', 'three-services')]: {
          policies: [policy({ Effect: 'Allow', Action: ['ec2:*', 's3:*', 'iam:*'], Resource: '*' })],
        },
        [A('user', 'star')]: { policies: [policy({ Effect: 'Allow', Action: '*', Resource: '*' })] },
      },
    };
    expect(adminFindings(auditWith(world))).toEqual([`IAM.EFFECTIVE_ADMIN ${A('user', 'star')}`]);
  });

  it("the bundled estate's Admin role passes the nine probes but not the catalog: its SCP protects CloudTrail", () => {
    const estate = (
      JSON.parse(readFileSync(new URL('../../examples/estate.world.json', import.meta.url), 'utf8')) as {
        world: unknown;
      }
    ).world;
    const admin = 'arn:aws:iam::222222222222:role/Admin';
    const probesOnly = audit(estate, { time: NOW, skipTrust: true });
    if (!probesOnly.ok) throw new Error('audit failed');
    expect(only(probesOnly.findings, 'IAM.EFFECTIVE_ADMIN', admin).severity).toBe('low');
    const f = only(auditWith(estate), 'IAM.NEAR_ADMIN', admin);
    expect(f.message).toMatch(
      /but denies 3: cloudtrail \(3 of \d+: cloudtrail:DeleteTrail, cloudtrail:StopLogging, cloudtrail:UpdateTrail\)/,
    );
    expect(f.evidence.requests?.[0]).toMatchObject({ decision: 'ExplicitDeny', decidedBy: 'scp' });
  });
});

describe('the classes of the sweep decide as every action on its own would', () => {
  const world = {
    accounts: { '111111111111': {} },
    users: {
      [A('user', 'star-with-denies')]: {
        policies: [
          policy(
            { Effect: 'Allow', Action: '*', Resource: '*' },
            { Effect: 'Deny', Action: 'ec2:Describe*', Resource: '*' },
            { Effect: 'Deny', Action: 'dynamodb:?etItem', Resource: '*' },
            { Effect: 'Deny', Action: 'lambda:*', Resource: 'arn:aws:lambda:*:*:function:*' },
            {
              Effect: 'Deny',
              NotAction: [
                'sqs:*',
                'sns:*',
                'ec2:*',
                'dynamodb:*',
                'lambda:*',
                's3:*',
                'iam:*',
                'sts:*',
                'kms:*',
                'cloudwatch:*',
                'someservice:*',
              ],
              Resource: '*',
            },
            { Effect: 'Deny', Action: '*', Resource: 'arn:aws:ec2:*:*:volume/*' },
            { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::iam-verdict-probe/*' },
          ),
        ],
      },
      [A('user', 'bounded')]: {
        policies: [policy({ Effect: 'Allow', Action: '*', Resource: '*' })],
        permissionsBoundary: 'arn:aws:iam::111111111111:policy/NoSecrets',
      },
    },
    managedPolicies: {
      'arn:aws:iam::111111111111:policy/NoSecrets': policy({
        Effect: 'Allow',
        NotAction: ['secretsmanager:Get*', 'ssm:GetParameter*', 'kms:Decrypt'],
        Resource: '*',
      }),
    },
  };
  const probe = buildProbeWorld(world);
  const engine = compileWorld(probe?.world);
  if (!probe || !engine.ok || !engine.world) throw new Error(JSON.stringify(engine.errors));
  const audited = auditedWorld(engine.world, probe.added);
  const time = Date.parse(NOW);

  it('same findings, same denied actions, with and without the classes', () => {
    const classes = checkEffectiveAdmin(audited, engine, { catalog, time });
    const exact = checkEffectiveAdmin(audited, engine, { catalog, time, exact: true });
    expect(classes.map((f) => [f.checkId, f.arn, f.message, f.evidence.facts])).toEqual(
      exact.map((f) => [f.checkId, f.arn, f.message, f.evidence.facts]),
    );
    expect(classes.map((f) => `${f.checkId} ${f.arn}`)).toEqual([
      `IAM.NEAR_ADMIN ${A('user', 'star-with-denies')}`,
      `IAM.NEAR_ADMIN ${A('user', 'bounded')}`,
    ]);
    const denied = Number(classes[0]?.evidence.facts?.actions_denied);
    // Every action of the services the NotAction deny leaves out is denied, plus the named ones.
    expect(denied).toBeGreaterThan(10_000);
    expect(classes[0]?.message).toMatch(/ and \d+ more service\(s\) — not an administrator$/);
    // kms:Decrypt is one of the nine probes, asked first.
    expect(classes[1]?.message).toMatch(
      /but denies 8: kms \(1 of \d+: kms:Decrypt\), secretsmanager \(3 of \d+: secretsmanager:GetRandomPassword, secretsmanager:GetResourcePolicy, secretsmanager:GetSecretValue\), ssm \(4 of \d+: ssm:GetParameter, ssm:GetParameterHistory, ssm:GetParameters, …\) — not an administrator$/,
    );
  });
});

describe("the sweep's parts", () => {
  const action = (name: string) => {
    const a = catalog.action(name);
    if (!a) throw new Error(`no ${name} in the catalog`);
    return a;
  };

  it("a resource of the action's own type that nobody named, in the principal's account", () => {
    expect(probeResourceOf(action('s3:GetObject'), '111111111111')).toBe(
      'arn:aws:s3:::iam-verdict-probe/iam-verdict-probe',
    );
    expect(probeResourceOf(action('ec2:TerminateInstances'), '111111111111')).toBe(
      'arn:aws:ec2:us-east-1:111111111111:instance/iam-verdict-probe',
    );
    expect(probeResourceOf(action('iam:ListRoles'), '111111111111')).toBe('*');
    // An account part by another name is the principal's account.
    expect(probeResourceOf(action('account:GetPrimaryEmail'), '111111111111').split(':')[4]).toBe('111111111111');
  });

  it('collects Action and NotAction from every document, JSON text and resolved AWS managed policies included', () => {
    const patterns = worldActionPatterns(
      {
        users: {
          u: {
            policies: [policy({ Effect: 'Allow', Action: ['S3:Get*', 'ec2:RunInstances'] })],
            text: JSON.stringify(policy({ Effect: 'Deny', NotAction: 'sqs:*' })),
            managed: ['arn:aws:iam::aws:policy/Example'],
          },
        },
      },
      (arn) =>
        arn === 'arn:aws:iam::aws:policy/Example' ? policy({ Effect: 'Allow', Action: 'lambda:Invoke*' }) : undefined,
    );
    expect(patterns?.sort()).toEqual(['ec2:runinstances', 'lambda:invoke*', 's3:get*', 'sqs:*']);
  });

  it('classes split on every pattern, resource and service; IAM, STS, S3 and KMS actions stay alone', () => {
    const items = [
      'ec2:DescribeInstances',
      'ec2:DescribeVpcs',
      'ec2:RunInstances',
      'ec2:StopInstances',
      'sqs:SendMessage',
      'iam:GetRole',
      'iam:GetUser',
    ].map((a) => ({ action: a, resource: '*' }));
    const classes = actionClasses(items, ['ec2:describe*', 'ec2:runinstances', '*']).map((c) => c.map((i) => i.action));
    expect(classes).toEqual([
      ['ec2:DescribeInstances', 'ec2:DescribeVpcs'],
      ['ec2:RunInstances'],
      ['ec2:StopInstances'],
      ['sqs:SendMessage'],
      ['iam:GetRole'],
      ['iam:GetUser'],
    ]);
    expect(
      actionClasses(
        [
          { action: 'ec2:StopInstances', resource: 'arn:aws:ec2:us-east-1:1:instance/a' },
          { action: 'ec2:StartInstances', resource: 'arn:aws:ec2:us-east-1:1:volume/a' },
        ],
        ['*'],
      ),
    ).toHaveLength(2);
    expect(actionClasses(items, undefined)).toHaveLength(items.length);
  });
});
