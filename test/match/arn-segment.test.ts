/**
 * `segmentIs` compares one segment of a split ARN with a text in place (the decision's
 * cross-partition test reads the resource's `arn` and partition segments with it): it must answer
 * what cutting the segment out and comparing answers, for every segment and any text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from '../depth.js';
import { segmentIs, splitArn } from '../../src/match/arn.js';

/** Texts made of few characters and many colons, so that segments are often equal or one apart. */
const text = fc.stringMatching(/^[a:ws-]{0,24}$/);

describe('segmentIs', () => {
  it('answers slice(start, end) === text, for every segment index', () => {
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 6 }), (value, other, i) => {
        const s = splitArn(value);
        const segment = i < s.count ? value.slice(s.starts[i], s.ends[i]) : undefined;
        expect(segmentIs(s, i, other)).toBe(segment === other);
        if (segment !== undefined) expect(segmentIs(s, i, segment)).toBe(true);
      }),
      { numRuns: runs(2_000) },
    );
  });

  it('tells partitions apart', () => {
    const s = splitArn('arn:aws-cn:s3:::bucket/key');
    expect(segmentIs(s, 0, 'arn')).toBe(true);
    expect(segmentIs(s, 1, 'aws-cn')).toBe(true);
    expect(segmentIs(s, 1, 'aws')).toBe(false);
    expect(segmentIs(s, 1, 'aws-us')).toBe(false);
    expect(segmentIs(s, 5, 'bucket/key')).toBe(true);
  });
});
