/**
 * The caps on a world's shape (issue #11) scale with one option (issue #16): `limits.maxArrayLength`
 * bounds the members of any one array or object of the world, and the world may hold
 * `WORLD_VALUES_PER_MEMBER` values per allowed member. Both paths (the one-pass reader and the
 * schema) apply the same caps.
 */
import { describe, expect, it } from 'vitest';
import { createAuthorizer, validateWorld, type WorldInput } from '../../src/index.js';
import { readWorldFast } from '../../src/model/world-fast.js';
import { resolveLimits, worldValueCap, WORLD_VALUES_PER_MEMBER, DEFAULT_LIMITS } from '../../src/policy/limits.js';

const A = '111111111111';
const TIME = '2025-06-01T12:00:00Z';
const allow = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };

/** `n` users, each with an inline policy; the last one is asked about. */
function users(n: number): WorldInput {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) out[`arn:aws:iam::${A}:user/u${i}`] = { policies: [allow] };
  return { users: out } as WorldInput;
}
const request = (n: number) => ({
  principal: `arn:aws:iam::${A}:user/u${n - 1}`,
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::b/k',
  time: TIME,
});

describe('world caps (configurable, always finite)', () => {
  it('the default value cap is the one before the option existed', () => {
    expect(worldValueCap()).toBe(5_000_000);
    expect(worldValueCap(DEFAULT_LIMITS)).toBe(WORLD_VALUES_PER_MEMBER * DEFAULT_LIMITS.maxArrayLength);
  });

  it('a section with more members than maxArrayLength is refused, on both paths', () => {
    const limits = { maxArrayLength: 10 };
    const world = users(11);
    expect(readWorldFast(world, undefined, resolveLimits(limits))).toBeUndefined();
    const v = validateWorld(world, { limits });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.errors[0]?.message).toMatch(/11 members, more than the 10 allowed/);
    const a = createAuthorizer(world, { limits });
    expect(a.ok).toBe(false);
    expect(a.authorize(request(11)).reason).toBe('InvalidWorld');
  });

  it('raising maxArrayLength lets a larger world in, with the same decisions', () => {
    const world = users(11);
    const small = createAuthorizer(users(10), { limits: { maxArrayLength: 10 } });
    expect(small.ok).toBe(true);
    expect(small.authorize(request(10)).decision).toBe('Allow');
    const raised = createAuthorizer(world, { limits: { maxArrayLength: 11 } });
    expect(raised.ok).toBe(true);
    expect(raised.authorize(request(11)).decision).toBe('Allow');
    expect(raised.authorize({ ...request(11), action: 's3:PutObject' }).decision).toBe('ImplicitDeny');
  });

  it('the value cap scales with maxArrayLength (fast reader and schema alike)', () => {
    const limits = resolveLimits({ maxArrayLength: 6 });
    expect(worldValueCap(limits)).toBe(300);
    const sections = (n: number) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) out[`arn:aws:iam::${A}:user/s${i}`] = { policies: [allow, allow, allow] };
      return out;
    };
    const within = { users: sections(4) };
    expect(readWorldFast(within, undefined, limits)).toBeDefined();
    // No object or array has more than 6 members, but the bucket policies hold 6 × 51 values.
    const policies: Record<string, unknown> = {};
    for (let i = 0; i < 6; i++)
      policies[`b${i}`] = {
        resource: `arn:aws:s3:::b${i}`,
        policy: {
          Version: '2012-10-17',
          Statement: Array.from({ length: 6 }, () => ({
            Effect: 'Allow',
            Principal: { AWS: [A] },
            Action: ['s3:GetObject'],
            Resource: ['*'],
            Condition: { Bool: { 'aws:SecureTransport': ['true'] } },
          })),
        },
      };
    const over = { users: sections(4), resourcePolicies: policies };
    expect(readWorldFast(over, undefined, limits)).toBeUndefined();
    const v = validateWorld(over, { limits: { maxArrayLength: 6 } });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.errors[0]?.message).toMatch(/more than 300 values/);
    // With the default caps the same world is fine.
    expect(validateWorld(over).ok).toBe(true);
  });

  it('a non-positive or non-numeric maxArrayLength leaves the default in force', () => {
    for (const maxArrayLength of [0, -1, Number.NaN, '10' as unknown as number]) {
      expect(resolveLimits({ maxArrayLength }).maxArrayLength).toBe(DEFAULT_LIMITS.maxArrayLength);
    }
  });
});
