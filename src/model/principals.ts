/**
 * Principals of a world, compiled once: for each, its identity policies, boundary, session
 * policies and the condition keys it implies (spec §4.1, §5, §6.6, §7.2).
 */
import { ContextMap, KeyRow } from '../condition/context.js';
import { renamedPolicy, type CompiledPolicy } from '../evaluate/compile.js';
import { policyList, type PolicyList } from '../evaluate/layer.js';
import type { RequestPrincipal } from '../evaluate/principal.js';
import { joinPath } from '../policy/issues.js';
import { arnAccount, arnField, arnPartition, derivedId, entityName } from './ids.js';
import { principalKeys, type AccountOrg } from '../evaluate/request/index.js';
import { Interner, mergeTags, ownTags, setTags } from './keys.js';
import { PathTo, type PolicyCompiler, type WorldPath } from './load.js';
import type { World, WorldAccessKey, WorldSession, WorldUserSession } from './world.js';
import { parseDate } from '../condition/date.js';
import { bareObject } from '../json/bare-object.js';

/** An IAM user with everything it needs for decisions. */
export interface CompiledUser {
  readonly arn: string;
  readonly account: string;
  readonly name: string;
  readonly userId: string;
  /** Its own policies and those of its groups. */
  readonly identity: readonly CompiledPolicy[];
  readonly boundary: CompiledPolicy | undefined;
  readonly tags: Readonly<Record<string, string>>;
  readonly mfaDevices: readonly string[];
  readonly accessKeys: readonly WorldAccessKey[];
}

/** An IAM role with everything it needs for decisions. */
export interface CompiledRole {
  readonly arn: string;
  readonly account: string;
  readonly name: string;
  readonly roleId: string;
  readonly trust: CompiledPolicy | undefined;
  readonly identity: readonly CompiledPolicy[];
  readonly boundary: CompiledPolicy | undefined;
  readonly tags: Readonly<Record<string, string>>;
  readonly maxSessionDuration: number;
  readonly serviceLinked: boolean;
}

/** A principal ready to make requests. */
export interface ResolvedPrincipal {
  readonly principal: RequestPrincipal;
  readonly identity: readonly CompiledPolicy[];
  readonly boundary: CompiledPolicy | undefined;
  /** `undefined`: no session policy (spec §4.7). */
  readonly session: readonly CompiledPolicy[] | undefined;
  /** Keys implied by the principal alone. */
  readonly keys: ContextMap;
  /** Temporary credentials: issue and expiry times (epoch ms). */
  readonly issuedAt?: number | undefined;
  readonly expiresAt?: number | undefined;
  /** When MFA was used (epoch ms), for `aws:MultiFactorAuthAge`. */
  readonly mfaAt?: number | undefined;
  /** A role session: calling AssumeRole with it is role chaining (spec §6.3). */
  readonly canChain: boolean;
  /** Principal tags and the transitive ones (spec §6.5). */
  readonly tags: Readonly<Record<string, string>>;
  readonly transitiveTags: Readonly<Record<string, string>>;
  readonly sourceIdentity?: string | undefined;
  readonly user?: CompiledUser | undefined;
  readonly role?: CompiledRole | undefined;
}

/** Principals' strings, tag sets and key maps are shared from this many users and roles on (see {@link Interner}). */
const PACK_AFTER = 32;

/** Builds the principals of a world. */
export class PrincipalDirectory {
  /** The world's users and roles by ARN; a section without any has {@link NO_ENTITIES}. */
  readonly users: ReadonlyMap<string, CompiledUser>;
  readonly roles: ReadonlyMap<string, CompiledRole>;
  /**
   * Roles by name per account (`<account>/<name>`), to resolve session ARNs (which omit the path):
   * made from {@link roles} on first use (most worlds and every one-shot call resolve no session ARN).
   */
  private rolesByName: Map<string, CompiledRole> | undefined = undefined;
  /**
   * Principals resolved: the world's sessions at compile time; its users and roles, by their ARN,
   * and the roots of the accounts in {@link roots}, by their own ARN, once first requested (at
   * most one entry per user, role and such account of the world).
   */
  private readonly resolved = new Map<string, ResolvedPrincipal>();
  /**
   * The accounts of the world's users and roles, by partition: their roots are the world's. Made
   * on the first request of a root (issue #16: most requests, and every one-shot call, come from
   * users and roles).
   */
  private roots: Map<string, Set<string>> | undefined = undefined;
  /**
   * The strings, tag sets and key tables the world's principals share, kept for its users and
   * roles resolved on their first request (it only grows with what the world defines). Only in a
   * world of {@link PACK_AFTER} users and roles or more: in a small one (a CLI call, a Lambda
   * deciding once) sharing saves nothing and its tables cost compile time (issue #16).
   */
  private readonly shared: Interner | undefined;

