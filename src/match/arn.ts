/**
 * ARN structure and segment-wise ARN matching (spec §2.2, §3.4.7).
 *
 * An ARN is `arn:partition:service:region:account:resource`; the resource part is everything after
 * the fifth colon and may itself contain `:` and `/`.
 */
import { compileGlob, concatGlobs, matchGlobPart, type Glob, type MatchCounter } from './wildcard.js';

/** Where the segments of an ARN-like string start and end (split at its first five colons). */
export interface ArnSegments {
  readonly text: string;
  /** Number of segments (1–6). A real ARN has 6. */
  readonly count: number;
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  /**
   * A memo of the head comparison (see {@link headMatches}): the last pattern head (first five
   * segments with their colons) found equal to the head of `text`, else `undefined`. It depends on
   * `text` alone, so it stays true for as long as these segments are used.
   */
  head: string | undefined;
  /**
   * A memo of the partition test (`evaluate/decide.ts`): the last partition found equal to segment 1
   * of a six-segment ARN (segment 0 `arn`), else `undefined`. It depends on `text` alone.
   */
  partition: string | undefined;
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
    return {
      text,
      count: 6,
      starts: [0, c1 + 1, c2 + 1, c3 + 1, c4 + 1, c5 + 1],
      ends: [c1, c2, c3, c4, c5, n],
      head: undefined,
      partition: undefined,
    };
  if (c1 < 0) return { text, count: 1, starts: [0], ends: [n], head: undefined, partition: undefined };
  if (c2 < 0) return { text, count: 2, starts: [0, c1 + 1], ends: [c1, n], head: undefined, partition: undefined };
  if (c3 < 0)
    return { text, count: 3, starts: [0, c1 + 1, c2 + 1], ends: [c1, c2, n], head: undefined, partition: undefined };
  if (c4 < 0)
    return {
      text,
      count: 4,
      starts: [0, c1 + 1, c2 + 1, c3 + 1],
      ends: [c1, c2, c3, n],
      head: undefined,
      partition: undefined,
    };
  return {
    text,
    count: 5,
    starts: [0, c1 + 1, c2 + 1, c3 + 1, c4 + 1],
    ends: [c1, c2, c3, c4, n],
    head: undefined,
    partition: undefined,
  };
}

/**
 * `true` when segment `i` of `value` is exactly `text` (`value.text.slice(start, end) === text`),
 * compared in place: no slice is cut and no builtin is called (the texts are short: `arn`, a
 * partition).
 */
