/**
 * AWS Organizations: which accounts are members, their path root → OUs → account, and the SCP and
 * RCP levels on that path (spec §4.8, §4.9, §0.3).
 */
import { AccountMemo } from './account-memo.js';
import type { PolicyLevel } from '../evaluate/decide.js';
import { compilePolicy, type CompiledPolicy } from '../evaluate/compile.js';
import { parsePolicy } from '../policy/parse.js';
import type { Policy } from '../policy/ast.js';
import { policyList, type PolicyList } from '../evaluate/layer.js';
import type { AccountOrg } from '../evaluate/request/index.js';
import { PathTo, type PolicyCompiler } from './load.js';
import type { World } from './world.js';
import type { PolicyRef, WorldAccount, WorldOrganization } from '../types/world.js';

/** The AWS managed `FullAWSAccess` SCP. */
export const FULL_AWS_ACCESS_SCP = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
} as const;

/**
 * {@link FULL_AWS_ACCESS_SCP} parsed once, when this module loads (issue #16: one-shot use): a
 * constant document, independent of any world, and a parsed policy is never written. Each world
 * compiles it itself (one statement): a world's compiler numbers the policies it lists on the
 * policies themselves (`PolicyCompiler.listOf`), so a compiled policy is never shared between
 * worlds. Used without a catalog only (with one, the world's compiler lints the document and
 * reports what it finds).
 */
const FULL_ACCESS_PARSED: Policy | undefined = (() => {
  const parsed = parsePolicy(FULL_AWS_ACCESS_SCP, { type: 'scp' });
  return parsed.ok && parsed.warnings.length === 0 ? parsed.policy : undefined;
})();

/** Organization facts per account, compiled once per world. */
export interface CompiledOrganization {
  /** Org membership of each member account (management account included). */
  readonly accounts: AccountTable<AccountOrg>;
  /** SCP levels of each member account; absent for the management account and non-members. */
  readonly scpLevels: AccountTable<readonly PolicyLevel[]>;
  /** RCP levels of each member account; absent for the management account and non-members. */
  readonly rcpLevels: AccountTable<readonly PolicyLevel[]>;
  /** The organization's management account (SCPs and RCPs never apply to it, spec §4.8, §4.9). */
  readonly managementAccount?: string | undefined;
}

/** A fact per account id, `undefined` for an account it has none for (a `ReadonlyMap` is one). */
export interface AccountTable<T> {
  get(account: string): T | undefined;
}

/** The organization facts of a world without an organization (shared: never written). */
const NO_ACCOUNTS: ReadonlyMap<string, AccountOrg> = new Map();
const NO_LEVELS: ReadonlyMap<string, readonly PolicyLevel[]> = new Map();
const NO_ORGANIZATION: CompiledOrganization = Object.freeze({
  accounts: NO_ACCOUNTS,
  scpLevels: NO_LEVELS,
  rcpLevels: NO_LEVELS,
});

/**
 * Compiles the organization of a world: every SCP and RCP document, those on the member accounts'
 * paths first (in the order of the accounts, root → OUs → account, SCPs then RCPs: the order of
 * their issues), then every other target's (an invalid policy anywhere makes the world invalid,
 * fail closed). An account's facts are made from those lists when first asked for (issue #16: a
 * one-shot question reads one account's).
 */
export function compileOrganization(world: World, compiler: PolicyCompiler): CompiledOrganization {
  const org = world.organization;
  // Most worlds have no organization: nothing is made for them (a one-shot call builds this once).
  if (!org) return NO_ORGANIZATION;
  const lists = new TargetLists(org, compiler);
  const accounts = world.accounts;
  // The member accounts (and the management account) by id, in a `Map`: an account id is an
  // integer-like key, which V8 looks up in an object many times slower than a name (a few hundred
  // ns for an id sliced from an ARN). The world's accounts are read by `for…in` (its sections have
  // no enumerable inherited member) for the same reason.
  const members = new Map<string, WorldAccount>();
  for (const id in accounts) {
    const account = accounts[id] as WorldAccount;
    const management = id === org.managementAccount;
    if (!management && !isMember(account, org)) continue;
    members.set(id, account);
    // SCPs and RCPs never affect the management account.
    if (!management) lists.walk(parentsOf(account, org), id);
  }
  lists.rest();
  return new OrganizationFacts(org, members, lists);
}

