/**
 * The lazily compiled mode, `createAuthorizer(world, { compile: 'lazy' })` (issue #16): a single
 * question over a huge world compiles only what that question touches.
 *
 * At construction nothing is read, indexed, validated or compiled (the few lookups a question needs
 * — a role by name, the owner of an access key, the resource policies attached to an ARN — scan
 * their section when its slice is built, so a single question reads only those sections). A request is answered by an ordinary, fully compiled authorizer
 * over the *slice* of the world the request can reach — the caller's records (user and its groups,
 * role, session, the owner of an access key), the resource's (its record, its bucket's, the resource
 * policies attached to either or named by the request, the role or user it names), the VPC endpoint
 * it names, the managed policies those records attach, and the accounts and organization whole. A
 * decision reads nothing outside that slice, so it is the decision of the whole world (a property
 * test holds lazy and eager authorizers to the same decisions). A slice built for a request also
 * compiles only the statements that may apply to an action of the request's service (every document
 * of the slice is still validated whole, but one none of whose statements may apply to an action
 * of the service by its `Action` or `NotAction`, which it skims and compiles to an empty policy
 * unread: valid or not, such a document can neither allow nor deny one): it answers requests of
 * that service alone, and a request of another service gets its own slice.
 *
 * What differs is validation: only the slice is validated, so an error elsewhere in the world (or
 * in a document the slice skims) does not stop this question (the default, eager mode refuses the
 * whole world), and an error inside the slice fails this question closed (`InvalidWorld`). The
 * compiled slices are kept per authorizer, at most {@link MAX_SLICES} of them (oldest dropped
 * first); what they hold never changes a decision, only what the next question costs. A small world ({@link SMALL_WORLD}) that is valid
 * whole is compiled whole instead, once: its slices would hold about all of it.
 */
import { failure } from '../evaluate/decide.js';
import type { Decision } from '../evaluate/decision.js';
import { own } from '../evaluate/request/index.js';
import type { Issue } from '../policy/issues.js';
import type { AuthorizationRequest, AuthorizeOptions, AuthorizerOptions, CompiledWorld } from './authorizer-types.js';
import { parseIamEntityArn } from '../policy/iam-names.js';
import type { ResolvedPrincipal } from './principals.js';
import { bucketOf } from './resources.js';
import { PICKED_SECTIONS, PickedWorld, WHOLE_SECTIONS, type PickedSection } from './world-fast.js';

/**
 * A world whose sections a slice picks records from hold at most this many records in all is
 * compiled whole, once, on its first question (issue #16, one-shot on a small world): a slice of
 * it would hold about all of it, and building the slice, its key and its lookups cost a tenth of
 * such a question. A world that is not valid whole is sliced as any other (an error in a record
 * the question does not touch must not stop it).
 */
export const SMALL_WORLD = 4;

/** How many compiled slices a lazy authorizer keeps. */
export const MAX_SLICES = 64;
/**
 * How many characters the keys of the kept slices may hold together (issue #11): the keys are the
 * request's own strings (principal, access key id, resource, resource policy, endpoint), checked
 * against the request caps only later, so a cache bounded in entries alone could hold 64 keys of
 * any length. A key longer than this is not kept at all.
 */
export const MAX_SLICE_KEY_CHARS = 256 * 1024;

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOwn = (o: Obj, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
/** `o`'s own member `k`, if `o` is an object: one test of `o` (a slice reads a few per record). */
const get = (o: unknown, k: string): unknown => (isObject(o) && hasOwn(o, k) ? o[k] : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const BUCKET = /^arn:([\w-]+):s3:::([^/]+)/;
/** A service prefix as an action names it (letters, digits, hyphens), then a colon. */
const SERVICE = /^([A-Za-z0-9-]{1,64}):/;

/**
 * The lower-cased service prefix of a request's action, when it has one (`S3:GetObject` → `s3`),
 * else `undefined` (the slice then compiles everything; the request checks say what is wrong).
 * Every request of the slice is of this service: a decision of another action (`sts:TagSession`
 * for an `sts:AssumeRole` with session tags) stays within it.
 */
function serviceOf(action: unknown): string | undefined {
  const m = typeof action === 'string' ? SERVICE.exec(action) : null;
  return m ? (m[1] as string).toLowerCase() : undefined;
}

/**
 * One member of a slice's key: a string as its length, a colon and itself (so that no two lists of
 * members make the same key, whatever characters they hold), anything else as `-`.
 */
function keyPart(v: unknown): string {
  return typeof v === 'string' ? `${v.length}:${v}` : '-';
}

/**
 * What chooses a question's slice: its principal, access key id, resource, resource policy, VPC
 * endpoint and service, in this order.
 */
type SliceMembers = readonly unknown[];

/** A slice's key: its members' {@link keyPart}s. */
function keyOf(members: SliceMembers): string {
  let key = '';
  for (const m of members) key += keyPart(m);
  return key;
}

/** The length of {@link keyOf}, without making it. */
function keyLength(members: SliceMembers): number {
  let n = 0;
  for (const m of members) n += typeof m === 'string' ? String(m.length).length + 1 + m.length : 1;
  return n;
}

/** Whether two questions have the same key: each member the same string, or neither a string. */
function sameKey(a: SliceMembers, b: SliceMembers): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (typeof x === 'string' ? x !== b[i] : typeof b[i] === 'string') return false;
  }
  return true;
}

