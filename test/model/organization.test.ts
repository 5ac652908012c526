/**
 * The organization's compiled facts (spec §4.8, §4.9, §0.3): the SCP and RCP levels of each member
 * account, root → OUs → account, and the paths of the issues its documents have.
 */
import type { AccountMemo } from '../../src/model/account-memo.js';
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../src/index.js';
import { PolicyCompiler, readWorld } from '../../src/model/load.js';
import { compileOrganization } from '../../src/model/organization.js';
import type { PolicyLevel } from '../../src/evaluate/decide.js';
import type { PolicyList } from '../../src/evaluate/layer.js';

const A = '111111111111';
const B = '222222222222';
const M = '999999999999';
const allow = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const deny = (action: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Principal: '*', Action: action, Resource: '*' }],
});
const broken = { Version: '2012-10-17', Statement: [{ Effect: 'Permit', Action: '*', Resource: '*' }] };
const brokenRcp = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Permit', Principal: '*', Action: 's3:*', Resource: '*' }],
};

function compiled(world: object) {
  const read = readWorld(world, {});
  if (!read.ok) throw new Error(JSON.stringify(read.errors));
  const compiler = new PolicyCompiler(read.world);
  return { org: compileOrganization(read.world, compiler), errors: compiler.errors };
}

const levels = (list: readonly { target: string; policies: readonly unknown[] }[] | undefined) =>
  list?.map((l) => [l.target, l.policies.length]);

