/**
 * `startsWithAt` (src/match/wildcard.ts) compares short prefixes itself and long ones at the start
 * with `lastIndexOf`: both must answer `String.prototype.startsWith`, and the trailing-star and
 * literal paths of `matchGlob` built on it must answer what the one-step-per-character loop does
 * (a step counter with a limit runs the same code, so the loop is reached through a pattern with
 * a second wildcard that cannot change the answer: a `*` before the trailing one).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from '../depth.js';
import { compileGlob, matchGlob, startsWithAt } from '../../src/match/wildcard.js';

// Action-like and ARN-like texts: services that share a first letter, a colon, case, `*`, `/`.
const word = fc.constantFrom(
  '',
  'i',
  'iam',
  'IAM',
  's3',
  'sts',
  'ec2',
  'e',
  ':',
  '*',
  '/',
  'arn:aws:s3:::',
  'describe',
);
const text = fc.array(word, { maxLength: 6 }).map((w) => w.join(''));

describe('startsWithAt', () => {
  it('answers String.prototype.startsWith for short and long prefixes, at any start', () => {
    fc.assert(
      fc.property(text, text, fc.nat(30), (subject, prefix, at) => {
        const start = Math.min(at, subject.length);
        expect(startsWithAt(subject, prefix, start)).toBe(subject.startsWith(prefix, start));
        expect(startsWithAt(subject, prefix, 0)).toBe(subject.startsWith(prefix));
        // A prefix the subject has, and the same with its last character changed.
        const own = subject.slice(start, start + (at % (subject.length + 1)));
        expect(startsWithAt(subject, own, start)).toBe(true);
        if (own.length > 0) {
          const changed = `${own.slice(0, -1)}${own.endsWith('x') ? 'y' : 'x'}`;
          expect(startsWithAt(subject, changed, start)).toBe(false);
        }
      }),
      { numRuns: runs(3000, 0.01) },
    );
  });

  it('the trailing-star path of an action pattern agrees with the general loop', () => {
    fc.assert(
      fc.property(text, text, (prefix, subject) => {
        const lower = prefix.toLowerCase();
        // `p*` (trailing-star path) and `p**` (the loop: two wildcards) match the same texts.
        expect(matchGlob(compileGlob(`${lower}*`, true), subject)).toBe(
          matchGlob(compileGlob(`${lower}**`, true), subject),
        );
      }),
      { numRuns: runs(3000, 0.01) },
    );
  });
});
