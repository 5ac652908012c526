/**
 * A `StringLike` pattern with policy variables that resolves to plain text or plain text and one
 * trailing `*` is matched piece by piece (`compileTemplateLike`, src/condition/compile.ts): it
 * must give the answer, and charge the steps, that building the pattern and matching it does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from '../depth.js';
import { compileTemplateGlob, compileTemplateLike, templateGlobMatcher } from '../../src/condition/compile.js';
import { ContextMap, type ContextLookup } from '../../src/condition/context.js';
import { parseTemplate } from '../../src/policy/variables.js';

const piece = fc.constantFrom('a', 'b', '/', '*', '?', '${x}', '${y}', '${z}', "${y, 'd*'}", '${*}', '${?}');
const value = fc.stringMatching(/^[ab*?/]{0,4}$/);
const subject = fc.stringMatching(/^[ab*?/d]{0,10}$/);

/** A context with `x`, and `y` when given, over a step budget. */
function context(
  x: string,
  y: string | undefined,
  limit: number | undefined,
): ContextLookup & {
  budget: { steps: number; limit?: number };
} {
  const map = new ContextMap().set('x', x);
  if (y !== undefined) map.set('y', y);
  const budget = limit === undefined ? { steps: 0 } : { steps: 0, limit };
  return { get: (k) => map.get(k), budget };
}

describe('StringLike with policy variables, matched without building the pattern', () => {
  it('is taken for plain text and one trailing *, not for other wildcards', () => {
    expect(compileTemplateLike(parseTemplate('home/${aws:username}/*')!)).toBeDefined();
    expect(compileTemplateLike(parseTemplate('home/${aws:username}')!)).toBeDefined();
    expect(compileTemplateLike(parseTemplate('home/${*}/${aws:username}*')!)).toBeDefined();
    expect(compileTemplateLike(parseTemplate('*/${aws:username}')!)).toBeUndefined();
    expect(compileTemplateLike(parseTemplate('${aws:username}/?')!)).toBeUndefined();
    expect(compileTemplateLike(parseTemplate('${aws:username}**')!)).toBeUndefined();
  });

  it('agrees with building the pattern: answer and steps, with and without a budget', () => {
    const seen = { prefix: 0, literal: 0, matched: 0 };
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 6 }),
        value,
        fc.option(value, { nil: undefined }),
        subject,
        fc.option(fc.nat(30), { nil: undefined }),
        fc.boolean(),
        fc.boolean(),
        (pieces, x, y, other, limit, first, resolved) => {
          const text = first ? '${x}' + pieces.join('') : pieces.join('') + '${x}';
          const parts = parseTemplate(text);
          if (parts === undefined) return;
          const direct = compileTemplateLike(parts);
          if (direct === undefined) return;
          const glob = compileTemplateGlob(parts)(context(x, y, undefined));
          // Half the subjects are the resolved pattern's own text (with `other` after a trailing *).
          const r =
            resolved && glob !== undefined ? (glob.prefix !== undefined ? glob.prefix + other : glob.source) : other;
          const built = templateGlobMatcher(compileTemplateGlob(parts));
          const a = context(x, y, limit);
          const b = context(x, y, limit);
          const answer = direct(r, a);
          expect(answer).toBe(built(r, b));
          expect(a.budget.steps).toBe(b.budget.steps);
          if (text.endsWith('*')) seen.prefix++;
          else seen.literal++;
          if (answer) seen.matched++;
        },
      ),
      { numRuns: runs(20000) },
    );
    // Both shapes, and matches as well as misses, were compared.
    expect(seen.prefix).toBeGreaterThan(0);
    expect(seen.literal).toBeGreaterThan(0);
    expect(seen.matched).toBeGreaterThan(0);
  });
});
