/**
 * The world format: an AWS estate as plain, serializable data. It is a superset of the scenario
 * world of spec §0.3 (every scenario world is a valid world); see docs/world-format.md.
 * Policy documents inside a world are validated later by the policy parser.
 */
import { z } from 'zod';
import { parseDate } from '../condition/date.js';
import { isIamEntityArn } from '../policy/iam-names.js';

const ACCOUNT_ID = /^\d{12}$/;
const accountId = z.string().regex(ACCOUNT_ID, 'an account id is 12 digits');
// Entity ARNs are checked by splitting, not by a backtracking regex (issue #11).
const arnOf = (what: string, kind: 'user' | 'group' | 'role') =>
  z.string().refine((s) => isIamEntityArn(s, kind), `not ${what}`);
const USER_ARN = 'user';
const GROUP_ARN = 'group';
const ROLE_ARN = 'role';
/** A date-time such as `2025-06-01T12:00:00Z`: calendar-checked, so `2025-02-30T…` is refused. */
const ISO_TIME = z
  .string()
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(parseDate(s)),
    'not an ISO 8601 date-time (YYYY-MM-DDThh:mm:ssZ)',
  );
const tags = z
  .record(z.string().min(1).max(128), z.string().max(256))
  .refine(
    (t) => Object.keys(t).length <= 50,
    'at most 50 tags (spec §8.2: tags per user or role, session tags per session)',
  );

/** A policy document (validated later by `parsePolicy`). */
const document = z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
  message: 'a policy document is a JSON object',
});

/**
 * A policy attached to an identity: a document, a managed policy ARN (`arn:aws:iam::…:policy/…`),
 * or a named document (`{ name, document }`).
 */