  constructor(
    world: World,
    // Not kept: the compiler and its tables are garbage once the world is compiled.
    compiler: PolicyCompiler,
    private readonly orgOf: (account: string) => AccountOrg | undefined,
  ) {
    const userArns = Object.keys(world.users);
    const roleArns = Object.keys(world.roles);
    const shared = (this.shared = userArns.length + roleArns.length >= PACK_AFTER ? new Interner() : undefined);
    // Each group's policies are listed (and numbered) once: a member's list then names its groups'
    // lists, not each of their policies again (issue #16: compile time at scale). A world of one
    // user (a lazy slice, a one-shot call) has no other member to share them with: its groups'
    // policies stay as compiled, and its one list takes them (see `soleUserList`). Made with the
    // first group (most small worlds have none).
    const shareGroups = userArns.length > 1;
    let groups: Map<string, readonly CompiledPolicy[]> | undefined;
    for (const arn of Object.keys(world.groups)) {
      const g = world.groups[arn] as World['groups'][string];
      const policies = compiler.refs(
        g.policies,
        'identity',
        `group/${entityName(arn)}`,
        new PathTo(new PathTo('groups', arn), 'policies'),
      );
      (groups ??= new Map()).set(arn, shareGroups ? compiler.list(policies) : policies);
    }
    // Keys, not entries: no pair array per user of a world of 100,000. The map is made with the
    // first user (see {@link NO_ENTITIES}), as the roles' with the first role.
    let users: Map<string, CompiledUser> | undefined;
    for (const arn of userArns) {
      const u = world.users[arn] as World['users'][string];
      // Paths made only if an issue names them (no JSON text of the ARN per user).
      const path = new PathTo('users', arn);
      const name = entityName(arn);
      const own = compiler.refs(u.policies, 'identity', `user/${name}`, new PathTo(path, 'policies'));
      // Each own policy is a part of the list, and so are the groups' policies together: users in
      // the same groups share them (and their index); each group's policies are a part of those.
      const viaGroups: (readonly CompiledPolicy[])[] = [];
      for (let i = 0; i < u.groups.length; i++) {
        const g = u.groups[i] as string;
        const policies = groups?.get(g);
        if (!policies) {
          compiler.errors.push({
            severity: 'error',
            code: 'unknown-group',
            path: joinPath(joinPath(path.text(), 'groups'), i),
            message: `group ${g} is not defined in the world`,
          });
        } else viaGroups.push(policies);
      }
      const account = arnAccount(arn) as string;
      (users ??= new Map()).set(arn, {
        arn,
        // One string per distinct account (and partition, below) for the whole world.
        account: shared ? shared.string(account) : account,
        name,
        userId: u.userId ?? derivedId('AIDA', arn),
        identity: shareGroups
          ? compiler.listOf(userParts(own, viaGroups.length > 0 ? compiler.listOf(viaGroups) : undefined))
          : soleUserList(own, viaGroups),
        boundary: u.permissionsBoundary
          ? compiler.ref(
              u.permissionsBoundary,
              'boundary',
              `user/${name}:boundary`,
              new PathTo(path, 'permissionsBoundary'),
            )
          : undefined,
        tags: principalTags(u.tags, shared),
        mfaDevices: u.mfaDevices,
        accessKeys: u.accessKeys,
      });
    }
    this.users = users ?? NO_ENTITIES;
    // Trust policies by their JSON text (see `trustOf`): only when there is another role to share with.
    const trusts = roleArns.length > 1 ? new Map<string, CompiledPolicy>() : undefined;
    let roles: Map<string, CompiledRole> | undefined;
    for (const arn of roleArns) {
      const r = world.roles[arn] as World['roles'][string];
      const path = new PathTo('roles', arn);
      const name = entityName(arn);
      const account = arnAccount(arn) as string;
      const role: CompiledRole = {
        arn,
        account: shared ? shared.string(account) : account,
        name,
        roleId: r.roleId ?? derivedId('AROA', arn),
        trust: trustOf(compiler, trusts, r.trustPolicy, `role/${name}:trust`, new PathTo(path, 'trustPolicy')),
        identity: compiler.listOf(
          compiler.refs(r.policies, 'identity', `role/${name}`, new PathTo(path, 'policies')).map((p) => [p]),
        ),
        boundary: r.permissionsBoundary
          ? compiler.ref(
              r.permissionsBoundary,
              'boundary',
              `role/${name}:boundary`,
              new PathTo(path, 'permissionsBoundary'),
            )
          : undefined,
        tags: principalTags(r.tags, shared),
        maxSessionDuration: r.maxSessionDuration,
        // A literal search: a service-linked role's path is `/aws-service-role/…/`.
        serviceLinked: r.serviceLinked || arn.includes(':role/aws-service-role/'),
      };
      (roles ??= new Map()).set(arn, role);
    }
    this.roles = roles ?? NO_ENTITIES;
    // By keys, not entries: most worlds have no sessions.
    const sessions = Object.keys(world.sessions);
    for (let i = 0; i < sessions.length; i++) {
      const arn = sessions[i] as string;
      const p = this.fromSession(compiler, arn, world.sessions[arn] as WorldSession, joinPath('sessions', arn));
      if (p) this.resolved.set(arn, p);
    }
    // The world's users and roles are resolved on their first request (see `resolveNew`): a world
    // of 100,000 principals then compiles without building, for each, the keys and records of a
    // request principal that most never make (issue #16: compile time at scale).
  }

