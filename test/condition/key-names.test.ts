/**
 * A compiled clause's key (src/condition/key-names.ts): the table of documented spellings must
 * give exactly the lower-cased text interning gives, and any other spelling is lower-cased too.
 */
import { describe, expect, it } from 'vitest';
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
