/**
 * The authorizer's one-entry memos of the last action and resource (src/model/request-memo.ts)
 * never change an answer: a run of requests decided by one authorizer gives, request by request,
 * the explained decisions that a fresh authorizer gives for each request alone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../src/index.js';
import { runs } from '../depth.js';

const A = '111111111111';
const B = '222222222222';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const BOB = `arn:aws:iam::${B}:user/bob`;
const ROLE = `arn:aws:iam::${A}:role/App`;
const TIME = '2025-06-01T12:00:00Z';
const policy = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });

const world = {
  accounts: { [A]: {}, [B]: {} },
  users: {
    [ALICE]: {
      tags: { team: 'red' },
      policies: [
        policy(
          { Effect: 'Allow', Action: ['s3:*', 'sts:*', 'iam:GetRole'], Resource: '*' },
          {
            Effect: 'Deny',
            Action: 's3:DeleteObject',
            Resource: '*',
            Condition: { StringEquals: { 'aws:ResourceTag/team': 'blue' } },
          },
        ),
      ],
    },
    [BOB]: { policies: [policy({ Effect: 'Allow', Action: '*', Resource: '*' })] },
  },
  roles: {
    [ROLE]: {
      tags: { team: 'blue' },
      trustPolicy: policy({ Effect: 'Allow', Principal: { AWS: ALICE }, Action: ['sts:AssumeRole', 'sts:TagSession'] }),
    },
  },
  resources: {
    'arn:aws:s3:::b1': {
      account: A,
      tags: { team: 'blue' },
      policy: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 's3:*', Resource: '*' }),
    },
  },
  resourcePolicies: {
    'arn:aws:s3:::b2': {
      policy: policy({ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b2/secret' }),
    },
    named: {
      account: B,
      policy: policy({ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 's3:*', Resource: '*' }),
    },
  },
};

const request = fc.record({
  principal: fc.constantFrom(ALICE, BOB),
  action: fc.constantFrom(
    's3:GetObject',
    'S3:getobject',
    's3:DeleteObject',
    'sts:AssumeRole',
    'sts:TagSession',
    'iam:GetRole',
  ),
  resource: fc.constantFrom(
    'arn:aws:s3:::b1',
    'arn:aws:s3:::b1/x',
    'arn:aws:s3:::b2/secret',
    'arn:aws:s3:::b2/open',
    'arn:aws:s3:::other/x',
    ROLE,
    `arn:aws:iam::${A}:role/Missing`,
    '*',
  ),
  resourcePolicy: fc.constantFrom(undefined, 'named', 'missing'),
  resourceAccount: fc.constantFrom(undefined, A, B),
  allowOverrides: fc.boolean(),
});

describe('one-entry memos of the last action and resource', () => {
  it('a run of requests on one authorizer decides each as a fresh authorizer does', () => {
    const fresh = (r: Parameters<typeof asRequest>[0] & { allowOverrides: boolean }) =>
      createAuthorizer(world).authorize(asRequest(r), { explain: true, allowOverrides: r.allowOverrides });
    fc.assert(
      fc.property(fc.array(request, { minLength: 2, maxLength: 8 }), (requests) => {
        const one = createAuthorizer(world);
        expect(one.ok).toBe(true);
        for (const r of requests)
          expect(one.authorize(asRequest(r), { explain: true, allowOverrides: r.allowOverrides })).toEqual(fresh(r));
      }),
      { numRuns: runs(1_000) },
    );
  });
});

function asRequest(r: {
  principal: string;
  action: string;
  resource: string;
  resourcePolicy: string | undefined;
  resourceAccount: string | undefined;
}) {
  return {
    principal: r.principal,
    action: r.action,
    resource: r.resource,
    time: TIME,
    ...(r.resourcePolicy !== undefined ? { resourcePolicy: r.resourcePolicy } : {}),
    ...(r.resourceAccount !== undefined ? { resourceAccount: r.resourceAccount } : {}),
  };
}
