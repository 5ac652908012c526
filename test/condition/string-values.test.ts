/**
 * A String clause's policy values (src/condition/compile.ts `compileString`): the plain texts and
 * the templates are split in order with no list made when no value holds a variable, and a few
 * plain texts are compared in turn instead of kept in a set. Whatever the values, the clause must
 * hold exactly when a plain reading of them says so.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from '../depth.js';
import { check } from './helpers.js';

/** What a case-sensitive `StringEquals` says, read plainly: a value with `${aws:username}` resolved. */
function equalsReference(values: readonly string[], request: string, username: string | undefined): boolean {
  return values.some((v) => {
    if (!v.includes('${')) return v === request;
    if (username === undefined) return false;
    return v.replaceAll('${aws:username}', username) === request;
  });
}

describe('String clauses over their values', () => {
  it('keeps every plain value after a template (the split keeps both lists in order)', () => {
    const values = ['a', 'home/${aws:username}', 'b', 'c'];
    for (const r of ['a', 'b', 'c', 'home/alice'])
      expect(check('StringEquals', 'k', values, { k: r, 'aws:username': 'alice' })).toBe(true);
    expect(check('StringEquals', 'k', values, { k: 'home/bob', 'aws:username': 'alice' })).toBe(false);
    expect(check('StringNotEquals', 'k', values, { k: 'c', 'aws:username': 'alice' })).toBe(false);
    expect(check('StringLike', 'k', ['x*', 'home/${aws:username}/*', 'y?'], { k: 'yz', 'aws:username': 'al' })).toBe(
      true,
    );
  });

  it('matches a request value against one to eight plain values (searched in turn or in a set) as a plain reading does', () => {
    const text = fc.constantFrom('a', 'b', 'ab', 'A', '', 'home/${aws:username}', 'x${aws:username}');
    fc.assert(
      fc.property(
        fc.array(text, { minLength: 1, maxLength: 8 }),
        fc.constantFrom('a', 'b', 'ab', 'A', '', 'home/al', 'xal', 'c'),
        fc.option(fc.constantFrom('al', 'bo'), { nil: undefined }),
        (values, request, username) => {
          const keys: Record<string, unknown> = { k: request };
          if (username !== undefined) keys['aws:username'] = username;
          const expected = equalsReference(values, request, username);
          expect(check('StringEquals', 'k', values, keys)).toBe(expected);
          expect(check('StringNotEquals', 'k', values, keys)).toBe(!expected);
        },
      ),
      { numRuns: runs(3000, 0.1) },
    );
  });
});
