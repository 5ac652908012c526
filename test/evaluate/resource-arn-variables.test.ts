/**
 * Spec §1.6 / §10 V9 (library choice): policy variables in the region and account fields of a
 * Resource ARN are substituted too, as the AWS managed policy AmazonTimestreamInfluxDBServiceRolePolicy
 * relies on (`arn:*:kms:*:${aws:PrincipalAccount}:key/*`); never in the partition or service fields.
 */
import { describe, expect, it } from 'vitest';
import { createAuthorizer, evaluate } from '../../src/index.js';
import { ACCOUNT, OTHER_ACCOUNT, TIME, policy } from './helpers.js';

const ROLE = `arn:aws:iam::${ACCOUNT}:role/InfluxDBServiceRole`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/InfluxDBServiceRole/influx`;
/** The statement shape of AmazonTimestreamInfluxDBServiceRolePolicy. */
const influx = policy({
  Effect: 'Allow',
  Action: 'kms:Decrypt',
  Resource: 'arn:*:kms:*:${aws:PrincipalAccount}:key/*',
});
const key = (account: string, region = 'eu-west-1') => `arn:aws:kms:${region}:${account}:key/1234abcd`;

describe('variables in the region and account fields of a Resource ARN (spec §10 V9)', () => {
  it('substitutes ${aws:PrincipalAccount} in the account field: own account allowed, another not', () => {
    const authorizer = createAuthorizer({
      roles: {
        [ROLE]: {
          trustPolicy: policy({
            Effect: 'Allow',
            Principal: { Service: 'timestream-influxdb.amazonaws.com' },
            Action: 'sts:AssumeRole',
          }),
          policies: [influx],
        },
      },
    });
    expect(authorizer.errors).toEqual([]);
    expect(
      authorizer.authorize({ principal: SESSION, action: 'kms:Decrypt', resource: key(ACCOUNT), time: TIME }).decision,
    ).toBe('Allow');
    // The same key ARN in another account is not matched (it is not a literal `${…}` either).
    const other = authorizer.authorize({
      principal: SESSION,
      action: 'kms:Decrypt',
      resource: key(OTHER_ACCOUNT),
      resourceAccount: ACCOUNT,
      time: TIME,
    });
    expect(other.decision).toBe('ImplicitDeny');
  });

  it('substitutes in the region field, through evaluate as well', () => {
    const regional = policy({
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: 'arn:aws:kms:${aws:RequestedRegion}:*:key/*',
    });
    const decide = (region: string) =>
      evaluate({
        principal: `arn:aws:iam::${ACCOUNT}:user/alice`,
        action: 'kms:Decrypt',
        resource: key(ACCOUNT, region),
        time: TIME,
        context: { 'aws:RequestedRegion': 'eu-west-1' },
        policies: { identity: [regional] },
      }).decision;
    expect(decide('eu-west-1')).toBe('Allow');
    expect(decide('us-east-1')).toBe('ImplicitDeny');
  });

  it('never substitutes in the partition or service fields', () => {
    const partition = policy({
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: 'arn:${aws:PrincipalTag/partition}:kms:*:*:key/*',
    });
    const d = evaluate({
      principal: `arn:aws:iam::${ACCOUNT}:user/alice`,
      action: 'kms:Decrypt',
      resource: key(ACCOUNT),
      time: TIME,
      context: { 'aws:PrincipalTag/partition': 'aws' },
      policies: { identity: [partition] },
    });
    expect(d.decision).toBe('ImplicitDeny');
  });
});
