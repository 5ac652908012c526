/**
 * What compiling a pattern works out from its text (src/match/wildcard.ts `Glob`,
 * src/match/arn.ts `arnPatternOfGlob`), read in one pass or by the engine's search, must be what
 * the per-character reading (the path of a glob with literal marks) and a plain reference say.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from '../depth.js';
import { arnPatternOfGlob, type ArnPattern } from '../../src/match/arn.js';
import { compileGlob, concatGlobs, Glob, literalGlob, wildAt, STAR } from '../../src/match/wildcard.js';

const text = fc.stringMatching(/^[ab:*?/]{0,12}$/);

/** The split as it was read before (a search per colon, then each segment character by character). */
function reference(glob: Glob): Omit<ArnPattern, 'glob' | 'source'> {
  const source = glob.source;
  const cuts: number[] = [];
  for (let at = source.indexOf(':'); at >= 0 && cuts.length < 5; at = source.indexOf(':', at + 1)) cuts.push(at);
  let trailing = 0;
  let literals = 0;
  for (let i = 0; i <= cuts.length; i++) {
    const from = i === 0 ? 0 : (cuts[i - 1] as number) + 1;
    const to = i < cuts.length ? (cuts[i] as number) : source.length;
    let literal = true;
    for (let k = from; k < to; k++) if (wildAt(glob, k) !== 0) literal = false;
    if (literal) literals |= 1 << i;
    if (to > from && wildAt(glob, to - 1) === STAR) trailing |= 1 << i;
  }
  const literalPrefix =
    cuts.length === 5 && (literals & 0b11111) === 0b11111 ? source.slice(0, (cuts[4] as number) + 1) : undefined;
  return { cuts, trailing, literals, literalPrefix };
}

const split = (p: ArnPattern) => ({
  cuts: p.cuts,
  trailing: p.trailing,
  literals: p.literals,
  literalPrefix: p.literalPrefix,
});

describe('compiling a pattern', () => {
  it('reads a glob without literal marks as the per-character reading does', () => {
    expect(compileGlob('').literal).toBe(true);
    expect(compileGlob('').prefix).toBeUndefined();
    fc.assert(
      fc.property(text, (t) => {
        const fast = compileGlob(t);
        // A mask of no literal position: the same wildcards, read character by character.
        const slow = new Glob(t, new Uint8Array(t.length));
        expect(fast.literal).toBe(slow.literal);
        expect(fast.prefix).toBe(slow.prefix);
      }),
      { numRuns: runs(3000, 0.1) },
    );
  });

  it('splits an ARN glob in one pass as the reference does, literal marks included', () => {
    expect(split(arnPatternOfGlob(compileGlob('arn:aws:s3:::bucket/*')))).toEqual({
      cuts: [3, 7, 10, 11, 12],
      trailing: 0b100000,
      literals: 0b011111,
      literalPrefix: 'arn:aws:s3:::',
    });
    expect(split(arnPatternOfGlob(compileGlob('*')))).toEqual({
      cuts: [],
      trailing: 1,
      literals: 0,
      literalPrefix: undefined,
    });
    fc.assert(
      fc.property(text, text, fc.boolean(), (a, b, marked) => {
        // Half of the globs have literal `*`/`?` spliced in (what a policy variable's value gives).
        const glob = marked ? concatGlobs([compileGlob(a), literalGlob(b), compileGlob(a)]) : compileGlob(a + b);
        expect(split(arnPatternOfGlob(glob))).toEqual(reference(glob));
      }),
      { numRuns: runs(5000, 0.1) },
    );
  });

  it('splits a pattern under the S3 head as the reference does, read from its last character alone', () => {
    // Such a pattern takes the shortcut when its wildcards can only be in its resource part; with
    // literal marks and wildcards, or a wildcard in the head's place, the one pass.
    const head = fc.constantFrom('arn:aws:s3:::', 'arn:aws:s3::', 'arn:aws:s3:::', 'arn:aws:S3:::', 'arn:*:s3:::');
    fc.assert(
      fc.property(head, text, text, fc.boolean(), (h, a, b, marked) => {
        const glob = marked ? concatGlobs([compileGlob(h + a), literalGlob(b)]) : compileGlob(h + a + b);
        expect(split(arnPatternOfGlob(glob))).toEqual(reference(glob));
      }),
      { numRuns: runs(5000, 0.1) },
    );
    expect(split(arnPatternOfGlob(compileGlob('arn:aws:s3:::')))).toEqual(reference(compileGlob('arn:aws:s3:::')));
    expect(split(arnPatternOfGlob(literalGlob('arn:aws:s3:::a*')))).toEqual(reference(literalGlob('arn:aws:s3:::a*')));
  });
});
