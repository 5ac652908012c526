/**
 * Merging worlds: the stacks of one app, or estates imported separately, as one world.
 */
import { joinPath, type Issue } from '../policy/issues.js';
import type { WorldInput } from '../model/world.js';

const MAPS = ['accounts', 'managedPolicies', 'users', 'groups', 'roles', 'instanceProfiles', 'sessions', 'userSessions', 'resourcePolicies', 'resources', 'identityProviders', 'vpcEndpoints'] as const;

/**
 * Merges worlds into one. An entry (same map, same key) defined by several worlds keeps its
 * first definition and is reported, unless the definitions are identical; the first
 * `organization` is kept. Never throws.
 *
 * @example
 * ```ts
 * import { mergeWorlds } from 'iam-verdict/import';
 *
 * const { world } = mergeWorlds([
 *   { users: { 'arn:aws:iam::111111111111:user/ann': {} } },
 *   { roles: { 'arn:aws:iam::222222222222:role/Ops': { trustPolicy: { Version: '2012-10-17', Statement: [] } } } },
 * ]);
 * console.log(Object.keys(world.users ?? {}).length, Object.keys(world.roles ?? {}).length); // => 1 1
 * ```
 */
export function mergeWorlds(worlds: readonly WorldInput[]): { world: WorldInput; warnings: Issue[] } {
  const warnings: Issue[] = [];
  const out: Record<string, Record<string, unknown>> = {};
  let organization: WorldInput['organization'];
  worlds.forEach((w, i) => {
    for (const map of MAPS) {
      const entries = w[map];
      if (!entries || typeof entries !== 'object') continue;
      const target = (out[map] ??= {});
      for (const [key, value] of Object.entries(entries)) {
        if (!Object.prototype.hasOwnProperty.call(target, key)) target[key] = value;
        else if (JSON.stringify(target[key]) !== JSON.stringify(value)) {
          warnings.push({ severity: 'warning', code: 'duplicate-entry', path: joinPath(joinPath(`[${i}]`, map), key), message: `${key} is already defined by an earlier world; the first definition is kept` });
        }
      }
    }
    if (w.organization) {
      if (!organization) organization = w.organization;
      else if (JSON.stringify(organization) !== JSON.stringify(w.organization)) {
        warnings.push({ severity: 'warning', code: 'duplicate-organization', path: `[${i}].organization`, message: 'several worlds define an organization; the first is kept' });
      }
    }
  });
  const world = out as WorldInput;
  return { world: organization ? { ...world, organization } : world, warnings };
}
