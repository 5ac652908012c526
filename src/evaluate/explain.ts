/**
 * Turns a decision and its trace into an explanation a person can act on.
 */
import { formatReason } from './reasons.js';
import { GRANT_RANK, type GrantKind } from '../match/principal.js';
import type { Decision, Explanation, Layer, StatementRef } from './decision.js';
import type { EvalRequest, Tracer } from './layer.js';

const LAYER_NAMES: Readonly<Record<Layer, string>> = {
  rcp: 'a resource control policy (RCP)',
  scp: 'a service control policy (SCP)',
  endpoint: 'the VPC endpoint policy',
  resource: 'the resource-based policy',
  identity: 'the identity-based policies',
  boundary: 'the permissions boundary',
  session: 'the session policy',
  'service-rule': 'a service rule',
  authentication: 'authentication',
  validation: 'parameter validation',
  input: 'input validation',
};

function describe(r: StatementRef): string {
  return `${r.policyId} statement ${r.statementIndex}${r.sid ? ` (${r.sid})` : ''}`;
}

/** The resource-policy Allow whose grant is the least limited one (the one that decides, spec §4.4). */
function strongestResourceAllow(trace: Tracer): StatementRef | undefined {
  let best: StatementRef | undefined;
  for (const m of trace.matched) {
    if (m.layer !== 'resource' || m.effect !== 'Allow' || !m.grant) continue;
    if (!best || GRANT_RANK[m.grant] > GRANT_RANK[best.grant as GrantKind]) best = m;
  }
  return best;
}

function summarize(d: Decision, req: EvalRequest, crossAccount: boolean, trace: Tracer): string {
  const what = `${req.action} on ${req.resource}`;
  if (d.decision === 'ExplicitDeny') {
    const deny = trace.matched.find((m) => m.effect === 'Deny' && m.layer === d.decidedBy);
    return `Explicitly denied: ${deny ? describe(deny) : LAYER_NAMES[d.decidedBy]} denies ${what}. An explicit deny cannot be overridden by any Allow.`;
  }
  if (d.decision === 'Allow') {
    const allow =
      d.decidedBy === 'resource'
        ? strongestResourceAllow(trace)
        : trace.matched.find((m) => m.effect === 'Allow' && m.layer === d.decidedBy);
    const via = allow
      ? describe(allow)
      : d.decidedBy === 'identity' && req.principal.kind === 'root'
        ? "the root user's implicit access"
        : LAYER_NAMES[d.decidedBy];
    const cross = crossAccount
      ? " Both the caller's account and the resource's account allow this cross-account request."
      : '';
    return `Allowed by ${via}.${cross}`;
  }
  if (d.reason) return `Denied before policy evaluation (${formatReason(d)}).`;
  const layer = d.decidedBy;
  const missing =
    trace.missing.size > 0
      ? ` Context keys referenced by conditions but absent from the request: ${[...trace.missing].join(', ')}.`
      : '';
  if (layer === 'scp' || layer === 'rcp') {
    const level = trace.layers.find((l) => l.layer === layer && l.verdict === 'no-allow');
    return `Implicitly denied: no ${layer.toUpperCase()} attached at ${level?.level ?? 'one level'} allows ${what}; every level of the organization path must allow.${missing}`;
  }
  if (layer === 'resource') {
    return crossAccount
      ? `Implicitly denied: this is a cross-account request and the resource-based policy does not allow it.${missing}`
      : `Implicitly denied: the resource-based policy must allow ${what} explicitly and it does not.${missing}`;
  }
  return `Implicitly denied: no statement in ${LAYER_NAMES[layer]} allows ${what}.${missing}`;
}

/** Builds the explanation of a decision from the trace collected while deciding it. */
export function explain(d: Decision, req: EvalRequest, crossAccount: boolean, trace: Tracer): Explanation {
  const resourceGrant = strongestResourceAllow(trace)?.grant;
  return {
    summary: summarize(d, req, crossAccount, trace),
    principal: req.principal.arn ?? req.principal.kind,
    action: req.action,
    resource: req.resource,
    crossAccount,
    layers: trace.layers,
    matched: trace.matched,
    unmatched: trace.unmatched,
    missingContextKeys: [...trace.missing],
    ...(resourceGrant ? { resourceGrant } : {}),
  };
}
