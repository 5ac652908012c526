/**
 * Prototype pollution (issue #7): `__proto__`, `constructor` and `prototype` as keys and as values,
 * in policy text, parsed objects, worlds and requests. Nothing may reach Object.prototype, and
 * decisions must fail closed.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuthorizer, evaluateScenario, parsePolicy, printPolicy, validateWorld } from '../../src/index.js';
import { BASE_SEED, runs, world as worlds } from '../reference/generators.js';
import { clone } from '../properties/world-edits.js';

const A = '111111111111';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const TIME = '2025-06-01T12:00:00Z';
const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const request = { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', time: TIME };
const RESERVED = ['__proto__', 'constructor', 'prototype'] as const;

/** The payloads: each would set `polluted` on Object.prototype through a naive merge or assignment. */
const PAYLOADS = [
  '{"__proto__": {"polluted": "yes"}}',
  '{"constructor": {"prototype": {"polluted": "yes"}}}',
  '{"prototype": {"polluted": "yes"}}',
];

const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
function expectNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype.toString.call({})).toBe('[object Object]');
}

afterAll(expectNoPollution);

/** `value` with a JSON.parse-made own property `key` (the way untrusted JSON arrives). */
function withOwn(key: string, value: unknown): Record<string, unknown> {
  return JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value)}}`) as Record<string, unknown>;
}

describe('policies', () => {
  const places = (payload: string): string[] => [
    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}],${payload.slice(1, -1)}}`,
    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*",${payload.slice(1, -1)}}]}`,
    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":${payload}}]}`,
    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":${payload}}}]}`,
    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":${payload},"Action":"*"}]}`,
  ];

  it.each(PAYLOADS.flatMap((p) => places(p).map((text) => [text] as const)))('JSON text: %s', (text) => {
    for (const type of ['identity', 'resource'] as const) {
      const result = parsePolicy(text, { type });
      expectNoPollution();
      // A reserved name is never a policy element, operator or principal type: the policy is
      // rejected, except as a condition key, where it is plain data compared like any key.
      if (result.ok) {
        expect(text).toContain('"StringEquals":');
        const printed = printPolicy(result.policy);
        expectNoPollution();
        const again = parsePolicy(printed, { type });
        expect(again.ok && again.policy).toEqual(result.policy);
      }
    }
  });

  it.each(PAYLOADS.flatMap((p) => places(p).map((text) => [text] as const)))(
    'already-parsed JSON (own __proto__ members): %s',
    (text) => {
      const result = parsePolicy(JSON.parse(text), { type: 'identity' });
      expectNoPollution();
      expect(result.ok).toBe(parsePolicy(text, { type: 'identity' }).ok);
    },
  );

  it('reserved names as values are plain strings', () => {
    const doc = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'constructor',
          Effect: 'Allow',
          Principal: { AWS: '__proto__' },
          Action: ['s3:GetObject'],
          Resource: 'arn:aws:s3:::__proto__/*',
          Condition: { StringEquals: { 'aws:PrincipalTag/__proto__': ['__proto__', 'constructor', 'prototype'] } },
        },
      ],
    };
    const result = parsePolicy(doc, { type: 'resource', strictSid: false });
    // "__proto__" is not a valid AWS principal: an error, reported as data.
    expect(result.ok ? [] : result.errors.map((e) => `${e.code} ${e.path}`)).toEqual([
      'invalid-aws-principal Statement[0].Principal.AWS',
    ]);
    const withoutPrincipal = parsePolicy(
      { ...doc, Statement: [{ ...doc.Statement[0], Principal: '*' }] },
      { type: 'resource', strictSid: false },
    );
    expect(withoutPrincipal.ok).toBe(true);
    expectNoPollution();
  });
});

