/**
 * AWS Organizations: which accounts are members, their path root → OUs → account, and the SCP and
 * RCP levels on that path (spec §4.8, §4.9, §0.3).
 */
import type { PolicyLevel } from '../evaluate/decide.js';
import { compilePolicy, type CompiledPolicy } from '../evaluate/compile.js';
import { parsePolicy } from '../policy/parse.js';
import type { Policy } from '../policy/ast.js';
import type { PolicyList } from '../evaluate/layer.js';
import type { AccountOrg } from '../evaluate/request/index.js';
import { PathTo, type PolicyCompiler } from './load.js';
import type { World } from './world.js';

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
  readonly accounts: ReadonlyMap<string, AccountOrg>;
  /** SCP levels of each member account; absent for the management account and non-members. */
  readonly scpLevels: ReadonlyMap<string, readonly PolicyLevel[]>;
  /** RCP levels of each member account; absent for the management account and non-members. */
  readonly rcpLevels: ReadonlyMap<string, readonly PolicyLevel[]>;
  /** The organization's management account (SCPs and RCPs never apply to it, spec §4.8, §4.9). */
  readonly managementAccount?: string | undefined;
}

/** The organization facts of a world without an organization (shared: never written). */
const NO_ACCOUNTS: ReadonlyMap<string, AccountOrg> = new Map();
const NO_LEVELS: ReadonlyMap<string, readonly PolicyLevel[]> = new Map();
const NO_ORGANIZATION: CompiledOrganization = Object.freeze({
  accounts: NO_ACCOUNTS,
  scpLevels: NO_LEVELS,
  rcpLevels: NO_LEVELS,
});

/** Compiles the organization of a world. */
export function compileOrganization(world: World, compiler: PolicyCompiler): CompiledOrganization {
  const org = world.organization;
  // Most worlds have no organization: nothing is made for them (a one-shot call builds this once).
  if (!org) return NO_ORGANIZATION;
  const accounts = new Map<string, AccountOrg>();
  const scpLevels = new Map<string, PolicyLevel[]>();
  const rcpLevels = new Map<string, PolicyLevel[]>();

  // Compiled only when some target has no SCPs listed (issue #16: most worlds list them all).
  let fullAccessScp: CompiledPolicy | null | undefined = null;
  const fullAccess = (): CompiledPolicy[] => {
    if (fullAccessScp === null)
      fullAccessScp =
        (compiler.lints || !FULL_ACCESS_PARSED ? undefined : compilePolicy(FULL_ACCESS_PARSED, 'FullAWSAccess')) ??
        compiler.document(FULL_AWS_ACCESS_SCP, 'scp', 'FullAWSAccess', 'organization');
    return fullAccessScp ? [fullAccessScp] : [];
  };
  // The paths of a target's documents are made only when an issue names them (`PathTo`).
  const scpCache = new Map<string, PolicyList>();
  const scpsAt = (target: string): PolicyList => {
    let c = scpCache.get(target);
    if (!c) {
      const own = org.scps && Object.prototype.hasOwnProperty.call(org.scps, target) ? org.scps[target] : undefined;
      // A target without SCPs listed keeps only FullAWSAccess (spec §0.3).
      c = compiler.list(
        own ? compiler.refs(own, 'scp', `scp:${target}`, new PathTo('organization.scps', target)) : fullAccess(),
      );
      scpCache.set(target, c);
    }
    return c;
  };
  // Without RCPs (most organizations) every target has the one empty list: no lookup per target.
  const rcps = org.rcps;
  let noRcps: PolicyList | undefined;
  const rcpCache = new Map<string, PolicyList>();
  const rcpsAt = (target: string): PolicyList => {
    if (!rcps) return (noRcps ??= compiler.list([]));
    let c = rcpCache.get(target);
    if (!c) {
      const own = Object.prototype.hasOwnProperty.call(rcps, target) ? rcps[target] : undefined;
      c = compiler.list(own ? compiler.refs(own, 'rcp', `rcp:${target}`, new PathTo('organization.rcps', target)) : []);
      rcpCache.set(target, c);
    }
    return c;
  };

  for (const id of Object.keys(world.accounts)) {
    const account = world.accounts[id];
    if (!account) continue;
    const member = account.org === org.id || (account.org === undefined && account.parents.length > 0);
    if (!member && id !== org.managementAccount) continue;
    const parents = account.parents.length > 0 ? account.parents : [org.rootId];
    accounts.set(id, { orgId: org.id, path: `${org.id}/${parents.join('/')}/` });
    if (id === org.managementAccount) continue; // SCPs and RCPs never affect the management account.
    scpLevels.set(id, levelsOn(parents, id, scpsAt));
    rcpLevels.set(id, levelsOn(parents, id, rcpsAt));
  }
  if (!accounts.has(org.managementAccount)) {
    accounts.set(org.managementAccount, { orgId: org.id, path: `${org.id}/${org.rootId}/` });
  }
  // Validate the policies of targets no member account sits under too: an invalid policy anywhere
  // makes the world invalid (fail closed), not only one that happens to be on a path.
  for (const target of Object.keys(org.scps ?? {})) scpsAt(target);
  if (rcps) for (const target of Object.keys(rcps)) rcpsAt(target);
  return { accounts, scpLevels, rcpLevels, managementAccount: org.managementAccount };
}

/** The levels of an account: its parents (root → OUs), then the account, each with `at`'s list. */
function levelsOn(parents: readonly string[], account: string, at: (target: string) => PolicyList): PolicyLevel[] {
  const levels: PolicyLevel[] = [];
  for (const target of parents) levels.push({ target, policies: at(target) });
  levels.push({ target: account, policies: at(account) });
  return levels;
}
