/**
 * fast-check generators of random worlds, policies and requests for the differential and law
 * tests. They only produce what the reference evaluator covers and what the validator accepts,
 * and they draw from small pools built around near misses: case variants, values that almost
 * match, missing keys, empty sets, wildcards and variables, every Principal grant kind.
 */
import fc from 'fast-check';
import type { Doc, RefRequest, RefWorld } from './evaluate.js';

// ---- the cast --------------------------------------------------------------------------------

export const A = '111111111111';
export const B = '222222222222';
export const M = '999999999999';
export const ORG = 'o-exampleorg';

export const ALICE = `arn:aws:iam::${A}:user/alice`;
export const BOB = `arn:aws:iam::${A}:user/team/bob`;
export const CAROL = `arn:aws:iam::${B}:user/carol`;
export const OPS = `arn:aws:iam::${M}:user/ops`;
export const DEVS = `arn:aws:iam::${A}:group/devs`;
export const ADMINS = `arn:aws:iam::${A}:group/admins`;
export const APP_ROLE = `arn:aws:iam::${A}:role/AppRole`;
export const DEPLOY_ROLE = `arn:aws:iam::${A}:role/team/Deploy`;
export const SLR_ROLE = `arn:aws:iam::${A}:role/aws-service-role/ops.example.amazonaws.com/AWSServiceRoleForExample`;
export const PARTNER_ROLE = `arn:aws:iam::${B}:role/PartnerRole`;
export const APP_SESSION = `arn:aws:sts::${A}:assumed-role/AppRole/s1`;
export const DEPLOY_SESSION = `arn:aws:sts::${A}:assumed-role/Deploy/d1`;
export const SLR_SESSION = `arn:aws:sts::${A}:assumed-role/AWSServiceRoleForExample/slr`;
export const PARTNER_SESSION = `arn:aws:sts::${B}:assumed-role/PartnerRole/p1`;
export const FED_SESSION = `arn:aws:sts::${A}:federated-user/Fed`;

const IDS = {
  alice: 'AIDAALICE00000000001',
  bob: 'AIDABOB0000000000002',
  carol: 'AIDACAROL00000000003',
  ops: 'AIDAOPS0000000000004',
  app: 'AROAAPPROLE000000001',
  deploy: 'AROADEPLOY0000000002',
  slr: 'AROASLR0000000000003',
  partner: 'AROAPARTNER00000004',
};

const TIME = '2025-06-01T12:00:00Z';

/** Request principals: every kind the reference models. */
export const PRINCIPALS = [
  ALICE,
  BOB,
  CAROL,
  OPS,
  APP_SESSION,
  DEPLOY_SESSION,
  SLR_SESSION,
  PARTNER_SESSION,
  FED_SESSION,
  `arn:aws:iam::${A}:root`,
  `arn:aws:iam::${B}:root`,
  `arn:aws:iam::${M}:root`,
  'anonymous',
  'service:sqs.amazonaws.com',
  'service:ops.example.amazonaws.com',
];

const ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:ListBucket',
  's3:DeleteObject',
  'S3:GETOBJECT',
  's3:GetObjectAcl',
  'sqs:SendMessage',
  'kms:Decrypt',
  'ec2:RunInstances',
  'iam:CreateUser',
];

const ACTION_PATTERNS = [
  '*',
  's3:*',
  's3:Get*',
  's3:GetObject',
  'S3:getobject',
  's3:?etObject',
  's3:*Object',
  's3:List*',
  's3:Get?bject*',
  's3:PutObject',
  's3:DeleteObject',
  'sqs:*',
  'sqs:SendMessage',
  'kms:Decrypt',
  'kms:*',
  'ec2:*',
  'ec2:RunInstances',
  'iam:*',
  'iam:CreateUser',
];

const RESOURCES = [
  'arn:aws:s3:::example-bucket/reports/q1.csv',
  'arn:aws:s3:::example-bucket/reports/q12.csv',
  'arn:aws:s3:::example-bucket',
  'arn:aws:s3:::example-bucket/alice/notes.txt',
  'arn:aws:s3:::example-bucket/red/x',
  'arn:aws:s3:::example-bucket/a*b',
  'arn:aws:s3:::example-bucket/a:b:c',
  'arn:aws:s3:::other-bucket/x',
  'arn:aws:s3:::Example-Bucket/x',
  `arn:aws:sqs:us-east-1:${A}:queue1`,
  `arn:aws:sqs:us-east-1:${B}:queue1`,
  `arn:aws:sqs:eu-west-1:${A}:queue12`,
  `arn:aws:kms:us-east-1:${A}:key/k1`,
  `arn:aws:kms:us-east-1:${B}:key/k2`,
  `arn:aws:ec2:us-east-1:${A}:instance/i-1`,
  `arn:aws:iam::${A}:user/eve`,
  '*',
];

