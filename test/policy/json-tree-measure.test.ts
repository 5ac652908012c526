/**
 * The copy of a parsed policy measures it on the way (issue #16: one pass instead of three): its
 * size must be exactly what `JSON.stringify` writes (the size quota's count, spec §8.1) and its
 * character-set verdict exactly what the full check finds (spec §1.1).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCharacterSet } from '../../src/policy/document-limits.js';
import { IssueSink } from '../../src/policy/issue-sink.js';
import { toJsonTree, type TreeMeasure } from '../../src/policy/json-tree.js';
import { parsePolicy } from '../../src/policy/parse.js';

/** Strings with escapes, control characters, Latin-1, BMP and astral characters and lone surrogates. */
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({
    unit: fc.constantFrom(
      'a',
      '"',
      '\\',
      '\n',
      '\t',
      '\u0001',
      '\u001f',
      'é',
      'ÿ',
      'Ā',
      '\u2028',
      '😀',
      '\ud800',
      '\udfff',
    ),
  }),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(text, tie('value'), { maxKeys: 4 }),
})).value;

describe('toJsonTree measures what it copies', () => {
  it('size = JSON.stringify length; foreign = what checkCharacterSet finds', () => {
    fc.assert(
      fc.property(json, (value) => {
        const measured: TreeMeasure = { size: 0, foreign: false };
        const tree = toJsonTree(value, new IssueSink(), undefined, undefined, measured);
        expect(tree).not.toBeUndefined();
        expect(measured.size).toBe(JSON.stringify(tree).length);
        const sink = new IssueSink();
        checkCharacterSet(tree as never, sink);
        expect(measured.foreign).toBe(sink.errors > 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('skips members whose value is undefined, as JSON.stringify does', () => {
    const measured: TreeMeasure = { size: 0, foreign: false };
    const value = { a: undefined, b: [1, 'x'], c: { d: undefined } };
    const tree = toJsonTree(value, new IssueSink(), undefined, undefined, measured);
    expect(measured.size).toBe(JSON.stringify(value).length);
    expect(JSON.stringify(tree)).toBe(JSON.stringify(value));
  });

  it('a parsed document over the quota or with a foreign character is still refused', () => {
    const big = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'b'.repeat(2100)}/*` }],
    };
    expect(parsePolicy(big, { type: 'identity', attachment: 'inline-user' })).toMatchObject({
      ok: false,
      errors: [{ code: 'policy-too-large' }],
    });
    // Just under the quota by the exact count (escapes counted as written): accepted.
    const quote = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'A', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/"' }],
    };
    const size = JSON.stringify(quote).length;
    expect(parsePolicy(quote, { type: 'identity', maxSize: size }).ok).toBe(true);
    expect(parsePolicy(quote, { type: 'identity', maxSize: size - 1 })).toMatchObject({
      ok: false,
      errors: [{ code: 'policy-too-large' }],
    });
    const foreign = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/Ā' }],
    };
    expect(parsePolicy(foreign, { type: 'identity' })).toMatchObject({
      ok: false,
      errors: [{ code: 'invalid-character' }],
    });
  });
});
