/**
 * The literal-prefix fast path of ARN matching (src/match/arn.ts) must decide exactly as the
 * segment-wise matcher does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from '../depth.js';
import { matchArnCondition, matchResourceArn, splitArn, type ArnPattern } from '../../src/match/arn.js';
import { compileArnPattern } from './arn-pattern.js';

const general = (p: ArnPattern): ArnPattern => ({ ...p, literalPrefix: undefined });
const part = fc.stringMatching(/^[a-z0-9/:*?-]{0,6}$/);
const literal = fc.stringMatching(/^[a-z0-9/-]{0,4}$/);

describe('ARN literal-prefix fast path', () => {
  it('is taken only for six-segment patterns whose first five segments are literal', () => {
    expect(compileArnPattern('arn:aws:s3:::bucket/*').literalPrefix).toBe('arn:aws:s3:::');
    expect(compileArnPattern('arn:aws:ec2:*:111122223333:instance/*').literalPrefix).toBeUndefined();
    expect(compileArnPattern('arn:aws:s3').literalPrefix).toBeUndefined();
    expect(compileArnPattern('*').literalPrefix).toBeUndefined();
  });

  it('agrees with the segment-wise matcher (Resource element and ARN operators)', () => {
    fc.assert(
      fc.property(
        fc.tuple(literal, literal, literal, literal, literal, part),
        part,
        fc.array(part, { maxLength: 7 }),
        (segments, noise, valueParts) => {
          const pattern = compileArnPattern(segments.join(':'));
          const candidates = [
            segments.join(':'),
            `${segments.slice(0, 5).join(':')}:${noise}`,
            valueParts.join(':'),
            `${segments.join(':')}${noise}`,
          ];
          for (const text of candidates) {
            const value = splitArn(text);
            expect(matchResourceArn(pattern, value)).toBe(matchResourceArn(general(pattern), value));
            expect(matchArnCondition(pattern, value)).toBe(matchArnCondition(general(pattern), value));
          }
        },
      ),
      { numRuns: runs(2000, 0.01) },
    );
  });
});
