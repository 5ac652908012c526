import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatSuiteTable, parseTestSuite, runTestSuite, type WorldFile } from '../../src/testing/index.js';

const examples = new URL('../../examples/iac/', import.meta.url);
const readExample = (file: WorldFile) => readFileSync(new URL(file.path, examples), 'utf8');
const example = (name: string) => readFileSync(new URL(name, examples), 'utf8');

describe('runTestSuite on the shipped examples', () => {
  it('the CloudFormation example passes, with expanded action lists', async () => {
    const result = await runTestSuite(example('orders.iam-test.yaml'), { loadWorld: readExample });
    expect(result.errors).toEqual([]);
    expect(result.results.filter((r) => !r.passed).map((r) => r.name)).toEqual([]);
    expect(result).toMatchObject({ ok: true, name: 'Orders stack (prod)', passed: 9, failed: 0 });
    expect(result.results.map((r) => r.name)).toContain(
      'the service reads and writes orders [s3:PutObject arn:aws:s3:::acme-orders-prod/orders/2026/01/42.json]',
    );
  });

  it('the Terraform example passes', async () => {
    const result = await runTestSuite(example('thumbnailer.iam-test.yaml'), { loadWorld: readExample });
    expect(result.errors).toEqual([]);
    expect(result.results.filter((r) => !r.passed).map((r) => r.name)).toEqual([]);
    expect(result).toMatchObject({ ok: true, passed: 8, failed: 0 });
  });

  it('the loader is told what to read and why', async () => {
    const seen: WorldFile[] = [];
    await runTestSuite(example('thumbnailer.iam-test.yaml'), { loadWorld: (f) => (seen.push(f), readExample(f)) });
    expect(seen).toEqual([{ path: 'thumbnailer.plan.json', format: 'terraform', role: 'world' }]);
  });
});

