/**
 * Every export documented as never throwing is called with arbitrary values (issue #11):
 * fast-check `anything()` (with BigInt, symbols, null prototypes, sparse arrays), proxies whose
 * traps throw, getters that throw, cycles, and huge array lengths. It must return (or resolve),
 * never throw (or reject).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  authenticate,
  createAuthorizer,
  evaluate,
  importWorld,
  instanceProfileCredentials,
  lambdaExecutionCredentials,
  mergeWorlds,
  parsePolicy,
  parseTestSuite,
  runTestSuite,
  validateWorld,
  WORLD_FORMATS,
} from '../../src/index.js';
import { BASE_SEED, runs } from '../reference/generators.js';

/** An object every read of which throws. */
const throwingProxy = new Proxy({}, {
  get: () => { throw new Error('get trap'); },
  has: () => { throw new Error('has trap'); },
  ownKeys: () => { throw new Error('ownKeys trap'); },
  getOwnPropertyDescriptor: () => { throw new Error('descriptor trap'); },
  getPrototypeOf: () => { throw new Error('prototype trap'); },
});
/** A thrown value that cannot even be printed. */
const unprintable = { toString: () => { throw new Error('toString'); }, valueOf: () => { throw new Error('valueOf'); } };
/** An array that claims 10⁹ elements. */
const hugeArray = new Proxy([], { get: (t, k) => (k === 'length' ? 1e9 : Reflect.get(t, k)) });

function throwingGetters(keys: readonly string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const k of keys) Object.defineProperty(o, k, { enumerable: true, get: () => { throw unprintable; } });
  return o;
}

function cyclic(): Record<string, unknown> {
  const o: Record<string, unknown> = { users: {}, Statement: [] };
  o.self = o;
  (o.users as Record<string, unknown>).x = o;
  (o.Statement as unknown[]).push(o);
  return o;
}

const MEMBERS = ['users', 'roles', 'policies', 'Statement', 'Version', 'principal', 'action', 'resource', 'context', 'time', 'accessKeyId', 'world', 'tests', 'instanceProfile', 'instanceId', 'functionArn', 'roleArn', 'identity', 'scps', 'rcps', 'now', 'document', 'type', 'maxSize'];

/**
 * Hostile objects cannot be handed to fast-check itself (it probes values for a clone method and
 * prints counterexamples), so the arbitraries produce markers that become hostile values inside
 * the property.
 */
const MARKERS: Record<string, () => unknown> = {
  '#proxy': () => throwingProxy,
  '#cyclic': cyclic,
  '#getters': () => throwingGetters(MEMBERS),
  '#bigint': () => 10n,
  '#symbol': () => Symbol('s'),
  '#function': () => () => 1,
};

function materialize(v: unknown, depth = 0): unknown {
  if (typeof v === 'string' && Object.prototype.hasOwnProperty.call(MARKERS, v)) return (MARKERS[v] as () => unknown)();
  if (depth > 4 || typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map((x) => materialize(x, depth + 1));
  if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return v;
  const out: Record<string, unknown> = Object.getPrototypeOf(v) === null ? Object.create(null) : {};
  for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: materialize((v as Record<string, unknown>)[k], depth + 1), enumerable: true, writable: true, configurable: true });
  return out;
}

const marker = fc.constantFrom(...Object.keys(MARKERS));
/** Arbitrary values, biased toward hostile ones, also as members of otherwise plausible objects. */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ withBigInt: true, withBoxedValues: true, withNullPrototype: true, withSparseArray: true, withTypedArray: true, withDate: true, withMap: true, withSet: true, maxDepth: 3 }),
  marker,
  fc.dictionary(fc.constantFrom(...MEMBERS, '__proto__', 'constructor'), fc.oneof(fc.anything({ withBigInt: true, maxDepth: 2 }), marker)),
);

const options = { seed: BASE_SEED, numRuns: runs(150) };
const call = (name: string, f: (a: unknown, b: unknown) => unknown): void => {
  it(`${name} never throws (seed ${BASE_SEED})`, () => {
    fc.assert(fc.property(hostile, hostile, (a, b) => {
      const x = materialize(a);
      const y = materialize(b);
      expect(() => f(x, y)).not.toThrow();
    }), options);
  });
};

describe('exports documented as never throwing', () => {
  call('parsePolicy', (a, b) => parsePolicy(a, b as never));
  call('parsePolicy (identity)', (a) => parsePolicy(a, { type: 'identity' }));
  call('validateWorld', (a) => validateWorld(a));
  call('createAuthorizer + authorize', (a, b) => createAuthorizer(a).authorize(b as never));
  call('createAuthorizer (good world) + authorize', (_, b) => createAuthorizer({ users: {} }).authorize(b as never));
  call('evaluate', (a, b) => evaluate(a as never, b as never));
  call('evaluate (request getters)', (a) => evaluate({ policies: { identity: [] }, ...(a as object) } as never));
  call('mergeWorlds', (a, b) => mergeWorlds([a, b] as never));
  call('mergeWorlds (any list)', (a) => mergeWorlds(a as never));
  call('importWorld', (a, b) => importWorld(a, b as never));
  for (const format of WORLD_FORMATS) call(`importWorld ${format}`, (a, b) => importWorld(a, format, b as never));
  call('authenticate', (a, b) => authenticate(a, b as never));
  call('instanceProfileCredentials', (a, b) => instanceProfileCredentials(a, b as never));
  call('lambdaExecutionCredentials', (a, b) => lambdaExecutionCredentials(a, b as never));
  call('parseTestSuite', (a) => parseTestSuite(a));

  it(`runTestSuite never rejects (seed ${BASE_SEED})`, async () => {
    await fc.assert(fc.asyncProperty(hostile, hostile, async (a, b) => {
      const r = await runTestSuite(materialize(a), materialize(b) as never);
      expect(typeof r.ok).toBe('boolean');
    }), { ...options, numRuns: runs(60) });
  });

  it('arrays that claim 10⁷ and 10⁹ elements are refused by their length, not walked', () => {
    for (const v of [hugeArray, new Array(1e7)]) {
      expect(parsePolicy({ Version: '2012-10-17', Statement: v }, { type: 'identity', maxSize: false }).ok).toBe(false);
      expect(validateWorld({ users: { 'arn:aws:iam::111111111111:user/a': { policies: v } } }).ok).toBe(false);
      expect(validateWorld(v).ok).toBe(false);
      expect(createAuthorizer({ users: { 'arn:aws:iam::111111111111:user/a': { policies: v } } }).ok).toBe(false);
      expect(evaluate({ policies: { identity: v as never }, principal: 'arn:aws:iam::111111111111:user/a', action: 's3:GetObject', resource: '*' }).decision).not.toBe('Allow');
      expect(mergeWorlds(v as never).world).toEqual({});
    }
  });
});
