/**
 * ARN structure and segment-wise matching: §2.2 (Resource element) and §3.4.7 (ARN operators),
 * through the module API of src/match/arn.ts.
 */
import { describe, expect, it } from 'vitest';
import { matchArnCondition, matchResourceArn, parseArn, splitArn } from '../../src/match/arn.js';
import { compileArnPattern } from './arn-pattern.js';

const resourceMatches = (pattern: string, value: string) =>
  matchResourceArn(compileArnPattern(pattern), splitArn(value));
const arnLike = (pattern: string, value: string) => matchArnCondition(compileArnPattern(pattern), splitArn(value));
const segments = (text: string) => {
  const s = splitArn(text);
  return s.starts.map((start, i) => text.slice(start, s.ends[i]));
};

describe('splitArn / parseArn (§2.2: the resource part is everything after the fifth colon)', () => {
  it('splits at the first five colons only', () => {
    expect(segments('arn:aws:sqs:us-east-1:123456789012:queue:extra/x')).toEqual([
      'arn',
      'aws',
      'sqs',
      'us-east-1',
      '123456789012',
      'queue:extra/x',
    ]);
    expect(splitArn('arn:aws:sqs:us-east-1:123456789012:queue:extra').count).toBe(6);
  });

  it('keeps empty region and account segments (S3)', () => {
    expect(segments('arn:aws:s3:::bucket/key')).toEqual(['arn', 'aws', 's3', '', '', 'bucket/key']);
  });

  it('reports fewer than six segments for non-ARNs', () => {
    expect(splitArn('arn:aws:s3').count).toBe(3);
    expect(splitArn('*').count).toBe(1);
  });

  it('parseArn names the parts and rejects non-ARNs', () => {
    expect(parseArn('arn:aws:iam::123456789012:user/path/alice')).toEqual({
      partition: 'aws',
      service: 'iam',
      region: '',
      account: '123456789012',
      resource: 'user/path/alice',
    });
    expect(parseArn('arn:aws:iam::123456789012')).toBeUndefined();
    expect(parseArn('urn:aws:iam::123456789012:user/a')).toBeUndefined();
  });
});

