/**
 * Maps credentials to the principal they belong to (spec §5.2, §6.7).
 */
import { compileWorld } from '../model/authorizer.js';
import { readNow } from './credentials.js';
import { describeError } from '../policy/json-tree.js';

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
    }
  | { readonly ok: false; readonly code: 'InvalidClientTokenId' | 'ExpiredToken' | 'InvalidWorld'; readonly message: string };

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
 * console.log(known.ok ? known.principal : known.code); // => arn:aws:iam::111111111111:user/ci
 * const unknown = authenticate(world, { accessKeyId: 'AKIAEXAMPLEUNKNOWN01' });
 * console.log(unknown.ok ? unknown.principal : unknown.code); // => InvalidClientTokenId
 * ```
 */
export function authenticate(world: unknown, input: AuthenticateInput): AuthenticateResult {
  try {
    return authenticateUnchecked(world, input);
  } catch (e) {
    // A getter or proxy in the input threw: nobody is authenticated (fail closed).
    return { ok: false, code: 'InvalidClientTokenId', message: `the credentials could not be read: ${describeError(e)}` };
  }
}

function authenticateUnchecked(world: unknown, input: AuthenticateInput): AuthenticateResult {
  const authorizer = compileWorld(world);
  if (!authorizer.ok) return { ok: false, code: 'InvalidWorld', message: 'the world has errors' };
  if (typeof input?.accessKeyId !== 'string') return { ok: false, code: 'InvalidClientTokenId', message: 'no access key id' };
  const p = authorizer.authenticate(input.accessKeyId, input.sessionToken);
  if (p === 'InvalidClientTokenId') return { ok: false, code: p, message: 'the access key id or session token is not valid (unknown, inactive, or mismatched)' };
  const now = readNow(input.now);
  if (p.expiresAt !== undefined && !(now < p.expiresAt)) {
    return { ok: false, code: 'ExpiredToken', message: `the credentials expired at ${new Date(p.expiresAt).toISOString()}` };
  }
  const kind = p.principal.kind === 'role-session' || p.principal.kind === 'federated-user' || p.principal.kind === 'root' ? p.principal.kind : 'user';
  return {
    ok: true,
    principal: p.principal.arn ?? '',
    kind,
    temporary: p.expiresAt !== undefined,
    ...(p.expiresAt !== undefined ? { expiresAt: new Date(p.expiresAt).toISOString() } : {}),
  };
}
