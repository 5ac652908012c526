/**
 * Regression cases: every disagreement the differential tests (test/properties) found between the
 * engine and the reference evaluator, minimized, with the decision the spec requires. Both sides
 * must give that decision now.
 */
import { describe, expect, it } from 'vitest';
import { evaluateScenario } from '../../src/index.js';
import { referenceDecide, type RefRequest, type RefWorld } from '../reference/evaluate.js';
import { REGRESSIONS } from './cases.js';

describe('regressions found by differential testing', () => {
  it.each(REGRESSIONS.map((c) => [`${c.id} ${c.title}`, c] as const))('%s', (_, c) => {
    const engine = evaluateScenario({ world: c.world, request: c.request });
    expect(engine.decision, c.why).toBe(c.expect);
    expect(referenceDecide(c.world as RefWorld, c.request as RefRequest).decision, c.why).toBe(c.expect);
    if (c.before !== undefined) expect(c.before, 'the case must show a change of outcome').not.toBe(c.expect);
  });
});