const policyRef = z.union([
  z.string().regex(/^arn:[\w-]+:iam::(\d{12}|aws):policy\//, 'not a managed policy ARN'),
  z.object({ name: z.string().min(1), document }),
  document,
]);

const accessKey = z.object({
  id: z.string().regex(/^AKIA[A-Z0-9]{12,124}$/, 'a long-term access key id starts with AKIA'),
  status: z.enum(['Active', 'Inactive']).default('Active'),
  secret: z.string().optional(),
  created: ISO_TIME.optional(),
  lastUsed: ISO_TIME.optional(),
});

const user = z.object({
  userId: z.string().max(128).optional(),
  path: z.string().optional(),
  policies: z.array(policyRef).default([]),
  groups: z.array(arnOf('a group ARN', GROUP_ARN)).max(10).default([]),
  permissionsBoundary: policyRef.optional(),
  tags: tags.optional(),
  mfaDevices: z.array(z.string()).max(8).default([]),
  password: z
    .object({ enabled: z.boolean().default(true), lastUsed: ISO_TIME.optional(), created: ISO_TIME.optional() })
    .optional(),
  accessKeys: z.array(accessKey).max(2, 'a user has at most two access keys').default([]),
});

const group = z.object({ groupId: z.string().optional(), policies: z.array(policyRef).default([]) });

const role = z.object({
  roleId: z.string().max(128).optional(),
  path: z.string().optional(),
  trustPolicy: document,
  policies: z.array(policyRef).default([]),
  permissionsBoundary: policyRef.optional(),
  tags: tags.optional(),
  maxSessionDuration: z.number().int().min(3600).max(43200).default(3600),
  serviceLinked: z.boolean().default(false),
  description: z.string().optional(),
  /** When the role was last assumed (IAM `RoleLastUsed.LastUsedDate`); informational, read by the audit. */
  lastUsed: ISO_TIME.optional(),
  /** When the role was created (IAM `CreateDate`); informational, read by the audit. */
  created: ISO_TIME.optional(),
});

const session = z.object({
  type: z.enum(['AssumedRole', 'FederatedUser']),
  roleArn: arnOf('a role ARN', ROLE_ARN).optional(),
  userArn: arnOf('a user ARN', USER_ARN).optional(),
  issuedAt: ISO_TIME,
  expiresAt: ISO_TIME,
  sessionPolicies: z.array(policyRef).optional(),
  sessionTags: tags.optional(),
  transitiveTagKeys: z.array(z.string()).optional(),
  mfaPresent: z.boolean().optional(),
  mfaAuthenticatedAt: ISO_TIME.optional(),
  sourceIdentity: z.string().optional(),
  chained: z.boolean().optional(),
  /** How the session was created; decides some keys (e.g. EC2 instance keys). */
  via: z
    .enum([
      'AssumeRole',
      'AssumeRoleWithSAML',
      'AssumeRoleWithWebIdentity',
      'GetFederationToken',
      'InstanceProfile',
      'Lambda',
    ])
    .optional(),
  federatedProvider: z.string().optional(),
  /** Keys the session carries into every request (e.g. `saml:sub`, `ec2:SourceInstanceArn`). */
  context: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  credentials: z
    .object({ accessKeyId: z.string(), secretAccessKey: z.string().optional(), sessionToken: z.string().optional() })
    .optional(),
});

/** GetSessionToken credentials: temporary credentials with the user's own permissions (spec §5.2). */
const userSession = z.object({
  userArn: arnOf('a user ARN', USER_ARN),
  accessKeyId: z.string(),
  secretAccessKey: z.string().optional(),
  sessionToken: z.string().optional(),
  issuedAt: ISO_TIME,
  expiresAt: ISO_TIME,
  mfaPresent: z.boolean().default(false),
  mfaAuthenticatedAt: ISO_TIME.optional(),
});

const resourcePolicyKind = z.enum(['generic', 'kms-key', 'role-trust']);

const resourcePolicy = z.object({
  kind: resourcePolicyKind.default('generic'),
  /** Overrides the kind's strictness (spec §4.5, §10 E3). */
  strict: z.boolean().optional(),
  policy: document,
  /** The resource the policy is attached to, and its owner. */
  resource: z.string().optional(),
  account: accountId.optional(),
});

/**
 * S3 Block Public Access settings (spec §4.16): on an account (all its buckets) or on a bucket; the
 * effective value of each setting is the OR of both. ACL settings are recorded, not applied (ACLs
 * are not modelled).
 */
const s3BlockPublicAccess = z.object({
  blockPublicAcls: z.boolean().default(false),
  ignorePublicAcls: z.boolean().default(false),
  blockPublicPolicy: z.boolean().default(false),
  restrictPublicBuckets: z.boolean().default(false),
});

/** A VPC endpoint (spec §4.15): requests that name it are also bound by its policy. */
const vpcEndpoint = z.object({
  vpc: z.string().min(1),
  account: accountId,
  /** The endpoint's service, e.g. `com.amazonaws.us-east-1.s3` (informational). */
  service: z.string().optional(),
  /** The endpoint policy; absent = the default full-access policy. */
  policy: document.optional(),
});

const resource = z.object({
  account: accountId.optional(),
  tags: tags.optional(),
  policy: document.optional(),
  kind: resourcePolicyKind.default('generic'),
  strict: z.boolean().optional(),
  /** The service's own name for the resource type, informational (`s3:bucket`, `kms:key`). */
  type: z.string().optional(),
  /** An AWS managed resource (e.g. an `aws/…` KMS key): RCPs never apply to it (spec §4.9). */
  awsManaged: z.boolean().optional(),
  /** Buckets: their own S3 Block Public Access settings (spec §4.16). */
  s3BlockPublicAccess: s3BlockPublicAccess.optional(),
});

const instanceProfile = z.object({
  instanceProfileId: z.string().optional(),
  role: arnOf('a role ARN', ROLE_ARN),
});

const identityProvider = z.object({
  type: z.enum(['SAML', 'OIDC']),
  url: z.string().optional(),
  audiences: z.array(z.string()).optional(),
});

const account = z.object({
  org: z.string().optional(),
  parents: z.array(z.string()).default([]),
  name: z.string().optional(),
  /** The account-level S3 Block Public Access settings (spec §4.16). */
  s3BlockPublicAccess: s3BlockPublicAccess.optional(),
});

const organization = z.object({
  id: z.string().min(1),
  rootId: z.string().min(1),
  managementAccount: accountId,
  scps: z.record(z.string(), z.array(policyRef)).optional(),
  rcps: z.record(z.string(), z.array(policyRef)).optional(),
});

const managedPolicy = z.union([z.object({ name: z.string().optional(), document }), document]);

/** The zod schema of a world. */
export const worldSchema = z.object({
  accounts: z.record(accountId, account).default({}),
  organization: organization.optional(),
  managedPolicies: z
    .record(z.string().regex(/^arn:[\w-]+:iam::(\d{12}|aws):policy\//, 'not a managed policy ARN'), managedPolicy)
    .default({}),
  users: z.record(arnOf('a user ARN', USER_ARN), user).default({}),
  groups: z.record(arnOf('a group ARN', GROUP_ARN), group).default({}),
  roles: z.record(arnOf('a role ARN', ROLE_ARN), role).default({}),
  instanceProfiles: z.record(z.string(), instanceProfile).default({}),
  sessions: z.record(z.string(), session).default({}),
  userSessions: z.record(z.string(), userSession).default({}),
  resourcePolicies: z.record(z.string(), resourcePolicy).default({}),
  resources: z.record(z.string(), resource).default({}),
  identityProviders: z.record(z.string(), identityProvider).default({}),
  vpcEndpoints: z.record(z.string().regex(/^vpce-[0-9a-z]+$/, 'a VPC endpoint id is vpce-…'), vpcEndpoint).default({}),
});

// The public types are written by hand (src/types/world.ts); test/types/api-types.test.ts proves
// that this schema's input and output are exactly those types.
export type {
  World,
  WorldInput,
  WorldSession,
  WorldUserSession,
  PolicyRef,
  WorldAccessKey,
  S3BlockPublicAccessSettings,
} from '../types/world.js';

/** The members each kind of world record may have, to warn about unknown (likely misspelt) ones. */
export const WORLD_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  world: Object.keys(worldSchema.shape),
  accounts: Object.keys(account.shape),
  users: Object.keys(user.shape),
  groups: Object.keys(group.shape),
  roles: Object.keys(role.shape),
  sessions: Object.keys(session.shape),
  userSessions: Object.keys(userSession.shape),
  resourcePolicies: Object.keys(resourcePolicy.shape),
  resources: Object.keys(resource.shape),
  instanceProfiles: Object.keys(instanceProfile.shape),
  identityProviders: Object.keys(identityProvider.shape),
  organization: Object.keys(organization.shape),
  vpcEndpoints: Object.keys(vpcEndpoint.shape),
};
