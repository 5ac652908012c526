/**
 * docs/codes.md lists every decision reason code of the closed vocabulary with its meaning, so the
 * documentation and `DECISION_REASONS` cannot drift apart.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DECISION_REASONS } from '../../src/index.js';

const doc = readFileSync(new URL('../../docs/codes.md', import.meta.url), 'utf8');

describe('docs/codes.md', () => {
  it('lists every decision reason code with its meaning, and no other', () => {
    const rows = [...doc.matchAll(/^\| `(\w+)` \| (.+) \|$/gm)].map((m) => [m[1], m[2]]);
    expect(Object.fromEntries(rows)).toEqual(DECISION_REASONS);
  });
});
