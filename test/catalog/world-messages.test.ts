/** World shape errors read like the policy errors, at their JSON path. */
import { describe, expect, it } from 'vitest';
import { validateWorld } from '../../src/model/load.js';

const trustPolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
const errorsOf = (world: unknown) => {
  const r = validateWorld(world);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
};

describe('world shape errors', () => {
  it('an 11-digit account id', () => {
    expect(errorsOf({ accounts: { '11111111111': {} } })).toEqual([
      'accounts["11111111111"]: "11111111111" is not valid here: account ids are 12 digits',
    ]);
  });

  it('a role without trustPolicy', () => {
    expect(errorsOf({ roles: { 'arn:aws:iam::111111111111:role/r': {} } })).toEqual([
      'roles["arn:aws:iam::111111111111:role/r"].trustPolicy: `trustPolicy` is required for a role',
    ]);
  });

  it('groups that are not a list', () => {
    expect(
      errorsOf({ users: { 'arn:aws:iam::111111111111:user/u': { groups: 'arn:aws:iam::111111111111:group/g' } } }),
    ).toEqual(['users["arn:aws:iam::111111111111:user/u"].groups: `groups` is a list of group ARNs']);
  });

  it('a misspelt member next to a shape error: both are reported', () => {
    const errors = errorsOf({
      roles: { 'arn:aws:iam::111111111111:role/r': { trustPolicy, polices: [] } },
      accounts: { x: {} },
    });
    expect(errors.some((e) => e.includes('did you mean "policies"'))).toBe(true);
    expect(errors.some((e) => e.includes('account ids are 12 digits'))).toBe(true);
  });
});
