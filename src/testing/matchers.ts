/**
 * Test-framework-neutral matchers: `toAllow`, `toDeny`, `toExplicitlyDeny`, `toImplicitlyDeny`.
 * They take a world (any input form), an authorizer, or an importer's result, and a request; a
 * failure message shows the decision's explanation. A request refused before any policy was
 * evaluated (unknown principal, invalid request) throws, so it can never pass as a deny. Used by
 * `iam-verdict/vitest` and with jest.
 */
import { formatReason, reasonMatches } from '../evaluate/reasons.js';
import type { DecisionValue } from '../evaluate/decision.js';
import { createAuthorizer, type AuthorizationRequest, type Authorizer } from '../model/authorizer.js';
import type { WorldInput } from '../model/world.js';
import { formatIssue } from '../policy/issues.js';
import { describeDecision } from './describe.js';
import type { ServiceCatalog } from '../catalog/catalog.js';
import { checkRequest } from './check-request.js';

/** What the matchers accept as the thing under test. */
export type MatcherSubject = WorldInput | Authorizer | { readonly ok: boolean; readonly world?: WorldInput };

/** The result shape vitest and jest expect from a matcher. */
export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/** The `this` of a matcher, as far as these matchers use it. */
export interface MatcherState {
  readonly isNot?: boolean;
}

const cache = new WeakMap<object, { authorizer: Authorizer; world: WorldInput | undefined }>();

function isAuthorizer(v: unknown): v is Authorizer {
  return typeof v === 'object' && v !== null && typeof (v as Authorizer).authorize === 'function';
}

/** The authorizer of a subject; throws (failing the test) when the subject is not usable. */
function authorizerOf(subject: unknown): { authorizer: Authorizer; world: WorldInput | undefined } {
  if (typeof subject !== 'object' || subject === null)
    throw new TypeError('expected a world, an authorizer or an import result');
  const cached = cache.get(subject);
  if (cached) return cached;
  let entry: { authorizer: Authorizer; world: WorldInput | undefined };
  if (isAuthorizer(subject)) {
    entry = { authorizer: subject, world: subject.world };
  } else if ('ok' in subject && ('errors' in subject || 'world' in subject) && 'warnings' in subject) {
    const r = subject as { ok: boolean; world?: WorldInput; errors?: readonly { message: string; path: string }[] };
    if (!r.ok || !r.world)
      throw new Error(`the import failed:\n${(r.errors ?? []).map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
    entry = { authorizer: createAuthorizer(r.world), world: r.world };
  } else {
    entry = { authorizer: createAuthorizer(subject), world: subject as WorldInput };
  }
  if (!entry.authorizer.ok) {
    // A broken world denies everything: never let that pass as a Deny.
    throw new Error(
      `the world is not valid, so every request would be denied:\n${entry.authorizer.errors
        .slice(0, 20)
        .map((e) => `  ${formatIssue(e)}`)
        .join('\n')}`,
    );
  }
  cache.set(subject, entry);
  return entry;
}

function describeRequest(r: AuthorizationRequest): string {
  return `${r.principal ?? r.accessKeyId ?? '(no principal)'} → ${r.action} on ${r.resource}`;
}

/** Options of a matcher call: `expect(world).toDeny(request, { reason: 'UnknownAccount' })`. */
export interface MatcherOptions {
  /** The refusal the test expects (`UnknownPrincipal`, `ExpiredToken`, …): only then does a refused request pass. */
  readonly reason?: string;
}

/** Options of {@link createIamVerdictMatchers}. */
export interface IamVerdictMatchersOptions {
  /** The service catalog: requests with unknown actions or misfit resources are refused. */
  readonly catalog?: ServiceCatalog;
}

function matcher(
  name: string,
  expected: string,
  accepts: (d: DecisionValue) => boolean,
  catalog: ServiceCatalog | undefined,
) {
  return function (
    this: MatcherState | void,
    subject: unknown,
    request: AuthorizationRequest,
    options?: MatcherOptions,
  ): MatcherResult {
    const { authorizer, world } = authorizerOf(subject);
    const not = (this as MatcherState | undefined)?.isNot === true;
    const checked = checkRequest(authorizer, request, catalog);
    const decision = checked.ok
      ? authorizer.authorize(request, { explain: true, allowOverrides: true })
      : { decision: 'ImplicitDeny' as const, decidedBy: 'input' as const, reason: checked.reason };
    if (decision.reason !== undefined && options?.reason !== undefined) {
      const pass = reasonMatches(options.reason, decision) && accepts(decision.decision);
      return {
        pass,
        message: () =>
          `${name}: expected ${describeRequest(request)} ${not ? 'not ' : ''}to be refused with ${options.reason}, but it was ${decision.decision} (${formatReason(decision)})`,
      };
    }
    if (decision.reason !== undefined) {
      if (!checked.ok)
        throw new Error(
          `${name}: ${describeRequest(request)} was refused before any policy was evaluated (${checked.reason}): ${checked.message}. Fix the request, or pass { reason: '${checked.reason}' } if the test means this.`,
        );
      // Refused before any policy was evaluated (e.g. a misspelt principal): never a pass or a fail
      // of the policies under test, whatever the matcher or `.not`.
      throw new Error(
        `${name}: ${describeRequest(request)} was refused before any policy was evaluated (${formatReason(decision)}); check the request, or test this case with authorize()`,
      );
    }
    if (options?.reason !== undefined) {
      return {
        pass: false,
        message: () =>
          `${name}: expected ${describeRequest(request)} to be refused with ${options.reason}, but it was decided: ${decision.decision}`,
      };
    }
    const pass = accepts(decision.decision);
    return {
      pass,
      message: () =>
        `${name}: expected ${describeRequest(request)} ${not ? 'not ' : ''}to be ${expected}, but it was ${decision.decision}.\n${describeDecision(decision)}`,
    };
  };
}

/**
 * The matchers, with the checks of {@link checkRequest} against the world and, when given, the
 * service catalog (`iam-verdict/vitest` passes the bundled one).
 */
export function createIamVerdictMatchers(options: IamVerdictMatchersOptions = {}) {
  const { catalog } = options;
  return {
    /** The request is allowed. */
    toAllow: matcher('toAllow', 'allowed', (d) => d === 'Allow', catalog),
    /** The request is denied (explicitly or implicitly). */
    toDeny: matcher('toDeny', 'denied', (d) => d !== 'Allow', catalog),
    /** The request is denied by a Deny statement. */
    toExplicitlyDeny: matcher('toExplicitlyDeny', 'explicitly denied', (d) => d === 'ExplicitDeny', catalog),
    /** The request is denied because nothing allows it. */
    toImplicitlyDeny: matcher('toImplicitlyDeny', 'implicitly denied', (d) => d === 'ImplicitDeny', catalog),
  };
}

/** The matchers without a service catalog (world checks only), to pass to `expect.extend`. */
export const iamVerdictMatchers = createIamVerdictMatchers();

/** The matchers' call signatures on an assertion, for type augmentation. */
export interface IamVerdictMatchers<R = unknown> {
  toAllow(request: AuthorizationRequest, options?: MatcherOptions): R;
  toDeny(request: AuthorizationRequest, options?: MatcherOptions): R;
  toExplicitlyDeny(request: AuthorizationRequest, options?: MatcherOptions): R;
  toImplicitlyDeny(request: AuthorizationRequest, options?: MatcherOptions): R;
}