/** An account's parents, root first; the root alone when the world lists none (spec §0.3). */
function parentsOf(account: WorldAccount, org: WorldOrganization): readonly string[] {
  return account.parents.length > 0 ? account.parents : [org.rootId];
}

/** Whether an account of the world is a member of `org` (by its `org`, or by having parents). */
function isMember(account: WorldAccount, org: WorldOrganization): boolean {
  return account.org === org.id || (account.org === undefined && account.parents.length > 0);
}

/** The compiled SCP and RCP lists of an organization's targets (root, OUs, accounts). */
class TargetLists {
  private readonly scps = new Map<string, PolicyList>();
  /** `undefined` without RCPs (most organizations): every target has none. */
  private readonly rcps: Map<string, PolicyList> | undefined;
  /** `FullAWSAccess` alone, for a target without SCPs listed (spec §0.3): made for the first. */
  private fullAccess: PolicyList | undefined = undefined;

  constructor(
    private readonly org: WorldOrganization,
    // Not kept past `rest`: the compiler is garbage once the world is compiled.
    private compiler: PolicyCompiler | undefined,
  ) {
    this.rcps = org.rcps ? new Map() : undefined;
  }

  /** Compiles the lists on a member account's path: its parents (see {@link parentsOf}), then itself. */
  walk(parents: readonly string[], account: string): void {
    for (let i = 0; i < parents.length; i++) this.scpsAt(parents[i] as string);
    this.scpsAt(account);
    if (this.rcps === undefined) return;
    for (let i = 0; i < parents.length; i++) this.rcpsAt(parents[i] as string);
    this.rcpsAt(account);
  }

  /** Compiles the lists of the targets no member account sits under. */
  rest(): void {
    const { scps, rcps } = this.org;
    if (scps) for (const target in scps) this.scpsAt(target);
    if (rcps) for (const target in rcps) this.rcpsAt(target);
    this.compiler = undefined;
  }

  /** The SCPs of a target on a member account's path (compiled by {@link walk}). */
  scpList(target: string): PolicyList {
    return this.scps.get(target) as PolicyList;
  }

  /** The RCPs of a target on a member account's path. */
  rcpList(target: string): PolicyList {
    return this.rcps === undefined ? NO_RCPS : (this.rcps.get(target) as PolicyList);
  }

  private scpsAt(target: string): void {
    if (this.scps.has(target)) return;
    const compiler = this.compiler as PolicyCompiler;
    const scps = this.org.scps;
    const own = scps && Object.prototype.hasOwnProperty.call(scps, target) ? scps[target] : undefined;
    // The paths of a target's documents are made only when an issue names them (`PathTo`).
    this.scps.set(
      target,
      own
        ? listOf(compiler, own, compiler.refs(own, 'scp', `scp:${target}`, new PathTo('organization.scps', target)))
        : (this.fullAccess ??= policyList(fullAccessScp(compiler))),
    );
  }

  private rcpsAt(target: string): void {
    const lists = this.rcps as Map<string, PolicyList>;
    if (lists.has(target)) return;
    const compiler = this.compiler as PolicyCompiler;
    const rcps = this.org.rcps as Record<string, PolicyRef[]>;
    const own = Object.prototype.hasOwnProperty.call(rcps, target) ? rcps[target] : undefined;
    lists.set(
      target,
      own
        ? listOf(compiler, own, compiler.refs(own, 'rcp', `rcp:${target}`, new PathTo('organization.rcps', target)))
        : NO_RCPS,
    );
  }
}

