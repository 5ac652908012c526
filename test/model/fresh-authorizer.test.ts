/**
 * What a fresh authorizer makes (issue #16: a one-shot call builds an authorizer for one decision):
 * nothing for the sections its world does not have, no memo map before a second distinct request,
 * no plan for an action before its second decision, no account root before it is asked for. Each
 * is made when first needed, and the answers are the ones an authorizer that made everything up
 * front gives (the differential and memo suites decide that; here, that the structures are made
 * when they should be and hold what they should).
 */
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../src/index.js';
import { compileWorld } from '../../src/model/authorizer.js';

const A = '111111111111';
const B = '222222222222';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const ROLE = `arn:aws:iam::${A}:role/app`;
const BUCKET = 'arn:aws:s3:::reports';
const TIME = '2025-06-01T12:00:00Z';
const policy = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });

/** The small world of the one-shot bench: a user, a bucket policy, nothing else. */
const small = {
  users: {
    [ALICE]: {
      policies: [
        policy({ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [BUCKET, `${BUCKET}/*`] }),
        policy({ Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }),
      ],
    },
  },
  resources: {
    [BUCKET]: {
      account: A,
      policy: policy({ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 's3:GetObject', Resource: `${BUCKET}/*` }),
    },
  },
};
const get = { principal: ALICE, action: 's3:GetObject', resource: `${BUCKET}/q1.csv`, time: TIME };
const del = { ...get, action: 's3:DeleteObject' };

/** The members of an authorizer and of its parts that these tests read (not public). */
interface Inside {
  org: object;
  credentials: Map<string, unknown> | undefined;
  accountKeys: { all: Map<string, unknown> | undefined };
  blockPublicAccess: { accounts: ReadonlyMap<string, unknown>; buckets: ReadonlyMap<string, unknown>; active: boolean };
  endpoints: { endpoints: Map<string, unknown> | undefined };
  resources: { named: Map<string, unknown> | undefined; entityTags: Map<string, unknown> | undefined };
  principals: { resolved: Map<string, unknown> };
  memo: {
    actions: Map<string, unknown> | undefined;
    byResource: Map<string, unknown> | undefined;
    byPrincipal: Map<unknown, unknown> | undefined;
    lastLayers: { forAction: { plan?: { actionLower: string } } } | undefined;
  };
}
const inside = (a: unknown) => a as Inside;

describe('a fresh authorizer', () => {
  it('makes nothing for the sections its world does not have, nor a memo map for its first decision', () => {
    const one = createAuthorizer(small);
    const two = createAuthorizer(small);
    expect(one.authorize(get).decision).toBe('Allow');
    const a = inside(one);
    // No organization: one shared empty one, not a set of maps per authorizer.
    expect(a.org).toBe(inside(two).org);
    expect(a.blockPublicAccess.active).toBe(false);
    expect(a.blockPublicAccess.accounts).toBe(inside(two).blockPublicAccess.accounts);
    expect(a.blockPublicAccess.buckets).toBe(a.blockPublicAccess.accounts);
    expect(a.endpoints.endpoints).toBeUndefined();
    expect(a.resources.named).toBeUndefined();
    expect(a.resources.entityTags).toBeUndefined();
    expect(a.credentials).toBeUndefined();
    expect(a.accountKeys.all).toBeUndefined();
    expect(a.memo.actions).toBeUndefined();
    expect(a.memo.byResource).toBeUndefined();
    expect(a.memo.byPrincipal).toBeUndefined();
  });

  it('makes each memo map with the second distinct request, holding the first one too', () => {
    const one = createAuthorizer(small);
    const fresh = (r: typeof get) => createAuthorizer(small).authorize(r);
    expect(one.authorize(get)).toEqual(fresh(get));
    expect(one.authorize(del)).toEqual(fresh(del));
    const memo = inside(one).memo;
    expect([...(memo.actions?.keys() ?? [])]).toEqual(['s3:GetObject', 's3:DeleteObject']);
    const other = { ...get, resource: `${BUCKET}/q2.csv` };
    expect(one.authorize(other)).toEqual(fresh(other));
    expect([...(memo.byResource?.keys() ?? [])]).toEqual([get.resource, other.resource]);
    const root = { ...get, principal: `arn:aws:iam::${A}:root` };
    expect(one.authorize(root)).toEqual(fresh(root));
    expect(memo.byPrincipal?.size).toBe(2);
    // Back to the first of each: found in the maps, decided as before.
    expect(one.authorize(get)).toEqual(fresh(get));
  });

  it('plans an action with its layers on their second decision, not the first', () => {
    const one = createAuthorizer(small);
    const first = one.authorize(get);
    const memo = inside(one).memo;
    expect(memo.lastLayers?.forAction.plan).toBeUndefined();
    expect(one.authorize(get)).toEqual(first);
    expect(memo.lastLayers?.forAction.plan?.actionLower).toBe('s3:getobject');
    // Another action: decided without a plan, then planned; the first action's plan is replaced.
    const denied = one.authorize(del);
    expect(denied.decision).toBe('ExplicitDeny');
    expect(memo.lastLayers?.forAction.plan?.actionLower).toBe('s3:getobject');
    expect(one.authorize(del)).toEqual(denied);
    expect(memo.lastLayers?.forAction.plan?.actionLower).toBe('s3:deleteobject');
    expect(one.authorize(get)).toEqual(first);
  });
});

