/**
 * The lazily compiled mode on a small world (issue #16, one-shot): a world of at most SMALL_WORLD
 * records is compiled whole on its first question, unless it is not valid whole; it must decide
 * every question as the eager mode does, and a larger world is sliced as before.
 */
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../src/index.js';
import { SMALL_WORLD } from '../../src/model/lazy-authorizer.js';

const A = '111111111111';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const BOB = `arn:aws:iam::${A}:user/bob`;
const ROLE = `arn:aws:iam::${A}:role/ops`;
const READ = `arn:aws:iam::${A}:policy/Read`;
const BUCKET = 'arn:aws:s3:::reports';
const time = '2025-06-01T12:00:00Z';
const doc = (effect: string, action: string, resource = '*') => ({
  Version: '2012-10-17',
  Statement: [{ Effect: effect, Action: action, Resource: resource }],
});

/** Exactly SMALL_WORLD records: a user, a role, a managed policy, a bucket with its policy. */
const small = {
  users: { [ALICE]: { policies: [READ, doc('Deny', 's3:DeleteObject')] } },
  roles: {
    [ROLE]: {
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'sts:AssumeRole' }],
      },
      policies: [doc('Allow', 'sqs:*')],
    },
  },
  managedPolicies: { [READ]: doc('Allow', 's3:GetObject', `${BUCKET}/*`) },
  resources: {
    [BUCKET]: {
      account: A,
      policy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 's3:ListBucket', Resource: BUCKET }],
      },
    },
  },
};

const questions = [
  { principal: ALICE, action: 's3:GetObject', resource: `${BUCKET}/q1.csv` },
  { principal: ALICE, action: 's3:ListBucket', resource: BUCKET },
  { principal: ALICE, action: 's3:DeleteObject', resource: `${BUCKET}/q1.csv` },
  { principal: ALICE, action: 'sts:AssumeRole', resource: ROLE },
  { principal: ALICE, action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${A}:q` },
  { principal: ROLE, action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${A}:q` },
  { principal: ROLE, action: 's3:GetObject', resource: `${BUCKET}/q1.csv` },
  { principal: BOB, action: 's3:GetObject', resource: `${BUCKET}/q1.csv` },
].map((q) => ({ ...q, time }));

type Internals = { slices: Map<string, unknown>; whole: unknown };
const internals = (lazy: unknown) => lazy as Internals;

/** Asks every question of both modes; the lazy authorizer's answers must be the eager one's, explanations included. */
function agree(world: object): Internals {
  const eager = createAuthorizer(world);
  const lazy = createAuthorizer(world, { compile: 'lazy' });
  const decisions = questions.map((r) => {
    const e = eager.authorize(r, { explain: true });
    expect(lazy.authorize(r, { explain: true }), JSON.stringify(r)).toEqual(e);
    expect(lazy.authorize(r).decision).toBe(e.decision);
    return e.decision;
  });
  // Not denials alone.
  expect(decisions.filter((d) => d === 'Allow').length).toBeGreaterThanOrEqual(4);
  expect(decisions).toContain('ExplicitDeny');
  return internals(lazy);
}

describe('lazy mode on a small world', () => {
  it('holds SMALL_WORLD records', () => {
    const records = Object.values(small).reduce((n, section) => n + Object.keys(section).length, 0);
    expect(records).toBe(SMALL_WORLD);
  });

  it('compiles a small world whole, once, and decides every question as the eager mode', () => {
    const lazy = agree(small);
    expect(lazy.slices.size).toBe(0);
    expect(lazy.whole).toMatchObject({ ok: true });
  });

  it('slices a world one record larger, whichever section holds it', () => {
    const more: Record<string, object> = {
      users: { ...small.users, [BOB]: {} },
      roles: { ...small.roles, [`arn:aws:iam::${A}:role/other`]: small.roles[ROLE] },
      managedPolicies: { ...small.managedPolicies, [`arn:aws:iam::${A}:policy/Unused`]: doc('Allow', 'ec2:*') },
      resources: { ...small.resources, 'arn:aws:s3:::other': { account: A } },
      groups: { [`arn:aws:iam::${A}:group/devs`]: { policies: [] } },
      sessions: {
        [`arn:aws:sts::${A}:assumed-role/ops/s`]: {
          type: 'AssumedRole',
          roleArn: ROLE,
          issuedAt: '2025-06-01T11:00:00Z',
          expiresAt: '2025-06-01T13:00:00Z',
        },
      },
      userSessions: {
        t1: {
          userArn: ALICE,
          accessKeyId: 'ASIAALICE00000000001',
          issuedAt: '2025-06-01T11:00:00Z',
          expiresAt: '2025-06-01T13:00:00Z',
        },
      },
      resourcePolicies: {
        [`arn:aws:sqs:us-east-1:${A}:q`]: {
          policy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: A }, Action: 'sqs:SendMessage', Resource: '*' }],
          },
        },
      },
      vpcEndpoints: { 'vpce-1': { account: A, vpc: 'vpc-1' } },
    };
    for (const [section, records] of Object.entries(more)) {
      expect(createAuthorizer({ ...small, [section]: records }).errors, section).toEqual([]);
      const lazy = agree({ ...small, [section]: records });
      expect(lazy.slices.size, section).toBeGreaterThan(0);
      expect(lazy.whole, section).toBeNull();
    }
  });

  it('slices a small world that is not valid whole: a broken record the question does not touch does not stop it', () => {
    const world = {
      users: {
        [ALICE]: { policies: [doc('Allow', 's3:GetObject')] },
        [BOB]: { policies: [doc('Permit', 's3:GetObject')] },
      },
    };
    expect(createAuthorizer(world).ok).toBe(false);
    const lazy = createAuthorizer(world, { compile: 'lazy' });
    const get = { action: 's3:GetObject', resource: `${BUCKET}/q1.csv`, time };
    expect(lazy.authorize({ ...get, principal: ALICE }).decision).toBe('Allow');
    expect(lazy.authorize({ ...get, principal: BOB })).toMatchObject({ reason: 'InvalidWorld' });
    expect(internals(lazy).whole).toBeNull();
  });
});
