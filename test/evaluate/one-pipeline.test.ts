/**
 * One engine, one truth (issue #10): the four inputs on which `evaluate` and `authorize` once gave
 * different answers, decided through every entry point — `evaluate`, `compilePolicySet`,
 * `authorize` (with and without `allowOverrides`), `evaluateScenario`, the vitest matchers and the
 * CLI — which must all agree, on the decision, the deciding layer and the reason.
 */
import { describe, expect, it } from 'vitest';
import {
  compilePolicySet,
  createAuthorizer,
  evaluate,
  evaluateScenario,
  type AuthorizationRequest,
  type Decision,
  type PolicySetInput,
} from '../../src/index.js';
import { iamVerdictMatchers } from '../../src/entries/testing.js';
import { runCli } from '../cli/helpers.js';
import { ACCOUNT, ALICE, TIME, allow, policy } from './helpers.js';
import { formatReason } from '../../src/evaluate/reasons.js';

const BUCKET = 'arn:aws:s3:::shared-bucket';
const OBJECT = `${BUCKET}/report.csv`;

interface Divergence {
  readonly name: string;
  readonly world: Record<string, unknown>;
  /** The policies the world would use for this request, for `evaluate`. */
  readonly policies: PolicySetInput;
  readonly request: AuthorizationRequest & { principal: string };
  readonly expected: { decision: string; decidedBy: string; reason: string | undefined };
}

const publicRead = policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${BUCKET}/*` });
const aliceRead = policy({
  Effect: 'Allow',
  Principal: { AWS: ALICE },
  Action: 's3:GetObject',
  Resource: `${BUCKET}/*`,
});
const notViaService = policy(allow('s3:GetObject', '*', { Condition: { Bool: { 'aws:ViaAWSService': 'false' } } }));

const DIVERGENCES: readonly Divergence[] = [
  {
    name: 'principal "*" against a bucket policy with Principal "*" (the anonymous caller)',
    world: { resourcePolicies: { [BUCKET]: { resource: BUCKET, account: ACCOUNT, policy: publicRead } } },
    policies: { resource: { policy: publicRead } },
    request: { principal: '*', action: 's3:GetObject', resource: OBJECT, resourceAccount: ACCOUNT, time: TIME },
    expected: { decision: 'Allow', decidedBy: 'resource', reason: undefined },
  },
  {
    name: 'Bool aws:ViaAWSService = false for an IAM user (AWS always sends the key)',
    world: { users: { [ALICE]: { policies: [notViaService] } } },
    policies: { identity: [notViaService] },
    request: { principal: ALICE, action: 's3:GetObject', resource: OBJECT, time: TIME },
    expected: { decision: 'Allow', decidedBy: 'identity', reason: undefined },
  },
  {
    name: 'time 1e17 (outside the Date range) is an invalid request, not an internal error',
    world: { users: { [ALICE]: { policies: [policy(allow())] } } },
    policies: { identity: [policy(allow())] },
    request: { principal: ALICE, action: 's3:GetObject', resource: OBJECT, time: 1e17 },
    expected: { decision: 'ImplicitDeny', decidedBy: 'input', reason: 'InvalidRequest:time' },
  },
  {
    name: "a bucket policy keyed by the bucket ARN without `resource` governs the bucket's objects",
    world: { users: { [ALICE]: {} }, resourcePolicies: { [BUCKET]: { policy: aliceRead } } },
    policies: { resource: { policy: aliceRead } },
    request: { principal: ALICE, action: 's3:GetObject', resource: OBJECT, time: TIME },
    expected: { decision: 'Allow', decidedBy: 'resource', reason: undefined },
  },
];

function shape(d: Decision): { decision: string; decidedBy: string; reason: string | undefined } {
  return { decision: d.decision, decidedBy: d.decidedBy, reason: formatReason(d) };
}

describe('one request pipeline: every entry point decides the former divergences alike', () => {
  for (const c of DIVERGENCES) {
    describe(c.name, () => {
      it('evaluate and compilePolicySet', () => {
        expect(shape(evaluate({ ...c.request, policies: c.policies }))).toEqual(c.expected);
        expect(shape(evaluate({ ...c.request, policies: c.policies, explain: true }))).toEqual(c.expected);
        expect(shape(compilePolicySet(c.policies).evaluate(c.request))).toEqual(c.expected);
      });

      it('authorize, with and without allowOverrides, and with an explanation', () => {
        const authorizer = createAuthorizer(c.world);
        expect(authorizer.errors).toEqual([]);
        expect(shape(authorizer.authorize(c.request))).toEqual(c.expected);
        expect(shape(authorizer.authorize(c.request, { explain: true }))).toEqual(c.expected);
        expect(shape(authorizer.authorize(c.request, { allowOverrides: true }))).toEqual(c.expected);
      });

      it('evaluateScenario', () => {
        expect(shape(evaluateScenario({ world: c.world, request: c.request }))).toEqual(c.expected);
      });

      it('the vitest matchers', () => {
        const matcher = c.expected.decision === 'Allow' ? iamVerdictMatchers.toAllow : iamVerdictMatchers.toDeny;
        if (c.expected.reason !== undefined) {
          // A request refused before any policy was evaluated is never a pass or a fail.
          expect(() => matcher.call({ isNot: false }, c.world, c.request)).toThrowError(c.expected.reason);
        } else {
          expect(matcher.call({ isNot: false }, c.world, c.request).pass).toBe(true);
        }
      });

      it('the CLI (iam-verdict eval --json)', async () => {
        const r = await runCli(['eval', '-', '--json'], {
          stdin: JSON.stringify({ world: c.world, request: c.request }),
        });
        const out = JSON.parse(r.stdout) as {
          results: { decision: string; decidedBy: string; reason?: string; detail?: string }[];
        };
        const [result] = out.results;
        expect({
          decision: result?.decision,
          decidedBy: result?.decidedBy,
          reason: result ? formatReason(result as Decision) : undefined,
        }).toEqual(c.expected);
      });
    });
  }
});
