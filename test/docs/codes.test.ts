/**
 * docs/codes.md lists every decision reason code of the closed vocabulary with its meaning, so the
 * documentation and `DECISION_REASONS` cannot drift apart.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DECISION_REASONS } from '../../src/index.js';
import { ISSUE_CODES } from '../../src/json/issue-codes.js';

const doc = readFileSync(new URL('../../docs/codes.md', import.meta.url), 'utf8');

describe('docs/codes.md', () => {
  it('lists every decision reason code with its meaning, and no other', () => {
    // Cells may be padded (prettier aligns tables).
    const rows = [...doc.matchAll(/^\| `([A-Z]\w+)` +\| (.+?) +\|$/gm)].map((m) => [m[1], m[2]]);
    expect(Object.fromEntries(rows)).toEqual(DECISION_REASONS);
  });
});

describe('the issue-code registry', () => {
  const ROOT = new URL('../../', import.meta.url);
  /** Every literal code the library writes in an issue, found in src/ by the ways issues are made. */
  const written = (() => {
    const found = new Set<string>();
    const sources = readdirSync(new URL('src/', ROOT), { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.ts'),
    );
    // cli and audit take a path first (and audit findings have their own ids); they add no issue code of their own.
    const scanned = sources.filter((f) => !/^(cli|audit|analysis)[\\/]/.test(f) && !f.endsWith('issue-codes.ts'));
    const made =
      /(?:code: |\.error\(|\.warning\(|\.warn\(|add\('(?:ERROR|WARNING|SUGGESTION|SECURITY_WARNING)', |fail\()\s*'([a-z][a-z0-9-]*)'/g;
    for (const f of scanned)
      for (const m of readFileSync(new URL(`src/${f}`, ROOT), 'utf8').matchAll(made)) found.add(m[1] as string);
    return [...found].sort();
  })();

  it('finds the codes it looks for (the scan works)', () => {
    expect(written).toContain('missing-effect');
    expect(written).toContain('invalid-world');
    expect(written.length).toBeGreaterThan(100);
  });

  it('lists every code the library writes, each with its meaning', () => {
    expect(written.filter((c) => !Object.prototype.hasOwnProperty.call(ISSUE_CODES, c))).toEqual([]);
    for (const [code, meaning] of Object.entries(ISSUE_CODES)) expect(meaning.length, code).toBeGreaterThan(10);
  });

  it('docs/codes.md lists every issue code with the registry line', () => {
    const rows = Object.fromEntries(
      [...doc.matchAll(/^\| `([a-z][a-z0-9-]*)` +\| (.+?) +\|$/gm)].map((m) => [m[1], m[2]]),
    );
    expect(rows).toEqual(ISSUE_CODES);
  });
});
