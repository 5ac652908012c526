/**
 * A generated, deterministic large estate: 10 member accounts under 3 OUs, 10,000 users,
 * 2,000 roles, 5,000 customer managed policies, 200 groups and 1,000 buckets with bucket
 * policies; plus sample requests over it, each with the equivalent iam-simulate simulation.
 *
 * Policies only use condition keys that iam-simulate can be given explicitly: the request's
 * `aws:SecureTransport`, `aws:RequestedRegion`, `aws:SourceIp`, and the keys iam-verdict derives
 * from the world (`aws:PrincipalTag/team`, `aws:PrincipalOrgID`), which are passed to
 * iam-simulate as context.
 */

/** Size of the generated estate. */
export const BIG = { accounts: 10, users: 10_000, roles: 2_000, policies: 5_000, groups: 200, buckets: 1_000 };

/** The estate `scale` times over (×10: 100k users, 20k roles, 50k policies; same shape per account). */
export function bigSize(scale = 1) {
  return Object.fromEntries(Object.entries(BIG).map(([k, n]) => [k, n * scale]));
}

const ORG = 'o-bigorg';
const MGMT = '900000000000';
const TIME = '2025-06-01T12:00:00Z';
const TEAMS = ['data', 'web', 'infra', 'ml', 'finance', 'security'];
const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];
const FULL_AWS_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** Services with the actions and resource ARN shapes the generator draws from. */
const SERVICES = [
  {
    prefix: 's3',
    actions: ['GetObject', 'PutObject', 'ListBucket', 'GetObjectTagging', 'DeleteObject'],
    arn: (a, n) => `arn:aws:s3:::bucket-${n}/*`,
  },
  {
    prefix: 'dynamodb',
    actions: ['GetItem', 'PutItem', 'Query', 'Scan', 'UpdateItem', 'DescribeTable'],
    arn: (a, n, r) => `arn:aws:dynamodb:${r}:${a}:table/table-${n}`,
  },
  {
    prefix: 'ec2',
    actions: ['DescribeInstances', 'StartInstances', 'StopInstances', 'DescribeVolumes', 'CreateTags'],
    arn: (a, n, r) => `arn:aws:ec2:${r}:${a}:instance/*`,
  },
  {
    prefix: 'lambda',
    actions: ['InvokeFunction', 'GetFunction', 'ListFunctions', 'UpdateFunctionCode'],
    arn: (a, n, r) => `arn:aws:lambda:${r}:${a}:function:fn-${n}*`,
  },
  {
    prefix: 'sqs',
    actions: ['SendMessage', 'ReceiveMessage', 'DeleteMessage', 'GetQueueAttributes'],
    arn: (a, n, r) => `arn:aws:sqs:${r}:${a}:queue-${n}`,
  },
  {
    prefix: 'sns',
    actions: ['Publish', 'Subscribe', 'ListTopics', 'GetTopicAttributes'],
    arn: (a, n, r) => `arn:aws:sns:${r}:${a}:topic-${n}`,
  },
  {
    prefix: 'kms',
    actions: ['Decrypt', 'Encrypt', 'GenerateDataKey', 'DescribeKey'],
    arn: (a, n, r) => `arn:aws:kms:${r}:${a}:key/*`,
  },
  {
    prefix: 'logs',
    actions: ['PutLogEvents', 'CreateLogStream', 'GetLogEvents', 'FilterLogEvents'],
    arn: (a, n, r) => `arn:aws:logs:${r}:${a}:log-group:/app/svc-${n}:*`,
  },
  {
    prefix: 'secretsmanager',
    actions: ['GetSecretValue', 'DescribeSecret', 'PutSecretValue'],
    arn: (a, n, r) => `arn:aws:secretsmanager:${r}:${a}:secret:app-${n}-*`,
  },
  {
    prefix: 'cloudwatch',
    actions: ['GetMetricData', 'PutMetricData', 'ListMetrics', 'DescribeAlarms'],
    arn: () => '*',
  },
  {
    prefix: 'athena',
    actions: ['StartQueryExecution', 'GetQueryResults', 'GetQueryExecution'],
    arn: (a, n, r) => `arn:aws:athena:${r}:${a}:workgroup/wg-${n}`,
  },
  {
    prefix: 'glue',
    actions: ['GetTable', 'GetDatabase', 'GetPartitions', 'CreateTable'],
    arn: (a, n, r) => `arn:aws:glue:${r}:${a}:*`,
  },
  {
    prefix: 'ecr',
    actions: ['BatchGetImage', 'GetDownloadUrlForLayer', 'PutImage'],
    arn: (a, n, r) => `arn:aws:ecr:${r}:${a}:repository/repo-${n}`,
  },
  {
    prefix: 'states',
    actions: ['StartExecution', 'DescribeExecution', 'ListExecutions'],
    arn: (a, n, r) => `arn:aws:states:${r}:${a}:stateMachine:sm-${n}`,
  },
  {
    prefix: 'kinesis',
    actions: ['PutRecord', 'GetRecords', 'DescribeStream'],
    arn: (a, n, r) => `arn:aws:kinesis:${r}:${a}:stream/stream-${n}`,
  },
  {
    prefix: 'ssm',
    actions: ['GetParameter', 'GetParameters', 'PutParameter'],
    arn: (a, n, r) => `arn:aws:ssm:${r}:${a}:parameter/app/${n}/*`,
  },
];

