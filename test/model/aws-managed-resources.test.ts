import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../src/index.js';

const KEY = 'arn:aws:kms:us-east-1:111111111111:key/aws-managed-1';
const world = (awsManaged: boolean) => ({
  accounts: { '111111111111': { org: 'o-1', parents: ['r-1'] }, '999999999999': { org: 'o-1', parents: ['r-1'] } },
  organization: {
    id: 'o-1',
    rootId: 'r-1',
    managementAccount: '999999999999',
    rcps: {
      'r-1': [
        { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' }] },
      ],
    },
  },
  users: {
    'arn:aws:iam::111111111111:user/alice': {
      policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] }],
    },
  },
  resources: {
    [KEY]: {
      kind: 'kms-key',
      awsManaged,
      policy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' },
        ],
      },
    },
  },
});
const decrypt = (w: object) =>
  createAuthorizer(w).authorize({
    principal: 'arn:aws:iam::111111111111:user/alice',
    action: 'kms:Decrypt',
    resource: KEY,
    time: '2025-06-01T12:00:00Z',
  });

describe('AWS managed resources (spec §4.9)', () => {
  it('RCPs do not apply to an AWS managed KMS key', () => {
    expect(decrypt(world(true)).decision).toBe('Allow');
  });
  it('RCPs apply to a customer managed key', () => {
    expect(decrypt(world(false))).toMatchObject({ decision: 'ExplicitDeny', decidedBy: 'rcp' });
  });
});
