import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinPath } from '../../src/json/issues.js';
import { STATEMENT_MEMBERS } from '../../src/policy/validate-statement.js';
import { doc, identityStatement as st, parse } from './helpers.js';

/** The paths of the `unknown-statement-member` errors of a one-statement identity policy. */
function unknownMembers(statement: Record<string, unknown>): string[] {
  const result = parse(doc(statement), 'identity');
  return result.ok ? [] : result.errors.filter((e) => e.code === 'unknown-statement-member').map((e) => e.path);
}

// The validator asks a `switch` whether a key is a statement element, and names the elements from
// STATEMENT_MEMBERS in its did-you-mean: these tests hold the two to the same list.
describe('statement elements', () => {
  it.each(STATEMENT_MEMBERS.map((m) => [m]))('%s is a statement element', (member) => {
    expect(unknownMembers({ ...st(), [member]: st()[member] ?? 'x' })).toEqual([]);
  });

  const nearMisses = STATEMENT_MEMBERS.flatMap((m) =>
    [m.toLowerCase(), m.toUpperCase(), `${m}s`, m.slice(1), m.slice(0, -1), ` ${m}`, `${m}\u0000`].map((k) => [k]),
  );
  it.each(nearMisses)('%j is not a statement element, and is reported at its path', (key) => {
    expect(unknownMembers({ ...st(), [key]: 'x' })).toEqual([joinPath('Statement[0]', key)]);
  });

  it('reports any other key at its path', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (key) => {
        fc.pre(!(STATEMENT_MEMBERS as readonly string[]).includes(key));
        expect(unknownMembers({ ...st(), [key]: 'x' })).toEqual([joinPath('Statement[0]', key)]);
      }),
      { numRuns: 300 },
    );
  });
});
