/**
 * Inputs for test/hostile/never-throws.test.ts. Every public entry documented as "never throws" (issue #11): random JSON-like values, and valid
 * inputs with one subtree replaced by a hostile value — deep nesting, huge sparse arrays, arrays
 * and proxies with a huge `length`, getters that throw, proxies whose every trap throws (ownKeys
 * included), cycles, BigInt, symbols, functions, prototype-polluting keys — come back as data
 * (`{ ok: false, … }`, a Deny, findings), never as an exception, and without polluting
 * `Object.prototype`. Work is bounded by the entries' own caps (array lengths refused by `length`,
 * node counts, nesting depth), so a hang would be a vitest timeout, never a timing assertion.
 */
import fc from 'fast-check';
import {
  assumeRole,
  assumeRoleWithSAML,
  assumeRoleWithWebIdentity,
  audit,
  authenticate,
  createAuthorizer,
  evaluate,
  evaluateScenario,
  getFederationToken,
  getSessionToken,
  instanceProfileCredentials,
  isPublicPolicy,
  lambdaExecutionCredentials,
  lintPolicy,
  parseCredentialReport,
  parsePolicy,
  printPolicy,
  readPasswordPolicy,
  serviceRoleCredentials,
  validateWorld,
} from '../../src/index.js';
import {
  fromAuthorizationDetails,
  fromCloudFormation,
  fromTerraformPlan,
  importWorld,
  mergeWorlds,
  WORLD_FORMATS,
} from '../../src/entries/import.js';
import { checkRequest, parseTestSuite, runTestSuite } from '../../src/entries/testing.js';
import { bundledCatalog } from '../../src/catalog/bundled.js';

export const A = '111111111111';
export const ALICE = `arn:aws:iam::${A}:user/alice`;
export const ROLE = `arn:aws:iam::${A}:role/App`;
const SAML_ARN = `arn:aws:iam::${A}:saml-provider/idp`;
export const NOW = '2025-06-01T12:00:00Z';
export const allowAll = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'All',
      Effect: 'Allow',
      Action: ['s3:GetObject', 'sts:AssumeRole', 'sts:GetFederationToken'],
      Resource: '*',
      Condition: { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } },
    },
  ],
};
export const trust = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: ALICE, Service: ['lambda.amazonaws.com', 'ec2.amazonaws.com'] },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    },
    {
      Effect: 'Allow',
      Principal: { Federated: [SAML_ARN, 'accounts.google.com'] },
      Action: ['sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'],
    },
  ],
};
/** A bucket policy (resource policies name a Principal). */
export const bucketPolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
};
export const SAML = `arn:aws:iam::${A}:saml-provider/idp`;
export const world = () => ({
  accounts: { [A]: { name: 'a' } },
  users: {
    [ALICE]: {
      policies: [allowAll],
      tags: { team: 'x' },
      accessKeys: [{ id: 'AKIAALICE0000000001', status: 'Active' as const }],
    },
  },
  roles: { [ROLE]: { trustPolicy: trust, policies: [allowAll], maxSessionDuration: 3600 } },
  instanceProfiles: { [`arn:aws:iam::${A}:instance-profile/App`]: { role: ROLE } },
  identityProviders: { [SAML]: { type: 'SAML' as const } },
  resourcePolicies: { 'arn:aws:s3:::b': { policy: bucketPolicy } },
});
export const request = () => ({
  principal: ALICE,
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::b/k',
  time: NOW,
  context: { 'aws:SourceIp': '10.0.0.1', 'x:list': ['a', 'b'] },
});

/** Keys that reach the code (members it reads) and keys that try to pollute prototypes. */
export const KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'length',
  'then',
  'Statement',
  'Effect',
  'Action',
  'Resource',
  'Condition',
  'Principal',
  'users',
  'roles',
  'policies',
  'world',
  'request',
  'principal',
  'action',
  'resource',
  'context',
  'Resources',
  'Type',
  'Properties',
  'resource_changes',
  'UserDetailList',
  'tests',
  'expect',
  'inline',
  'path',
];

export function throwing(): never {
  throw new Error('hostile trap');
}

