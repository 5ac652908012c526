/**
 * Resources of a world, compiled once (the mirror of the principal directory): for a request, one
 * place decides which resource-based policy governs it, who owns the resource and its tags.
 */
import { ContextMap, type ContextLookup } from '../condition/context.js';
import type { CompiledPolicy } from '../evaluate/compile.js';
import type { PolicyLayers, ResourcePolicyKind } from '../evaluate/decide.js';
import { arnAccount } from './ids.js';
import { setTags } from './keys.js';
import type { PolicyCompiler } from './load.js';
import type { PrincipalDirectory } from './principals.js';
import type { World } from './world.js';

/** A resource-based policy with how it must be treated (spec §4.5). */
export type ResourceLayer = NonNullable<PolicyLayers['resource']>;

/** A resource-based policy and the account that owns what it is attached to. */
interface PolicyEntry {
  readonly layer: ResourceLayer;
  readonly account: string | undefined;
}

/** A `resources` record. */
interface ResourceRecord {
  readonly layer: ResourceLayer | undefined;
  /** `layer` and `account` as the policy entry `governing` returns (built once, not per request). */
  readonly entry: PolicyEntry | undefined;
  readonly account: string | undefined;
  readonly tags: ContextMap | undefined;
  readonly awsManaged: boolean;
}

/**
 * What the world holds under one ARN: its `resources` record and the resource policy attached to it,
 * in one entry so that a request looks its resource (and its bucket) up once each.
 */
interface ArnEntry {
  record: ResourceRecord | undefined;
  attached: PolicyEntry | undefined;
}

/** What the world says about the resource of one request. */
export interface GoverningResource {
  /** The resource-based policy that governs the request, if any. */
  readonly policy: ResourceLayer | undefined;
  /** The owner of the resource when the world knows it (record, attached policy, bucket, role, ARN). */
  readonly account: string | undefined;
  /** `true` when the account comes from the world rather than from the ARN alone. */
  readonly accountKnown: boolean;
  /** `aws:ResourceTag/*` of the resource (its record, or the IAM role or user it names). */
  readonly tags: ContextLookup | undefined;
  /** An AWS managed resource: RCPs never apply (spec §4.9). */
  readonly awsManaged: boolean;
}

/** Actions whose resource is a role and whose resource-based policy is its trust policy (spec §6.1). */
const ASSUME_ROLE_ACTIONS = new Set([
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:tagsession',
  'sts:setsourceidentity',
]);

/** `true` for an action whose resource policy is a role's trust policy. */
export function isAssumeRoleAction(actionLower: string): boolean {
  // Every one is an `sts:` action: most requests are told apart by their first two letters (`s3:`, `sqs:`, … are not).
  return (
    actionLower.charCodeAt(1) === 116 /* t */ &&
    actionLower.charCodeAt(0) === 115 /* s */ &&
    ASSUME_ROLE_ACTIONS.has(actionLower)
  );
}

/** For an S3 object ARN, the ARN of its bucket (a bucket's record and policy govern its objects). */
export function bucketOf(arn: string): string | undefined {
  const s3 = arn.indexOf(':s3:::');
  // `arn:<partition>:s3:::<bucket>/<key>`: the partition has no colon, bucket and key are not empty.
  if (s3 < 5 || !arn.startsWith('arn:') || arn.indexOf(':', 4) !== s3) return undefined;
  const slash = arn.indexOf('/', s3 + 6);
  return slash > s3 + 6 && slash < arn.length - 1 ? arn.slice(0, slash) : undefined;
}

/** The resources and resource-based policies of a world. */
export class ResourceDirectory {
  // Each map is made with its first entry: a world without resource policies, resources or tagged
  // entities makes none of them (a one-shot call builds this directory for one decision, issue #16).
  private named: Map<string, PolicyEntry> | undefined = undefined;
  /**
   * Per ARN: its `resources` record and the resource policy attached to it (`resource`, or a
   * `resourcePolicies` key that is an ARN).
   */
  private byArn: Map<string, ArnEntry> | undefined = undefined;
  /**
   * The tags of IAM roles and users, as `aws:ResourceTag/*` when they are the resource: each made
   * on the first request on that role or user (most are never a request's resource; a one-shot
   * call asks one question), at most one per role and user of the world.
   */
  private entityTags: Map<string, ContextMap> | undefined = undefined;
  /** Equal tag sets share one map (most resources and principals carry one of a few tag sets). */
  private readonly tagMaps = new TagMaps();