describe('§2.2 Resource matching (matchResourceArn)', () => {
  it('§2.2 a literal ARN matches only itself', () => {
    expect(resourceMatches('arn:aws:s3:::bucket/key', 'arn:aws:s3:::bucket/key')).toBe(true);
    expect(resourceMatches('arn:aws:s3:::bucket/key', 'arn:aws:s3:::bucket/key2')).toBe(false);
    expect(resourceMatches('arn:aws:s3:::bucket/key', 'arn:aws:s3:::bucket')).toBe(false);
  });

  it('§2.2 `*` in the resource part spans `/` and `:` (W13)', () => {
    expect(resourceMatches('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b/c.txt')).toBe(true);
    expect(
      resourceMatches(
        'arn:aws:logs:us-east-1:123456789012:log-group:*',
        'arn:aws:logs:us-east-1:123456789012:log-group:app:log-stream:x',
      ),
    ).toBe(true);
    expect(resourceMatches('arn:aws:s3:::bucket/*', 'arn:aws:s3:::other/a')).toBe(false);
  });

  it('§2.2 a wildcard still needs the literal parts around it (W14)', () => {
    expect(resourceMatches('arn:aws:s3:::bucket/*/report.csv', 'arn:aws:s3:::bucket/2024/q1/report.csv')).toBe(true);
    expect(resourceMatches('arn:aws:s3:::bucket/*/report.csv', 'arn:aws:s3:::bucket/report.csv')).toBe(false);
  });

  it('§2.2 `?` matches exactly one character (W16)', () => {
    expect(resourceMatches('arn:aws:s3:::bucket/file?.txt', 'arn:aws:s3:::bucket/file1.txt')).toBe(true);
    expect(resourceMatches('arn:aws:s3:::bucket/file?.txt', 'arn:aws:s3:::bucket/file12.txt')).toBe(false);
    expect(resourceMatches('arn:aws:s3:::bucket/file?.txt', 'arn:aws:s3:::bucket/file.txt')).toBe(false);
  });

  describe('§2.2 the documented DOC-EXAMPLE-BUCKET/*/test/* list', () => {
    const pattern = 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*';
    it.each([
      'DOC-EXAMPLE-BUCKET/1/2/test/3/object.jpg',
      'DOC-EXAMPLE-BUCKET/1///test///object.jpg',
      'DOC-EXAMPLE-BUCKET//test/object.jpg',
      'DOC-EXAMPLE-BUCKET/1/test/',
    ])('matches %s', (key) => {
      expect(resourceMatches(pattern, `arn:aws:s3:::${key}`)).toBe(true);
    });
    it.each([
      'DOC-EXAMPLE-BUCKET/test/object.jpg',
      'DOC-EXAMPLE-BUCKET/1-test/object.jpg',
      'DOC-EXAMPLE-BUCKET/1/2/test.jpg',
    ])('does not match %s', (key) => {
      expect(resourceMatches(pattern, `arn:aws:s3:::${key}`)).toBe(false);
    });
  });

  it('§2.2 wildcards in the region segment (W17)', () => {
    expect(
      resourceMatches('arn:aws:ec2:us-*-1:123456789012:instance/*', 'arn:aws:ec2:us-east-1:123456789012:instance/i-1'),
    ).toBe(true);
    expect(
      resourceMatches('arn:aws:ec2:us-*-1:123456789012:instance/*', 'arn:aws:ec2:us-east-2:123456789012:instance/i-1'),
    ).toBe(false);
    expect(
      resourceMatches('arn:aws:ec2:*:123456789012:instance/*', 'arn:aws:ec2:eu-west-3:123456789012:instance/i-1'),
    ).toBe(true);
    expect(
      resourceMatches(
        'arn:aws:ec2:us-east-?:123456789012:instance/*',
        'arn:aws:ec2:us-east-12:123456789012:instance/i-1',
      ),
    ).toBe(false);
  });

  it('§2.2 wildcards in the account segment', () => {
    expect(resourceMatches('arn:aws:sqs:us-east-1:*:queue1', 'arn:aws:sqs:us-east-1:444455556666:queue1')).toBe(true);
    expect(
      resourceMatches('arn:aws:sqs:us-east-1:1234????????:queue1', 'arn:aws:sqs:us-east-1:123456789012:queue1'),
    ).toBe(true);
    expect(
      resourceMatches('arn:aws:sqs:us-east-1:1234????????:queue1', 'arn:aws:sqs:us-east-1:999956789012:queue1'),
    ).toBe(false);
    expect(resourceMatches('arn:aws:sqs:us-east-1:*:queue1', 'arn:aws:sqs:us-east-1:444455556666:queue2')).toBe(false);
  });

  it('§2.2 an empty region/account segment is matched by `*` but not by `?`', () => {
    expect(resourceMatches('arn:aws:s3:*:*:bucket', 'arn:aws:s3:::bucket')).toBe(true);
    expect(resourceMatches('arn:aws:s3:?::bucket', 'arn:aws:s3:::bucket')).toBe(false);
  });

  it('§2.2 step 7 / §10 M3 matching is case-sensitive (user names, bucket keys, services)', () => {
    expect(resourceMatches('arn:aws:iam::123456789012:user/Alice', 'arn:aws:iam::123456789012:user/alice')).toBe(false);
    expect(resourceMatches('arn:aws:s3:::bucket/Reports/*', 'arn:aws:s3:::bucket/reports/q1')).toBe(false);
    expect(resourceMatches('arn:aws:S3:::bucket/*', 'arn:aws:s3:::bucket/k')).toBe(false);
    expect(resourceMatches('arn:aws:s3:::bucket/Reports/*', 'arn:aws:s3:::bucket/Reports/q1')).toBe(true);
  });

  describe('§2.2 step 5 (current AWS text, R-REVIEW): a `*` that ends a segment may run past colons', () => {
    it('`arn:aws:s3:*` covers every S3 ARN, and no other service', () => {
      expect(resourceMatches('arn:aws:s3:*', 'arn:aws:s3:::bucket/key')).toBe(true);
      expect(resourceMatches('arn:aws:s3:*', 'arn:aws:s3:us-east-1:123456789012:accesspoint/ap')).toBe(true);
      expect(resourceMatches('arn:aws:s3:*', 'arn:aws:sqs:us-east-1:123456789012:queue')).toBe(false);
    });

    it('`arn:aws:sqs:us-east-1:*` covers every queue of the region, whatever the account', () => {
      expect(resourceMatches('arn:aws:sqs:us-east-1:*', 'arn:aws:sqs:us-east-1:123456789012:queue')).toBe(true);
      expect(resourceMatches('arn:aws:sqs:us-east-1:*', 'arn:aws:sqs:us-west-2:123456789012:queue')).toBe(false);
    });

    it('a non-final segment ending in `*` may absorb the next segment (per-segment reading)', () => {
      expect(resourceMatches('arn:aws:ec2:us-*:instance/*', 'arn:aws:ec2:us-east-1:123456789012:instance/i-1')).toBe(
        true,
      );
      expect(resourceMatches('arn:aws:ec2:us-*:instance/*', 'arn:aws:ec2:eu-west-1:123456789012:instance/i-1')).toBe(
        false,
      );
    });

    it('a `*` in the middle of a segment never crosses a colon', () => {
      expect(resourceMatches('arn:aws:ec2:us-*-1:instance/*', 'arn:aws:ec2:us-east-1:123456789012:instance/i-1')).toBe(
        false,
      );
      expect(resourceMatches('arn:aws:ec2:u*1:instance/*', 'arn:aws:ec2:us-east-1:123456789012:instance/i-1')).toBe(
        false,
      );
    });

    it('a short pattern whose last segment has no trailing `*` does not cover the rest', () => {
      expect(resourceMatches('arn:aws:s3', 'arn:aws:s3:::bucket')).toBe(false);
      expect(resourceMatches('arn:aws:sqs:us-east-1:123456789012', 'arn:aws:sqs:us-east-1:123456789012:q')).toBe(false);
    });

    it('a six-segment pattern keeps its region `*` inside the region (W55 value)', () => {
      const pattern = 'arn:aws:someservice:*:111122223333:finance/*';
      expect(
        resourceMatches(
          pattern,
          'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt',
        ),
      ).toBe(false);
      expect(resourceMatches(pattern, 'arn:aws:someservice:us-east-2:111122223333:finance/document.txt')).toBe(true);
    });
  });
});

