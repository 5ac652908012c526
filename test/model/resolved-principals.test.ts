/**
 * The principals a world defines are resolved once, at compile time, without reading their ARNs
 * again (issue #16: compile time at scale): each user and role must resolve exactly as its ARN does
 * through the reader of request principals (`build`), the one path for any other principal text.
 */
import { describe, expect, it } from 'vitest';
import { validateWorld } from '../../src/index.js';
import { PolicyCompiler } from '../../src/model/load.js';
import { PrincipalDirectory, type ResolvedPrincipal } from '../../src/model/principals.js';
import type { World } from '../../src/model/world.js';

const A = '111111111111';
const B = '222222222222';
const allow = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
const trust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }],
};
// More users and roles than the directory packs its key maps after (32), in two accounts and two
// partitions, with tags, boundaries, groups, paths and service-linked roles; and sessions.
const world = {
  accounts: { [A]: {}, [B]: {} },
  groups: { [`arn:aws:iam::${A}:group/g`]: { policies: [allow] } },
  users: Object.fromEntries(
    Array.from({ length: 40 }, (_, i) => [
      i % 7 === 3 ? `arn:aws-cn:iam::${B}:user/path/u${i}` : `arn:aws:iam::${i % 2 ? A : B}:user/u${i}`,
      {
        policies: i % 3 ? [allow] : [],
        groups: i % 5 === 0 && i % 7 !== 3 ? [`arn:aws:iam::${A}:group/g`] : [],
        tags: i % 4 ? { team: `t${i % 3}` } : {},
        ...(i % 6 === 1 ? { permissionsBoundary: allow } : {}),
      },
    ]),
  ),
  roles: Object.fromEntries(
    Array.from({ length: 40 }, (_, i) => [
      i % 9 === 4
        ? `arn:aws:iam::${A}:role/aws-service-role/svc${i}`
        : `arn:${i % 7 === 3 ? 'aws-cn' : 'aws'}:iam::${i % 2 ? A : B}:role/app/r${i}`,
      {
        trustPolicy: trust,
        policies: i % 3 ? [allow] : [],
        tags: i % 4 ? { team: `t${i % 3}` } : {},
        ...(i % 6 === 1 ? { permissionsBoundary: allow } : {}),
      },
    ]),
  ),
  sessions: {
    [`arn:aws:sts::${B}:assumed-role/r0/s`]: {
      type: 'AssumedRole',
      roleArn: `arn:aws:iam::${B}:role/app/r0`,
      issuedAt: '2025-06-01T11:00:00Z',
      expiresAt: '2025-06-01T13:00:00Z',
    },
  },
};

/** What a decision reads of a resolved principal, keys as plain entries. */
function seen(p: ResolvedPrincipal | string) {
  if (typeof p === 'string') return p;
  const { keys, ...rest } = p;
  return { ...rest, keys: Object.fromEntries(keys.entries()) };
}

describe('principals resolved at compile time', () => {
  it('every user and role resolves as its ARN does through the reader of request principals', () => {
    const validated = validateWorld(world);
    if (!validated.ok) throw new Error(JSON.stringify(validated.errors));
    const w = validated.world as World;
    const d = new PrincipalDirectory(w, new PolicyCompiler(w), () => undefined);
    const build = (text: string) => (d as unknown as { build(t: string): ResolvedPrincipal | string }).build(text);
    const arns = [...d.users.keys(), ...d.roles.keys()];
    expect(arns).toHaveLength(80);
    for (const arn of arns) {
      const p = d.resolve(arn);
      expect(typeof p).toBe('object');
      // Resolved once: the same object every time, and what a fresh read of the ARN gives.
      expect(d.resolve(arn)).toBe(p);
      expect(seen(p)).toEqual(seen(build(arn)));
    }
    // A role ARN is a session of the role named `iam-verdict` (issue #5), in the role's partition.
    const cn = d.resolve(`arn:aws-cn:iam::${A}:role/app/r3`) as ResolvedPrincipal;
    expect(cn.principal.arn).toBe(`arn:aws-cn:sts::${A}:assumed-role/r3/iam-verdict`);
    expect(cn.principal.partition).toBe('aws-cn');
    // The session the world defines is its own principal.
    const s = d.resolve(`arn:aws:sts::${B}:assumed-role/r0/s`) as ResolvedPrincipal;
    expect(s.issuedAt).toBe(Date.parse('2025-06-01T11:00:00Z'));
  });

  it('a user or role is resolved on its first request and kept; nothing else the world does not define is', () => {
    const validated = validateWorld(world);
    if (!validated.ok) throw new Error(JSON.stringify(validated.errors));
    const w = validated.world as World;
    const d = new PrincipalDirectory(w, new PolicyCompiler(w), () => undefined);
    const resolved = (d as unknown as { resolved: Map<string, ResolvedPrincipal> }).resolved;
    // At compile time: the world's session only.
    expect([...resolved.keys()]).toEqual([`arn:aws:sts::${B}:assumed-role/r0/s`]);
    const user = `arn:aws:iam::${A}:user/u1`;
    const role = `arn:aws:iam::${B}:role/app/r0`;
    const p = d.resolve(user) as ResolvedPrincipal;
    const r = d.resolve(role) as ResolvedPrincipal;
    expect([p.user?.arn, r.role?.arn]).toEqual([user, role]);
    expect(d.resolve(user)).toBe(p);
    expect(d.resolve(role)).toBe(r);
    // Their keys packed with the world's tables, as at compile time (a world of 80 principals).
    for (const q of [p, r]) expect((q.keys as unknown as { map: unknown }).map).toBeUndefined();
    expect(resolved.size).toBe(3);
    // Texts the world does not define: built per call, never kept.
    const others = [
      `arn:aws:iam::${A}:user/nobody`,
      `arn:aws:iam::${A}:user/U1`,
      `arn:aws:sts::${B}:assumed-role/r0/other`,
      `arn:aws:iam::${B}:role/r0`,
      `arn:aws:iam::${A}:role/app/r0`,
    ];
    for (const text of others) {
      const q = d.resolve(text);
      if (typeof q !== 'string') expect(d.resolve(text)).not.toBe(q);
    }
    expect(resolved.size).toBe(3);
  });
});
