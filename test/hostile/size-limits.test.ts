/**
 * Size limits of spec §8 (issue #7): enforced in validation with a clear error, and a world that
 * holds an over-limit policy denies everything (fail closed) even where the policy would allow.
 */
import { describe, expect, it } from 'vitest';
import { createAuthorizer, parsePolicy, type PolicyType } from '../../src/index.js';

const A = '111111111111';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const request = {
  principal: ALICE,
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::b/k',
  time: '2025-06-01T12:00:00Z',
};

/** Quotas in characters, whitespace not counted (spec §8.1; resource-based: library choice, S3's 20 KB). */
const QUOTAS: [PolicyType, number][] = [
  ['identity', 6144],
  ['boundary', 6144],
  ['session', 2048],
  ['trust', 2048],
  ['scp', 5120],
  ['rcp', 5120],
  ['resource', 20480],
];

/** A valid document of `type` whose size (JSON without whitespace) is exactly `size`. */
function docOfSize(type: PolicyType, size: number): Record<string, unknown> {
  const statement = (resource: string): Record<string, unknown> => {
    if (type === 'rcp') return { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: resource };
    if (type === 'trust')
      return { Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole', Resource: resource };
    if (type === 'resource') return { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: resource };
    return { Effect: 'Allow', Action: 's3:GetObject', Resource: resource };
  };
  const make = (pad: number) => ({
    Version: '2012-10-17',
    Statement: [statement(`arn:aws:s3:::b/${'x'.repeat(pad)}`)],
  });
  const pad = size - JSON.stringify(make(0)).length;
  const doc = make(pad);
  expect(JSON.stringify(doc).length).toBe(size);
  return doc;
}

describe('policy size quotas (spec §8.1)', () => {
  it.each(QUOTAS)('%s: %i characters pass, one more is a clear error', (type, quota) => {
    expect(parsePolicy(docOfSize(type, quota), { type }).ok).toBe(true);
    const over = parsePolicy(docOfSize(type, quota + 1), { type });
    expect(over.ok).toBe(false);
    if (over.ok) return;
    expect(over.errors).toHaveLength(1);
    expect(over.errors[0]).toMatchObject({ severity: 'error', code: 'policy-too-large', path: '' });
    expect(over.errors[0]?.message).toContain(`${quota + 1} characters`);
    expect(over.errors[0]?.message).toContain(`${quota} allowed`);
  });

  it('whitespace between tokens is not counted; whitespace inside strings is', () => {
    const doc = docOfSize('identity', 6144);
    expect(parsePolicy(JSON.stringify(doc, null, 40), { type: 'identity' }).ok).toBe(true);
    const spaced = {
      ...doc,
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/${' '.repeat(6100)}` }],
    };
    expect(parsePolicy(spaced, { type: 'identity' }).ok).toBe(false);
  });

  it('the quota can be raised or switched off explicitly (e.g. AWS managed policies)', () => {
    const big = docOfSize('identity', 10_000);
    expect(parsePolicy(big, { type: 'identity', maxSize: 10_000 }).ok).toBe(true);
    expect(parsePolicy(big, { type: 'identity', maxSize: false }).ok).toBe(true);
  });
});

describe('an over-limit policy in a world fails closed', () => {
  const tooBig = (type: PolicyType) => {
    const quota = (QUOTAS.find(([t]) => t === type) as [PolicyType, number])[1];
    const doc = docOfSize(type, quota + 1);
    // Make the over-limit policy allow everything it can, so that only the fail-closed rule denies.
    (doc.Statement as Record<string, unknown>[]).push(
      type === 'rcp'
        ? { Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: '*' }
        : { Effect: 'Allow', Action: '*', Resource: '*' },
    );
    return doc;
  };
  const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const worlds: [string, Record<string, unknown>, string][] = [
    ['identity policy', { users: { [ALICE]: { policies: [tooBig('identity')] } } }, `users["${ALICE}"].policies[0]`],
    [
      'permissions boundary',
      { users: { [ALICE]: { policies: [allowAll], permissionsBoundary: tooBig('boundary') } } },
      `users["${ALICE}"].permissionsBoundary`,
    ],
    [
      'SCP',
      {
        accounts: { [A]: { org: 'o-1', parents: ['r-1'] } },
        organization: { id: 'o-1', rootId: 'r-1', managementAccount: '999999999999', scps: { [A]: [tooBig('scp')] } },
        users: { [ALICE]: { policies: [allowAll] } },
      },
      'organization.scps',
    ],
  ];

  it.each(worlds)('%s', (_, world, path) => {
    const authorizer = createAuthorizer(world);
    expect(authorizer.ok).toBe(false);
    const error = authorizer.errors.find((e) => e.code === 'policy-too-large');
    expect(error?.path.startsWith(path)).toBe(true);
    const d = authorizer.authorize(request);
    expect(d).toMatchObject({ decision: 'ImplicitDeny', reason: 'InvalidWorld' });
  });
});

describe('count quotas (spec §8.2) that the world format can express', () => {
  const user = (extra: Record<string, unknown>) => ({ users: { [ALICE]: { policies: [], ...extra } } });
  const groups = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:iam::${A}:group/g${i}`);
  const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
  const cases: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
    ['10 groups per user', user({ groups: groups(10) }), user({ groups: groups(11) }), 'groups'],
    ['8 MFA devices', user({ mfaDevices: groups(8) }), user({ mfaDevices: groups(9) }), 'mfaDevices'],
    ['50 tags per user', user({ tags: tags(50) }), user({ tags: tags(51) }), 'tags'],
    [
      '2 access keys',
      user({ accessKeys: [{ id: 'AKIAAAAAAAAAAAAAAAA1' }, { id: 'AKIAAAAAAAAAAAAAAAA2' }] }),
      user({
        accessKeys: [{ id: 'AKIAAAAAAAAAAAAAAAA1' }, { id: 'AKIAAAAAAAAAAAAAAAA2' }, { id: 'AKIAAAAAAAAAAAAAAAA3' }],
      }),
      'accessKeys',
    ],
  ];

  it.each(cases)('%s', (_, ok, over, member) => {
    // (the 10-groups world names groups it does not define: only the count error matters here)
    const okErrors = createAuthorizer(ok).errors.filter((e) => e.path.endsWith(member));
    expect(okErrors).toEqual([]);
    const overAuthorizer = createAuthorizer(over);
    expect(overAuthorizer.errors.map((e) => e.path)).toContain(`users["${ALICE}"].${member}`);
    expect(overAuthorizer.authorize(request).decision).toBe('ImplicitDeny');
  });

  it('50 session tags per session', () => {
    const role = `arn:aws:iam::${A}:role/R`;
    const world = (n: number) => ({
      roles: {
        [role]: { trustPolicy: { Statement: [{ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }] } },
      },
      sessions: {
        [`arn:aws:sts::${A}:assumed-role/R/s`]: {
          type: 'AssumedRole',
          roleArn: role,
          issuedAt: '2025-06-01T11:00:00Z',
          expiresAt: '2025-06-01T13:00:00Z',
          sessionTags: tags(n),
        },
      },
    });
    expect(createAuthorizer(world(50) as never).ok).toBe(true);
    expect(createAuthorizer(world(51) as never).errors.map((e) => e.code)).toEqual(['invalid-world']);
  });
});
