/**
 * The worked-case scenario format of spec §0.3: a world and one request. Scenario worlds are
 * worlds as they are, so a scenario is decided by compiling its world and authorizing its request.
 */
import type { Decision } from '../evaluate/decision.js';
import {
  createAuthorizer,
  type AuthorizationRequest,
  type AuthorizeOptions,
  type AuthorizerOptions,
} from './authorizer.js';
import { failure } from '../evaluate/decide.js';

/** A scenario (spec §0.3): `world` + `request`, optionally with the expected outcome. */
export interface Scenario {
  readonly id?: string;
  readonly title?: string;
  readonly world?: unknown;
  readonly request: AuthorizationRequest;
  readonly expect?: string;
  readonly expectReason?: string;
}

/**
 * Decides a scenario's request against its world (`allowOverrides` defaults to `true`). Never throws.
 *
 * @example
 * ```ts
 * import { evaluateScenario } from 'iam-verdict';
 *
 * const decision = evaluateScenario({
 *   world: {
 *     users: {
 *       'arn:aws:iam::111111111111:user/bob': {
 *         policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ec2:TerminateInstances', Resource: '*' }] }],
 *       },
 *     },
 *   },
 *   request: { principal: 'arn:aws:iam::111111111111:user/bob', action: 'ec2:TerminateInstances', resource: '*' },
 * });
 * console.log(decision.decision); // => ExplicitDeny
 * ```
 */
export function evaluateScenario(scenario: Scenario, options: AuthorizeOptions & AuthorizerOptions = {}): Decision {
  if (typeof scenario !== 'object' || scenario === null) return failure('input', 'InvalidRequest', 'scenario');
  let world: unknown;
  let request: AuthorizationRequest;
  try {
    // Reading the members of a hostile object (a getter, a proxy) may throw: fail closed.
    world = scenario.world;
    request = scenario.request;
  } catch {
    return failure('input', 'InvalidRequest', 'scenario');
  }
  // Scenario requests state the facts (spec §0.3): supplied keys and resource facts win.
  return createAuthorizer(world ?? {}, { allowOverrides: true, ...options }).authorize(request, options);
}
