/**
 * Users that should be roles: a user that calls AWS with its access keys and never signs in to
 * the console is a workload, not a person — exactly what roles are for. Decided from what the data
 * shows (the credential report, or the world's user records): an active key that has been used,
 * and no console password, or one never used. A person with keys (a console user with MFA who
 * also uses the CLI) is not reported here; keys nobody uses are `IAM.ACCESS_KEY_UNUSED`'s.
 */
import { CHECKS } from './checks.js';
import type { CredentialRecord } from './credentials.js';
import { finding, recordPath, type Finding } from './finding.js';

const DAY = 86_400_000;

/** The `IAM.USER_SHOULD_BE_ROLE` findings of the records, as of `now`. */
export function checkUsersThatShouldBeRoles(records: readonly CredentialRecord[], now: number): Finding[] {
  const out: Finding[] = [];
  for (const r of records) {
    if (r.isRoot) continue;
    const consoleInUse = r.passwordEnabled && r.passwordLastUsed !== undefined;
    if (consoleInUse) continue;
    const used = r.keys.filter((k) => k.active && k.lastUsed !== undefined && k.lastUsed <= now);
    if (used.length === 0) continue;
    const services = [...new Set(used.map((k) => k.lastUsedService).filter((s): s is string => s !== undefined))];
    const regions = [...new Set(used.map((k) => k.lastUsedRegion).filter((s): s is string => s !== undefined))];
    const oldest = Math.min(...used.map((k) => k.lastRotated ?? Infinity));
    const keys = used.map(
      (k) =>
        `${k.label} last used ${Math.floor((now - (k.lastUsed as number)) / DAY)} day(s) ago${k.lastUsedService ? ` with ${k.lastUsedService}` : ''}${k.lastUsedRegion ? ` in ${k.lastUsedRegion}` : ''}`,
    );
    const how = r.passwordEnabled ? 'has a console password it has never used' : 'has no console password';
    out.push(
      finding(
        CHECKS.userShouldBeRole,
        r.arn,
        `the user ${how} and calls AWS only with access keys (${keys.join('; ')}): a workload with long-lived keys${services.length === 1 ? ` (last seen calling ${services[0]} only)` : ''}`,
        {
          source: r.source,
          ...(r.line !== undefined ? { line: r.line } : {}),
          facts: {
            password_enabled: r.passwordEnabled,
            password_last_used: null,
            active_keys_used: used.map((k) => k.label).join(', '),
            last_used_services: services.length > 0 ? services.join(', ') : null,
            last_used_regions: regions.length > 0 ? regions.join(', ') : null,
            oldest_key_age_days: Number.isFinite(oldest) ? Math.floor((now - oldest) / DAY) : null,
          },
        },
        r.source === 'world' ? { worldPath: recordPath('users', r.arn) } : {},
      ),
    );
  }
  return out;
}
