/**
 * iam-verdict: decide AWS IAM requests offline, exactly as AWS would, with an explanation.
 *
 * The public API, by phase: policy text → AST (`parsePolicy`), AST → decision (`evaluate`,
 * `createAuthorizer`), worlds and scenarios (`evaluateScenario`), and STS.
 */
export type {
  Policy,
  PolicyType,
  PolicyVersion,
  Statement,
  Effect,
  StringListElement,
  PrincipalElement,
  PrincipalEntry,
  PrincipalType,
  ConditionClause,
  ConditionOperatorName,
  SetOperator,
} from './policy/ast.js';
export { POLICY_TYPES } from './policy/ast.js';
export type { Issue, Severity } from './policy/issues.js';
export { formatIssue } from './policy/issues.js';
export { ISSUE_CODES } from './json/issue-codes.js';
export type { IssueCode } from './json/issue-codes.js';
export { parsePolicy } from './policy/parse.js';
export type { ParsePolicyOptions, ParsePolicyResult } from './policy/parse.js';
export { printPolicy } from './policy/print.js';

export type {
  Decision,
  DecisionValue,
  Layer,
  Explanation,
  LayerVerdict,
  StatementRef,
  StatementMiss,
  ConditionMiss,
} from './evaluate/decision.js';
export type { GrantKind } from './match/principal.js';
export type { RequestPrincipal, PrincipalKind } from './evaluate/principal.js';
export { RCP_SERVICES } from './evaluate/decide.js';
export { DECISION_REASONS, formatReason } from './evaluate/reasons.js';
export type { DecisionReason } from './evaluate/reasons.js';
export { evaluate, compilePolicySet } from './evaluate/evaluate.js';
export type {
  EvaluationInput,
  EvaluationRequest,
  PolicySetInput,
  PolicySet,
  PolicyInput,
  LevelInput,
} from './evaluate/evaluate.js';
export type { ResourcePolicyKind, DecideOptions } from './evaluate/decide.js';

export { createAuthorizer } from './model/authorizer.js';
export type { Authorizer, AuthorizationRequest, AuthorizeOptions, AuthorizerOptions } from './model/authorizer.js';
export { evaluateScenario } from './model/scenario.js';
export type { Scenario } from './model/scenario.js';
export { validateWorld } from './model/load.js';
export type { ManagedPolicyCatalog, LoadWorldOptions, ValidateWorldResult } from './model/load.js';
// Hand-written public types (src/types/): the world format and policy documents as JSON.
export type {
  World,
  WorldInput,
  WorldAccount,
  WorldAccessKey,
  WorldGroup,
  WorldIdentityProvider,
  WorldInstanceProfile,
  WorldManagedPolicy,
  WorldOrganization,
  WorldPassword,
  WorldResource,
  WorldResourcePolicy,
  WorldRole,
  WorldSession,
  WorldUser,
  WorldUserSession,
  PolicyRef,
  SessionOrigin,
  S3BlockPublicAccessInput,
} from './types/world.js';
export type {
  PolicyDocument,
  PolicyStatement,
  PolicyPrincipal,
  ConditionBlock,
  ConditionValue,
  OneOrMany,
  WorldPolicyDocument,
} from './types/policy-document.js';
export type { AssumeRoleParameters, SessionTags } from './sts/parameters.js';
export type { ContextValue, ContextInputValue } from './condition/context.js';

// STS and credentials (spec §5, §6): pure functions returning a new world and the issued session.
export { assumeRole } from './sts/assume-role.js';
export type { AssumeRoleInput, StsCaller } from './sts/assume-role.js';
export { assumeRoleWithWebIdentity, assumeRoleWithSAML } from './sts/federation.js';
export type { WebIdentityInput, SamlInput } from './sts/federation.js';
export { getFederationToken, getSessionToken } from './sts/user-tokens.js';
export type { FederationTokenInput, SessionTokenInput } from './sts/user-tokens.js';
export { serviceRoleCredentials, instanceProfileCredentials, lambdaExecutionCredentials } from './sts/service-role.js';
export type { ServiceRoleInput, InstanceProfileInput, LambdaExecutionInput } from './sts/service-role.js';
export { authenticate } from './sts/authenticate.js';
export type { AuthenticateInput, AuthenticateResult, AuthenticateError } from './sts/authenticate.js';
export type { StsResult, StsError, StsErrorCode, IssuedSession, TemporaryCredentials } from './sts/result.js';

export { isPublicPolicy } from './evaluate/public-policy.js';
export type { ServiceRuleRef } from './evaluate/decision.js';
export type { S3BlockPublicAccessSettings, WorldVpcEndpoint } from './types/world.js';

// Knowing AWS (issue #13): the service authorization catalog (the bundled data is read by the
// `iam-verdict/catalog` subpath), lint with it, and the request checks of test suites.
export { createServiceCatalog } from './catalog/catalog.js';
export type {
  ActionLookup,
  ActionResourceType,
  CatalogAction,
  CatalogConditionKey,
  CatalogData,
  CatalogResourceType,
  CatalogService,
  CatalogSource,
  ServiceCatalog,
  ServiceData,
} from './catalog/catalog.js';
export { lintPolicy } from './lint/lint-policy.js';
export type { FindingSeverity, LintFinding, LintOptions } from './lint/lint-policy.js';
export { ATTACHMENT_MAX_SIZE, POLICY_ATTACHMENTS } from './policy/attachments.js';
export type { PolicyAttachment } from './policy/attachments.js';

// Posture audit (issue 18): CIS / Security Hub IAM checks, with effective admin and trust decided by the engine.
export {
  audit,
  ALL_CHECKS,
  CHECKS,
  DEFAULT_ADMIN_PROBES,
  parseCredentialReport,
  readPasswordPolicy,
  SEVERITIES,
  formatAuditText,
  toSarif,
  toJUnit,
} from './audit/index.js';
export type {
  AuditOptions,
  AuditResult,
  AdminProbe,
  AuditSeverity,
  CheckDefinition,
  CheckReferences,
  CredentialReport,
  DecidedRequest,
  Evidence,
  Finding,
  PasswordPolicy,
  ReportIssue,
  ReportRow,
  SarifOptions,
} from './audit/index.js';
