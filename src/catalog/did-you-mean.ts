/**
 * "Did you mean …?" for names a person typed: the closest candidate by edit distance, when it is
 * close enough to be a plausible typo. Case is ignored.
 */

/** Levenshtein distance, giving up (returning `limit + 1`) once it must exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      row.push(v);
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    prev = row;
  }
  return prev[b.length] as number;
}

/**
 * The candidate closest to `input` (at most a third of its length away, at least 1, at most
 * `maxEdits` edits), or `undefined`. A candidate that differs only by case wins outright.
 */
export function didYouMean(input: string, candidates: Iterable<string>, maxEdits = 4): string | undefined {
  const lower = input.toLowerCase();
  const limit = Math.max(1, Math.min(maxEdits, Math.floor(input.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    if (c === lower) return candidate;
    const d = editDistance(lower, c, limit);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** ` (did you mean "x"?)`, or the empty string. */
export function suggestion(input: string, candidates: Iterable<string>, maxEdits = 4): string {
  const near = didYouMean(input, candidates, maxEdits);
  return near === undefined ? '' : ` (did you mean "${near}"?)`;
}