  /** Roles by `<account>/<name>` (see {@link rolesByName}); a later role of the same name wins, as before. */
  private byName(): Map<string, CompiledRole> {
    let byName = this.rolesByName;
    if (byName === undefined) {
      byName = this.rolesByName = new Map();
      for (const role of this.roles.values()) byName.set(`${role.account}/${role.name}`, role);
    }
    return byName;
  }

  /**
   * `true` when the world names the root of `account` in `partition`: some user or role of the
   * world is in that account (no ARN text per principal: a world of 100,000 users names a hundred
   * accounts). The table is made on the first root requested (see {@link roots}).
   */
  private namesRoot(partition: string, account: string): boolean {
    let roots = this.roots;
    if (roots === undefined) {
      roots = this.roots = new Map();
      for (const entities of [this.users, this.roles]) {
        for (const e of entities.values()) {
          const p = arnPartition(e.arn);
          let accounts = roots.get(p);
          if (accounts === undefined) roots.set(p, (accounts = new Set()));
          accounts.add(e.account);
        }
      }
    }
    return roots.get(partition)?.has(account) === true;
  }

  /** Finds a role by ARN, or by account and name (session ARNs omit the role path). */
  role(arnOrAccountName: string): CompiledRole | undefined {
    return this.roles.get(arnOrAccountName) ?? this.byName().get(arnOrAccountName);
  }

  /** The principal behind a request's `principal` string, or a reason it is unknown. */
  resolve(text: string): ResolvedPrincipal | string {
    return this.resolved.get(text) ?? this.resolveNew(text);
  }

