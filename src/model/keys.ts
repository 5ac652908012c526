/**
 * The global condition keys the evaluator derives itself (spec §5.8, §6.6, §7.2). Keys that depend
 * only on the principal are computed once per principal; keys that depend on the request (time,
 * resource, STS parameters) are computed per request by {@link RequestKeys}.
 */
import { ContextMap, type ContextLookup, type ContextValue } from '../condition/context.js';
import { formatDate } from '../condition/date.js';

/** Organization facts of one account. */
export interface AccountOrg {
  readonly orgId: string;
  /** `o-…/r-…/ou-…/…/` (spec §7.1). */
  readonly path: string;
}

/** Writes tags as `<prefix><key>` keys (tag keys are case-insensitive, spec §3.2). */
export function setTags(map: ContextMap, prefix: string, tags: Readonly<Record<string, string>> | undefined): void {
  if (!tags) return;
  for (const key of Object.keys(tags)) map.set(`${prefix}${key}`, tags[key] as string);
}

/** Merges tag sets; later sets replace earlier keys regardless of case (spec §6.5). */
export function mergeTags(...sets: (Readonly<Record<string, string>> | undefined)[]): Record<string, string> {
  const byLower = new Map<string, [string, string]>();
  for (const set of sets) {
    if (!set) continue;
    for (const key of Object.keys(set)) byLower.set(key.toLowerCase(), [key, set[key] as string]);
  }
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of byLower.values()) out[key] = value;
  return out;
}

/** Adds `aws:PrincipalOrgID` / `aws:PrincipalOrgPaths` when the account is in an organization. */
export function setPrincipalOrg(map: ContextMap, org: AccountOrg | undefined): void {
  if (!org) return;
  map.set('aws:PrincipalOrgID', org.orgId);
  map.set('aws:PrincipalOrgPaths', [org.path]);
}

/** The per-request keys: time, resource, and anything the request adds (STS parameters). */
export class RequestKeys implements ContextLookup {
  private currentTime: string | undefined;

  constructor(
    /** Keys the caller passed: they override everything derived (spec §0.3). */
    private readonly caller: ContextLookup,
    /** Keys derived for this request (resource tags, STS keys, resource account, …), first found wins. */
    private readonly derived: readonly ContextLookup[],
    /** Keys of the principal (computed once per principal). */
    private readonly principal: ContextLookup,
    /** Request time in epoch milliseconds. */
    private readonly time: number,
    /** When MFA was used for the credentials (epoch ms), for `aws:MultiFactorAuthAge`. */
    private readonly mfaAt: number | undefined,
  ) {}

  get(keyLower: string): ContextValue | undefined {
    const own = this.caller.get(keyLower);
    if (own !== undefined) return own;
    for (const lookup of this.derived) {
      const value = lookup.get(keyLower);
      if (value !== undefined) return value;
    }
    switch (keyLower) {
      case 'aws:currenttime':
        return (this.currentTime ??= formatDate(this.time));
      case 'aws:epochtime':
        return String(Math.floor(this.time / 1000));
      case 'aws:multifactorauthage':
        return this.mfaAt === undefined ? undefined : String(Math.max(0, Math.floor((this.time - this.mfaAt) / 1000)));
      default:
        return this.principal.get(keyLower);
    }
  }
}

/** An empty context. */
export const EMPTY_CONTEXT: ContextLookup = { get: () => undefined };
