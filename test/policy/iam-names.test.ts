/**
 * `isIamEntityArn`, a test that makes nothing (issue #16, one-shot), holds to `parseIamEntityArn`.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isIamEntityArn, parseIamEntityArn } from '../../src/policy/iam-names.js';

const KINDS = ['user', 'group', 'role'] as const;

/** Pieces ARNs are made of, and near misses: each edge of the grammar (a character class's bounds, lengths). */
const piece = fc.constantFrom(
  'arn',
  'arn:',
  ':',
  '::',
  'aws',
  'aws-cn',
  'a_b',
  'iam',
  'iam::',
  's3',
  '111111111111',
  '11111111111',
  '1111111111111',
  '11111111111a',
  '',
  'user',
  'group',
  'role',
  'users',
  'policy',
  'policy/',
  '/',
  '//',
  'alice',
  'a+=,.@-_Z9',
  '!',
  '~',
  ' ',
  '\u007f',
  'é',
  '\n',
  '#',
  '*',
  '0',
  '9',
  '`',
  '[',
  '{',
  '@',
);
const text = fc.array(piece, { maxLength: 14 }).map((parts) => parts.join(''));
/** ARNs built the right way around, with junk in their parts. */
const arnLike = fc
  .tuple(
    fc.constantFrom('aws', 'aws-us-gov', '', 'a b', 'x_1'),
    fc.constantFrom('111111111111', 'aws', '1111111111', '11111111111x', '１１１１１１１１１１１１'),
    fc.constantFrom(...KINDS, 'policy', 'users', 'Role'),
    fc.array(fc.constantFrom('p', '/', 'a.b', '!', ' ', '\u007e', '\u007f', 'ü', '+', '=', ',', '@', '-', '_'), {
      maxLength: 8,
    }),
  )
  .map(([partition, account, kind, rest]) => `arn:${partition}:iam::${account}:${kind}/${rest.join('')}`);
const anyText = fc.oneof(text, arnLike, fc.string(), fc.string({ unit: 'binary' }));

describe('isIamEntityArn', () => {
  it('isIamEntityArn is parseIamEntityArn with that kind', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(...KINDS), (s, kind) => {
        expect(isIamEntityArn(s, kind)).toBe(parseIamEntityArn(s)?.kind === kind);
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads the edges of each part, for each kind', () => {
    const A = '111111111111';
    for (const kind of KINDS) {
      const other = KINDS.find((k) => k !== kind) as (typeof KINDS)[number];
      const arn = (rest: string) => `arn:aws:iam::${A}:${kind}/${rest}`;
      const is = (text: string) => isIamEntityArn(text, kind);
      expect(is(arn('alice'))).toBe(true);
      expect(isIamEntityArn(arn('alice'), other)).toBe(false);
      expect(is(arn('a/b/alice'))).toBe(true);
      expect(is(arn('a+=,.@-_Z9'))).toBe(true);
      expect(is(arn('/alice'))).toBe(false);
      expect(is(arn('a b/alice'))).toBe(false);
      expect(is(arn('!~/alice'))).toBe(true);
      expect(is(arn('a\u007f/alice'))).toBe(false);
      expect(is(arn('a\u0020/alice'))).toBe(false);
      expect(is(arn(''))).toBe(false);
      expect(is(arn('a/'))).toBe(false);
      expect(is(arn('al!ce'))).toBe(false);
      expect(is(arn('al#ce'))).toBe(false);
      expect(is(`arn:aws:iam::${A}:${kind}s/alice`)).toBe(false);
      expect(is(`arn::iam::${A}:${kind}/alice`)).toBe(false);
      expect(is(`arn:a_b-c:iam::${A}:${kind}/alice`)).toBe(true);
      expect(is(`arn:aws:iam::aws:${kind}/alice`)).toBe(false);
      expect(is(`arn:aws:iam::${A}1:${kind}/alice`)).toBe(false);
      expect(is(`${arn('alice')}\n`)).toBe(false);
    }
    expect(isIamEntityArn(42 as unknown as string, 'user')).toBe(false);
  });
});