/**
 * The ARNs whose records and attached policies a request on `resource` reads: the resource, its
 * bucket's (`bucketOf`: an object of a bucket) and the bucket named by its S3 prefix, each once.
 * An object's bucket is the one its prefix names, if that names any (`bucketOf` takes the same
 * partition, without a colon, and the same bucket, up to the first slash): the prefix is read
 * only when the resource is no object.
 */
function resourceTargets(resource: string): string[] {
  const bucket = bucketOf(resource);
  if (bucket !== undefined) return [resource, bucket];
  const m = BUCKET.exec(resource);
  if (m === null) return [resource];
  const named = `arn:${m[1]}:s3:::${m[2]}`;
  return named === resource ? [resource] : [resource, named];
}

/** Who owns an access key id, in the order the eager authorizer indexes them (later owners win). */
type KeyOwner = { readonly section: 'users' | 'sessions' | 'userSessions'; readonly key: string };

/**
 * The world's sections a slice picks records from, read once per authorizer (each an object, as
 * {@link sectionsOf} checked; absent: `undefined`).
 */
type Sections = Readonly<Record<PickedSection, Obj | undefined>>;

/**
 * The {@link Sections} of a world, each own member read once (one literal: no map made per key);
 * `undefined` when a section a slice reads (picked or whole) is there and not an object.
 */
function sectionsOf(world: Obj): Sections | undefined {
  for (const s of WHOLE_SECTIONS) if (hasOwn(world, s) && !isObject(world[s])) return undefined;
  let objects = true;
  const at = (s: PickedSection): Obj | undefined => {
    if (!hasOwn(world, s)) return undefined;
    const section = world[s];
    if (!isObject(section)) objects = false;
    return section as Obj;
  };
  const sections: Sections = {
    managedPolicies: at('managedPolicies'),
    users: at('users'),
    groups: at('groups'),
    roles: at('roles'),
    sessions: at('sessions'),
    userSessions: at('userSessions'),
    resourcePolicies: at('resourcePolicies'),
    resources: at('resources'),
    vpcEndpoints: at('vpcEndpoints'),
  };
  return objects ? sections : undefined;
}

/** The records one question needs, in the world's own order. */
class Slice {
  /** The records picked per section, by key (a section's map made when it is first picked from). */
  private readonly picked = new Map<PickedSection, Map<string, unknown>>();

  constructor(
    private readonly world: Obj,
    private readonly sections: Sections,
  ) {}

  private pick(section: PickedSection, key: string): unknown {
    const records = this.sections[section];
    if (records === undefined || !hasOwn(records, key)) return undefined;
    const record = records[key];
    if (record === undefined) return undefined;
    let picked = this.picked.get(section);
    if (picked === undefined) this.picked.set(section, (picked = new Map<string, unknown>()));
    else if (picked.has(key)) return undefined;
    picked.set(key, record);
    return record;
  }

  private refs(values: unknown): void {
    for (const r of list(values)) if (typeof r === 'string') this.pick('managedPolicies', r);
  }

  private attached(record: unknown): void {
    this.refs(get(record, 'policies'));
    const boundary = get(record, 'permissionsBoundary');
    if (typeof boundary === 'string') this.pick('managedPolicies', boundary);
  }

