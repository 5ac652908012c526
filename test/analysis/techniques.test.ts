import { describe, expect, it } from 'vitest';
import { ADMIN_ACTIONS, createAnalysis, TECHNIQUES } from '../../src/analysis/index.js';
import { attackerOf, expectedTarget, guardrailsOf, techniqueWorld } from './worlds.js';

describe('every technique of the table', () => {
  it('covers the 31 paths of iam-vulnerable and the 65 of pathfinding.cloud', () => {
    const names = new Set(TECHNIQUES.flatMap((t) => t.catalogues));
    const ids = [...names].filter((n) => /^[a-z0-9-]+-\d{3}$/.test(n));
    expect(ids.length).toBe(65);
    expect([...names].filter((n) => /^[A-Z]/.test(n)).length).toBe(31);
    expect(new Set(TECHNIQUES.map((t) => t.id)).size).toBe(TECHNIQUES.length);
  });

  for (const t of TECHNIQUES) {
    describe(t.id, () => {
      it('finds the path in a world where it exists, with an Allow proof per step', () => {
        const { world, runsAs } = techniqueWorld(t, 'none');
        const a = createAnalysis(world, runsAs ? { runsAs } : {});
        const edges = a.edgesFrom(attackerOf(t)).filter((e) => e.via === t.id);
        expect(edges.map((e) => e.to)).toContain(expectedTarget(t));
        const edge = edges.find((e) => e.to === expectedTarget(t));
        expect(edge?.conditions).toBe('true');
        for (const step of t.steps) {
          expect(edge?.proofs.some((p) => p.request.action === step.action && p.decision.decision === 'Allow')).toBe(
            true,
          );
        }
        for (const p of edge?.proofs ?? []) expect(a.authorizer.authorize(p.request).decision).toBe('Allow');
        if (t.effect !== 'become-target') expect(edge?.modified?.proofs.length).toBe(ADMIN_ACTIONS.length);
      });
      for (const g of guardrailsOf(t)) {
        it(`reports no path when ${g === 'condition' ? 'an unsatisfiable condition' : g === 'trust' ? 'the role does not trust the source' : `a ${g === 'scp' ? 'SCP' : g === 'deny' ? 'explicit Deny' : 'permissions boundary'}`} blocks it`, () => {
          const { world, runsAs } = techniqueWorld(t, g);
          const a = createAnalysis(world, runsAs ? { runsAs } : {});
          expect(
            a
              .edgesFrom(attackerOf(t))
              .filter((e) => e.via === t.id)
              .map((e) => e.to),
          ).not.toContain(expectedTarget(t));
        });
      }
    });
  }
});
