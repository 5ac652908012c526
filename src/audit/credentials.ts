/**
 * Credential hygiene: root keys, MFA and use; console users without MFA; access key age, use and
 * count; keys created at user setup; unused passwords. Read from the credential report when one
 * is given, otherwise from the world's own user records (which have no root user).
 */
import type { World } from '../model/world.js';
import { CHECKS } from './checks.js';
import type { ReportRow } from './credential-report.js';
import { finding, recordPath, type Evidence, type Finding } from './finding.js';

const DAY = 86_400_000;

/** Thresholds of the credential checks, in days. */
export interface CredentialThresholds {
  /** Keys older than this are not rotated (CIS: 90). */
  readonly keyMaxAgeDays: number;
  /** Credentials unused this long are stale (CIS v3+: 45). */
  readonly unusedDays: number;
  /** Root use within this many days is reported. */
  readonly rootUseDays: number;
  /** A key rotated within this many minutes of the user's creation was created at setup. */
  readonly setupWindowMinutes: number;
}

export const DEFAULT_THRESHOLDS: CredentialThresholds = {
  keyMaxAgeDays: 90,
  unusedDays: 45,
  rootUseDays: 90,
  setupWindowMinutes: 60,
};

/** A user's credentials, from either source. */
export interface CredentialRecord {
  readonly arn: string;
  readonly isRoot: boolean;
  readonly source: 'credential-report' | 'world';
  readonly line?: number;
  readonly created?: number;
  readonly passwordEnabled: boolean;
  readonly passwordLastUsed?: number;
  readonly passwordLastChanged?: number;
  readonly mfaActive: boolean;
  readonly keys: readonly {
    readonly label: string;
    readonly active: boolean;
    readonly lastRotated?: number;
    readonly lastUsed?: number;
    readonly lastUsedService?: string;
    readonly lastUsedRegion?: string;
  }[];
}

/** Credential records from the report's rows. */
export function recordsFromReport(rows: readonly ReportRow[]): CredentialRecord[] {
  return rows.map((r) => ({
    arn: r.arn,
    isRoot: r.isRoot,
    source: 'credential-report',
    line: r.line,
    ...(r.created !== undefined ? { created: r.created } : {}),
    passwordEnabled: r.passwordEnabled === true,
    ...(r.passwordLastUsed !== undefined ? { passwordLastUsed: r.passwordLastUsed } : {}),
    ...(r.passwordLastChanged !== undefined ? { passwordLastChanged: r.passwordLastChanged } : {}),
    mfaActive: r.mfaActive,
    keys: r.keys.map((k) => ({
      label: `access_key_${k.index}`,
      active: k.active,
      ...(k.lastRotated !== undefined ? { lastRotated: k.lastRotated } : {}),
      ...(k.lastUsed !== undefined ? { lastUsed: k.lastUsed } : {}),
      ...(k.lastUsedService !== undefined ? { lastUsedService: k.lastUsedService } : {}),
      ...(k.lastUsedRegion !== undefined ? { lastUsedRegion: k.lastUsedRegion } : {}),
    })),
  }));
}

/** Credential records from the world's users (`password`, `mfaDevices`, `accessKeys`). */
export function recordsFromWorld(world: World): CredentialRecord[] {
  return Object.entries(world.users).map(([arn, u]) => {
    const time = (s: string | undefined) => (s === undefined ? undefined : Date.parse(s));
    const lastUsed = time(u.password?.lastUsed);
    const changed = time(u.password?.created);
    return {
      arn,
      isRoot: false,
      source: 'world',
      passwordEnabled: u.password?.enabled === true,
      ...(lastUsed !== undefined ? { passwordLastUsed: lastUsed } : {}),
      ...(changed !== undefined ? { passwordLastChanged: changed } : {}),
      mfaActive: u.mfaDevices.length > 0,
      keys: u.accessKeys.map((k) => {
        const rotated = time(k.created);
        const used = time(k.lastUsed);
        return {
          label: k.id,
          active: k.status === 'Active',
          ...(rotated !== undefined ? { lastRotated: rotated } : {}),
          ...(used !== undefined ? { lastUsed: used } : {}),
        };
      }),
    };
  });
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());
const days = (ms: number) => Math.floor(ms / DAY);