  user(arn: string): void {
    const u = this.pick('users', arn);
    if (u === undefined) return;
    this.attached(u);
    for (const g of list(get(u, 'groups')))
      if (typeof g === 'string') this.refs(get(this.pick('groups', g), 'policies'));
  }

  role(arn: string): void {
    const r = this.pick('roles', arn);
    if (r !== undefined) this.attached(r);
  }

  session(arn: string, roleByName: (account: string, name: string) => string | undefined): void {
    const s = this.pick('sessions', arn);
    if (s === undefined) return;
    this.refs(get(s, 'sessionPolicies'));
    const roleArn = get(s, 'roleArn');
    const userArn = get(s, 'userArn');
    if (typeof roleArn === 'string') this.role(roleArn);
    if (typeof userArn === 'string') this.user(userArn);
    const parts = arn.split(':');
    const [kind, roleName] = (parts.slice(5).join(':') || '').split('/');
    if (kind === 'assumed-role' && roleName !== undefined) {
      const byName = roleByName(parts[4] ?? '', roleName);
      if (byName !== undefined) this.role(byName);
    }
  }

  userSession(key: string): void {
    const s = this.pick('userSessions', key);
    const userArn = get(s, 'userArn');
    if (typeof userArn === 'string') this.user(userArn);
  }

  resourcePolicy(name: string): void {
    this.pick('resourcePolicies', name);
  }

  resource(arn: string): void {
    this.pick('resources', arn);
  }

  vpcEndpoint(id: string): void {
    this.pick('vpcEndpoints', id);
  }

  /** The managed policies an organization's SCPs or RCPs (`which`) name. */
  private organizationRefs(org: unknown, which: 'scps' | 'rcps'): void {
    const targets = get(org, which);
    if (isObject(targets)) for (const target of Object.keys(targets)) this.refs(targets[target]);
  }

  /**
   * The slice: whole sections, then the picked records in the world's key order (read straight from
   * the world's sections by the one-pass reader, see {@link PickedWorld}).
   */
  build(): PickedWorld {
    const org = get(this.world, 'organization');
    this.organizationRefs(org, 'scps');
    this.organizationRefs(org, 'rcps');
    for (const [s, picked] of this.picked) {
      // The world's order, so that "the first policy attached to a resource" is the same one. Managed
      // policies are only ever looked up by ARN: their order does not matter, and that section is
      // the largest of a big world.
      if (picked.size === 1 || s === 'managedPolicies') continue;
      const ordered = new Map<string, unknown>();
      for (const k of Object.keys(this.sections[s] as Obj)) if (picked.has(k)) ordered.set(k, picked.get(k));
      this.picked.set(s, ordered);
    }
    return new PickedWorld(this.world, this.picked);
  }
}

/**
 * A lazily compiled authorizer over `input`. `eager` builds the ordinary authorizer of a slice.
 * Never throws.
 */
export function createLazyAuthorizer(
  input: unknown,
  options: AuthorizerOptions,
  eager: (world: unknown, options: AuthorizerOptions, service?: string) => CompiledWorld,
): CompiledWorld | undefined {
  if (!isObject(input)) return undefined;
  const sections = sectionsOf(input);
  return sections && new LazyAuthorizer(input, sections, options, eager);
}

class LazyAuthorizer implements CompiledWorld {
  readonly ok = true;
  readonly errors: readonly Issue[] = [];
  readonly warnings: readonly Issue[] = [];
  /** The world is never validated as a whole in this mode. */
  readonly world = undefined;
  private readonly slices = new Map<string, CompiledWorld>();
  /** The characters of the keys in {@link slices}, at most {@link MAX_SLICE_KEY_CHARS}. */
  private sliceKeyChars = 0;
  /**
   * The first slice, with its question's members, until a second question comes: it is then kept
   * in {@link slices} under its key, made only then (a one-shot call asks one question, and making
   * and hashing its key cost about half a percent of it). Not set when that key would be too long.
   */
  private first: { readonly members: SliceMembers; readonly authorizer: CompiledWorld } | undefined = undefined;
  private readonly options: AuthorizerOptions;
  /**
   * The authorizer of the whole world when it is small ({@link SMALL_WORLD}) and valid, made on
   * the first question; `null` when the world is sliced; `undefined` before the first question.
   */
  private whole: CompiledWorld | null | undefined = undefined;

