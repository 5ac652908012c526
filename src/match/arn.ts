/**
 * ARN structure and segment-wise ARN matching (spec §2.2, §3.4.7).
 *
 * An ARN is `arn:partition:service:region:account:resource`; the resource part is everything after
 * the fifth colon and may itself contain `:` and `/`.
 */
import { matchGlob, STAR, type Glob, type MatchCounter } from './wildcard.js';

/** Where the segments of an ARN-like string start and end (split at its first five colons). */
export interface ArnSegments {
  readonly text: string;
  /** Number of segments (1–6). A real ARN has 6. */
  readonly count: number;
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

/** Splits `text` at its first five colons without copying it. */
export function splitArn(text: string): ArnSegments {
  const starts = [0];
  const ends: number[] = [];
  let from = 0;
  while (starts.length < 6) {
    const colon = text.indexOf(':', from);
    if (colon < 0) break;
    ends.push(colon);
    starts.push(colon + 1);
    from = colon + 1;
  }
  ends.push(text.length);
  return { text, count: starts.length, starts, ends };
}

/** The six named parts of an ARN, or `undefined` when `text` is not an ARN. */
export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** Parses an ARN into its parts; `undefined` if it does not start with `arn:` and have six segments. */
export function parseArn(text: string): ArnParts | undefined {
  const s = splitArn(text);
  if (s.count < 6) return undefined;
  const seg = (i: number) => text.slice(s.starts[i], s.ends[i]);
  if (seg(0) !== 'arn') return undefined;
  return { partition: seg(1), service: seg(2), region: seg(3), account: seg(4), resource: seg(5) };
}

/** A compiled ARN pattern: one glob per segment. */
export interface ArnPattern {
  readonly source: string;
  readonly segments: readonly Glob[];
  /** For each segment: does it end with `*` (and so may run past colons, spec §2.2 step 5)? */
  readonly trailingStar: readonly boolean[];
  /**
   * When the pattern has six segments and only the last has wildcards (`arn:aws:s3:::bucket/*`):
   * its first five segments with their colons. A value then matches exactly when it starts with
   * this text and the rest matches the last segment, whatever the matching mode.
   */
  readonly literalPrefix: string | undefined;
}

/** Builds an ARN pattern from per-segment globs (used when variables were substituted). */
export function arnPatternFromGlobs(source: string, segments: readonly Glob[]): ArnPattern {
  const trailingStar = segments.map((g) => g.tokens.length > 0 && g.tokens[g.tokens.length - 1] === STAR);
  const head = segments.slice(0, 5);
  const literalPrefix = segments.length === 6 && head.every((g) => g.literal) ? `${head.map((g) => g.source).join(':')}:` : undefined;
  return { source, segments, trailingStar, literalPrefix };
}

/**
 * Resource-element matching (spec §2.2). Segments compare one by one with `*`/`?` inside the
 * segment; the resource part (sixth segment) may contain any character. A `*` that is the last
 * character of a segment may expand past colon boundaries (current AWS Resource-element text,
 * spec §10 M2 and the R-REVIEW note; see docs/semantics.md).
 */
export function matchResourceArn(pattern: ArnPattern, value: ArnSegments, budget?: MatchCounter): boolean {
  if (pattern.literalPrefix !== undefined) return matchAfterPrefix(pattern, pattern.literalPrefix, value.text, budget);
  return matchFrom(pattern, value, 0, 0, true, budget);
}

/** The {@link ArnPattern.literalPrefix} fast path: literal text, then the last segment's glob. */
function matchAfterPrefix(pattern: ArnPattern, prefix: string, text: string, budget: MatchCounter | undefined): boolean {
  if (budget) budget.steps += prefix.length;
  return text.startsWith(prefix) && matchGlob(pattern.segments[5] as Glob, text, prefix.length, text.length, budget);
}

/**
 * ARN-operator matching (`ArnLike`/`ArnEquals`, spec §3.4.7): each of the six components is
 * compared separately and `*` never runs past a colon, except that a pattern with fewer than six
 * components whose last component ends in `*` absorbs the rest of the value. A value that is not
 * a six-component ARN never matches.
 */
export function matchArnCondition(pattern: ArnPattern, value: ArnSegments, budget?: MatchCounter): boolean {
  if (value.count < 6) return false;
  if (pattern.literalPrefix !== undefined) return matchAfterPrefix(pattern, pattern.literalPrefix, value.text, budget);
  return matchFrom(pattern, value, 0, 0, false, budget);
}

function matchFrom(p: ArnPattern, v: ArnSegments, i: number, j: number, crossing: boolean, budget?: MatchCounter): boolean {
  const k = p.segments.length;
  if (i === k) return j === v.count;
  if (j >= v.count) return false;
  const glob = p.segments[i] as Glob;
  const trailing = p.trailingStar[i] as boolean;
  const last = i === k - 1;
  if (last) {
    // The last pattern segment must cover everything that is left of the value.
    if (j === v.count - 1) return matchGlob(glob, v.text, v.starts[j], v.ends[j], budget);
    if (!trailing) return false;
    return matchGlob(glob, v.text, v.starts[j], v.text.length, budget);
  }
  if (!(crossing && trailing)) {
    return matchGlob(glob, v.text, v.starts[j], v.ends[j], budget) && matchFrom(p, v, i + 1, j + 1, crossing, budget);
  }
  for (let end = j; end < v.count; end++) {
    if (matchGlob(glob, v.text, v.starts[j], v.ends[end], budget) && matchFrom(p, v, i + 1, end + 1, crossing, budget)) return true;
  }
  return false;
}