/** Runs every credential check over the records, as of `now`. */
export function checkCredentials(
  records: readonly CredentialRecord[],
  now: number,
  t: CredentialThresholds = DEFAULT_THRESHOLDS,
): Finding[] {
  const out: Finding[] = [];
  for (const r of records) {
    const evidence = (facts: Record<string, string | number | boolean | null>): Evidence => ({
      source: r.source,
      facts,
      ...(r.line !== undefined ? { line: r.line } : {}),
    });
    const where = r.source === 'world' && !r.isRoot ? { worldPath: recordPath('users', r.arn) } : {};
    const active = r.keys.filter((k) => k.active);
    if (r.isRoot) {
      for (const k of active)
        out.push(
          finding(
            CHECKS.rootAccessKeys,
            r.arn,
            `the root user's ${k.label} is active`,
            evidence({ key: k.label, active: true, lastRotated: iso(k.lastRotated), lastUsed: iso(k.lastUsed) }),
          ),
        );
      if (!r.mfaActive)
        out.push(
          finding(CHECKS.rootMfa, r.arn, 'the root user has no active MFA device', evidence({ mfa_active: false })),
        );
      const uses = [
        { what: 'password', at: r.passwordLastUsed },
        ...r.keys.map((k) => ({ what: k.label, at: k.lastUsed })),
      ].filter(
        (u): u is { what: string; at: number } =>
          u.at !== undefined && now - u.at <= t.rootUseDays * DAY && u.at <= now,
      );
      if (uses.length > 0) {
        const last = uses.reduce((a, b) => (b.at > a.at ? b : a));
        out.push(
          finding(
            CHECKS.rootUse,
            r.arn,
            `the root user's ${last.what} was used ${days(now - last.at)} day(s) ago (within ${t.rootUseDays})`,
            evidence(Object.fromEntries(uses.map((u) => [`${u.what}_last_used`, iso(u.at)]))),
          ),
        );
      }
      continue;
    }
    if (r.passwordEnabled && !r.mfaActive)
      out.push(
        finding(
          CHECKS.consoleMfa,
          r.arn,
          'the user can sign in to the console with a password and has no MFA device',
          evidence({ password_enabled: true, mfa_active: false }),
          where,
        ),
      );
    if (r.passwordEnabled) {
      const since = r.passwordLastUsed ?? r.passwordLastChanged ?? r.created;
      if (since !== undefined && now - since > t.unusedDays * DAY) {
        const what =
          r.passwordLastUsed !== undefined
            ? `last used ${days(now - since)} days ago`
            : `never used, set ${days(now - since)} days ago`;
        out.push(
          finding(
            CHECKS.passwordUnused,
            r.arn,
            `the console password was ${what} (limit ${t.unusedDays})`,
            evidence({
              password_last_used: iso(r.passwordLastUsed),
              password_last_changed: iso(r.passwordLastChanged),
            }),
            where,
          ),
        );
      }
    }
    if (active.length === 2)
      out.push(
        finding(
          CHECKS.twoKeys,
          r.arn,
          'the user has two active access keys',
          evidence({ active_keys: active.map((k) => k.label).join(', ') }),
          where,
        ),
      );
    for (const k of active) {
      const keyFacts = {
        key: k.label,
        last_rotated: iso(k.lastRotated),
        last_used: iso(k.lastUsed),
        ...(k.lastUsedService !== undefined ? { last_used_service: k.lastUsedService } : {}),
      };
      if (k.lastRotated !== undefined && now - k.lastRotated > t.keyMaxAgeDays * DAY) {
        out.push(
          finding(
            CHECKS.keyRotation,
            r.arn,
            `${k.label} was last rotated ${days(now - k.lastRotated)} days ago (limit ${t.keyMaxAgeDays})`,
            evidence(keyFacts),
            where,
          ),
        );
      }
      const since = k.lastUsed ?? k.lastRotated;
      if (since !== undefined && now - since > t.unusedDays * DAY) {
        const what =
          k.lastUsed !== undefined
            ? `last used ${days(now - since)} days ago`
            : `never used, created ${days(now - since)} days ago`;
        out.push(
          finding(CHECKS.keyUnused, r.arn, `${k.label} was ${what} (limit ${t.unusedDays})`, evidence(keyFacts), where),
        );
      }
      if (
        r.passwordEnabled &&
        k.lastUsed === undefined &&
        k.lastRotated !== undefined &&
        r.created !== undefined &&
        Math.abs(k.lastRotated - r.created) <= t.setupWindowMinutes * 60_000
      ) {
        out.push(
          finding(
            CHECKS.setupKey,
            r.arn,
            `${k.label} was created with the console user (${Math.round(Math.abs(k.lastRotated - r.created) / 1000)} s after it) and has never been used`,
            evidence({ ...keyFacts, user_creation_time: iso(r.created) }),
            where,
          ),
        );
      }
    }
  }
  return out;
}
