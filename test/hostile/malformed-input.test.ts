/**
 * Hostile input (issue #7): policies, worlds and requests from untrusted sources never crash the
 * process, never hang it, and never allow anything once they are malformed. Covers deep nesting,
 * huge documents, wrong types everywhere, non-string keys, invalid UTF-16, numbers where strings
 * go, NaN/Infinity dates, hostile objects (getters that throw, proxies, cycles).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuthorizer, evaluateScenario, parsePolicy, POLICY_TYPES, type Decision } from '../../src/index.js';
import { BASE_SEED, runs, scenario, timeout, world as worlds } from '../reference/generators.js';
import { clone } from '../properties/world-edits.js';

const A = '111111111111';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const TIME = '2025-06-01T12:00:00Z';
const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const request = { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', time: TIME };
const goodWorld = { users: { [ALICE]: { policies: [allowAll] } } };

function isDecision(d: Decision): boolean {
  return ['Allow', 'ExplicitDeny', 'ImplicitDeny'].includes(d.decision) && typeof d.decidedBy === 'string';
}

/** Values that do not belong anywhere in a world, a policy or a request. */
function hostileValue(): fc.Arbitrary<unknown> {
  let deep: unknown = 'bottom';
  for (let i = 0; i < 5000; i++) deep = { a: [deep] };
  const throwing = Object.defineProperty({}, 'Effect', {
    enumerable: true,
    get: () => {
      throw new Error('getter');
    },
  });
  const cyclic: Record<string, unknown> = { Version: '2012-10-17' };
  cyclic.Statement = [cyclic];
  const members = new Set([
    'users',
    'roles',
    'Statement',
    'Effect',
    'principal',
    'action',
    'resource',
    'world',
    'request',
    'type',
  ]);
  const proxy = new Proxy(
    {},
    {
      ownKeys: () => {
        throw new Error('ownKeys');
      },
      get: (target, key) => {
        if (typeof key === 'string' && members.has(key)) throw new Error('get');
        return Reflect.get(target, key);
      },
    },
  );
  return fc.oneof(
    fc.constantFrom<unknown>(
      NaN,
      Infinity,
      -Infinity,
      -0,
      1e308,
      2 ** 53 + 1,
      null,
      undefined,
      true,
      '',
      ' ',
      '\uD800',
      '\uDFFF\uD800',
      '\u0000',
      'x'.repeat(100_000),
      [],
      {},
      [[[[[]]]]],
      deep,
      throwing,
      cyclic,
      proxy,
      new Map([['a', 1]]),
      new Date(NaN),
      Symbol('s'),
      10n,
      () => 1,
      Object.create(null),
      { length: 1e9 },
      [1, 'a', null],
    ),
    fc.jsonValue({ maxDepth: 3 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
  );
}

/** Every path to a value inside `value` (JSON-like data). */
function paths(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as object)) paths(v, [...at, Array.isArray(value) ? Number(k) : k], out);
  }
  return out;
}

function replaceAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  let node = root as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
  return root;
}

