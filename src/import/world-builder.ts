/**
 * Accumulates the world an importer builds, entity by entity, and turns it into the world format.
 * Shared by every importer so that they model the same things the same way (e.g. a bucket policy
 * is both the bucket's policy and a named resource policy for requests on its objects).
 */
import type { ManagedPolicyCatalog } from '../model/load.js';
import type { WorldInput } from '../model/world.js';
import { isObject } from './input.js';
import { normalizeDocument } from './policy-document.js';
import { unresolvedDocument, unresolvedManagedPolicyArn } from './placeholder.js';
import type { ImportIssues } from './result.js';

/** A policy reference as importers build it: managed ARN or named document. */
export type ImportedPolicy = string | { name: string; document: Record<string, unknown> };

/** A user being built. */
export interface UserRecord {
  userId?: string;
  path?: string;
  policies: ImportedPolicy[];
  groups: string[];
  permissionsBoundary?: string;
  tags?: Record<string, string>;
}

/** A group being built. */
export interface GroupRecord {
  groupId?: string;
  policies: ImportedPolicy[];
}

/** A role being built. */
export interface RoleRecord {
  roleId?: string;
  path?: string;
  trustPolicy: Record<string, unknown>;
  policies: ImportedPolicy[];
  permissionsBoundary?: string;
  tags?: Record<string, string>;
  maxSessionDuration?: number;
  serviceLinked?: boolean;
  description?: string;
  /** `RoleLastUsed.LastUsedDate` and `CreateDate` of account snapshots (read by the audit). */
  lastUsed?: string;
  created?: string;
}

/** A resource being built. */
export interface ResourceRecord {
  account?: string;
  tags?: Record<string, string>;
  policy?: Record<string, unknown>;
  kind?: 'generic' | 'kms-key';
  type?: string;
  /** Buckets: S3 Block Public Access settings (spec §4.16). */
  s3BlockPublicAccess?: S3BlockPublicAccessInput;
}

/** S3 Block Public Access settings as the importers write them. */
export interface S3BlockPublicAccessInput {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

const ACCOUNT = /^\d{12}$/;
const MANAGED_ARN = /^arn:[\w-]+:iam::(\d{12}|aws):policy\//;

/** The world under construction. */
export class WorldBuilder {
  readonly users = new Map<string, UserRecord>();
  readonly groups = new Map<string, GroupRecord>();
  readonly roles = new Map<string, RoleRecord>();
  readonly managedPolicies = new Map<string, { name?: string; document: Record<string, unknown> }>();
  readonly resources = new Map<string, ResourceRecord>();
  readonly instanceProfiles = new Map<string, { instanceProfileId?: string; role: string }>();
  readonly accounts = new Map<
    string,
    { org?: string; parents: string[]; name?: string; s3BlockPublicAccess?: S3BlockPublicAccessInput }
  >();
  /** VPC endpoints by id (spec §4.15). */
  readonly vpcEndpoints = new Map<
    string,
    { vpc: string; account: string; service?: string; policy?: Record<string, unknown> }
  >();
  organization: WorldInput['organization'];
  /** Source name → ARN of every imported entity. */
  readonly arns: Record<string, string> = {};
  /**
   * Resources whose policy also governs their sub-resources (an OpenSearch domain's indexes, an
   * API's methods): their policy is also a named entry of `resourcePolicies`, so that a request
   * on a sub-resource can name it (`resourcePolicy: <ARN>`), as a bucket policy can be named.
   */
  readonly sharedPolicies = new Set<string>();

  constructor(
    readonly issues: ImportIssues,
    readonly partition: string,
  ) {}

  /** Records an account id (only 12-digit ids). */
  account(id: string | undefined): void {
    if (id !== undefined && ACCOUNT.test(id) && !this.accounts.has(id)) this.accounts.set(id, { parents: [] });
  }

  /**
   * A managed policy ARN usable in the world: the ARN itself when it is one, otherwise an
   * unresolved managed policy that applies to nothing (reported).
   */
  managedRef(arn: unknown, account: string, path: string): string {
    if (typeof arn === 'string' && MANAGED_ARN.test(arn) && !arn.includes('iam-verdict-unresolved')) return arn;
    const what = typeof arn === 'string' ? arn.slice(arn.lastIndexOf(':') + 1) : 'policy';
    const replacement = unresolvedManagedPolicyArn(
      this.partition,
      ACCOUNT.test(account) ? account : '000000000000',
      what,
    );
    if (!this.managedPolicies.has(replacement)) {
      this.managedPolicies.set(replacement, {
        name: 'unresolved',
        document: unresolvedDocument('identity', this.partition),
      });
    }
    this.issues.warn(
      'unresolved-managed-policy',
      path,
      `the managed policy ARN ${typeof arn === 'string' ? arn : JSON.stringify(arn)} is not known; it was replaced by a policy that applies to nothing`,
    );
    return replacement;
  }

