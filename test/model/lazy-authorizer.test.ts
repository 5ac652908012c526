/**
 * The lazily compiled mode (issue #16): `createAuthorizer(world, { compile: 'lazy' })` compiles only
 * what a question touches, and must decide every question exactly as the eager authorizer does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuthorizer, type Decision } from '../../src/index.js';
import { MAX_SLICE_KEY_CHARS, MAX_SLICES, SMALL_WORLD } from '../../src/model/lazy-authorizer.js';
import { compileWorld, type CompiledWorld } from '../../src/model/authorizer.js';
import { actionMatches, compilePolicy, mayApplyToService } from '../../src/evaluate/compile.js';
import { excludesService, isOtherServiceAction, isQuietAction } from '../../src/policy/policy-strings.js';
import { namesNoActionOf } from '../../src/model/world-fast.js';
import { parsePolicy } from '../../src/policy/parse.js';
import type { RefRequest, RefWorld } from '../reference/evaluate.js';
import {
  fidelityWorldWithRequests,
  resourceFocusedWorldWithRequests,
  worldWithRequests,
} from '../reference/generators.js';

const A = '111111111111';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const allow = (action: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
});

/**
 * The same world with each named resource policy attached to the resource (or, for an S3 object, the
 * bucket) of a request that names it, and the requests without the name: the policy is then found
 * by what it is attached to, as importers write bucket policies.
 */
function attached(world: RefWorld, requests: RefRequest[]): { world: RefWorld; requests: RefRequest[] } {
  const w = structuredClone(world) as RefWorld & { resourcePolicies?: Record<string, { resource?: string }> };
  for (const [name, rp] of Object.entries(w.resourcePolicies ?? {})) {
    const r = requests.find((q) => q.resourcePolicy === name);
    if (r)
      rp.resource = /^arn:aws:s3:::[^/]+\/./.test(r.resource)
        ? r.resource.slice(0, r.resource.indexOf('/'))
        : r.resource;
  }
  return { world: w, requests: requests.map(({ resourcePolicy: _, ...rest }) => rest) };
}

function agree(arbitrary: fc.Arbitrary<{ world: RefWorld; requests: RefRequest[] }>, numRuns: number): void {
  let compared = 0;
  fc.assert(
    fc.property(
      arbitrary.chain((x) => fc.boolean().map((attach) => (attach ? attached(x.world, x.requests) : x))),
      ({ world, requests }) => {
        const eager = createAuthorizer(world);
        const lazy = createAuthorizer(world, { compile: 'lazy' });
        expect(eager.errors).toEqual([]);
        for (const request of requests) {
          compared++;
          // The whole decision, explanation included: same layers, same statements, same reason.
          const e: Decision = eager.authorize(request, { explain: true });
          expect(lazy.authorize(request, { explain: true }), JSON.stringify({ world, request })).toEqual(e);
          expect(lazy.authorize(request).decision).toBe(e.decision);
        }
      },
    ),
    { numRuns },
  );
  expect(compared).toBeGreaterThan(numRuns);
}

describe('lazy ≡ eager on generated worlds and requests', () => {
  it('random worlds', () => agree(worldWithRequests, 60), 120_000);
  it('resource-policy worlds', () => agree(resourceFocusedWorldWithRequests, 50), 120_000);
  it('fidelity worlds (endpoints, Block Public Access)', () => agree(fidelityWorldWithRequests, 50), 120_000);
});