describe('random corruption of valid worlds and requests', () => {
  it(
    'a world with any subtree replaced by a hostile value never throws, and if invalid never allows',
    () => {
      fc.assert(
        fc.property(scenario, fc.nat(), hostileValue(), ({ world, request: req }, at, value) => {
          const all = paths(world);
          const corrupted = replaceAt(clone(world), all[at % all.length] as (string | number)[], value);
          const authorizer = createAuthorizer(corrupted as never);
          const d = authorizer.authorize(req);
          expect(isDecision(d)).toBe(true);
          if (!authorizer.ok) expect(d).toMatchObject({ decision: 'ImplicitDeny', reason: 'InvalidWorld' });
          expect(isDecision(evaluateScenario({ world: corrupted, request: req }))).toBe(true);
        }),
        { numRuns: runs(300, 0.01), seed: BASE_SEED },
      );
    },
    timeout(),
  );

  it(
    'a request with any member replaced by a hostile value never throws',
    () => {
      const authorizer = createAuthorizer(goodWorld);
      const members = [
        'principal',
        'action',
        'resource',
        'resourceAccount',
        'resourcePolicy',
        'time',
        'context',
        'sts',
        'accessKeyId',
      ];
      fc.assert(
        fc.property(fc.constantFrom(...members), hostileValue(), (member, value) => {
          const d = authorizer.authorize({ ...request, [member]: value } as never);
          expect(isDecision(d)).toBe(true);
          // Only members that can legitimately be absent or of several forms may still allow.
          if (['principal', 'action', 'resource'].includes(member) && typeof value !== 'string')
            expect(d.decision).toBe('ImplicitDeny');
        }),
        { numRuns: runs(300, 0.01), seed: BASE_SEED },
      );
    },
    timeout(),
  );

  it(
    'anything at all as a world, a request, a scenario or a policy never throws',
    () => {
      fc.assert(
        fc.property(hostileValue(), fc.anything(), (a, b) => {
          expect(isDecision(createAuthorizer(a as never).authorize(request))).toBe(true);
          const d = createAuthorizer(goodWorld).authorize(b as never);
          expect(isDecision(d)).toBe(true);
          if (typeof b !== 'object' || b === null) expect(d.decision).toBe('ImplicitDeny');
          expect(isDecision(evaluateScenario(a as never))).toBe(true);
          for (const type of POLICY_TYPES) {
            const r = parsePolicy(a, { type });
            expect(typeof r.ok).toBe('boolean');
          }
        }),
        { numRuns: runs(300, 0.01), seed: BASE_SEED },
      );
    },
    timeout(),
  );

  it('random policy text never throws and reports problems with a position', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.json({ maxDepth: 4 }),
      fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1))),
    );
    fc.assert(
      fc.property(text, (t) => {
        const r = parsePolicy(t, { type: 'identity' });
        if (!r.ok) for (const e of r.errors) expect(typeof e.message).toBe('string');
      }),
      { numRuns: runs(1000, 0.01), seed: BASE_SEED },
    );
  });
});