/**
 * A generated input: `make()` builds it afresh for each call (proxies and getters are not reusable
 * data, and fast-check itself must never hold a hostile value — it probes every generated value for
 * its clone method, which a proxy whose every trap throws answers by throwing); `label` says what it
 * is, so a failure names its input without printing it (printing a hostile value can throw or hang).
 */
export interface Input {
  readonly label: string;
  make(): unknown;
}

export const HOSTILE_KINDS = [
  'proxy-all',
  'proxy-ownkeys',
  'proxy-array',
  'getter',
  'sparse',
  'huge-length',
  'deep-array',
  'deep-object',
  'cycle',
  'bigint',
  'symbol',
  'function',
  'null-proto-polluter',
  'date',
  'map',
  'long-string',
] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

/** A value no validator expects; `key` picks the member a throwing getter sits on. */
export function hostile(kind: HostileKind, key = 0): unknown {
  switch (kind) {
    case 'proxy-all':
      return new Proxy(
        {},
        {
          get: throwing,
          has: throwing,
          ownKeys: throwing,
          getOwnPropertyDescriptor: throwing,
          getPrototypeOf: throwing,
          set: throwing,
          defineProperty: throwing,
          isExtensible: throwing,
          preventExtensions: throwing,
          deleteProperty: throwing,
        },
      );
    case 'proxy-ownkeys':
      return new Proxy({ Statement: [], users: {} }, { ownKeys: throwing });
    case 'proxy-array':
      return new Proxy([], { get: (t, k) => (k === 'length' ? 2 ** 32 - 1 : Reflect.get(t, k)) });
    case 'getter':
      return Object.defineProperty({}, KEYS[key % KEYS.length] as string, { enumerable: true, get: throwing });
    case 'sparse':
      return new Array(1e8);
    case 'huge-length':
      return { length: 2 ** 53 - 1, 0: 'x' };
    case 'deep-array': {
      let v: unknown = 'bottom';
      for (let i = 0; i < 20_000; i++) v = [v];
      return v;
    }
    case 'deep-object': {
      let v: unknown = 'bottom';
      for (let i = 0; i < 20_000; i++) v = { Statement: v };
      return v;
    }
    case 'cycle': {
      const o: Record<string, unknown> = { Version: '2012-10-17' };
      o.Statement = [o];
      o.users = { [ALICE]: o };
      return o;
    }
    case 'bigint':
      return 10n;
    case 'symbol':
      return Symbol('s');
    case 'function':
      return () => 1;
    case 'null-proto-polluter':
      return JSON.parse(
        '{"__proto__":{"polluted":true,"awsManaged":true,"mfaPresent":true},"constructor":{"prototype":{"polluted":true}}}',
      ) as unknown;
    case 'date':
      return new Date(NaN);
    case 'map':
      return new Map([['Statement', []]]);
    case 'long-string':
      return 'x'.repeat(300_000);
  }
}

/** Values no validator expects, built fresh for each call. */
export const hostileLeaf: fc.Arbitrary<Input> = fc
  .tuple(fc.constantFrom(...HOSTILE_KINDS), fc.nat(KEYS.length - 1))
  .map(([kind, key]) => ({
    label: kind === 'getter' ? `a getter of ${KEYS[key]} that throws` : kind,
    make: () => hostile(kind, key),
  }));

/** Random JSON-like data (fast-check `anything`): plain data, safe for fast-check to hold. */
const data = fc.anything({
  key: fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })),
  maxDepth: 4,
  withBigInt: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withSparseArray: true,
  withDate: true,
  withBoxedValues: true,
  withObjectString: true,
  withUnicodeString: true,
});

/** Random JSON-like data with hostile leaves and keys. */
export const anythingHostile: fc.Arbitrary<Input> = fc.oneof(
  {
    weight: 3,
    arbitrary: data.map((v) => ({ label: `anything ${fc.stringify(v).slice(0, 200)}`, make: () => v })),
  },
  { weight: 2, arbitrary: hostileLeaf },
);

/** Every path to a node of plain data. */
export function paths(value: unknown, at: string[] = [], out: string[][] = [], depth = 0): string[][] {
  out.push(at);
  if (depth < 12 && value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out, depth + 1);
  return out;
}

