/**
 * SCP levels that allow an action outright (`allowsEveryRequest`, `ActionPlan.scpsAllow`): an
 * authorizer works this out once per principal's layers and action, and a decision without an
 * explanation then skips the levels. A shortcut only: the levels must give Allow for every request
 * on that action, without charging a matcher step, and every decision must be the one the full
 * loop (the explained path, which never takes the shortcut) gives.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePolicy } from '../../src/policy/parse.js';
import { compilePolicy, type CompiledPolicy } from '../../src/evaluate/compile.js';
import { allowsEveryRequest, evaluateLayer, policyList } from '../../src/evaluate/layer.js';
import { prepareRequest } from '../../src/evaluate/request/index.js';
import type { RequestPrincipal } from '../../src/evaluate/principal.js';
import type { ContextLookup } from '../../src/condition/context.js';
import { createAuthorizer } from '../../src/index.js';
import { runs } from '../depth.js';

const ACTIONS = ['*', 's3:*', 's3:GetObject', 's3:Get*', 's3:PutObject', 'ec2:*', 'iam:GetRole', 'S3:get?bject'];
const RESOURCES = ['*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::b', 'arn:aws:iam::111111111111:role/*'];
const REQUEST_ACTIONS = ['s3:GetObject', 's3:PutObject', 'S3:getobject', 'ec2:RunInstances', 'iam:GetRole', 's3'];
const REQUEST_RESOURCES = ['arn:aws:s3:::b/k', 'arn:aws:s3:::b', 'arn:aws:s3:::c/k', '*'];
const REGIONS = [undefined, 'eu-west-1', 'us-east-1'];

const statement = fc.record({
  Effect: fc.constantFrom('Allow', 'Deny'),
  actionKey: fc.constantFrom('Action', 'Action', 'NotAction'),
  actions: fc.uniqueArray(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 2 }),
  resourceKey: fc.constantFrom('Resource', 'Resource', 'NotResource'),
  resources: fc.uniqueArray(fc.constantFrom(...RESOURCES), { minLength: 1, maxLength: 2 }),
  condition: fc.boolean(),
});
type GeneratedStatement = typeof statement extends fc.Arbitrary<infer T> ? T : never;

function document(statements: readonly GeneratedStatement[]) {
  return {
    Version: '2012-10-17',
    Statement: statements.map((s) => ({
      Effect: s.Effect,
      [s.actionKey]: s.actions,
      [s.resourceKey]: s.resources,
      ...(s.condition ? { Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } } : {}),
    })),
  };
}

function compiled(statements: readonly GeneratedStatement[], id: string): CompiledPolicy {
  const parsed = parsePolicy(document(statements), { type: 'scp' });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return compilePolicy(parsed.policy, id);
}

const FULL_ACCESS: GeneratedStatement = {
  Effect: 'Allow',
  actionKey: 'Action',
  actions: ['*'],
  resourceKey: 'Resource',
  resources: ['*'],
  condition: false,
};

const principal: RequestPrincipal = {
  kind: 'user',
  arn: 'arn:aws:iam::111111111111:user/alice',
  account: '111111111111',
  partition: 'aws',
} as RequestPrincipal;

describe('allowsEveryRequest', () => {
  it('holds only for policies that allow every request on the action, without a matcher step', () => {
    let held = 0;
    fc.assert(
      fc.property(
        fc.array(fc.array(statement, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.constantFrom(...REQUEST_ACTIONS),
        fc.constantFrom(...REQUEST_RESOURCES),
        fc.constantFrom(...REGIONS),
        (policies, withFullAccess, action, resource, region) => {
          const list = policyList([
            ...(withFullAccess ? [compiled([FULL_ACCESS], 'FullAWSAccess')] : []),
            ...policies.map((p, i) => compiled(p, `p${i}`)),
          ]);
          const req0 = prepareRequest(principal, action, resource, { get: () => undefined });
          if (!allowsEveryRequest(list, req0.service, req0.actionLower)) return;
          held++;
          const budget = { steps: 0, limit: 1_000_000 };
          const ctx: ContextLookup = { get: (k) => (k === 'aws:requestedregion' ? region : undefined), budget };
          const req = prepareRequest(principal, action, resource, ctx);
          expect(evaluateLayer(list, 'scp', req, false)).toEqual({ verdict: 'allow' });
          expect(budget.steps).toBe(0);
        },
      ),
      { numRuns: runs(2_000) },
    );
    // The generators reach the shortcut (FullAWSAccess alone holds for every action).
    expect(held).toBeGreaterThan(0);
  });

  it('FullAWSAccess holds; a Deny naming the action, a condition or a resource pattern first does not', () => {
    const req = prepareRequest(principal, 's3:GetObject', 'arn:aws:s3:::b/k', { get: () => undefined });
    const holds = (...docs: GeneratedStatement[][]) =>
      allowsEveryRequest(policyList(docs.map((d, i) => compiled(d, `p${i}`))), req.service, req.actionLower);
    expect(holds([FULL_ACCESS])).toBe(true);
    expect(holds([FULL_ACCESS], [{ ...FULL_ACCESS, Effect: 'Deny', actions: ['s3:Get*'] }])).toBe(false);
    // A Deny of other actions only (NotAction naming s3) is no candidate: still Allow.
    expect(holds([FULL_ACCESS], [{ ...FULL_ACCESS, Effect: 'Deny', actionKey: 'NotAction', actions: ['s3:*'] }])).toBe(
      true,
    );
    expect(holds([{ ...FULL_ACCESS, condition: true }])).toBe(false);
    expect(holds([{ ...FULL_ACCESS, resources: ['arn:aws:s3:::b/*'] }], [FULL_ACCESS])).toBe(false);
    expect(holds([{ ...FULL_ACCESS, actions: ['ec2:*'] }])).toBe(false);
    // `*` after a pattern: the pattern is matched (and charged) first.
    expect(holds([{ ...FULL_ACCESS, resources: ['arn:aws:s3:::b/*', '*'] }])).toBe(false);
  });
});

describe('an authorizer deciding from the plans of its layers (`ActionPlan`)', () => {
  it('decides every request of a run as the full evaluation of every layer does', () => {
    const A = '111111111111';
    const ALICE = `arn:aws:iam::${A}:user/alice`;
    const request = fc.record({
      action: fc.constantFrom(...REQUEST_ACTIONS),
      resource: fc.constantFrom(...REQUEST_RESOURCES),
      region: fc.constantFrom(...REGIONS),
    });
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 0, maxLength: 3 }),
        fc.array(statement, { minLength: 0, maxLength: 3 }),
        fc.array(statement, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(statement, fc.constantFrom('*', ALICE, `arn:aws:iam::${A}:root`)), { maxLength: 3 }),
        fc.array(request, { minLength: 1, maxLength: 6 }),
        (root, ou, identity, bucket, requests) => {
          const scps = {
            'r-root': [document([FULL_ACCESS]), ...(root.length > 0 ? [document(root)] : [])],
            'ou-a': [document([FULL_ACCESS]), ...(ou.length > 0 ? [document(ou)] : [])],
          };
          const world = {
            accounts: { [A]: { org: 'o-1', parents: ['r-root', 'ou-a'] } },
            organization: { id: 'o-1', rootId: 'r-root', managementAccount: '999999999999', scps },
            users: { [ALICE]: { policies: [document(identity)] } },
            ...(bucket.length > 0
              ? {
                  resources: {
                    'arn:aws:s3:::b': {
                      account: A,
                      policy: {
                        Version: '2012-10-17',
                        Statement: bucket.map(([st, principal], i) => ({
                          ...document([st]).Statement[0],
                          Principal: principal === '*' ? '*' : { AWS: principal },
                          Sid: `s${i}`,
                        })),
                      },
                    },
                  },
                }
              : {}),
          };
          const one = createAuthorizer(world);
          expect(one.ok).toBe(true);
          for (const r of requests) {
            const input = {
              principal: ALICE,
              action: r.action,
              resource: r.resource,
              ...(r.region !== undefined ? { context: { 'aws:RequestedRegion': r.region } } : {}),
            };
            const full = createAuthorizer(world).authorize(input, { explain: true });
            expect(one.authorize(input)).toEqual({ decision: full.decision, decidedBy: full.decidedBy });
          }
        },
      ),
      { numRuns: runs(300) },
    );
  });
});
