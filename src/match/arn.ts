/**
 * ARN structure and segment-wise ARN matching (spec §2.2, §3.4.7).
 *
 * An ARN is `arn:partition:service:region:account:resource`; the resource part is everything after
 * the fifth colon and may itself contain `:` and `/`.
 */
import { compileGlob, concatGlobs, matchGlob, matchGlobPart, STAR, type Glob, type MatchCounter } from './wildcard.js';
import { startsWithAt, wildAt } from './wildcard.js';

/** Where the segments of an ARN-like string start and end (split at its first five colons). */
export interface ArnSegments {
  readonly text: string;
  /** Number of segments (1–6). A real ARN has 6. */
  readonly count: number;
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

/** Splits `text` at its first five colons without copying it (two arrays of their final size). */
export function splitArn(text: string): ArnSegments {
  const c1 = text.indexOf(':');
  const c2 = c1 < 0 ? -1 : text.indexOf(':', c1 + 1);
  const c3 = c2 < 0 ? -1 : text.indexOf(':', c2 + 1);
  const c4 = c3 < 0 ? -1 : text.indexOf(':', c3 + 1);
  const c5 = c4 < 0 ? -1 : text.indexOf(':', c4 + 1);
  const n = text.length;
  // Arrays of their final size, built as literals (setting `length` afterwards is a slow path).
  if (c5 >= 0)
    return { text, count: 6, starts: [0, c1 + 1, c2 + 1, c3 + 1, c4 + 1, c5 + 1], ends: [c1, c2, c3, c4, c5, n] };
  if (c1 < 0) return { text, count: 1, starts: [0], ends: [n] };
  if (c2 < 0) return { text, count: 2, starts: [0, c1 + 1], ends: [c1, n] };
  if (c3 < 0) return { text, count: 3, starts: [0, c1 + 1, c2 + 1], ends: [c1, c2, n] };
  if (c4 < 0) return { text, count: 4, starts: [0, c1 + 1, c2 + 1, c3 + 1], ends: [c1, c2, c3, n] };
  return { text, count: 5, starts: [0, c1 + 1, c2 + 1, c3 + 1, c4 + 1], ends: [c1, c2, c3, c4, n] };
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

/**
 * A compiled ARN pattern, compact: the whole pattern as one glob and where its segments end
 * (its first five colons), with a bit per segment for what matching needs to know.
 */
export interface ArnPattern {
  readonly source: string;
  /** The whole pattern. */
  readonly glob: Glob;
  /** Positions of the colons that end the segments (at most five); segments = `cuts.length + 1`. */
  readonly cuts: readonly number[];
  /** Bit `i`: segment `i` ends with `*` (and so may run past colons, spec §2.2 step 5). */
  readonly trailing: number;
  /** Bit `i`: segment `i` has no wildcard. */
  readonly literals: number;
  /**
   * When the pattern has six segments and only the last has wildcards (`arn:aws:s3:::bucket/*`):
   * its first five segments with their colons. A value then matches exactly when it starts with
   * this text and the rest matches the last segment, whatever the matching mode.
   */
  readonly literalPrefix: string | undefined;
}

/**
 * Splits a whole-ARN glob into segments at its first five colons. `shareCuts` may hand back an
 * equal cut list already kept (a world's patterns of one service mostly cut alike).
 */
export function arnPatternOfGlob(glob: Glob, shareCuts?: (cuts: readonly number[]) => readonly number[]): ArnPattern {
  const source = glob.source;
  const cuts: number[] = [];
  for (let at = source.indexOf(':'); at >= 0 && cuts.length < 5; at = source.indexOf(':', at + 1)) cuts.push(at);
  let trailing = 0;
  let literals = 0;
  // Read in place (no token array: this runs for every Resource pattern a world compiles).
  const wild = !glob.literal;
  for (let i = 0; i <= cuts.length; i++) {
    const from = i === 0 ? 0 : (cuts[i - 1] as number) + 1;
    const to = i < cuts.length ? (cuts[i] as number) : source.length;
    let literal = true;
    if (wild) for (let k = from; k < to; k++) if (wildAt(glob, k) !== 0) literal = false;
    if (literal) literals |= 1 << i;
    if (to > from && wild && wildAt(glob, to - 1) === STAR) trailing |= 1 << i;
  }
  const literalPrefix =
    cuts.length === 5 && (literals & 0b11111) === 0b11111 ? source.slice(0, (cuts[4] as number) + 1) : undefined;
  // `slice`: an array built by `push` keeps spare room (about 150 bytes instead of 50).
  const exact = cuts.slice();
  return { source, glob, cuts: shareCuts ? shareCuts(exact) : exact, trailing, literals, literalPrefix };
}

/** Builds an ARN pattern from per-segment globs (used when variables were substituted). */
export function arnPatternFromGlobs(_source: string, segments: readonly Glob[]): ArnPattern {
  const parts: Glob[] = [];
  segments.forEach((g, i) => {
    if (i > 0) parts.push(COLON);
    parts.push(g);
  });
  const glob = concatGlobs(parts);
  return arnPatternOfGlob(glob);
}

const COLON = compileGlob(':');

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
function matchAfterPrefix(
  pattern: ArnPattern,
  prefix: string,
  text: string,
  budget: MatchCounter | undefined,
): boolean {
  const glob = pattern.glob;
  // `arn:aws:s3:::bucket/*`: the whole pattern is a literal prefix and a trailing star.
  if (glob.prefix !== undefined) return matchGlob(glob, text, 0, text.length, budget);
  if (budget) budget.steps += prefix.length;
  if (!startsWithAt(text, prefix, 0)) return false;
  return matchGlobPart(
    glob,
    prefix.length,
    glob.source.length,
    (pattern.literals & 0b100000) !== 0,
    text,
    prefix.length,
    text.length,
    budget,
  );
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

function matchFrom(
  p: ArnPattern,
  v: ArnSegments,
  i: number,
  j: number,
  crossing: boolean,
  budget?: MatchCounter,
): boolean {
  const k = p.cuts.length + 1;
  if (i === k) return j === v.count;
  if (j >= v.count) return false;
  const from = i === 0 ? 0 : (p.cuts[i - 1] as number) + 1;
  const to = i < k - 1 ? (p.cuts[i] as number) : p.glob.source.length;
  const literal = (p.literals & (1 << i)) !== 0;
  const trailing = (p.trailing & (1 << i)) !== 0;
  const last = i === k - 1;
  if (last) {
    // The last pattern segment must cover everything that is left of the value.
    if (j === v.count - 1)
      return matchGlobPart(p.glob, from, to, literal, v.text, v.starts[j] as number, v.ends[j] as number, budget);
    if (!trailing) return false;
    return matchGlobPart(p.glob, from, to, literal, v.text, v.starts[j] as number, v.text.length, budget);
  }
  if (!(crossing && trailing)) {
    return (
      matchGlobPart(p.glob, from, to, literal, v.text, v.starts[j] as number, v.ends[j] as number, budget) &&
      matchFrom(p, v, i + 1, j + 1, crossing, budget)
    );
  }
  for (let end = j; end < v.count; end++) {
    if (
      matchGlobPart(p.glob, from, to, literal, v.text, v.starts[j] as number, v.ends[end] as number, budget) &&
      matchFrom(p, v, i + 1, end + 1, crossing, budget)
    )
      return true;
  }
  return false;
}
