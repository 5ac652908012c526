/**
 * The false positives and negatives that users of the pattern-matching tools reported, each as a
 * fixture with the outcome the engine decides. The issue each comes from is in the test's name.
 */
import { describe, expect, it } from 'vitest';
import { audit, type Finding } from '../../src/audit/index.js';
import { bundledCatalog } from '../../src/catalog/bundled.js';
import { NOW } from './helpers.js';

const ACCOUNT = '111111111111';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const user = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const policy = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const serviceTrust = (service: string, Condition?: unknown) =>
  policy({
    Effect: 'Allow',
    Principal: { Service: service },
    Action: 'sts:AssumeRole',
    ...(Condition ? { Condition } : {}),
  });

function findingsOf(world: unknown, withCatalog = false): Finding[] {
  const r = audit(world, { time: NOW, ...(withCatalog ? { catalog: bundledCatalog() } : {}) });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return [...r.findings];
}
const about = (findings: readonly Finding[], arn: string, prefix: string) =>
  findings.filter((f) => f.arn === arn && f.checkId.startsWith(prefix)).map((f) => f.checkId);

describe('confused deputy: what Prowler users reported', () => {
  const findings = findingsOf({
    accounts: { [ACCOUNT]: {} },
    roles: {
      // prowler-cloud/prowler#2792: a Lambda trust limited by aws:SourceArn was flagged.
      [role('LambdaWithSourceArn')]: {
        trustPolicy: serviceTrust('lambda.amazonaws.com', {
          StringEquals: { 'aws:SourceArn': `arn:aws:lambda:us-east-1:${ACCOUNT}:function:Internal-role` },
        }),
      },
      // prowler-cloud/prowler#2810: an EC2 trust (EC2 sends no source key) was flagged.
      [role('Ec2')]: { trustPolicy: serviceTrust('ec2.amazonaws.com') },
      // prowler-cloud/prowler#5454: aws:SourceOrgID is a source scope too.
      [role('ConfigWithSourceOrgId')]: {
        trustPolicy: serviceTrust('config.amazonaws.com', { StringEquals: { 'aws:SourceOrgID': 'o-acme1234ab' } }),
      },
      [role('ConfigWithSourceArn')]: {
        trustPolicy: serviceTrust('config.amazonaws.com', {
          ArnLike: { 'aws:SourceArn': `arn:aws:config:*:${ACCOUNT}:*` },
        }),
      },
      // prowler-cloud/prowler#2248 and #2314: service-linked roles, whose trust nobody can edit, were flagged.
      [`arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`]: {
        trustPolicy: serviceTrust('config.amazonaws.com'),
        serviceLinked: true,
      },
      // The positive control: the same service with no source scope.
      [role('ConfigUnscoped')]: { trustPolicy: serviceTrust('config.amazonaws.com') },
    },
  });

  it('prowler#2792: a service trust limited by aws:SourceArn is not flagged', () => {
    expect(about(findings, role('LambdaWithSourceArn'), 'TRUST.')).toEqual([]);
    expect(about(findings, role('ConfigWithSourceArn'), 'TRUST.')).toEqual([]);
  });

  it('prowler#2810: EC2 trust, where no source key exists, is not flagged', () => {
    expect(about(findings, role('Ec2'), 'TRUST.')).toEqual([]);
  });

  it('prowler#5454: aws:SourceOrgID limits the source as well', () => {
    expect(about(findings, role('ConfigWithSourceOrgId'), 'TRUST.')).toEqual([]);
  });

  it('prowler#2248, #2314: service-linked roles are not judged', () => {
    expect(findings.filter((f) => f.arn.includes('aws-service-role'))).toEqual([]);
  });

  it('the positive control: a service that sends source keys, with no source scope, is a confused deputy', () => {
    expect(about(findings, role('ConfigUnscoped'), 'TRUST.')).toEqual(['TRUST.SERVICE_CONFUSED_DEPUTY']);
  });
});

describe('effective admin: what users of the admin finders reported', () => {
  const findings = findingsOf(
    {
      accounts: { [ACCOUNT]: {} },
      users: {
        // duo-labs/cloudmapper#531: Action "*" on a list of S3 buckets was called an admin.
        [user('star-on-buckets')]: {
          policies: [
            policy({
              Effect: 'Allow',
              Action: '*',
              Resource: ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*', 'arn:aws:s3:::backups/*'],
            }),
          ],
        },
        // prowler-cloud/prowler#478: aws-portal:View* (with a deny) was reported as "*:*".
        [user('portal-viewer')]: {
          policies: [
            policy(
              { Effect: 'Allow', Action: 'aws-portal:View*', Resource: '*' },
              { Effect: 'Deny', Action: 'aws-portal:*Account', Resource: '*' },
            ),
          ],
        },
        // prowler-cloud/prowler#2636 (the other direction): PassRole on one role is not admin either.
        [user('pass-one-role')]: {
          policies: [
            policy(
              { Effect: 'Allow', Action: 'iam:PassRole', Resource: role('ecs') },
              { Effect: 'Allow', Action: 'account:GetAccountInformation', Resource: '*' },
            ),
          ],
        },
        // The positive control.
        [user('star')]: { policies: [policy({ Effect: 'Allow', Action: '*', Resource: '*' })] },
      },
    },
    true,
  );

  it('cloudmapper#531, prowler#478, prowler#2636: scoped grants are not admin, nor near it', () => {
    for (const name of ['star-on-buckets', 'portal-viewer', 'pass-one-role'])
      expect(about(findings, user(name), 'IAM.')).not.toContain('IAM.EFFECTIVE_ADMIN');
    for (const name of ['star-on-buckets', 'portal-viewer', 'pass-one-role'])
      expect(about(findings, user(name), 'IAM.')).not.toContain('IAM.NEAR_ADMIN');
  });

  it('the positive control: Allow * on * is an admin', () => {
    expect(about(findings, user('star'), 'IAM.EFFECTIVE_ADMIN')).toEqual(['IAM.EFFECTIVE_ADMIN']);
  });
});
