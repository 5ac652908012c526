/**
 * Classes of catalog actions the engine cannot tell apart, so that the effective-admin sweep
 * decides one action per class instead of all 22,000. The engine sees an action only through
 * the Action/NotAction patterns of the statements it evaluates, and through a few rules about
 * named actions of IAM, STS, S3 and KMS (service rules, trust policies, grants, bucket
 * policies). So two actions are alike when they belong to the same service, are asked on the
 * same resource, and every Action/NotAction pattern of the world (and of the AWS managed
 * policies it names) matches both or neither; the actions of IAM, STS, S3 and KMS are each a
 * class of their own.
 */
import { compileGlob, matchGlob, type Glob } from '../match/wildcard.js';
import type { ManagedPolicyCatalog } from '../model/load.js';
import { isAwsManagedPolicyArn } from '../policy/iam-names.js';

/** One request of the sweep, before the principal is filled in. */
export interface SweepItem {
  readonly action: string;
  readonly resource: string;
}

/** Services whose actions the engine treats by name: never merged. */
const BY_NAME = new Set(['iam', 'sts', 's3', 'kms']);
/** Bound on the walk (the world is already bounded by validation; this only guards the loop). */
const MAX_NODES = 5_000_000;

/**
 * Every Action and NotAction string of every policy document in `world` (any depth, documents
 * given as JSON text included) and of the AWS managed policies it names that `managed` resolves.
 * `undefined` when the walk hit its bound (then no class may be merged).
 */
export function worldActionPatterns(world: unknown, managed?: ManagedPolicyCatalog): string[] | undefined {
  const patterns = new Set<string>();
  const resolved = new Set<string>();
  const stack: unknown[] = [world];
  let nodes = 0;
  const take = (v: unknown) => {
    if (typeof v === 'string') patterns.add(v.toLowerCase());
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') patterns.add(x.toLowerCase());
  };
  while (stack.length > 0) {
    if (++nodes > MAX_NODES) return undefined;
    const v = stack.pop();
    if (typeof v === 'string') {
      if (isAwsManagedPolicyArn(v) && !resolved.has(v)) {
        resolved.add(v);
        const doc = managed?.(v);
        if (doc !== undefined && doc !== null) stack.push(doc);
      } else if (v.length > 1 && v.charCodeAt(0) === 123 && /"(?:Not)?Action"/.test(v)) {
        try {
          stack.push(JSON.parse(v) as unknown);
        } catch {
          // Not JSON: not a policy document.
        }
      }
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'Action' || k === 'NotAction') take(x);
        stack.push(x);
      }
    }
  }
  return [...patterns];
}

/**
 * The items grouped into classes (each class in the order of `items`, classes in the order of
 * their first item). Without patterns (`undefined`), every item is a class of its own.
 */
export function actionClasses(items: readonly SweepItem[], patterns: readonly string[] | undefined): SweepItem[][] {
  if (patterns === undefined) return items.map((i) => [i]);
  const literal = new Map<string, number>();
  // Wildcard patterns by the service they name (`ec2:Describe*`), or for every service (`*`, `e*:*`).
  const byService = new Map<string, { id: number; glob: Glob }[]>();
  const anyService: { id: number; glob: Glob }[] = [];
  patterns.forEach((p, id) => {
    if (!p.includes('*') && !p.includes('?')) return void literal.set(p, id);
    const colon = p.indexOf(':');
    const service = colon < 0 ? '' : p.slice(0, colon);
    const entry = { id, glob: compileGlob(p, true) };
    if (colon < 0 || service.includes('*') || service.includes('?')) anyService.push(entry);
    else byService.set(service, [...(byService.get(service) ?? []), entry]);
  });
  const classes = new Map<string, SweepItem[]>();
  for (const item of items) {
    const lower = item.action.toLowerCase();
    const service = lower.slice(0, lower.indexOf(':'));
    let key: string;
    if (BY_NAME.has(service)) key = `=${lower}`;
    else {
      const ids: number[] = [];
      const exact = literal.get(lower);
      if (exact !== undefined) ids.push(exact);
      for (const w of byService.get(service) ?? []) if (matchGlob(w.glob, lower)) ids.push(w.id);
      for (const w of anyService) if (matchGlob(w.glob, lower)) ids.push(w.id);
      key = `${service}\u0000${item.resource}\u0000${ids.sort((a, b) => a - b).join(',')}`;
    }
    const list = classes.get(key);
    if (list) list.push(item);
    else classes.set(key, [item]);
  }
  return [...classes.values()];
}