const RESOURCE_PATTERNS = [
  '*',
  'arn:aws:s3:::example-bucket/*',
  'arn:aws:s3:::example-bucket',
  'arn:aws:s3:::example-*',
  'arn:aws:s3:::*',
  'arn:aws:s3:::example-bucket/reports/*',
  'arn:aws:s3:::example-bucket/*/q?.csv',
  'arn:aws:s3:::Example-Bucket/*',
  'arn:aws:s3:::example-bucket/${aws:username}/*',
  "arn:aws:s3:::example-bucket/${aws:PrincipalTag/team, 'reports'}/*",
  'arn:aws:s3:::example-bucket/${aws:PrincipalTag/team}/*',
  'arn:aws:s3:::example-bucket/a${*}b',
  'arn:aws:s3:::example-bucket/${s3:prefix}',
  'arn:aws:s3:::example-bucket/a:*',
  'arn:aws:s3:::example-bucket/a:b:c',
  `arn:aws:sqs:us-east-1:${A}:queue?`,
  `arn:aws:sqs:*:${A}:*`,
  'arn:aws:sqs:us-*',
  'arn:aws:sqs:*:*:queue1',
  `arn:aws:kms:us-east-1:${A}:key/*`,
  'arn:aws:kms:*',
  'arn:aws:kms:us-east-1:*',
  'arn:aws:ec2:*:*:instance/*',
  `arn:aws:ec2:us-east-1:${A}:*`,
  `arn:aws:iam::${A}:user/*`,
  'arn:aws:iam::*:user/eve',
];

const AWS_PRINCIPALS = [
  '*',
  A,
  B,
  M,
  `arn:aws:iam::${A}:root`,
  `arn:aws:iam::${B}:root`,
  ALICE,
  `arn:aws:iam::${A}:user/Alice`,
  BOB,
  `arn:aws:iam::${A}:user/bob`,
  CAROL,
  APP_ROLE,
  DEPLOY_ROLE,
  `arn:aws:iam::${A}:role/Deploy`,
  SLR_ROLE,
  PARTNER_ROLE,
  APP_SESSION,
  `arn:aws:sts::${A}:assumed-role/AppRole/s2`,
  DEPLOY_SESSION,
  PARTNER_SESSION,
  FED_SESSION,
  IDS.alice,
  IDS.app,
  IDS.partner,
];

const SERVICES = ['sqs.amazonaws.com', 'ops.example.amazonaws.com'];

/** Condition keys, with case variants (keys are case-insensitive, spec §3.2). */
export const KEYS = [
  'aws:username',
  'AWS:UserName',
  'aws:userid',
  'aws:PrincipalArn',
  'aws:PrincipalAccount',
  'aws:PrincipalType',
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalTag/team',
  'aws:principaltag/TEAM',
  'aws:PrincipalTag/cost-center',
  'aws:ResourceAccount',
  'aws:ResourceOrgID',
  'aws:ResourceOrgPaths',
  'aws:CurrentTime',
  'aws:EpochTime',
  'aws:TokenIssueTime',
  'aws:MultiFactorAuthPresent',
  'aws:PrincipalIsAWSService',
  'aws:PrincipalServiceName',
  'aws:SourceIp',
  'aws:SourceArn',
  'aws:TagKeys',
  'aws:RequestTag/env',
  's3:prefix',
  'ec2:InstanceType',
  'custom:Number',
  'custom:Date',
  'custom:Binary',
];

type Family = 'string' | 'numeric' | 'date' | 'bool' | 'null' | 'ip' | 'binary' | 'arn';
type Scalar = string | number | boolean;

const OPERATORS: Readonly<Record<string, Family>> = {
  StringEquals: 'string',
  StringNotEquals: 'string',
  StringEqualsIgnoreCase: 'string',
  StringNotEqualsIgnoreCase: 'string',
  StringLike: 'string',
  StringNotLike: 'string',
  NumericEquals: 'numeric',
  NumericNotEquals: 'numeric',
  NumericLessThan: 'numeric',
  NumericLessThanEquals: 'numeric',
  NumericGreaterThan: 'numeric',
  NumericGreaterThanEquals: 'numeric',
  DateEquals: 'date',
  DateNotEquals: 'date',
  DateLessThan: 'date',
  DateLessThanEquals: 'date',
  DateGreaterThan: 'date',
  DateGreaterThanEquals: 'date',
  Bool: 'bool',
  BinaryEquals: 'binary',
  IpAddress: 'ip',
  NotIpAddress: 'ip',
  ArnEquals: 'arn',
  ArnLike: 'arn',
  ArnNotEquals: 'arn',
  ArnNotLike: 'arn',
  Null: 'null',
};

/** Every base operator name (spec §3.4). */
export const BASE_OPERATORS = Object.keys(OPERATORS);

const POLICY_VALUES: Readonly<Record<Family, readonly Scalar[]>> = {
  string: [
    'red',
    'Red',
    'blue',
    '',
    'alice',
    'Alice',
    'ALICE',
    'home/*',
    'home/?/docs',
    '*',
    '?',
    'r?d',
    'r*',
    'é',
    'É',
    'µ',
    'true',
    'env',
    'cost-center',
    '${aws:username}',
    '${aws:PrincipalTag/team}',
    "${aws:PrincipalTag/team, 'red'}",
    '${*}',
    'a${*}b',
    '${aws:userid}',
    '${s3:prefix}',
    ORG,
    `${ORG}/r-root/ou-prod/*`,
    `${ORG}/r-root/ou-prod/`,
    A,
    B,
    't2.*',
    'User',
    'AssumedRole',
    'FederatedUser',
    'Account',
    'Anonymous',
    ALICE,
    IDS.alice,
    `${IDS.app}:s1`,
    'sqs.amazonaws.com',
    TIME,
  ],
  numeric: ['0', '1', '10', '-1', '2.5', '1e1', '1748779200', '1748779199', 10, 2.5, '${aws:EpochTime}'],
  date: [
    '2025-06-01T12:00:00Z',
    '2025-06-01T11:00:00Z',
    '2025-06-01',
    '2025',
    '2025-06',
    '2025-06-01T12:00Z',
    '2025-06-01T14:00:00+02:00',
    '2025-06-01T12:00:00.5Z',
    '1748779200',
    '1748779200.5',
    '2026-01-01T00:00:00Z',
    1748779200,
  ],
  bool: ['true', 'false', 'True', 'FALSE', true, false],
  null: ['true', 'false', 'TRUE', 'False', true, false],
  ip: [
    '203.0.113.0/24',
    '203.0.113.7',
    '10.0.0.0/8',
    '0.0.0.0/0',
    '2001:db8::/32',
    '2001:DB8::5',
    '::/0',
    '203.0.113.7/32',
    '203.0.113.128/25',
    '::ffff:203.0.113.0/120',
  ],
  binary: ['QUJD', 'YWJj', 'AA==', 'cmVk'],
  arn: [
    `arn:aws:iam::${A}:user/*`,
    `arn:aws:iam::${A}:role/*`,
    'arn:aws:iam::*:root',
    ALICE,
    `arn:aws:iam::${A}:user/team/*`,
    `arn:aws:sqs:*:${A}:*`,
    'arn:aws:s3:::example-bucket',
    `arn:aws:iam::${A}:*`,
    'arn:aws:iam::*',
    '*',
    'arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}',
    `arn:aws:sts::${A}:assumed-role/AppRole/*`,
    DEPLOY_ROLE,
    `arn:aws:iam::${A}:role/aws-service-role/*`,
  ],
};

