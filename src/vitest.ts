/**
 * `iam-verdict/vitest`: IAM matchers for vitest (and jest).
 *
 * ```ts
 * import { expect } from 'vitest';
 * import { iamVerdictMatchers } from 'iam-verdict/vitest';
 * expect.extend(iamVerdictMatchers);
 *
 * expect(world).toAllow({ principal: roleArn, action: 's3:GetObject', resource: objectArn });
 * ```
 *
 * This module imports nothing from vitest at run time (only types), so jest can use it too.
 *
 * @module iam-verdict/vitest
 */
// The augmented module must be part of the program when declarations are built alone.
import type {} from 'vitest';
import type { AuthorizationRequest } from './model/authorizer.js';
import { createIamVerdictMatchers, type IamVerdictMatchers } from './testing/matchers.js';
import { bundledCatalog } from './catalog/bundled.js';

/**
 * The matchers, checking requests against the world and the bundled service catalog: a misspelt
 * action (`s3:GetObjet`) or a resource the action does not take fails the test instead of
 * passing as a deny.
 */
export const iamVerdictMatchers = createIamVerdictMatchers({ catalog: bundledCatalog() });
export { createIamVerdictMatchers };
export type {
  IamVerdictMatchers,
  IamVerdictMatchersOptions,
  MatcherOptions,
  MatcherResult,
  MatcherState,
  MatcherSubject,
} from './testing/matchers.js';
export { describeDecision } from './testing/describe.js';

/**
 * Registers the matchers with an `expect` (vitest's or jest's).
 *
 * @example
 * ```ts
 * import { expect } from 'vitest';
 * import { installMatchers } from 'iam-verdict/vitest';
 *
 * installMatchers(expect); // or: expect.extend(iamVerdictMatchers)
 * const world = {
 *   users: {
 *     'arn:aws:iam::111111111111:user/ann': {
 *       policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }],
 *     },
 *   },
 * };
 * const request = { principal: 'arn:aws:iam::111111111111:user/ann', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' };
 * expect(world).toAllow(request);
 * expect(world).toImplicitlyDeny({ ...request, action: 's3:PutObject' });
 * ```
 */
export function installMatchers(expect: { extend(matchers: Record<string, unknown>): void }): void {
  expect.extend(iamVerdictMatchers);
}

declare module 'vitest' {
  // Type-only augmentation: `expect(world).toAllow(request)` type-checks once the matchers are installed.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars, @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends IamVerdictMatchers<void> {}
}

/** The request type the matchers take. */
export type { AuthorizationRequest };
