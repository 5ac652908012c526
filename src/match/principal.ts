/**
 * Principal matching for resource-based and trust policies (spec §2.3) and the NotPrincipal
 * exemption rule (spec §2.4). A `Principal` element is compiled into lookup sets once.
 */
import type { PrincipalElement } from '../policy/ast.js';
import type { RequestPrincipal } from './request-principal.js';
import { segmentIs, splitArn } from './arn.js';

/**
 * Which entry of a `Principal` element matched the caller (spec §2.3). The grant kind decides
 * which other policies can still limit a resource-policy grant (spec §4.4).
 */
export type GrantKind =
  'wildcard' | 'user' | 'session' | 'service' | 'federated' | 'role' | 'federating-user' | 'account';

/**
 * Preference among applicable Allows of one resource policy, the least limited first (what limits
 * each grant is the table of spec §4.4 in `evaluate/same-account-grants.ts`): direct grants, then
 * a grant naming the user (a trust policy's grant to a user is still limited by the user's boundary,
 * spec §10 R-REVIEW), then role grants, then account delegation. When several statements
 * apply, the least limited grant is kept, whatever the statement order.
 */
export const GRANT_RANK: Readonly<Record<GrantKind, number>> = {
  wildcard: 4,
  session: 4,
  service: 4,
  federated: 4,
  user: 3,
  role: 2,
  'federating-user': 2,
  account: 1,
};

/**
 * The grant kept among the applicable Allows of one resource policy: `found` when it ranks above
 * `kept` (or nothing is kept yet), else `kept` — the earlier of two of the same rank.
 */
export function strongerGrant(kept: GrantKind | undefined, found: GrantKind): GrantKind {
  return kept === undefined || GRANT_RANK[found] > GRANT_RANK[kept] ? found : kept;
}

/** Whether no grant ranks above `grant` (a later Allow cannot replace it). */
export function isStrongestGrant(grant: GrantKind): boolean {
  return GRANT_RANK[grant] === 4;
}

/** Names a principal element lists, by kind: only membership is asked. */
export interface NameSet {
  has(value: string): boolean;
}

/**
 * A few names, kept as a frozen list (an element lists one to a few names per kind; a `Set` per
 * kind costs far more than its names). Longer lists stay a `Set`.
 */
class FewNames implements NameSet {
  constructor(private readonly names: readonly string[]) {}
  /**
   * `names.includes(value)` as a loop the optimizing compiler inlines: most lists hold none or one
   * name, and every resource-policy statement asks several kinds per decision.
   */
  has(value: string): boolean {
    const names = this.names;
    for (let i = 0; i < names.length; i++) if (names[i] === value) return true;
    return false;
  }
}

const NO_NAMES: NameSet = new FewNames([]);

/** The names of one kind while an element is compiled: none yet, a few distinct ones, or a `Set` past {@link FEW}. */
type Names = string[] | Set<string> | undefined;

/** Names kept as a list up to this many (see {@link FewNames}). */
const FEW = 8;

/** `names` with `value` added (a list made with the first name, a `Set` past {@link FEW}). */
function addName(names: Names, value: string): string[] | Set<string> {
  if (names === undefined) return [value];
  if (!Array.isArray(names)) return names.add(value);
  if (names.includes(value)) return names;
  if (names.length < FEW) {
    names.push(value);
    return names;
  }
  return new Set(names).add(value);
}

function nameSet(names: Names): NameSet {
  if (names === undefined) return NO_NAMES;
  // Not frozen: the list is private to its reader, and freezing two objects per kind cost more than
  // the rest of the kind's compile (issue #16: a fresh authorizer compiles every resource policy).
  return Array.isArray(names) ? new FewNames(names) : names;
}

/** A `Principal`/`NotPrincipal` element compiled into sets. */
export interface PrincipalMatcher {
  readonly wildcard: boolean;
  readonly accounts: NameSet;
  readonly users: NameSet;
  readonly roles: NameSet;
  /** Assumed-role and federated-user session ARNs. */
  readonly sessions: NameSet;
  readonly uniqueIds: NameSet;
  readonly services: NameSet;
  readonly federated: NameSet;
  readonly canonicalUsers: NameSet;
}

/**
 * Compiles a principal element. Each kind's names are gathered in a list made with its first
 * name: most elements name one or two kinds (issue #16: a fresh authorizer compiles every
 * resource policy's elements; a `Set` per kind cost more than the names).
 */
export function compilePrincipal(element: PrincipalElement): PrincipalMatcher {
  const m: PrincipalBuilder = {
    wildcard: element.wildcard,
    accounts: undefined,
    users: undefined,
    roles: undefined,
    sessions: undefined,
    uniqueIds: undefined,
    services: undefined,
    federated: undefined,
    canonicalUsers: undefined,
  };
  for (const entry of element.entries) {
    for (const value of entry.values) {
      if (entry.type === 'Service') m.services = addName(m.services, value);
      else if (entry.type === 'Federated') m.federated = addName(m.federated, value);
      else if (entry.type === 'CanonicalUser') m.canonicalUsers = addName(m.canonicalUsers, value);
      else addAwsValue(m, value);
    }
  }
  return {
    wildcard: m.wildcard,
    accounts: nameSet(m.accounts),
    users: nameSet(m.users),
    roles: nameSet(m.roles),
    sessions: nameSet(m.sessions),
    uniqueIds: nameSet(m.uniqueIds),
    services: nameSet(m.services),
    federated: nameSet(m.federated),
    canonicalUsers: nameSet(m.canonicalUsers),
  };
}