/**
 * The list of a target's compiled policies. Where every reference is a document of its own (no
 * managed policy's ARN), no other list can hold these policies: the list is made as it is, without
 * the compiler's numbering and key, which serve to find a list of the same policies again (a
 * managed SCP listed at several targets shares one list and index).
 */
function listOf(compiler: PolicyCompiler, refs: readonly PolicyRef[], policies: readonly CompiledPolicy[]): PolicyList {
  for (let i = 0; i < refs.length; i++) if (typeof refs[i] === 'string') return compiler.list(policies);
  return policyList(policies);
}

/** `FullAWSAccess` compiled for one world (with a catalog, through its compiler, which lints it). */
function fullAccessScp(compiler: PolicyCompiler): CompiledPolicy[] {
  const compiled =
    (compiler.lints || !FULL_ACCESS_PARSED ? undefined : compilePolicy(FULL_ACCESS_PARSED, 'FullAWSAccess')) ??
    compiler.document(FULL_AWS_ACCESS_SCP, 'scp', 'FullAWSAccess', 'organization');
  return compiled ? [compiled] : [];
}

/** What the organization says of one account. */
interface AccountFacts {
  readonly org: AccountOrg;
  /** `undefined` for the management account (SCPs and RCPs never affect it). */
  readonly scps: readonly PolicyLevel[] | undefined;
  readonly rcps: readonly PolicyLevel[] | undefined;
}

/**
 * The organization's facts, each account's made on its first lookup and kept (at most one per
 * account of {@link members}, and the management account).
 */
class OrganizationFacts implements CompiledOrganization {
  readonly accounts: AccountTable<AccountOrg> = { get: (id) => this.of(id)?.org };
  readonly scpLevels: AccountTable<readonly PolicyLevel[]> = { get: (id) => this.of(id)?.scps };
  readonly rcpLevels: AccountTable<readonly PolicyLevel[]> = { get: (id) => this.of(id)?.rcps };
  readonly managementAccount: string;
  /** The facts of the accounts looked up so far. */
  private readonly known = new AccountMemo<AccountFacts>();

  constructor(
    private readonly org: WorldOrganization,
    /** The world's member accounts, and the management account if the world lists it. */
    private readonly members: ReadonlyMap<string, WorldAccount>,
    private readonly lists: TargetLists,
  ) {
    this.managementAccount = org.managementAccount;
  }

  private of(id: string): AccountFacts | undefined {
    const known = this.known.get(id);
    if (known !== undefined) return known;
    const account = this.members.get(id);
    const org = this.org;
    const management = id === org.managementAccount;
    // The management account is a member even when the world does not list it.
    if (account === undefined && !management) return undefined;
    const parents = account !== undefined ? parentsOf(account, org) : [org.rootId];
    const facts: AccountFacts = {
      org: { orgId: org.id, path: orgPath(org.id, parents) },
      scps: management ? undefined : levelsOn(parents, id, this.lists, false),
      rcps: management ? undefined : levelsOn(parents, id, this.lists, true),
    };
    return this.known.add(id, facts);
  }
}

/** `o-…/r-…/ou-…/` (spec §7.1), by concatenation (`join` cost several times as much here). */
function orgPath(orgId: string, parents: readonly string[]): string {
  let path = `${orgId}/`;
  for (let i = 0; i < parents.length; i++) path += `${parents[i] as string}/`;
  return path;
}

/** The levels of an account: its parents (root → OUs), then the account, each with its SCPs (or RCPs). */
function levelsOn(parents: readonly string[], account: string, lists: TargetLists, rcps: boolean): PolicyLevel[] {
  const levels: PolicyLevel[] = [];
  for (let i = 0; i < parents.length; i++) {
    const target = parents[i] as string;
    levels.push({ target, policies: rcps ? lists.rcpList(target) : lists.scpList(target) });
  }
  levels.push({ target: account, policies: rcps ? lists.rcpList(account) : lists.scpList(account) });
  return levels;
}

/** The RCPs of a target without any: one frozen empty list for every world (its index the shared empty one). */
const NO_RCPS: PolicyList = policyList([]);
