/**
 * A fresh authorizer's directories (issue #16, round twelve): what they share between principals
 * and authorizers without carrying anything from one to the next, and the checks they make only
 * where they can matter. The answers are the ones the fuller work gave.
 */
import { describe, expect, it } from 'vitest';
import { compileWorld } from '../../src/model/authorizer.js';

const A = '111111111111';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const BOB = `arn:aws:iam::${A}:user/bob`;
const APP = `arn:aws:iam::${A}:role/app`;
const TIME = '2025-06-01T12:00:00Z';
const policy = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const trust = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' });
const allowAll = policy({ Effect: 'Allow', Action: '*', Resource: '*' });

/** A resolved principal's user and role records (what these tests read). */
interface Resolved {
  user?: { tags: Record<string, string> };
  role?: { tags: Record<string, string>; serviceLinked: boolean };
  tags: Record<string, string>;
}
const resolved = (world: object, arn: string) => compileWorld(world).resolvePrincipal(arn) as Resolved;

describe("a directory's users and roles", () => {
  it('gives a user or role without tags empty tags without a prototype, and merges given tags regardless of case', () => {
    const world = {
      users: { [ALICE]: { policies: [allowAll] }, [BOB]: { tags: { Team: 'a', team: 'b', Env: 'dev' } } },
      roles: { [APP]: { trustPolicy: trust } },
    };
    for (const arn of [ALICE, APP]) {
      const p = resolved(world, arn);
      const tags = (p.user ?? p.role)?.tags as Record<string, string>;
      expect(Object.keys(tags)).toEqual([]);
      expect(Object.getPrototypeOf(tags)).toBeNull();
      // Nothing planted on Object.prototype is a tag.
      expect(tags['constructor']).toBeUndefined();
      expect(p.tags).toBe(tags);
    }
    // A later key replaces an earlier one of any case, in the earlier one's place (spec §6.5).
    const bob = resolved(world, BOB).user?.tags as Record<string, string>;
    expect(Object.entries(bob)).toEqual([
      ['team', 'b'],
      ['Env', 'dev'],
    ]);
    // The role without tags is a resource without `aws:ResourceTag/*`: a tag condition fails.
    const a = compileWorld({
      ...world,
      users: {
        [ALICE]: {
          policies: [
            policy({
              Effect: 'Allow',
              Action: 'iam:GetRole',
              Resource: APP,
              Condition: { StringEquals: { 'aws:ResourceTag/constructor': 'x' } },
            }),
          ],
        },
      },
    });
    expect(a.authorize({ principal: ALICE, action: 'iam:GetRole', resource: APP, time: TIME }).decision).toBe(
      'ImplicitDeny',
    );
  });

  it('tells a service-linked role by its path', () => {
    const linked = `arn:aws:iam::${A}:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk`;
    const nested = `arn:aws:iam::${A}:role/team/aws-service-role/x`;
    const prefixed = `arn:aws:iam::${A}:role/aws-service-roles/x`;
    const world = {
      roles: { [linked]: { trustPolicy: trust }, [nested]: { trustPolicy: trust }, [prefixed]: { trustPolicy: trust } },
    };
    expect(resolved(world, linked).role?.serviceLinked).toBe(true);
    expect(resolved(world, nested).role?.serviceLinked).toBe(false);
    expect(resolved(world, prefixed).role?.serviceLinked).toBe(false);
    expect(
      resolved({ roles: { [nested]: { trustPolicy: trust, serviceLinked: true } } }, nested).role?.serviceLinked,
    ).toBe(true);
  });

  it('shares nothing between authorizers: a world without roles knows none another world defines', () => {
    const none = compileWorld({ users: { [ALICE]: { policies: [allowAll] } } });
    const noUsers = compileWorld({ roles: {} });
    const other = compileWorld({
      users: { [BOB]: { policies: [allowAll] } },
      roles: { [APP]: { trustPolicy: trust, policies: [allowAll] } },
    });
    expect(other.resolvePrincipal(APP)).not.toBeTypeOf('string');
    for (const a of [none, noUsers]) {
      expect(a.resolvePrincipal(APP)).toBeTypeOf('string');
      // A user the world does not define is built per call, with no policies.
      expect(
        a.authorize({ principal: BOB, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', time: TIME }).decision,
      ).not.toBe('Allow');
      expect(
        a.authorize({ principal: APP, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', time: TIME }).decision,
      ).not.toBe('Allow');
    }
    const inside = (a: unknown) =>
      (a as { principals: { users: ReadonlyMap<string, unknown>; roles: ReadonlyMap<string, unknown> } }).principals;
    expect(inside(none).roles.size).toBe(0);
    expect(inside(noUsers).users.size).toBe(0);
    expect(inside(none).users.has(BOB)).toBe(false);
    expect(inside(other).roles.size).toBe(1);
    expect(
      other.authorize({ principal: BOB, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', time: TIME }).decision,
    ).toBe('Allow');
  });
});

describe("a world's own AWS managed policy", () => {
  /** A document of more than 6,144 characters: over the customer managed quota (spec §8.1). */
  const big = policy(
    ...Array.from({ length: 80 }, (_, i) => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::bucket-${i}/reports/*`,
    })),
  );
  const AWS_ARN = 'arn:aws:iam::aws:policy/BigReadOnly';
  const OWN_ARN = `arn:aws:iam::${A}:policy/BigToo`;
  const world = {
    managedPolicies: { [AWS_ARN]: big, [OWN_ARN]: big },
    users: { [ALICE]: { policies: [AWS_ARN] }, [BOB]: { policies: [OWN_ARN] } },
  };
  const sizeErrors = (a: { errors: readonly { path: string }[] }) => a.errors.map((e) => e.path);

  it('is held to the size quota unless the catalog vouches for it, and the catalog is asked only about that one', () => {
    expect(JSON.stringify(big).length).toBeGreaterThan(6144);
    // No catalog: both are customer managed as far as anyone can tell.
    expect(sizeErrors(compileWorld(world))).toEqual([`managedPolicies["${AWS_ARN}"]`, `managedPolicies["${OWN_ARN}"]`]);
    // A catalog that knows the AWS one: it is exempt; the catalog is asked about it once (never
    // about the world's own customer ARN).
    const asked: string[] = [];
    const vouching = compileWorld(world, {
      managedPolicies: (arn) => {
        asked.push(arn);
        return arn === AWS_ARN ? big : undefined;
      },
    });
    expect(sizeErrors(vouching)).toEqual([`managedPolicies["${OWN_ARN}"]`]);
    expect(asked).toEqual([AWS_ARN]);
    // A catalog that does not know it: held to the quota.
    expect(sizeErrors(compileWorld(world, { managedPolicies: () => undefined }))).toEqual([
      `managedPolicies["${AWS_ARN}"]`,
      `managedPolicies["${OWN_ARN}"]`,
    ]);
  });
});

describe("a world's only user", () => {
  const GROUP_A = `arn:aws:iam::${A}:group/a`;
  const GROUP_B = `arn:aws:iam::${A}:group/b`;
  const MANAGED = `arn:aws:iam::${A}:policy/ReadLogs`;
  const allow = (Sid: string, Action: string) => policy({ Sid, Effect: 'Allow', Action, Resource: '*' });
  const world = (users: object) => ({
    managedPolicies: { [MANAGED]: allow('Logs', 'logs:Get*') },
    groups: {
      [GROUP_A]: { policies: [allow('A1', 's3:Get*'), MANAGED] },
      [GROUP_B]: { policies: [policy({ Sid: 'B1', Effect: 'Deny', Action: 's3:GetObject', Resource: '*' })] },
    },
    users,
  });
  const alice = { policies: [allow('Own', 'sqs:*')], groups: [GROUP_B, GROUP_A] };
  const identity = (w: object) =>
    (compileWorld(w).resolvePrincipal(ALICE) as unknown as { identity: { id: string; index: { blocks?: unknown } }[] })
      .identity;

  it("lists its own then its groups' policies in one list, as a user of a larger world has them", () => {
    const sole = identity(world({ [ALICE]: alice }));
    const shared = identity(world({ [ALICE]: alice, [BOB]: { groups: [GROUP_A] } }));
    const ids = ['user/alice[0]', 'group/b[0]', 'group/a[0]', MANAGED];
    expect(sole.map((p) => p.id)).toEqual(ids);
    expect(shared.map((p) => p.id)).toEqual(ids);
    // No list per group: the sole user's list is indexed as one run of its policies.
    expect((sole as unknown as { index: { blocks?: unknown } }).index.blocks).toBeUndefined();
    expect((shared as unknown as { index: { blocks?: unknown } }).index.blocks).toBeDefined();
    // No other user can hold the sole user's list: it is made without the compiler's number.
    const serial = (list: unknown) => (list as { serial: number }).serial;
    expect(serial(sole)).toBe(-1);
    expect(serial(shared)).toBeGreaterThanOrEqual(0);
    for (const action of [
      's3:GetObject',
      's3:GetBucketTagging',
      'logs:GetLogEvents',
      'sqs:SendMessage',
      'ec2:RunInstances',
    ]) {
      const request = { principal: ALICE, action, resource: 'arn:aws:s3:::b/k', time: TIME };
      const decide = (w: object) => {
        const a = compileWorld(w);
        return [a.authorize(request, { explain: true }), a.authorize(request), a.authorize(request, { explain: true })];
      };
      expect(decide(world({ [ALICE]: alice }))).toEqual(
        decide(world({ [ALICE]: alice, [BOB]: { groups: [GROUP_A] } })),
      );
    }
  });
});
