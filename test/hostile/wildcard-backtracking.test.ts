/**
 * Wildcard patterns built for catastrophic backtracking (issue #7). The matcher counts its steps
 * (`matchGlob(..., counter)`); the tests bound the count, never the wall time.
 *
 * - Star-dense patterns (`a*a*…a*b`, `*a*a*…*b`) cost at most ~n + m steps: linear.
 * - Every pattern costs at most (n + 1)(m + 1) steps (the greedy matcher backtracks only to the
 *   last `*`): never exponential, and linear in the text for a fixed pattern. Patterns that reach
 *   that bound (a long literal or `?` run after a `*`) are documented in docs/security.md.
 */
import { describe, expect, it } from 'vitest';
import { compileGlob, matchGlob, type MatchCounter } from '../../src/match/wildcard.js';
import { createAuthorizer } from '../../src/index.js';

function steps(pattern: string, text: string): { matched: boolean; steps: number } {
  const counter: MatchCounter = { steps: 0 };
  const matched = matchGlob(compileGlob(pattern), text, 0, text.length, counter);
  return { matched, steps: counter.steps };
}

const N = 100_000;

describe('star-dense patterns match in linear time', () => {
  const families: [string, (m: number) => string, (n: number) => string][] = [
    ['a*a*…a*b', (m) => `${'a*'.repeat(m)}b`, (n) => 'a'.repeat(n)],
    ['*a*a*…*b', (m) => `${'*a'.repeat(m)}*b`, (n) => 'a'.repeat(n)],
    ['a*a*…a*a (matching)', (m) => `${'a*'.repeat(m)}a`, (n) => 'a'.repeat(n)],
    ['*ab*ab…*abc', (m) => `${'*ab'.repeat(m)}*abc`, (n) => 'ab'.repeat(n / 2)],
    ['*?*?…*b', (m) => `${'*?'.repeat(m)}*b`, (n) => 'a'.repeat(n)],
  ];
  for (const [name, pattern, text] of families) {
    it.each([10, 100, 1000])(`${name} with %i stars against ${N} characters`, (m) => {
      const p = pattern(m);
      const { steps: s } = steps(p, text(N));
      expect(s).toBeLessThanOrEqual(2 * (N + p.length));
    });
  }

  it('the step count grows linearly with the text', () => {
    const p = `${'a*'.repeat(50)}b`;
    const counts = [10_000, 20_000, 40_000, 80_000].map((n) => steps(p, 'a'.repeat(n)).steps);
    for (let i = 1; i < counts.length; i++) expect((counts[i] as number) / (counts[i - 1] as number)).toBeLessThan(2.1);
  });

  it('the results are right', () => {
    expect(steps(`${'a*'.repeat(100)}b`, 'a'.repeat(N)).matched).toBe(false);
    expect(steps(`${'a*'.repeat(100)}b`, `${'a'.repeat(N)}b`).matched).toBe(true);
    expect(steps(`${'a*'.repeat(100)}a`, 'a'.repeat(N)).matched).toBe(true);
  });
});

describe('every pattern is polynomial: at most (n + 1)(m + 1) steps', () => {
  const families: [string, (m: number) => string][] = [
    ['*aaa…ab', (m) => `*${'a'.repeat(m)}b`],
    ['*a?a?…b', (m) => `*${'a?'.repeat(m)}b`],
    ['?…?*b', (m) => `${'?'.repeat(m)}*b`],
  ];
  for (const [name, pattern] of families) {
    it.each([10, 100])(`${name} (m = %i) against ${N} characters`, (m) => {
      const p = pattern(m);
      const { matched, steps: s } = steps(p, 'a'.repeat(N));
      expect(matched).toBe(false);
      expect(s).toBeLessThanOrEqual((N + 1) * (p.length + 1));
      // …and linear in the text for a fixed pattern.
      const half = steps(p, 'a'.repeat(N / 2)).steps;
      expect(s / half).toBeLessThan(2.1);
    });
  }
});

describe('through the whole engine', () => {
  it('a policy full of pathological wildcards against a 100k-character resource and context value decides', () => {
    const star = `${'a*'.repeat(200)}b`;
    const world = {
      users: {
        'arn:aws:iam::111111111111:user/alice': {
          policies: [
            {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: 's3:*', Resource: '*' },
                { Effect: 'Deny', Action: `s3:${star}`, Resource: `arn:aws:s3:::${star}` },
                {
                  Effect: 'Deny',
                  Action: 's3:*',
                  Resource: '*',
                  Condition: {
                    StringLike: { 's3:prefix': star },
                    ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${star}` },
                  },
                },
              ],
            },
          ],
        },
      },
    };
    // Request strings this long are over the default caps (issue #11): raise them to reach the matcher.
    const limits = {
      maxActionLength: 2 * N,
      maxResourceLength: 2 * N,
      maxContextValueLength: 2 * N,
      maxMatchSteps: 1e9,
    };
    const authorizer = createAuthorizer(world, { limits });
    expect(authorizer.errors).toEqual([]);
    const long = 'a'.repeat(N);
    const request = {
      principal: 'arn:aws:iam::111111111111:user/alice',
      action: `s3:${long}`,
      resource: `arn:aws:s3:::${long}`,
      time: '2025-06-01T12:00:00Z',
      context: { 's3:prefix': long, 'aws:SourceArn': `arn:aws:s3:::${long}` },
    };
    expect(authorizer.authorize(request).decision).toBe('Allow');
    // Within the default caps the same request is refused before any matching.
    const d = createAuthorizer(world).authorize(request);
    expect(d).toMatchObject({ decision: 'ImplicitDeny', reason: 'BudgetExceeded', detail: 'action' });
  });
});