/** Request-context values: every family's near misses, wrong types, empty sets. */
const CONTEXT_VALUES: readonly (Scalar | Scalar[])[] = [
  'red',
  'Red',
  'RED',
  'blue',
  '',
  'alice',
  'home/a/docs',
  'home/ab/docs',
  'home/a',
  '*',
  'r*',
  'a*b',
  'é',
  'É',
  'µ',
  '\u03bc',
  't2.micro',
  'true',
  'false',
  'TRUE',
  '10',
  '9',
  '10.0',
  '1e1',
  '-1',
  'abc',
  '2025-06-01T12:00:00Z',
  '2025-06-01T11:59:59Z',
  '2025-06-01',
  '1748779200',
  '203.0.113.7',
  '203.0.114.1',
  '10.1.2.3',
  '2001:db8::5',
  '2001:DB8:0:0:0:0:0:5',
  '::ffff:203.0.113.7',
  '203.0.113.256',
  'QUJD',
  'ABC',
  ALICE,
  `arn:aws:sqs:us-east-1:${A}:queue1`,
  'arn:aws:s3:::example-bucket',
  `arn:aws:iam::${A}:user/a:b`,
  ORG,
  A,
  IDS.alice,
  'User',
  '${aws:username}',
  'a:b:c',
  10,
  2.5,
  true,
  false,
  [],
  ['env'],
  ['env', 'cost-center'],
  ['Env'],
  ['', 'env'],
  [`${ORG}/r-root/ou-prod/`],
  ['red', 'blue'],
  ['203.0.113.7'],
  ['10'],
];

// ---- helpers ---------------------------------------------------------------------------------

/** A string or a non-empty list, written as a bare string or an array (spec §1.2). */
function stringOrList<T>(pool: readonly T[], max = 3): fc.Arbitrary<T | T[]> {
  return fc
    .uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: max })
    .chain((values) => (values.length === 1 ? fc.constantFrom<T | T[]>(values[0] as T, values) : fc.constant(values)));
}

function weighted<T>(...entries: [number, fc.Arbitrary<T>][]): fc.Arbitrary<T> {
  return fc.oneof(...entries.map(([weight, arbitrary]) => ({ weight, arbitrary })));
}

// ---- conditions ------------------------------------------------------------------------------

/** An operator name: base, optional set prefix, optional IfExists (neither on Null). */
const operatorName: fc.Arbitrary<string> = fc
  .record({
    base: fc.constantFrom(...BASE_OPERATORS),
    set: weighted<string>([6, fc.constant('')], [1, fc.constant('ForAllValues:')], [1, fc.constant('ForAnyValue:')]),
    ifExists: weighted([3, fc.constant(false)], [1, fc.constant(true)]),
  })
  .map(({ base, set, ifExists }) => (base === 'Null' ? base : `${set}${base}${ifExists ? 'IfExists' : ''}`));

/** A condition block of 1–2 operators with 1–2 keys each (keys unique ignoring case). */
export const conditionBlock: fc.Arbitrary<Record<string, Record<string, Scalar | Scalar[]>>> = fc
  .uniqueArray(operatorName, { minLength: 1, maxLength: 2 })
  .chain((operators) =>
    fc.tuple(
      ...operators.map((op) => {
        const family = OPERATORS[op.replace(/^For(All|Any)Values?:/, '').replace(/IfExists$/, '')] as Family;
        return fc
          .uniqueArray(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 2, selector: (k) => k.toLowerCase() })
          .chain((keys) =>
            fc.tuple(...keys.map((k) => stringOrList(POLICY_VALUES[family]).map((v) => [k, v] as const))),
          )
          .map((entries) => [op, Object.fromEntries(entries)] as const);
      }),
    ),
  )
  .map((blocks) => Object.fromEntries(blocks));

// ---- statements and policies -----------------------------------------------------------------

/** The policy types the generators write, with their element rules (spec §1.8). */
export type GenPolicyType = 'identity' | 'boundary' | 'session' | 'resource' | 'trust' | 'scp' | 'rcp';