describe('worlds', () => {
  const targets = (payload: Record<string, unknown>): Record<string, unknown>[] => [
    { ...payload, users: { [ALICE]: { policies: [allowAll] } } },
    { users: { [ALICE]: { policies: [allowAll], tags: payload } } },
    { users: { [ALICE]: { policies: [{ ...allowAll, ...payload }] } } },
    { users: withOwn(ALICE, { policies: [allowAll], ...payload }) },
    { users: { [ALICE]: { policies: [allowAll] }, ...payload } },
    { users: { [ALICE]: { policies: [allowAll] } }, resourcePolicies: payload },
    { accounts: payload, users: { [ALICE]: { policies: [allowAll] } } },
  ];

  it.each(
    PAYLOADS.flatMap((p) =>
      targets(JSON.parse(p) as Record<string, unknown>).map((w, i) => [`${p} at place ${i}`, w] as const),
    ),
  )('%s is rejected and denies', (_, world) => {
    const authorizer = createAuthorizer(world);
    expectNoPollution();
    expect(authorizer.ok).toBe(false);
    expect(authorizer.errors.map((e) => e.code)).toContain('reserved-key');
    expect(authorizer.authorize(request).decision).toBe('ImplicitDeny');
    expect(evaluateScenario({ world, request }).decision).toBe('ImplicitDeny');
    expect(validateWorld(world).ok).toBe(false);
    expectNoPollution();
  });

  it('random valid worlds with reserved keys inserted anywhere: rejected, fail closed, no pollution', () => {
    const insertion = fc.record({
      key: fc.constantFrom(...RESERVED),
      value: fc.constantFrom<unknown>({ polluted: 'yes' }, { prototype: { polluted: 'yes' } }, 'x', 1, null),
      at: fc.nat(),
    });
    fc.assert(
      fc.property(worlds, insertion, (w, { key, value, at }) => {
        const world = clone(w) as unknown as Record<string, unknown>;
        const objects: Record<string, unknown>[] = [];
        const walk = (v: unknown) => {
          if (v === null || typeof v !== 'object') return;
          if (!Array.isArray(v)) objects.push(v as Record<string, unknown>);
          for (const child of Object.values(v as object)) walk(child);
        };
        walk(world);
        const target = objects[at % objects.length] as Record<string, unknown>;
        Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
        const authorizer = createAuthorizer(world);
        expect(authorizer.ok).toBe(false);
        expect(authorizer.authorize(request).decision).toBe('ImplicitDeny');
        expectNoPollution();
      }),
      { numRuns: runs(150, 0.01), seed: BASE_SEED },
    );
  });
});

describe('requests', () => {
  const authorizer = createAuthorizer({
    users: { [ALICE]: { policies: [allowAll] } },
    resourcePolicies: { bucket: { policy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*' }] } } },
  });

  it.each(PAYLOADS)('a context holding %s is read as data', (payload) => {
    const d = authorizer.authorize({ ...request, context: JSON.parse(payload) });
    expectNoPollution();
    expect(d.decision).toBe('Allow'); // the identity policy allows; the odd key is just an unknown key
  });

  it.each([...RESERVED, 'toString', 'hasOwnProperty', 'valueOf'])(
    '%s as a principal, action, resource or resource policy name fails closed',
    (name) => {
      expect(authorizer.authorize({ ...request, principal: name }).decision).toBe('ImplicitDeny');
      expect(authorizer.authorize({ ...request, resourcePolicy: name }).decision).toBe('ImplicitDeny');
      expect(authorizer.authorize({ ...request, action: name }).decision).toBe('Allow'); // Action "*" matches any action
      expect(authorizer.authorize({ ...request, resource: name }).decision).toBe('Allow'); // Resource "*" too
      expect(
        authorizer.authorize({ ...request, principal: 'anonymous', action: name, resourcePolicy: 'bucket' }).decision,
      ).toBe('Allow');
      expectNoPollution();
    },
  );

  it.each(PAYLOADS)('a request object that is itself %s fails closed', (payload) => {
    expect(authorizer.authorize(JSON.parse(payload)).decision).toBe('ImplicitDeny');
    expect(evaluateScenario({ world: {}, request: JSON.parse(payload) }).decision).toBe('ImplicitDeny');
    expectNoPollution();
  });
});
