/**
 * IAM wildcard matching: `*` matches any run of characters (possibly empty), `?` exactly one
 * character, everything else is literal (spec §2.1, §2.2, §3.4.1).
 *
 * Patterns are compiled once: the pattern text plus, only when text that came from a policy
 * variable was spliced in, a mask of the `*`/`?` characters that are literal.
 * Matching is the greedy two-pointer algorithm (backtrack only to the most recent `*`): no regular
 * expression is ever built from policy text and the work is bounded by
 * O(text length × pattern length), never exponential.
 */

/** A `*` in a compiled pattern. */
export const STAR = -1;
/** A `?` in a compiled pattern. */
export const ONE = -2;

/**
 * A compiled wildcard pattern. Compact: the pattern text itself, where `*` and `?` are the
 * wildcards, plus — only when text from a policy variable put a literal `*` or `?` in it — a
 * mask of those literal positions. No per-pattern token array is kept.
 */
export class Glob {
  /** `true` when the pattern has no wildcard (plain string comparison suffices). */
  readonly literal: boolean;
  /**
   * When the only wildcard is one trailing `*` (`bucket/*`, `ec2:Describe*`): the literal text before
   * it. Such a pattern matches exactly the texts that start with it.
   */
  readonly prefix: string | undefined;

  /**
   * @param source The pattern text (for explanations too): one character per token.
   * @param escaped Per position, 1 where a `*` or `?` is a literal character (from a variable).
   */
  constructor(
    readonly source: string,
    readonly escaped: Uint8Array | undefined,
  ) {
    const last = source.length - 1;
    if (escaped === undefined) {
      // Every `*` and `?` is a wildcard: found by the engine's search, not a loop per character
      // (every action and resource pattern of a world is made here, issue #16).
      const one = source.indexOf('?');
      const star = source.indexOf('*');
      this.literal = one < 0 && star < 0;
      // The first `*` at the end is the only one (an empty pattern has none).
      this.prefix = one < 0 && star >= 0 && star === last ? source.slice(0, last) : undefined;
      return;
    }
    let wildcards = 0;
    let lastWild = -1;
    for (let i = 0; i < source.length; i++) {
      if (wildAt(this, i) !== 0) {
        wildcards++;
        lastWild = i;
      }
    }
    this.literal = wildcards === 0;
    this.prefix =
      wildcards === 1 && lastWild === last && wildAt(this, last) === STAR ? source.slice(0, last) : undefined;
  }

  /** Code units, {@link STAR} and {@link ONE} marking wildcards (built on each call: for tooling, not matching). */
  get tokens(): Int32Array {
    const out = new Int32Array(this.source.length);
    for (let i = 0; i < out.length; i++) out[i] = wildAt(this, i) || this.source.charCodeAt(i);
    return out;
  }
}

/** {@link STAR} or {@link ONE} when position `i` of `glob` is a wildcard, else 0. */
export function wildAt(glob: Glob, i: number): number {
  const c = glob.source.charCodeAt(i);
  if (c !== 42 && c !== 63) return 0;
  if (glob.escaped !== undefined && glob.escaped[i] === 1) return 0;
  return c === 42 ? STAR : ONE;
}

/** Compiles `pattern`, treating `*` and `?` as wildcards. With `lowerCase`, letters are folded. */
export function compileGlob(pattern: string, lowerCase = false): Glob {
  return new Glob(lowerCase ? pattern.toLowerCase() : pattern, undefined);
}

/** A glob whose every character is literal (used for text produced by policy variables). */
export function literalGlob(text: string, lowerCase = false): Glob {
  const value = lowerCase ? text.toLowerCase() : text;
  let escaped: Uint8Array | undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 42 || c === 63) (escaped ??= new Uint8Array(value.length))[i] = 1;
  }
  return new Glob(value, escaped);
}

