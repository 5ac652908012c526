/**
 * When the organization's policies apply at all (spec §4.3 step 1 filters, §4.8, §4.9): the named
 * rules that exempt a request from SCPs or RCPs. A layer that does not apply is reported
 * `not-applicable` with the rule's name, and its Denies are ignored.
 */
import type { PolicyLayers } from './policy-layers.js';
import type { EvalRequest } from './layer.js';

/** Why SCPs do not apply to a request (spec §4.8). */
export type ScpExemption =
  'management-account' | 'service-linked-role' | 'service-principal' | 'anonymous-caller' | 'federated-identity';

/** Why RCPs do not apply to a request (spec §4.9). */
export type RcpExemption =
  'management-account' | 'aws-managed-resource' | 'service-without-rcps' | 'service-linked-role' | 'kms:RetireGrant';

/** Services whose actions RCPs apply to (spec §4.9; AWS's published list, kept as data). */
export const RCP_SERVICES: ReadonlySet<string> = new Set([
  's3',
  's3express',
  'sts',
  'kms',
  'sqs',
  'secretsmanager',
  'logs',
  'ecr',
  'aoss',
  'cognito-idp',
  'dynamodb',
]);

/**
 * The SCP exemption of a request, or `undefined` when SCPs of the principal's account apply. SCPs
 * limit principals of member accounts only: never the management account, service-linked roles,
 * service principals, anonymous callers or federated identities (who have no account of their own).
 */
export function scpExemption(layers: PolicyLayers, req: EvalRequest): ScpExemption | undefined {
  const p = req.principal;
  if (p.kind === 'service') return 'service-principal';
  if (p.kind === 'anonymous') return 'anonymous-caller';
  if (p.kind === 'federated-identity') return 'federated-identity';
  if (p.serviceLinked === true) return 'service-linked-role';
  if (layers.managementAccount !== undefined && p.account === layers.managementAccount) return 'management-account';
  return undefined;
}

/**
 * The RCP exemption of a request, or `undefined` when the RCPs of the resource's account apply.
 * RCPs never apply to resources of the management account, to AWS managed resources, to services
 * that do not support RCPs, to calls by service-linked roles, or to `kms:RetireGrant`.
 */
export function rcpExemption(
  layers: PolicyLayers,
  req: EvalRequest,
  rcpServices: ReadonlySet<string> = RCP_SERVICES,
): RcpExemption | undefined {
  if (inManagementAccount(layers, req)) return 'management-account';
  if (layers.resourceAwsManaged === true) return 'aws-managed-resource';
  if (!rcpServices.has(req.service)) return 'service-without-rcps';
  if (req.principal.serviceLinked === true) return 'service-linked-role';
  if (req.actionLower === 'kms:retiregrant') return 'kms:RetireGrant';
  return undefined;
}

/** RCPs' first exemption (spec §4.9): the resource is in the organization's management account. */
export function inManagementAccount(layers: PolicyLayers, req: EvalRequest): boolean {
  const resourceAccount = layers.resourceAccount ?? req.principal.account;
  return layers.managementAccount !== undefined && resourceAccount === layers.managementAccount;
}
