import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinPath } from '../../src/json/issues.js';
import { STATEMENT_MEMBERS, statementMembers } from '../../src/policy/validate-statement.js';
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

// A reader's scratch is a class instance (no object literal's allocation site for V8 to move to the
// old generation): it must still be the same record a literal was.
describe('statementMembers', () => {
  const members = [
    'sid',
    'effect',
    'principal',
    'notPrincipal',
    'action',
    'notAction',
    'resource',
    'notResource',
    'condition',
  ];

  it.each([[true], [false]])(
    'starts with every member absent, its arrays owned: %s, its conditions read so',
    (owned) => {
      const read = { readConditions: () => [] };
      const m = statementMembers(owned, read);
      expect(Object.keys(m).sort()).toEqual([...members, 'owned', 'conditions'].sort());
      for (const k of members) expect(m[k as keyof typeof m]).toBeUndefined();
      expect(m.owned).toBe(owned);
      expect(m.conditions).toBe(read);
    },
  );

  it('is a new scratch each time (a reader fills its own)', () => {
    const read = { readConditions: () => [] };
    const a = statementMembers(true, read);
    const b = statementMembers(true, read);
    expect(a).not.toBe(b);
    a.action = 's3:GetObject';
    expect(b.action).toBeUndefined();
  });
});
