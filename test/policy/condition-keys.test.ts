import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLowerMultivaluedKey, isLowerSensitiveKey, lowerKeyCardinality } from '../../src/policy/condition-keys.js';

/** The multivalued keys of spec §7.1 and `sts:TransitiveTagKeys` (two of them share a length). */
const MULTIVALUED = [
  'aws:tagkeys',
  'aws:principalorgpaths',
  'aws:resourceorgpaths',
  'aws:calledvia',
  'aws:principalservicenameslist',
  'aws:sourceorgpaths',
  'aws:vpceorgpaths',
  'sts:transitivetagkeys',
];

describe('isLowerMultivaluedKey (keys compared by length, not hashed)', () => {
  it('is true for each multivalued key, those of one length included', () => {
    for (const key of MULTIVALUED) expect(isLowerMultivaluedKey(key)).toBe(true);
  });

  it("answers as the key's cardinality does, for keys one edit away from them and any others", () => {
    const edits = MULTIVALUED.flatMap((key) => [
      key.slice(0, -1),
      `${key}s`,
      `${key.slice(0, -1)}x`,
      `x${key.slice(1)}`,
      key.toUpperCase(),
    ]);
    for (const key of [...edits, '', 'aws:sourceip', 'aws:principaltag/team'])
      expect(isLowerMultivaluedKey(key)).toBe(lowerKeyCardinality(key) === 'multi');
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (key) => {
        expect(isLowerMultivaluedKey(key)).toBe(lowerKeyCardinality(key) === 'multi');
      }),
      { numRuns: 2000 },
    );
  });
});

/** The keys of spec §7.1 whose values should never hold wildcards (several share a length). */
const SENSITIVE = [
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:resourceaccount',
  'aws:resourceorgid',
  'aws:sourceaccount',
  'aws:sourceorgid',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:vpceaccount',
  'aws:vpceorgid',
];

describe('isLowerSensitiveKey (keys compared by length, not hashed)', () => {
  it('is true for each sensitive key, false for keys one edit away from them and any others', () => {
    for (const key of SENSITIVE) expect(isLowerSensitiveKey(key)).toBe(true);
    const edits = SENSITIVE.flatMap((key) => [
      key.slice(0, -1),
      `${key}s`,
      `${key.slice(0, -1)}x`,
      `x${key.slice(1)}`,
      key.toUpperCase(),
    ]);
    for (const key of [...edits, '', 'aws:sourceip', 'aws:requestedregion', ...MULTIVALUED])
      expect(isLowerSensitiveKey(key)).toBe(SENSITIVE.includes(key));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...SENSITIVE)), (key) => {
        expect(isLowerSensitiveKey(key)).toBe(SENSITIVE.includes(key));
      }),
      { numRuns: 2000 },
    );
  });
});
