/**
 * Conformance cases for the rules beyond policy documents (spec §4.14 service rules, §4.15 VPC
 * endpoint policies, §4.16 S3 Block Public Access), in the scenario format of spec §0.3: each rule
 * with a positive case, a negative case and its interaction with an explicit Deny. The engine and
 * the reference evaluator must both decide them as written.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateScenario, type Scenario } from '../../src/index.js';
import { referenceDecide, type RefRequest, type RefWorld } from '../reference/evaluate.js';
import { formatReason } from '../../src/evaluate/reasons.js';

type Case = Scenario & { id: string; title: string; section: string; expect: string; expectReason?: string };
const cases = JSON.parse(
  readFileSync(fileURLToPath(new URL('./fidelity-cases.json', import.meta.url)), 'utf8'),
) as Case[];

describe('fidelity conformance cases (test/conformance/fidelity-cases.json)', () => {
  it('covers each section with allowed, refused and explicitly denied cases', () => {
    for (const section of ['§4.14', '§4.15', '§4.16']) {
      const own = cases.filter((c) => c.section === section);
      for (const outcome of ['Allow', 'ImplicitDeny', 'ExplicitDeny'])
        expect(
          own.some((c) => c.expect === outcome),
          `${section} ${outcome}`,
        ).toBe(true);
    }
  });

  for (const c of cases) {
    it(`${c.id} ${c.title}`, () => {
      const d = evaluateScenario(c, { explain: true });
      expect({ decision: d.decision, reason: formatReason(d) }, d.explanation?.summary).toEqual({
        decision: c.expect,
        reason: c.expectReason,
      });
      // A decision a service rule made names the rule in its explanation.
      if (d.decidedBy === 'service-rule') {
        expect(d.explanation?.serviceRules?.length).toBeGreaterThan(0);
        expect(d.explanation?.summary).toContain(d.explanation?.serviceRules?.[0]?.rule);
      }
    });
  }

  // The reference does not model access keys (GetSessionToken sessions are reached through them).
  const referenceCases = cases.filter((c) => (c.request as { accessKeyId?: string }).accessKeyId === undefined);
  it.each(referenceCases.map((c) => [`${c.id} ${c.title}`, c] as const))('reference: %s', (_, c) => {
    const d = referenceDecide(c.world as RefWorld, c.request as unknown as RefRequest);
    expect({ decision: d.decision, reason: d.reason }).toEqual({ decision: c.expect, reason: c.expectReason });
  });
});