describe('§3.4.7 ARN-operator matching (matchArnCondition)', () => {
  it('§3.4.7 each of the six components is compared separately: `*` stays in its component (W56)', () => {
    const pattern = 'arn:aws:someservice:*:111122223333:finance/*';
    expect(
      arnLike(pattern, 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt'),
    ).toBe(false);
    expect(arnLike(pattern, 'arn:aws:someservice:us-east-2:111122223333:finance/document.txt')).toBe(true);
  });

  it('§3.4.7 `*` and `?` are wildcards inside a component', () => {
    expect(arnLike('arn:aws:iam::*:role/Admin?', 'arn:aws:iam::123456789012:role/Admin1')).toBe(true);
    expect(arnLike('arn:aws:iam::*:role/Admin?', 'arn:aws:iam::123456789012:role/Admin12')).toBe(false);
  });

  it('§3.4.7 the resource component is the rest of the value (§10 C8) and `*` spans its colons', () => {
    expect(arnLike('arn:aws:logs:*:*:log-group:*', 'arn:aws:logs:us-east-1:123456789012:log-group:app:*')).toBe(true);
    expect(arnLike('arn:aws:logs:*:*:log-group:app', 'arn:aws:logs:us-east-1:123456789012:log-group:app:x')).toBe(
      false,
    );
  });

  it('§3.4.7 comparison is case-sensitive', () => {
    expect(arnLike('arn:aws:iam::123456789012:role/admin', 'arn:aws:iam::123456789012:role/Admin')).toBe(false);
    expect(arnLike('arn:aws:iam::123456789012:role/Admin', 'arn:aws:iam::123456789012:role/Admin')).toBe(true);
  });

  it('§3.4.7 a value that is not a six-component ARN never matches', () => {
    expect(arnLike('*', 'not-an-arn')).toBe(false);
    expect(arnLike('arn:aws:iam::*', 'arn:aws:iam::123456789012')).toBe(false);
    expect(arnLike('arn:*:*:*:*:*', 'arn:aws:iam::123456789012:root')).toBe(true);
  });
});
