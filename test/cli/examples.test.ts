/**
 * The command examples cannot rot: every `iam-verdict …` example over the repository's own
 * examples/ — in each command's --help, README.md and examples/README.md — runs and exits as
 * documented.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers.js';

/** Splits a command line as a shell would for these examples: spaces, single quotes, `\` line joins. */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

/** The `iam-verdict …` command lines of a text, continuation lines joined and comments removed. */
function commands(text: string): string[] {
  const joined = text.replace(/\\\n\s*/g, '');
  return joined
    .split('\n')
    .map((l) =>
      l
        .replace(/\s+#.*$/, '')
        .replace(/^node dist\/cli\.js /, 'iam-verdict ')
        .trim(),
    )
    .filter((l) => l.startsWith('iam-verdict ') && l.includes('examples/'));
}

/** Exit codes the documentation promises for some examples (all others: 0). */
const EXPECTED: Readonly<Record<string, number>> = {
  'iam-verdict validate examples/policies/broken.json': 1,
};

const helps = await Promise.all(
  ['eval', 'validate', 'assume-role', 'test'].map(async (c) => (await runCli([c, '--help'])).stdout),
);
const readmes = ['README.md', 'examples/README.md'].map((f) => readFileSync(join(ROOT, f), 'utf8'));
const all = [...new Set([...helps.flatMap(commands), ...readmes.flatMap(commands)])];

describe('documented command examples', () => {
  it('there are examples to run', () => {
    expect(all.length).toBeGreaterThanOrEqual(6);
  });
  for (const line of all) {
    it(line, async () => {
      const r = await runCli(words(line).slice(1));
      expect(r.stderr.replace(/^iam-verdict: the worlds? ha(s|ve) \d+ warnings?; --warnings shows them\n/, '')).toBe(
        '',
      );
      expect(r.code).toBe(EXPECTED[line] ?? 0);
    });
  }
});
