/**
 * Spec §4.4: within one account, which principal a resource-based policy names decides which other
 * policies can still block its grant. One row per entry of the spec's table, keyed by AWS's terms.
 */
import type { GrantKind } from '../match/principal.js';
import type { RequestPrincipal } from './principal.js';
import type { ResourcePolicyKind } from './policy-layers.js';

/** The layers that can still block a same-account resource-policy grant with an implicit deny. */
export type GrantLimit = 'boundary' | 'session';

/** What the `Principal` entry of the applicable Allow named, in the words of the spec's table. */
export type NamedPrincipal =
  | 'IAM user ARN'
  | 'role ARN'
  | 'role session ARN'
  | 'federated user session ARN'
  | 'the federating user'
  | 'account'
  | '*'
  | 'service'
  | 'federated identity';

/** One row of the table: `delegation` needs an identity Allow too; otherwise the layers that still limit. */
export type GrantRule =
  'delegation' | { readonly limitedBy: readonly GrantLimit[]; readonly inTrustPolicyLimitedBy?: readonly GrantLimit[] };

/** Spec §4.4, same account. */
export const SAME_ACCOUNT_GRANTS: Readonly<Record<NamedPrincipal, GrantRule>> = {
  // A trust policy naming the user still needs the user's boundary to allow (spec §10 R-REVIEW).
  'IAM user ARN': { limitedBy: [], inTrustPolicyLimitedBy: ['boundary'] },
  'role ARN': { limitedBy: ['boundary', 'session'] },
  'role session ARN': { limitedBy: [] },
  'federated user session ARN': { limitedBy: [] },
  // The federating IAM user's ARN, used by its federated-user sessions (INFERRED in the spec).
  'the federating user': { limitedBy: ['boundary', 'session'] },
  '*': { limitedBy: [] },
  account: 'delegation',
  service: { limitedBy: [] },
  'federated identity': { limitedBy: [] },
};

/** The table's name for a grant kind (spec §2.3) given who the caller is. */
export function namedPrincipal(grant: GrantKind, p: RequestPrincipal): NamedPrincipal {
  switch (grant) {
    case 'wildcard':
      return '*';
    case 'user':
      return 'IAM user ARN';
    case 'session':
      return p.kind === 'federated-user' ? 'federated user session ARN' : 'role session ARN';
    case 'role':
      return 'role ARN';
    case 'federating-user':
      return 'the federating user';
    case 'account':
      return 'account';
    case 'service':
      return 'service';
    case 'federated':
      return 'federated identity';
  }
}

/** The layers that can still block this grant, or `delegation` (spec §4.4). */
export function grantLimits(
  grant: GrantKind,
  p: RequestPrincipal,
  kind: ResourcePolicyKind | undefined,
): 'delegation' | readonly GrantLimit[] {
  const rule = SAME_ACCOUNT_GRANTS[namedPrincipal(grant, p)];
  if (rule === 'delegation') return rule;
  return kind === 'role-trust' && rule.inTrustPolicyLimitedBy ? rule.inTrustPolicyLimitedBy : rule.limitedBy;
}
