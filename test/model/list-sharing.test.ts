/**
 * Principals that hold the same policies in the same parts (same groups, same attachments, in the
 * same order) share one compiled list, and its index (issue #16); any other principal gets a list
 * of its own. The law is that of a key written out in full, part by part (a policy by its number,
 * a list made by the compiler by its own), so a list is shared exactly when such keys are equal.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateWorld } from '../../src/index.js';
import { PolicyCompiler } from '../../src/model/load.js';
import { PrincipalDirectory } from '../../src/model/principals.js';
import type { CompiledPolicy } from '../../src/evaluate/compile.js';
import type { PolicyList } from '../../src/evaluate/layer.js';
import type { World } from '../../src/model/world.js';

const EMPTY_WORLD = { managedPolicies: {} } as unknown as World;
const allow = (action: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
});

const ACCOUNT = 'arn:aws:iam::111111111111';
const M = (n: number) => `${ACCOUNT}:policy/m${n}`;
const G = (n: number) => `${ACCOUNT}:group/g${n}`;
const user = (n: string) => `${ACCOUNT}:user/${n}`;
const role = (n: string) => `${ACCOUNT}:role/${n}`;
const trust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

const world = {
  managedPolicies: { [M(1)]: allow('s3:GetObject'), [M(2)]: allow('sqs:SendMessage'), [M(3)]: allow('kms:Decrypt') },
  groups: {
    [G(1)]: { policies: [M(1)] },
    [G(2)]: { policies: [M(2)] },
    [G(3)]: { policies: [M(1), M(2)] },
  },
  users: {
    [user('u1')]: { groups: [G(1), G(2)] },
    [user('u2')]: { groups: [G(1), G(2)] },
    [user('u3')]: { groups: [G(2), G(1)] },
    [user('u4')]: { groups: [G(1), G(2)], policies: [M(3)] },
    [user('u5')]: { groups: [G(1), G(2)], policies: [M(3)] },
    [user('u6')]: { groups: [G(1), G(2)], policies: [M(3), M(1)] },
    [user('u7')]: { groups: [G(1), G(2)], policies: [M(1), M(3)] },
    [user('u8')]: { groups: [G(3)] },
    [user('u9')]: {},
    [user('u10')]: {},
  },
  roles: {
    // [m1], [m2, m1] and [m1, m2] (the same policies in another order), and [m1] again.
    [role('r1')]: { trustPolicy: trust, policies: [M(1)] },
    [role('r2')]: { trustPolicy: trust, policies: [M(2), M(1)] },
    [role('r3')]: { trustPolicy: trust, policies: [M(1)] },
    [role('r4')]: { trustPolicy: trust, policies: [M(1), M(2)] },
    [role('r5')]: { trustPolicy: trust, policies: [M(1), M(2)] },
    [role('r6')]: { trustPolicy: trust, policies: [M(1), M(2), M(3)] },
    [role('r7')]: { trustPolicy: trust, policies: [M(2), M(1)] },
  },
};

function directory(input: unknown): PrincipalDirectory {
  const validated = validateWorld(input);
  if (!validated.ok) throw new Error(JSON.stringify(validated.errors));
  const w = validated.world as World;
  return new PrincipalDirectory(w, new PolicyCompiler(w), () => undefined);
}

describe('shared policy lists', () => {
  it('principals with the same groups and attachments share one list; others do not', () => {
    const d = directory(world);
    const u = (n: string) => d.users.get(user(n))?.identity as PolicyList;
    const r = (n: string) => d.roles.get(role(n))?.identity as PolicyList;
    expect(u('u2')).toBe(u('u1'));
    expect(u('u5')).toBe(u('u4'));
    expect(u('u10')).toBe(u('u9'));
    expect(r('r3')).toBe(r('r1'));
    expect(r('r5')).toBe(r('r4'));
    expect(r('r7')).toBe(r('r2'));
    // The same policies in the same order: a group's list (m1, m2) is a role's attachments (m1, m2).
    expect(u('u8')).toBe(r('r4'));
    const distinct = [u('u1'), u('u3'), u('u4'), u('u6'), u('u7'), u('u9'), r('r1'), r('r2'), r('r4'), r('r6')];
    expect(new Set(distinct).size).toBe(distinct.length);
    // Each holds its policies in order.
    expect(u('u6').map((p) => p.id)).toEqual([M(3), M(1), M(1), M(2)]);
    expect(r('r2').map((p) => p.id)).toEqual([M(2), M(1)]);
    expect(r('r1').map((p) => p.id)).toEqual([M(1)]);
  });

  it('a list is shared exactly when its key written out in full is equal', () => {
    // A part: some of the policies (by position), or a list returned before (by position).
    const part = fc.oneof(
      fc.record({ policies: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }) }),
      fc.record({ list: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(part, { maxLength: 4 }), { minLength: 1, maxLength: 30 }), (calls) => {
        const compiler = new PolicyCompiler(EMPTY_WORLD);
        const actions = ['s3:GetObject', 'sqs:SendMessage', 'kms:Decrypt', 'ec2:RunInstances'];
        const policies = actions.map(
          (a, i) => compiler.document(allow(a), 'identity', `p${i}`, 'users') as CompiledPolicy,
        );
        // The model: lists by their key written out in full.
        const made: PolicyList[] = [];
        const ids = new Map<PolicyList, number>();
        const byKey = new Map<string, PolicyList>();
        for (const call of calls) {
          const parts = call.map((p) =>
            'policies' in p || made.length === 0
              ? ('policies' in p ? p.policies : []).map((i) => policies[i] as CompiledPolicy)
              : (made[p.list % made.length] as PolicyList),
          );
          const list = compiler.listOf(parts);
          expect([...list]).toEqual(parts.flat());
          if (parts.length === 1 && ids.has(parts[0] as PolicyList)) {
            expect(list).toBe(parts[0]);
            continue;
          }
          const key = parts
            .map((p) => {
              const id = ids.get(p as PolicyList);
              return id !== undefined ? `l${id},` : p.map((x) => `${policies.indexOf(x)},`).join('');
            })
            .join('');
          const before = byKey.get(key);
          if (before) expect(list).toBe(before);
          else {
            expect(ids.has(list)).toBe(false);
            byKey.set(key, list);
            ids.set(list, ids.size);
            made.push(list);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  // A list with a policy listed for the first time is not keyed by its text: a later equal list
  // finds it as the one its policies were last first listed in.
  it('a list is found again whichever of its policies were listed before it', () => {
    const compiler = new PolicyCompiler(EMPTY_WORLD);
    const p = ['s3:GetObject', 'sqs:SendMessage', 'kms:Decrypt', 'ec2:RunInstances', 'sns:Publish', 'iam:GetRole'].map(
      (a, i) => compiler.document(allow(a), 'identity', `p${i}`, 'users') as CompiledPolicy,
    ) as [CompiledPolicy, CompiledPolicy, CompiledPolicy, CompiledPolicy, CompiledPolicy, CompiledPolicy];
    const x = compiler.listOf([[p[0]]]);
    // p1 first listed here, p0 before (in x).
    const o = compiler.listOf([[p[0]], [p[1]]]);
    expect(compiler.listOf([[p[0]], [p[1]]])).toBe(o);
    // The same policies in one part: the same key (a policy by its number), the same list.
    expect(compiler.list([p[0], p[1]])).toBe(o);
    // p2 first listed in a list whose other policies were first listed in x and o.
    const q = compiler.listOf([[p[1]], [p[2]], [p[0]]]);
    expect(compiler.listOf([[p[1]], [p[2]], [p[0]]])).toBe(q);
    expect(compiler.listOf([[p[1]], [p[0]]])).not.toBe(q);
    // With a list made here as a part: a group's list, then its members' lists.
    const g = compiler.list([p[3], p[4]]);
    const u = compiler.listOf([[p[5]], g]);
    const v = compiler.listOf([[p[0]], g]);
    expect(compiler.listOf([[p[5]], g])).toBe(u);
    expect(compiler.listOf([[p[0]], g])).toBe(v);
    expect(compiler.listOf([[p[5]], [p[3], p[4]]])).not.toBe(u);
    expect(compiler.listOf([[p[0]]])).toBe(x);
    expect(new Set([x, o, q, g, u, v]).size).toBe(6);
    expect(u.map((c) => c.id)).toEqual(['p5', 'p3', 'p4']);
  });

  // A policy's and a list's number is a field on it (no map by identity): the compiler reads it as
  // its own only where its table holds that very object at that number.
  it("a number another compiler gave a policy or a list is not this compiler's", () => {
    const docs = ['s3:GetObject', 'sqs:SendMessage', 'kms:Decrypt'].map(allow);
    const compile = (c: PolicyCompiler, name: string, i: number) =>
      c.document(docs[i], 'identity', `${name}${i}`, 'users') as CompiledPolicy;
    // The very policies, in order (equal documents compile to equal-looking policies).
    const holds = (list: readonly CompiledPolicy[], policies: readonly CompiledPolicy[]) =>
      list.length === policies.length && list.every((p, i) => p === policies[i]);
    const a = new PolicyCompiler(EMPTY_WORLD);
    const b = new PolicyCompiler(EMPTY_WORLD);
    const [a0, a1] = [compile(a, 'a', 0), compile(a, 'a', 1)] as const;
    const [b0, b1, b2] = [compile(b, 'b', 0), compile(b, 'b', 1), compile(b, 'b', 2)] as const;
    const aBoth = (a.list([a0]), a.list([a1]), a.listOf([[a0], [a1]]));
    const bOne = (b.list([b0]), b.list([b1]));
    const bBoth = b.listOf([[b0], [b1]]);
    const bThree = b.listOf([[b2], bBoth]);
    // a1 and b1 carry the same number (1), aBoth and bBoth too (2), each from its own compiler.
    expect(holds(b.list([a1]), [a1])).toBe(true);
    expect(holds(b.listOf([[b2], aBoth]), [b2, a0, a1])).toBe(true);
    expect(holds(b.listOf([aBoth, [b0]]), [a0, a1, b0])).toBe(true);
    // b's own lists are still found by their numbers.
    expect(b.list([b1])).toBe(bOne);
    expect(b.listOf([bBoth])).toBe(bBoth);
    expect(b.listOf([[b2], bBoth])).toBe(bThree);
    expect(holds(bThree, [b2, b0, b1])).toBe(true);
  });

  it('a number planted on Object.prototype makes no plain array a list', () => {
    const proto = Object.prototype as Record<string, unknown>;
    const compiler = new PolicyCompiler(EMPTY_WORLD);
    const [p0, p1] = ['s3:GetObject', 'sqs:SendMessage'].map(
      (a, i) => compiler.document(allow(a), 'identity', `p${i}`, 'users') as CompiledPolicy,
    ) as [CompiledPolicy, CompiledPolicy];
    const first = compiler.list([p0]);
    proto.serial = 0;
    try {
      const plain = [p1];
      const list = compiler.listOf([plain]);
      expect(list).not.toBe(plain);
      expect([...list]).toEqual([p1]);
      expect(list).not.toBe(first);
      expect([...compiler.listOf([[p1], [p0]])]).toEqual([p1, p0]);
    } finally {
      delete proto.serial;
    }
  });
});
