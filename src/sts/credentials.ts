/**
 * Temporary credentials. The STS functions are pure: the same inputs yield the same
 * credentials, derived by hashing, so tests and examples are reproducible. They are simulated
 * credentials for a modelled world, not secrets.
 */
import { derivedId } from '../model/ids.js';
import { formatDate } from '../condition/date.js';
import type { TemporaryCredentials } from './result.js';
import { parseRequestTime } from '../condition/date.js';

/** Derives temporary credentials for a session issued at `issuedAt` (epoch ms). */
export function temporaryCredentials(seed: string, issuedAt: number, expiresAt: number): TemporaryCredentials {
  const s = `${seed}@${issuedAt}`;
  return {
    accessKeyId: derivedId('ASIA', s, 16),
    secretAccessKey: derivedId('', `${s}#secret`, 40),
    sessionToken: derivedId('IQoJb3JpZ2luX2Vj', `${s}#token`, 96),
    expiration: formatDate(expiresAt),
  };
}

/** Reads `now` (ISO text or epoch ms); defaults to the current time. `NaN` when unreadable. */
export function readNow(now: string | number | undefined): number {
  if (now === undefined) return Date.now();
  if (typeof now === 'number') return now;
  return parseRequestTime(now);
}