/** A small deterministic PRNG (mulberry32). */
function rng(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

const accountId = (i) => String(100000000000 + i * 1111);

function condition(r) {
  switch (r.int(6)) {
    case 0:
      return { StringEquals: { 'aws:PrincipalTag/team': r.pick(TEAMS) } };
    case 1:
      return { StringEquals: { 'aws:RequestedRegion': REGIONS.slice(0, 1 + r.int(3)) } };
    case 2:
      return { Bool: { 'aws:SecureTransport': 'true' } };
    case 3:
      return { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', `192.0.${r.int(250)}.0/24`] } };
    case 4:
      return { StringEquals: { 'aws:PrincipalOrgID': ORG } };
    default:
      return undefined;
  }
}

function generatePolicy(r, account) {
  const statements = [];
  const count = 2 + r.int(5);
  for (let i = 0; i < count; i++) {
    const svc = r.pick(SERVICES);
    const n = r.int(1000);
    const actions = r.chance(0.2)
      ? [`${svc.prefix}:Get*`, `${svc.prefix}:List*`, `${svc.prefix}:Describe*`]
      : Array.from(new Set(Array.from({ length: 1 + r.int(3) }, () => `${svc.prefix}:${r.pick(svc.actions)}`)));
    const st = {
      Sid: `S${i}`,
      Effect: r.chance(0.1) ? 'Deny' : 'Allow',
      Action: actions,
      Resource: r.chance(0.3)
        ? '*'
        : [svc.arn(account, n, r.pick(REGIONS)), svc.arn(account, (n + 1) % 1000, r.pick(REGIONS))],
    };
    const c = r.chance(0.5) ? condition(r) : undefined;
    if (c) st.Condition = c;
    statements.push(st);
  }
  return { Version: '2012-10-17', Statement: statements };
}

function bucketPolicy(r, bucket, owner, roleArn) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'TlsOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'OrgReads',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/shared/*`],
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
      },
      {
        Sid: 'WriterRole',
        Effect: 'Allow',
        Principal: { AWS: roleArn },
        Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
        Resource: `arn:aws:s3:::${bucket}/*`,
      },
      ...(r.chance(0.3)
        ? [
            {
              Sid: 'PartnerAccount',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${accountId((r.int(10) + 1) % 10)}:root` },
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:::${bucket}/out/*`,
            },
          ]
        : []),
    ],
  };
}

/**
 * Generates the estate. Returns the world and, for building iam-simulate inputs, the documents
 * behind every policy ARN and the SCP levels of each account.
 */
