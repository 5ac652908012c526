/**
 * A compiled clause's key (src/condition/key-names.ts): the table of documented spellings must
 * give exactly the lower-cased text interning gives, and any other spelling is lower-cased too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from '../depth.js';
import { conditionKeyLower } from '../../src/condition/key-names.js';
import { lowerKey } from '../../src/policy/variables.js';
import { compileBlock } from './helpers.js';

describe('conditionKeyLower', () => {
  it('is the lower-cased key, whether the spelling is in the table or not', () => {
    for (const key of [
      'aws:SecureTransport',
      'aws:SourceIp',
      's3:prefix',
      'aws:PrincipalTag/Team',
      'AWS:SOURCEIP',
      'x:Ä',
    ])
      expect(conditionKeyLower(key)).toBe(lowerKey(key));
  });

  it('gives every clause its key lower-cased, as documented or otherwise spelled', () => {
    const keys = ['aws:SecureTransport', 'aws:securetransport', 'aws:RequestedRegion', 'kms:ViaService', 'ec2:Region'];
    for (const key of keys) {
      const [clause] = compileBlock({ StringEquals: { [key]: 'x' } });
      expect(clause?.keyLower).toBe(key.toLowerCase());
    }
  });
});

describe('lowerKey', () => {
  it('is the lower-cased text for any key, property-like names included', () => {
    for (const key of [
      '__proto__',
      '__PROTO__',
      'constructor',
      'toString',
      '0',
      '42',
      '-1',
      'aws:PrincipalTag/Team',
      '',
    ])
      expect(lowerKey(key)).toBe(key.toLowerCase());
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (key) => {
        expect(lowerKey(key)).toBe(key.toLowerCase());
      }),
      { numRuns: runs(2000, 0.1) },
    );
  });

  it('is the lower-cased text when the caller gave Object.prototype an enumerable member', () => {
    // `__proto__` stored on a plain object is no own property: an inherited name must not stand for it.
    const keys = ['__proto__', '__PROTO__', 'aws:PrincipalTag/Team'];
    Object.defineProperty(Object.prototype, 'polluted', {
      value: 1,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    let lowered: string[];
    try {
      lowered = keys.map(lowerKey);
    } finally {
      delete (Object.prototype as Record<string, unknown>)['polluted'];
    }
    expect(lowered).toEqual(keys.map((k) => k.toLowerCase()));
  });
});