  constructor(
    world: World,
    compiler: PolicyCompiler,
    private readonly principals: PrincipalDirectory,
  ) {
    // By keys, not entries (no pair array per member): a one-shot call builds this directory for
    // one decision (issue #16).
    const names = Object.keys(world.resourcePolicies);
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const rp = world.resourcePolicies[name] as World['resourcePolicies'][string];
      const type = rp.kind === 'role-trust' ? 'trust' : 'resource';
      const policy = compiler.document(rp.policy, type, name, () => `resourcePolicies[${JSON.stringify(name)}].policy`);
      // A policy keyed by an ARN without `resource` is attached to that ARN (as importers write bucket policies).
      const target = rp.resource ?? (name.startsWith('arn:') ? name : undefined);
      if (!policy) continue;
      const entry: PolicyEntry = {
        layer: resourceLayer(policy, rp.kind, rp.strict),
        account: rp.account ?? (target ? arnAccount(target) : undefined),
      };
      (this.named ??= new Map()).set(name, entry);
      if (target !== undefined) {
        const at = this.entryOf(target);
        at.attached ??= entry;
      }
    }
    const tagMaps = this.tagMaps;
    const arns = Object.keys(world.resources);
    for (let i = 0; i < arns.length; i++) {
      const arn = arns[i] as string;
      const r = world.resources[arn] as World['resources'][string];
      const policy = r.policy
        ? compiler.document(r.policy, 'resource', arn, () => `resources[${JSON.stringify(arn)}].policy`)
        : undefined;
      const tags = r.tags ? tagMaps.of(r.tags) : undefined;
      const layer = policy ? resourceLayer(policy, r.kind, r.strict) : undefined;
      const account = r.account ?? arnAccount(arn);
      this.entryOf(arn).record = {
        layer,
        entry: layer ? { layer, account } : undefined,
        account,
        tags,
        awsManaged: r.awsManaged === true,
      };
    }
  }

  /** The tags of the IAM role or user `arn` as `aws:ResourceTag/*` (see {@link entityTags}), if it has any. */
  private entityTagsOf(arn: string): ContextMap | undefined {
    const known = this.entityTags?.get(arn);
    if (known !== undefined) return known;
    const entity = this.principals.roles.get(arn) ?? this.principals.users.get(arn);
    if (entity === undefined || !hasMembers(entity.tags)) return undefined;
    const tags = this.tagMaps.of(entity.tags);
    (this.entityTags ??= new Map()).set(arn, tags);
    return tags;
  }

  private entryOf(arn: string): ArnEntry {
    const byArn = (this.byArn ??= new Map());
    let e = byArn.get(arn);
    if (!e) byArn.set(arn, (e = { record: undefined, attached: undefined }));
    return e;
  }

  /** `true` when the world has a resource policy of that name. */
  hasPolicy(name: string): boolean {
    return this.named?.has(name) === true;
  }

  /**
   * The resource-based policy the world attaches to a resource: its record's policy, a policy
   * attached to its ARN, for an S3 object its bucket's, for the assume-role actions the role's trust
   * policy.
   */
  private attachedTo(
    resource: string,
    own: ArnEntry | undefined,
    bucket: ArnEntry | undefined,
    assumeRole: boolean,
  ): PolicyEntry | undefined {
    const entry = own?.record?.entry ?? own?.attached ?? bucket?.record?.entry ?? bucket?.attached;
    if (entry) return entry;
    const role = assumeRole ? this.principals.roles.get(resource) : undefined;
    if (role?.trust) return { layer: { policy: role.trust, kind: 'role-trust' }, account: role.account };
    return undefined;
  }

  /**
   * What governs a request on `resource`. `named` is the request's `resourcePolicy`: with
   * `namedWins` it replaces what the world attaches (simulation), otherwise it is used only for
   * resources the world attaches no policy to. `undefined` when `named` is not in the world.
   * `assumeRole`: the action is one whose resource policy is a role's trust policy
   * ({@link isAssumeRoleAction}).
   */
  governing(
    resource: string,
    assumeRole: boolean,
    named: string | undefined,
    namedWins: boolean,
  ): GoverningResource | undefined {
    const request = named !== undefined ? this.named?.get(named) : undefined;
    if (named !== undefined && !request) return undefined;
    const byArn = this.byArn;
    const own = byArn?.get(resource);
    const record = own?.record;
    const bucketArn = bucketOf(resource);
    const bucket = bucketArn !== undefined ? byArn?.get(bucketArn) : undefined;
    const world = this.attachedTo(resource, own, bucket, assumeRole);
    const chosen = namedWins ? (request ?? world) : (world ?? request);
    const owner =
      record?.account ??
      world?.account ??
      (!record ? bucket?.record?.account : undefined) ??
      this.principals.roles.get(resource)?.account;
    const account = (namedWins && request?.account) || owner || chosen?.account;
    return {
      policy: chosen?.layer,
      account,
      accountKnown: owner !== undefined || chosen?.account !== undefined,
      tags: record?.tags ?? this.entityTagsOf(resource),
      awsManaged: record?.awsManaged === true,
    };
  }
}

/** `aws:ResourceTag/*` maps by tag set: equal sets share one (the table is made on the first set). */
class TagMaps {
  private maps: Map<string, ContextMap> | undefined = undefined;

  of(tags: Readonly<Record<string, string>>): ContextMap {
    const key = JSON.stringify(Object.entries(tags));
    const maps = (this.maps ??= new Map());
    let map = maps.get(key);
    if (!map) {
      map = new ContextMap();
      setTags(map, 'aws:resourcetag/', tags);
      maps.set(key, map);
    }
    return map;
  }
}

/** `true` when a record has an own enumerable member. */
function hasMembers(record: Readonly<Record<string, string>>): boolean {
  return Object.keys(record).length > 0;
}

function resourceLayer(policy: CompiledPolicy, kind: ResourcePolicyKind, strict: boolean | undefined): ResourceLayer {
  // Two literals, not a spread of an empty one (the same members in the same order).
  return strict !== undefined ? { policy, kind, strict } : { policy, kind };
}