describe('account roots', () => {
  const world = {
    ...small,
    roles: { [ROLE]: { trustPolicy: policy({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }) } },
  };

  it('are built on their first request and kept, one per account of the world', () => {
    const one = compileWorld(world);
    const resolved = inside(one).principals.resolved;
    const before = resolved.size;
    const root = `arn:aws:iam::${A}:root`;
    expect(resolved.has(root)).toBe(false);
    const p = one.resolvePrincipal(root);
    expect(typeof p).toBe('object');
    expect(one.resolvePrincipal(root)).toBe(p);
    expect(resolved.size).toBe(before + 1);
    // Decided with the kept root as a fresh authorizer decides (roots cannot assume roles, spec §6.1).
    const request = { principal: root, action: 'sts:AssumeRole', resource: ROLE, time: TIME };
    expect(one.authorize(request)).toEqual(createAuthorizer(world).authorize(request));
    expect(one.authorize(request).detail).toBe('RootCannotAssumeRole');
  });

  it('keeps no root of another account nor one named by another text of its ARN', () => {
    const one = compileWorld(world);
    const resolved = inside(one).principals.resolved;
    const before = resolved.size;
    const elsewhere = `arn:aws:iam::${B}:root`;
    expect(one.resolvePrincipal(elsewhere)).not.toBe(one.resolvePrincipal(elsewhere));
    for (let i = 0; i < 50; i++) {
      const variant = `arn:aws:iam:region-${i}:${A}:root`;
      const p = one.resolvePrincipal(variant);
      expect(typeof p === 'object' && p.principal.arn).toBe(`arn:aws:iam::${A}:root`);
      expect(one.resolvePrincipal(variant)).not.toBe(p);
    }
    expect(resolved.size).toBe(before);
  });
});

describe('the resource tags of IAM entities', () => {
  it('are the tags of the role or user a request names as its resource (spec §7.2)', () => {
    const BOB = `arn:aws:iam::${A}:user/bob`;
    const CAROL = `arn:aws:iam::${A}:user/carol`;
    const OTHER = `arn:aws:iam::${A}:role/other`;
    const trust = policy({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' });
    const world = {
      users: {
        [ALICE]: {
          policies: [
            policy({
              Effect: 'Allow',
              Action: ['iam:GetRole', 'iam:GetUser'],
              Resource: '*',
              Condition: { StringEquals: { 'aws:ResourceTag/team': 'red' } },
            }),
          ],
        },
        [BOB]: { tags: { team: 'blue' } },
        [CAROL]: { tags: { team: 'red' } },
      },
      roles: { [ROLE]: { trustPolicy: trust, tags: { team: 'red' } }, [OTHER]: { trustPolicy: trust } },
    };
    const one = createAuthorizer(world);
    expect(one.ok).toBe(true);
    const ask = (action: string, resource: string) =>
      one.authorize({ principal: ALICE, action, resource, time: TIME }).decision;
    expect(ask('iam:GetRole', ROLE)).toBe('Allow');
    expect(ask('iam:GetRole', OTHER)).toBe('ImplicitDeny');
    expect(ask('iam:GetUser', CAROL)).toBe('Allow');
    expect(ask('iam:GetUser', BOB)).toBe('ImplicitDeny');
    expect(ask('iam:GetUser', ALICE)).toBe('ImplicitDeny');
  });
});
