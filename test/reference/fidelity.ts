/**
 * The reference's reading of spec §4.14 (service rules), §4.15 (VPC endpoint keys) and §4.16 (S3
 * Block Public Access), written from the spec text over raw JSON, independently of the engine.
 */
import { readIpRange } from './values.js';

type Doc = Record<string, unknown>;
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Block Public Access settings as the world writes them. */
export interface RefBpa {
  blockPublicAcls?: boolean;
  ignorePublicAcls?: boolean;
  blockPublicPolicy?: boolean;
  restrictPublicBuckets?: boolean;
}

/** §4.16: the keys that, fixed by a condition, keep a `Principal: "*"` statement from being public. */
const NARROWING = [
  'aws:SourceIp',
  'aws:SourceArn',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:SourceOwner',
  'aws:SourceAccount',
  'aws:PrincipalAccount',
  'aws:PrincipalOrgID',
  'aws:userid',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
  's3:DataAccessPointArn',
  's3:DataAccessPointAccount',
].map((k) => k.toLowerCase());

/** A `Condition` block fixes one of the narrowing keys to values without wildcards. */
function narrowed(condition: unknown): boolean {
  if (typeof condition !== 'object' || condition === null) return false;
  for (const [operator, clauses] of Object.entries(condition as Record<string, Record<string, unknown>>)) {
    // Only operators that restrict the key to the listed values; no IfExists (it holds when the
    // key is absent) and no set qualifiers (ForAllValues holds for an absent key).
    if (
      !['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike', 'IpAddress'].includes(operator)
    )
      continue;
    for (const [key, raw] of Object.entries(clauses)) {
      if (!NARROWING.includes(key.toLowerCase())) continue;
      const values = list(raw as unknown).map(String);
      if (values.length === 0) continue;
      const fixed =
        operator === 'IpAddress'
          ? values.every((v) => {
              const r = readIpRange(v);
              return r !== undefined && r.prefix > 0;
            })
          : values.every((v) => !/[*?]|\$\{/.test(v));
      if (fixed) return true;
    }
  }
  return false;
}

/** §4.16: a bucket policy is public unless every Allow to everyone is narrowed by a fixed condition. */
export function refIsPublic(policy: Doc): boolean {
  return list(policy.Statement as Doc | Doc[]).some((st) => {
    if (st.Effect !== 'Allow') return false;
    const p = st.Principal;
    const everyone =
      st.NotPrincipal !== undefined ||
      p === '*' ||
      (typeof p === 'object' &&
        p !== null &&
        list((p as Record<string, string | string[]>).AWS).some((v) => v.includes('*')));
    return everyone && !narrowed(st.Condition);
  });
}

/** What the service rules look at. */
export interface RuleInput {
  action: string;
  resource: string;
  callerKind: string;
  callerAccount?: string;
  /** GetSessionToken credentials. */
  sessionToken?: boolean;
  mfa: boolean;
  /** S3: the bucket owner and the effective settings, and the publicness of the policies involved. */
  owner?: string;
  bpa?: { rpb: boolean; bpp: boolean };
  bucketPolicyPublic: boolean;
  requestPolicyPublic?: boolean;
}

/**
 * §4.14, §4.16: the first rule (in the order the spec lists them) that refuses the request, as a
 * reason code; `undefined` when none does. GetCallerIdentity is handled by the caller.
 */
export function refusingRule(r: RuleInput): string | undefined {
  const [service = '', name = ''] = r.action.toLowerCase().split(':');
  const iam = service === 'iam';
  if (
    iam &&
    [
      'createpolicy',
      'createpolicyversion',
      'deletepolicy',
      'deletepolicyversion',
      'setdefaultpolicyversion',
      'tagpolicy',
      'untagpolicy',
    ].includes(name) &&
    r.resource.split(':')[4] === 'aws' &&
    r.resource.split(':')[5]?.startsWith('policy/')
  ) {
    return 'AwsManagedPolicyImmutable';
  }
  const roleMutations = [
    'updateassumerolepolicy',
    'putrolepolicy',
    'deleterolepolicy',
    'attachrolepolicy',
    'detachrolepolicy',
    'putrolepermissionsboundary',
    'deleterolepermissionsboundary',
    'updaterole',
    'updateroledescription',
    'tagrole',
    'untagrole',
    'deleterole',
    'passrole',
  ];
  const roleName =
    r.resource.startsWith('arn:') && r.resource.split(':')[2] === 'iam' ? r.resource.split(':').slice(5).join(':') : '';
  if (
    iam &&
    roleMutations.includes(name) &&
    (roleName.startsWith('role/aws-reserved/') || roleName.startsWith('role/aws-service-role/'))
  )
    return 'ProtectedRole';
  if (
    service === 'kms' &&
    ['createalias', 'updatealias', 'deletealias'].includes(name) &&
    r.resource.split(':')[2] === 'kms' &&
    r.resource.split(':').slice(5).join(':').startsWith('alias/aws/')
  ) {
    return 'AwsManagedAliasReserved';
  }
  if (r.callerKind === 'federated-user' && (iam || (service === 'sts' && name !== 'getcalleridentity')))
    return 'FederatedUserRestricted';
  if (
    r.sessionToken &&
    ((iam && !r.mfa) || (service === 'sts' && name !== 'assumerole' && name !== 'getcalleridentity'))
  )
    return 'SessionTokenRestricted';
  if (service === 's3' && r.bpa) {
    const outsider = r.callerKind === 'anonymous' || (r.callerKind !== 'service' && r.callerAccount !== r.owner);
    if (r.bpa.rpb && r.bucketPolicyPublic && outsider) return 'S3BlockPublicAccess';
    if (r.bpa.bpp && name === 'putbucketpolicy' && r.requestPolicyPublic === true) return 'S3BlockPublicAccess';
  }
  return undefined;
}
