import { describe, expect, it } from 'vitest';
import { validateWorld } from '../../src/index.js';

describe('validateWorld: unknown members', () => {
  it('warns about a misspelt member instead of silently ignoring it', () => {
    const r = validateWorld({
      users: { 'arn:aws:iam::111111111111:user/alice': { polices: [], Policies: [] } },
      organisation: {},
    });
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => [w.code, w.path])).toEqual([
      ['unknown-member', 'organisation'],
      ['unknown-member', 'users["arn:aws:iam::111111111111:user/alice"].polices'],
      ['unknown-member', 'users["arn:aws:iam::111111111111:user/alice"].Policies'],
    ]);
    expect(r.warnings[2]?.message).toContain('did you mean "policies"');
  });

  it('has no warnings for a world that uses only known members', () => {
    const r = validateWorld({ accounts: { '111111111111': {} }, users: { 'arn:aws:iam::111111111111:user/a': { policies: [] } } });
    expect(r.warnings).toEqual([]);
  });
});
