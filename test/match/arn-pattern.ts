/**
 * Compiles an ARN pattern with a glob per segment, as the engine's resource compiler does
 * (src/evaluate/compile.ts); a helper for the matcher tests.
 */
import { arnPatternFromGlobs, splitArn, type ArnPattern } from '../../src/match/arn.js';
import { compileGlob } from '../../src/match/wildcard.js';

/** Compiles an ARN pattern (wildcards allowed in every segment). */
export function compileArnPattern(pattern: string): ArnPattern {
  const s = splitArn(pattern);
  const globs = [];
  for (let i = 0; i < s.count; i++) globs.push(compileGlob(pattern.slice(s.starts[i], s.ends[i])));
  return arnPatternFromGlobs(pattern, globs);
}
