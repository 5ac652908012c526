/**
 * Laws every decision must obey (issue #7), checked with fast-check on generated worlds. Each law
 * is checked on the engine and, where it is a law of the semantics, on the reference evaluator
 * too. Run counts: `FUZZ_RUNS` (see `npm run fuzz`) or the CI defaults.
 */
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { createAuthorizer, parsePolicy, printPolicy, type Decision } from '../../src/index.js';
import { referenceDecide, type RefRequest, type RefWorld } from '../reference/evaluate.js';
import {
  anyScenario as scenario,
  BASE_SEED,
  policyDoc,
  runs,
  statement,
  type GenPolicyType,
} from '../reference/generators.js';
import { clone, insertStatement, policySlots, rewriteLists, shuffleWorld, statementsOf } from './world-edits.js';
import { itChunked } from './chunked.js';

const RUNS = runs(200, 0.05);
/** Runs per test when fuzzing (see chunked.ts). */
const PER_TEST = 1000;

function decide(world: RefWorld, request: RefRequest): Pick<Decision, 'decision' | 'reason'> & { ok: boolean } {
  const authorizer = createAuthorizer(world);
  const d = authorizer.authorize(request);
  return { decision: d.decision, reason: d.reason, ok: authorizer.ok };
}

/** A scenario, a policy of its world (by index), a position in it, and a new statement for it. */
function withNewStatement(effect: 'Allow' | 'Deny', types: readonly GenPolicyType[]) {
  return fc.tuple(scenario, fc.nat(), fc.nat()).chain(([s, slotIndex, position]) => {
    const slots = policySlots(s.world)
      .map((slot, i) => ({ slot, i }))
      .filter(({ slot }) => types.includes(slot.type));
    const chosen = slots[slotIndex % Math.max(1, slots.length)];
    if (!chosen) return fc.constant(undefined);
    return statement(chosen.slot.type, effect).map((st) => ({ ...s, slot: chosen.i, position, statement: st }));
  });
}

function addStatement(world: RefWorld, slot: number, position: number, st: Record<string, unknown>): RefWorld {
  const copy = clone(world);
  insertStatement((policySlots(copy)[slot] as { doc: Record<string, unknown> }).doc, st, position);
  return copy;
}

describe(`decision laws (${RUNS} runs each, seed ${BASE_SEED})`, () => {
  itChunked(
    'adding a Deny statement never turns a non-Allow into Allow, nor removes an explicit deny',
    RUNS,
    PER_TEST,
    (numRuns, seed) => {
      fc.assert(
        fc.property(
          withNewStatement('Deny', ['identity', 'boundary', 'session', 'resource', 'trust', 'scp', 'rcp']),
          (c) => {
            fc.pre(c !== undefined);
            const { world, request, slot, position, statement: st } = c as NonNullable<typeof c>;
            const before = decide(world, request);
            const after = decide(addStatement(world, slot, position, st), request);
            if (before.decision !== 'Allow') expect(after.decision).not.toBe('Allow');
            if (before.decision === 'ExplicitDeny' && after.ok) expect(after.decision).toBe('ExplicitDeny');
            const ref = referenceDecide(addStatement(world, slot, position, st), request).decision;
            if (referenceDecide(world, request).decision !== 'Allow') expect(ref).not.toBe('Allow');
          },
        ),
        { numRuns, seed },
      );
    },
  );

  itChunked('adding an Allow statement never turns Allow into a deny', RUNS, PER_TEST, (numRuns, seed) => {
    fc.assert(
      fc.property(withNewStatement('Allow', ['identity', 'boundary', 'session', 'resource', 'trust', 'scp']), (c) => {
        fc.pre(c !== undefined);
        const { world, request, slot, position, statement: st } = c as NonNullable<typeof c>;
        const changed = addStatement(world, slot, position, st);
        const after = decide(changed, request);
        fc.pre(after.ok); // a statement can push a policy over its size quota (then everything is denied)
        if (decide(world, request).decision === 'Allow') expect(after.decision).toBe('Allow');
        if (referenceDecide(world, request).decision === 'Allow')
          expect(referenceDecide(changed, request).decision).toBe('Allow');
      }),
      { numRuns, seed },
    );
  });

  itChunked('the order of statements and of policies does not matter', RUNS, PER_TEST, (numRuns, seed) => {
    fc.assert(
      fc.property(scenario, fc.integer(), ({ world, request }, seed) => {
        const shuffled = clone(world);
        shuffleWorld(shuffled, seed);
        expect(decide(shuffled, request)).toEqual(decide(world, request));
        expect(referenceDecide(shuffled, request)).toEqual(referenceDecide(world, request));
      }),
      { numRuns, seed },
    );
  });

  itChunked(
    '"Action": "x" ≡ "Action": ["x"] (every list-valued element, both ways)',
    RUNS,
    PER_TEST,
    (numRuns, seed) => {
      fc.assert(
        fc.property(
          scenario,
          fc.constantFrom('to-arrays' as const, 'to-scalars' as const),
          ({ world, request }, mode) => {
            const rewritten = clone(world);
            rewriteLists(rewritten, mode);
            expect(decide(rewritten, request)).toEqual(decide(world, request));
          },
        ),
        { numRuns, seed },
      );
    },
  );

  itChunked(
    'a decision is deterministic: same authorizer, fresh authorizer, with or without explanation',
    RUNS,
    PER_TEST,
    (numRuns, seed) => {
      fc.assert(
        fc.property(scenario, ({ world, request }) => {
          const first = createAuthorizer(world);
          const a = first.authorize(request, { explain: true });
          const b = first.authorize(request, { explain: true });
          const c = createAuthorizer(clone(world)).authorize(request, { explain: true });
          expect(b).toEqual(a);
          expect(c).toEqual(a);
          expect(first.authorize(request).decision).toBe(a.decision);
        }),
        { numRuns, seed },
      );
    },
  );
});

describe('parse → print → parse is the identity on the AST', () => {
  const types: GenPolicyType[] = ['identity', 'boundary', 'session', 'resource', 'trust', 'scp', 'rcp'];
  const sid = fc.option(fc.stringMatching(/^[A-Za-z0-9]{1,8}$/), { freq: 2 });
  const documents = fc
    .constantFrom(...types)
    .chain((type) =>
      fc.tuple(fc.constant(type), policyDoc(type), sid, fc.option(fc.constantFrom('id-1', 'PolicyId'), { freq: 3 })),
    );

  itChunked(
    'for generated documents of every policy type, from objects and from JSON text',
    runs(500, 0.05),
    PER_TEST,
    (numRuns, seed) => {
      fc.assert(
        fc.property(documents, ([type, doc, s, id]) => {
          const input: Record<string, unknown> = clone(doc);
          if (s !== null) statementsOf(input).forEach((st, i) => (st.Sid = `${s}${i}`));
          if (id !== null && type !== 'identity' && type !== 'boundary' && type !== 'session') input.Id = id;
          const first = parsePolicy(input, { type });
          if (!first.ok) throw new Error(JSON.stringify(first.errors));
          const printed = printPolicy(first.policy);
          const again = parsePolicy(printed, { type });
          expect(again.ok && again.policy).toEqual(first.policy);
          const fromText = parsePolicy(JSON.stringify(printed, null, 2), { type });
          expect(fromText.ok && fromText.policy).toEqual(first.policy);
          expect(printPolicy(first.policy)).toEqual(printed);
        }),
        { numRuns, seed },
      );
    },
  );
});
