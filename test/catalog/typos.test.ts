/**
 * A negative test that cannot fail is worse than none: every typo of issue 13 must make its Deny
 * test fail — through the test runner, the matchers and `eval --expect deny`/`--check` — while the
 * same test without the typo passes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledCatalog } from '../../src/catalog/bundled.js';
import { runTestSuite } from '../../src/testing/suite.js';
import { iamVerdictMatchers } from '../../src/vitest.js';
import type { AuthorizationRequest } from '../../src/model/authorizer.js';
import { runCli } from '../cli/helpers.js';

const ACCOUNT = '123456789012';
const ANN = `arn:aws:iam::${ACCOUNT}:user/ann`;
const world = {
  accounts: { [ACCOUNT]: {} },
  users: {
    [ANN]: {
      policies: [
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:GetObject', 's3:ListBucket'],
              Resource: ['arn:aws:s3:::acme-orders', 'arn:aws:s3:::acme-orders/*'],
            },
          ],
        },
      ],
    },
  },
  resources: { 'arn:aws:s3:::acme-orders': { account: ACCOUNT } },
};

/** The correct negative test: ann may not delete objects. */
const correct: AuthorizationRequest = {
  principal: ANN,
  action: 's3:DeleteObject',
  resource: 'arn:aws:s3:::acme-orders/a.txt',
};

const typos: readonly { name: string; request: AuthorizationRequest; reason: string }[] = [
  {
    name: 'a misspelt user',
    request: { ...correct, principal: `arn:aws:iam::${ACCOUNT}:user/anne` },
    reason: 'UnknownPrincipal',
  },
  {
    name: 'a wrong account id',
    request: { ...correct, principal: 'arn:aws:iam::123456789013:user/ann' },
    reason: 'UnknownAccount',
  },
  { name: 'a misspelt action', request: { ...correct, action: 's3:DeleteObjet' }, reason: 'UnknownAction' },
  {
    name: 'a misspelt bucket',
    request: { ...correct, resource: 'arn:aws:s3:::acme-order/a.txt' },
    reason: 'UnknownResource',
  },
  {
    name: 'an action on a resource it does not take',
    request: { ...correct, action: 's3:ListBucket' },
    reason: 'ResourceTypeMismatch',
  },
];

const catalog = bundledCatalog();

async function runnerPasses(request: AuthorizationRequest, reason?: string): Promise<boolean> {
  const r = await runTestSuite(
    { world: { inline: world }, tests: [{ ...request, expect: 'Deny', ...(reason ? { reason } : {}) }] },
    { catalog },
  );
  expect(r.errors).toEqual([]);
  return r.ok;
}

function matcherPasses(request: AuthorizationRequest, reason?: string): boolean {
  try {
    return iamVerdictMatchers.toDeny.call({}, world, request, reason ? { reason } : undefined).pass;
  } catch {
    return false;
  }
}

async function evalExit(
  request: AuthorizationRequest,
  flags: readonly string[],
  expectReason?: string,
): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'iam-verdict-typos-'));
  const file = join(dir, 'estate.json');
  writeFileSync(
    file,
    JSON.stringify({
      world,
      requests: [{ name: 'negative', request, expect: 'deny', ...(expectReason ? { expectReason } : {}) }],
    }),
  );
  return (await runCli(['eval', file, ...flags])).code;
}

describe('a Deny test without a typo passes everywhere', () => {
  it('runner, matcher, eval --expect deny and --check', async () => {
    expect(await runnerPasses(correct)).toBe(true);
    expect(matcherPasses(correct)).toBe(true);
    expect(await evalExit(correct, ['--expect', 'deny'])).toBe(0);
    expect(await evalExit(correct, ['--check'])).toBe(0);
  });
});

describe.each(typos)('a Deny test with $name fails', ({ request, reason }) => {
  it('in the test runner, unless it names the reason', async () => {
    expect(await runnerPasses(request)).toBe(false);
    expect(await runnerPasses(request, reason)).toBe(true);
  });

  it('in the toDeny matcher, unless it names the reason', () => {
    expect(matcherPasses(request)).toBe(false);
    expect(matcherPasses(request, reason)).toBe(true);
  });

  it('in eval --expect deny and --check', async () => {
    expect(await evalExit(request, ['--expect', 'deny'])).toBe(1);
    expect(await evalExit(request, ['--check'])).toBe(1);
    expect(await evalExit(request, ['--check'], reason)).toBe(0);
  });
});

describe('eval --time', () => {
  it('is a usage error when it does not parse', async () => {
    const r = await runCli([
      'eval',
      'examples/estate.world.json',
      '--principal',
      ANN,
      '--action',
      's3:GetObject',
      '--resource',
      '*',
      '--time',
      'yesterday',
      '--expect',
      'deny',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--time takes an ISO 8601 date-time/);
  });
});

describe('refusals explain themselves', () => {
  it('with a did-you-mean and the catalog date', async () => {
    const r = await runTestSuite(
      { world: { inline: world }, tests: [{ ...correct, action: 's3:DeleteObjet', expect: 'Deny' }] },
      { catalog },
    );
    expect(r.results[0]?.refusal).toMatch(
      /has no action s3:DeleteObjet \(did you mean "s3:DeleteObject"\?\) \(service catalog of \d{4}-\d{2}-\d{2}\)/,
    );
  });
});
