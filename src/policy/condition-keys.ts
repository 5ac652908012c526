/**
 * What the validator knows about global condition keys (spec §7.1): which are single-valued,
 * which are multivalued, and which are "sensitive" (wildcard values have no valid use).
 * Keys compare case-insensitively (spec §3.2).
 */

/** Single-valued global keys of spec §7.1 (lower case). */
const SINGLE_VALUED: ReadonlySet<string> = new Set([
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalisawsservice',
  'aws:principalservicename',
  'aws:principaltype',
  'aws:userid',
  'aws:username',
  'aws:assumedroot',
  'aws:federatedprovider',
  'aws:tokenissuetime',
  'aws:multifactorauthpresent',
  'aws:multifactorauthage',
  'aws:sourceidentity',
  'aws:signinsessionarn',
  'aws:ec2instancesourcevpc',
  'aws:ec2instancesourceprivateipv4',
  'aws:sourceip',
  'aws:sourcevpc',
  'aws:sourcevpcarn',
  'aws:sourcevpce',
  'aws:vpceaccount',
  'aws:vpceorgid',
  'aws:vpcsourceip',
  'aws:resourceaccount',
  'aws:resourceorgid',
  'aws:calledviafirst',
  'aws:calledvialast',
  'aws:calledviaawsmcp',
  'aws:viaawsservice',
  'aws:viaawsmcpservice',
  'aws:currenttime',
  'aws:epochtime',
  'aws:referer',
  'aws:requestedregion',
  'aws:securetransport',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:useragent',
  'sts:externalid',
  'sts:rolesessionname',
  'sts:sourceidentity',
]);

/** Tag keys: one value per tag (spec §7.1). */
const SINGLE_VALUED_PREFIXES: readonly string[] = ['aws:principaltag/', 'aws:requesttag/', 'aws:resourcetag/'];

/** Multivalued global keys of spec §7.1 (and `sts:TransitiveTagKeys`, §10 S5). */
const MULTIVALUED: ReadonlySet<string> = new Set([
  'aws:tagkeys',
  'aws:principalorgpaths',
  'aws:resourceorgpaths',
  'aws:calledvia',
  'aws:principalservicenameslist',
  'aws:sourceorgpaths',
  'aws:vpceorgpaths',
  'sts:transitivetagkeys',
]);

/** Keys for which a wildcard value has no valid use (end of spec §7.1). */
const SENSITIVE: ReadonlySet<string> = new Set([
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:resourceaccount',
  'aws:resourceorgid',
  'aws:sourceaccount',
  'aws:sourceorgid',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:vpceaccount',
  'aws:vpceorgid',
]);

/** Whether a key holds one value, a set of values, or is not known to the validator. */
export type KeyCardinality = 'single' | 'multi' | 'unknown';

/**
 * The cardinality of a condition key as far as spec §7.1 tells, given lower-cased (keys compare
 * ignoring case; the validator lower-cases each key once for all its checks).
 */
export function lowerKeyCardinality(lower: string): KeyCardinality {
  if (MULTIVALUED.has(lower)) return 'multi';
  if (SINGLE_VALUED.has(lower)) return 'single';
  for (const prefix of SINGLE_VALUED_PREFIXES) {
    if (lower.startsWith(prefix) && lower.length > prefix.length) return 'single';
  }
  return 'unknown';
}

/**
 * Whether a key, given lower-cased, is multivalued: its cardinality is `multi` (asked of most
 * clauses). The multivalued keys of a key's length are compared with it: a clause's key is just
 * lower-cased, and looking it up in the set would hash every character of it (issue #16: a fresh
 * authorizer's validation); most keys have a length no multivalued key has.
 */
export function isLowerMultivaluedKey(lower: string): boolean {
  return hasOfLength(MULTIVALUED_BY_LENGTH, lower);
}

/** Whether `lower` is one of the keys of its length in `byLength` (see {@link byLength}). */
function hasOfLength(byLength: readonly (readonly string[])[], lower: string): boolean {
  if (lower.length >= byLength.length) return false;
  const keys = byLength[lower.length] as readonly string[];
  for (let i = 0; i < keys.length; i++) if (keys[i] === lower) return true;
  return false;
}

/** {@link MULTIVALUED} by length: the keys of each length (none: one shared empty list). */
const MULTIVALUED_BY_LENGTH: readonly (readonly string[])[] = byLength(MULTIVALUED);

function byLength(keys: ReadonlySet<string>): (readonly string[])[] {
  const none: readonly string[] = [];
  let longest = 0;
  for (const key of keys) longest = Math.max(longest, key.length);
  const out = Array.from({ length: longest + 1 }, () => none);
  for (const key of keys) out[key.length] = [...(out[key.length] as readonly string[]), key];
  return out;
}

/**
 * `true` for the keys whose values should never hold wildcards (spec §7.1), given lower-cased:
 * compared with the sensitive keys of its length, as {@link isLowerMultivaluedKey} does (asked of
 * every clause; a set would hash each just lower-cased key, issue #16).
 */
export function isLowerSensitiveKey(lower: string): boolean {
  return hasOfLength(SENSITIVE_BY_LENGTH, lower);
}

/** {@link SENSITIVE} by length. */
const SENSITIVE_BY_LENGTH: readonly (readonly string[])[] = byLength(SENSITIVE);
