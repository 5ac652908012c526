/**
 * The hand-written benchmark estate: one organization (root → ou-prod → 111111111111), a user in
 * two groups holding five customer managed policies with conditions, a bucket policy, a two-level
 * SCP chain, a user with condition-heavy policies and a user in a second account outside the
 * organization (for cross-account requests).
 *
 * Each scenario carries the iam-verdict request and the equivalent `@cloud-copilot/iam-simulate`
 * simulation: the same policies, SCP levels, resource policy and request, with the condition keys
 * iam-verdict derives from the world (principal tags) passed explicitly, since iam-simulate does
 * not derive them.
 */

export const PROD = '111111111111';
export const PARTNER = '222222222222';
export const MGMT = '999999999999';
export const TIME = '2025-06-01T12:00:00Z';

const policyArn = (name) => `arn:aws:iam::${PROD}:policy/${name}`;

export const FULL_AWS_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** Customer managed policies of the estate, by name. */
export const MANAGED = {
  DevEc2: {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Describe', Effect: 'Allow', Action: ['ec2:Describe*', 'ec2:Get*'], Resource: '*' },
      {
        Sid: 'StartStopOwnTeam',
        Effect: 'Allow',
        Action: ['ec2:StartInstances', 'ec2:StopInstances', 'ec2:RebootInstances'],
        Resource: `arn:aws:ec2:*:${PROD}:instance/*`,
        Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } },
      },
      {
        Sid: 'Volumes',
        Effect: 'Allow',
        Action: ['ec2:AttachVolume', 'ec2:DetachVolume'],
        Resource: [`arn:aws:ec2:*:${PROD}:volume/*`, `arn:aws:ec2:*:${PROD}:instance/*`],
      },
    ],
  },
  DevLogs: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['logs:Describe*', 'logs:Get*', 'logs:FilterLogEvents', 'logs:StartQuery'],
        Resource: `arn:aws:logs:*:${PROD}:log-group:/app/*`,
      },
      { Effect: 'Allow', Action: ['cloudwatch:Get*', 'cloudwatch:List*', 'cloudwatch:Describe*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: 'xray:*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } },
      },
    ],
  },
  DevGuardrails: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'NoBucketAdmin',
        Effect: 'Deny',
        Action: ['s3:DeleteBucket', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutBucketAcl'],
        Resource: '*',
      },
      {
        Sid: 'NoIamWrites',
        Effect: 'Deny',
        Action: ['iam:Create*', 'iam:Delete*', 'iam:Put*', 'iam:Attach*'],
        Resource: '*',
      },
      {
        Sid: 'TlsOnly',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
      },
    ],
  },
  DataRead: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadLake',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging'],
        Resource: ['arn:aws:s3:::data-*/reports/*', 'arn:aws:s3:::data-*/curated/*'],
        Condition: {
          StringEquals: { 'aws:PrincipalTag/team': ['data', 'analytics'] },
          Bool: { 'aws:SecureTransport': 'true' },
        },
      },
      {
        Sid: 'ListLake',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: 'arn:aws:s3:::data-*',
        Condition: { StringLike: { 's3:prefix': ['reports/*', 'curated/*'] } },
      },
      {
        Sid: 'Athena',
        Effect: 'Allow',
        Action: ['athena:StartQueryExecution', 'athena:GetQuery*', 'glue:Get*'],
        Resource: '*',
      },
    ],
  },
  DataKms: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: `arn:aws:kms:*:${PROD}:key/*`,
        Condition: { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } },
      },
    ],
  },
};

/** Condition-heavy policies of the user `carol` (StringLike, IpAddress, Date). */
const CAROL_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'HomeFolderFromOffice',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: 'arn:aws:s3:::data-lake',
      Condition: {
        StringLike: { 's3:prefix': ['home/${aws:username}/*', 'shared/*'] },
        IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.0/24', '2001:db8::/32'] },
        DateGreaterThan: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' },
        DateLessThan: { 'aws:CurrentTime': '2025-12-31T23:59:59Z' },
      },
    },
    {
      Sid: 'NotFromElsewhere',
      Effect: 'Deny',
      Action: 's3:*',
      Resource: '*',
      Condition: {
        NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.0/24', '2001:db8::/32', '10.0.0.0/8'] },
      },
    },
  ],
};