/** Concatenates globs (e.g. wildcard text and substituted variable values). */
export function concatGlobs(parts: readonly Glob[]): Glob {
  let source = '';
  let any = false;
  for (const p of parts) {
    source += p.source;
    if (p.escaped !== undefined) any = true;
  }
  if (!any) return new Glob(source, undefined);
  const escaped = new Uint8Array(source.length);
  let at = 0;
  for (const p of parts) {
    if (p.escaped !== undefined) escaped.set(p.escaped, at);
    at += p.source.length;
  }
  return new Glob(source, escaped);
}

/** The part `[start, end)` of a glob. */
export function sliceGlob(glob: Glob, start: number, end: number): Glob {
  return new Glob(glob.source.slice(start, end), glob.escaped?.slice(start, end));
}

/**
 * Counts the inner-loop steps of the matcher; tests use it to prove linear behaviour. With a
 * `limit` it is a budget (a decision's {@link StepBudget}): once `steps` passes `limit` the matcher
 * answers `false` at once, and the caller must fail closed (`BudgetExceeded`).
 */
export interface MatchCounter {
  steps: number;
  readonly limit?: number;
}

/**
 * `text.startsWith(prefix, start)`. A long prefix at the start of the text is tested as
 * `lastIndexOf(prefix, 0) === 0`, which looks at position 0 only and compares the characters as
 * one block: V8's `startsWith` compares them one at a time, two to three times slower for the ARN
 * prefixes resource patterns begin with (`arn:aws:s3:::bucket/`). A short one (an action
 * pattern's `iam:`, `ec2:describe`) is compared here, character by character: no call into a
 * builtin. Any text that differs at its first character is told apart before either (an SCP's
 * `NotAction` list of services is tested on every decision).
 */
export function startsWithAt(text: string, prefix: string, start: number): boolean {
  const n = prefix.length;
  // Most texts that differ do so at once (another service, another partition).
  if (n > 0 && text.charCodeAt(start) !== prefix.charCodeAt(0)) return false;
  if (start === 0 && n > 12) return text.lastIndexOf(prefix, 0) === 0;
  if (text.length - start < n) return false;
  for (let i = 0; i < n; i++) if (text.charCodeAt(start + i) !== prefix.charCodeAt(i)) return false;
  return true;
}

/**
 * Matches a compiled pattern against `text[start, end)`. With `counter`, every step is counted:
 * one per call, each character the prefix fast path compares and each step of the inner loop;
 * with a budget (`counter.limit`) the match stops, unmatched, at the limit. Counting never changes
 * which path runs, so tests measure the code that runs in production.
 */
export function matchGlob(glob: Glob, text: string, start = 0, end = text.length, counter?: MatchCounter): boolean {
  if (counter) {
    counter.steps++;
    if (counter.limit !== undefined && counter.steps > counter.limit) return false;
  }
  if (glob.prefix !== undefined) {
    if (counter) counter.steps += glob.prefix.length;
    return end - start >= glob.prefix.length && startsWithAt(text, glob.prefix, start);
  }
  if (glob.literal) {
    const plen = glob.source.length;
    if (counter) counter.steps += plen;
    // The whole text against a literal pattern (an action, a condition value): one comparison.
    if (start === 0 && end === text.length) return text === glob.source;
    return end - start === plen && startsWithAt(text, glob.source, start);
  }
  return matchLoop(glob, 0, glob.source.length, text, start, end, counter);
}

/**
 * Matches the part `[from, to)` of a pattern against `text[start, end)` (an ARN segment against a
 * value segment): the same counting as {@link matchGlob}, with the literal fast path when the
 * part has no wildcard (`literal`, known to the caller).
 */
export function matchGlobPart(
  glob: Glob,
  from: number,
  to: number,
  literal: boolean,
  text: string,
  start: number,
  end: number,
  counter?: MatchCounter,
): boolean {
  if (counter) {
    counter.steps++;
    if (counter.limit !== undefined && counter.steps > counter.limit) return false;
  }
  if (literal) {
    const plen = to - from;
    if (counter) counter.steps += plen;
    if (end - start !== plen) return false;
    const p = glob.source;
    for (let i = 0; i < plen; i++) if (p.charCodeAt(from + i) !== text.charCodeAt(start + i)) return false;
    return true;
  }
  return matchLoop(glob, from, to, text, start, end, counter);
}