  /** {@link resolve} for a text not resolved before. */
  private resolveNew(text: string): ResolvedPrincipal | string {
    // A user or role the world defines, by its ARN: resolved as `build` resolves that ARN (the
    // world's keys are user and role ARNs, validated) without reading it again, and kept. A session
    // the world defines under the same ARN was resolved at compile time and stays.
    const user = this.users.get(text);
    if (user !== undefined) return this.keep(text, this.user(user, this.shared));
    const role = this.roles.get(text);
    if (role !== undefined) return this.keep(text, this.roleAsPrincipal(role, this.shared));
    // Principals the world does not name (another session name, an unknown user) are built per call.
    const p = this.build(text);
    // The root of an account the world names, by its own ARN: kept, one entry per such account.
    if (typeof p !== 'string' && p.principal.kind === 'root' && p.principal.arn === text) {
      if (this.namesRoot(p.principal.partition, p.principal.account as string)) this.resolved.set(text, p);
    }
    return p;
  }

  private keep(text: string, p: ResolvedPrincipal): ResolvedPrincipal {
    this.resolved.set(text, p);
    return p;
  }

  /** The principal of a GetSessionToken session (temporary credentials of a user). */
  fromUserSession(s: WorldUserSession): ResolvedPrincipal | string {
    const base = this.resolve(s.userArn);
    if (typeof base === 'string') return base;
    const keys = copy(base.keys);
    keys.set('aws:TokenIssueTime', s.issuedAt);
    keys.set('aws:MultiFactorAuthPresent', s.mfaPresent ? 'true' : 'false');
    const mfaAt = s.mfaPresent ? parseDate(s.mfaAuthenticatedAt ?? s.issuedAt) : undefined;
    const principal = { ...base.principal, viaGetSessionToken: true };
    return { ...base, principal, keys, issuedAt: parseDate(s.issuedAt), expiresAt: parseDate(s.expiresAt), mfaAt };
  }

  private build(text: string, shared?: Interner): ResolvedPrincipal | string {
    // `*` reads as the anonymous caller, as in `evaluate` (one principal reader, issue #10).
    if (text === 'anonymous' || text === '*') return this.anonymous();
    const service = text.startsWith('service:')
      ? text.slice('service:'.length)
      : /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(text)
        ? text
        : undefined;
    if (service !== undefined) return this.service(service);
    const account = arnAccount(text);
    if (!text.startsWith('arn:') || !account) return `not a principal: ${text}`;
    const kind = arnField(text, 2);
    // Everything after the fifth colon (there are five: the ARN has an account field).
    let colon = -1;
    for (let k = 0; k < 5; k++) colon = text.indexOf(':', colon + 1);
    const resource = text.slice(colon + 1);
    if (kind === 'iam' && resource === 'root') return this.root(account, arnPartition(text));
    if (kind === 'iam' && resource.startsWith('user/')) {
      const user = this.users.get(text);
      return this.user(user ?? this.unknownUser(text), shared);
    }
    if (kind === 'iam' && resource.startsWith('role/')) {
      const role = this.roles.get(text);
      if (!role) return `role ${text} is not defined in the world`;
      return this.roleAsPrincipal(role, shared);
    }
    if (kind === 'sts' && resource.startsWith('assumed-role/')) {
      const [, roleName, sessionName] = resource.split('/');
      const role = roleName ? this.byName().get(`${account}/${roleName}`) : undefined;
      if (!role || !sessionName) return `no role ${roleName ?? ''} in account ${account} for session ${text}`;
      return this.roleSession(role, text, sessionName);
    }
    if (kind === 'sts' && resource.startsWith('federated-user/')) {
      return `federated-user session ${text} is not defined in the world's sessions`;
    }
    return `not a principal: ${text}`;
  }

  /** A role ARN as the principal: a session of that role without session policies (issue #5). */
  private roleAsPrincipal(role: CompiledRole, shared?: Interner): ResolvedPrincipal {
    return this.roleSession(
      role,
      `arn:${arnPartition(role.arn)}:sts::${role.account}:assumed-role/${role.name}/iam-verdict`,
      'iam-verdict',
      undefined,
      undefined,
      shared,
    );
  }

  private unknownUser(arn: string): CompiledUser {
    return {
      arn,
      account: arnAccount(arn) as string,
      name: entityName(arn),
      userId: derivedId('AIDA', arn),
      identity: [],
      boundary: undefined,
      tags: {},
      mfaDevices: [],
      accessKeys: [],
    };
  }

