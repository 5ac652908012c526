/**
 * `readMembers` (the request pipeline's one read of a request) reads exactly the own members,
 * enumerable or not, each once, whatever the request inherits: held against a reading by
 * `Object.prototype.hasOwnProperty` member by member.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readMembers } from '../../src/evaluate/request/index.js';
import { runs } from '../depth.js';

const MEMBERS = [
  'principal',
  'action',
  'resource',
  'resourceAccount',
  'resourcePolicy',
  'time',
  'context',
  'sts',
  'accessKeyId',
  'sessionToken',
  'vpcEndpoint',
  'requestPolicy',
] as const;

/** How a member is held: absent, an own data member (enumerable or not), an own getter, inherited. */
const HOW = ['absent', 'own', 'hidden', 'getter', 'inherited', 'inherited-hidden'] as const;

function reference(o: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of MEMBERS) out[m] = Object.prototype.hasOwnProperty.call(o, m) ? (o as never)[m] : undefined;
  return out;
}

describe('readMembers', () => {
  it('reads the own members (enumerable or not) once each, never inherited ones', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...MEMBERS), fc.constantFrom(...HOW), fc.string()), { maxLength: 16 }),
        fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
        (entries, extra) => {
          const proto: Record<string, unknown> = {};
          const o = Object.create(proto) as Record<string, unknown>;
          for (const name of extra) o[name] = 'extra';
          let reads = 0;
          for (const [m, how, value] of entries) {
            if (how === 'absent') delete o[m];
            else if (how === 'own') Object.defineProperty(o, m, { value, enumerable: true, configurable: true });
            else if (how === 'hidden') Object.defineProperty(o, m, { value, enumerable: false, configurable: true });
            else if (how === 'getter')
              Object.defineProperty(o, m, {
                get: () => (reads++, value),
                enumerable: true,
                configurable: true,
              });
            else Object.defineProperty(proto, m, { value, enumerable: how === 'inherited', configurable: true });
          }
          const getters = MEMBERS.filter((m) => Object.getOwnPropertyDescriptor(o, m)?.get !== undefined).length;
          const read = readMembers(o);
          expect(reads).toBe(getters);
          expect({ ...read }).toEqual(reference(o));
        },
      ),
      { numRuns: runs(5_000) },
    );
  });

  it('reads a member by its exact name only, not another name of the same length', () => {
    // `readMembers` tells names apart by length first: a name of a member's length that is not the
    // member (every case below) must be skipped, and each member found among such names.
    const decoys: Record<string, string> = {};
    for (const m of MEMBERS) {
      decoys[m.toUpperCase()] = 'decoy';
      decoys[`${m.slice(1)}x`] = 'decoy';
    }
    expect({ ...readMembers(decoys) }).toEqual(reference({}));
    for (const m of MEMBERS) {
      const one = { ...decoys, [m]: `value of ${m}` };
      expect({ ...readMembers(one) }).toEqual(reference(one));
      expect(readMembers(one)[m]).toBe(`value of ${m}`);
    }
  });

  it('checks own members with the hasOwnProperty taken when the module loaded, not a replaced one', () => {
    // The walk's own-member check is a `const` of readMembers' closure (so the optimizing compiler
    // takes it for a constant): still the function taken at load, whatever replaces the builtin.
    const inherited = Object.create({ principal: 'inherited', action: 'inherited' }) as object;
    Object.defineProperty(inherited, 'resource', { value: 'own', enumerable: true });
    const original = Object.prototype.hasOwnProperty;
    let read;
    try {
      Object.defineProperty(Object.prototype, 'hasOwnProperty', {
        value: () => true,
        writable: true,
        configurable: true,
      });
      read = { ...readMembers(inherited) };
    } finally {
      Object.defineProperty(Object.prototype, 'hasOwnProperty', {
        value: original,
        writable: true,
        configurable: true,
      });
    }
    expect(read.principal).toBeUndefined();
    expect(read.action).toBeUndefined();
    expect(read.resource).toBe('own');
  });
});