/**
 * How many characters from `text[t]` on the matcher passes over before the pattern character at
 * `k` can match: up to the next occurrence of that literal character (a linear scan),
 * all of the rest when the pattern is used up (a trailing `*`), none when it is a wildcard.
 */
function untilNext(glob: Glob, k: number, to: number, text: string, t: number, end: number): number {
  if (k === to) return end - t;
  const p = glob.source;
  const c = p.charCodeAt(k);
  if ((c === 42 || c === 63) && (glob.escaped === undefined || glob.escaped[k] !== 1)) return 0;
  // Scanned here rather than by `indexOf`: the texts are short (an ARN, a condition value) and the
  // next literal character is usually a few characters on, less than the call into the builtin costs.
  let at = t;
  while (at < end && text.charCodeAt(at) !== c) at++;
  return at - t;
}

/**
 * The greedy two-pointer matcher (backtracking only to the most recent `*`): at most
 * O((end − start) × (to − from)) steps.
 */
function matchLoop(
  glob: Glob,
  from: number,
  to: number,
  text: string,
  start: number,
  end: number,
  counter: MatchCounter | undefined,
): boolean {
  const p = glob.source;
  const escaped = glob.escaped;
  const limit = counter?.limit ?? Number.POSITIVE_INFINITY;
  // Steps are counted in a local and written back on every exit: the same count as charging the
  // counter per step, without a store to it per character.
  let steps = counter ? counter.steps : 0;
  let t = start;
  let k = from;
  let starK = -1;
  let starT = start;
  while (t < end) {
    if (starK >= 0 && k === starK + 1 && t === starT) {
      // Right after a `*` (or a return to it): the loop below would take one step per character
      // until the text shows the pattern's next literal character (to the end for a trailing `*`).
      // Those steps are taken at once, counted as they would be, stopping where the loop would.
      const d = untilNext(glob, k, to, text, t, end);
      if (d > 0) {
        if (steps + d > limit) {
          steps = Math.max(steps + 1, Math.floor(limit) + 1);
          if (counter) counter.steps = steps;
          return false;
        }
        steps += d;
        t += d;
        starT = t;
        continue;
      }
    }
    if (++steps > limit) {
      if (counter) counter.steps = steps;
      return false;
    }
    if (k < to) {
      const c = p.charCodeAt(k);
      const wild = (c === 42 || c === 63) && (escaped === undefined || escaped[k] !== 1);
      if (wild && c === 42) {
        starK = k++;
        starT = t;
        continue;
      }
      if (wild) {
        k++;
        t++;
        continue;
      }
      if (c === text.charCodeAt(t)) {
        // A run of literal pattern characters equal to the text's: taken at once, one step each
        // as the loop would count them (this step is counted), stopping where a budget stops it.
        let j = 1;
        while (k + j < to && t + j < end) {
          const d = p.charCodeAt(k + j);
          if (d !== text.charCodeAt(t + j)) break;
          if ((d === 42 || d === 63) && (escaped === undefined || escaped[k + j] !== 1)) break;
          j++;
        }
        if (steps + (j - 1) > limit) {
          steps = Math.floor(limit) + 1;
          if (counter) counter.steps = steps;
          return false;
        }
        steps += j - 1;
        k += j;
        t += j;
        continue;
      }
    }
    if (starK >= 0) {
      k = starK + 1;
      t = ++starT;
    } else {
      if (counter) counter.steps = steps;
      return false;
    }
  }
  if (counter) counter.steps = steps;
  while (k < to && p.charCodeAt(k) === 42 && (escaped === undefined || escaped[k] !== 1)) k++;
  return k === to;
}