describe('specific hostile shapes', () => {
  it('deeply nested JSON text and objects are refused without exhausting the stack', () => {
    const text = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    expect(parsePolicy(text, { type: 'identity' })).toMatchObject({ ok: false });
    expect(parsePolicy('{"Statement":'.repeat(200_000), { type: 'identity' })).toMatchObject({ ok: false });
    let deep: unknown = allowAll;
    for (let i = 0; i < 200_000; i++) deep = { Statement: deep };
    expect(parsePolicy(deep, { type: 'identity' }).ok).toBe(false);
    const authorizer = createAuthorizer({ users: { [ALICE]: { policies: [deep as never] } } });
    expect(authorizer.ok).toBe(false);
    expect(authorizer.authorize(request).decision).toBe('ImplicitDeny');
    // Deep data where the world format has none is ignored; deep request context values are unusable.
    // (an unknown member is an error by default, and ignored with lenient: true)
    expect(createAuthorizer({ ...goodWorld, extra: deep } as never).ok).toBe(false);
    expect(
      createAuthorizer({ ...goodWorld, extra: deep } as never, { lenient: true }).authorize(request).decision,
    ).toBe('Allow');
    expect(createAuthorizer(goodWorld).authorize({ ...request, context: { k: deep } as never }).decision).toBe('Allow');
  });

  it('huge documents are refused by the size quota, not by a crash', () => {
    const statements = Array.from({ length: 50_000 }, (_, i) => ({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::b/${i}`,
    }));
    const doc = { Version: '2012-10-17', Statement: statements };
    const fromText = parsePolicy(JSON.stringify(doc), { type: 'identity' });
    expect(fromText.ok ? [] : fromText.errors.map((e) => e.code)).toEqual(['policy-too-large']);
    expect(
      parsePolicy(
        { ...doc, Statement: [{ Effect: 'Allow', Action: '*', Resource: 'x'.repeat(5_000_000) }] },
        { type: 'identity' },
      ).ok,
    ).toBe(false);
    const authorizer = createAuthorizer({ users: { [ALICE]: { policies: [doc] } } });
    expect(authorizer.authorize(request).decision).toBe('ImplicitDeny');
  });

  it('a world with thousands of principals and policies compiles and decides', () => {
    const users: Record<string, unknown> = {};
    for (let i = 0; i < 5000; i++)
      users[`arn:aws:iam::${A}:user/u${i}`] = {
        policies: [
          {
            Version: '2012-10-17',
            Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/u${i}/*` },
          },
        ],
      };
    const authorizer = createAuthorizer({ users } as never);
    expect(authorizer.ok).toBe(true);
    expect(
      authorizer.authorize({
        ...request,
        principal: `arn:aws:iam::${A}:user/u4999`,
        resource: 'arn:aws:s3:::b/u4999/x',
      }).decision,
    ).toBe('Allow');
    expect(
      authorizer.authorize({
        ...request,
        principal: `arn:aws:iam::${A}:user/u4999`,
        resource: 'arn:aws:s3:::b/u4998/x',
      }).decision,
    ).toBe('ImplicitDeny');
  });

  it('wrong types where strings go are errors with paths', () => {
    const bad = [
      { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 5, Resource: '*' } },
      { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: ['s3:GetObject', 7], Resource: '*' } },
      { Version: '2012-10-17', Statement: { Effect: true, Action: '*', Resource: '*' } },
      { Version: 20121017, Statement: { Effect: 'Allow', Action: '*', Resource: '*' } },
      { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: { arn: '*' } } },
      {
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { k: { v: 1 } } } },
      },
      {
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: ['k'] } },
      },
      {
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { NumericEquals: { k: NaN } } },
      },
      {
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { DateEquals: { k: Infinity } } },
      },
      { Version: '2012-10-17', Statement: 'Allow everything' },
      { Version: '2012-10-17', Statement: [null] },
      [allowAll],
    ];
    for (const doc of bad) {
      const r = parsePolicy(doc, { type: 'identity' });
      expect(r.ok, JSON.stringify(doc)).toBe(false);
      const authorizer = createAuthorizer({ users: { [ALICE]: { policies: [doc as never] } } });
      expect(authorizer.authorize(request).decision).toBe('ImplicitDeny');
    }
    const worldsWithWrongTypes: unknown[] = [
      { users: { [ALICE]: { policies: allowAll } } },
      { users: { [ALICE]: { policies: [allowAll], groups: 'devs' } } },
      { users: { [ALICE]: { policies: [allowAll], tags: { team: 5 } } } },
      { users: { [ALICE]: { policies: [allowAll] } }, accounts: { 12345: {} } },
      { users: [ALICE] },
      { users: { 5: { policies: [allowAll] } } },
    ];
    for (const w of worldsWithWrongTypes) {
      const authorizer = createAuthorizer(w as never);
      expect(authorizer.ok, JSON.stringify(w)).toBe(false);
      expect(authorizer.errors.every((e) => typeof e.path === 'string' && e.message.length > 0)).toBe(true);
      expect(authorizer.authorize(request).decision).toBe('ImplicitDeny');
    }
  });

  it('an invalid policy anywhere makes the world invalid, even an SCP or RCP on a target no account sits under', () => {
    const broken = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { stringequals: { k: 'v' } } }],
    };
    for (const which of ['scps', 'rcps'] as const) {
      const world = {
        accounts: { [A]: { org: 'o-1', parents: ['r-1'] } },
        organization: {
          id: 'o-1',
          rootId: 'r-1',
          managementAccount: '999999999999',
          [which]: { 'ou-unused': [broken] },
        },
        users: { [ALICE]: { policies: [allowAll] } },
      };
      const authorizer = createAuthorizer(world);
      expect(authorizer.errors.map((e) => `${e.code} ${e.path.split('.Statement')[0]}`)).toContain(
        `unknown-operator organization.${which}.ou-unused[0]`,
      );
      expect(authorizer.authorize(request).decision).toBe('ImplicitDeny');
    }
  });

  it('non-string keys: symbols and Map entries are not members', () => {
    const sym = Symbol('users');
    expect(createAuthorizer({ [sym]: goodWorld.users } as never).authorize(request).decision).toBe('ImplicitDeny');
    expect(createAuthorizer(new Map(Object.entries(goodWorld)) as never).authorize(request).decision).toBe(
      'ImplicitDeny',
    );
    expect(parsePolicy({ [Symbol('Statement')]: [], Version: '2012-10-17' }, { type: 'identity' }).ok).toBe(false);
  });

  it('invalid UTF-16 is refused in policies and harmless in requests', () => {
    for (const s of ['\uD800', '\uDC00', 'a\uDBFFb', '\uFFFF', '\u0000']) {
      const doc = {
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/${s}` },
      };
      const r = parsePolicy(doc, { type: 'identity' });
      expect(r.ok ? [] : r.errors.map((e) => e.code)).toEqual(['invalid-character']);
      expect(parsePolicy(JSON.stringify(doc), { type: 'identity' }).ok).toBe(false);
      const authorizer = createAuthorizer(goodWorld);
      for (const member of ['action', 'resource']) {
        expect(authorizer.authorize({ ...request, [member]: `${s}` }).decision).toBe('Allow');
      }
      expect(authorizer.authorize({ ...request, principal: `${ALICE}${s}` }).decision).toBe('ImplicitDeny');
      expect(authorizer.authorize({ ...request, context: { [`k${s}`]: s } }).decision).toBe('Allow');
    }
  });

  it('NaN, Infinity and out-of-range request times are invalid requests', () => {
    const authorizer = createAuthorizer(goodWorld);
    for (const time of [
      NaN,
      Infinity,
      -Infinity,
      8.64e15 + 1,
      -8.64e15 - 1,
      1e300,
      'NaN',
      'Infinity',
      '',
      '2025-13-01T00:00:00Z',
      '+275760-09-13T00:00:00.001Z',
    ]) {
      expect(authorizer.authorize({ ...request, time: time as never }), String(time)).toMatchObject({
        decision: 'ImplicitDeny',
        reason: 'InvalidRequest',
        detail: 'time',
      });
    }
    expect(authorizer.authorize({ ...request, time: 8.64e15 }).decision).toBe('Allow');
  });

  it('an out-of-range request time cannot dodge a time-based Deny', () => {
    const world = {
      users: {
        [ALICE]: {
          policies: [
            allowAll,
            {
              Version: '2012-10-17',
              Statement: {
                Effect: 'Deny',
                Action: '*',
                Resource: '*',
                Condition: { DateGreaterThan: { 'aws:EpochTime': '2025-01-01T00:00:00Z' } },
              },
            },
          ],
        },
      },
    };
    const authorizer = createAuthorizer(world);
    expect(authorizer.authorize(request).decision).toBe('ExplicitDeny');
    for (const time of [Infinity, 1e20])
      expect(authorizer.authorize({ ...request, time }).decision).toBe('ImplicitDeny');
  });

  it('unparsable dates in worlds are errors; in request contexts they never match', () => {
    const role = `arn:aws:iam::${A}:role/R`;
    const session = `arn:aws:sts::${A}:assumed-role/R/s`;
    const trust = { Statement: [{ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }] };
    for (const bad of ['NaN', 'Infinity', '', 'yesterday', '2025-13-01T00:00:00Z']) {
      const w = {
        roles: { [role]: { trustPolicy: trust, policies: [allowAll] } },
        sessions: {
          [session]: { type: 'AssumedRole', roleArn: role, issuedAt: bad, expiresAt: '2025-06-01T13:00:00Z' },
        },
      };
      const authorizer = createAuthorizer(w as never);
      expect(authorizer.ok, bad).toBe(false);
      expect(authorizer.authorize({ ...request, principal: session }).decision).toBe('ImplicitDeny');
    }
    const gated = {
      users: {
        [ALICE]: {
          policies: [
            {
              Version: '2012-10-17',
              Statement: {
                Effect: 'Allow',
                Action: '*',
                Resource: '*',
                Condition: { DateLessThan: { 'custom:Expiry': '2030-01-01T00:00:00Z' } },
              },
            },
          ],
        },
      },
    };
    const authorizer = createAuthorizer(gated);
    expect(authorizer.authorize({ ...request, context: { 'custom:Expiry': '2025-01-01T00:00:00Z' } }).decision).toBe(
      'Allow',
    );
    for (const bad of ['NaN', 'Infinity', '-Infinity', '', 'yesterday', '2025-02-30T00:00:00Z', '1e400']) {
      expect(authorizer.authorize({ ...request, context: { 'custom:Expiry': bad } }).decision, bad).toBe(
        'ImplicitDeny',
      );
    }
  });

  it('hostile objects: getters that throw, proxies, cycles', () => {
    const throwing = Object.defineProperty({}, 'users', {
      enumerable: true,
      get: () => {
        throw new Error('getter');
      },
    });
    const proxy = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('ownKeys');
        },
      },
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.users = { [ALICE]: { policies: [cyclic] } };
    for (const w of [throwing, proxy, cyclic]) {
      const authorizer = createAuthorizer(w);
      expect(authorizer.ok).toBe(false);
      expect(authorizer.authorize(request).decision).toBe('ImplicitDeny');
    }
    const badRequest = Object.defineProperty({ ...request }, 'context', {
      enumerable: true,
      get: () => {
        throw new Error('getter');
      },
    });
    expect(createAuthorizer(goodWorld).authorize(badRequest).decision).toBe('ImplicitDeny');
  });
});

describe('generated worlds, sanity', () => {
  it('the world generator itself yields valid worlds (so the corruption test starts from valid data)', () => {
    fc.assert(
      fc.property(worlds, (w) => {
        expect(createAuthorizer(w).errors).toEqual([]);
      }),
      { numRuns: 20, seed: BASE_SEED },
    );
  });
});
