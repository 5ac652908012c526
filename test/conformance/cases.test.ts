import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateScenario, type Scenario } from '../../src/index.js';
import { formatReason } from '../../src/evaluate/reasons.js';

const casesPath = fileURLToPath(new URL('./cases.json', import.meta.url));
const cases = JSON.parse(readFileSync(casesPath, 'utf8')) as (Scenario & {
  id: string;
  title: string;
  expect: string;
})[];

describe('public conformance cases (test/conformance/cases.json)', () => {
  it('has cases to run', () => {
    expect(cases.length).toBeGreaterThan(50);
  });
  for (const c of cases) {
    it(`${c.id} ${c.title}`, () => {
      const d = evaluateScenario(c, { explain: true });
      expect({ decision: d.decision, reason: formatReason(d) }, d.explanation?.summary).toEqual({
        decision: c.expect,
        reason: c.expectReason,
      });
    });
  }
});
