/** Size quotas follow the attachment (inline user 2,048, group 5,120, role 10,240, customer managed 6,144, AWS managed none). */
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../src/model/authorizer.js';
import { parsePolicy } from '../../src/policy/parse.js';
import { runCli } from '../cli/helpers.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A policy of about `size` non-whitespace characters. */
function policyOf(size: number) {
  const one = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket-000000/*' };
  const per = JSON.stringify(one).length + 1;
  const n = Math.floor((size - 40) / per);
  return {
    Version: '2012-10-17',
    Statement: Array.from({ length: n }, (_, i) => ({
      ...one,
      Resource: `arn:aws:s3:::bucket-${String(i).padStart(6, '0')}/*`,
    })),
  };
}

const ACCOUNT = '111122223333';
const trustPolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
const sizeErrors = (world: object) =>
  createAuthorizer(world)
    .errors.filter((e) => e.code === 'policy-too-large')
    .map((e) => /^[A-Za-z]+/.exec(e.path)?.[0]);

describe('size quotas by attachment', () => {
  const p3k = policyOf(3000);
  const p9k = policyOf(8800);

  it('parsePolicy applies the attachment quota', () => {
    expect(parsePolicy(p3k, { type: 'identity', attachment: 'inline-user' }).ok).toBe(false);
    expect(parsePolicy(p3k, { type: 'identity', attachment: 'inline-group' }).ok).toBe(true);
    expect(parsePolicy(p9k, { type: 'identity', attachment: 'inline-role' }).ok).toBe(true);
    expect(parsePolicy(p9k, { type: 'identity', attachment: 'customer-managed' }).ok).toBe(false);
    expect(parsePolicy(p9k, { type: 'identity', attachment: 'aws-managed' }).ok).toBe(true);
    expect(parsePolicy(p3k, { type: 'identity', attachment: 'inline-group', maxSize: 1000 }).ok).toBe(false);
  });

  it('a world accepts an 8.8k inline role policy and rejects a 3k inline user policy', () => {
    expect(sizeErrors({ roles: { [`arn:aws:iam::${ACCOUNT}:role/r`]: { trustPolicy, policies: [p9k] } } })).toEqual([]);
    expect(sizeErrors({ users: { [`arn:aws:iam::${ACCOUNT}:user/u`]: { policies: [p3k] } } })).toEqual(['users']);
    expect(sizeErrors({ groups: { [`arn:aws:iam::${ACCOUNT}:group/g`]: { policies: [p3k] } } })).toEqual([]);
    expect(
      sizeErrors({
        managedPolicies: { [`arn:aws:iam::${ACCOUNT}:policy/big`]: p9k },
        users: { [`arn:aws:iam::${ACCOUNT}:user/u`]: { policies: [`arn:aws:iam::${ACCOUNT}:policy/big`] } },
      }),
    ).toEqual(['managedPolicies']);
  });

  it('validate --policy-type and --max-size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iam-verdict-sizes-'));
    const file = join(dir, 'p.json');
    writeFileSync(file, JSON.stringify(p9k));
    expect((await runCli(['validate', file, '--quiet'])).code).toBe(1);
    expect((await runCli(['validate', file, '--quiet', '--policy-type', 'inline-role'])).code).toBe(0);
    expect((await runCli(['validate', file, '--quiet', '--policy-type', 'aws-managed'])).code).toBe(0);
    expect(
      (await runCli(['validate', file, '--quiet', '--policy-type', 'inline-role', '--max-size', '5000'])).code,
    ).toBe(1);
    expect((await runCli(['validate', file, '--policy-type', 'inline-robe'])).code).toBe(2);
  });
});