/** The bucket policy of `data-lake` (owned by the production account). */
export const BUCKET_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'TlsOnly',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: ['arn:aws:s3:::data-lake', 'arn:aws:s3:::data-lake/*'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    {
      Sid: 'EtlWrites',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${PROD}:role/etl` },
      Action: ['s3:PutObject', 's3:GetObject'],
      Resource: 'arn:aws:s3:::data-lake/*',
    },
    {
      Sid: 'PartnerReadsShared',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${PARTNER}:root` },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::data-lake/shared/*',
    },
  ],
};

const SCP_DENY_REGIONS = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyOutsideRegions',
      Effect: 'Deny',
      NotAction: ['iam:*', 'sts:*', 'organizations:*', 'support:*', 's3:*', 'cloudfront:*', 'route53:*'],
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } },
    },
  ],
};
const SCP_PROD_ALLOW_LIST = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowedServices',
      Effect: 'Allow',
      Action: ['s3:*', 'ec2:*', 'logs:*', 'cloudwatch:*', 'xray:*', 'kms:*', 'athena:*', 'glue:*', 'sts:*', 'iam:*'],
      Resource: '*',
    },
  ],
};
const SCP_PROD_GUARDS = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'NoLeaving', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
    {
      Sid: 'NoReservedPurchases',
      Effect: 'Deny',
      Action: ['ec2:PurchaseReservedInstancesOffering', 'ec2:ModifyReservedInstances'],
      Resource: '*',
    },
  ],
};

const PARTNER_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:ListBucket'],
      Resource: ['arn:aws:s3:::data-lake', 'arn:aws:s3:::data-lake/*'],
    },
  ],
};

const ALICE = `arn:aws:iam::${PROD}:user/alice`;
const CAROL = `arn:aws:iam::${PROD}:user/carol`;
const BOB = `arn:aws:iam::${PARTNER}:user/bob`;

/** The estate as an iam-verdict world. */
export function estateWorld() {
  return {
    accounts: {
      [PROD]: { org: 'o-exampleorg', parents: ['r-root', 'ou-prod'] },
      [MGMT]: { org: 'o-exampleorg', parents: ['r-root'] },
      [PARTNER]: {},
    },
    organization: {
      id: 'o-exampleorg',
      rootId: 'r-root',
      managementAccount: MGMT,
      scps: { 'r-root': [FULL_AWS_ACCESS, SCP_DENY_REGIONS], 'ou-prod': [SCP_PROD_ALLOW_LIST, SCP_PROD_GUARDS] },
    },
    managedPolicies: Object.fromEntries(Object.entries(MANAGED).map(([name, doc]) => [policyArn(name), doc])),
    groups: {
      [`arn:aws:iam::${PROD}:group/developers`]: {
        policies: [policyArn('DevEc2'), policyArn('DevLogs'), policyArn('DevGuardrails')],
      },
      [`arn:aws:iam::${PROD}:group/analysts`]: { policies: [policyArn('DataRead'), policyArn('DataKms')] },
    },
    users: {
      [ALICE]: {
        tags: { team: 'data' },
        groups: [`arn:aws:iam::${PROD}:group/developers`, `arn:aws:iam::${PROD}:group/analysts`],
      },
      [CAROL]: { policies: [CAROL_POLICY, policyArn('DevLogs')], groups: [`arn:aws:iam::${PROD}:group/developers`] },
      [BOB]: { policies: [PARTNER_POLICY] },
    },
    roles: {
      [`arn:aws:iam::${PROD}:role/etl`]: {
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'glue.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
      },
    },
    resourcePolicies: { 'data-lake': { policy: BUCKET_POLICY, resource: 'arn:aws:s3:::data-lake', account: PROD } },
  };
}

const named = (entries) => entries.map(([name, policy]) => ({ name, policy }));
const PROD_SCPS = [
  {
    orgIdentifier: 'r-root',
    policies: named([
      ['FullAWSAccess', FULL_AWS_ACCESS],
      ['DenyOutsideRegions', SCP_DENY_REGIONS],
    ]),
  },
  {
    orgIdentifier: 'ou-prod',
    policies: named([
      ['ProdAllowList', SCP_PROD_ALLOW_LIST],
      ['ProdGuards', SCP_PROD_GUARDS],
    ]),
  },
  { orgIdentifier: PROD, policies: named([['FullAWSAccess', FULL_AWS_ACCESS]]) },
];
const ALICE_POLICIES = named(['DevEc2', 'DevLogs', 'DevGuardrails', 'DataRead', 'DataKms'].map((n) => [n, MANAGED[n]]));
const CAROL_POLICIES = named([
  ['carol-inline', CAROL_POLICY],
  ['DevLogs', MANAGED.DevLogs],
  ['DevEc2', MANAGED.DevEc2],
  ['DevGuardrails', MANAGED.DevGuardrails],
]);

/** iam-simulate's `Simulation` for one request. */
function simulation({ principal, action, resource, account, context, identity, scps, resourcePolicy }) {
  return {
    request: { principal, action, resource: { resource, accountId: account }, contextVariables: context },
    identityPolicies: identity,
    serviceControlPolicies: scps,
    resourceControlPolicies: [],
    ...(resourcePolicy ? { resourcePolicy } : {}),
  };
}

/**
 * The estate's scenarios: `{ name, title, request, simulation, expect }` where `request` is the
 * iam-verdict request and `simulation` the iam-simulate input for the same question.
 */
export function estateScenarios() {
  const net = { 'aws:SecureTransport': 'true', 'aws:RequestedRegion': 'eu-west-1', 'aws:SourceIp': '203.0.113.7' };
  return [
    {
      name: 'typical',
      title: 'Typical: user in 2 groups, 5 managed policies with conditions, bucket policy, 2-level SCP chain',
      expect: 'Allow',
      request: {
        principal: ALICE,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::data-lake/reports/2025/q2.csv',
        resourceAccount: PROD,
        resourcePolicy: 'data-lake',
        time: TIME,
        context: net,
      },
      simulation: simulation({
        principal: ALICE,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::data-lake/reports/2025/q2.csv',
        account: PROD,
        context: { ...net, 'aws:PrincipalTag/team': 'data' },
        identity: ALICE_POLICIES,
        scps: PROD_SCPS,
        resourcePolicy: BUCKET_POLICY,
      }),
    },
    {
      name: 'explicit-deny',
      title: 'Explicit deny in an identity policy (s3:DeleteBucket)',
      expect: 'ExplicitDeny',
      request: {
        principal: ALICE,
        action: 's3:DeleteBucket',
        resource: 'arn:aws:s3:::data-lake',
        resourceAccount: PROD,
        resourcePolicy: 'data-lake',
        time: TIME,
        context: net,
      },
      simulation: simulation({
        principal: ALICE,
        action: 's3:DeleteBucket',
        resource: 'arn:aws:s3:::data-lake',
        account: PROD,
        context: { ...net, 'aws:PrincipalTag/team': 'data' },
        identity: ALICE_POLICIES,
        scps: PROD_SCPS,
        resourcePolicy: BUCKET_POLICY,
      }),
    },
    {
      name: 'conditions',
      title: 'Conditions: StringLike with a policy variable, IpAddress, DateGreaterThan/DateLessThan',
      expect: 'Allow',
      request: {
        principal: CAROL,
        action: 's3:ListBucket',
        resource: 'arn:aws:s3:::data-lake',
        resourceAccount: PROD,
        resourcePolicy: 'data-lake',
        time: TIME,
        context: { ...net, 's3:prefix': 'home/carol/notes/' },
      },
      simulation: simulation({
        principal: CAROL,
        action: 's3:ListBucket',
        resource: 'arn:aws:s3:::data-lake',
        account: PROD,
        context: { ...net, 's3:prefix': 'home/carol/notes/', 'aws:username': 'carol', 'aws:CurrentTime': TIME },
        identity: CAROL_POLICIES,
        scps: PROD_SCPS,
        resourcePolicy: BUCKET_POLICY,
      }),
    },
    {
      name: 'cross-account',
      title: 'Cross-account: a partner account user reads a shared object; the bucket policy grants the account',
      expect: 'Allow',
      request: {
        principal: BOB,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::data-lake/shared/readme.txt',
        resourceAccount: PROD,
        resourcePolicy: 'data-lake',
        time: TIME,
        context: net,
      },
      simulation: simulation({
        principal: BOB,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::data-lake/shared/readme.txt',
        account: PROD,
        context: net,
        identity: named([['partner', PARTNER_POLICY]]),
        scps: [],
        resourcePolicy: BUCKET_POLICY,
      }),
    },
    {
      name: 'scp-deny',
      title: 'SCP deny: the root SCP denies a region outside the allow list',
      expect: 'ExplicitDeny',
      request: {
        principal: ALICE,
        action: 'ec2:DescribeInstances',
        resource: '*',
        time: TIME,
        context: { ...net, 'aws:RequestedRegion': 'ap-south-1' },
      },
      simulation: simulation({
        principal: ALICE,
        action: 'ec2:DescribeInstances',
        resource: '*',
        account: PROD,
        context: { ...net, 'aws:RequestedRegion': 'ap-south-1', 'aws:PrincipalTag/team': 'data' },
        identity: ALICE_POLICIES,
        scps: PROD_SCPS,
      }),
    },
  ];
}
