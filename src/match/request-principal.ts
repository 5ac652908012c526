/**
 * The request principal as plain data (spec §5.1, §5.8) and how to read one from its ARN.
 */
import { parseArn } from './arn.js';

/** The principal kinds the evaluator models (spec §5.1). */
export type PrincipalKind =
  | 'root'
  | 'user'
  | 'role-session'
  | 'federated-user'
  | 'service'
  | 'anonymous'
  /** A SAML or OIDC identity calling AssumeRoleWithSAML / AssumeRoleWithWebIdentity (spec §5.7). */
  | 'federated-identity';

/** Who makes a request. */
export interface RequestPrincipal {
  readonly kind: PrincipalKind;
  /**
   * The caller's ARN: user ARN, session ARN (`assumed-role/…`, `federated-user/…`), root ARN;
   * the service name for service principals; the provider for federated identities;
   * `undefined` for anonymous callers.
   */
  readonly arn: string | undefined;
  /** The account the principal belongs to (`undefined` for services, anonymous, federated identities). */
  readonly account: string | undefined;
  readonly partition: string;
  /** Users: their ARN. Federated-user sessions: the federating IAM user's ARN. */
  readonly userArn?: string | undefined;
  /** Role sessions: the role's ARN (with its path). */
  readonly roleArn?: string | undefined;
  /** Unique id of the user (`AIDA…`) or of the session's role (`AROA…`). */
  readonly uniqueId?: string | undefined;
  /** Service principals: e.g. `sns.amazonaws.com`. */
  readonly serviceName?: string | undefined;
  /** Federated identities: the SAML/OIDC provider ARN or built-in provider name. */
  readonly provider?: string | undefined;
  /** The user or role has a permissions boundary (matters for NotPrincipal, spec §2.4). */
  readonly hasBoundary?: boolean | undefined;
  /** The session belongs to a service-linked role (exempt from SCPs and RCPs, spec §4.8, §4.9). */
  readonly serviceLinked?: boolean | undefined;
  /** A user calling with GetSessionToken credentials (spec §4.14 limits its IAM and STS calls). */
  readonly viaGetSessionToken?: boolean | undefined;
}

/** What {@link principalFromArn} could not read. */
export interface PrincipalProblem {
  readonly message: string;
}

/**
 * Reads a principal from the request forms of spec §0.3: a user ARN, a session ARN, a root ARN,
 * `service:<name>` or a bare service name ending in `.amazonaws.com`, or `anonymous`.
 * For an assumed-role session the role ARN is derived without a path; pass `roleArn` in the
 * options when the role has a path.
 */
export function principalFromArn(
  text: string,
  extra: Partial<Omit<RequestPrincipal, 'kind' | 'arn'>> = {},
): RequestPrincipal | PrincipalProblem {
  if (text === 'anonymous' || text === '*') {
    return { partition: 'aws', ...extra, kind: 'anonymous', arn: undefined, account: undefined };
  }
  const service = text.startsWith('service:') ? text.slice('service:'.length) : text;
  if (/^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/.test(service)) {
    return { partition: 'aws', ...extra, kind: 'service', arn: service, account: undefined, serviceName: service };
  }
  const arn = parseArn(text);
  if (!arn || !arn.account) return { message: `not a principal ARN, service principal or "anonymous": ${text}` };
  const base = { partition: arn.partition, account: arn.account, arn: text };
  if (arn.service === 'iam' && arn.resource === 'root') return { ...extra, ...base, kind: 'root' };
  if (arn.service === 'iam' && arn.resource.startsWith('user/')) {
    return { userArn: text, ...extra, ...base, kind: 'user' };
  }
  if (arn.service === 'sts' && arn.resource.startsWith('assumed-role/')) {
    const parts = arn.resource.split('/');
    if (parts.length !== 3 || !parts[1] || !parts[2]) return { message: `malformed assumed-role ARN: ${text}` };
    const roleArn = `arn:${arn.partition}:iam::${arn.account}:role/${parts[1]}`;
    return { roleArn, ...extra, ...base, kind: 'role-session' };
  }
  if (arn.service === 'sts' && arn.resource.startsWith('federated-user/')) {
    return { ...extra, ...base, kind: 'federated-user' };
  }
  return { message: `not a principal ARN (user, root, assumed-role or federated-user): ${text}` };
}

/** `true` when a value returned by {@link principalFromArn} is a problem. */
export function isPrincipalProblem(p: RequestPrincipal | PrincipalProblem): p is PrincipalProblem {
  return 'message' in p && !('kind' in p);
}
