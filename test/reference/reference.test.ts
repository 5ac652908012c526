/**
 * The reference evaluator is only useful if it is right: it must pass the public conformance cases
 * it covers and the documented examples of its building blocks.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { referenceDecide, type RefRequest, type RefWorld } from './evaluate.js';
import { globMatch, literalTokens, matchArnPattern, matchResourcePattern, wildTokens } from './glob.js';
import { fold, readDate, readIp, readIpRange, readNumber } from './values.js';
import { clauseHolds, type RefContext } from './conditions.js';

interface ConformanceCase {
  id: string;
  title: string;
  world: RefWorld;
  request: RefRequest & { sts?: unknown };
  expect: string;
  expectReason?: string;
}

const casesPath = fileURLToPath(new URL('../conformance/cases.json', import.meta.url));
const cases = JSON.parse(readFileSync(casesPath, 'utf8')) as ConformanceCase[];
// STS parameters (sts:AssumeRole on a world role) are outside the reference's scope.
const covered = cases.filter((c) => c.request.sts === undefined);

describe('reference evaluator on the public conformance cases', () => {
  it('covers most of them', () => {
    expect(covered.length).toBeGreaterThan(cases.length * 0.85);
  });
  it.each(covered.map((c) => [`${c.id} ${c.title}`, c] as const))('%s', (_, c) => {
    const d = referenceDecide(c.world, c.request);
    expect({ decision: d.decision, reason: d.reason }).toEqual({ decision: c.expect, reason: c.expectReason });
  });
});

describe('reference building blocks', () => {
  it('glob: * any run, ? one character, literal tokens stay literal (§2.1, §3.7)', () => {
    expect(globMatch(wildTokens('home/?/*'), 'home/a/docs')).toBe(true);
    expect(globMatch(wildTokens('home/?/*'), 'home/ab/docs')).toBe(false);
    expect(globMatch(wildTokens('*'), '')).toBe(true);
    expect(globMatch(literalTokens('a*'), 'abc')).toBe(false);
    expect(globMatch(literalTokens('a*'), 'a*')).toBe(true);
  });

  it('resource patterns: the documented examples of §2.2', () => {
    const p = wildTokens('arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*');
    for (const ok of ['1/2/test/3/object.jpg', '1///test///object.jpg', '/test/object.jpg', '1/test/']) {
      expect(matchResourcePattern(p, `arn:aws:s3:::DOC-EXAMPLE-BUCKET/${ok}`), ok).toBe(true);
    }
    for (const no of ['test/object.jpg', '1-test/object.jpg', '1/2/test.jpg']) {
      expect(matchResourcePattern(p, `arn:aws:s3:::DOC-EXAMPLE-BUCKET/${no}`), no).toBe(false);
    }
    expect(
      matchResourcePattern(
        wildTokens('arn:aws:sqs:us-*-2:111111111111:queue?'),
        'arn:aws:sqs:us-east-2:111111111111:queue1',
      ),
    ).toBe(true);
  });

  it('resource patterns: a trailing * of a segment may run past colons (§2.2 step 5, §10 R-REVIEW)', () => {
    expect(matchResourcePattern(wildTokens('arn:aws:sqs:us-east-1:*'), 'arn:aws:sqs:us-east-1:111111111111:q')).toBe(
      true,
    );
    expect(matchResourcePattern(wildTokens('arn:aws:s3:*'), 'arn:aws:s3:::bucket/key')).toBe(true);
    expect(matchResourcePattern(wildTokens('arn:aws:sqs:us-*:1*'), 'arn:aws:sqs:us-east-1:999:1abc')).toBe(true);
    expect(matchResourcePattern(wildTokens('arn:aws:sqs:us-east-1:1*'), 'arn:aws:sqs:us-east-1:999:1abc')).toBe(false);
  });

  it('ARN operators compare component by component (§3.4.7, W55/W56)', () => {
    const value = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';
    const pattern = 'arn:aws:someservice:*:111122223333:finance/*';
    expect(globMatch(wildTokens(pattern), value)).toBe(true); // StringLike
    expect(matchArnPattern(wildTokens(pattern), value)).toBe(false); // ArnLike
    expect(matchArnPattern(wildTokens('arn:aws:iam::*'), 'arn:aws:iam::111111111111:user/a')).toBe(true);
    expect(matchArnPattern(wildTokens('*'), 'not-an-arn')).toBe(false);
  });

  it('values: numbers, dates, addresses (§3.4.2, §3.4.3, §3.4.6)', () => {
    expect(readNumber('1e1')).toBe(10);
    expect(readNumber('0x10')).toBeUndefined();
    expect(readDate('2025')).toBe(Date.UTC(2025, 0, 1));
    expect(readDate('2025-06-01T14:00:00+02:00')).toBe(Date.UTC(2025, 5, 1, 12));
    expect(readDate('2025-06-01T12:00:00')).toBeUndefined(); // W3C times need a zone designator
    expect(readDate('1748779200')).toBe(1748779200_000);
    expect(readDate('-1')).toBe(-1000); // negative epoch seconds: before 1970, as the engine reads them (seed 711162286)
    expect(readDate('2025-02-29')).toBeUndefined();
    expect(readIp('2001:DB8:0:0:0:0:0:5')).toEqual(readIp('2001:db8::5'));
    expect(readIp('::ffff:203.0.113.7')?.slice(12)).toEqual([203, 0, 113, 7]);
    expect(readIp('010.0.0.1')).toBeUndefined();
    expect(readIpRange('2001:db8::/129')).toBeUndefined();
    expect(fold('ÉCOLE Straße')).toBe('école straße');
    expect(fold('µ')).toBe('\u03bc'); // MICRO SIGN folds to GREEK SMALL LETTER MU (CaseFolding.txt)
  });

  it('conditions: absent keys, IfExists, set operators, empty sets (§3.3, §3.5, §3.6, §3.4.8)', () => {
    const ctx = (entries: Record<string, string | string[]>): RefContext => new Map(Object.entries(entries));
    const empty = ctx({});
    expect(clauseHolds('StringEquals', 'k', ['a'], empty, '2012-10-17')).toBe(false);
    expect(clauseHolds('StringNotEquals', 'k', ['a'], empty, '2012-10-17')).toBe(true);
    expect(clauseHolds('StringEqualsIfExists', 'k', ['a'], empty, '2012-10-17')).toBe(true);
    expect(clauseHolds('ForAnyValue:StringEqualsIfExists', 'k', ['a'], empty, '2012-10-17')).toBe(true);
    expect(clauseHolds('ForAllValues:StringEquals', 'k', ['a'], ctx({ k: [] }), '2012-10-17')).toBe(true);
    expect(clauseHolds('ForAnyValue:StringEquals', 'k', ['a'], ctx({ k: [] }), '2012-10-17')).toBe(false);
    expect(clauseHolds('StringEqualsIfExists', 'k', ['a'], ctx({ k: [] }), '2012-10-17')).toBe(false);
    expect(clauseHolds('Null', 'k', ['true'], ctx({ k: [] }), '2012-10-17')).toBe(true);
    expect(clauseHolds('Null', 'k', ['true'], ctx({ k: '' }), '2012-10-17')).toBe(false);
    expect(
      clauseHolds('StringEquals', 'K', ['${aws:username}'], ctx({ k: 'alice', 'aws:username': 'alice' }), '2012-10-17'),
    ).toBe(true);
    expect(
      clauseHolds('StringEquals', 'k', ['${aws:username}'], ctx({ k: 'alice', 'aws:username': 'alice' }), '2008-10-17'),
    ).toBe(false);
    expect(clauseHolds('StringNotEquals', 'k', ['${missing}'], ctx({ k: 'x' }), '2012-10-17')).toBe(true);
  });
});
