/**
 * `combine` (spec §4.3) reads the layers' verdicts by name, in a fixed order written out in the
 * code: held here against the order `DENY_ORDER` states (step 1 reports the first Deny in that
 * order; steps 2, 3 and §4.15 the first layer among RCPs, SCPs and the endpoint that does not
 * allow; steps 6, 7 the boundary before the session policies).
 */
import { describe, expect, it } from 'vitest';
import {
  combine,
  DENY_ORDER,
  type CombineFacts,
  type LayerResult,
  type PolicyLayer,
} from '../../src/evaluate/combine.js';
import type { RequestPrincipal } from '../../src/evaluate/principal.js';

const USER: RequestPrincipal = {
  kind: 'user',
  arn: 'arn:aws:iam::111111111111:user/alice',
  account: '111111111111',
  partition: 'aws',
};
const FACTS: CombineFacts = {
  principal: USER,
  crossAccount: false,
  crossPartition: false,
  strict: false,
  resourceKind: undefined,
  federatedSessionDefaultAllow: false,
};

/** Every layer allowing, except those given. */
function verdicts(given: Partial<Record<PolicyLayer, LayerResult['verdict']>>): Record<PolicyLayer, LayerResult> {
  const out = {} as Record<PolicyLayer, LayerResult>;
  for (const layer of DENY_ORDER) out[layer] = { verdict: given[layer] ?? 'allow' };
  return out;
}

describe('combine reads the layers in the order of spec §4.3', () => {
  it('reports the first Deny in DENY_ORDER, whichever other layers deny', () => {
    for (let i = 0; i < DENY_ORDER.length; i++) {
      for (let j = i; j < DENY_ORDER.length; j++) {
        const first = DENY_ORDER[i] as PolicyLayer;
        const later = DENY_ORDER[j] as PolicyLayer;
        // Every layer from `first` on denies or does not allow: the Deny of `first` still decides.
        const given: Partial<Record<PolicyLayer, LayerResult['verdict']>> = {};
        for (let k = i + 1; k < DENY_ORDER.length; k++) given[DENY_ORDER[k] as PolicyLayer] = 'no-allow';
        given[first] = 'deny';
        given[later] = 'deny';
        expect(combine(verdicts(given), FACTS)).toEqual({ decision: 'ExplicitDeny', decidedBy: first });
      }
    }
  });

  it('without a Deny, reports the first of RCPs, SCPs and the endpoint that does not allow', () => {
    const mustAllow = ['rcp', 'scp', 'endpoint'] as const;
    for (let i = 0; i < mustAllow.length; i++) {
      const given: Partial<Record<PolicyLayer, LayerResult['verdict']>> = {};
      for (let k = i; k < mustAllow.length; k++) given[mustAllow[k] as PolicyLayer] = 'no-allow';
      given.boundary = 'no-allow';
      expect(combine(verdicts(given), FACTS)).toEqual({ decision: 'ImplicitDeny', decidedBy: mustAllow[i] });
    }
  });

  it('on the identity side, the identity policies, then the boundary, then the session policies', () => {
    const no = (given: Partial<Record<PolicyLayer, LayerResult['verdict']>>) =>
      combine(verdicts({ resource: 'no-allow', ...given }), FACTS);
    expect(no({})).toEqual({ decision: 'Allow', decidedBy: 'identity' });
    expect(no({ identity: 'no-allow', boundary: 'no-allow', session: 'no-allow' })).toEqual({
      decision: 'ImplicitDeny',
      decidedBy: 'identity',
    });
    expect(no({ boundary: 'no-allow', session: 'no-allow' })).toEqual({
      decision: 'ImplicitDeny',
      decidedBy: 'boundary',
    });
    expect(no({ session: 'no-allow' })).toEqual({ decision: 'ImplicitDeny', decidedBy: 'session' });
  });
});
