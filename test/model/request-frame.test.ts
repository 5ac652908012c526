/**
 * An authorizer reuses the objects a plain decision works in (src/evaluate/request/frame.ts: the
 * request's members, the caller's context, the request's keys, the prepared request; and the
 * collector of src/evaluate/decide.ts). Reuse never changes an answer: a run of plain and
 * explained requests on one authorizer decides each as a fresh authorizer does; a caller's getter
 * that asks the same authorizer another question while a request is read or decided gets the
 * answer a fresh authorizer gives, and so does the question it interrupted; a decision already
 * returned never changes afterwards.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuthorizer, evaluate } from '../../src/index.js';
import { runs } from '../depth.js';
import { isWorldOwnedKey } from '../../src/evaluate/request/keys.js';

const A = '111111111111';
const B = '222222222222';
const M = '999999999999';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const CAROL = `arn:aws:iam::${A}:user/carol`;
const BOB = `arn:aws:iam::${B}:user/bob`;
const TIME = '2025-06-01T12:00:00Z';
const policy = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });

const world = {
  accounts: { [A]: { org: 'o-test', parents: ['r-root'] }, [M]: { org: 'o-test', parents: ['r-root'] }, [B]: {} },
  organization: {
    id: 'o-test',
    rootId: 'r-root',
    managementAccount: M,
    scps: {
      'r-root': [
        policy({ Effect: 'Allow', Action: '*', Resource: '*' }),
        policy({
          Effect: 'Deny',
          Action: 's3:*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } },
        }),
      ],
    },
  },
  users: {
    [ALICE]: {
      tags: { team: 'red' },
      policies: [
        policy(
          {
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::b1/${aws:username}/*',
            Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
          },
          {
            Effect: 'Allow',
            Action: 's3:PutObject',
            Resource: '*',
            Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red', 's3:x-amz-acl': 'private' } },
          },
          { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        ),
      ],
    },
    [CAROL]: {
      tags: { team: 'blue' },
      permissionsBoundary: policy({ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }),
      policies: [
        policy(
          { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b1/carol/*' },
          {
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: '*',
            Condition: { StringLike: { 'aws:CurrentTime': '2025-06-*' } },
          },
        ),
      ],
    },
    [BOB]: { policies: [policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' })] },
  },
  resources: {
    'arn:aws:s3:::b1': {
      account: A,
      policy: policy({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${B}:root` },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::b1/*',
        Condition: { StringEquals: { 'aws:SourceIp': '192.0.2.1' } },
      }),
    },
  },
};

const context = fc.option(
  fc.dictionary(
    fc.constantFrom(
      'aws:SourceIp',
      'AWS:SOURCEIP',
      'aws:RequestedRegion',
      'aws:SecureTransport',
      's3:x-amz-acl',
      'aws:PrincipalTag/team',
    ),
    fc.constantFrom('10.1.2.3', '192.0.2.1', 'eu-west-1', 'ap-south-1', 'true', 'false', 'private', 'red'),
    { maxKeys: 4 },
  ),
  { nil: undefined },
);

const request = fc.record({
  principal: fc.constantFrom(ALICE, CAROL, BOB),
  action: fc.constantFrom('s3:GetObject', 's3:PutObject', 's3:DeleteObject'),
  resource: fc.constantFrom('arn:aws:s3:::b1/alice/x', 'arn:aws:s3:::b1/carol/x', 'arn:aws:s3:::b1/bob/x'),
  context,
  time: fc.constantFrom(TIME, '2025-07-01T12:00:00Z'),
  explain: fc.boolean(),
  allowOverrides: fc.boolean(),
});
type Drawn = typeof request extends fc.Arbitrary<infer T> ? T : never;

const asRequest = (r: Drawn) => ({
  principal: r.principal,
  action: r.action,
  resource: r.resource,
  time: r.time,
  ...(r.context !== undefined ? { context: r.context } : {}),
});
const optionsOf = (r: Drawn) => ({ explain: r.explain, allowOverrides: r.allowOverrides });
/** The decision a fresh authorizer gives for the request alone. */
const fresh = (r: Drawn) => createAuthorizer(world).authorize(asRequest(r), optionsOf(r));

