import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importWorld } from '../../src/import/index.js';
import { decodeText } from '../../src/import/input.js';
import { authorizerOf, SAM_CATALOG, verdict } from './helpers.js';
import { PUBLIC_CASES, type PublicCase } from './public/cases.js';

/**
 * Hand-worked questions on public IaC files written by others (./public/cases.ts). The files are
 * read from the folder named by IAM_VERDICT_PUBLIC_IAC (`<repo name>/<path>`); without it the
 * import checks are skipped, and only the shape of the cases is checked.
 */
const DIR = process.env.IAM_VERDICT_PUBLIC_IAC;

describe('public IaC cases are well formed', () => {
  it('each case pins a commit and a file digest, and asks at least one Allow and one Deny', () => {
    for (const c of PUBLIC_CASES) {
      expect(c.commit, c.name).toMatch(/^[0-9a-f]{40}$/);
      expect(c.sha256, c.name).toMatch(/^[0-9a-f]{64}$/);
      expect(c.questions.some((q) => q.expected === 'Allow') || c.trustContains !== undefined, c.name).toBe(true);
      expect(
        c.questions.some((q) => q.expected !== 'Allow'),
        c.name,
      ).toBe(true);
    }
  });
});

function input(c: PublicCase, bytes: Buffer): string | Uint8Array {
  if (c.encode !== 'utf16le-bom') return bytes.toString('utf8');
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(decodeText(new Uint8Array(bytes)), 'utf16le')]);
  return new Uint8Array(utf16);
}

describe.skipIf(DIR === undefined)('public IaC, imported and asked (IAM_VERDICT_PUBLIC_IAC)', () => {
  for (const c of PUBLIC_CASES) {
    it(`${c.name} (${c.repo}/${c.path})`, () => {
      const file = join(DIR as string, c.repo.split('/')[1] as string, c.path);
      expect(existsSync(file), `${file} is missing: fetch ${c.repo} at ${c.commit}`).toBe(true);
      const bytes = readFileSync(file);
      expect(
        createHash('sha256').update(bytes).digest('hex'),
        `${file} is not the file the questions were worked out on`,
      ).toBe(c.sha256);
      const result = importWorld(input(c, bytes), c.format, { managedPolicies: SAM_CATALOG, ...c.options });
      const az = authorizerOf(result);
      if (c.warnings) expect(result.warnings.map((w) => w.code).sort()).toEqual([...c.warnings].sort());
      for (const [role, text] of Object.entries(c.trustContains ?? {})) {
        expect(result.ok && JSON.stringify(result.world.roles?.[role]?.trustPolicy), `${role} trust`).toContain(text);
      }
      for (const q of c.questions)
        expect(verdict(az, q.request), `${JSON.stringify(q.request)}: ${q.why}`).toBe(q.expected);
    });
  }
});