type PrincipalBuilder = { wildcard: boolean } & {
  [K in Exclude<keyof PrincipalMatcher, 'wildcard'>]: Names;
};

function addAwsValue(m: PrincipalBuilder, value: string): void {
  if (value === '*') {
    m.wildcard = true;
    return;
  }
  if (isAccountId(value)) {
    m.accounts = addName(m.accounts, value);
    return;
  }
  // An ARN (`arn:` and six parts, as `parseArn` reads it), read in place: its service and resource
  // part compared where they stand, only a root's account cut out.
  const s = splitArn(value);
  if (s.count < 6 || !segmentIs(s, 0, 'arn')) {
    m.uniqueIds = addName(m.uniqueIds, value);
    return;
  }
  const resource = s.starts[5] as number;
  if (segmentIs(s, 2, 'iam')) {
    if (segmentIs(s, 5, 'root')) m.accounts = addName(m.accounts, value.slice(s.starts[4], s.ends[4]));
    else if (value.startsWith('user/', resource)) m.users = addName(m.users, value);
    else if (value.startsWith('role/', resource)) m.roles = addName(m.roles, value);
  } else if (segmentIs(s, 2, 'sts')) m.sessions = addName(m.sessions, value);
}

/** Whether `value` is twelve ASCII digits (`/^\d{12}$/`, without a regular expression's run). */
function isAccountId(value: string): boolean {
  if (value.length !== 12) return false;
  for (let i = 0; i < 12; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 /* 0 */ || c > 57 /* 9 */) return false;
  }
  return true;
}

/** Returns the strongest grant kind with which `m` names `p`, or `undefined` if it does not. */
export function matchPrincipal(m: PrincipalMatcher, p: RequestPrincipal): GrantKind | undefined {
  if (m.wildcard) return 'wildcard';
  switch (p.kind) {
    case 'anonymous':
      return undefined;
    case 'service':
      return p.serviceName !== undefined && m.services.has(p.serviceName) ? 'service' : undefined;
    case 'federated-identity':
      return p.provider !== undefined && m.federated.has(p.provider) ? 'federated' : undefined;
    case 'user':
      if (
        (p.userArn !== undefined && m.users.has(p.userArn)) ||
        (p.uniqueId !== undefined && m.uniqueIds.has(p.uniqueId))
      ) {
        return 'user';
      }
      break;
    case 'role-session':
      if (p.arn !== undefined && m.sessions.has(p.arn)) return 'session';
      if (
        (p.roleArn !== undefined && m.roles.has(p.roleArn)) ||
        (p.uniqueId !== undefined && m.uniqueIds.has(p.uniqueId))
      ) {
        return 'role';
      }
      break;
    case 'federated-user':
      if (p.arn !== undefined && m.sessions.has(p.arn)) return 'session';
      if (p.userArn !== undefined && m.users.has(p.userArn)) return 'federating-user';
      break;
    case 'root':
      break;
  }
  return p.account !== undefined && m.accounts.has(p.account) ? 'account' : undefined;
}

/**
 * NotPrincipal exemption (spec §2.4): a caller is exempt from a `Deny` + `NotPrincipal` statement
 * only when every link of its chain is listed — user: account and user; role session: account,
 * role and session; federated user: account and session; root: account; service: its name.
 * A caller whose user or role has a permissions boundary is never exempt.
 */
export function isExemptByNotPrincipal(m: PrincipalMatcher, p: RequestPrincipal): boolean {
  // The boundary rule holds "whatever NotPrincipal lists" (spec §2.4), even `"*"`.
  if (p.hasBoundary) return false;
  if (m.wildcard) return true;
  const account = p.account !== undefined && m.accounts.has(p.account);
  switch (p.kind) {
    case 'anonymous':
      return false;
    case 'service':
      return p.serviceName !== undefined && m.services.has(p.serviceName);
    case 'federated-identity':
      return p.provider !== undefined && m.federated.has(p.provider);
    case 'root':
      return account;
    case 'user':
      return (
        account &&
        ((p.userArn !== undefined && m.users.has(p.userArn)) ||
          (p.uniqueId !== undefined && m.uniqueIds.has(p.uniqueId)))
      );
    case 'role-session':
      return (
        account &&
        ((p.roleArn !== undefined && m.roles.has(p.roleArn)) ||
          (p.uniqueId !== undefined && m.uniqueIds.has(p.uniqueId))) &&
        p.arn !== undefined &&
        m.sessions.has(p.arn)
      );
    case 'federated-user':
      return account && p.arn !== undefined && m.sessions.has(p.arn);
  }
}
