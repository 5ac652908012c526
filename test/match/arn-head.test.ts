/**
 * The head fast path of ARN matching (src/match/arn.ts, `headMatches`): a pattern whose first five
 * segments are literal compares them with the value's once, and keeps a head found equal on the
 * value's segments for the next pattern. It must answer what the general wildcard matcher answers
 * for the whole pattern (`*` spans `/` and `:` in the resource segment, `?` is one character, ARNs
 * are case-sensitive), charge the step budget exactly what the plain path charged, and the memo
 * must never carry an answer from one pattern to another.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from '../depth.js';
import {
  arnPatternFromGlobs,
  arnPatternOfGlob,
  headMatches,
  matchArnCondition,
  matchResourceArn,
  splitArn,
  type ArnPattern,
} from '../../src/match/arn.js';
import {
  compileGlob,
  concatGlobs,
  literalGlob,
  matchGlob,
  matchGlobPart,
  type MatchCounter,
} from '../../src/match/wildcard.js';

const general = (p: ArnPattern): ArnPattern => ({ ...p, literalPrefix: undefined });

// Five-colon heads that differ in case, length and one character; resource parts with `*`, `?`, `/`, `:`.
const head = fc.constantFrom(
  'arn:aws:s3:::',
  'arn:aws:S3:::',
  'ARN:aws:s3:::',
  'arn:aws:s4:::',
  'arn:aws:s3:us-east-1:111122223333:',
  'arn:aws:s3:us-east-1:111122223334:',
  'arn:aws:s3::111122223333:',
  'arn:::::',
  'arn:aws:s3:::',
);
const rest = fc.stringMatching(/^[abAB/:*?-]{0,8}$/);
const valueRest = fc.stringMatching(/^[abAB/:-]{0,10}$/);

/** The steps the plain path charged: `matchGlob` of a literal-prefix-and-star pattern, else the head then the last segment. */
function plainSteps(p: ArnPattern, text: string, counter: MatchCounter): boolean {
  const prefix = p.literalPrefix as string;
  if (p.glob.prefix !== undefined) return matchGlob(p.glob, text, 0, text.length, counter);
  counter.steps += prefix.length;
  if (!text.startsWith(prefix)) return false;
  const lastLiteral = (p.literals & 0b100000) !== 0;
  return matchGlobPart(
    p.glob,
    prefix.length,
    p.glob.source.length,
    lastLiteral,
    text,
    prefix.length,
    text.length,
    counter,
  );
}

describe('ARN head fast path', () => {
  it('headMatches is startsWith for a five-colon head, and keeps only a head that matched', () => {
    fc.assert(
      fc.property(head, head, valueRest, (h, other, r) => {
        const value = splitArn(`${other}${r}`);
        const got = headMatches(value, h);
        expect(got).toBe(value.text.startsWith(h));
        expect(value.head).toBe(got ? h : undefined);
        // Asked again, and then for a different head, the memo changes nothing.
        expect(headMatches(value, h)).toBe(got);
        expect(headMatches(value, other)).toBe(true);
      }),
      { numRuns: runs(2000, 0.01) },
    );
  });

  it('one value tried against many patterns answers as fresh values and the general matcher do', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(head, rest), { minLength: 1, maxLength: 6 }), head, valueRest, (patterns, h, r) => {
        const text = `${h}${r}`;
        const shared = splitArn(text);
        for (const [ph, pr] of patterns) {
          const p = arnPatternOfGlob(compileGlob(`${ph}${pr}`));
          expect(p.literalPrefix).toBe(ph);
          const want = matchResourceArn(general(p), splitArn(text));
          expect(matchResourceArn(p, shared)).toBe(want);
          expect(matchResourceArn(p, splitArn(text))).toBe(want);
          expect(matchArnCondition(p, shared)).toBe(matchArnCondition(general(p), splitArn(text)));
        }
      }),
      { numRuns: runs(2000, 0.01) },
    );
  });

  it('a pattern with a literal `*` or `?` from a policy variable matches it only literally', () => {
    fc.assert(
      fc.property(head, rest, fc.stringMatching(/^[ab*?/]{0,4}$/), valueRest, (h, pr, variable, r) => {
        // `${h}${variable}${pr}`, the variable's text literal (as a resolved template builds it).
        const segments = splitArn(h);
        const globs = [];
        for (let i = 0; i < 5; i++) globs.push(compileGlob(h.slice(segments.starts[i], segments.ends[i])));
        const last = [literalGlob(variable), compileGlob(pr)];
        const p = arnPatternFromGlobs('', [...globs, concatGlobs(last)]);
        for (const text of [`${h}${variable}${r}`, `${h}${r}`, `${h}${variable}`]) {
          const want = matchResourceArn(general(p), splitArn(text));
          expect(matchResourceArn(p, splitArn(text))).toBe(want);
        }
      }),
      { numRuns: runs(1000, 0.01) },
    );
  });

  it('charges the budget what the plain path charged, and stops where it stopped', () => {
    fc.assert(
      fc.property(head, rest, head, valueRest, fc.nat(40), fc.nat(4), (ph, pr, h, r, limit, initial) => {
        const p = arnPatternOfGlob(compileGlob(`${ph}${pr}`));
        const text = `${h}${r}`;
        const fast: MatchCounter = { steps: initial, limit };
        const plain: MatchCounter = { steps: initial, limit };
        const got = matchResourceArn(p, splitArn(text), fast);
        const want = plainSteps(p, text, plain);
        expect(got).toBe(want);
        expect(fast.steps).toBe(plain.steps);
        const unlimited: MatchCounter = { steps: 0 };
        expect(matchResourceArn(p, splitArn(text), unlimited)).toBe(matchResourceArn(general(p), splitArn(text)));
      }),
      { numRuns: runs(2000, 0.01) },
    );
  });
});