  /** The principal's keys (spec §5.8), derived by the one request pipeline, with its org's keys. */
  private keysOf(p: RequestPrincipal): ContextMap;
  /** The same, written into `keys` (a {@link KeyRow} to be packed, see {@link packedKeys}). */
  private keysOf(p: RequestPrincipal, keys: ContextMap | KeyRow): ContextMap | KeyRow;
  private keysOf(p: RequestPrincipal, keys: ContextMap | KeyRow = new ContextMap()): ContextMap | KeyRow {
    return principalKeys(p, p.account !== undefined ? this.orgOf(p.account) : undefined, keys);
  }

  private user(u: CompiledUser, shared?: Interner): ResolvedPrincipal {
    const partition = arnPartition(u.arn);
    const principal: RequestPrincipal = {
      kind: 'user',
      arn: u.arn,
      account: u.account,
      partition: shared ? shared.string(partition) : partition,
      userArn: u.arn,
      uniqueId: u.userId,
      hasBoundary: u.boundary !== undefined,
    };
    const keys = this.keysOf(principal, keyRow(shared));
    // The user's name once (the key and the record hold equal strings) in a world that shares its
    // principals' strings; a small one keeps the key's own copy (no lookup and write again).
    if (shared !== undefined && keys.get('aws:username') === u.name) keys.setLower('aws:username', u.name);
    setTags(keys, 'aws:principaltag/', u.tags, shared);
    return {
      principal,
      identity: u.identity,
      boundary: u.boundary,
      session: undefined,
      keys: packedKeys(keys, shared),
      canChain: false,
      tags: u.tags,
      transitiveTags: NO_TAGS,
      user: u,
    };
  }

  private root(account: string, partition: string): ResolvedPrincipal {
    const principal: RequestPrincipal = {
      kind: 'root',
      arn: `arn:${partition}:iam::${account}:root`,
      account,
      partition,
    };
    return withoutPolicies(principal, this.keysOf(principal));
  }

  private service(name: string): ResolvedPrincipal {
    const principal: RequestPrincipal = {
      kind: 'service',
      arn: name,
      account: undefined,
      partition: 'aws',
      serviceName: name,
    };
    return withoutPolicies(principal, this.keysOf(principal));
  }

  private anonymous(): ResolvedPrincipal {
    const principal: RequestPrincipal = { kind: 'anonymous', arn: undefined, account: undefined, partition: 'aws' };
    return withoutPolicies(principal, this.keysOf(principal));
  }

  /** A role session (spec §6.4, §6.6); `record` adds what the world knows about it. */
  roleSession(
    role: CompiledRole,
    sessionArn: string,
    sessionName: string,
    record?: WorldSession,
    session?: readonly CompiledPolicy[],
    shared?: Interner,
  ): ResolvedPrincipal {
    const principal: RequestPrincipal = {
      kind: 'role-session',
      arn: sessionArn,
      account: role.account,
      partition: arnPartition(role.arn),
      roleArn: role.arn,
      uniqueId: role.roleId,
      hasBoundary: role.boundary !== undefined,
      serviceLinked: role.serviceLinked,
    };
    const keys = this.keysOf(principal, keyRow(shared));
    // Without session tags, the role's own (merged already): one tag set for all its sessions.
    const tags = record?.sessionTags === undefined ? role.tags : mergeTags(role.tags, record.sessionTags);
    setTags(keys, 'aws:principaltag/', tags, shared);
    const mfa = record?.mfaPresent ?? false;
    if (record) {
      keys.set('aws:TokenIssueTime', record.issuedAt);
      keys.set('aws:MultiFactorAuthPresent', mfa ? 'true' : 'false');
      if (record.sourceIdentity !== undefined) keys.set('aws:SourceIdentity', record.sourceIdentity);
      if (record.federatedProvider !== undefined) keys.set('aws:FederatedProvider', record.federatedProvider);
      for (const [k, v] of Object.entries(record.context ?? {})) keys.set(k, v as string | string[]);
    }
    const transitive: Record<string, string> = {};
    for (const k of record?.transitiveTagKeys ?? []) {
      const hit = Object.keys(tags).find((t) => t.toLowerCase() === k.toLowerCase());
      if (hit !== undefined) transitive[hit] = tags[hit] as string;
    }
    return {
      principal,
      identity: role.identity,
      boundary: role.boundary,
      session,
      keys: packedKeys(keys, shared),
      issuedAt: record ? parseDate(record.issuedAt) : undefined,
      expiresAt: record ? parseDate(record.expiresAt) : undefined,
      mfaAt: mfa && record ? parseDate(record.mfaAuthenticatedAt ?? record.issuedAt) : undefined,
      canChain: record?.via !== 'InstanceProfile' && record?.via !== 'Lambda',
      tags,
      transitiveTags: transitive,
      sourceIdentity: record?.sourceIdentity,
      role,
    };
  }

