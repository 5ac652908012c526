/**
 * Service rules that no policy can change (spec §4.14), and S3 Block Public Access at decision
 * time (spec §4.16): AWS answers these requests the same way whatever the policies say. They are
 * applied after the policy decision by {@link applyServiceRules}, as a table of named rules.
 */
import type { DecisionReason } from './reasons.js';
import type { Decision, ServiceRuleRef } from './decision.js';
import type { EvalRequest } from './layer.js';
import { isAwsManagedPolicyArn } from '../policy/iam-names.js';

/** What the S3 rules need to know about the bucket of a request (spec §4.16). */
export interface S3BucketFacts {
  /** Effective RestrictPublicBuckets (account OR bucket setting). */
  readonly restrictPublicBuckets: boolean;
  /** Effective BlockPublicPolicy (account OR bucket setting). */
  readonly blockPublicPolicy: boolean;
  /** The bucket policy that decided the request is public. */
  readonly bucketPolicyPublic: boolean;
  /** The account that owns the bucket. */
  readonly owner: string | undefined;
  /** `s3:PutBucketPolicy`: the new policy is public (`undefined`: no new policy given). */
  readonly requestPolicyPublic?: boolean | undefined;
}

/** Facts about a request that the rules need beyond the prepared request. */
export interface ServiceRuleFacts {
  /** S3 requests on a bucket with Block Public Access settings on. */
  readonly s3?: S3BucketFacts | undefined;
}

/** One named rule. */
interface ServiceRule {
  /** The rule's name, shown in explanations. */
  readonly rule: string;
  /** The reason code of a decision the rule changes. */
  readonly reason: DecisionReason;
  /** `Allow`: the request succeeds whatever the policies say; `Deny`: it fails whatever they allow. */
  readonly effect: 'Allow' | 'Deny';
  /** The (lower-cased) service prefixes of the actions the rule is about. */
  readonly services: readonly string[];
  /** A sentence saying why the rule applies to this request, or `undefined` when it does not. */
  readonly test: (req: EvalRequest, facts: ServiceRuleFacts) => string | undefined;
}

const MANAGED_POLICY_ACTIONS = new Set([
  'iam:createpolicy',
  'iam:createpolicyversion',
  'iam:deletepolicy',
  'iam:deletepolicyversion',
  'iam:setdefaultpolicyversion',
  'iam:tagpolicy',
  'iam:untagpolicy',
]);

const PROTECTED_ROLE_ACTIONS = new Set([
  'iam:updateassumerolepolicy',
  'iam:putrolepolicy',
  'iam:deleterolepolicy',
  'iam:attachrolepolicy',
  'iam:detachrolepolicy',
  'iam:putrolepermissionsboundary',
  'iam:deleterolepermissionsboundary',
  'iam:updaterole',
  'iam:updateroledescription',
  'iam:tagrole',
  'iam:untagrole',
  'iam:deleterole',
  'iam:passrole',
]);

const ALIAS_ACTIONS = new Set(['kms:createalias', 'kms:updatealias', 'kms:deletealias']);

const PROTECTED_ROLE = /^arn:[\w-]+:iam::\d{12}:role\/(aws-reserved|aws-service-role)\//;
const AWS_ALIAS = /^arn:[\w-]+:kms:[^:]*:\d{12}:alias\/aws\//;

/** Callers with credentials: the only ones GetCallerIdentity answers (spec §4.14). */
function authenticated(req: EvalRequest): boolean {
  const k = req.principal.kind;
  return k === 'root' || k === 'user' || k === 'role-session' || k === 'federated-user';
}

/** Cross-account or anonymous callers: the ones RestrictPublicBuckets blocks (spec §4.16). */
function outsideBucketOwner(req: EvalRequest, owner: string | undefined): boolean {
  const p = req.principal;
  if (p.kind === 'service') return false;
  return p.kind === 'anonymous' || p.account === undefined || p.account !== owner;
}