  // Nothing is indexed up front (issue #16): a single question over a huge world would pay for
  // reading all of it. The few lookups a question needs (a role by name, the owner of an access
  // key, the resource policies attached to an ARN) scan their section when a slice is built.
  constructor(
    private readonly input: Obj,
    /** The sections slices pick records from (a lookup of a member each, not a scan). */
    private readonly sections: Sections,
    options: AuthorizerOptions,
    private readonly eager: (world: unknown, options: AuthorizerOptions, service?: string) => CompiledWorld,
  ) {
    this.options = { ...options, compile: 'eager' };
  }

  /** The role named `name` in `account`: the last of that name in world order, as in the eager directory. */
  private roleByName = (account: string, name: string): string | undefined => {
    const roles = this.sections.roles;
    if (roles === undefined) return undefined;
    const suffix = `/${name}`;
    let found: string | undefined;
    for (const arn of Object.keys(roles)) {
      // Every role ARN ends with `/<name>`: the cheap test first.
      if (!arn.endsWith(suffix)) continue;
      const parsed = parseIamEntityArn(arn);
      if (parsed?.kind === 'role' && parsed.account === account && parsed.name === name) found = arn;
    }
    return found;
  };

  /** Who owns an access key id, in the order the eager authorizer indexes them (later owners win). */
  private keyOwner(id: string): KeyOwner | undefined {
    let owner: KeyOwner | undefined;
    const users = this.sections.users;
    if (users !== undefined)
      for (const arn of Object.keys(users))
        for (const k of list(get(users[arn], 'accessKeys')))
          if (get(k, 'id') === id) owner = { section: 'users', key: arn };
    const sessions = this.sections.sessions;
    if (sessions !== undefined)
      for (const arn of Object.keys(sessions))
        if (get(get(sessions[arn], 'credentials'), 'accessKeyId') === id) owner = { section: 'sessions', key: arn };
    const userSessions = this.sections.userSessions;
    if (userSessions !== undefined)
      for (const key of Object.keys(userSessions))
        if (get(userSessions[key], 'accessKeyId') === id) owner = { section: 'userSessions', key };
    return owner;
  }

  /**
   * Picks the resource policies attached to any of `targets` (by `resource`, or named by an ARN):
   * at most three ARNs, compared in turn (no set of them hashed).
   */
  private attachedPolicies(s: Slice, targets: readonly string[]): void {
    const policies = this.sections.resourcePolicies;
    if (policies === undefined) return;
    for (const name of Object.keys(policies)) {
      const resource = get(policies[name], 'resource');
      const target =
        typeof resource === 'string' ? resource : resource === undefined && name.startsWith('arn:') ? name : undefined;
      if (target !== undefined && targets.includes(target)) s.resourcePolicy(name);
    }
  }

  /**
   * The compiled slice for a caller and a resource, built on first use. With `service`, the slice
   * answers requests of that service only and compiles only the statements that may apply to them
   * (its documents are still validated whole); without, everything (a principal resolved here may
   * be used for any request).
   */
  private slice(
    caller: { principal?: unknown; accessKeyId?: unknown },
    target: { resource?: unknown; resourcePolicy?: unknown; vpcEndpoint?: unknown },
    service?: string,
  ): CompiledWorld {
    const whole = this.whole === undefined ? (this.whole = this.smallWorld()) : this.whole;
    if (whole !== null) return whole;
    const members = [
      caller.principal,
      caller.accessKeyId,
      target.resource,
      target.resourcePolicy,
      target.vpcEndpoint,
      service,
    ];
    const first = this.first;
    if (first !== undefined) {
      if (sameKey(first.members, members)) return first.authorizer;
      this.first = undefined;
      this.keep(keyOf(first.members), first.authorizer);
    }
    // No slice kept yet: this one may be the only one (see `first`).
    const key = this.slices.size > 0 ? keyOf(members) : undefined;
    if (key !== undefined) {
      const known = this.slices.get(key);
      if (known) return known;
    }
    const s = new Slice(this.input, this.sections);
    if (typeof caller.accessKeyId === 'string') {
      const owner = this.keyOwner(caller.accessKeyId);
      if (owner?.section === 'users') s.user(owner.key);
      else if (owner?.section === 'sessions') s.session(owner.key, this.roleByName);
      else if (owner?.section === 'userSessions') s.userSession(owner.key);
    }
    if (typeof caller.principal === 'string') this.principal(s, caller.principal);
    if (typeof target.resource === 'string') {
      const r = target.resource;
      const targets = resourceTargets(r);
      for (const arn of targets) s.resource(arn);
      this.attachedPolicies(s, targets);
      // A role is the resource of the assume-role actions (its trust policy) and, like a user,
      // lends the request its tags and owner.
      s.role(r);
      s.user(r);
    }
    if (typeof target.resourcePolicy === 'string') s.resourcePolicy(target.resourcePolicy);
    if (typeof target.vpcEndpoint === 'string') s.vpcEndpoint(target.vpcEndpoint);
    const authorizer = this.eager(s.build(), this.options, service);
    if (key !== undefined) this.keep(key, authorizer);
    else if (keyLength(members) <= MAX_SLICE_KEY_CHARS) this.first = { members, authorizer };
    return authorizer;
  }