  private fromSession(
    compiler: PolicyCompiler,
    arn: string,
    s: WorldSession,
    path: string,
  ): ResolvedPrincipal | undefined {
    const session = s.sessionPolicies
      ? compiler.list(
          compiler.refs(s.sessionPolicies, 'session', `session/${entityName(arn)}`, joinPath(path, 'sessionPolicies')),
        )
      : undefined;
    const parts = arn.split(':');
    const resource = parts.slice(5).join(':');
    if (s.type === 'AssumedRole') {
      const [, roleName, sessionName] = resource.split('/');
      const role = s.roleArn ? this.roles.get(s.roleArn) : this.byName().get(`${parts[4]}/${roleName}`);
      if (!role || !sessionName || !resource.startsWith('assumed-role/')) {
        compiler.errors.push({
          severity: 'error',
          code: 'unknown-role',
          path,
          message: `session ${arn} needs an assumed-role ARN and a role defined in the world`,
        });
        return undefined;
      }
      return this.roleSession(role, arn, sessionName, s, session);
    }
    const user = s.userArn ? this.users.get(s.userArn) : undefined;
    if (!user || !resource.startsWith('federated-user/')) {
      compiler.errors.push({
        severity: 'error',
        code: 'unknown-user',
        path,
        message: `federated-user session ${arn} needs a federated-user ARN and the federating user (userArn) defined in the world`,
      });
      return undefined;
    }
    const name = resource.slice('federated-user/'.length);
    const account = parts[4] as string;
    const principal: RequestPrincipal = {
      kind: 'federated-user',
      arn,
      account,
      partition: arnPartition(arn),
      userArn: user.arn,
      hasBoundary: user.boundary !== undefined,
    };
    const keys = this.keysOf(principal);
    const tags = mergeTags(s.sessionTags);
    setTags(keys, 'aws:principaltag/', tags);
    keys.set('aws:TokenIssueTime', s.issuedAt);
    if (s.mfaPresent !== undefined) keys.set('aws:MultiFactorAuthPresent', s.mfaPresent ? 'true' : 'false');
    if (s.sourceIdentity !== undefined) keys.set('aws:SourceIdentity', s.sourceIdentity);
    for (const [k, v] of Object.entries(s.context ?? {})) keys.set(k, v as string | string[]);
    return {
      principal,
      identity: user.identity,
      boundary: user.boundary,
      session,
      keys,
      issuedAt: parseDate(s.issuedAt),
      expiresAt: parseDate(s.expiresAt),
      canChain: false,
      tags,
      transitiveTags: {},
      user,
    };
  }
}

/**
 * A role's trust policy, compiled once per distinct JSON text (issue #16: most roles of an estate
 * trust their account, a service or an identity provider in the same words): a role whose document
 * reads exactly like an earlier one's gets that compiled policy under its own name (explanations
 * name its own trust policy). Equal text parses, validates and compiles the same, so only a
 * document that compiled with no error and no warning is reused (a warning names its own path).
 */
