/**
 * Shared fixtures for decision tests through the public API (`evaluate`, `createAuthorizer`).
 */
import {
  createAuthorizer,
  evaluate,
  type Decision,
  type EvaluationInput,
  type PolicySetInput,
} from '../../src/index.js';

export const ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '222222222222';
export const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
export const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;
export const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
export const APP_ROLE = `arn:aws:iam::${ACCOUNT}:role/AppRole`;
export const APP_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/AppRole/s1`;
export const FED_BOB = `arn:aws:sts::${ACCOUNT}:federated-user/Bob`;
export const PARTNER = `arn:aws:iam::${OTHER_ACCOUNT}:user/partner`;
export const OBJECT = 'arn:aws:s3:::example-bucket/reports/q1.csv';
export const BUCKET_OBJECTS = 'arn:aws:s3:::example-bucket/*';
export const TIME = '2025-06-01T12:00:00Z';

/** A 2012-10-17 policy document with the given statements. */
export function policy(...statements: Record<string, unknown>[]): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: statements };
}

/** An identity-style Allow statement. */
export function allow(
  action: unknown = '*',
  resource: unknown = '*',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { Effect: 'Allow', Action: action, Resource: resource, ...extra };
}

/** An identity-style Deny statement. */
export function deny(
  action: unknown = '*',
  resource: unknown = '*',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { Effect: 'Deny', Action: action, Resource: resource, ...extra };
}

/** A resource-policy statement naming `principal`. */
export function grant(
  principal: unknown,
  extra: Record<string, unknown> = {},
  effect: 'Allow' | 'Deny' = 'Allow',
): Record<string, unknown> {
  return { Effect: effect, Principal: principal, Action: 's3:GetObject', Resource: BUCKET_OBJECTS, ...extra };
}

/** A one-statement identity policy allowing `action` on `resource`. */
export function allowPolicy(
  action: unknown = '*',
  resource: unknown = '*',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return policy(allow(action, resource, extra));
}

/** A one-statement policy denying `action` on `resource`. */
export function denyPolicy(
  action: unknown = '*',
  resource: unknown = '*',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return policy(deny(action, resource, extra));
}

/** A generic resource policy made of `statements`. */
export function bucketPolicy(...statements: Record<string, unknown>[]): NonNullable<PolicySetInput['resource']> {
  return { policy: policy(...statements) };
}

/**
 * `evaluate` with defaults: alice in 111111111111 reads an object of a bucket owned by 111111111111
 * at a fixed time. Fails the test if the policies do not parse.
 */
export function decide(input: Partial<EvaluationInput> & { policies: PolicySetInput }): Decision {
  const d = evaluate({
    principal: ALICE,
    action: 's3:GetObject',
    resource: OBJECT,
    resourceAccount: ACCOUNT,
    time: TIME,
    ...input,
  });
  if (d.reason === 'InvalidPolicy') throw new Error('a test policy does not parse');
  return d;
}

/** The decision value only. */
export function outcome(input: Partial<EvaluationInput> & { policies: PolicySetInput }): Decision['decision'] {
  return decide(input).decision;
}

/** A world authorizer that must compile. */
export function authorizer(world: Record<string, unknown>): ReturnType<typeof createAuthorizer> {
  const a = createAuthorizer(world);
  if (!a.ok) throw new Error(`test world is invalid: ${a.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return a;
}
