/**
 * The world format (docs/world-format.md) as hand-written types: `WorldInput` is what a caller
 * writes (defaults may be left out), `World` the validated world with defaults filled in. The
 * zod schema in src/model/world.ts validates `unknown` at run time; test/types/api-types.test.ts
 * proves at compile time that the schema's input and output are these types, so they cannot drift.
 */
import type { WorldPolicyDocument as PolicyDocument } from './policy-document.js';

/** A policy as a world attaches it: a managed policy ARN, a named document, or a document. */
export type PolicyRef = string | { name: string; document: PolicyDocument } | PolicyDocument;

/** An access key of a user. */
export interface WorldAccessKey {
  /** `AKIA…` */
  id: string;
  status: 'Active' | 'Inactive';
  secret?: string | undefined;
  created?: string | undefined;
  lastUsed?: string | undefined;
}

/** A console password of a user. */
export interface WorldPassword {
  enabled: boolean;
  lastUsed?: string | undefined;
  created?: string | undefined;
}

/** An IAM user. */
export interface WorldUser {
  userId?: string | undefined;
  path?: string | undefined;
  policies: PolicyRef[];
  /** Group ARNs. */
  groups: string[];
  permissionsBoundary?: PolicyRef | undefined;
  tags?: Record<string, string> | undefined;
  mfaDevices: string[];
  password?: WorldPassword | undefined;
  accessKeys: WorldAccessKey[];
}

/** An IAM group. */
export interface WorldGroup {
  groupId?: string | undefined;
  policies: PolicyRef[];
}

/** An IAM role. */
export interface WorldRole {
  roleId?: string | undefined;
  path?: string | undefined;
  trustPolicy: PolicyDocument;
  policies: PolicyRef[];
  permissionsBoundary?: PolicyRef | undefined;
  tags?: Record<string, string> | undefined;
  /** Seconds, 3600–43200. */
  maxSessionDuration: number;
  serviceLinked: boolean;
  description?: string | undefined;
  lastUsed?: string | undefined;
  created?: string | undefined;
}

/** How a session was created. */
export type SessionOrigin =
  | 'AssumeRole'
  | 'AssumeRoleWithSAML'
  | 'AssumeRoleWithWebIdentity'
  | 'GetFederationToken'
  | 'InstanceProfile'
  | 'Lambda';

/** A role session or federated-user session. */
export interface WorldSession {
  type: 'AssumedRole' | 'FederatedUser';
  roleArn?: string | undefined;
  userArn?: string | undefined;
  issuedAt: string;
  expiresAt: string;
  sessionPolicies?: PolicyRef[] | undefined;
  sessionTags?: Record<string, string> | undefined;
  transitiveTagKeys?: string[] | undefined;
  mfaPresent?: boolean | undefined;
  mfaAuthenticatedAt?: string | undefined;
  sourceIdentity?: string | undefined;
  chained?: boolean | undefined;
  via?: SessionOrigin | undefined;
  federatedProvider?: string | undefined;
  /** Keys the session carries into every request (e.g. `saml:sub`). */
  context?: Record<string, string | string[]> | undefined;
  credentials?:
    { accessKeyId: string; secretAccessKey?: string | undefined; sessionToken?: string | undefined } | undefined;
}

/** GetSessionToken credentials of a user. */
export interface WorldUserSession {
  userArn: string;
  accessKeyId: string;
  secretAccessKey?: string | undefined;
  sessionToken?: string | undefined;
  issuedAt: string;
  expiresAt: string;
  mfaPresent: boolean;
  mfaAuthenticatedAt?: string | undefined;
}

/** How strictly a resource policy's grants are read (spec §4.5). */
export type ResourcePolicyKind = 'generic' | 'kms-key' | 'role-trust';

/** A resource-based policy by name (the request's `resourcePolicy`). */
export interface WorldResourcePolicy {
  kind: ResourcePolicyKind;
  strict?: boolean | undefined;
  policy: PolicyDocument;
  resource?: string | undefined;
  account?: string | undefined;
}

