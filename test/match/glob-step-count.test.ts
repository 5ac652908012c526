/**
 * The glob matcher takes the characters a `*` passes over in one go (up to the pattern's next
 * literal character, or to the end for a trailing `*`): the answer and the step count (the matcher
 * step budget, docs/security.md G4) must be exactly those of the plain loop that takes one step per
 * character, including where a budget stops it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Glob, matchGlobPart, type MatchCounter } from '../../src/match/wildcard.js';

/** The plain greedy loop: one step per character, stopping once the steps pass the limit. */
function reference(
  glob: Glob,
  from: number,
  to: number,
  text: string,
  start: number,
  end: number,
  counter: MatchCounter,
): boolean {
  const p = glob.source;
  const escaped = glob.escaped;
  const limit = counter.limit ?? Number.POSITIVE_INFINITY;
  let t = start;
  let k = from;
  let starK = -1;
  let starT = start;
  while (t < end) {
    if (++counter.steps > limit) return false;
    if (k < to) {
      const c = p.charCodeAt(k);
      const wild = (c === 42 || c === 63) && (escaped === undefined || escaped[k] !== 1);
      if (wild && c === 42) {
        starK = k++;
        starT = t;
        continue;
      }
      if (wild || c === text.charCodeAt(t)) {
        k++;
        t++;
        continue;
      }
    }
    if (starK < 0) return false;
    k = starK + 1;
    t = ++starT;
  }
  while (k < to && p.charCodeAt(k) === 42 && (escaped === undefined || escaped[k] !== 1)) k++;
  return k === to;
}

const pattern = fc.stringMatching(/^[ab*?\/:]{0,10}$/);
const text = fc.stringMatching(/^[abc\/:*]{0,24}$/);

describe('glob matching: skipping after a star counts every step', () => {
  it('same answer and same steps as the one-step-per-character loop, with and without a budget', () => {
    fc.assert(
      fc.property(
        pattern,
        text,
        fc.boolean(),
        fc.nat(6),
        fc.option(fc.nat(60), { nil: undefined }),
        (source, value, escape, initial, limit) => {
          const escaped = escape ? Uint8Array.from(source, (ch, i) => (i % 2 === 0 && ch === '*' ? 1 : 0)) : undefined;
          const glob = new Glob(source, escaped);
          const counted: MatchCounter = limit === undefined ? { steps: initial } : { steps: initial, limit };
          const expected: MatchCounter = limit === undefined ? { steps: initial } : { steps: initial, limit };
          // matchGlobPart with a non-literal part runs the loop directly (after charging one step for the call).
          const got = matchGlobPart(glob, 0, source.length, false, value, 0, value.length, counted);
          expected.steps++;
          const want =
            limit !== undefined && expected.steps > limit
              ? false
              : reference(glob, 0, source.length, value, 0, value.length, expected);
          expect(got).toBe(want);
          expect(counted.steps).toBe(expected.steps);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('a budget that runs out anywhere, even on the last step of a run of literal characters, stops where the loop stops', () => {
    // Every limit from none to one past the steps the whole match takes: the run of literal
    // characters the matcher takes at once must stop exactly where one step at a time would.
    fc.assert(
      fc.property(pattern, text, fc.nat(3), (source, value, initial) => {
        const glob = new Glob(source, undefined);
        const free: MatchCounter = { steps: initial + 1 };
        reference(glob, 0, source.length, value, 0, value.length, free);
        for (let limit = initial; limit <= free.steps + 1; limit++) {
          const counted: MatchCounter = { steps: initial, limit };
          const expected: MatchCounter = { steps: initial + 1, limit };
          const got = matchGlobPart(glob, 0, source.length, false, value, 0, value.length, counted);
          const want =
            expected.steps > limit ? false : reference(glob, 0, source.length, value, 0, value.length, expected);
          expect(got).toBe(want);
          expect(counted.steps).toBe(expected.steps);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
