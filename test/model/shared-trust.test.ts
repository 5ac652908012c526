/**
 * Roles whose trust policies read exactly alike share one compiled form (issue #16: compile at
 * scale): the second role's policy is the first's statements re-made under its own name, with
 * every compiled element shared. Sharing is a shortcut only: a policy that differs in one
 * character is compiled on its own, an explanation names the role's own trust policy, and a
 * document with a warning is compiled (and warned about) for each role.
 */
import { describe, expect, it } from 'vitest';
import { createAuthorizer, validateWorld } from '../../src/index.js';
import { PolicyCompiler } from '../../src/model/load.js';
import { PrincipalDirectory } from '../../src/model/principals.js';
import type { World } from '../../src/model/world.js';

const ALICE = 'arn:aws:iam::111111111111:user/alice';
const role = (name: string) => `arn:aws:iam::111111111111:role/${name}`;
const trust = (who: string, extra: Record<string, unknown> = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'T', Effect: 'Allow', Principal: { AWS: who }, Action: 'sts:AssumeRole', ...extra }],
});
const mayAssume = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };

/** Roles a, b (alike, but separate objects) and c (one character apart, same length: another account's user). */
const world = {
  users: { [ALICE]: { policies: [mayAssume] } },
  roles: {
    [role('a')]: { trustPolicy: trust(ALICE) },
    [role('b')]: { trustPolicy: trust(ALICE) },
    [role('c')]: { trustPolicy: trust(ALICE.replace('111111111111', '111111111112')) },
  },
};

function directory(input: unknown): PrincipalDirectory {
  const validated = validateWorld(input);
  if (!validated.ok) throw new Error(JSON.stringify(validated.errors));
  return new PrincipalDirectory(
    validated.world as World,
    new PolicyCompiler(validated.world as World),
    () => undefined,
  );
}

describe('trust policies with the same text', () => {
  it('share their compiled elements, each under its own name', () => {
    const roles = directory(world).roles;
    const [a, b, c] = ['a', 'b', 'c'].map((n) => roles.get(role(n))?.trust);
    expect(b?.id).toBe('role/b:trust');
    expect(b?.statements[0]?.policy).toBe(b);
    expect(b?.statements[0]).not.toBe(a?.statements[0]);
    // Shared: the same compiled Principal and actions.
    expect(b?.statements[0]?.principal).toBe(a?.statements[0]?.principal);
    expect(b?.statements[0]?.actions).toBe(a?.statements[0]?.actions);
    // One character apart: compiled on its own.
    expect(c?.statements[0]?.principal).not.toBe(a?.statements[0]?.principal);
  });

  it('decide by their own text and explain with their own name', () => {
    const authorizer = createAuthorizer(world);
    expect(authorizer.ok).toBe(true);
    const assume = (name: string) =>
      authorizer.authorize({ principal: ALICE, action: 'sts:AssumeRole', resource: role(name) }, { explain: true });
    for (const name of ['a', 'b']) {
      const r = assume(name);
      expect(r.decision).toBe('Allow');
      expect(r.explanation?.summary).toContain(`role/${name}:trust`);
      expect(r.explanation?.matched.map((m) => m.policyId)).toEqual([`role/${name}:trust`, 'user/alice[0]']);
    }
    expect(assume('c').decision).toBe('ImplicitDeny');
  });

  it('warn about each role whose document has a warning', () => {
    const doc = trust(ALICE, { Resource: '*' });
    const authorizer = createAuthorizer({
      users: world.users,
      roles: { [role('a')]: { trustPolicy: doc }, [role('b')]: { trustPolicy: structuredClone(doc) } },
    });
    expect(authorizer.warnings.map((w) => [w.code, w.path])).toEqual([
      ['resource-in-trust-policy', `roles["${role('a')}"].trustPolicy.Statement[0].Resource`],
      ['resource-in-trust-policy', `roles["${role('b')}"].trustPolicy.Statement[0].Resource`],
    ]);
  });

  it('report an invalid document at each role', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] };
    const authorizer = createAuthorizer({
      roles: { [role('a')]: { trustPolicy: doc }, [role('b')]: { trustPolicy: doc } },
    });
    expect(authorizer.ok).toBe(false);
    const paths = authorizer.errors.map((e) => e.path);
    expect(paths.some((p) => p.startsWith(`roles["${role('a')}"]`))).toBe(true);
    expect(paths.some((p) => p.startsWith(`roles["${role('b')}"]`))).toBe(true);
  });
});