function principalElement(): fc.Arbitrary<unknown> {
  return weighted<unknown>(
    [1, fc.constant('*')],
    [6, stringOrList(AWS_PRINCIPALS).map((aws) => ({ AWS: aws }))],
    [1, stringOrList(SERVICES, 2).map((s) => ({ Service: s }))],
    [
      1,
      fc
        .tuple(stringOrList(AWS_PRINCIPALS, 2), fc.constantFrom(...SERVICES))
        .map(([aws, s]) => ({ AWS: aws, Service: s })),
    ],
  );
}

/** One statement valid for `type`. */
export function statement(type: GenPolicyType, effect?: 'Allow' | 'Deny'): fc.Arbitrary<Record<string, unknown>> {
  const effects = effect
    ? fc.constant(effect)
    : type === 'rcp'
      ? fc.constant('Deny' as const)
      : weighted<'Allow' | 'Deny'>([3, fc.constant('Allow')], [1, fc.constant('Deny')]);
  const actionPool = type === 'rcp' ? ACTION_PATTERNS.filter((a) => a !== '*') : ACTION_PATTERNS;
  const principals = type === 'resource' || type === 'trust' || type === 'rcp';
  const resourceRequired = type !== 'resource' && type !== 'trust';
  return fc
    .record({
      effect: effects,
      notAction: type === 'rcp' ? fc.constant(false) : weighted([6, fc.constant(false)], [1, fc.constant(true)]),
      action: weighted<string | string[]>(
        [3, stringOrList(actionPool)],
        [1, fc.constantFrom(...actionPool.filter((a) => a.endsWith(':*') || a === '*'))],
      ),
      resource: resourceRequired
        ? weighted<unknown>([3, stringOrList(RESOURCE_PATTERNS)], [1, fc.constant('*')])
        : fc.option(stringOrList(RESOURCE_PATTERNS), { freq: 3 }),
      notResource: weighted([6, fc.constant(false)], [1, fc.constant(true)]),
      principal: principalElement(),
      notPrincipal: weighted([4, fc.constant(false)], [1, fc.constant(true)]),
      condition: weighted([2, fc.constant(null)], [1, conditionBlock]),
    })
    .map((r) => {
      const st: Record<string, unknown> = { Effect: r.effect };
      if (principals) {
        if (type === 'rcp') st.Principal = '*';
        else if (type === 'resource' && r.effect === 'Deny' && r.notPrincipal) st.NotPrincipal = r.principal;
        else st.Principal = r.principal;
      }
      st[r.notAction ? 'NotAction' : 'Action'] = r.action;
      if (r.resource !== null) st[r.notResource ? 'NotResource' : 'Resource'] = r.resource;
      if (r.condition !== null) st.Condition = r.condition;
      return st;
    });
}

/** A policy document valid for `type` (within its size quota, spec §8.1). */
export function policyDoc(
  type: GenPolicyType,
  maxStatements = type === 'trust' || type === 'session' ? 2 : 3,
): fc.Arbitrary<Doc> {
  const version =
    type === 'scp' || type === 'rcp'
      ? fc.constant('2012-10-17' as string | undefined)
      : weighted<string | undefined>(
          [8, fc.constant('2012-10-17')],
          [1, fc.constant('2008-10-17')],
          [1, fc.constant(undefined)],
        );
  return fc
    .record({
      version,
      statements: fc.array(statement(type), { minLength: 1, maxLength: maxStatements }),
      single: fc.boolean(),
    })
    .map(({ version, statements, single }) => {
      const doc: Doc = {};
      if (version !== undefined) doc.Version = version;
      doc.Statement = single && statements.length === 1 ? statements[0] : statements;
      return doc;
    });
}

const ALLOW_ALL: Doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** The SCPs attached to one target: usually FullAWSAccess plus a Deny, sometimes an allow-list. */
const scpList: fc.Arbitrary<Doc[]> = weighted(
  [3, policyDoc('scp').map((d) => [ALLOW_ALL, d])],
  [2, policyDoc('scp').map((d) => [d])],
  [1, fc.tuple(policyDoc('scp'), policyDoc('scp')).map(([a, b]) => [a, b])],
  [1, fc.constant([ALLOW_ALL])],
);

const tags: fc.Arbitrary<Record<string, string>> = fc
  .record({
    team: fc.option(
      fc.tuple(fc.constantFrom('team', 'Team', 'TEAM'), fc.constantFrom('red', 'Red', 'blue', '', 'reports', 'alice')),
      { freq: 3 },
    ),
    cost: fc.option(fc.constantFrom('cc-1', ''), { freq: 1 }),
  })
  .map(({ team, cost }) => {
    const out: Record<string, string> = {};
    if (team) out[team[0]] = team[1];
    if (cost !== null) out['cost-center'] = cost;
    return out;
  });

const TRUST: Doc = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }],
};

const identityPolicies = (max: number, min = 0) => fc.array(policyDoc('identity'), { minLength: min, maxLength: max });
const maybe = <T>(arb: fc.Arbitrary<T>, freq = 3) => fc.option(arb, { freq }).map((v) => v ?? undefined);

function user(id: string, groups: fc.Arbitrary<string[]>) {
  return fc
    .record({ policies: identityPolicies(2, 1), groups, boundary: maybe(policyDoc('boundary')), tags: maybe(tags, 2) })
    .map((u) => ({
      userId: id,
      policies: u.policies,
      groups: u.groups,
      ...(u.boundary ? { permissionsBoundary: u.boundary } : {}),
      ...(u.tags ? { tags: u.tags } : {}),
    }));
}

