/**
 * Differential testing (issue #7): the engine and the small reference evaluator of test/reference
 * must agree on every generated world and request.
 *
 * CI runs the default below; `npm run fuzz` (FUZZ_RUNS=1000000) runs a million cases, and
 * FUZZ_SEED=<seed> replays a run. A disagreement is minimized (test/reference/minimize.ts) and
 * reported as a ready-made scenario; every one found becomes a case in test/regressions/.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuthorizer, evaluateScenario, type Authorizer, type Decision } from '../../src/index.js';
import { referenceDecide, type RefRequest, type RefWorld } from '../reference/evaluate.js';
import {
  BASE_SEED,
  fidelityWorldWithRequests,
  REQUESTS_PER_WORLD,
  resourceFocusedWorldWithRequests,
  runs,
  scenario,
  timeout,
  worldWithRequests,
} from '../reference/generators.js';
import { minimize } from '../reference/minimize.js';
import { yieldToEventLoop } from './chunked.js';
import { formatReason } from '../../src/evaluate/reasons.js';

/** Generated cases (world × request pairs). */
const CASES = runs(20_000);
const WORLDS = Math.ceil(CASES / REQUESTS_PER_WORLD);
/** Worlds per test. */
const CHUNK = 250;

interface Case {
  world: RefWorld;
  request: RefRequest;
}

function engineDecision(c: Case, explain = false): Decision {
  return createAuthorizer(c.world, { allowOverrides: true }).authorize(c.request, { explain });
}

/** What is wrong with a case (a string), or the agreed decision. */
function disagreement(
  c: Case,
  authorizer: Authorizer = createAuthorizer(c.world, { allowOverrides: true }),
): string | { agreed: Decision['decision'] } {
  // The generators only write valid worlds; an error here is a generator or validator bug.
  if (!authorizer.ok) return `the world is invalid: ${JSON.stringify(authorizer.errors.slice(0, 3))}`;
  const engine = authorizer.authorize(c.request);
  const reference = referenceDecide(c.world, c.request);
  if (engine.decision !== reference.decision || formatReason(engine) !== reference.reason) {
    return `engine ${engine.decision}${engine.reason ? ` (${formatReason(engine)})` : ''}, reference ${reference.decision}${reference.reason ? ` (${reference.reason})` : ''}`;
  }
  // The explaining path evaluates without shortcuts; it must reach the same decision.
  const explained = authorizer.authorize(c.request, { explain: true });
  if (explained.decision !== engine.decision)
    return `explain: true decides ${explained.decision}, explain: false ${engine.decision}`;
  return { agreed: engine.decision };
}

function report(c: Case, seed: number): string {
  const still = (x: Case) => {
    try {
      const d = disagreement(x);
      return typeof d === 'string' && !d.startsWith('the world is invalid');
    } catch {
      return false;
    }
  };
  const small = still(c) ? minimize(c, still) : c;
  const explanation = engineDecision(small, true).explanation?.summary;
  return [
    `engine and reference disagree (seed ${seed}): ${JSON.stringify(disagreement(small))}`,
    `engine explanation: ${explanation}`,
    `minimized scenario: ${JSON.stringify(small)}`,
  ].join('\n');
}

const seen = { Allow: 0, ExplicitDeny: 0, ImplicitDeny: 0 };

/** One test per chunk of worlds, so that no test blocks the worker for long. */
function differential(
  name: string,
  arbitrary: fc.Arbitrary<{ world: RefWorld; requests: RefRequest[] }>,
  worldCount: number,
  seedOffset: number,
): void {
  const chunks = Math.ceil(worldCount / CHUNK);
  for (let chunk = 0; chunk < chunks; chunk++) {
    const worlds = Math.min(CHUNK, worldCount - chunk * CHUNK);
    const seed = BASE_SEED + seedOffset + chunk;
    it(
      `${name} ${chunk + 1}/${chunks}: ${worlds} worlds × ${REQUESTS_PER_WORLD} requests, seed ${seed}`,
      async () => {
        await yieldToEventLoop();
        let failure: Case | undefined;
        const result = fc.check(
          fc.property(arbitrary, ({ world, requests }) => {
            const authorizer = createAuthorizer(world, { allowOverrides: true }); // compiled once, decides every request
            for (const request of requests) {
              const outcome = disagreement({ world, request }, authorizer);
              if (typeof outcome === 'string') {
                failure = { world, request };
                return false;
              }
              seen[outcome.agreed]++;
            }
            return true;
          }),
          { numRuns: worlds, seed, endOnFailure: true },
        );
        if (result.failed) throw new Error(failure ? report(failure, seed) : fc.defaultReportMessage(result));
      },
      timeout(),
    );
  }
}

/** Share of the worlds whose requests all go through a resource policy. */
const FOCUSED = Math.ceil(WORLDS / 4);

describe(`engine ≡ reference on ${(WORLDS + FOCUSED) * REQUESTS_PER_WORLD} generated cases (seed ${BASE_SEED})`, () => {
  differential('random worlds', worldWithRequests, WORLDS - FOCUSED, 0);
  differential('resource-policy worlds', resourceFocusedWorldWithRequests, FOCUSED, 100_000);
  // Service rules, VPC endpoint policies and S3 Block Public Access (spec §4.14–§4.16).
  differential('fidelity worlds', fidelityWorldWithRequests, FOCUSED, 200_000);

  it('reaches every outcome often enough for the agreement to mean something', () => {
    const total = seen.Allow + seen.ExplicitDeny + seen.ImplicitDeny;
    expect(total).toBe((WORLDS + FOCUSED) * REQUESTS_PER_WORLD); // the fidelity worlds come on top
    for (const n of Object.values(seen)) expect(n).toBeGreaterThan(total / 20);
  });

  it(
    'evaluateScenario decides like a compiled authorizer',
    () => {
      fc.assert(
        fc.property(scenario, ({ world, request }) => {
          expect(evaluateScenario({ world, request }).decision).toBe(engineDecision({ world, request }).decision);
        }),
        { numRuns: runs(100, 0.01), seed: BASE_SEED },
      );
    },
    timeout(),
  );
});
