/**
 * The authorizer's memos of the last action and resource, and its bounded maps of actions,
 * resources and each principal's layers (src/model/request-memo.ts), never change an answer: a run
 * of requests decided by one authorizer gives, request by request, the explained decisions that a
 * fresh authorizer gives for each request alone, also when the run is longer than the maps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../src/index.js';
import { runs } from '../depth.js';
import { MEMO_ENTRIES, MEMO_RESOURCE_LENGTH } from '../../src/model/request-memo.js';

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

describe('bounded maps of actions, resources and layers', () => {
  it('a run longer than the maps decides each request as a fresh authorizer does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 97 }), fc.integer({ min: 0, max: 1_000 }), (step, offset) => {
        const one = createAuthorizer(world);
        // More distinct resources, actions and principals than a map holds, each met again after
        // the maps were emptied, in an order drawn per run; some texts too long to be kept.
        const distinct = MEMO_ENTRIES + 37;
        for (let n = 0; n < 2 * distinct + 50; n++) {
          const i = (offset + n * step) % distinct;
          const r = {
            principal: i % 5 === 0 ? ALICE : i % 5 === 1 ? BOB : `arn:aws:sts::${A}:assumed-role/App/s${i}`,
            action:
              i % 7 === 0 ? `s3:GetObject${'x'.repeat(MEMO_RESOURCE_LENGTH)}` : i % 2 ? 's3:GetObject' : `s3:Get${i}`,
            resource:
              i % 11 === 0
                ? `arn:aws:s3:::b1/${'k'.repeat(MEMO_RESOURCE_LENGTH)}${i}`
                : `arn:aws:s3:::${['b1', 'b2', 'other'][i % 3]}/k${i}`,
            time: TIME,
            ...((n + i) % 4 === 0 ? { resourcePolicy: 'named' } : {}),
          };
          expect(one.authorize(r, { explain: true })).toEqual(createAuthorizer(world).authorize(r, { explain: true }));
        }
      }),
      { numRuns: runs(2) },
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