describe('lazy mode', () => {
  const world = {
    users: {
      [ALICE]: {
        policies: [`arn:aws:iam::${A}:policy/Read`],
        groups: [`arn:aws:iam::${A}:group/devs`],
        accessKeys: [{ id: 'AKIAALICE00000000001' }],
      },
      [`arn:aws:iam::${A}:user/broken`]: {
        policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Permit', Action: '*', Resource: '*' }] }],
      },
    },
    groups: { [`arn:aws:iam::${A}:group/devs`]: { policies: [allow('sqs:SendMessage')] } },
    managedPolicies: { [`arn:aws:iam::${A}:policy/Read`]: allow('s3:GetObject') },
    userSessions: {
      t1: {
        userArn: ALICE,
        accessKeyId: 'ASIAALICE00000000001',
        sessionToken: 'tok',
        issuedAt: '2025-06-01T11:00:00Z',
        expiresAt: '2025-06-01T13:00:00Z',
      },
    },
  };
  const request = {
    principal: ALICE,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    time: '2025-06-01T12:00:00Z',
  };

  it('answers questions that do not touch a broken record, which the eager mode refuses', () => {
    const eager = createAuthorizer(world);
    const lazy = createAuthorizer(world, { compile: 'lazy' });
    expect(eager.ok).toBe(false);
    expect(eager.authorize(request).reason).toBe('InvalidWorld');
    expect(lazy.authorize(request).decision).toBe('Allow');
    expect(lazy.authorize({ ...request, action: 'sqs:SendMessage' }).decision).toBe('Allow');
    // A question about the broken user fails closed.
    expect(lazy.authorize({ ...request, principal: `arn:aws:iam::${A}:user/broken` })).toMatchObject({
      decision: 'ImplicitDeny',
      reason: 'InvalidWorld',
    });
  });

  it('finds the owner of an access key and of temporary credentials', () => {
    const fixed = { ...world, users: { [ALICE]: world.users[ALICE] } };
    const eager = compileWorld(fixed);
    const lazy = compileWorldLazy(fixed);
    for (const creds of [
      { accessKeyId: 'AKIAALICE00000000001' },
      { accessKeyId: 'ASIAALICE00000000001', sessionToken: 'tok' },
      { accessKeyId: 'ASIAALICE00000000001', sessionToken: 'bad' },
      { accessKeyId: 'AKIANOBODY0000000001' },
    ]) {
      const { principal: _, ...rest } = request;
      const r = { ...rest, ...creds };
      expect(lazy.authorize(r)).toEqual(eager.authorize(r));
    }
    // Resolved principals hold compiled policies (closures): compare what they say.
    const facts = (p: ReturnType<typeof eager.resolvePrincipal>) =>
      typeof p === 'string'
        ? p
        : { principal: p.principal, identity: p.identity.map((c) => c.id), keys: [...p.keys.entries()] };
    expect(facts(lazy.authenticate('AKIAALICE00000000001') as ReturnType<typeof eager.resolvePrincipal>)).toEqual(
      facts(eager.authenticate('AKIAALICE00000000001') as ReturnType<typeof eager.resolvePrincipal>),
    );
    expect(facts(lazy.resolvePrincipal(ALICE))).toEqual(facts(eager.resolvePrincipal(ALICE)));
    expect(facts(eager.resolvePrincipal(ALICE))).toMatchObject({
      identity: [`arn:aws:iam::${A}:policy/Read`, expect.stringContaining('group/devs')],
    });
  });

  it('finds the later of two owners of one access key, and the later of two roles of one name, as eager does', () => {
    const roleAt = (path: string, action: string) => ({
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'sts:AssumeRole' }],
      },
      policies: [allow(action)],
      roleId: `AROA${path.length}`,
    });
    const shared = {
      users: {
        [ALICE]: { policies: [allow('s3:GetObject')], accessKeys: [{ id: 'AKIASHARED0000000001' }] },
        [`arn:aws:iam::${A}:user/bob`]: {
          policies: [allow('sqs:SendMessage')],
          accessKeys: [{ id: 'AKIASHARED0000000001' }],
        },
      },
      roles: {
        [`arn:aws:iam::${A}:role/a/ops`]: roleAt('/a/', 'ec2:StartInstances'),
        [`arn:aws:iam::${A}:role/b/ops`]: roleAt('/b/', 'ec2:StopInstances'),
        // A fifth record: the world is sliced, not compiled whole (SMALL_WORLD).
        [`arn:aws:iam::${A}:role/other`]: roleAt('/', 'sqs:ReceiveMessage'),
      },
    };
    const eager = createAuthorizer(shared);
    const lazy = createAuthorizer(shared, { compile: 'lazy' });
    expect(eager.errors).toEqual([]);
    const session = `arn:aws:sts::${A}:assumed-role/ops/s1`;
    const questions = [
      { accessKeyId: 'AKIASHARED0000000001', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' },
      { accessKeyId: 'AKIASHARED0000000001', action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${A}:q` },
      { principal: session, action: 'ec2:StartInstances', resource: '*' },
      { principal: session, action: 'ec2:StopInstances', resource: '*' },
      // The slice picks b/ops (the session's role) before a/ops (the resource): it must still hold
      // them in the world's order, so that the later of the name is b/ops there too.
      { principal: session, action: 'ec2:StopInstances', resource: `arn:aws:iam::${A}:role/a/ops` },
    ];
    const decisions = questions.map((q) => {
      const r = { ...q, time: '2025-06-01T12:00:00Z' };
      const e = eager.authorize(r, { explain: true });
      expect(lazy.authorize(r, { explain: true })).toEqual(e);
      return e.decision;
    });
    // The later owner (bob) and the later role of the name (b/ops) decide.
    expect(decisions).toEqual(['ImplicitDeny', 'Allow', 'ImplicitDeny', 'Allow', 'Allow']);
  });

  it('keeps at most MAX_SLICES compiled slices and decides the same after dropping them', () => {
    const lazy = createAuthorizer(world, { compile: 'lazy' });
    const first = lazy.authorize(request);
    for (let i = 0; i <= MAX_SLICES; i++) lazy.authorize({ ...request, resource: `arn:aws:s3:::b${i}/k` });
    expect((lazy as unknown as { slices: Map<string, unknown> }).slices.size).toBe(MAX_SLICES);
    expect(lazy.authorize(request)).toEqual(first);
  });

  it('keeps its first slice until a second question, and not at all when its key would pass MAX_SLICE_KEY_CHARS', () => {
    type Internals = { slices: Map<string, unknown>; first?: { authorizer: unknown } };
    const internals = (lazy: unknown) => lazy as Internals;
    const lazy = createAuthorizer(world, { compile: 'lazy' });
    const decision = lazy.authorize(request);
    expect(internals(lazy).slices.size).toBe(0);
    const first = internals(lazy).first?.authorizer;
    expect(first).toBeDefined();
    // The same question again: the same slice, still not keyed.
    expect(lazy.authorize(request)).toEqual(decision);
    expect(internals(lazy).first?.authorizer).toBe(first);
    // A second question keys the first slice, then its own, in that order.
    lazy.authorize({ ...request, vpcEndpoint: 'vpce-1' });
    expect(internals(lazy).first).toBeUndefined();
    const keyed = `${ALICE.length}:${ALICE}-16:arn:aws:s3:::b/k-`;
    expect([...internals(lazy).slices.keys()]).toEqual([`${keyed}-2:s3`, `${keyed}6:vpce-12:s3`]);
    expect(internals(lazy).slices.get(`${keyed}-2:s3`)).toBe(first);

    // A question with only a principal: its key is `<length>:<principal>----2:s3`.
    const keyLength = (principal: string) => `${principal.length}:${principal}----2:s3`.length;
    const padded = (length: number) => {
      let p = ALICE;
      while (keyLength(p) < length) p += 'x';
      return p;
    };
    // No resource (the request checks refuse it after its slice is built).
    const question = (principal: string) => ({
      principal,
      action: 's3:GetObject',
      resource: undefined as unknown as string,
      time: request.time,
    });
    const at = createAuthorizer(world, { compile: 'lazy' });
    at.authorize(question(padded(MAX_SLICE_KEY_CHARS)));
    expect(internals(at).first).toBeDefined();
    const over = createAuthorizer(world, { compile: 'lazy' });
    over.authorize(question(padded(MAX_SLICE_KEY_CHARS + 1)));
    expect(internals(over).first).toBeUndefined();
    expect(internals(over).slices.size).toBe(0);
  });

  it('keeps apart two requests whose members read the same when run together', () => {
    // Written one after the other, the members of both requests read `…b/k---s3` (`-` for a member
    // the request lacks): only a key that delimits each member tells the second request from the
    // first (whose slice lacks the resource policy named "--", so reusing it would refuse the second).
    const bob = `arn:aws:iam::${A}:user/bob`;
    const w = {
      users: { [bob]: {} },
      resourcePolicies: {
        '--': {
          policy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: bob }, Action: 's3:GetObject', Resource: '*' }],
          },
        },
      },
    };
    const first = { principal: bob, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k-', time: request.time };
    const second = { ...first, resource: 'arn:aws:s3:::b/k', resourcePolicy: '--' };
    const eager = createAuthorizer(w);
    const lazy = createAuthorizer(w, { compile: 'lazy' });
    expect(eager.authorize(second).decision).toBe('Allow');
    for (const r of [first, second, first])
      expect(lazy.authorize(r, { explain: true })).toEqual(eager.authorize(r, { explain: true }));
  });

  it('keeps a record keyed __proto__ as an own member of its slice, which fails closed as the eager world does', () => {
    // Parsed from JSON text, `__proto__` is an own member (the eager mode refuses the world for it):
    // the slice must hold it as one too, not set its prototype with it (and so drop the record).
    const text = `{
      "users": { "${ALICE}": {} },
      "resourcePolicies": { "__proto__": { "policy": {
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Principal": { "AWS": "${ALICE}" }, "Action": "s3:GetObject", "Resource": "*" }]
      } } }
    }`;
    const r = { ...request, resourcePolicy: '__proto__' };
    const eager = createAuthorizer(JSON.parse(text));
    const lazy = createAuthorizer(JSON.parse(text), { compile: 'lazy' });
    expect(eager.errors.map((e) => e.code)).toContain('reserved-key');
    expect(lazy.authorize(r)).toMatchObject({ decision: 'ImplicitDeny', reason: 'InvalidWorld' });
    expect(lazy.authorize(r)).toEqual(eager.authorize(r));
  });

  it('reports a world that is not an object of sections as the eager mode does', () => {
    const sections = [
      'accounts',
      'organization',
      'identityProviders',
      'instanceProfiles',
      'managedPolicies',
      'users',
      'groups',
      'roles',
      'sessions',
      'userSessions',
      'resourcePolicies',
      'resources',
      'vpcEndpoints',
    ];
    const each = sections.flatMap((s) => [{ [s]: [] }, { [s]: 'x' }, { users: {}, [s]: 7 }]);
    for (const bad of [null, 42, { users: [] }, { accounts: [] }, { users: {}, organization: 'o-1' }, ...each]) {
      const lazy = compileWorldLazy(bad);
      const eager = compileWorld(bad);
      expect(lazy.ok).toBe(false);
      expect(lazy.errors).toEqual(eager.errors);
    }
  });
});

describe("a slice compiles only the statements of the request's service", () => {
  const PATTERNS = [
    '*',
    's3:*',
    'S3:Get*',
    's3:GetObject',
    'sqs:*',
    'SQS:send?essage',
    'kms:*',
    'sts:*',
    'sts:TagSession',
  ];
  const ACTIONS = [
    's3:GetObject',
    'S3:PUTOBJECT',
    'sqs:SendMessage',
    'kms:Decrypt',
    'sts:AssumeRole',
    'sts:TagSession',
  ];

  it('never leaves out a statement that matches an action of the service (Action and NotAction)', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.uniqueArray(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...ACTIONS),
        (not, values, action) => {
          const doc = {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Deny', [not ? 'NotAction' : 'Action']: values, Resource: '*' }],
          };
          const parsed = parsePolicy(doc, { type: 'identity' });
          if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
          const st = compilePolicy(parsed.policy, 'p').statements[0];
          const lower = action.toLowerCase();
          const service = lower.slice(0, lower.indexOf(':'));
          const element = (parsed.policy.statements[0] as (typeof parsed.policy.statements)[number]).action;
          // Left out only when it cannot match; kept when it can (it may be kept and not match).
          if (st && actionMatches(st, lower)) expect(mayApplyToService(element, service)).toBe(true);
          // The filtered policy keeps exactly the statements the function keeps.
          const only = compilePolicy(parsed.policy, 'p', undefined, service);
          expect(only.statements.length).toBe(mayApplyToService(element, service) ? 1 : 0);
          // And keeps the parsed form exactly when the unfiltered compile does (resource-based and trust only).
          const full = compilePolicy(parsed.policy, 'p');
          expect(only.source).toBe(full.source);
          // It lists a kept statement under the service alone (if it names it), as the unfiltered compile does.
          expect(only.byService.size).toBe(only.byService.has(service) ? 1 : 0);
          const indexes = (list: readonly { index: number }[] | undefined) => (list ?? []).map((s) => s.index);
          expect(indexes(only.byService.get(service))).toEqual(indexes(full.byService.get(service)));
          if (only.statements.length > 0) expect(indexes(only.anyService)).toEqual(indexes(full.anyService));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('compiles a document that keeps no statement of the service to an empty policy, and one that keeps one to that one', () => {
    const doc = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Ec2', Effect: 'Allow', Action: 'ec2:StartInstances', Resource: '*' },
        { Sid: 'Kms', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' },
      ],
    };
    const parsed = parsePolicy(doc, { type: 'identity' });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const none = compilePolicy(parsed.policy, 'p', undefined, 's3');
    expect(none.statements).toEqual([]);
    expect(none.anyService).toEqual([]);
    expect(none.byService.size).toBe(0);
    expect(none.index.service('s3').byAction.size).toBe(0);
    const kms = compilePolicy(parsed.policy, 'p', undefined, 'kms');
    expect(kms.statements.map((st) => st.sid)).toEqual(['Kms']);
    expect(kms.byService.get('kms')).toBe(kms.statements);
  });

  it("lists a statement that names several services under the slice's service alone, whatever the case of its prefix", () => {
    const doc = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Many', Effect: 'Allow', Action: ['ec2:StartInstances', 'S3:GetObject', 'kms:Decrypt'], Resource: '*' },
        { Sid: 'Any', Effect: 'Deny', NotAction: 'iam:*', Resource: '*' },
        { Sid: 'Ec2', Effect: 'Allow', Action: 'ec2:StopInstances', Resource: '*' },
        { Sid: 'Again', Effect: 'Allow', Action: ['s3:PutObject', 'S3:ListBucket'], Resource: '*' },
      ],
    };
    const parsed = parsePolicy(doc, { type: 'identity' });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const s3 = compilePolicy(parsed.policy, 'p', undefined, 's3');
    expect(s3.byService.size).toBe(1);
    expect(s3.byService.get('s3')?.map((st) => st.sid)).toEqual(['Many', 'Again']);
    expect(s3.anyService.map((st) => st.sid)).toEqual(['Any']);
    // A prefix that lower-cases to the service from outside ASCII (the Kelvin sign, U+212A) is that
    // service's, as the unfiltered compile lists it (the validator would refuse it; the compiler does not rely on that).
    const many = parsed.policy.statements[0] as (typeof parsed.policy.statements)[number];
    const kelvin = {
      ...parsed.policy,
      statements: [{ ...many, action: { ...many.action, values: ['\u212Ams:Decrypt', 'ec2:StartInstances'] } }],
    };
    expect(compilePolicy(kelvin, 'p').byService.has('kms')).toBe(true);
    const kms = compilePolicy(kelvin, 'p', undefined, 'kms');
    expect(kms.byService.get('kms')?.map((st) => st.sid)).toEqual(['Many']);
    expect(kms.byService.size).toBe(1);
  });

  it("places a statement in a slice as the unfiltered compile lists it under the slice's service, whatever its prefixes", () => {
    // Prefixes read character by character in one pass: ASCII letters folded, a wildcard or no colon
    // making the statement any service's, a character outside ASCII (the Kelvin sign lower-cases
    // to `k`, the dotted capital I to two characters) compared as lower-cased text.
    const parsed = parsePolicy(
      { Version: '2012-10-17', Statement: [{ Sid: 'S', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
      { type: 'identity' },
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const st = parsed.policy.statements[0] as (typeof parsed.policy.statements)[number];
    const char = fc.constantFrom('s', 'S', '3', 'k', 'K', '\u212A', 'm', 'M', 'i', '\u0130', ':', '*', '?', 'x', '');
    const value = fc.array(char, { maxLength: 6 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('s3', 'kms', 'ki\u0307ms', 'x'),
        (values, service) => {
          const policy = { ...parsed.policy, statements: [{ ...st, action: { ...st.action, values } }] };
          const full = compilePolicy(policy, 'p');
          const only = compilePolicy(policy, 'p', undefined, service);
          const listed = (full.byService.get(service) ?? []).length === 1;
          const any = full.anyService.length === 1;
          expect(only.statements.length).toBe(listed || any ? 1 : 0);
          expect(only.anyService.length).toBe(any ? 1 : 0);
          expect((only.byService.get(service) ?? []).length).toBe(any ? 0 : listed ? 1 : 0);
          expect(mayApplyToService(policy.statements[0]?.action as typeof st.action, service)).toBe(listed || any);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("compiles a slice's statements, lists and actions as the unfiltered compile reads them for the slice's service", () => {
    // Several statements (Action and NotAction, several services each): the slice keeps, lists and
    // orders them as the unfiltered compile does for the service, and a statement it lists under the
    // service holds that service's actions alone, which match every action of the service as the
    // whole list does.
    const parsed = parsePolicy(
      { Version: '2012-10-17', Statement: [{ Sid: 'S', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
      { type: 'identity' },
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const st = parsed.policy.statements[0] as (typeof parsed.policy.statements)[number];
    const prefix = fc.constantFrom('s3', 'S3', 'kms', 'KMS', '\u212Ams', 'ec2', 's*', '');
    const name = fc.constantFrom('GetObject', 'Get*', 'decrypt', '*', '?et*', '');
    const value = fc.oneof(
      fc.constant('*'),
      fc.tuple(prefix, name).map(([p, n]) => `${p}:${n}`),
    );
    const element = fc.record({
      not: fc.boolean(),
      values: fc.array(value, { minLength: 1, maxLength: 5 }),
      wasArray: fc.constant(true),
    });
    const actionName = fc.constantFrom('getobject', 'get', 'decrypt', 'x', '');
    fc.assert(
      fc.property(
        fc.array(element, { minLength: 1, maxLength: 5 }),
        fc.constantFrom('s3', 'kms', 'ec2'),
        fc.array(actionName, { minLength: 1, maxLength: 4 }),
        (elements, service, names) => {
          const policy = {
            ...parsed.policy,
            statements: elements.map((action, index) => ({ ...st, index, action })),
          };
          const full = compilePolicy(policy, 'p');
          const only = compilePolicy(policy, 'p', undefined, service);
          const indexes = (list: readonly { index: number }[] | undefined) => (list ?? []).map((s) => s.index);
          // The unfiltered lists, less the statements that match no action of the service (a NotAction of `*`).
          const reached = (i: number) => mayApplyToService(elements[i] as (typeof elements)[number], service);
          const listed = indexes(full.byService.get(service)).filter(reached);
          const any = indexes(full.anyService).filter(reached);
          expect(indexes(only.statements)).toEqual(
            indexes(full.statements).filter((i) => listed.includes(i) || any.includes(i)),
          );
          expect(indexes(only.byService.get(service))).toEqual(listed);
          expect(indexes(only.anyService)).toEqual(any);
          for (const kept of only.statements) {
            const whole = full.statements[kept.index] as (typeof full.statements)[number];
            for (const n of names)
              expect(actionMatches(kept, `${service}:${n}`)).toBe(actionMatches(whole, `${service}:${n}`));
            const values = (elements[kept.index] as (typeof elements)[number]).values;
            if (listed.includes(kept.index))
              expect(kept.actions.length).toBe(
                values.filter((v) => v.slice(0, v.indexOf(':')).toLowerCase() === service).length,
              );
            else expect(kept.actions.length).toBe(whole.actions.length);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('decides every service through one lazy authorizer as the eager one does, explanations included', () => {
    const ROLE = `arn:aws:iam::${A}:role/ops`;
    const mixed = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'S3', Effect: 'Allow', Action: ['s3:Get*', 'sqs:SendMessage'], Resource: '*' },
        { Sid: 'NotKms', Effect: 'Deny', NotAction: ['kms:*', 'sts:*'], Resource: 'arn:aws:s3:::secret/*' },
        { Sid: 'Assume', Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: ROLE },
        { Sid: 'Kms', Effect: 'Allow', Action: 'KMS:Decrypt', Resource: '*' },
      ],
    };
    const w = {
      accounts: { [A]: { org: 'o-1', parents: ['r-1'] } },
      organization: {
        id: 'o-1',
        rootId: 'r-1',
        managementAccount: '999999999999',
        scps: {
          'r-1': [
            { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
            {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Deny',
                  NotAction: ['s3:*', 'sts:*'],
                  Resource: '*',
                  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
                },
              ],
            },
          ],
        },
      },
      users: { [ALICE]: { policies: [mixed] } },
      roles: {
        [ROLE]: {
          trustPolicy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: ALICE }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
          },
        },
      },
    };
    const eager = createAuthorizer(w);
    const lazy = createAuthorizer(w, { compile: 'lazy' });
    expect(eager.errors).toEqual([]);
    const time = '2025-06-01T12:00:00Z';
    const questions = [
      { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' },
      { action: 'S3:getobject', resource: 'arn:aws:s3:::secret/k' },
      { action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${A}:q` },
      {
        action: 'kms:Decrypt',
        resource: `arn:aws:kms:us-east-1:${A}:key/k`,
        context: { 'aws:SecureTransport': 'false' },
      },
      { action: 'kms:Decrypt', resource: `arn:aws:kms:us-east-1:${A}:key/k` },
      { action: 'sts:AssumeRole', resource: ROLE },
      {
        action: 'sts:AssumeRole',
        resource: ROLE,
        sts: { RoleSessionName: 's', Tags: [{ Key: 'team', Value: 'red' }] },
      },
      { action: 'ec2:RunInstances', resource: '*' },
      { action: 'ec2', resource: '*' },
      { action: '*:GetObject', resource: '*' },
    ];
    const decisions = questions.map((q) => {
      const r = { principal: ALICE, time, ...q };
      const e = eager.authorize(r, { explain: true });
      expect(lazy.authorize(r, { explain: true }), JSON.stringify(r)).toEqual(e);
      return e.decision;
    });
    // Some of each, so that the comparison is not of denials alone.
    expect(decisions.filter((d) => d === 'Allow').length).toBeGreaterThanOrEqual(4);
    expect(decisions).toContain('ExplicitDeny');
    // A principal resolved by the lazy authorizer holds every statement (it may ask anything).
    const p = (lazy as CompiledWorld).resolvePrincipal(ALICE);
    if (typeof p === 'string') throw new Error(p);
    expect(p.identity[0]?.statements.length).toBe(4);
  });
});