function role(id: string, boundaries = true) {
  return fc
    .record({
      policies: identityPolicies(2, 1),
      boundary: boundaries ? maybe(policyDoc('boundary')) : fc.constant(undefined),
      tags: maybe(tags, 2),
    })
    .map((r) => ({
      roleId: id,
      trustPolicy: TRUST,
      policies: r.policies,
      ...(r.boundary ? { permissionsBoundary: r.boundary } : {}),
      ...(r.tags ? { tags: r.tags } : {}),
    }));
}

const expiry = weighted(
  [16, fc.constant('2025-06-01T13:00:00Z')],
  [1, fc.constant(TIME)],
  [1, fc.constant('2025-06-01T11:30:00Z')],
);

function session(type: 'AssumedRole' | 'FederatedUser', owner: fc.Arbitrary<string>) {
  return fc
    .record({
      owner,
      expiresAt: expiry,
      sessionPolicies: maybe(fc.array(policyDoc('session'), { minLength: 1, maxLength: 2 }), 2),
      sessionTags: maybe(tags, 2),
      mfaPresent: fc.boolean(),
    })
    .map((s) => ({
      type,
      ...(type === 'AssumedRole' ? { roleArn: s.owner } : { userArn: s.owner }),
      issuedAt: '2025-06-01T11:00:00Z',
      expiresAt: s.expiresAt,
      ...(s.sessionPolicies ? { sessionPolicies: s.sessionPolicies } : {}),
      ...(s.sessionTags ? { sessionTags: s.sessionTags } : {}),
      mfaPresent: s.mfaPresent,
    }));
}

const ORG_TARGETS = ['r-root', 'ou-prod', 'ou-dev', A, B];

/** A random world in the §0.3 format. */
export const world: fc.Arbitrary<RefWorld> = fc
  .record({
    inOrg: fc.boolean(),
    aMember: weighted([4, fc.constant(true)], [1, fc.constant(false)]),
    bMember: fc.boolean(),
    aUnderRoot: weighted([4, fc.constant(false)], [1, fc.constant(true)]),
    scps: fc.array(fc.tuple(fc.constantFrom(...ORG_TARGETS), scpList), { maxLength: 3 }),
    rcps: fc.array(
      fc.tuple(fc.constantFrom(...ORG_TARGETS), fc.array(policyDoc('rcp', 2), { minLength: 1, maxLength: 2 })),
      { maxLength: 2 },
    ),
    users: fc.record({
      alice: user(IDS.alice, fc.subarray([DEVS, ADMINS])),
      bob: user(IDS.bob, fc.subarray([DEVS, ADMINS])),
      carol: user(IDS.carol, fc.constant([])),
      ops: user(IDS.ops, fc.constant([])),
    }),
    groups: fc.record({ devs: identityPolicies(2), admins: identityPolicies(1) }),
    roles: fc.record({
      app: role(IDS.app),
      deploy: role(IDS.deploy),
      slr: role(IDS.slr, false),
      partner: role(IDS.partner),
    }),
    sessions: fc.record({
      app: session('AssumedRole', fc.constant(APP_ROLE)),
      deploy: session('AssumedRole', fc.constant(DEPLOY_ROLE)),
      slr: session('AssumedRole', fc.constant(SLR_ROLE)),
      partner: session('AssumedRole', fc.constant(PARTNER_ROLE)),
      fed: session('FederatedUser', fc.constantFrom(ALICE, BOB)),
    }),
    resourcePolicy: maybe(
      fc
        .record({
          kind: weighted(
            [6, fc.constant('generic' as const)],
            [2, fc.constant('kms-key' as const)],
            [2, fc.constant('role-trust' as const)],
          ),
          strict: weighted([8, fc.constant(undefined)], [1, fc.constant(true)], [1, fc.constant(false)]),
        })
        .chain(({ kind, strict }) =>
          policyDoc(kind === 'role-trust' ? 'trust' : 'resource').map((policy) => ({
            kind,
            ...(strict !== undefined ? { strict } : {}),
            policy,
          })),
        ),
      4,
    ),
  })
  .map((w) => {
    const accounts: NonNullable<RefWorld['accounts']> = { [A]: {}, [B]: {}, [M]: {} };
    const out: RefWorld = { accounts };
    if (w.inOrg) {
      if (w.aMember) accounts[A] = { org: ORG, parents: w.aUnderRoot ? ['r-root'] : ['r-root', 'ou-prod'] };
      if (w.bMember) accounts[B] = { org: ORG, parents: ['r-root', 'ou-dev'] };
      accounts[M] = { org: ORG, parents: ['r-root'] };
      out.organization = {
        id: ORG,
        rootId: 'r-root',
        managementAccount: M,
        scps: Object.fromEntries(w.scps),
        rcps: Object.fromEntries(w.rcps),
      };
    }
    out.users = { [ALICE]: w.users.alice, [BOB]: w.users.bob, [CAROL]: w.users.carol, [OPS]: w.users.ops };
    out.groups = { [DEVS]: { policies: w.groups.devs }, [ADMINS]: { policies: w.groups.admins } };
    out.roles = {
      [APP_ROLE]: w.roles.app,
      [DEPLOY_ROLE]: w.roles.deploy,
      [SLR_ROLE]: { ...w.roles.slr, serviceLinked: true },
      [PARTNER_ROLE]: w.roles.partner,
    };
    out.sessions = {
      [APP_SESSION]: w.sessions.app,
      [DEPLOY_SESSION]: w.sessions.deploy,
      [SLR_SESSION]: w.sessions.slr,
      [PARTNER_SESSION]: w.sessions.partner,
      [FED_SESSION]: w.sessions.fed,
    } as RefWorld['sessions'];
    if (w.resourcePolicy) out.resourcePolicies = { rp: w.resourcePolicy };
    return out;
  });

