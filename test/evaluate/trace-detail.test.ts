/**
 * A tracer that records less than an explanation (`TraceDetail` `keys` or `matched`) rides on the
 * one request pipeline: for random worlds and requests it must give the decision of the explained
 * path, and record exactly what the explanation says about what it keeps: `keys`, the missing
 * context keys and the key of each statement's first false condition; `matched`, the statements
 * that applied. Through `authorize` (with and without `allowOverrides`, as the analysis asks) and
 * through `compilePolicySet(...).evaluate` (as the statement probes ask), a tracer reused across
 * requests.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicySet, createAuthorizer, type Decision } from '../../src/index.js';
import { Tracer } from '../../src/evaluate/decide.js';
import type { StatementRef } from '../../src/evaluate/decision.js';
import type { TracedRequest } from '../../src/evaluate/evaluate.js';
import type { TracedOptions } from '../../src/model/authorizer.js';
import { A, policyDoc, runs, worldWithRequests } from '../reference/generators.js';

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
const refText = (r: StatementRef) => JSON.stringify([r.layer, r.policyId, r.statementIndex, r.effect, r.grant]);

/** What `keys` and `matched` tracers must hold for a decision explained in full. */
function expected(full: Decision) {
  const e = full.explanation;
  return {
    missing: sorted(e?.missingContextKeys ?? []),
    failed: sorted((e?.unmatched ?? []).flatMap((u) => (u.condition ? [u.condition.key.toLowerCase()] : []))),
    matched: sorted((e?.matched ?? []).map(refText)),
  };
}

describe('trace detail', () => {
  it('keys and matched tracers agree with the explanation (authorize, random worlds)', () => {
    const keys = new Tracer('keys');
    const matched = new Tracer('matched');
    let explained = 0;
    let withKeys = 0;
    let withMatches = 0;
    fc.assert(
      fc.property(worldWithRequests, fc.boolean(), ({ world, requests }, allowOverrides) => {
        const authorizer = createAuthorizer(world);
        expect(authorizer.errors).toEqual([]);
        for (const request of requests) {
          const full = authorizer.authorize(request, { explain: true, allowOverrides });
          const want = expected(full);
          const byKeys = authorizer.authorize(request, { allowOverrides, trace: keys } as TracedOptions);
          const byMatched = authorizer.authorize(request, { allowOverrides, trace: matched } as TracedOptions);
          for (const d of [byKeys, byMatched]) {
            expect(d.decision).toBe(full.decision);
            expect(d.decidedBy).toBe(full.decidedBy);
            expect(d.explanation).toBeUndefined();
          }
          if (!full.explanation) continue;
          explained++;
          if (want.missing.length + want.failed.length > 0) withKeys++;
          if (want.matched.length > 0) withMatches++;
          expect({ missing: sorted(keys.missing), failed: sorted(keys.failed) }).toEqual({
            missing: want.missing,
            failed: want.failed,
          });
          expect(keys.matched).toEqual([]);
          expect(keys.unmatched).toEqual([]);
          expect(sorted(matched.matched.map(refText))).toEqual(want.matched);
          expect(matched.unmatched).toEqual([]);
        }
      }),
      { numRuns: runs(300) },
    );
    // The law was exercised, not passed by an empty trace.
    expect(explained).toBeGreaterThan(0);
    expect(withKeys).toBeGreaterThan(0);
    expect(withMatches).toBeGreaterThan(0);
  });

  it('a matched tracer agrees with the explanation (compiled policy sets)', () => {
    const tracer = new Tracer('matched');
    let nonEmpty = 0;
    fc.assert(
      fc.property(
        fc.array(policyDoc('identity'), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('s3:GetObject', 's3:PutObject', 'iam:PassRole', 'sts:AssumeRole', 'ec2:RunInstances'),
        fc.constantFrom(
          '*',
          'arn:aws:s3:::shared-bucket/report.csv',
          `arn:aws:iam::${A}:role/AppRole`,
          `arn:aws:iam::${A}:user/alice`,
        ),
        (identity, action, resource) => {
          const set = compilePolicySet({ identity });
          const request = { principal: `arn:aws:iam::${A}:user/alice`, action, resource, resourceAccount: A };
          const full = set.evaluate({ ...request, explain: true });
          const traced: TracedRequest = { ...request, trace: tracer };
          const d = set.evaluate(traced);
          expect(d.decision).toBe(full.decision);
          expect(d.explanation).toBeUndefined();
          if (!full.explanation) return;
          const want = expected(full).matched;
          if (want.length > 0) nonEmpty++;
          expect(sorted(tracer.matched.map(refText))).toEqual(want);
        },
      ),
      { numRuns: runs(300) },
    );
    expect(nonEmpty).toBeGreaterThan(0);
  });
});
