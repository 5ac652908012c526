/**
 * The closed vocabulary of `Decision.reason` (issue #12): every code a decision can carry, with
 * what it means. A code names the kind of outcome; `Decision.detail` says which parameter, limit
 * or problem (`ValidationError` + `DurationSeconds`). Nothing parses a reason back out of text.
 * The table is also the documentation (docs/codes.md lists it, and a test keeps the two in step).
 */

/** Every reason code, with a one-line meaning. */
export const DECISION_REASONS = {
  // Refused before any policy was evaluated (decidedBy `input`, `authentication`, `validation`, `resource`).
  InvalidRequest:
    'the request is malformed; `detail` names the member (`time`, `principal`, `unknownResourcePolicy`, …)',
  InvalidWorld: 'the world has errors, so every request is denied (fail closed)',
  InvalidPolicy: 'a policy of `evaluate` / `compilePolicySet` is invalid, so every request is denied',
  BudgetExceeded: 'a request string or the matcher step budget passed its cap (docs/security.md); `detail` names which',
  InternalError: 'an unexpected failure inside the library (a bug, or input that threw while being read); fails closed',
  InvalidClientTokenId: 'the access key id or session token is unknown, inactive or mismatched (spec §5.2)',
  ExpiredToken: 'the temporary credentials expired before the request time (spec §5.2)',
  UnknownPrincipal: 'the principal is not in the world (spec §0.2)',
  UnknownRole: 'the role to assume is not in the world',
  ValidationError: 'an STS parameter is invalid (spec §6.2, §6.3); `detail` names the parameter or limit',
  AccessDenied: 'refused whatever the policies say; `detail` says why (`RootCannotAssumeRole`)',
  // Request checks of test suites and matchers (iam-verdict/testing): the request names something the world or catalog lacks.
  UnknownAccount: "the principal's account is not in the world",
  UnknownAction: 'the action is not in the service catalog (a typo)',
  UnknownResource: 'the resource is not in the world',
  UnknownResourceAccount: 'the resource account is not in the world',
  ResourceTypeMismatch: 'the action does not take a resource of this type',
  // Service rules (decidedBy `service-rule`, spec §4.14, §4.16).
  GetCallerIdentityAlwaysAllowed: 'sts:GetCallerIdentity succeeds whatever the policies say',
  AwsManagedPolicyImmutable: 'AWS managed policies cannot be changed',
  ProtectedRole: 'service-linked roles cannot be changed by their account',
  AwsManagedAliasReserved: 'KMS aliases starting with `alias/aws/` are reserved for AWS',
  FederatedUserRestricted: 'federated-user sessions cannot call IAM or most STS actions',
  SessionTokenRestricted: 'GetSessionToken credentials cannot call IAM without MFA, nor most STS actions',
  S3BlockPublicAccess: 'S3 Block Public Access refuses a public bucket policy or public access',
} satisfies Readonly<Record<string, string>>;

/** A reason code of a decision: one of {@link DECISION_REASONS}. */
export type DecisionReason = keyof typeof DECISION_REASONS;

/**
 * A reason as text: the code, or `code:detail` (the spec §0.2 notation, e.g.
 * `ValidationError:DurationExceedsMaxSessionDuration`) — for display and for test files that name
 * a reason. `undefined` when the decision has no reason.
 */
export function formatReason(d: {
  readonly reason?: DecisionReason | undefined;
  readonly detail?: string | undefined;
}): string | undefined {
  if (d.reason === undefined) return undefined;
  return d.detail !== undefined ? `${d.reason}:${d.detail}` : d.reason;
}

/** Whether an expected reason (as a test writes it: the code, or `code:detail`) names a decision's reason. */
export function reasonMatches(
  expected: string,
  d: { readonly reason?: DecisionReason | undefined; readonly detail?: string | undefined },
): boolean {
  return d.reason !== undefined && (expected === d.reason || expected === formatReason(d));
}
