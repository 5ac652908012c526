/**
 * The validator skips building a path for an `Action`/`Resource` value that its check has nothing
 * to say about (issue #16: one-shot use). `isQuietAction`/`isQuietResource` must never call a value
 * quiet that the full check reports on, in any policy version.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IssueSink } from '../../src/policy/issue-sink.js';
import {
  checkActionString,
  checkResourceString,
  isQuietAction,
  isQuietResource,
} from '../../src/policy/policy-strings.js';
import { checkAwsValue, isQuietAwsPrincipal } from '../../src/policy/validate-principal.js';

/** Text built from the pieces actions and ARNs are made of, so that near misses are common. */
const piece = fc.constantFrom(
  'arn',
  'aws',
  'aws-cn',
  's3',
  'ec2',
  'iam',
  'Get',
  'Object',
  '*',
  '?',
  ':',
  '::',
  '/',
  '-',
  '_',
  '$',
  '${aws:username}',
  '${',
  '}',
  '111111111111',
  '12345',
  '0',
  'eu-west-1',
  'bucket',
  ' ',
  'é',
  '"',
  '',
);
const text = fc.oneof(
  fc.array(piece, { maxLength: 10 }).map((p) => p.join('')),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '*',
    's3:GetObject',
    'arn:aws:s3:::b/*',
    'arn:aws:iam::111111111111:user/x',
    'arn:aws:iam::12345:user/x',
  ),
);

const versions = [undefined, '2012-10-17', '2008-10-17'] as const;

describe('quiet Action and Resource values', () => {
  it('a quiet action is one checkActionString reports nothing on', () => {
    let quiet = 0;
    fc.assert(
      fc.property(text, (value) => {
        const sink = new IssueSink();
        checkActionString(value, 'Action', sink);
        if (isQuietAction(value)) {
          quiet++;
          expect(sink.issues).toEqual([]);
        }
      }),
      { numRuns: 3000 },
    );
    expect(quiet).toBeGreaterThan(30);
  });

  it('any other action is an error, and a quiet one is plain ASCII (a world copy counts actions unread)', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ maxLength: 8, unit: 'binary' })), (value) => {
        const sink = new IssueSink();
        checkActionString(value, 'Action', sink);
        if (isQuietAction(value)) expect(/^[\x21-\x7e]+$/.test(value) && !/["\\]/.test(value)).toBe(true);
        else expect(sink.errors, value).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
  });

  it('a quiet resource is one checkResourceString reports nothing on, in every version', () => {
    let quiet = 0;
    fc.assert(
      fc.property(text, (value) => {
        if (!isQuietResource(value)) return;
        quiet++;
        for (const version of versions) {
          const sink = new IssueSink();
          checkResourceString(value, 'Resource', version, sink);
          expect(sink.issues, `${value} ${version}`).toEqual([]);
        }
      }),
      { numRuns: 3000 },
    );
    expect(quiet).toBeGreaterThan(30);
  });

  it('the common values are quiet, the doubtful ones are not', () => {
    for (const v of ['*', 's3:GetObject', 'ec2:Describe*', 'S3:Get?bject', 'a-b:c_d'])
      expect(isQuietAction(v)).toBe(true);
    for (const v of ['', 's3', 's3:', ':x', 's*:Get', 's3:Get${x}', 's3:Get Object'])
      expect(isQuietAction(v)).toBe(false);
    for (const v of ['*', 'arn:aws:s3:::b/*', 'arn:aws:ec2:*:111111111111:instance/*', 'arn:aws:iam::aws:policy/x'])
      expect(isQuietResource(v)).toBe(true);
    for (const v of [
      'arn:aws:s3:::home/${aws:username}/*',
      'arn:aws:iam::12345:user/x',
      'arn:aws:s*:::b',
      'arn::s3:::b',
      'arn:aws::::b',
      'arn:aws:s3',
      'arn:aws:s3:*',
      'bucket',
    ])
      expect(isQuietResource(v)).toBe(false);
  });
});

/** Text built from the pieces AWS principals are made of, so that near misses are common. */
const principalPiece = fc.constantFrom(
  'arn:aws:iam::',
  'arn:aws:sts::',
  'arn:aws-cn:iam::',
  '111111111111',
  '11111111111',
  '1111111111111',
  '١١١١١١١١١١١١',
  ':',
  'root',
  'user/',
  'role/',
  'group/',
  'assumed-role/',
  'alice',
  'path/',
  '/',
  '*',
  '?',
  '\n',
  'AIDA',
  'ABCDEFGHIJKL',
  '',
);
const principalText = fc.oneof(
  fc.array(principalPiece, { maxLength: 8 }).map((p) => p.join('')),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('*', '111111111111', 'arn:aws:iam::111111111111:root', 'arn:aws:iam::111111111111:role/r'),
);

describe('quiet AWS principals', () => {
  it('a quiet AWS principal is one checkAwsValue reports nothing on', () => {
    let quiet = 0;
    fc.assert(
      fc.property(principalText, (value) => {
        if (!isQuietAwsPrincipal(value)) return;
        quiet++;
        const sink = new IssueSink();
        checkAwsValue(value, 'Principal.AWS', sink);
        expect(sink.issues, value).toEqual([]);
      }),
      { numRuns: 5000 },
    );
    expect(quiet).toBeGreaterThan(50);
  });

  it('the common values are quiet, the others take the full check', () => {
    for (const v of [
      '*',
      '111111111111',
      'arn:aws:iam::111111111111:root',
      'arn:aws:iam::111111111111:user/alice',
      'arn:aws:iam::111111111111:role/Deploy',
    ])
      expect(isQuietAwsPrincipal(v), v).toBe(true);
    for (const v of [
      '11111111111',
      '1111111111111',
      'arn:aws:iam::11111111111:root',
      'arn:aws:iam::111111111111:rootx',
      'arn:aws:iam::111111111111:user/',
      'arn:aws:iam::111111111111:user/team/bob',
      'arn:aws:iam::111111111111:role/r*',
      'arn:aws:iam::111111111111:group/g',
      'arn:aws:sts::111111111111:assumed-role/r/s',
      'arn:aws-cn:iam::111111111111:root',
      'AIDAABCDEFGHIJKLMNOP',
    ])
      expect(isQuietAwsPrincipal(v), v).toBe(false);
  });
});
