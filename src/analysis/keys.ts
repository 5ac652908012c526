/**
 * Request-time condition keys: the keys a caller chooses or the network supplies when the request
 * is made (MFA, source address, time, tags on the request, STS parameters…). The world cannot fix
 * them, so the analysis treats them as unknowns and answers with a residual condition over them.
 * Keys the world fixes (principal ARN and tags, accounts, organization, resource tags) stay concrete.
 */

/** Lower-cased request-time keys (exact names). */
export const REQUEST_TIME_KEYS: readonly string[] = [
  'aws:multifactorauthpresent',
  'aws:multifactorauthage',
  'aws:sourceip',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:vpcsourceip',
  'aws:currenttime',
  'aws:epochtime',
  'aws:securetransport',
  'aws:requestedregion',
  'aws:tagkeys',
  'aws:useragent',
  'aws:referer',
  'aws:calledvia',
  'aws:calledviafirst',
  'aws:calledvialast',
  'aws:viaawsservice',
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceorgid',
  'aws:sourceidentity',
  'sts:externalid',
  'sts:sourceidentity',
  'sts:rolesessionname',
  'sts:transitivetagkeys',
  'sts:durationseconds',
];

/** Lower-cased prefixes of request-time key families. */
export const REQUEST_TIME_PREFIXES: readonly string[] = ['aws:requesttag/'];

/** Multivalued keys: their witnesses are lists (spec §3.6). */
const MULTIVALUED = new Set(['aws:tagkeys', 'aws:calledvia', 'sts:transitivetagkeys']);

/** Which keys are unknown at analysis time. */
export interface UnknownKeys {
  /** `true` when the key (any case) is unknown. */
  has(key: string): boolean;
}

/** The default unknown keys, plus `extra` (exact names or prefixes ending in `/`). */
export function unknownKeys(extra: readonly string[] = []): UnknownKeys {
  const exact = new Set(REQUEST_TIME_KEYS);
  const prefixes = [...REQUEST_TIME_PREFIXES];
  for (const k of extra) {
    const l = k.toLowerCase();
    if (l.endsWith('/')) prefixes.push(l);
    else exact.add(l);
  }
  return {
    has: (key) => {
      const l = key.toLowerCase();
      return exact.has(l) || prefixes.some((p) => l.startsWith(p));
    },
  };
}

/** `true` for the multivalued request-time keys. */
export function isMultivalued(keyLower: string): boolean {
  return MULTIVALUED.has(keyLower);
}