function trustOf(
  compiler: PolicyCompiler,
  trusts: Map<string, CompiledPolicy> | undefined,
  doc: unknown,
  id: string,
  path: WorldPath,
): CompiledPolicy | undefined {
  // A world of one role has no other role to share with: its document is compiled as it is.
  if (trusts === undefined) return compiler.document(doc, 'trust', id, path);
  let text: string | undefined;
  try {
    text = typeof doc === 'object' && doc !== null ? JSON.stringify(doc) : undefined;
  } catch {
    text = undefined;
  }
  const known = text === undefined ? undefined : trusts.get(text);
  if (known !== undefined) return renamedPolicy(known, id);
  const errors = compiler.errors.length;
  const warnings = compiler.warnings.length;
  const compiled = compiler.document(doc, 'trust', id, path);
  if (
    compiled !== undefined &&
    text !== undefined &&
    compiler.errors.length === errors &&
    compiler.warnings.length === warnings
  )
    trusts.set(text, compiled);
  return compiled;
}

/**
 * A user's list parts: each own policy, then its groups' policies together (one array, no copies),
 * if it is in any group (no empty list made for a user in none).
 */
function userParts(own: readonly CompiledPolicy[], groups: PolicyList | undefined): (readonly CompiledPolicy[])[] {
  const parts: (readonly CompiledPolicy[])[] = [];
  for (const p of own) parts.push([p]);
  if (groups !== undefined) parts.push(groups);
  return parts;
}

/**
 * The list of a world's only user: its own policies, then each of its groups' in order, as one list
 * (`own` is the user's own array, extended here). The same policies in the same order as the list of
 * parts a user of a larger world has, and its index gives the same statements in the same order: a
 * list per group and the merged list of those serve only users that share a group. Made as it is,
 * without the compiler's numbering and key: those serve to find a list of the same policies for
 * another user, and there is none.
 */
function soleUserList(own: CompiledPolicy[], groups: readonly (readonly CompiledPolicy[])[]): PolicyList {
  for (let g = 0; g < groups.length; g++) {
    const policies = groups[g] as readonly CompiledPolicy[];
    for (let i = 0; i < policies.length; i++) own.push(policies[i] as CompiledPolicy);
  }
  return policyList(own);
}

/**
 * Where a principal's keys are written: in a world of many principals (one with an {@link Interner}),
 * a {@link KeyRow}, packed by {@link packedKeys} with no `Map` made per principal (issue #16:
 * compile time at scale); else a map of its own.
 */
function keyRow(shared: Interner | undefined): ContextMap | KeyRow {
  return shared !== undefined ? new KeyRow(shared.lower) : new ContextMap();
}

/** The keys of a principal as its context map: a {@link KeyRow} packed with the world's shared tables. */
function packedKeys(keys: ContextMap | KeyRow, shared: Interner | undefined): ContextMap {
  return keys instanceof KeyRow
    ? ContextMap.packed(keys, (shared as Interner).shapes, (shared as Interner).lists)
    : keys;
}

/**
 * The users or roles of a world without any: one empty map, read-only, for every such directory
 * (a directory's constructor adds its entries to a map of its own, made with the first).
 */
const NO_ENTITIES: ReadonlyMap<string, never> = new Map<string, never>();

/** No tags: one frozen object for every principal without any (never written). */
const NO_TAGS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The tags of a user or role without any: one frozen object without a prototype, as
 * {@link mergeTags} makes them (no table and no object per principal; issue #16, a one-shot call).
 */
const UNTAGGED: Readonly<Record<string, string>> = Object.freeze(bareObject<Record<string, string>>());

/** A user's or role's tags, merged regardless of case (spec §6.5); shared through `shared` when given. */
function principalTags(
  tags: Readonly<Record<string, string>> | undefined,
  shared: Interner | undefined,
): Readonly<Record<string, string>> {
  const merged = tags === undefined ? UNTAGGED : ownTags(tags);
  return shared ? shared.tags(merged) : merged;
}

/**
 * A principal that has no identity policies, boundary or session policies of its own (root user,
 * service principals, anonymous callers, federated identities).
 */
export function withoutPolicies(principal: RequestPrincipal, keys: ContextMap): ResolvedPrincipal {
  return {
    principal,
    identity: [],
    boundary: undefined,
    session: undefined,
    keys,
    canChain: false,
    tags: {},
    transitiveTags: {},
  };
}

function copy(keys: ContextMap): ContextMap {
  const out = new ContextMap();
  for (const [k, v] of keys.entries()) out.set(k, v);
  return out;
}
