/**
 * docs/analysis.md cannot rot: each ```console block runs its `$ iam-verdict …` command and must
 * print exactly what the block shows; the Mermaid picture is what `reach --format mermaid` draws;
 * the technique table lists every technique.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TECHNIQUES } from '../../src/analysis/index.js';
import { runCli } from '../cli/helpers.js';

const DOC = readFileSync('docs/analysis.md', 'utf8');
const blocks = [...DOC.matchAll(/```(console|mermaid)\n([\s\S]*?)```/g)].map((m) => ({
  lang: m[1] as string,
  body: m[2] as string,
}));

describe('docs/analysis.md', () => {
  const consoles = blocks.filter((b) => b.lang === 'console');
  it('has worked examples for every command', () => {
    const commands = consoles.map((b) => /^\$ iam-verdict (\S+)/.exec(b.body)?.[1]);
    expect(new Set(commands)).toEqual(new Set(['who-can', 'can', 'reach', 'paths']));
  });
  for (const b of consoles) {
    const [first, ...rest] = b.body.split('\n');
    it(first as string, async () => {
      const argv = (first as string).replace(/^\$ iam-verdict /, '').split(' ');
      const r = await runCli(argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(rest.join('\n'));
    });
  }
  it('the Mermaid reach graph is what reach --format mermaid draws', async () => {
    const mermaid = blocks.find((b) => b.lang === 'mermaid');
    const r = await runCli([
      'reach',
      'examples/estate.world.json',
      '--principal',
      'arn:aws:iam::111111111111:user/alice',
      '--format',
      'mermaid',
    ]);
    expect(mermaid?.body).toBe(r.stdout);
  });
  it('the technique table has a row per technique', () => {
    // Cells may be padded (prettier aligns tables).
    const rows = new Set([...DOC.matchAll(/^\| `([^`]+)` +\| ([\w-]+) +\|/gm)].map((m) => `${m[1]} ${m[2]}`));
    for (const t of TECHNIQUES) expect(rows).toContain(`${t.id} ${t.category}`);
  });
});