/** `seed` with the node at path index `at` replaced by `value` (a fresh copy of the seed). */
export function corrupt(seed: unknown, at: number, value: unknown): unknown {
  const root = structuredClone(seed);
  const all = paths(root);
  const path = all[at % all.length] as string[];
  if (path.length === 0) return value;
  let node = root as Record<string, unknown>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string, unknown>;
  Object.defineProperty(node, path[path.length - 1] as string, {
    value,
    enumerable: true,
    configurable: true,
    writable: true,
  });
  return root;
}

/** The path `corrupt(seed, at, …)` replaces, for labels. */
const pathAt = (seed: unknown, at: number): string => {
  const all = paths(structuredClone(seed));
  return (all[at % all.length] as string[]).join('.') || '(root)';
};

/** Either anything at all, or the valid `seed` with one subtree made hostile. */
export const around = (seed: unknown): fc.Arbitrary<Input> =>
  fc.oneof(
    anythingHostile,
    fc.tuple(fc.nat(), anythingHostile).map(([at, v]) => ({
      label: `the seed with ${pathAt(seed, at)} := ${v.label}`,
      make: () => corrupt(seed, at, v.make()),
    })),
  );

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
export const isDecision = (d: unknown) =>
  isObject(d) && ['Allow', 'ExplicitDeny', 'ImplicitDeny'].includes(d.decision as string);
export const isResult = (r: unknown) => isObject(r) && typeof r.ok === 'boolean';
export const catalog = bundledCatalog();
/** Whether an entry accepted its input (an Allow, `ok: true`, text, or any of several results). */
export const isAccepted = (r: unknown): boolean =>
  r === true ||
  typeof r === 'string' ||
  (Array.isArray(r) ? r.some(isAccepted) : isObject(r) && (r.decision === 'Allow' || r.ok === true));

