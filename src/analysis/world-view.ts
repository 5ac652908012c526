/**
 * Read-only views of a validated world that the analysis needs besides the engine: the principals
 * it holds or names, the policies attached to an identity (for candidate pruning and for the
 * modified worlds of self-modification), and the resources known to run as a role.
 */
import type { PolicyRef, World } from '../model/world.js';
import type { WorldFacts } from './facts.js';
import { isAwsManagedPolicyArn } from '../policy/iam-names.js';
import { RUNNING_CONTEXT_KEYS, type RunningKind } from './techniques.js';

/** A principal the analysis asks about. */
export interface PrincipalNode {
  /** The principal string of requests: an ARN, `service:<name>` or `anonymous`. */
  readonly principal: string;
  readonly kind: 'user' | 'role' | 'root' | 'service' | 'external' | 'anonymous';
  readonly account?: string;
}

/** A resource that runs as a role (a function, an instance…). */
export interface RunningResource {
  readonly resource: string;
  readonly role: string;
  readonly kind: RunningKind;
}

const ACCOUNT = /^\d{12}$/;

/** The account of an ARN, or `undefined`. */
export function accountOf(arn: string): string | undefined {
  const a = arn.split(':')[4];
  return a && ACCOUNT.test(a) ? a : undefined;
}

/** Every principal of the world: users, roles (a session of each), roots, named services and accounts, anonymous. */
export function worldPrincipals(world: World, facts: WorldFacts): PrincipalNode[] {
  const out: PrincipalNode[] = [];
  const seen = new Set<string>();
  const add = (n: PrincipalNode) => {
    if (seen.has(n.principal)) return;
    seen.add(n.principal);
    out.push(n);
  };
  const accounts = new Set(Object.keys(world.accounts));
  for (const arn of Object.keys(world.users)) {
    add({ principal: arn, kind: 'user', account: accountOf(arn) as string });
    accounts.add(accountOf(arn) as string);
  }
  for (const arn of Object.keys(world.roles)) {
    add({ principal: arn, kind: 'role', account: accountOf(arn) as string });
    accounts.add(accountOf(arn) as string);
  }
  for (const v of facts.named.aws) {
    if (v === '*') continue;
    if (ACCOUNT.test(v)) accounts.add(v);
    else if (/^arn:[\w-]+:iam::\d{12}:root$/.test(v)) accounts.add(accountOf(v) as string);
    else if (/^arn:[\w-]+:(iam|sts)::\d{12}:/.test(v) && !v.includes('*'))
      add({ principal: v, kind: 'external', account: accountOf(v) as string });
  }
  for (const a of [...accounts].sort()) add({ principal: `arn:aws:iam::${a}:root`, kind: 'root', account: a });
  for (const s of [...facts.named.service].sort())
    if (!s.includes('*')) add({ principal: `service:${s}`, kind: 'service' });
  add({ principal: 'anonymous', kind: 'anonymous' });
  return out;
}

/** The policy references of an identity (a user with its groups' policies, or a role). */
export function identityRefs(world: World, arn: string): PolicyRef[] | undefined {
  const u = Object.prototype.hasOwnProperty.call(world.users, arn) ? world.users[arn] : undefined;
  if (u) return [...u.policies, ...u.groups.flatMap((g) => world.groups[g]?.policies ?? [])];
  const r = Object.prototype.hasOwnProperty.call(world.roles, arn) ? world.roles[arn] : undefined;
  return r ? [...r.policies] : undefined;
}

/** Customer managed policy ARNs attached to an identity (directly or through a group). */
export function attachedManagedPolicies(world: World, arn: string): string[] {
  const refs = identityRefs(world, arn) ?? [];
  return [...new Set(refs.filter((r): r is string => typeof r === 'string' && !isAwsManagedPolicyArn(r)))];
}

/** Resources the world knows to run as a role: from role sessions' context and from `extra`. */
export function runningResources(world: World, extra: readonly RunningResource[] = []): RunningResource[] {
  const out: RunningResource[] = [...extra];
  for (const [arn, s] of Object.entries(world.sessions)) {
    if (s.type !== 'AssumedRole') continue;
    const role = s.roleArn ?? roleOfSession(world, arn);
    if (!role) continue;
    for (const [k, v] of Object.entries(s.context ?? {})) {
      const kind = RUNNING_CONTEXT_KEYS[k.toLowerCase()];
      if (kind && typeof v === 'string' && !out.some((r) => r.resource === v && r.role === role))
        out.push({ resource: v, role, kind });
    }
  }
  return out;
}

function roleOfSession(world: World, sessionArn: string): string | undefined {
  const m = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(sessionArn);
  if (!m) return undefined;
  const suffix = `:${m[2]}:role/`;
  return Object.keys(world.roles).find((r) => r.includes(suffix) && r.endsWith(`/${m[3]}`));
}