export function generateBigWorld(seed = 20250601, size = BIG, options = {}) {
  const r = rng(seed);
  const accounts = Array.from({ length: size.accounts }, (_, i) => accountId(i));
  const world = {
    accounts: { [MGMT]: { org: ORG, parents: ['r-root'] } },
    organization: { id: ORG, rootId: 'r-root', managementAccount: MGMT, scps: {} },
    managedPolicies: {},
    groups: {},
    users: {},
    roles: {},
    resourcePolicies: {},
  };
  const denyRegions = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyOutsideRegions',
        Effect: 'Deny',
        NotAction: ['iam:*', 'sts:*', 'organizations:*', 's3:*', 'cloudfront:*'],
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': REGIONS } },
      },
    ],
  };
  const ouGuards = (k) => ({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'NoLeaving', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
      { Sid: 'NoKeyDeletion', Effect: 'Deny', Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey'], Resource: '*' },
      ...(k === 2
        ? [{ Sid: 'NoSecretsWrites', Effect: 'Deny', Action: 'secretsmanager:PutSecretValue', Resource: '*' }]
        : []),
    ],
  });
  const scpDocs = {
    'r-root': [
      ['FullAWSAccess', FULL_AWS_ACCESS],
      ['DenyOutsideRegions', denyRegions],
    ],
  };
  for (let k = 0; k < 3; k++)
    scpDocs[`ou-${k}`] = [
      ['FullAWSAccess', FULL_AWS_ACCESS],
      [`Guards${k}`, ouGuards(k)],
    ];
  for (const [target, docs] of Object.entries(scpDocs)) world.organization.scps[target] = docs.map(([, d]) => d);

  const scpLevels = new Map();
  accounts.forEach((a, i) => {
    const ou = `ou-${i % 3}`;
    world.accounts[a] = { org: ORG, parents: ['r-root', ou] };
    scpLevels.set(a, [
      { orgIdentifier: 'r-root', policies: scpDocs['r-root'].map(([name, policy]) => ({ name, policy })) },
      { orgIdentifier: ou, policies: scpDocs[ou].map(([name, policy]) => ({ name, policy })) },
      { orgIdentifier: a, policies: [{ name: 'FullAWSAccess', policy: FULL_AWS_ACCESS }] },
    ]);
  });

  const docs = new Map();
  const policiesOf = accounts.map(() => []);
  for (let i = 0; i < size.policies; i++) {
    const a = accounts[i % size.accounts];
    const arn = `arn:aws:iam::${a}:policy/team/p-${i}`;
    const doc = generatePolicy(r, a);
    world.managedPolicies[arn] = doc;
    docs.set(arn, doc);
    policiesOf[i % size.accounts].push(arn);
  }
  const groupsOf = accounts.map(() => []);
  for (let i = 0; i < size.groups; i++) {
    const k = i % size.accounts;
    const arn = `arn:aws:iam::${accounts[k]}:group/g-${i}`;
    world.groups[arn] = { policies: Array.from({ length: 3 }, () => r.pick(policiesOf[k])) };
    groupsOf[k].push(arn);
  }
  const principals = [];
  for (let i = 0; i < size.users; i++) {
    const k = i % size.accounts;
    const arn = `arn:aws:iam::${accounts[k]}:user/u-${i}`;
    const groups = Array.from(new Set([r.pick(groupsOf[k]), r.pick(groupsOf[k])]));
    const inline = r.chance(0.3) ? [generatePolicy(r, accounts[k])] : [];
    const managed = Array.from(new Set([r.pick(policiesOf[k]), r.pick(policiesOf[k])]));
    world.users[arn] = { tags: { team: r.pick(TEAMS) }, groups, policies: [...managed, ...inline] };
    const identity = [
      ...managed.map((m) => ({ name: m, policy: docs.get(m) })),
      ...inline.map((d, j) => ({ name: `inline-${j}`, policy: d })),
    ];
    for (const g of groups) for (const m of world.groups[g].policies) identity.push({ name: m, policy: docs.get(m) });
    principals.push({ arn, simArn: arn, account: accounts[k], team: world.users[arn].tags.team, identity });
  }
  const rolesOf = accounts.map(() => []);
  for (let i = 0; i < size.roles; i++) {
    const k = i % size.accounts;
    const name = `role-${i}`;
    const arn = `arn:aws:iam::${accounts[k]}:role/app/${name}`;
    const managed = Array.from(new Set(Array.from({ length: 3 }, () => r.pick(policiesOf[k]))));
    const team = r.pick(TEAMS);
    world.roles[arn] = {
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accounts[k]}:root` }, Action: 'sts:AssumeRole' },
        ],
      },
      policies: managed,
      tags: { team },
    };
    rolesOf[k].push(arn);
    principals.push({
      arn,
      // A role ARN as the principal means a session of the role named `iam-verdict`.
      simArn: `arn:aws:sts::${accounts[k]}:assumed-role/${name}/iam-verdict`,
      account: accounts[k],
      team,
      identity: managed.map((m) => ({ name: m, policy: docs.get(m) })),
    });
  }
  const buckets = [];
  for (let i = 0; i < size.buckets; i++) {
    const k = i % size.accounts;
    const name = `bucket-${i}`;
    const policy = bucketPolicy(r, name, accounts[k], r.pick(rolesOf[k]));
    world.resourcePolicies[name] = { policy, resource: `arn:aws:s3:::${name}`, account: accounts[k] };
    buckets.push({ name, account: accounts[k], policy });
  }
  // Drawn from a stream of its own, after everything else: the default world and its requests stay the same.
  const graph = options.graph ? addPrivilegeGraph(world, accounts, rolesOf, scpLevels, seed) : undefined;
  return { world, principals, buckets, scpLevels, rng: r, ...(graph ? { graph } : {}) };
}

/**
 * `generateBigWorld(seed, size, { graph: true })`: the same estate plus a privilege graph, so that
 * the analysis bench has hops to find (the default world's trust policies only name account roots
 * and no identity policy grants `sts`/`iam` actions). Deterministic for a seed:
 * - per account an `admin/Admin` role holding an AdministratorAccess-like policy, trusted by three
 *   users of its account (MFA required) and, from the next account, by one role (ExternalId);
 * - 20% of the roles also trust one or two users of their account or a role of another account
 *   (30% with MFA, 20% with an ExternalId); 5% trust `lambda` or `ec2`;
 * - 5% of the users and 5% of the roles hold `sts:AssumeRole` on specific roles (any account) or a
 *   name pattern of their account (`role/app/role-NN*`), a tenth of them also on the Admin role;
 * - 1% of the users and 2% of the roles hold `iam:PassRole` on their account's roles (half with
 *   `iam:PassedToService`) with `lambda:CreateFunction` + `lambda:InvokeFunction` or
 *   `ec2:RunInstances`;
 * - 0.5% of the users and 1% of the roles hold one escalation permission (`iam:CreatePolicyVersion`,
 *   `iam:AttachUserPolicy`/`AttachRolePolicy`, `iam:PutRolePolicy`, `iam:UpdateAssumeRolePolicy` +
 *   `sts:AssumeRole`), a third of them under a permissions boundary that allows no `iam` action;
 * - an SCP on `ou-1` denies the policy-writing actions except to `role/admin/*`.
 * Returns the counts of what it added.
 */
function addPrivilegeGraph(world, accounts, rolesOf, scpLevels, seed) {
  const g = rng((seed ^ 0x5eed9) >>> 0);
  const counts = { adminRoles: 0, trusts: 0, serviceTrusts: 0, assumers: 0, passers: 0, escalators: 0, bounded: 0 };
  const usersOf = accounts.map(() => []);
  for (const arn of Object.keys(world.users)) usersOf[accounts.indexOf(arn.split(':')[4])].push(arn);
  const doc = (...Statement) => ({ Version: '2012-10-17', Statement });
  const mfa = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
  const externalId = () => ({ StringEquals: { 'sts:ExternalId': `ext-${g.int(1e6)}` } });
  const adminOf = (a) => `arn:aws:iam::${a}:role/admin/Admin`;
  const addInline = (entity, policy) => entity.policies.push(policy);

  const guarded = ['iam:CreatePolicyVersion', 'iam:AttachUserPolicy', 'iam:PutUserPolicy', 'iam:PutRolePolicy'];
  const scp = doc({
    Sid: 'NoPolicyWritesOutsideAdmin',
    Effect: 'Deny',
    Action: guarded,
    Resource: '*',
    Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin/*' } },
  });
  world.organization.scps['ou-1'] = [...world.organization.scps['ou-1'], scp];
  for (const [a, levels] of scpLevels)
    for (const level of levels)
      if (level.orgIdentifier === 'ou-1') level.policies = [...level.policies, { name: 'NoPolicyWrites', policy: scp }];

  accounts.forEach((a, k) => {
    const admin = `arn:aws:iam::${a}:policy/graph/AdministratorAccess`;
    world.managedPolicies[admin] = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
    world.managedPolicies[`arn:aws:iam::${a}:policy/graph/Boundary`] = doc({
      Effect: 'Allow',
      Action: ['s3:*', 'dynamodb:*', 'sqs:*', 'sts:AssumeRole', 'logs:*'],
      Resource: '*',
    });
    const trusted = Array.from({ length: 3 }, () => g.pick(usersOf[k]));
    const partner = g.pick(rolesOf[(k + 1) % accounts.length]);
    world.roles[adminOf(a)] = {
      trustPolicy: doc(
        { Effect: 'Allow', Principal: { AWS: trusted }, Action: 'sts:AssumeRole', Condition: mfa },
        { Effect: 'Allow', Principal: { AWS: partner }, Action: 'sts:AssumeRole', Condition: externalId() },
      ),
      policies: [admin],
      tags: { team: 'security' },
    };
    counts.adminRoles++;
  });

  const allRoles = rolesOf.flat();
  rolesOf.forEach((roles, k) => {
    for (const arn of roles) {
      const role = world.roles[arn];
      if (g.chance(0.2)) {
        const who = g.chance(0.6) ? Array.from(new Set([g.pick(usersOf[k]), g.pick(usersOf[k])])) : [g.pick(allRoles)];
        const st = { Effect: 'Allow', Principal: { AWS: who }, Action: 'sts:AssumeRole' };
        const c = g.int(10);
        if (c < 3) st.Condition = mfa;
        else if (c < 5) st.Condition = externalId();
        role.trustPolicy.Statement.push(st);
        counts.trusts++;
      }
      if (g.chance(0.05)) {
        const service = g.chance(0.5) ? 'lambda.amazonaws.com' : 'ec2.amazonaws.com';
        role.trustPolicy.Statement.push({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' });
        counts.serviceTrusts++;
      }
    }
  });

  const grant = (arn, k, kind) => {
    const a = accounts[k];
    const entity = world.users[arn] ?? world.roles[arn];
    const isUser = arn.includes(':user/');
    if (kind === 'assume') {
      const resources = g.chance(0.5)
        ? Array.from({ length: 1 + g.int(3) }, () => g.pick(allRoles))
        : [`arn:aws:iam::${a}:role/app/role-${10 + g.int(90)}*`];
      if (g.chance(0.1)) resources.push(adminOf(a));
      addInline(entity, doc({ Sid: 'Assume', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: resources }));
      counts.assumers++;
    } else if (kind === 'pass') {
      const lambda = g.chance(0.5);
      const pass = { Sid: 'Pass', Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${a}:role/app/*` };
      if (g.chance(0.5))
        pass.Condition = {
          StringEquals: { 'iam:PassedToService': lambda ? 'lambda.amazonaws.com' : 'ec2.amazonaws.com' },
        };
      const launch = lambda
        ? { Sid: 'Launch', Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' }
        : { Sid: 'Launch', Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' };
      addInline(entity, doc(pass, launch));
      counts.passers++;
    } else {
      const self = arn;
      const steps = [
        () => ({ Action: 'iam:CreatePolicyVersion', Resource: `arn:aws:iam::${a}:policy/team/*` }),
        () => ({ Action: isUser ? 'iam:AttachUserPolicy' : 'iam:AttachRolePolicy', Resource: self }),
        () => ({ Action: 'iam:PutRolePolicy', Resource: `arn:aws:iam::${a}:role/app/role-${10 + g.int(90)}*` }),
        () => ({
          Action: ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'],
          Resource: g.chance(0.3) ? adminOf(a) : `arn:aws:iam::${a}:role/app/role-${10 + g.int(90)}*`,
        }),
      ];
      addInline(entity, doc({ Sid: 'Escalate', Effect: 'Allow', ...g.pick(steps)() }));
      counts.escalators++;
      if (g.chance(1 / 3)) {
        entity.permissionsBoundary = `arn:aws:iam::${a}:policy/graph/Boundary`;
        counts.bounded++;
      }
    }
  };
  const draw = (list, k, pAssume, pPass, pEscalate) => {
    for (const arn of list) {
      if (g.chance(pAssume)) grant(arn, k, 'assume');
      if (g.chance(pPass)) grant(arn, k, 'pass');
      if (g.chance(pEscalate)) grant(arn, k, 'escalate');
    }
  };
  usersOf.forEach((users, k) => draw(users, k, 0.05, 0.01, 0.005));
  rolesOf.forEach((roles, k) => draw(roles, k, 0.05, 0.02, 0.01));
  return counts;
}

/**
 * Sample requests over a generated estate: a mix of S3 requests through bucket policies (same- and
 * cross-account) and requests to other services, from users and role sessions.
 */
export function bigWorldRequests(big, count = 512) {
  const { principals, buckets, scpLevels, rng: r } = big;
  const out = [];
  for (let i = 0; i < count; i++) {
    const p = r.pick(principals);
    const net = {
      'aws:SecureTransport': r.chance(0.9) ? 'true' : 'false',
      'aws:RequestedRegion': r.pick([...REGIONS, 'ap-south-1']),
      'aws:SourceIp': r.chance(0.5) ? '10.1.2.3' : '198.51.100.9',
    };
    let request;
    let resourcePolicy;
    let account = p.account;
    if (r.chance(0.5)) {
      const b = r.chance(0.5) ? r.pick(buckets.filter((x) => x.account === p.account)) : r.pick(buckets);
      const key = r.pick(['shared/a.csv', 'out/b.json', 'private/c.bin']);
      const action = r.pick(['s3:GetObject', 's3:PutObject', 's3:GetObject']);
      request = {
        principal: p.arn,
        action,
        resource: `arn:aws:s3:::${b.name}/${key}`,
        resourcePolicy: b.name,
        resourceAccount: b.account,
        time: TIME,
        context: net,
      };
      resourcePolicy = b.policy;
      account = b.account;
    } else {
      // No KMS requests: a key is decided with its key policy, and the generated world has none.
      const svc = r.pick(SERVICES.filter((s) => s.prefix !== 's3' && s.prefix !== 'kms'));
      const pattern = svc.arn(p.account, r.int(1000), r.pick(REGIONS));
      const resource = pattern === '*' ? '*' : pattern.replace(/\*$/, 'x');
      request = {
        principal: p.arn,
        action: `${svc.prefix}:${r.pick(svc.actions)}`,
        resource,
        time: TIME,
        context: net,
      };
    }
    const simulation = {
      request: {
        principal: p.simArn,
        action: request.action,
        resource: { resource: request.resource, accountId: account },
        contextVariables: { ...net, 'aws:PrincipalTag/team': p.team, 'aws:PrincipalOrgID': ORG },
      },
      identityPolicies: p.identity,
      serviceControlPolicies: scpLevels.get(p.account),
      resourceControlPolicies: [],
      ...(resourcePolicy ? { resourcePolicy } : {}),
    };
    out.push({ request, simulation });
  }
  return out;
}