describe('an authorizer reuses the objects of a plain decision', () => {
  it('the world decides differently across the drawn requests (the runs below can tell requests apart)', () => {
    const decisions = new Set<string>();
    for (const principal of [ALICE, CAROL, BOB])
      for (const ip of ['10.1.2.3', '192.0.2.1'])
        for (const tls of ['true', 'false'])
          decisions.add(
            createAuthorizer(world).authorize({
              principal,
              action: 's3:GetObject',
              resource: `arn:aws:s3:::b1/${principal.slice(principal.lastIndexOf('/') + 1)}/x`,
              time: TIME,
              context: { 'aws:SourceIp': ip, 'aws:SecureTransport': tls, 'aws:RequestedRegion': 'eu-west-1' },
            }).decision,
          );
    expect([...decisions].sort()).toEqual(['Allow', 'ExplicitDeny', 'ImplicitDeny']);
  });

  it('a run of plain and explained requests on one authorizer decides each as a fresh authorizer does', () => {
    fc.assert(
      fc.property(fc.array(request, { minLength: 2, maxLength: 10 }), (requests) => {
        const one = createAuthorizer(world);
        expect(one.ok).toBe(true);
        for (const r of requests) expect(one.authorize(asRequest(r), optionsOf(r))).toEqual(fresh(r));
      }),
      { numRuns: runs(1_000) },
    );
  });

  it('requests that differ only in their time or one context value, one after the other, are each decided as alone', () => {
    const one = createAuthorizer(world);
    const net = { 'aws:RequestedRegion': 'eu-west-1', 'aws:SecureTransport': 'true' };
    const carol = { principal: CAROL, action: 's3:GetObject', resource: 'arn:aws:s3:::b1/alice/x', context: net };
    const alice = { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b1/alice/x', time: TIME };
    for (let i = 0; i < 3; i++) {
      // aws:CurrentTime is read as text by Carol's StringLike: June allows, July does not.
      expect(one.authorize({ ...carol, time: TIME }).decision).toBe('Allow');
      expect(one.authorize({ ...carol, time: '2025-07-01T12:00:00Z' }).decision).toBe('ImplicitDeny');
      // aws:SourceIp in or out of 10.0.0.0/8, under the same name and under another spelling.
      expect(one.authorize({ ...alice, context: { ...net, 'aws:SourceIp': '10.1.2.3' } }).decision).toBe('Allow');
      expect(one.authorize({ ...alice, context: { ...net, 'aws:SourceIp': '192.0.2.1' } }).decision).toBe(
        'ImplicitDeny',
      );
      expect(one.authorize({ ...alice, context: { ...net, 'AWS:SOURCEIP': '10.1.2.3' } }).decision).toBe('Allow');
      expect(one.authorize({ ...alice, context: { 'aws:SourceIp': '10.1.2.3', ...net } }).decision).toBe('Allow');
      expect(
        one.authorize({ ...alice, context: { 'aws:SecureTransport': 'false', 'aws:SourceIp': '10.1.2.3' } }).decision,
      ).toBe('ExplicitDeny');
    }
  });

  it('a getter that asks the same authorizer while a context value is read gets a fresh answer, and so does the question it interrupted', () => {
    fc.assert(
      fc.property(
        request,
        request,
        fc.constantFrom('aws:SourceIp', 'aws:RequestedRegion', 'aws:SecureTransport'),
        (outer, inner, key) => {
          const one = createAuthorizer(world);
          let innerDecision: unknown;
          const base = outer.context ?? {};
          const value =
            base[key] ??
            { 'aws:SourceIp': '10.1.2.3', 'aws:RequestedRegion': 'eu-west-1', 'aws:SecureTransport': 'true' }[key];
          const ctx: Record<string, unknown> = { ...base };
          delete ctx[key];
          Object.defineProperty(ctx, key, {
            enumerable: true,
            get: () => {
              innerDecision = one.authorize(asRequest(inner), optionsOf(inner));
              return value;
            },
          });
          // The same context with the value held plainly, the key in the same place.
          const held: Record<string, string> = { ...base };
          delete held[key];
          held[key] = value as string;
          const got = one.authorize({ ...asRequest(outer), context: ctx as never }, optionsOf(outer));
          expect(got).toEqual(fresh({ ...outer, context: held as never }));
          if (innerDecision !== undefined) expect(innerDecision).toEqual(fresh(inner));
          // Afterwards, the authorizer decides as before.
          expect(one.authorize(asRequest(inner), optionsOf(inner))).toEqual(fresh(inner));
        },
      ),
      { numRuns: runs(500) },
    );
  });

  it('a getter that asks the same authorizer while the request is read gets a fresh answer, and so does the question it interrupted', () => {
    fc.assert(
      fc.property(
        request,
        request,
        fc.constantFrom('principal', 'action', 'resource', 'time', 'context'),
        (outer, inner, member) => {
          const one = createAuthorizer(world);
          const plain: Record<string, unknown> = asRequest(outer);
          const held = plain[member];
          let innerDecision: unknown;
          const r: Record<string, unknown> = { ...plain };
          delete r[member];
          Object.defineProperty(r, member, {
            enumerable: true,
            get: () => {
              innerDecision = one.authorize(asRequest(inner), optionsOf(inner));
              return held;
            },
          });
          expect(one.authorize(r as never, optionsOf(outer))).toEqual(fresh(outer));
          expect(innerDecision).toEqual(fresh(inner));
        },
      ),
      { numRuns: runs(500) },
    );
  });

  it('a getter that asks again and again, nested, gets fresh answers at every depth', () => {
    const one = createAuthorizer(world);
    const allow = { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b1/alice/x', time: TIME };
    const net = { 'aws:RequestedRegion': 'eu-west-1', 'aws:SecureTransport': 'true' };
    const answers: string[] = [];
    let depth = 0;
    const ctx = {
      ...net,
      get 'aws:SourceIp'() {
        if (depth < 3) {
          depth++;
          // Carol's boundary denies PutObject; Bob's cross-account grant needs 192.0.2.1: each a different answer.
          answers.push(one.authorize({ ...allow, principal: CAROL, action: 's3:PutObject', context: net }).decision);
          answers.push(one.authorize({ ...allow, context: ctx }).decision);
        }
        return '10.1.2.3';
      },
    };
    expect(one.authorize({ ...allow, context: ctx }).decision).toBe('Allow');
    expect(answers).toEqual(['ImplicitDeny', 'ImplicitDeny', 'ImplicitDeny', 'Allow', 'Allow', 'Allow']);
    expect(one.authorize({ ...allow, context: { ...net, 'aws:SourceIp': '192.0.2.1' } }).decision).toBe('ImplicitDeny');
  });

  it('a getter read by the resource policy that asks about a same-account request leaves the cross-account decision whole', () => {
    const one = createAuthorizer(world);
    const cross = { principal: BOB, action: 's3:GetObject', resource: 'arn:aws:s3:::b1/bob/x', time: TIME };
    const same = { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b1/alice/x', time: TIME };
    const net = { 'aws:RequestedRegion': 'eu-west-1', 'aws:SecureTransport': 'true', 'aws:SourceIp': '10.1.2.3' };
    let inner: string | undefined;
    const ctx = {
      get 'aws:SourceIp'() {
        inner = one.authorize({ ...same, context: net }).decision;
        return '192.0.2.1';
      },
    };
    // Bob (account B) is granted by the bucket's policy from 192.0.2.1 only, and his own policy allows.
    expect(createAuthorizer(world).authorize({ ...cross, context: { 'aws:SourceIp': '192.0.2.1' } }).decision).toBe(
      'Allow',
    );
    expect(one.authorize({ ...cross, context: ctx }).decision).toBe('Allow');
    expect(inner).toBe('Allow');
    expect(one.authorize({ ...cross, context: { 'aws:SourceIp': '10.1.2.3' } }).decision).toBe('ImplicitDeny');
    // And the other way round: Alice's own policy reads the getter, which asks about Bob's request
    // (cross-account, not granted from that address).
    let crossInner: string | undefined;
    const aliceCtx = {
      ...net,
      get 'aws:SourceIp'() {
        crossInner = one.authorize({ ...cross, context: { 'aws:SourceIp': '10.1.2.3' } }).decision;
        return '10.1.2.3';
      },
    };
    expect(one.authorize({ ...same, context: aliceCtx }).decision).toBe('Allow');
    expect(crossInner).toBe('ImplicitDeny');
  });

  it('a getter that throws ends its decision, and the next decisions are as a fresh authorizer gives them', () => {
    fc.assert(
      fc.property(request, request, (outer, next) => {
        const one = createAuthorizer(world);
        const ctx = {
          get 'aws:SourceIp'(): string {
            throw new Error('boom');
          },
        };
        const d = one.authorize({ ...asRequest(outer), context: ctx }, optionsOf(outer));
        expect(d.decision).not.toBe('Allow');
        expect(one.authorize(asRequest(next), optionsOf(next))).toEqual(fresh(next));
      }),
      { numRuns: runs(200) },
    );
  });

  it('a decision returned never changes when the authorizer decides more requests', () => {
    fc.assert(
      fc.property(request, fc.array(request, { minLength: 1, maxLength: 6 }), (first, later) => {
        const one = createAuthorizer(world);
        const d = one.authorize(asRequest(first), optionsOf(first));
        const copy = structuredClone(d);
        for (const r of later) one.authorize(asRequest(r), optionsOf(r));
        expect(d).toEqual(copy);
        // A plain decision is shared only when frozen (it holds nothing of the request).
        if (!first.explain) expect(Object.isFrozen(d) || d.reason !== undefined).toBe(true);
      }),
      { numRuns: runs(500) },
    );
  });

  it('`evaluate` still decides requests whose context getter evaluates another request meanwhile', () => {
    const policies = {
      identity: [
        policy({
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: '*',
          Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        }),
      ],
    };
    let inner: string | undefined;
    const ctx = {
      get 'aws:SourceIp'() {
        inner = evaluate({
          principal: ALICE,
          action: 's3:GetObject',
          resource: '*',
          context: { 'aws:SourceIp': '192.0.2.1' },
          policies,
        }).decision;
        return '10.1.2.3';
      },
    };
    expect(evaluate({ principal: ALICE, action: 's3:GetObject', resource: '*', context: ctx, policies }).decision).toBe(
      'Allow',
    );
    expect(inner).toBe('ImplicitDeny');
  });
});

describe("an organization account's keys", () => {
  it("are all world-owned, as the authorizer takes them to be when they are a request's only derived source", () => {
    // src/model/authorizer.ts builds these three; a key that is not world-owned would have to be
    // looked for among the derived sources, which the fast path then skips.
    for (const key of ['aws:ResourceAccount', 'aws:ResourceOrgID', 'aws:ResourceOrgPaths'])
      expect(isWorldOwnedKey(key.toLowerCase())).toBe(true);
  });
});
