import { describe, expect, it } from 'vitest';
import { awsManagedPolicies, awsManagedPolicy, awsManagedPolicyArns } from '../../src/managed/aws-managed-policies.js';
import { createAuthorizer } from '../../src/model/authorizer.js';
import { parseTestSuite, runTestSuite } from '../../src/testing/suite.js';
import { runCli } from '../cli/helpers.js';

const ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
const trustPolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

describe('the AWS managed policy catalog (iam-verdict/aws-managed-policies)', () => {
  it('holds every managed policy, in any partition', () => {
    expect(awsManagedPolicyArns().length).toBeGreaterThanOrEqual(1594);
    expect(awsManagedPolicies('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')).toMatchObject({
      Statement: expect.any(Array),
    });
    expect(awsManagedPolicies('arn:aws-cn:iam::aws:policy/ReadOnlyAccess')).toBe(
      awsManagedPolicies('arn:aws:iam::aws:policy/ReadOnlyAccess'),
    );
    expect(awsManagedPolicy('arn:aws:iam::aws:policy/ReadOnlyAccess')?.version).toMatch(/^v\d+$/);
    expect(awsManagedPolicies('arn:aws:iam::aws:policy/NoSuchPolicy')).toBeUndefined();
  });
});

describe('an attached managed policy that nothing defines', () => {
  const world = (extra: object) => ({
    roles: { [ROLE]: { trustPolicy, policies: ['arn:aws:iam::aws:policy/Retired', allowAll], ...extra } },
  });
  const request = { principal: ROLE, action: 's3:ListAllMyBuckets', resource: '*' };

  it('is a warning and grants nothing; the rest stays testable', () => {
    const az = createAuthorizer(world({}));
    expect(az.ok).toBe(true);
    expect(az.warnings.map((w) => w.code)).toContain('unknown-managed-policy');
    expect(az.authorize(request).decision).toBe('Allow');
  });

  it('as a permissions boundary allows nothing', () => {
    const az = createAuthorizer(world({ permissionsBoundary: 'arn:aws:iam::aws:policy/Retired' }));
    expect(az.ok).toBe(true);
    expect(az.authorize(request).decision).toBe('ImplicitDeny');
  });

  it('is an error with strict: true', () => {
    const az = createAuthorizer(world({}), { strict: true });
    expect(az.ok).toBe(false);
    expect(az.errors.map((e) => e.code)).toContain('unknown-managed-policy');
  });
});

describe('test files and managed policies', () => {
  const suite = (managedPolicies?: string) => ({
    ...(managedPolicies ? { managedPolicies } : {}),
    world: { inline: { roles: { [ROLE]: { trustPolicy, policies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] } } } },
    tests: [{ principal: ROLE, action: 'ec2:DescribeInstances', resource: '*', expect: 'Allow' }],
  });

  it('managedPolicies: aws uses the catalog the runner is given; none resolves nothing', async () => {
    expect((await runTestSuite(suite('aws'), { awsManagedPolicies })).ok).toBe(true);
    expect((await runTestSuite(suite('none'), { managedPolicies: awsManagedPolicies })).ok).toBe(false);
    expect((await runTestSuite(suite('aws'))).errors[0]?.code).toBe('no-managed-policies');
  });

  it('iam-verdict test runs a CDK stack that attaches AWS managed policies with no extra flags', async () => {
    const r = await runCli(['test', 'test/catalog/fixtures/cdk-lambda.iam-test.yaml']);
    expect(r.stdout).toMatch(/3 passed, 0 failed/);
    expect(r.code).toBe(0);
    const none = await runCli(['test', 'test/catalog/fixtures/cdk-lambda.iam-test.yaml', '--managed-policies', 'none']);
    expect(none.code).toBe(1);
  });
});

describe('test-file errors', () => {
  it('name the member a typo meant, with line and column', () => {
    const r = parseTestSuite(
      'world:\n  inline: {}\ntests:\n  - action: s3:GetObject\n    resource: "*"\n    expext: Deny\n',
    );
    expect(r.ok).toBe(false);
    const unknown = !r.ok ? r.errors.find((e) => e.code === 'unknown-member') : undefined;
    expect(unknown).toMatchObject({ path: 'tests[0].expext', line: 6 });
    expect(unknown?.message).toMatch(/"expext" is not a member of a test \(did you mean "expect"\?\)/);
  });

  it('name the value a typo meant', () => {
    const r = parseTestSuite(
      'world:\n  inline: {}\ntests:\n  - action: s3:GetObject\n    resource: "*"\n    expect: allow\n',
    );
    const e = !r.ok ? r.errors[0] : undefined;
    expect(e).toMatchObject({ path: 'tests[0].expect', line: 6, column: 13 });
    expect(e?.message).toMatch(/not "allow" \(did you mean "Allow"\?\)/);
  });
});

describe('iam-verdict test --reporter junit', () => {
  it('writes JUnit XML with one testsuite per file and the failures', async () => {
    const r = await runCli(['test', 'examples/iac', '--reporter', 'junit']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="iam-verdict" tests="\d+" failures="0">/,
    );
    expect(r.stdout.match(/<testsuite /g)?.length).toBe(2);
    const bad = await runCli(['test', 'examples/iac', '--reporter', 'tap']);
    expect(bad.code).toBe(2);
  });
});

describe('world loading with the catalog', () => {
  it('lints every policy, as warnings', async () => {
    const { bundledCatalog } = await import('../../src/catalog/bundled.js');
    const world = {
      users: {
        [`arn:aws:iam::${ACCOUNT}:user/u`]: {
          policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjet', Resource: '*' }] }],
        },
      },
    };
    const az = createAuthorizer(world, { catalog: bundledCatalog() });
    expect(az.ok).toBe(true);
    const w = az.warnings.find((x) => x.code === 'unknown-action');
    expect(w?.message).toContain('did you mean "s3:GetObject"');
    expect(createAuthorizer(world).warnings.some((x) => x.code === 'unknown-action')).toBe(false);
  });
});