  /** Sets the resource-based policy of a resource (replacing an earlier one, with a warning). */
  resourcePolicy(
    arn: string,
    doc: Record<string, unknown>,
    kind: 'generic' | 'kms-key',
    account: string | undefined,
    path: string,
  ): void {
    const r = this.resource(arn, account);
    // A state lists a bucket's policy twice (the bucket's own `policy` and the policy resource): only a different one is news.
    if (r.policy && JSON.stringify(r.policy) !== JSON.stringify(doc))
      this.issues.warn(
        'duplicate-resource-policy',
        path,
        `${arn} already has a resource policy; the later one replaces it`,
      );
    r.policy = doc;
    r.kind = kind;
  }

  /** Appends statements to the resource-based policy of a resource (Lambda permissions). */
  appendStatements(arn: string, statements: readonly Record<string, unknown>[], account: string | undefined): void {
    const r = this.resource(arn, account);
    const current = r.policy?.Statement;
    const list = Array.isArray(current) ? current : current === undefined ? [] : [current];
    r.policy = { Version: '2012-10-17', ...(r.policy ?? {}), Statement: [...list, ...statements] };
  }

  /** The record of a resource, created when new. */
  resource(arn: string, account?: string, type?: string): ResourceRecord {
    let r = this.resources.get(arn);
    if (!r) {
      r = {};
      this.resources.set(arn, r);
    }
    if (account !== undefined && ACCOUNT.test(account) && r.account === undefined) r.account = account;
    if (type !== undefined && r.type === undefined) r.type = type;
    return r;
  }

  /**
   * Copies managed policies that entities attach but the source does not define from `catalog`;
   * warns about those nobody can resolve.
   */
  resolveManagedPolicies(catalog: ManagedPolicyCatalog | undefined): void {
    const referenced = new Map<string, string>();
    const note = (ref: ImportedPolicy | undefined, where: string) => {
      if (typeof ref === 'string' && !referenced.has(ref)) referenced.set(ref, where);
    };
    for (const [arn, u] of this.users) [...u.policies, u.permissionsBoundary].forEach((p) => note(p, arn));
    for (const [arn, g] of this.groups) g.policies.forEach((p) => note(p, arn));
    for (const [arn, r] of this.roles) [...r.policies, r.permissionsBoundary].forEach((p) => note(p, arn));
    for (const [arn, by] of referenced) {
      if (this.managedPolicies.has(arn)) continue;
      let doc: unknown;
      try {
        doc = catalog?.(arn);
      } catch {
        doc = undefined;
      }
      if (doc !== undefined && doc !== null) {
        const document = normalizeDocument(doc, {
          issues: this.issues,
          path: `managedPolicies[${JSON.stringify(arn)}]`,
          type: 'identity',
          partition: this.partition,
          awsManaged: arn.includes(':iam::aws:'),
        });
        this.managedPolicies.set(arn, { name: arn.slice(arn.lastIndexOf('/') + 1), document });
      } else {
        this.issues.warn(
          'undefined-managed-policy',
          by,
          `the managed policy ${arn} is attached but not defined; pass a managed policy catalog (option managedPolicies) to the importer or to createAuthorizer`,
        );
      }
    }
  }

  /** The world in the library's format. */
  build(): WorldInput {
    const clean = <T extends object>(o: T): T =>
      Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
    const world: WorldInput = {
      accounts: Object.fromEntries(this.accounts),
      managedPolicies: Object.fromEntries(this.managedPolicies),
      users: Object.fromEntries([...this.users].map(([k, v]) => [k, clean(v)])),
      groups: Object.fromEntries([...this.groups].map(([k, v]) => [k, clean(v)])),
      roles: Object.fromEntries([...this.roles].map(([k, v]) => [k, clean(v)])),
      instanceProfiles: Object.fromEntries(this.instanceProfiles),
      resources: Object.fromEntries([...this.resources].map(([k, v]) => [k, clean(v)])),
      resourcePolicies: Object.fromEntries(
        [...this.resources]
          .filter(([arn, r]) => r.policy && (isBucket(arn) || this.sharedPolicies.has(arn)))
          .map(([arn, r]) => [
            arn,
            clean({
              kind: 'generic' as const,
              policy: r.policy as Record<string, unknown>,
              resource: arn,
              account: r.account,
            }),
          ]),
      ),
    };
    if (this.vpcEndpoints.size > 0) world.vpcEndpoints = Object.fromEntries(this.vpcEndpoints);
    return this.organization ? { ...world, organization: this.organization } : world;
  }
}

/** Whether an ARN names an S3 bucket (whose policy also governs its objects). */
export function isBucket(arn: string): boolean {
  return /^arn:[\w-]+:s3:::[^/]+$/.test(arn);
}

/** Tags given as `[{ Key, Value }]` (CloudFormation, IAM API) as a map; malformed entries are skipped. */
export function tagList(raw: unknown): Record<string, string> | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out: Record<string, string> = {};
  for (const t of raw) {
    if (isObject(t) && typeof t.Key === 'string' && (typeof t.Value === 'string' || typeof t.Value === 'number'))
      out[t.Key] = String(t.Value);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
