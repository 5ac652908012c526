/**
 * The trailing-star fast path of wildcard matching (src/match/wildcard.ts) must decide exactly as
 * the general matcher does (which is what runs when a step counter is passed).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from '../depth.js';
import { compileGlob, concatGlobs, literalGlob, matchGlob, sliceGlob } from '../../src/match/wildcard.js';

const text = fc.stringMatching(/^[ab*?/]{0,8}$/);

describe('wildcard trailing-star fast path', () => {
  it('is taken only when the one wildcard is a trailing *', () => {
    expect(compileGlob('bucket/*').prefix).toBe('bucket/');
    expect(compileGlob('*').prefix).toBe('');
    expect(compileGlob('a*b*').prefix).toBeUndefined();
    expect(compileGlob('a?*').prefix).toBeUndefined();
    expect(compileGlob('abc').prefix).toBeUndefined();
    expect(concatGlobs([literalGlob('x*'), compileGlob('/*')]).prefix).toBe('x*/');
    expect(sliceGlob(compileGlob('a*:b*'), 3, 5).prefix).toBe('b');
  });

  it('agrees with the general matcher, on whole texts and on ranges', () => {
    fc.assert(
      fc.property(text, fc.boolean(), text, fc.nat(10), fc.nat(10), (head, star, subject, from, length) => {
        const glob = compileGlob(star ? `${head}*` : head);
        const start = Math.min(from, subject.length);
        const end = Math.min(start + length, subject.length);
        expect(matchGlob(glob, subject)).toBe(matchGlob(glob, subject, 0, subject.length, { steps: 0 }));
        expect(matchGlob(glob, subject, start, end)).toBe(matchGlob(glob, subject, start, end, { steps: 0 }));
        const spliced = concatGlobs([literalGlob(head), compileGlob('*')]);
        expect(matchGlob(spliced, subject, start, end)).toBe(matchGlob(spliced, subject, start, end, { steps: 0 }));
      }),
      { numRuns: runs(3000, 0.01) },
    );
  });
});
