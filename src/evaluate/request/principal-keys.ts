/**
 * The global condition keys a principal implies on its own (spec §5.8, §7.2), derived in one
 * place for every entry point: `evaluate` derives them per request from the principal it reads,
 * a world's authorizer once per principal at compile time.
 */
import { ContextMap, type KeyWriter } from '../../condition/context.js';
import type { RequestPrincipal } from '../principal.js';

/** Organization facts of one account (`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, spec §7.1). */
export interface AccountOrg {
  readonly orgId: string;
  /** `o-…/r-…/ou-…/…/` (spec §7.1). */
  readonly path: string;
}

/** Signed requests: every caller but an anonymous one (spec §7.1). */
function isSigned(p: RequestPrincipal): boolean {
  return p.kind !== 'anonymous';
}

/** The last `/`-separated part of an ARN (user name, session name). */
function lastName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/**
 * The keys of spec §5.8 for a principal: `aws:PrincipalArn`, `aws:PrincipalAccount`, the org keys,
 * `aws:PrincipalType`, `aws:userid`, `aws:username`, `aws:PrincipalIsAWSService`,
 * `aws:ViaAWSService` (AWS sends it with every signed request: `false` unless a service forwarded
 * the call), the service-principal keys and `aws:FederatedProvider`. Written by their lower-cased
 * names (what a lookup reads): a principal's first request builds them (issue #16: one-shot use).
 */
export function principalKeys(p: RequestPrincipal, org?: AccountOrg): ContextMap;
/** {@link principalKeys} written into `keys` (a world's compiler gathers them to be packed). */
export function principalKeys<K extends KeyWriter>(p: RequestPrincipal, org: AccountOrg | undefined, keys: K): K;
export function principalKeys(p: RequestPrincipal, org?: AccountOrg, keys: KeyWriter = new ContextMap()): KeyWriter {
  const arn = p.arn as string;
  switch (p.kind) {
    case 'anonymous':
      keys
        .setLower('aws:principaltype', 'Anonymous')
        .setLower('aws:userid', 'anonymous')
        .setLower('aws:principalaccount', 'anonymous');
      break;
    case 'service':
      keys
        .setLower('aws:principalservicename', p.serviceName as string)
        .setLower('aws:principalservicenameslist', [p.serviceName as string]);
      break;
    case 'root':
      keys.setLower('aws:principaltype', 'Account').setLower('aws:userid', p.account as string);
      break;
    case 'user':
      keys.setLower('aws:principaltype', 'User').setLower('aws:username', lastName(arn));
      if (p.uniqueId !== undefined) keys.setLower('aws:userid', p.uniqueId);
      break;
    case 'role-session':
      keys.setLower('aws:principaltype', 'AssumedRole');
      if (p.uniqueId !== undefined) keys.setLower('aws:userid', `${p.uniqueId}:${lastName(arn)}`);
      break;
    case 'federated-user':
      keys.setLower('aws:principaltype', 'FederatedUser').setLower('aws:userid', `${p.account}:${lastName(arn)}`);
      break;
    case 'federated-identity':
      if (p.provider !== undefined) keys.setLower('aws:federatedprovider', p.provider);
      break;
  }
  if (p.kind !== 'anonymous' && p.kind !== 'service' && p.kind !== 'federated-identity') {
    keys.setLower('aws:principalarn', p.kind === 'role-session' ? (p.roleArn as string) : arn);
    keys.setLower('aws:principalaccount', p.account as string);
    if (org) keys.setLower('aws:principalorgid', org.orgId).setLower('aws:principalorgpaths', [org.path]);
  }
  // Present in signed requests only (spec §7.1): not for anonymous callers.
  if (isSigned(p)) {
    keys.setLower('aws:principalisawsservice', p.kind === 'service' ? 'true' : 'false');
    keys.setLower('aws:viaawsservice', 'false');
  }
  return keys;
}