/** S3 Block Public Access settings of an account or a bucket (spec §4.16). */
export interface S3BlockPublicAccessSettings {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

/** A VPC endpoint (spec §4.15). */
export interface WorldVpcEndpoint {
  vpc: string;
  account: string;
  service?: string | undefined;
  /** Absent: the default full-access policy. */
  policy?: PolicyDocument | undefined;
}

/** A resource by ARN. */
export interface WorldResource {
  account?: string | undefined;
  tags?: Record<string, string> | undefined;
  policy?: PolicyDocument | undefined;
  kind: ResourcePolicyKind;
  strict?: boolean | undefined;
  type?: string | undefined;
  awsManaged?: boolean | undefined;
  s3BlockPublicAccess?: S3BlockPublicAccessSettings | undefined;
}

/** An EC2 instance profile. */
export interface WorldInstanceProfile {
  instanceProfileId?: string | undefined;
  /** The role ARN. */
  role: string;
}

/** A SAML or OIDC identity provider. */
export interface WorldIdentityProvider {
  type: 'SAML' | 'OIDC';
  url?: string | undefined;
  audiences?: string[] | undefined;
}

/** An account. */
export interface WorldAccount {
  org?: string | undefined;
  /** Organizational units from the root down. */
  parents: string[];
  name?: string | undefined;
  s3BlockPublicAccess?: S3BlockPublicAccessSettings | undefined;
}

/** The organization: SCPs and RCPs by target (root, OU or account id). */
export interface WorldOrganization {
  id: string;
  rootId: string;
  managementAccount: string;
  scps?: Record<string, PolicyRef[]> | undefined;
  rcps?: Record<string, PolicyRef[]> | undefined;
}

/** A managed policy defined by the world. */
export type WorldManagedPolicy = { name?: string | undefined; document: PolicyDocument } | PolicyDocument;

/** A validated world, defaults filled in (what `validateWorld` and `Authorizer.world` give). */
export interface World {
  accounts: Record<string, WorldAccount>;
  organization?: WorldOrganization | undefined;
  managedPolicies: Record<string, WorldManagedPolicy>;
  users: Record<string, WorldUser>;
  groups: Record<string, WorldGroup>;
  roles: Record<string, WorldRole>;
  instanceProfiles: Record<string, WorldInstanceProfile>;
  sessions: Record<string, WorldSession>;
  userSessions: Record<string, WorldUserSession>;
  resourcePolicies: Record<string, WorldResourcePolicy>;
  resources: Record<string, WorldResource>;
  identityProviders: Record<string, WorldIdentityProvider>;
  vpcEndpoints: Record<string, WorldVpcEndpoint>;
}

/** Makes the listed keys optional (members with defaults may be left out when writing a world). */
type Defaulted<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/** S3 Block Public Access settings as written: a setting left out is `false`. */
export type S3BlockPublicAccessInput = Partial<S3BlockPublicAccessSettings>;

/** A world as written: every member with a default may be left out. */
export interface WorldInput {
  accounts?:
    | Record<
        string,
        Defaulted<Omit<WorldAccount, 's3BlockPublicAccess'>, 'parents'> & {
          s3BlockPublicAccess?: S3BlockPublicAccessInput | undefined;
        }
      >
    | undefined;
  organization?: WorldOrganization | undefined;
  managedPolicies?: Record<string, WorldManagedPolicy> | undefined;
  users?:
    | Record<
        string,
        Defaulted<Omit<WorldUser, 'password' | 'accessKeys'>, 'policies' | 'groups' | 'mfaDevices'> & {
          password?: Partial<WorldPassword> | undefined;
          accessKeys?: Defaulted<WorldAccessKey, 'status'>[] | undefined;
        }
      >
    | undefined;
  groups?: Record<string, Defaulted<WorldGroup, 'policies'>> | undefined;
  roles?: Record<string, Defaulted<WorldRole, 'policies' | 'maxSessionDuration' | 'serviceLinked'>> | undefined;
  instanceProfiles?: Record<string, WorldInstanceProfile> | undefined;
  sessions?: Record<string, WorldSession> | undefined;
  userSessions?: Record<string, Defaulted<WorldUserSession, 'mfaPresent'>> | undefined;
  resourcePolicies?: Record<string, Defaulted<WorldResourcePolicy, 'kind'>> | undefined;
  resources?:
    | Record<
        string,
        Defaulted<Omit<WorldResource, 's3BlockPublicAccess'>, 'kind'> & {
          s3BlockPublicAccess?: S3BlockPublicAccessInput | undefined;
        }
      >
    | undefined;
  identityProviders?: Record<string, WorldIdentityProvider> | undefined;
  vpcEndpoints?: Record<string, WorldVpcEndpoint> | undefined;
}
