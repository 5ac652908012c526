/**
 * The context keys a world owns (spec §5.8, §7.2): with a world, only the engine knows their
 * value, and a request cannot claim them (see `RequestKeys`). Kept with the conditions so that a
 * compiled condition knows, once, whether its key is one of them: the decision then does not ask
 * per lookup.
 */

/** Keys whose value only the engine knows when it has a world (lower-cased, spec §5.8, §7.2). */
const WORLD_OWNED: ReadonlySet<string> = new Set([
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principaltype',
  'aws:principalisawsservice',
  'aws:principalservicename',
  'aws:principalservicenameslist',
  'aws:userid',
  'aws:username',
  'aws:tokenissuetime',
  'aws:multifactorauthpresent',
  'aws:multifactorauthage',
  'aws:sourceidentity',
  'aws:federatedprovider',
  'aws:currenttime',
  'aws:epochtime',
  'aws:resourceaccount',
  'aws:resourceorgid',
  'aws:resourceorgpaths',
]);

/** `true` for a key a world decides: the principal's, its tags, MFA, the time, the resource account. */
export function isWorldOwnedKey(keyLower: string): boolean {
  return WORLD_OWNED.has(keyLower) || keyLower.startsWith('aws:principaltag/');
}
