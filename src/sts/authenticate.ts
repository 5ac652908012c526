/**
 * Maps credentials to the principal they belong to (spec §5.2, §6.7).
 */
import { compileWorld } from '../model/authorizer.js';
import { readNow } from './credentials.js';
import { describeError } from '../policy/json-tree.js';
import type { Issue } from '../policy/issues.js';
import type { WorldInput } from '../model/world.js';

/** Input of {@link authenticate}. */
export interface AuthenticateInput {
  readonly accessKeyId: string;
  readonly sessionToken?: string;
  readonly now?: string | number;
}

/** Who the credentials belong to, or the AWS error for them. */
export type AuthenticateResult =
  | {
      readonly ok: true;
      /** The principal ARN (user, assumed-role or federated-user session). */
      readonly principal: string;
      readonly kind: 'user' | 'role-session' | 'federated-user' | 'root';
      /** `true` for temporary credentials. */
      readonly temporary: boolean;
      readonly expiresAt?: string;
      readonly warnings: readonly Issue[];
    }
  | { readonly ok: false; readonly errors: readonly AuthenticateError[]; readonly warnings: readonly Issue[] };

/** Why credentials were refused, named as AWS names it (`InvalidWorld`: the world itself has errors). */
export interface AuthenticateError {
  /** `InternalError`: an unexpected failure (e.g. the input threw while being read); nobody is authenticated. */
  readonly code: 'InvalidClientTokenId' | 'ExpiredToken' | 'InvalidWorld' | 'InternalError';
  readonly message: string;
}

/** The one-error result. */
function refused(code: AuthenticateError['code'], message: string): AuthenticateResult {
  return { ok: false, errors: [{ code, message }], warnings: [] };
}

/**
 * Authenticates credentials against a world: unknown or inactive access keys and wrong session
 * tokens are `InvalidClientTokenId`; temporary credentials past their expiration are
 * `ExpiredToken`. Never throws.
 *
 * @example
 * ```ts
 * import { authenticate } from 'iam-verdict';
 *
 * const world = { users: { 'arn:aws:iam::111111111111:user/ci': { accessKeys: [{ id: 'AKIAEXAMPLECI0000001' }] } } };
 * const known = authenticate(world, { accessKeyId: 'AKIAEXAMPLECI0000001' });
 * console.log(known.ok ? known.principal : known.errors[0]?.code); // => arn:aws:iam::111111111111:user/ci
 * const unknown = authenticate(world, { accessKeyId: 'AKIAEXAMPLEUNKNOWN01' });
 * console.log(unknown.ok ? unknown.principal : unknown.errors[0]?.code); // => InvalidClientTokenId
 * ```
 */
export function authenticate(world: WorldInput, input: AuthenticateInput): AuthenticateResult {
  try {
    return authenticateUnchecked(world, input);
  } catch (e) {
    // A getter or proxy in the input threw: nobody is authenticated (fail closed).
    return refused('InternalError', `the credentials could not be read: ${describeError(e)}`);
  }
}

function authenticateUnchecked(world: WorldInput, input: AuthenticateInput): AuthenticateResult {
  const authorizer = compileWorld(world);
  if (!authorizer.ok) return refused('InvalidWorld', 'the world has errors');
  if (typeof input?.accessKeyId !== 'string') return refused('InvalidClientTokenId', 'no access key id');
  const p = authorizer.authenticate(input.accessKeyId, input.sessionToken);
  if (p === 'InvalidClientTokenId')
    return refused(p, 'the access key id or session token is not valid (unknown, inactive, or mismatched)');
  const now = readNow(input.now);
  if (p.expiresAt !== undefined && !(now < p.expiresAt)) {
    return refused('ExpiredToken', `the credentials expired at ${new Date(p.expiresAt).toISOString()}`);
  }
  const kind =
    p.principal.kind === 'role-session' || p.principal.kind === 'federated-user' || p.principal.kind === 'root'
      ? p.principal.kind
      : 'user';
  return {
    ok: true,
    warnings: [],
    principal: p.principal.arn ?? '',
    kind,
    temporary: p.expiresAt !== undefined,
    ...(p.expiresAt !== undefined ? { expiresAt: new Date(p.expiresAt).toISOString() } : {}),
  };
}