export const seedPolicySet = () => ({
  ...request(),
  policies: {
    identity: [allowAll],
    boundary: [allowAll],
    session: [allowAll],
    scp: [[allowAll]],
    rcp: [[allowAll]],
    resource: { policy: bucketPolicy },
  },
});
export const template = {
  Resources: {
    R: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'App',
        AssumeRolePolicyDocument: trust,
        Policies: [{ PolicyName: 'p', PolicyDocument: allowAll }],
      },
    },
  },
};
export const plan = {
  format_version: '1.2',
  planned_values: { root_module: { resources: [] } },
  resource_changes: [
    {
      address: 'aws_iam_role.app',
      type: 'aws_iam_role',
      change: { actions: ['create'], after: { name: 'App', assume_role_policy: JSON.stringify(trust) } },
    },
  ],
};
export const snapshot = {
  UserDetailList: [{ UserName: 'alice', Arn: ALICE, UserPolicyList: [{ PolicyName: 'p', PolicyDocument: allowAll }] }],
  RoleDetailList: [],
  GroupDetailList: [],
  Policies: [],
};
export const suite = {
  world: { inline: world() },
  tests: [{ principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', expect: 'Allow' }],
};

/** The entries, each with the valid input it starts from. Each call must return data. */
export const ENTRIES: readonly {
  name: string;
  seed: () => unknown;
  call: (x: unknown) => unknown;
  check: (r: unknown) => boolean;
}[] = [
  { name: 'parsePolicy', seed: () => allowAll, call: (x) => parsePolicy(x, { type: 'identity' }), check: isResult },
  {
    name: 'parsePolicy → printPolicy, lintPolicy, isPublicPolicy',
    seed: () => allowAll,
    call: (x) => {
      const p = parsePolicy(x, { type: 'resource' });
      return p.ok ? [printPolicy(p.policy), lintPolicy(p.policy, catalog), isPublicPolicy(x)] : [isPublicPolicy(x)];
    },
    check: Array.isArray,
  },
  { name: 'evaluate', seed: seedPolicySet, call: (x) => evaluate(x as never), check: isDecision },
  {
    name: 'createAuthorizer(world).authorize',
    seed: world,
    call: (x) => createAuthorizer(x as never).authorize(request()),
    check: isDecision,
  },
  {
    name: 'createAuthorizer().authorize(request)',
    seed: request,
    call: (x) => createAuthorizer(world()).authorize(x as never, { explain: true }),
    check: isDecision,
  },
  {
    name: 'checkRequest',
    seed: request,
    call: (x) => checkRequest(createAuthorizer(world()), x as never, catalog),
    check: isResult,
  },
  {
    name: 'evaluateScenario',
    seed: () => ({ world: world(), request: request() }),
    call: (x) => evaluateScenario(x as never),
    check: isDecision,
  },
  { name: 'validateWorld', seed: world, call: (x) => validateWorld(x), check: isResult },
  {
    name: 'assumeRole',
    seed: () => ({ caller: ALICE, roleArn: ROLE, sessionName: 'sess', now: NOW, policy: allowAll, tags: { a: 'b' } }),
    call: (x) => assumeRole(world(), x as never),
    check: isResult,
  },
  {
    name: 'assumeRole (hostile world)',
    seed: world,
    call: (x) => assumeRole(x as never, { caller: ALICE, roleArn: ROLE, sessionName: 'sess', now: NOW }),
    check: isResult,
  },
  {
    name: 'assumeRoleWithWebIdentity',
    seed: () => ({
      roleArn: ROLE,
      sessionName: 'sess',
      provider: 'accounts.google.com',
      claims: { sub: 'x', aud: 'y' },
      now: NOW,
    }),
    call: (x) => assumeRoleWithWebIdentity(world(), x as never),
    check: isResult,
  },
  {
    name: 'assumeRoleWithSAML',
    seed: () => ({
      roleArn: ROLE,
      provider: SAML,
      assertion: { sub: 'x', sessionName: 'sess', attributes: { a: ['b'] } },
      now: NOW,
    }),
    call: (x) => assumeRoleWithSAML(world(), x as never),
    check: isResult,
  },
  {
    name: 'getFederationToken',
    seed: () => ({ caller: ALICE, name: 'fed', policy: allowAll, now: NOW }),
    call: (x) => getFederationToken(world(), x as never),
    check: isResult,
  },
  {
    name: 'getSessionToken',
    seed: () => ({ caller: ALICE, now: NOW }),
    call: (x) => getSessionToken(world(), x as never),
    check: isResult,
  },
  {
    name: 'serviceRoleCredentials',
    seed: () => ({ service: 'lambda.amazonaws.com', roleArn: ROLE, sessionName: 'sess', now: NOW }),
    call: (x) => serviceRoleCredentials(world(), x as never),
    check: isResult,
  },
  {
    name: 'instanceProfileCredentials',
    seed: () => ({ instanceProfile: `arn:aws:iam::${A}:instance-profile/App`, instanceId: 'i-1', now: NOW }),
    call: (x) => instanceProfileCredentials(world(), x as never),
    check: isResult,
  },
  {
    name: 'lambdaExecutionCredentials',
    seed: () => ({ roleArn: ROLE, functionArn: `arn:aws:lambda:us-east-1:${A}:function:fn-1`, now: NOW }),
    call: (x) => lambdaExecutionCredentials(world(), x as never),
    check: isResult,
  },
  {
    name: 'authenticate',
    seed: () => ({ accessKeyId: 'AKIAALICE0000000001' }),
    call: (x) => authenticate(world(), x as never),
    check: isResult,
  },
  {
    name: 'importWorld (every format)',
    seed: () => template,
    call: (x) => WORLD_FORMATS.map((f) => importWorld(x, f)),
    check: (r) => Array.isArray(r) && r.every(isResult),
  },
  { name: 'fromCloudFormation', seed: () => template, call: (x) => fromCloudFormation(x), check: isResult },
  { name: 'fromTerraformPlan', seed: () => plan, call: (x) => fromTerraformPlan(x), check: isResult },
  { name: 'fromAuthorizationDetails', seed: () => snapshot, call: (x) => fromAuthorizationDetails(x), check: isResult },
  {
    name: 'mergeWorlds',
    seed: () => [world(), world()],
    call: (x) => mergeWorlds(x as never),
    check: (r) => isResult(r) && (r as { ok: boolean }).ok === isObject((r as { world?: unknown }).world),
  },
  { name: 'parseTestSuite', seed: () => suite, call: (x) => parseTestSuite(x), check: isResult },
  { name: 'audit', seed: world, call: (x) => audit(x, { time: NOW }), check: isResult },
  {
    name: 'parseCredentialReport, readPasswordPolicy',
    seed: () => ({ MinimumPasswordLength: 14 }),
    call: (x) => [parseCredentialReport(x), readPasswordPolicy(x)],
    check: Array.isArray,
  },
];
