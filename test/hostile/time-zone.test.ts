/**
 * Times are UTC whatever the host's zone (issue #11: a session without a zone was read in the
 * host's zone, so with TZ=America/Los_Angeles an expired session was allowed). The same decisions
 * — date conditions, aws:EpochTime, zone-less request, context, policy and session times, STS
 * expirations — are computed in child processes with TZ=UTC and TZ=Pacific/Chatham (+12:45/+13:45,
 * with DST) and America/Los_Angeles, and must be identical. Deep suite only: each child loads the
 * TypeScript sources.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEEP } from '../depth.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function decide(tz: string): { offset: number; zone: string; sts: unknown; decisions: string[] } {
  const out = execFileSync(
    process.execPath,
    ['node_modules/vite-node/vite-node.mjs', 'test/hostile/time-zone-child.ts'],
    { cwd: ROOT, env: { ...process.env, TZ: tz }, encoding: 'utf8', timeout: 240_000 },
  );
  return JSON.parse(out) as { offset: number; zone: string; sts: unknown; decisions: string[] };
}

describe.runIf(DEEP)('decisions do not depend on the host time zone', () => {
  it('TZ=UTC, TZ=Pacific/Chatham and TZ=America/Los_Angeles decide alike', () => {
    const utc = decide('UTC');
    expect(utc.offset).toBe(0);
    // Not vacuous: the cases decide both ways.
    expect(new Set(utc.decisions.map((d) => d.split(': ').pop()))).toEqual(
      new Set(['Allow', 'ImplicitDeny', 'ExplicitDeny']),
    );
    // The session worlds are valid: some session requests are allowed, the expired ones are not.
    const sessions = utc.decisions.filter((d) => d.startsWith('session'));
    expect(sessions.some((d) => d.endsWith(': Allow'))).toBe(true);
    expect(sessions.some((d) => !d.endsWith(': Allow'))).toBe(true);
    for (const tz of ['Pacific/Chatham', 'America/Los_Angeles']) {
      const other = decide(tz);
      expect(other.offset, tz).not.toBe(0); // the child really ran in another zone
      expect(other.sts).toEqual(utc.sts);
      expect(other.decisions).toEqual(utc.decisions);
    }
  }, 600_000);
});
