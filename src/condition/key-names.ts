/**
 * The lower-cased key of a condition clause, as the engine keeps it (`lowerKey`: one interned
 * string per text, so that a decision's key lookups compare by identity). Interning makes an
 * object per key (~150 ns here, a tenth of compiling a clause); the keys policies name most are
 * the global keys as AWS spells them, and those are interned once, when the module loads, in a
 * constant table looked up by the key as written (issue #16: a fresh authorizer's compile).
 */
import { lowerKey } from '../policy/variables.js';

/** Condition keys as AWS documents them (a key spelled otherwise is interned when compiled). */
const SPELLINGS = [
  'aws:CalledVia',
  'aws:CalledViaFirst',
  'aws:CalledViaLast',
  'aws:CurrentTime',
  'aws:EpochTime',
  'aws:FederatedProvider',
  'aws:MultiFactorAuthAge',
  'aws:MultiFactorAuthPresent',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:PrincipalIsAWSService',
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalServiceName',
  'aws:PrincipalServiceNamesList',
  'aws:PrincipalType',
  'aws:Referer',
  'aws:referer',
  'aws:RequestedRegion',
  'aws:ResourceAccount',
  'aws:ResourceOrgID',
  'aws:ResourceOrgPaths',
  'aws:SecureTransport',
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceIdentity',
  'aws:SourceIp',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:TagKeys',
  'aws:TokenIssueTime',
  'aws:UserAgent',
  'aws:userid',
  'aws:username',
  'aws:ViaAWSService',
  'aws:VpcSourceIp',
  'aws:VpceAccount',
  'aws:VpceOrgID',
  'aws:VpceOrgPaths',
  'iam:AWSServiceName',
  'iam:PassedToService',
  'iam:PermissionsBoundary',
  'iam:PolicyARN',
  'kms:CallerAccount',
  'kms:ViaService',
  's3:delimiter',
  's3:max-keys',
  's3:prefix',
  's3:ResourceAccount',
  's3:TlsVersion',
  's3:x-amz-acl',
  's3:x-amz-server-side-encryption',
  'sts:ExternalId',
  'sts:RoleSessionName',
  'sts:SourceIdentity',
  'sts:TransitiveTagKeys',
] as const;

/** Each spelling's `lowerKey`, made once (a constant table: nothing a world adds to it). */
const INTERNED: ReadonlyMap<string, string> = new Map(SPELLINGS.map((key) => [key, lowerKey(key)]));

/** `lowerKey(key)`: from the table for a key spelled as documented, else interned now. */
export function conditionKeyLower(key: string): string {
  return INTERNED.get(key) ?? lowerKey(key);
}
