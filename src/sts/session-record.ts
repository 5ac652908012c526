/**
 * The world records STS calls add: what a `sessions` entry holds for an issued session.
 */
import { formatDate } from '../condition/date.js';
import type { TemporaryCredentials } from './result.js';

/** The credentials as a world's session record stores them (the expiration is the record's `expiresAt`). */
export function storedCredentials(c: TemporaryCredentials): Record<string, string> {
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
}

/** What every role session record holds. */
export interface RoleSessionFacts {
  readonly roleArn: string;
  /** Issue time and expiry (epoch ms). */
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** How the session was created (world `sessions[…].via`). */
  readonly via: string;
  readonly credentials: TemporaryCredentials;
}

/**
 * The `sessions` record of a role session. AssumeRole-family credentials carry no MFA information
 * of their own (spec §10 S2), so `mfaPresent` is false; `extra` adds tags, policies, context, ….
 */
export function roleSessionRecord(
  facts: RoleSessionFacts,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'AssumedRole',
    roleArn: facts.roleArn,
    issuedAt: formatDate(facts.issuedAt),
    expiresAt: formatDate(facts.expiresAt),
    mfaPresent: false,
    via: facts.via,
    credentials: storedCredentials(facts.credentials),
    ...extra,
  };
}