export function segmentIs(value: ArnSegments, i: number, text: string): boolean {
  if (i >= value.count) return false;
  const start = value.starts[i] as number;
  const n = text.length;
  if ((value.ends[i] as number) - start !== n) return false;
  const t = value.text;
  for (let k = 0; k < n; k++) if (t.charCodeAt(start + k) !== text.charCodeAt(k)) return false;
  return true;
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
 * equal cut list already kept (a world's patterns of one service mostly cut alike); `flatHead`
 * may hand back the literal head as a flat string ({@link flatText}), for a pattern compiled
 * ahead and tried on many decisions. Without it the head stays a slice: the same answers.
 */
export function arnPatternOfGlob(
  glob: Glob,
  shareCuts?: (cuts: readonly number[]) => readonly number[],
  flatHead?: (head: string) => string,
): ArnPattern {
  const source = glob.source;
  const escaped = glob.escaped;
  const wild = !glob.literal;
  // The resource part of a pattern whose wildcards are all there (`arn:aws:s3:::bucket/*`; not
  // read when the glob has none): it holds one, and ends with a `*` when its last character is
  // one. Its characters need not be read.
  const skipsResource = escaped === undefined || !wild;
  if (skipsResource && source.startsWith(S3_HEAD)) return s3Pattern(glob, wild);
  // One pass over the characters, read in place (no token array, no search per colon: this runs
  // for every Resource pattern a world compiles): the colons that end the first five segments,
  // and which segments hold a wildcard or end with a `*`.
  let c1 = -1;
  let c2 = -1;
  let c3 = -1;
  let c4 = -1;
  let c5 = -1;
  let segment = 0;
  let trailing = 0;
  let wildSegments = 0;
  let star = false;
  let end = source.length;
  for (let k = 0; k < end; k++) {
    const c = source.charCodeAt(k);
    if (c === 58 /* : */ && segment < 5) {
      if (star) trailing |= 1 << segment;
      star = false;
      if (segment === 0) c1 = k;
      else if (segment === 1) c2 = k;
      else if (segment === 2) c3 = k;
      else if (segment === 3) c4 = k;
      else {
        c5 = k;
        if (skipsResource && wildSegments === 0) {
          end = k + 1;
          if (wild) {
            wildSegments = 1 << 5;
            if (source.charCodeAt(source.length - 1) === 42 /* * */) trailing |= 1 << 5;
          }
        }
      }
      segment++;
    } else if (wild && (c === 42 /* * */ || c === 63) /* ? */ && (escaped === undefined || escaped[k] !== 1)) {
      wildSegments |= 1 << segment;
      star = c === 42;
    } else star = false;
  }
  if (star) trailing |= 1 << segment;
  const literals = ((1 << (segment + 1)) - 1) & ~wildSegments;
  // Exactly as long as it must be, as a literal (an array built by `push` keeps spare room).
  const cuts =
    segment === 5
      ? [c1, c2, c3, c4, c5]
      : segment === 0
        ? []
        : segment === 1
          ? [c1]
          : segment === 2
            ? [c1, c2]
            : segment === 3
              ? [c1, c2, c3]
              : [c1, c2, c3, c4];
  let literalPrefix: string | undefined;
  if (segment === 5 && (literals & 0b11111) === 0b11111) {
    // The S3 head is the constant itself, told on the pattern's text: no slice to make and compare.
    if (c5 === S3_HEAD.length - 1 && source.startsWith(S3_HEAD)) literalPrefix = S3_HEAD;
    else {
      const head = source.slice(0, c5 + 1);
      literalPrefix = flatHead !== undefined ? flatHead(head) : head;
    }
  }
  return { source, glob, cuts: shareCuts ? shareCuts(cuts) : cuts, trailing, literals, literalPrefix };
}

/**
 * {@link arnPatternOfGlob} of a pattern that starts with the S3 head of the `aws` partition and has
 * wildcards, if any, only in its resource part (most of a world's S3 patterns): its first five
 * segments are the head's, literal, so only its last character is read; its cuts are
 * {@link S3_CUTS} and its literal head the constant (nothing made but the pattern).
 */
function s3Pattern(glob: Glob, wild: boolean): ArnPattern {
  const source = glob.source;
  const trailing = wild && source.charCodeAt(source.length - 1) === 42 /* * */ ? 1 << 5 : 0;
  return { source, glob, cuts: S3_CUTS, trailing, literals: wild ? 0b011111 : 0b111111, literalPrefix: S3_HEAD };
}

/** Where the segments of {@link S3_HEAD} end (one list for every S3 pattern; never written). */
const S3_CUTS: readonly number[] = [3, 7, 10, 11, 12];

/**
 * `text` as a flat string of its own. A slice of 13 characters or more is a view into the text it
 * was cut from, and comparing such a view with `===` calls into the runtime (30 ns here, against a
 * few for two flat strings): the head of an ARN pattern is compared on every decision
 * ({@link headMatches}). A shorter slice is a copy already; a longer one is copied by joining it
 * (what the answers never depend on: only how fast they come). A world's compiler makes each
 * distinct head flat once (`MatcherShare.head`).
 */
export function flatText(text: string): string {
  if (text.length < 13) return text;
  // The head of every S3 pattern of the `aws` partition (no region, no account): one constant,
  // so that patterns compiled apart share it (and a resource's memo of it holds for them all).
  if (text === S3_HEAD) return S3_HEAD;
  return [text.charAt(0), text.slice(1)].join('');
}

const S3_HEAD = 'arn:aws:s3:::';

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
  if (pattern.literalPrefix !== undefined) return matchAfterPrefix(pattern, pattern.literalPrefix, value, budget);
  return matchFrom(pattern, value, 0, 0, true, budget);
}

/**
 * `true` when the first five segments of `value` with their colons are `head` (text that has five
 * colons, the last at its end): what `value.text.startsWith(head)` answers. A request's resource
 * meets the same head in most patterns it is tried against (`arn:aws:s3:::`), so a head found
 * equal is kept on the segments ({@link ArnSegments.head}) and the next pattern with an equal
 * head compares two short flat strings instead of calling into the runtime (`startsWith` and
 * `lastIndexOf` do, 25–60 ns each here).
 */
export function headMatches(value: ArnSegments, head: string): boolean {
  if (value.head === head) return true;
  // A different head length means the fifth colon is elsewhere: no character need be read.
  if (value.count !== 6 || (value.ends[4] as number) + 1 !== head.length) return false;
  const text = value.text;
  // From the end: the account and region (where heads differ) are compared first.
  for (let i = head.length - 1; i >= 0; i--) if (text.charCodeAt(i) !== head.charCodeAt(i)) return false;
  value.head = head;
  return true;
}

/**
 * `text.startsWith(source.slice(0, to))` when `text` is known to start with its first `from`
 * characters. Read from the pattern's own text: its `prefix` is a slice of it, and reading a
 * slice character by character is slower than reading the text it views.
 */
function restMatches(text: string, source: string, from: number, to: number): boolean {
  if (text.length < to) return false;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) !== source.charCodeAt(i)) return false;
  return true;
}

/**
 * The {@link ArnPattern.literalPrefix} fast path: literal text, then the last segment's glob. The
 * steps charged to `budget` are those of the plain path (`matchGlob` of the whole pattern when it
 * is a literal prefix and a trailing star; else the prefix's length, then `matchGlobPart` of the
 * last segment), so a budget runs out exactly where it did.
 */
function matchAfterPrefix(
  pattern: ArnPattern,
  prefix: string,
  value: ArnSegments,
  budget: MatchCounter | undefined,
): boolean {
  const glob = pattern.glob;
  const text = value.text;
  const whole = glob.prefix;
  if (whole !== undefined) {
    // `arn:aws:s3:::bucket/*`: the whole pattern is a literal prefix and a trailing star.
    if (budget) {
      budget.steps++;
      if (budget.limit !== undefined && budget.steps > budget.limit) return false;
      budget.steps += whole.length;
    }
    return headMatches(value, prefix) && restMatches(text, glob.source, prefix.length, whole.length);
  }
  if (budget) budget.steps += prefix.length;
  if (!headMatches(value, prefix)) return false;
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
  if (pattern.literalPrefix !== undefined) return matchAfterPrefix(pattern, pattern.literalPrefix, value, budget);
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
