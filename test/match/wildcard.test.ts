/**
 * The wildcard matcher shared by actions (§2.1), resources (§2.2) and StringLike (§3.4.1):
 * `*` any run (possibly empty), `?` exactly one character, everything else literal.
 */
import { describe, expect, it } from 'vitest';
import { compileGlob, concatGlobs, literalGlob, matchGlob, type MatchCounter } from '../../src/match/wildcard.js';

/** Compiles and matches in one call (the engine compiles once; this is for the tests). */
const wildcardMatch = (pattern: string, text: string, ignoreCase = false): boolean =>
  matchGlob(compileGlob(pattern, ignoreCase), ignoreCase ? text.toLowerCase() : text);

const matches = (pattern: string, text: string) => matchGlob(compileGlob(pattern), text);

describe('glob semantics (§2.1, §2.2, §3.4.1)', () => {
  it('`*` matches any run, including the empty run', () => {
    expect(matches('ab*', 'ab')).toBe(true);
    expect(matches('ab*', 'abxyz')).toBe(true);
    expect(matches('a*z', 'a/b:c zy')).toBe(false);
    expect(matches('a*z', 'a/b:cz')).toBe(true);
  });

  it('`*` alone matches the empty text and any text', () => {
    expect(matches('*', '')).toBe(true);
    expect(matches('*', 'anything:at/all')).toBe(true);
  });

  it('`?` matches exactly one character, never zero or two', () => {
    expect(matches('a?c', 'abc')).toBe(true);
    expect(matches('a?c', 'ac')).toBe(false);
    expect(matches('a?c', 'abbc')).toBe(false);
  });

  it('`?` matches a colon or a slash like any other character', () => {
    expect(matches('s3?GetObject', 's3:GetObject')).toBe(true);
    expect(matches('a?b', 'a/b')).toBe(true);
  });

  it('a pattern without wildcards is an exact, whole-text comparison', () => {
    const g = compileGlob('bucket/key');
    expect(g.literal).toBe(true);
    expect(matchGlob(g, 'bucket/key')).toBe(true);
    expect(matchGlob(g, 'bucket/key2')).toBe(false);
    expect(matchGlob(g, 'bucket/ke')).toBe(false);
  });

  it('the match is anchored at both ends (partial matches need wildcards)', () => {
    expect(matches('b*t', 'abut')).toBe(false);
    expect(matches('b*t', 'buts')).toBe(false);
    expect(matches('*but*', 'rebuttal')).toBe(true);
  });

  it('matching is case-sensitive unless the pattern is compiled folded and the text folded', () => {
    expect(matches('Bucket*', 'bucket1')).toBe(false);
    expect(matchGlob(compileGlob('S3:Get*', true), 's3:getobject')).toBe(true);
    expect(wildcardMatch('S3:Get*', 'S3:GETOBJECT', true)).toBe(true);
    expect(wildcardMatch('S3:Get*', 'S3:PutObject', true)).toBe(false);
  });

  it('matches only the requested slice [start, end) of the text', () => {
    const text = 'arn:aws:s3:::bucket/key';
    expect(matchGlob(compileGlob('bucket/*'), text, 13, text.length)).toBe(true);
    expect(matchGlob(compileGlob('bucket/*'), text, 0, text.length)).toBe(false);
    expect(matchGlob(compileGlob('s?'), text, 8, 10)).toBe(true);
  });

  it('characters from literalGlob are never wildcards, even `*` and `?`', () => {
    const lit = literalGlob('a*?');
    expect(lit.literal).toBe(true);
    expect(matchGlob(lit, 'a*?')).toBe(true);
    expect(matchGlob(lit, 'abc')).toBe(false);
  });

  it('concatGlobs keeps wildcard parts wild and literal parts literal (§3.7, §10 V4)', () => {
    const g = concatGlobs([compileGlob('home/'), literalGlob('*'), compileGlob('/*')]);
    expect(g.literal).toBe(false);
    expect(matchGlob(g, 'home/*/notes.txt')).toBe(true);
    expect(matchGlob(g, 'home/alice/notes.txt')).toBe(false);
  });
});

describe('wildcard matching is linear, never exponential', () => {
  const pattern = `${'a*'.repeat(25)}b`; // 25 stars: a*a*a*…a*b
  const stepsFor = (n: number): { steps: number; matched: boolean } => {
    const counter: MatchCounter = { steps: 0 };
    const matched = matchGlob(compileGlob(pattern), 'a'.repeat(n), 0, n, counter);
    return { steps: counter.steps, matched };
  };

  it('a*a*…a*b (25 stars) against 100,000 `a`s fails within text × 2 × pattern steps', () => {
    const n = 100_000;
    const { steps, matched } = stepsFor(n);
    expect(matched).toBe(false);
    expect(steps).toBeGreaterThanOrEqual(n); // every character is looked at
    expect(steps).toBeLessThanOrEqual(n * 2 * pattern.length);
  });

  it('doubling the text at most (about) doubles the steps', () => {
    const small = stepsFor(100_000).steps;
    const large = stepsFor(200_000).steps;
    expect(large).toBeGreaterThan(small);
    expect(large).toBeLessThanOrEqual(2.2 * small);
  });

  it('a literal prefix with one trailing star takes the fast path, counted, and stays linear in the prefix', () => {
    const prefix = 'arn:aws:s3:::bucket/';
    const glob = compileGlob(`${prefix}*`);
    expect(glob.prefix).toBe(prefix); // the production fast path applies to this pattern
    const long = `${prefix}${'k'.repeat(100_000)}`;
    const counter: MatchCounter = { steps: 0 };
    expect(matchGlob(glob, long, 0, long.length, counter)).toBe(true);
    // One step for the call, then the fast path compares the prefix only: steps do not grow with the text.
    expect(counter.steps).toBe(prefix.length + 1);
    expect(matchGlob(glob, 'arn:aws:s3:::other/x', 0, 20, { steps: 0 })).toBe(false);
    expect(matchGlob(glob, long)).toBe(true); // without a counter: the same path, the same answer
  });

  it('the same pattern still finds a real match in a long text', () => {
    const counter: MatchCounter = { steps: 0 };
    const text = `${'a'.repeat(100_000)}b`;
    expect(matchGlob(compileGlob(pattern), text, 0, text.length, counter)).toBe(true);
    expect(counter.steps).toBeLessThanOrEqual(text.length * 2 * pattern.length);
  });
});
