/**
 * IAM wildcard matching: `*` matches any run of characters (possibly empty), `?` exactly one
 * character, everything else is literal (spec §2.1, §2.2, §3.4.1).
 *
 * Patterns are compiled once into an array of code units where the two wildcards are negative
 * sentinels, so text that came from a policy variable can be spliced in as literal characters.
 * Matching is the greedy two-pointer algorithm (backtrack only to the most recent `*`): no regular
 * expression is ever built from policy text and the work is bounded by
 * O(text length × pattern length), never exponential.
 */

/** A `*` in a compiled pattern. */
export const STAR = -1;
/** A `?` in a compiled pattern. */
export const ONE = -2;

/** A compiled wildcard pattern. */
export interface Glob {
  /** Code units; {@link STAR} and {@link ONE} mark wildcards. */
  readonly tokens: Int32Array;
  /** `true` when the pattern has no wildcard (plain string comparison suffices). */
  readonly literal: boolean;
  /** The pattern source with wildcards as `*`/`?` (for explanations). */
  readonly source: string;
  /**
   * When the only wildcard is one trailing `*` (`bucket/*`, `ec2:Describe*`): the literal text before
   * it. Such a pattern matches exactly the texts that start with it.
   */
  readonly prefix: string | undefined;
}

/** Builds a glob from its tokens and its source (one character per token). */
function globOf(tokens: Int32Array, source: string): Glob {
  let wildcards = 0;
  for (let i = 0; i < tokens.length; i++) if ((tokens[i] as number) < 0) wildcards++;
  const last = tokens.length - 1;
  const prefix = wildcards === 1 && tokens[last] === STAR ? source.slice(0, last) : undefined;
  return { tokens, literal: wildcards === 0, source, prefix };
}

/** Compiles `pattern`, treating `*` and `?` as wildcards. With `lowerCase`, letters are folded. */
export function compileGlob(pattern: string, lowerCase = false): Glob {
  const text = lowerCase ? pattern.toLowerCase() : pattern;
  const tokens = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    tokens[i] = c === 42 /* * */ ? STAR : c === 63 /* ? */ ? ONE : c;
  }
  return globOf(tokens, text);
}

/** A glob whose every character is literal (used for text produced by policy variables). */
export function literalGlob(text: string, lowerCase = false): Glob {
  const value = lowerCase ? text.toLowerCase() : text;
  const tokens = new Int32Array(value.length);
  for (let i = 0; i < value.length; i++) tokens[i] = value.charCodeAt(i);
  return globOf(tokens, value);
}

/** Concatenates globs (e.g. wildcard text and substituted variable values). */
export function concatGlobs(parts: readonly Glob[]): Glob {
  let length = 0;
  for (const p of parts) length += p.tokens.length;
  const tokens = new Int32Array(length);
  let at = 0;
  let source = '';
  for (const p of parts) {
    tokens.set(p.tokens, at);
    at += p.tokens.length;
    source += p.source;
  }
  return globOf(tokens, source);
}

/** The part `[start, end)` of a glob. */
export function sliceGlob(glob: Glob, start: number, end: number): Glob {
  return globOf(glob.tokens.slice(start, end), glob.source.slice(start, end));
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
 * Matches a compiled pattern against `text[start, end)`. With `counter`, every step is counted:
 * one per call, each character the prefix fast path compares and each step of the inner loop;
 * with a budget (`counter.limit`) the match stops, unmatched, at the limit. Counting never changes
 * which path runs, so tests measure the code that runs in production.
 */
export function matchGlob(
  glob: Glob,
  text: string,
  start = 0,
  end = text.length,
  counter?: MatchCounter,
): boolean {
  const p = glob.tokens;
  const plen = p.length;
  const limit = counter?.limit ?? Number.POSITIVE_INFINITY;
  if (counter) {
    counter.steps++;
    if (counter.steps > limit) return false;
  }
  if (glob.prefix !== undefined) {
    if (counter) counter.steps += glob.prefix.length;
    return end - start >= glob.prefix.length && text.startsWith(glob.prefix, start);
  }
  if (glob.literal) {
    if (counter) counter.steps += plen;
    if (end - start !== plen) return false;
    for (let i = 0; i < plen; i++) if (p[i] !== text.charCodeAt(start + i)) return false;
    return true;
  }
  let t = start;
  let k = 0;
  let starK = -1;
  let starT = start;
  while (t < end) {
    if (counter && ++counter.steps > limit) return false;
    const tok = k < plen ? (p[k] as number) : 0;
    if (k < plen && tok === STAR) {
      starK = k++;
      starT = t;
    } else if (k < plen && (tok === ONE || tok === text.charCodeAt(t))) {
      k++;
      t++;
    } else if (starK >= 0) {
      k = starK + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (k < plen && p[k] === STAR) k++;
  return k === plen;
}