/** Request context: a few keys (unique ignoring case) with values of every kind. */
const context = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...CONTEXT_VALUES)), {
    maxLength: 4,
    selector: ([k]) => k.toLowerCase(),
  })
  .map((entries) => Object.fromEntries(entries) as RefRequest['context']);

/** A request for `w` (names its resource policy when there is one, most of the time). */
export function request(w: RefWorld): fc.Arbitrary<RefRequest> {
  return fc
    .record({
      principal: weighted(
        [10, fc.constantFrom(...PRINCIPALS.filter((p) => p.startsWith('arn:')))],
        [2, fc.constantFrom(...PRINCIPALS.filter((p) => !p.startsWith('arn:')))],
      ),
      action: fc.constantFrom(...ACTIONS),
      resource: fc.constantFrom(...RESOURCES),
      resourceAccount: weighted<string | undefined>(
        [3, fc.constant('same')],
        [2, fc.constantFrom(A, B, M)],
        [1, fc.constant(undefined)],
      ),
      useResourcePolicy: weighted([4, fc.constant(true)], [1, fc.constant(false)]),
      time: weighted(
        [8, fc.constant(TIME)],
        [1, fc.constant('2025-06-01T12:59:59Z')],
        [1, fc.constant('2025-06-01T12:00:00.250Z')],
      ),
      context: weighted([1, fc.constant(undefined)], [4, context]),
    })
    .map((r) => {
      const req: RefRequest = { principal: r.principal, action: r.action, resource: r.resource, time: r.time };
      // Mostly the caller's own account: cross-account requests need the resource policy to allow.
      const own = r.principal.startsWith('arn:') ? r.principal.split(':')[4] : A;
      if (r.resourceAccount !== undefined) req.resourceAccount = r.resourceAccount === 'same' ? own : r.resourceAccount;
      if (r.useResourcePolicy && w.resourcePolicies?.rp) req.resourcePolicy = 'rp';
      if (r.context !== undefined) req.context = r.context;
      return req;
    });
}

/** A world and a request for it. */
export const scenario: fc.Arbitrary<{ world: RefWorld; request: RefRequest }> = world.chain((w) =>
  request(w).map((r) => ({ world: w, request: r })),
);

/** Requests decided per generated world: compiling a world costs more than deciding a request. */
export const REQUESTS_PER_WORLD = 8;

/** A world and several requests for it (each pair is one generated case). */
export const worldWithRequests: fc.Arbitrary<{ world: RefWorld; requests: RefRequest[] }> = world.chain((w) =>
  fc
    .array(request(w), { minLength: REQUESTS_PER_WORLD, maxLength: REQUESTS_PER_WORLD })
    .map((requests) => ({ world: w, requests })),
);

// ---- resource-policy focus -------------------------------------------------------------------

/** Principals a focused resource policy names: the callers of the focused requests and near misses. */
const FOCUS_AWS = [
  '*',
  A,
  `arn:aws:iam::${A}:root`,
  ALICE,
  BOB,
  `arn:aws:iam::${A}:user/bob`,
  APP_ROLE,
  APP_SESSION,
  FED_SESSION,
  IDS.alice,
  IDS.app,
];
const FOCUS_CALLERS = [ALICE, BOB, APP_SESSION, FED_SESSION, `arn:aws:iam::${A}:root`, CAROL, 'anonymous'];

const FOCUS_ACTIONS = ['*', 'sts:AssumeRole', 'kms:*', 'kms:Decrypt', 's3:GetObject', 's3:*', 'sqs:*'];

/** A resource-policy statement about the focused actions, naming principals from {@link FOCUS_AWS}. */
const focusedStatement = (kind: 'generic' | 'kms-key' | 'role-trust') =>
  fc
    .record({
      effect: weighted<'Allow' | 'Deny'>([4, fc.constant('Allow')], [1, fc.constant('Deny')]),
      aws: stringOrList(FOCUS_AWS, 2),
      wildcard: weighted([4, fc.constant(false)], [1, fc.constant(true)]),
      not: weighted([4, fc.constant(false)], [1, fc.constant(true)]),
      action: stringOrList(FOCUS_ACTIONS, 2),
      resource: weighted<string | string[] | null>([3, fc.constant(null)], [1, stringOrList(RESOURCE_PATTERNS, 2)]),
      condition: weighted([4, fc.constant(null)], [1, conditionBlock]),
    })
    .map(({ effect, aws, wildcard, not, action, resource, condition }) => {
      const st: Record<string, unknown> = { Effect: effect };
      const principal = wildcard ? '*' : { AWS: aws };
      if (not && effect === 'Deny' && kind !== 'role-trust') st.NotPrincipal = principal;
      else st.Principal = principal;
      st.Action = action;
      if (resource !== null) st.Resource = resource;
      if (condition !== null) st.Condition = condition;
      return st;
    });

/**
 * Worlds whose requests go through a resource policy of every kind (generic, KMS key, role trust)
 * that names the caller in several ways at once: grant kinds, their strength and their limits
 * (spec §2.3, §4.4, §4.5, §4.10) get far more exercise than in {@link world}.
 */
export const resourceFocusedWorld: fc.Arbitrary<RefWorld> = fc
  .record({
    w: world,
    kind: fc.constantFrom('generic' as const, 'kms-key' as const, 'role-trust' as const),
  })
  .chain(({ w, kind }) =>
    fc.array(focusedStatement(kind), { minLength: 1, maxLength: 3 }).map((statements) => ({
      ...w,
      resourcePolicies: { rp: { kind, policy: { Version: '2012-10-17', Statement: statements } } },
    })),
  );