  /**
   * Keeps a compiled slice under its key, dropping the oldest while there are {@link MAX_SLICES} or
   * their keys would pass {@link MAX_SLICE_KEY_CHARS}; a key longer than that is not kept at all.
   */
  private keep(key: string, authorizer: CompiledWorld): void {
    if (key.length > MAX_SLICE_KEY_CHARS) return;
    while (this.slices.size >= MAX_SLICES || this.sliceKeyChars + key.length > MAX_SLICE_KEY_CHARS) {
      const oldest = this.slices.keys().next().value as string;
      this.slices.delete(oldest);
      this.sliceKeyChars -= oldest.length;
    }
    this.slices.set(key, authorizer);
    this.sliceKeyChars += key.length;
  }

  /** The whole world's authorizer if the world is small and valid, else `null` (see {@link SMALL_WORLD}). */
  private smallWorld(): CompiledWorld | null {
    let records = 0;
    for (const s of PICKED_SECTIONS) {
      const section = this.sections[s];
      // Counted up to the bound (no key array for a section of 100,000); a member a polluted
      // prototype lends only makes the world look larger.
      if (section !== undefined) for (const _ in section) if (++records > SMALL_WORLD) return null;
    }
    const whole = this.eager(this.input, this.options);
    return whole.ok ? whole : null;
  }

  /** The records behind a principal string: a session, a user, a role, a session of a role. */
  private principal(s: Slice, text: string): void {
    s.session(text, this.roleByName);
    s.user(text);
    s.role(text);
    // Only an STS ARN names a role session: a user's or a role's ARN is not split.
    if (!text.includes(':sts:')) return;
    const parts = text.split(':');
    const [kind, roleName] = parts.slice(5).join(':').split('/');
    if (parts[2] === 'sts' && kind === 'assumed-role' && roleName !== undefined) {
      const arn = this.roleByName(parts[4] ?? '', roleName);
      if (arn !== undefined) s.role(arn);
    }
  }

  authorize(request: AuthorizationRequest, options?: AuthorizeOptions): Decision {
    try {
      const r = isObject(request) ? request : {};
      return this.slice(
        { principal: own(r, 'principal'), accessKeyId: own(r, 'accessKeyId') },
        { resource: own(r, 'resource'), resourcePolicy: own(r, 'resourcePolicy'), vpcEndpoint: own(r, 'vpcEndpoint') },
        serviceOf(own(r, 'action')),
      ).authorize(request, options);
    } catch (e) {
      return failure('input', 'InternalError', e instanceof Error ? e.message : String(e));
    }
  }

  authorizeAs(principal: ResolvedPrincipal, request: AuthorizationRequest, options?: AuthorizeOptions): Decision {
    const r = isObject(request) ? request : {};
    return this.slice(
      {},
      { resource: own(r, 'resource'), resourcePolicy: own(r, 'resourcePolicy'), vpcEndpoint: own(r, 'vpcEndpoint') },
      serviceOf(own(r, 'action')),
    ).authorizeAs(principal, request, options);
  }

  resolvePrincipal(principal: string): ResolvedPrincipal | string {
    return this.slice({ principal }, {}).resolvePrincipal(principal);
  }

  authenticate(accessKeyId: string, sessionToken?: string): ResolvedPrincipal | 'InvalidClientTokenId' {
    return this.slice({ accessKeyId }, {}).authenticate(accessKeyId, sessionToken);
  }
}