/** The rules of spec §4.14 and §4.16, in the order they are reported. */
export const SERVICE_RULES: readonly ServiceRule[] = [
  {
    rule: 'GetCallerIdentityAlwaysAllowed',
    services: ['sts'],
    reason: 'GetCallerIdentityAlwaysAllowed',
    effect: 'Allow',
    test: (req) =>
      req.actionLower === 'sts:getcalleridentity' && authenticated(req)
        ? 'sts:GetCallerIdentity needs no permission: every authenticated caller may call it, even under an explicit Deny'
        : undefined,
  },
  {
    rule: 'AwsManagedPolicyImmutable',
    services: ['iam'],
    reason: 'AwsManagedPolicyImmutable',
    effect: 'Deny',
    test: (req) =>
      MANAGED_POLICY_ACTIONS.has(req.actionLower) && isAwsManagedPolicyArn(req.resource)
        ? `${req.resource} is an AWS managed policy: customers cannot create, version, delete or tag it`
        : undefined,
  },
  {
    rule: 'ProtectedRole',
    services: ['iam'],
    reason: 'ProtectedRole',
    effect: 'Deny',
    test: (req) => {
      if (!PROTECTED_ROLE_ACTIONS.has(req.actionLower)) return undefined;
      const m = PROTECTED_ROLE.exec(req.resource);
      if (!m) return undefined;
      const what =
        m[1] === 'aws-service-role'
          ? 'a service-linked role (only iam:DeleteServiceLinkedRole deletes it)'
          : 'an /aws-reserved/ role (IAM Identity Center)';
      return `${req.resource} is ${what}: customers cannot change or pass it`;
    },
  },
  {
    rule: 'AwsManagedAliasReserved',
    services: ['kms'],
    reason: 'AwsManagedAliasReserved',
    effect: 'Deny',
    test: (req) =>
      ALIAS_ACTIONS.has(req.actionLower) && AWS_ALIAS.test(req.resource)
        ? 'KMS reserves the alias prefix alias/aws/ for AWS managed keys: such aliases cannot be created, updated or deleted'
        : undefined,
  },
  {
    rule: 'FederatedUserRestricted',
    services: ['iam', 'sts'],
    reason: 'FederatedUserRestricted',
    effect: 'Deny',
    test: (req) => {
      if (req.principal.kind !== 'federated-user') return undefined;
      if (req.service === 'iam') return 'GetFederationToken sessions cannot call any IAM action';
      if (req.service === 'sts' && req.actionLower !== 'sts:getcalleridentity')
        return 'GetFederationToken sessions cannot call STS actions other than GetCallerIdentity';
      return undefined;
    },
  },
  {
    rule: 'SessionTokenRestricted',
    services: ['iam', 'sts'],
    reason: 'SessionTokenRestricted',
    effect: 'Deny',
    test: (req) => {
      if (req.principal.viaGetSessionToken !== true) return undefined;
      if (req.service === 'iam' && req.ctx.get('aws:multifactorauthpresent') !== 'true') {
        return 'GetSessionToken sessions cannot call IAM actions unless the credentials were issued with MFA';
      }
      if (
        req.service === 'sts' &&
        req.actionLower !== 'sts:assumerole' &&
        req.actionLower !== 'sts:getcalleridentity'
      ) {
        return 'GetSessionToken sessions cannot call STS actions other than AssumeRole and GetCallerIdentity';
      }
      return undefined;
    },
  },
  {
    rule: 'S3RestrictPublicBuckets',
    services: ['s3'],
    reason: 'S3BlockPublicAccess',
    effect: 'Deny',
    test: (req, { s3 }) =>
      s3?.restrictPublicBuckets && s3.bucketPolicyPublic && outsideBucketOwner(req, s3.owner)
        ? "RestrictPublicBuckets is on and the bucket policy is public: only AWS services and principals of the bucket owner's account may use it"
        : undefined,
  },
  {
    rule: 'S3BlockPublicPolicy',
    services: ['s3'],
    reason: 'S3BlockPublicAccess',
    effect: 'Deny',
    test: (req, { s3 }) =>
      req.actionLower === 's3:putbucketpolicy' && s3?.blockPublicPolicy && s3.requestPolicyPublic === true
        ? 'BlockPublicPolicy is on and the new bucket policy is public'
        : undefined,
  },
];

const NO_FACTS: ServiceRuleFacts = {};

/** The rules per service prefix: a request only looks at the rules of its service. */
const RULES_BY_SERVICE: ReadonlyMap<string, readonly ServiceRule[]> = (() => {
  const m = new Map<string, ServiceRule[]>();
  for (const r of SERVICE_RULES) for (const s of r.services) m.set(s, [...(m.get(s) ?? []), r]);
  return m;
})();

/**
 * Applies the service rules to a policy decision (spec §4.14, §4.16). An `Allow` rule turns a deny
 * into `Allow`; a `Deny` rule turns an `Allow` into `ImplicitDeny`; either reports
 * `decidedBy: 'service-rule'` and the rule's reason code. An explicit Deny stays an explicit Deny
 * under a `Deny` rule. Every rule that applies is listed in the explanation.
 */
export function applyServiceRules(decision: Decision, req: EvalRequest, facts: ServiceRuleFacts = NO_FACTS): Decision {
  const rules = RULES_BY_SERVICE.get(req.service);
  // S3 rules need Block Public Access facts: without them (the common case) there is nothing to do.
  if (!rules || (req.service === 's3' && !facts.s3)) return decision;
  let hits: (ServiceRuleRef & { reason: DecisionReason })[] | undefined;
  for (const r of rules) {
    const detail = r.test(req, facts);
    if (detail !== undefined) (hits ??= []).push({ rule: r.rule, effect: r.effect, detail, reason: r.reason });
  }
  if (!hits) return decision;
  const allowRule = hits.find((h) => h.effect === 'Allow');
  const denyRule = hits.find((h) => h.effect === 'Deny');
  let out: Decision = decision;
  let changedBy: ServiceRuleRef | undefined;
  if (denyRule && decision.decision === 'Allow') {
    out = { decision: 'ImplicitDeny', decidedBy: 'service-rule', reason: denyRule.reason };
    changedBy = denyRule;
  } else if (allowRule && !denyRule && decision.decision !== 'Allow') {
    out = { decision: 'Allow', decidedBy: 'service-rule', reason: allowRule.reason };
    changedBy = allowRule;
  }
  const e = decision.explanation;
  if (!e) return out;
  const serviceRules = hits.map(({ rule, effect, detail }) => ({ rule, effect, detail }));
  const summary = changedBy
    ? `${changedBy.effect === 'Allow' ? 'Allowed' : 'Denied'} by the service rule ${changedBy.rule}: ${changedBy.detail}. Without it: ${e.summary}`
    : `${e.summary} The service rule ${hits[0]?.rule} applies as well: ${hits[0]?.detail}.`;
  return { ...out, explanation: { ...e, summary, serviceRules } };
}