/** A focused world with requests from {@link FOCUS_CALLERS} that always name its resource policy. */
export const resourceFocusedWorldWithRequests: fc.Arbitrary<{ world: RefWorld; requests: RefRequest[] }> =
  resourceFocusedWorld.chain((w) =>
    fc
      .array(
        fc.tuple(
          request(w),
          fc.constantFrom(...FOCUS_CALLERS),
          fc.constantFrom('sts:AssumeRole', 'kms:Decrypt', 's3:GetObject', 'sqs:SendMessage'),
        ),
        { minLength: REQUESTS_PER_WORLD, maxLength: REQUESTS_PER_WORLD },
      )
      .map((list) => ({
        world: w,
        requests: list.map(([r, principal, action]) => ({ ...r, principal, action, resourcePolicy: 'rp' })),
      })),
  );

/** One request through a focused world's resource policy. */
export const resourceFocusedScenario: fc.Arbitrary<{ world: RefWorld; request: RefRequest }> =
  resourceFocusedWorldWithRequests.map(({ world, requests }) => ({
    world,
    request: requests[0] as RefRequest,
  }));

/** Random scenarios, one in three going through a focused resource policy. */
export const anyScenario = weighted([2, scenario], [1, resourceFocusedScenario]);

export { runs } from '../depth.js';

/** The base seed: `FUZZ_SEED` to replay a run, else a fresh one (reported in test names). */
export const BASE_SEED =
  Number.isInteger(Number(process.env.FUZZ_SEED)) && process.env.FUZZ_SEED
    ? Number(process.env.FUZZ_SEED)
    : Date.now() % 2_147_483_647;

/** Test timeout to go with {@link runs}: generous when fuzzing locally. */
export function timeout(ciDefault = 120_000): number {
  return process.env.FUZZ_RUNS ? 24 * 3600_000 : ciDefault;
}

// ---- fidelity beyond policy documents (spec §4.14–§4.16) ----------------------------------------

export const VPCE_A = 'vpce-1a2b3c';
export const VPCE_B = 'vpce-9f8e7d';
export const BUCKET = 'arn:aws:s3:::example-bucket';
const RESERVED_ROLE = `arn:aws:iam::${A}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123`;
const AWS_POLICY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

/** Requests the rules are about, and near misses (the same action on an ordinary resource). */
const FIDELITY_REQUESTS: readonly (readonly [string, string])[] = [
  ['sts:GetCallerIdentity', '*'],
  ['sts:GetFederationToken', `arn:aws:sts::${A}:federated-user/x`],
  ['sts:DecodeAuthorizationMessage', '*'],
  ['iam:CreatePolicyVersion', AWS_POLICY],
  ['iam:TagPolicy', AWS_POLICY],
  ['iam:CreatePolicyVersion', `arn:aws:iam::${A}:policy/Mine`],
  ['iam:PassRole', SLR_ROLE],
  ['iam:PassRole', APP_ROLE],
  ['iam:PutRolePolicy', RESERVED_ROLE],
  ['iam:DeleteRole', SLR_ROLE],
  ['iam:DeleteServiceLinkedRole', SLR_ROLE],
  ['iam:ListUsers', '*'],
  ['kms:CreateAlias', `arn:aws:kms:us-east-1:${A}:alias/aws/s3`],
  ['kms:DeleteAlias', `arn:aws:kms:us-east-1:${A}:alias/app`],
  ['s3:GetObject', `${BUCKET}/reports/q1.csv`],
  ['s3:GetObject', 'arn:aws:s3:::other-bucket/x'],
  ['s3:ListBucket', BUCKET],
  ['s3:PutBucketPolicy', BUCKET],
];

const FIDELITY_ACTIONS = [
  '*',
  's3:*',
  's3:GetObject',
  's3:PutBucketPolicy',
  'iam:*',
  'iam:PassRole',
  'kms:*',
  'sts:*',
  'sts:GetCallerIdentity',
];