const inlineWorld = {
  users: {
    'arn:aws:iam::111111111111:user/alice': {
      policies: [
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
            { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/secret/*' },
          ],
        },
      ],
    },
  },
};

describe('runTestSuite: results', () => {
  it('reports failures with the actual decision, and Deny accepts both kinds of deny', async () => {
    const result = await runTestSuite({
      world: { inline: inlineWorld },
      defaults: { principal: 'arn:aws:iam::111111111111:user/alice', time: '2026-01-01T00:00:00Z' },
      tests: [
        { name: 'reads', action: 's3:GetObject', resource: 'arn:aws:s3:::b/x', expect: 'Allow' },
        { name: 'secret', action: 's3:GetObject', resource: 'arn:aws:s3:::b/secret/x', expect: 'Deny' },
        { name: 'wrong expectation', action: 's3:PutObject', resource: 'arn:aws:s3:::b/x', expect: 'ExplicitDeny' },
        {
          name: 'unknown principal',
          principal: 'arn:aws:iam::111111111111:role/nobody',
          action: 's3:GetObject',
          resource: 'arn:aws:s3:::b/x',
          expect: 'ImplicitDeny',
          reason: 'UnknownPrincipal',
        },
        {
          name: 'typo',
          principal: 'arn:aws:iam::111111111111:role/alcie',
          action: 's3:GetObject',
          resource: 'arn:aws:s3:::b/x',
          expect: 'Deny',
        },
      ],
    });
    expect(result.results.map((r) => [r.name, r.actual.decision, r.passed])).toEqual([
      ['reads', 'Allow', true],
      ['secret', 'ExplicitDeny', true],
      ['wrong expectation', 'ImplicitDeny', false],
      ['unknown principal', 'ImplicitDeny', true],
      ['typo', 'ImplicitDeny', false],
    ]);
    expect(result).toMatchObject({ ok: false, passed: 3, failed: 2 });
    expect(result.results[2]?.request).toEqual({
      principal: 'arn:aws:iam::111111111111:user/alice',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::b/x',
      time: '2026-01-01T00:00:00Z',
    });
    const table = formatSuiteTable(result);
    expect(table).toMatch(/\nFAIL {4}ExplicitDeny +ImplicitDeny +wrong expectation\n/);
    expect(table).toContain('Implicitly denied: no statement in the identity-based policies allows s3:PutObject');
    expect(table).toMatch(/\nFAIL {4}Deny +ImplicitDeny \(UnknownPrincipal\) +typo\n/);
    expect(table.trimEnd().split('\n').at(-1)).toBe('3 passed, 2 failed');
  });

  it('an invalid world is an error, not a list of denies', async () => {
    const result = await runTestSuite({
      world: {
        inline: {
          users: {
            'arn:aws:iam::111111111111:user/a': {
              policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Permit', Action: '*', Resource: '*' }] }],
            },
          },
        },
      },
      tests: [{ principal: 'arn:aws:iam::111111111111:user/a', action: 's3:GetObject', resource: '*', expect: 'Deny' }],
    });
    expect(result.ok).toBe(false);
    expect(result.results).toEqual([]);
    expect(result.errors[0]?.path).toMatch(/^world\.users/);
    expect(formatSuiteTable(result)).toContain('The test file could not be run');
  });
});

describe('test files that cannot run', () => {
  it('reports schema errors with paths', () => {
    const r = parseTestSuite(
      'world: { path: a.yaml, inline: {} }\ntests:\n  - action: s3:GetObject\n    expect: Maybe\n',
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => e.path)).toEqual(
        expect.arrayContaining(['world', 'tests[0].resource', 'tests[0].expect']),
      );
  });

  it('reports YAML errors with a line', () => {
    const r = parseTestSuite('world:\n  path: [unclosed\n');
    expect(!r.ok && r.errors[0]?.line).toBeGreaterThan(0);
  });

  it('reports a missing loader, a failing loader and import errors', async () => {
    const spec = {
      world: { format: 'cloudformation', path: 't.yaml' },
      tests: [{ principal: 'p', action: 'a:b', resource: '*', expect: 'Allow' }],
    };
    expect((await runTestSuite(spec)).errors[0]?.code).toBe('no-loader');
    const failing = await runTestSuite(spec, {
      loadWorld: () => {
        throw new Error('ENOENT: no such file');
      },
    });
    expect(failing.errors[0]).toMatchObject({ code: 'unreadable-file', path: 'world.path' });
    expect(failing.errors[0]?.message).toContain('ENOENT');
    const broken = await runTestSuite(spec, { loadWorld: () => 'Resources: [' });
    expect(broken.errors[0]).toMatchObject({ code: 'invalid-yaml', path: 'world' });
  });

  it('passes snapshot extras (organization, resource policies) through the loader', async () => {
    const files: Record<string, string> = {
      'a.json': JSON.stringify({
        UserDetailList: [
          {
            Arn: 'arn:aws:iam::111111111111:user/u',
            UserPolicyList: [
              {
                PolicyName: 'p',
                PolicyDocument: {
                  Version: '2012-10-17',
                  Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
                },
              },
            ],
          },
        ],
      }),
      'org.json': JSON.stringify({
        id: 'o-abc',
        rootId: 'r-1',
        managementAccount: '999999999999',
        accounts: [{ id: '111111111111', parent: 'r-1' }],
        policies: [
          { id: 'p-FullAWSAccess', type: 'SERVICE_CONTROL_POLICY', targets: ['r-1', '111111111111'] },
          {
            id: 'p-1',
            type: 'SERVICE_CONTROL_POLICY',
            content: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }],
            },
            targets: ['r-1'],
          },
        ],
      }),
      'bucket.json': JSON.stringify({
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/private/*' }],
        }),
      }),
    };
    const result = await runTestSuite(
      {
        world: {
          format: 'authorization-details',
          path: ['a.json'],
          organization: 'org.json',
          resourcePolicies: [{ resource: 'arn:aws:s3:::b', path: 'bucket.json' }],
        },
        defaults: { principal: 'arn:aws:iam::111111111111:user/u' },
        tests: [
          { name: 'scp', action: 's3:DeleteBucket', resource: 'arn:aws:s3:::b', expect: 'ExplicitDeny' },
          { name: 'bucket', action: 's3:GetObject', resource: 'arn:aws:s3:::b/private/x', expect: 'ExplicitDeny' },
          { name: 'fine', action: 's3:GetObject', resource: 'arn:aws:s3:::b/public/x', expect: 'Allow' },
        ],
      },
      { loadWorld: (f) => files[f.path] },
    );
    expect(result.errors).toEqual([]);
    expect(result.results.map((r) => [r.name, r.actual.decidedBy, r.passed])).toEqual([
      ['scp', 'scp', true],
      ['bucket', 'resource', true],
      ['fine', 'identity', true],
    ]);
  });
});
