/**
 * Reference wildcard matching (spec §2.1, §2.2, §3.4.1, §3.4.7), written for clarity, not speed.
 *
 * A pattern is a list of tokens: `*` (any run, possibly empty), `?` (exactly one UTF-16 code
 * unit) or one literal character. Text produced by a policy variable becomes literal tokens, so
 * a `*` that came from `${*}` or from a tag value is never a wildcard (spec §3.7, §10 V4).
 * Matching is the textbook dynamic programme over (pattern prefix, text prefix).
 */

/** One pattern token. */
export type Tok = { readonly kind: 'star' } | { readonly kind: 'one' } | { readonly kind: 'char'; readonly c: string };

const STAR: Tok = { kind: 'star' };
const ONE: Tok = { kind: 'one' };

/** Tokens of policy text in which `*` and `?` are wildcards. */
export function wildTokens(text: string): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    out.push(c === '*' ? STAR : c === '?' ? ONE : { kind: 'char', c });
  }
  return out;
}

/** Tokens of text in which every character is literal. */
export function literalTokens(text: string): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < text.length; i++) out.push({ kind: 'char', c: text.charAt(i) });
  return out;
}

/** `true` when the whole `text` matches the whole token list. */
export function globMatch(pattern: readonly Tok[], text: string): boolean {
  const m = pattern.length;
  const n = text.length;
  // row[j] = "pattern[0, i) matches text[0, j)", for the current i.
  let row: boolean[] = new Array<boolean>(n + 1).fill(false);
  row[0] = true;
  for (let i = 1; i <= m; i++) {
    const tok = pattern[i - 1] as Tok;
    const next: boolean[] = new Array<boolean>(n + 1).fill(false);
    if (tok.kind === 'star') next[0] = row[0] as boolean;
    for (let j = 1; j <= n; j++) {
      if (tok.kind === 'star') next[j] = (row[j] as boolean) || (next[j - 1] as boolean);
      else if (tok.kind === 'one') next[j] = row[j - 1] as boolean;
      else next[j] = (row[j - 1] as boolean) && tok.c === text.charAt(j - 1);
    }
    row = next;
  }
  return row[n] as boolean;
}

/** `true` when the last token is a wildcard `*`. */
export function endsWithStar(tokens: readonly Tok[]): boolean {
  const last = tokens[tokens.length - 1];
  return last !== undefined && last.kind === 'star';
}

/** Splits tokens at their first five literal `:` characters (ARN segments, spec §2.2). */
export function splitTokensAtColons(tokens: readonly Tok[]): Tok[][] {
  const segments: Tok[][] = [[]];
  for (const tok of tokens) {
    if (tok.kind === 'char' && tok.c === ':' && segments.length < 6) segments.push([]);
    else (segments[segments.length - 1] as Tok[]).push(tok);
  }
  return segments;
}

/** Splits a string at its first five colons: an ARN has six segments, the last is the rest. */
export function splitAtColons(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  while (out.length < 5) {
    const colon = rest.indexOf(':');
    if (colon < 0) break;
    out.push(rest.slice(0, colon));
    rest = rest.slice(colon + 1);
  }
  out.push(rest);
  return out;
}

/**
 * Resource-element matching (spec §2.2 with the per-segment reading of §10 R-REVIEW): pattern
 * segment i covers one value segment, or — when it ends in `*` — several consecutive value
 * segments joined by `:`. Every pattern segment must be used and the value must be covered
 * exactly.
 */
export function matchResourcePattern(pattern: readonly Tok[], value: string): boolean {
  const p = splitTokensAtColons(pattern);
  const v = splitAtColons(value);
  const from = (i: number, j: number): boolean => {
    if (i === p.length) return j === v.length;
    const seg = p[i] as Tok[];
    const lastPattern = i === p.length - 1;
    for (let end = j; end < v.length; end++) {
      if (end > j && !endsWithStar(seg)) break;
      if (lastPattern && end !== v.length - 1) continue;
      if (globMatch(seg, v.slice(j, end + 1).join(':')) && from(i + 1, end + 1)) return true;
    }
    return false;
  };
  return from(0, 0);
}

/**
 * ARN-operator matching (spec §3.4.7, §10 C8): the value must have six segments; each pattern
 * segment matches its own value segment, except that a pattern with fewer than six segments whose
 * last segment ends in `*` lets that last segment cover the rest of the value (spec §2.2 step 5).
 */
export function matchArnPattern(pattern: readonly Tok[], value: string): boolean {
  const v = splitAtColons(value);
  if (v.length < 6) return false;
  const p = splitTokensAtColons(pattern);
  const k = p.length;
  if (k < 6 && !endsWithStar(p[k - 1] as Tok[])) return false;
  for (let i = 0; i < k - 1; i++) if (!globMatch(p[i] as Tok[], v[i] as string)) return false;
  return globMatch(p[k - 1] as Tok[], v.slice(k - 1).join(':'));
}