describe('a lazy slice skims the documents none of whose statements may apply to its service', () => {
  const broken = (action: unknown) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Permit', Action: action, Resource: '*' }],
  });
  // More records than SMALL_WORLD: a valid world is sliced too, not compiled whole.
  const others = Object.fromEntries(
    Array.from({ length: SMALL_WORLD }, (_, i) => [`arn:aws:iam::${A}:user/u${i}`, { policies: [allow('*')] }]),
  );
  const worldWith = (doc: unknown) =>
    ({ users: { ...others, [ALICE]: { policies: [allow('s3:GetObject'), doc] } } }) as never;
  const question = { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' };

  it('decides a question of the service whatever errors such a document holds; one of its own service fails closed', () => {
    const notS3 = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Permit', NotAction: ['iam:*', 'S3:*'], Resource: '*' }],
    };
    for (const doc of [
      broken('ec2:StartInstances'),
      broken(['ec2:StartInstances', 'KMS:Decrypt', 's3express:CreateSession']),
      notS3,
    ]) {
      const world = worldWith(doc);
      expect(createAuthorizer(world).authorize(question).reason).toBe('InvalidWorld');
      const lazy = createAuthorizer(world, { compile: 'lazy' });
      expect(lazy.authorize(question).decision).toBe('Allow');
      expect(lazy.authorize({ ...question, action: 'ec2:StartInstances', resource: '*' }).reason).toBe('InvalidWorld');
    }
  });

  it('parses in full, and fails closed on, any document it cannot tell names only other services', () => {
    const unsure: unknown[] = [
      broken('*'),
      broken('s3:PutObject'),
      broken('S3:PutObject'),
      broken(['ec2:StartInstances', 's3:PutObject']),
      broken('s*:GetObject'),
      broken('ec2 :StartInstances'),
      broken('ec2:'),
      broken('ec2'),
      broken([]),
      broken(['ec2:StartInstances', 1]),
      broken({ ec2: 'StartInstances' }),
      { Version: '2012-10-17', Statement: [{ Effect: 'Permit', NotAction: 'ec2:*', Resource: '*' }] },
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Permit', Action: 'ec2:StartInstances', NotAction: 'ec2:*', Resource: '*' }],
      },
      { Version: '2012-10-17', Statement: [{ Effect: 'Permit', Resource: '*' }] },
      { Version: '2012-10-17', Statement: [broken('ec2:StartInstances').Statement[0], 'x'] },
      { Version: '2012-10-17', Statement: [] },
      { Version: '2012-10-17' },
      { Version: '2012-10-17', Statement: 'ec2:StartInstances' },
      Object.assign(Object.create({ Statement: [{ Effect: 'Allow', Action: 'ec2:X', Resource: '*' }] }), {
        Version: '2012-10-17',
      }),
    ];
    for (const doc of unsure) {
      const lazy = createAuthorizer(worldWith(doc), { compile: 'lazy' });
      expect(lazy.authorize(question), JSON.stringify(doc)).toMatchObject({
        decision: 'ImplicitDeny',
        reason: 'InvalidWorld',
      });
    }
  });

  it('compiles such a document to an empty policy, not to none: a boundary or an SCP level of it still has to allow', () => {
    const ec2 = allow('ec2:StartInstances');
    const withBoundary = {
      users: { ...others, [ALICE]: { policies: [allow('s3:GetObject')], permissionsBoundary: ec2 } },
    };
    const withScp = {
      accounts: { [A]: { org: 'o-1', parents: ['r-1', 'ou-1'] } },
      organization: {
        id: 'o-1',
        rootId: 'r-1',
        managementAccount: '999999999999',
        scps: { 'r-1': [allow('*')], 'ou-1': [ec2] },
      },
      users: { ...others, [ALICE]: { policies: [allow('s3:GetObject')] } },
    };
    for (const [world, layer] of [
      [withBoundary, 'boundary'],
      [withScp, 'scp'],
    ] as const) {
      const eager = createAuthorizer(world).authorize(question, { explain: true });
      expect(eager).toMatchObject({ decision: 'ImplicitDeny', decidedBy: layer });
      expect(createAuthorizer(world, { compile: 'lazy' }).authorize(question, { explain: true })).toEqual(eager);
    }
  });

  it('skims no document with a statement that may apply to an action of the service, whatever else it holds', () => {
    // Mostly other services' actions (else nothing is skimmed), then the service's and odd ones.
    const action = fc.oneof(
      {
        arbitrary: fc.constantFrom('ec2:Describe*', 'kms:Decrypt', 'KMS:Decrypt', 's3express:CreateSession'),
        weight: 6,
      },
      {
        arbitrary: fc.constantFrom(
          's3:GetObject',
          'S3:getobject',
          's3:*',
          '*',
          's*:GetObject',
          'ec2 :X',
          'ec2:',
          ':x',
          'e\u212ac2:X',
        ),
        weight: 1,
      },
    );
    const rare = <T>(a: fc.Arbitrary<T>) =>
      fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: a, weight: 1 });
    const statement = fc
      .record({
        Effect: fc.constantFrom<unknown>('Allow', 'Deny', 'Permit'),
        Action: fc.oneof(
          { arbitrary: fc.oneof(action, fc.array(action, { maxLength: 3 }), fc.constant<unknown>(7)), weight: 4 },
          { arbitrary: fc.constant(undefined), weight: 1 },
        ),
        NotAction: rare(fc.oneof(action, fc.array(action, { maxLength: 3 }))),
        Resource: fc.constantFrom<unknown>('*', 'arn:aws:s3:::b/*', 'nope'),
        Principal: rare(fc.constant<unknown>('*')),
      })
      .map((st) => Object.fromEntries(Object.entries(st).filter(([, v]) => v !== undefined)));
    const doc = fc.record({
      Version: fc.constantFrom('2012-10-17', 'x'),
      Statement: fc.oneof(statement, fc.array(statement, { maxLength: 3 })),
    });
    let skimmed = 0;
    let parsed = 0;
    fc.assert(
      fc.property(doc, fc.constantFrom('s3', 'ec2', 'kms', 's3express'), (d, service) => {
        if (!namesNoActionOf(d, service)) {
          parsed++;
          return;
        }
        skimmed++;
        // Its statements with every error mended, their actions kept as far as they decide
        // (an action's service, a NotAction's well-formed values): valid, and of no action of the service.
        const statements = (Array.isArray(d.Statement) ? d.Statement : [d.Statement]) as Record<string, unknown>[];
        const strings = (v: unknown) => (Array.isArray(v) ? v : [v]) as string[];
        const mended = {
          Version: '2012-10-17',
          Statement: statements.map((st) =>
            'Action' in st
              ? {
                  Effect: 'Deny',
                  Action: strings(st.Action).map((v) => `${v.slice(0, v.indexOf(':'))}:X`),
                  Resource: '*',
                }
              : { Effect: 'Deny', NotAction: strings(st.NotAction).filter(isQuietAction), Resource: '*' },
          ),
        };
        const result = parsePolicy(mended, { type: 'identity' });
        expect(result.ok, JSON.stringify(d)).toBe(true);
        if (!result.ok) return;
        for (const st of result.policy.statements) expect(mayApplyToService(st.action, service)).toBe(false);
        expect(compilePolicy(result.policy, 'p', undefined, service).statements).toEqual([]);
      }),
      { numRuns: 1000 },
    );
    expect(skimmed).toBeGreaterThan(50);
    expect(parsed).toBeGreaterThan(50);
  });

  it('takes as of another service a value whose prefix is plain, not the service in any case, and followed by a name', () => {
    const other = (v: string) => isOtherServiceAction(v, 's3');
    expect(
      [
        'ec2:StartInstances',
        'KMS:Decrypt',
        's3express:CreateSession',
        'ec2:Describe*',
        'e-c2:x',
        'ec2:a b',
        's:x',
      ].every(other),
    ).toBe(true);
    expect(
      [
        's3:GetObject',
        'S3:GetObject',
        's3:*',
        '*',
        's*:Get',
        's3?:x',
        'ec2',
        'ec2:',
        ':x',
        'ec2 :x',
        '\u212ams:x',
        'é:x',
      ].some(other),
    ).toBe(false);
  });

  it("takes as leaving out the service's actions a NotAction value of * or <service>:* in any ASCII case", () => {
    const excludes = (v: string) => excludesService(v, 's3');
    expect(['*', 's3:*', 'S3:*'].every(excludes)).toBe(true);
    expect(
      ['s3:Get*', 's3:**', 's3*', 's3', 'ec2:*', 's3express:*', 's:*', '*:*', 's3:?', '\u212ams:*'].some(excludes),
    ).toBe(false);
    expect(excludesService('\u212ams:*', 'kms')).toBe(false);
  });

  it('reads a document it skims once, through a getter or a proxy, and one whose reading throws in full', () => {
    let reads = 0;
    const statement = { Effect: 'Allow', Resource: '*' };
    Object.defineProperty(statement, 'Action', {
      enumerable: true,
      get: () => {
        reads++;
        return 'ec2:StartInstances';
      },
    });
    const proxied = new Proxy({ Version: '2012-10-17', Statement: [statement] }, {});
    expect(createAuthorizer(worldWith(proxied), { compile: 'lazy' }).authorize(question).decision).toBe('Allow');
    expect(reads).toBe(1);
    const throwing = {
      Version: '2012-10-17',
      get Statement(): unknown {
        throw new Error('no');
      },
    };
    expect(createAuthorizer(worldWith(throwing), { compile: 'lazy' }).authorize(question).reason).toBe('InvalidWorld');
  });
});

/** The lazy mode with its internal entry points (what STS and tooling call). */
function compileWorldLazy(world: unknown): CompiledWorld {
  return createAuthorizer(world as never, { compile: 'lazy' }) as CompiledWorld;
}
