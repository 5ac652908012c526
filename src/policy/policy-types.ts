/**
 * What each policy type allows (spec §1.8) and its default size quota (spec §8.1).
 */
import type { PolicyType } from './ast.js';

/** The element rules of one policy type. */
export interface PolicyTypeRules {
  /** `Principal`/`NotPrincipal`: must appear, or must not appear. */
  readonly principal: 'required' | 'forbidden';
  /** Whether `NotPrincipal` may be used (when principals are allowed at all). */
  readonly notPrincipal: boolean;
  /** `Resource`/`NotResource`: `recommended` means a missing one is only a warning. */
  readonly resource: 'required' | 'recommended' | 'optional';
  /** `Federated` principals: only in role trust policies. */
  readonly federated: boolean;
  /** `Version` must be `2012-10-17` (SCPs and RCPs). */
  readonly requiresCurrentVersion: boolean;
  /** Identity-style policies: `Id` draws a warning (§10 G3). */
  readonly identityStyle: boolean;
  /** Default of the IAM `Sid` rule (§1.2.1). */
  readonly strictSid: boolean;
  /** Default size quota in characters, whitespace not counted (§8.1, §10 Q1). */
  readonly maxSize: number;
}

const identityStyle = (maxSize: number): PolicyTypeRules => ({
  principal: 'forbidden',
  notPrincipal: false,
  resource: 'required',
  federated: false,
  requiresCurrentVersion: false,
  identityStyle: true,
  strictSid: true,
  maxSize,
});

/** The rules of every policy type. */
export const POLICY_TYPE_RULES: Readonly<Record<PolicyType, PolicyTypeRules>> = Object.freeze({
  identity: identityStyle(6144),
  boundary: identityStyle(6144),
  session: identityStyle(2048),
  resource: {
    principal: 'required',
    notPrincipal: true,
    resource: 'optional',
    federated: false,
    requiresCurrentVersion: false,
    identityStyle: false,
    strictSid: false,
    maxSize: 20480,
  },
  trust: {
    principal: 'required',
    notPrincipal: false,
    resource: 'optional',
    federated: true,
    requiresCurrentVersion: false,
    identityStyle: false,
    strictSid: false,
    maxSize: 2048,
  },
  scp: {
    principal: 'forbidden',
    notPrincipal: false,
    resource: 'recommended',
    federated: false,
    requiresCurrentVersion: true,
    identityStyle: false,
    strictSid: true,
    maxSize: 5120,
  },
  rcp: {
    principal: 'required',
    notPrincipal: false,
    resource: 'required',
    federated: false,
    requiresCurrentVersion: true,
    identityStyle: false,
    strictSid: false,
    maxSize: 5120,
  },
  endpoint: {
    principal: 'required',
    notPrincipal: true,
    resource: 'optional',
    federated: false,
    requiresCurrentVersion: false,
    identityStyle: false,
    strictSid: false,
    maxSize: 20480,
  },
});

/** `true` when `value` is one of the policy types of spec §1.8. */
export function isPolicyType(value: unknown): value is PolicyType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(POLICY_TYPE_RULES, value);
}
