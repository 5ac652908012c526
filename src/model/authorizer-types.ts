/**
 * The shapes of an authorizer: its requests, options and interface (kept apart from the
 * implementation so that both compile modes can name them).
 */
import type { ContextInputValue } from '../condition/context.js';
import type { DecideOptions } from '../evaluate/decide.js';
import type { Decision } from '../evaluate/decision.js';
import type { Issue } from '../policy/issues.js';
import type { AssumeRoleParameters } from './assume-role-parameters.js';
import type { LoadWorldOptions } from './load.js';
import type { ResolvedPrincipal } from './principals.js';
import type { World } from './world.js';

/** A request in the scenario-request shape of spec §0.3. */
export interface AuthorizationRequest {
  /**
   * User/session/root ARN, a role ARN (a session of it), `service:<name>`, or `anonymous`.
   * May be omitted when `accessKeyId` identifies the caller.
   */
  readonly principal?: string;
  readonly action: string;
  readonly resource: string;
  /** Owner of the resource (S3 ARNs carry no account). */
  readonly resourceAccount?: string;
  /** Key into the world's `resourcePolicies`. */
  readonly resourcePolicy?: string;
  /** Request time (ISO 8601 or epoch ms); defaults to now. */
  readonly time?: string | number;
  /**
   * Caller-supplied condition keys. Keys the world decides (the principal's keys and tags, MFA,
   * the time, the resource account) are not overridden unless `allowOverrides` is set.
   */
  readonly context?: Readonly<Record<string, ContextInputValue>>;
  /** `sts:AssumeRole` parameters. */
  readonly sts?: AssumeRoleParameters;
  /** Sign the request with these credentials instead of naming the principal (spec §5.2, §6.7). */
  readonly accessKeyId?: string;
  readonly sessionToken?: string;
  /** The VPC endpoint (`vpce-…`, a key of the world's `vpcEndpoints`) the request came through (spec §4.15). */
  readonly vpcEndpoint?: string;
  /** `s3:PutBucketPolicy`: the new bucket policy (document or JSON text), for BlockPublicPolicy (spec §4.16). */
  readonly requestPolicy?: unknown;
}

/** Options of one authorization. */
export interface AuthorizeOptions {
  /** Build the explanation (costs more; the cheap path builds none). */
  readonly explain?: boolean;
  /**
   * Simulation: let the request's `context` override keys the world decides and its
   * `resourceAccount` / `resourcePolicy` override what the world says about a known resource
   * (spec §0.3 scenario semantics). Default `false`: world facts win.
   */
  readonly allowOverrides?: boolean;
}

/** Options of an authorizer. */
export interface AuthorizerOptions extends LoadWorldOptions, DecideOptions {
  /** {@link AuthorizeOptions.allowOverrides} for every request of this authorizer. */
  readonly allowOverrides?: boolean;
  /**
   * `'eager'` (default): the whole world is validated and compiled up front; the authorizer is
   * immutable and a world with any error refuses every request. `'lazy'`: nothing is compiled up
   * front; each question compiles only the part of the world it touches (kept for later questions,
   * per authorizer, bounded), for one question over a huge world. Decisions are the same; only the
   * touched part is validated (an error there fails that question closed, `InvalidWorld`; a
   * policy document none of whose statements may apply to the question's service, by its `Action`
   * or `NotAction`, is not read, so an error in it does not), `errors` and `warnings` stay empty
   * and `world` is undefined: validate with the eager mode.
   */
  readonly compile?: 'eager' | 'lazy';
}

/** A world compiled for decisions. */
export interface Authorizer {
  /** `false` when the world has errors: every request is then denied (fail closed). */
  readonly ok: boolean;
  readonly errors: readonly Issue[];
  readonly warnings: readonly Issue[];
  /** The validated world (with defaults filled in), when it could be read. */
  readonly world: World | undefined;
  /** Decides one request. Never throws. */
  authorize(request: AuthorizationRequest, options?: AuthorizeOptions): Decision;
}

/**
 * The authorizer with its internal entry points (for STS, the request checks and tooling): not
 * public, because a resolved principal holds compiled policies.
 */
export interface CompiledWorld extends Authorizer {
  /** Resolves a principal string as `authorize` would (for STS and tooling). */
  resolvePrincipal(principal: string): ResolvedPrincipal | string;
  /**
   * Maps credentials to their principal (spec §5.2): unknown or inactive keys and a wrong session
   * token give `InvalidClientTokenId`. Expiry is checked against the request time by `authorize`.
   */
  authenticate(accessKeyId: string, sessionToken?: string): ResolvedPrincipal | 'InvalidClientTokenId';
  /** Evaluates a request for an already-resolved principal (used by the STS functions). */
  authorizeAs(principal: ResolvedPrincipal, request: AuthorizationRequest, options?: AuthorizeOptions): Decision;
}