describe('compileOrganization', () => {
  const accounts = {
    [A]: { org: 'o-1', parents: ['r-1', 'ou-a'] },
    [B]: { org: 'o-1', parents: [] },
    [M]: { org: 'o-1', parents: ['r-1'] },
  };

  it('gives each member account its levels, root → OUs → account; FullAWSAccess where no SCP is listed', () => {
    const { org, errors } = compiled({
      accounts,
      organization: { id: 'o-1', rootId: 'r-1', managementAccount: M, scps: { 'r-1': [allow, allow] } },
    });
    expect(errors).toEqual([]);
    expect(levels(org.scpLevels.get(A))).toEqual([
      ['r-1', 2],
      ['ou-a', 1],
      [A, 1],
    ]);
    // An account without parents sits under the root.
    expect(levels(org.scpLevels.get(B))).toEqual([
      ['r-1', 2],
      [B, 1],
    ]);
    expect(org.scpLevels.get(M)).toBeUndefined();
    expect(org.accounts.get(A)).toEqual({ orgId: 'o-1', path: 'o-1/r-1/ou-a/' });
    expect(org.accounts.get(M)).toEqual({ orgId: 'o-1', path: 'o-1/r-1/' });
    // No RCPs: every level holds none, all of them one list.
    expect(levels(org.rcpLevels.get(A))).toEqual([
      ['r-1', 0],
      ['ou-a', 0],
      [A, 0],
    ]);
    const rcpLists = [A, B].flatMap((id) => org.rcpLevels.get(id) ?? []).map((l) => l.policies);
    expect(new Set(rcpLists).size).toBe(1);
    // A compiled list as any other: an array, frozen, with its index; one for every world (no
    // compiler's number: made by none).
    const none = rcpLists[0] as unknown as { index: unknown; serial: number };
    expect(Array.isArray(none) && Object.isFrozen(none)).toBe(true);
    expect(none.index).toBeDefined();
    expect(none.serial).toBe(-1);
    const other = compiled({
      accounts: { [A]: { parents: ['r-2'] } },
      organization: { id: 'o-2', rootId: 'r-2', managementAccount: M },
    }).org;
    expect(other.rcpLevels.get(A)?.[0]?.policies).toBe(none);
  });

  it('gives each target its own RCPs, and none to a target without', () => {
    const { org, errors } = compiled({
      accounts,
      organization: {
        id: 'o-1',
        rootId: 'r-1',
        managementAccount: M,
        rcps: { 'ou-a': [deny('s3:DeleteBucket'), deny('s3:PutObject')], [B]: [deny('sqs:*')] },
      },
    });
    expect(errors).toEqual([]);
    expect(levels(org.rcpLevels.get(A))).toEqual([
      ['r-1', 0],
      ['ou-a', 2],
      [A, 0],
    ]);
    expect(levels(org.rcpLevels.get(B))).toEqual([
      ['r-1', 0],
      [B, 1],
    ]);
  });

  it("reports an SCP's and an RCP's issues at their paths, those on accounts' paths first", () => {
    const { errors } = compiled({
      accounts,
      organization: {
        id: 'o-1',
        rootId: 'r-1',
        managementAccount: M,
        // `ou-z` is on no account's path: its documents are validated after the others.
        scps: { 'ou-z': [broken], [A]: [allow, { name: 'named', document: broken }] },
        rcps: { 'r-1': [brokenRcp] },
      },
    });
    expect(errors.map((e) => e.path)).toEqual([
      `organization.scps["${A}"][1].document.Statement[0].Effect`,
      'organization.rcps.r-1[0].Statement[0].Effect',
      'organization.scps.ou-z[0].Statement[0].Effect',
    ]);
  });

  it('decides through the levels as before', () => {
    const world = {
      accounts,
      organization: { id: 'o-1', rootId: 'r-1', managementAccount: M, rcps: { 'ou-a': [deny('s3:PutObject')] } },
      users: { [`arn:aws:iam::${A}:user/alice`]: { policies: [allow] } },
    };
    const authorizer = createAuthorizer(world);
    expect(authorizer.errors).toEqual([]);
    const ask = (action: string) =>
      authorizer.authorize(
        {
          principal: `arn:aws:iam::${A}:user/alice`,
          action,
          resource: 'arn:aws:s3:::b/k',
          resourceAccount: A,
          time: '2025-06-01T12:00:00Z',
        },
        { explain: true },
      );
    expect(ask('s3:GetObject').decision).toBe('Allow');
    const denied = ask('s3:PutObject');
    expect(denied.decision).toBe('ExplicitDeny');
    expect(denied.explanation?.layers.filter((l) => l.layer === 'rcp')).toEqual([
      { layer: 'rcp', level: 'r-1', verdict: 'allow', policies: 1 },
      { layer: 'rcp', level: 'ou-a', verdict: 'deny', policies: 2 },
      { layer: 'rcp', level: A, verdict: 'allow', policies: 1 },
    ]);
  });
  it("makes an account's facts on its first lookup, by any string naming it, and keeps them", () => {
    const { org } = compiled({
      accounts: { ...accounts, '333333333333': { org: 'o-other', parents: [] } },
      organization: { id: 'o-1', rootId: 'r-1', managementAccount: M, scps: { 'r-1': [allow] } },
    });
    // The accounts whose facts are kept: the last looked up, and all of them once a second is.
    const kept = () => (org as unknown as { known: AccountMemo<unknown> }).known.ids();
    // Compiling the documents builds no account's facts.
    expect(kept()).toEqual([]);
    // An id made at run time (as one sliced from an ARN), not the world's own key string.
    const a = `arn:aws:iam::${A}:root`.split(':')[4] as string;
    const first = org.scpLevels.get(a);
    expect(levels(first)).toEqual([
      ['r-1', 1],
      ['ou-a', 1],
      [A, 1],
    ]);
    expect(org.scpLevels.get(A)).toBe(first);
    expect(org.accounts.get(a)).toEqual({ orgId: 'o-1', path: 'o-1/r-1/ou-a/' });
    expect(kept()).toEqual([A]);
    // Not a member (another organization's), not in the world: no facts, nothing kept.
    for (const other of ['333333333333', '444444444444']) {
      expect(org.accounts.get(other)).toBeUndefined();
      expect(org.scpLevels.get(other)).toBeUndefined();
    }
    expect(kept()).toEqual([A]);
    // Lookups alternating between accounts find each one's facts as first made, and keep them all.
    const made = new Map([[A, org.scpLevels.get(A)]]);
    for (const id of [B, A, B, M, A, '333333333333', M, B]) {
      const facts = org.scpLevels.get(id);
      if (!made.has(id)) made.set(id, facts);
      expect(facts).toBe(made.get(id));
      expect(org.accounts.get(id)?.path).toBe(
        id === '333333333333' ? undefined : id === A ? 'o-1/r-1/ou-a/' : 'o-1/r-1/',
      );
    }
    expect(levels(made.get(B))).toEqual([
      ['r-1', 1],
      [B, 1],
    ]);
    expect(kept()).toEqual([A, B, M]);
    // The management account of a world that does not list it sits under the root, without levels.
    const { org: unlisted } = compiled({ organization: { id: 'o-1', rootId: 'r-1', managementAccount: M } });
    expect(unlisted.accounts.get(M)).toEqual({ orgId: 'o-1', path: 'o-1/r-1/' });
    expect(unlisted.scpLevels.get(M)).toBeUndefined();
    expect(unlisted.rcpLevels.get(M)).toBeUndefined();
  });
  it("lists a managed SCP's targets in one list, and each target's own documents in a list of its own", () => {
    const P = 'arn:aws:iam::999999999999:policy/Guard';
    const R = 'arn:aws:iam::999999999999:policy/Perimeter';
    const guard = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }] };
    const serial = (level: PolicyLevel | undefined) => (level?.policies as PolicyList | undefined)?.serial;
    const { org, errors } = compiled({
      accounts: { [A]: { org: 'o-1', parents: ['r-1', 'ou-a'] }, [B]: { org: 'o-1', parents: ['r-1', 'ou-b'] } },
      managedPolicies: { [P]: guard, [R]: deny('s3:PutObject') },
      organization: {
        id: 'o-1',
        rootId: 'r-1',
        managementAccount: M,
        scps: { 'r-1': [allow, allow], 'ou-a': [P], 'ou-b': [P], [B]: [allow, P] },
        rcps: { 'ou-a': [deny('s3:PutObject')], 'ou-b': [R] },
      },
    });
    expect(errors).toEqual([]);
    const a = org.scpLevels.get(A) as readonly PolicyLevel[];
    const b = org.scpLevels.get(B) as readonly PolicyLevel[];
    expect(levels(b)).toEqual([
      ['r-1', 2],
      ['ou-b', 1],
      [B, 2],
    ]);
    // The same managed policy at two targets: one list (and index), found by the compiler again.
    expect(a[1]?.policies).toBe(b[1]?.policies);
    expect(serial(a[1])).toBeGreaterThanOrEqual(0);
    expect(serial(b[2])).toBeGreaterThanOrEqual(0);
    // Documents of a target's own (and FullAWSAccess, compiled for this world): no other list can
    // hold them, so their lists are made without the compiler's number.
    expect([serial(a[0]), serial(a[2])]).toEqual([-1, -1]);
    const rcps = org.rcpLevels.get(A) as readonly PolicyLevel[];
    expect(rcps.map((l) => [l.target, l.policies.length, serial(l)])).toEqual([
      ['r-1', 0, -1],
      ['ou-a', 1, -1],
      [A, 0, -1],
    ]);
    expect(serial((org.rcpLevels.get(B) as readonly PolicyLevel[])[1])).toBeGreaterThanOrEqual(0);
    // Decisions read the levels as before.
    const auth = createAuthorizer({
      accounts: { [A]: { org: 'o-1', parents: ['r-1', 'ou-a'] } },
      managedPolicies: { [P]: guard },
      users: { [`arn:aws:iam::${A}:user/u`]: { policies: [allow] } },
      organization: { id: 'o-1', rootId: 'r-1', managementAccount: M, scps: { 'r-1': [allow], 'ou-a': [P, allow] } },
    });
    const request = (action: string) => ({ principal: `arn:aws:iam::${A}:user/u`, action, resource: 'arn:aws:s3:::b' });
    expect(auth.authorize(request('s3:DeleteBucket')).decision).toBe('ExplicitDeny');
    expect(auth.authorize(request('s3:ListBucket')).decision).toBe('Allow');
  });
});