/** Conditions that do or do not keep a `Principal: "*"` grant from being public (spec §4.16). */
const NARROWING_CONDITIONS: readonly (Record<string, Record<string, string | string[]>> | null)[] = [
  null,
  { StringEquals: { 'aws:SourceVpce': VPCE_A } },
  { StringEquals: { 'aws:SourceVpc': 'vpc-2' } },
  { StringLike: { 'aws:SourceVpce': 'vpce-*' } },
  { StringEqualsIfExists: { 'aws:SourceVpce': VPCE_A } },
  { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
  { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } },
  { StringEquals: { 'aws:PrincipalAccount': A } },
  { StringNotEquals: { 'aws:PrincipalAccount': B } },
  { 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgID': ORG } },
  { StringEquals: { 'aws:PrincipalOrgID': ORG } },
  { StringEquals: { 'aws:userid': '${aws:userid}' } },
  { StringEquals: { 'aws:VpceAccount': A } },
];

/** A statement of a bucket or endpoint policy, public or not. */
const fidelityStatement = fc
  .record({
    effect: weighted<'Allow' | 'Deny'>([4, fc.constant('Allow')], [1, fc.constant('Deny')]),
    principal: weighted<unknown>(
      [3, fc.constant('*')],
      [1, fc.constant({ AWS: '*' })],
      [2, stringOrList([A, B, `arn:aws:iam::${A}:root`, CAROL, APP_ROLE], 2).map((aws) => ({ AWS: aws }))],
      [1, fc.constant({ Service: 'sqs.amazonaws.com' })],
    ),
    action: stringOrList(FIDELITY_ACTIONS, 2),
    condition: fc.constantFrom(...NARROWING_CONDITIONS),
  })
  .map(({ effect, principal, action, condition }) => {
    const st: Record<string, unknown> = { Effect: effect, Principal: principal, Action: action, Resource: '*' };
    if (condition) st.Condition = condition;
    return st;
  });

const fidelityPolicy: fc.Arbitrary<Doc> = fc
  .array(fidelityStatement, { minLength: 1, maxLength: 3 })
  .map((s) => ({ Version: '2012-10-17', Statement: s }));

const bpa = fc.record({
  blockPublicPolicy: fc.boolean(),
  restrictPublicBuckets: fc.boolean(),
  blockPublicAcls: fc.boolean(),
});

/**
 * Worlds for the rules beyond policy documents: VPC endpoints (with their own policy or the
 * default), Block Public Access on the account and the bucket, a bucket policy that is sometimes
 * public, callers that often have broad permissions so that the rules get to change an Allow.
 */
export const fidelityWorld: fc.Arbitrary<RefWorld> = fc
  .record({
    w: world,
    broad: fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }),
    endpointPolicyA: maybe(fidelityPolicy, 2),
    endpointPolicyB: maybe(fidelityPolicy, 3),
    accountBpa: maybe(bpa, 2),
    bucketBpa: maybe(bpa, 2),
    bucketPolicy: fidelityPolicy,
  })
  .map(({ w, broad, endpointPolicyA, endpointPolicyB, accountBpa, bucketBpa, bucketPolicy }) => {
    const out: RefWorld = structuredClone(w);
    let i = 0;
    for (const u of Object.values(out.users ?? {})) if (broad[i++]) u.policies = [ALLOW_ALL, ...(u.policies ?? [])];
    for (const r of Object.values(out.roles ?? {})) if (broad[i++]) r.policies = [ALLOW_ALL, ...(r.policies ?? [])];
    // A federated-user session needs a session policy to have any permission (spec §10 E4).
    const fed = out.sessions?.[FED_SESSION];
    if (fed && broad[i++]) fed.sessionPolicies = [ALLOW_ALL];
    out.vpcEndpoints = {
      [VPCE_A]: {
        vpc: 'vpc-1',
        account: A,
        service: 'com.amazonaws.us-east-1.s3',
        ...(endpointPolicyA ? { policy: endpointPolicyA } : {}),
      },
      [VPCE_B]: { vpc: 'vpc-2', account: B, ...(endpointPolicyB ? { policy: endpointPolicyB } : {}) },
    };
    if (accountBpa) out.accounts = { ...out.accounts, [A]: { ...out.accounts?.[A], s3BlockPublicAccess: accountBpa } };
    if (bucketBpa) out.resources = { [BUCKET]: { s3BlockPublicAccess: bucketBpa } };
    out.resourcePolicies = { ...out.resourcePolicies, bucket: { kind: 'generic', policy: bucketPolicy } };
    return out;
  });

/** A request for a fidelity world: a rule's request, maybe through an endpoint, maybe with a new bucket policy. */
function fidelityRequest(w: RefWorld): fc.Arbitrary<RefRequest> {
  return fc
    .record({
      base: request(w),
      pair: weighted(
        [3, fc.constantFrom(...FIDELITY_REQUESTS)],
        [2, fc.constantFrom(...FIDELITY_REQUESTS.filter(([a]) => a.startsWith('s3:')))],
      ),
      caller: weighted<string | undefined>(
        [3, fc.constant(undefined)],
        [1, fc.constantFrom('anonymous', CAROL, PARTNER_SESSION, FED_SESSION, `arn:aws:iam::${B}:root`)],
      ),
      owner: weighted([3, fc.constant(A)], [1, fc.constant(undefined)]),
      endpoint: weighted<string | undefined>(
        [3, fc.constant(undefined)],
        [2, fc.constant(VPCE_A)],
        [1, fc.constant(VPCE_B)],
      ),
      bucketPolicy: weighted([1, fc.constant(false)], [3, fc.constant(true)]),
      newPolicy: maybe(fidelityPolicy, 2),
      sourceIp: weighted([2, fc.constant(false)], [1, fc.constant(true)]),
    })
    .map(({ base, pair, caller, owner, endpoint, bucketPolicy, newPolicy, sourceIp }) => {
      const req: RefRequest = { ...base, action: pair[0], resource: pair[1] };
      if (caller) req.principal = caller;
      // S3 buckets: mostly owned by account A, whatever the caller's account (spec §4.16 is about outsiders).
      if (pair[0].startsWith('s3:') && owner) req.resourceAccount = owner;
      if (pair[0].startsWith('s3:') && bucketPolicy) req.resourcePolicy = 'bucket';
      else delete req.resourcePolicy;
      if (endpoint) req.vpcEndpoint = endpoint;
      if (newPolicy && pair[0] === 's3:PutBucketPolicy') req.requestPolicy = newPolicy;
      if (sourceIp) req.context = { ...req.context, 'aws:SourceIp': '203.0.113.7' };
      return req;
    });
}

/** Fidelity worlds, each with several requests. */
export const fidelityWorldWithRequests: fc.Arbitrary<{ world: RefWorld; requests: RefRequest[] }> = fidelityWorld.chain(
  (w) =>
    fc
      .array(fidelityRequest(w), { minLength: REQUESTS_PER_WORLD, maxLength: REQUESTS_PER_WORLD })
      .map((requests) => ({ world: w, requests })),
);
