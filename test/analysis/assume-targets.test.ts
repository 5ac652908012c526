import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../src/index.js';
import { createAnalysis } from '../../src/analysis/index.js';
import { doc, edgeTexts, toSt, twoAccounts } from './worlds.js';

// sts:AssumeRole targets are decided once per group of roles that every statement treats alike:
// same account, same trust policy text, same matching statements, same tags when a statement reads
// them (see `targetGroup` in analysis.ts). Over random worlds whose roles share a few trust
// policies (open to the account, naming the source, with MFA, ExternalId, tag and principal-tag
// conditions), with grants on patterns, on named roles and on `*`, tag conditions and an SCP, the
// hops of a source (a user, or a role that may be its own target) equal the hops of deciding every
// target, with the same proofs.

const A = '111111111111';
const B = '222222222222';
const roleArn = (i: number) => `arn:aws:iam::${i % 3 === 2 ? B : A}:role/app/r${i}`;
const ROLES = [0, 1, 2, 3, 4, 5].map(roleArn);
const USER = `arn:aws:iam::${A}:user/source`;

const trustOf = (kind: number, source: string) => {
  const st = (principal: object, condition?: object) => ({
    Effect: 'Allow',
    Principal: principal,
    Action: 'sts:AssumeRole',
    ...(condition ? { Condition: condition } : {}),
  });
  switch (kind) {
    case 0:
      return doc(st({ AWS: `arn:aws:iam::${A}:root` }));
    case 1:
      return doc(st({ AWS: `arn:aws:iam::${A}:root` }, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }));
    case 2:
      return doc(st({ AWS: source }, { StringEquals: { 'sts:ExternalId': 'x-1' } }));
    case 3:
      return doc(st({ AWS: `arn:aws:iam::${A}:root` }, { StringEquals: { 'aws:PrincipalTag/team': 'red' } }));
    case 4:
      return doc(st({ AWS: source }), {
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:ResourceTag/locked': 'yes' } },
      });
    default:
      return doc(st({ AWS: `arn:aws:iam::${B}:root` }));
  }
};

const BYSTANDER = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });

const grant = fc.record({
  effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny'),
  action: fc.constantFrom('sts:AssumeRole', 'sts:*', '*'),
  resource: fc.constantFrom('*', `arn:aws:iam::*:role/app/*`, `arn:aws:iam::${A}:role/app/r*`, ...ROLES),
  condition: fc.constantFrom(
    undefined,
    undefined,
    { StringEquals: { 'aws:ResourceTag/team': 'red' } },
    { StringNotEquals: { 'aws:ResourceTag/locked': 'yes' } },
    { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  ),
});
const randomWorld = fc.record({
  roles: fc.array(
    fc.record({
      trust: fc.integer({ min: 0, max: 5 }),
      tags: fc.constantFrom<Record<string, string> | undefined>(
        undefined,
        { team: 'red' },
        { team: 'blue' },
        { locked: 'yes' },
      ),
    }),
    { minLength: 6, maxLength: 6 },
  ),
  grants: fc.array(grant, { minLength: 1, maxLength: 3 }),
  sourceTags: fc.constantFrom(undefined, { team: 'red' }),
  /** The source: the user, or role r0 (then r0 is also a target of its own grants). */
  sourceIsRole: fc.boolean(),
  scp: fc.constantFrom('none', 'deny-r1', 'deny-locked'),
});

type RandomWorld = typeof randomWorld extends fc.Arbitrary<infer T> ? T : never;

function worldOf(w: RandomWorld) {
  const source = w.sourceIsRole ? roleArn(0) : USER;
  const guard =
    w.scp === 'none'
      ? undefined
      : {
          Effect: 'Deny',
          Action: 'sts:AssumeRole',
          Resource: w.scp === 'deny-r1' ? roleArn(1) : '*',
          ...(w.scp === 'deny-locked' ? { Condition: { StringEquals: { 'aws:ResourceTag/locked': 'yes' } } } : {}),
        };
  const grants = doc(...w.grants.map(toSt));
  return {
    source,
    world: {
      ...twoAccounts(guard),
      users: { [USER]: { policies: w.sourceIsRole ? [] : [grants], ...(w.sourceTags ? { tags: w.sourceTags } : {}) } },
      roles: Object.fromEntries(
        w.roles.map((r, i) => [
          roleArn(i),
          {
            trustPolicy: trustOf(r.trust, source),
            // A statement that does not name sts:AssumeRole (a world whose every statement names it is never grouped).
            policies: i === 0 && w.sourceIsRole ? [grants] : i === 5 ? [BYSTANDER] : [],
            ...(r.tags || (i === 0 && w.sourceTags) ? { tags: { ...r.tags, ...(i === 0 ? w.sourceTags : {}) } } : {}),
          },
        ]),
      ),
    },
  };
}

describe('sts:AssumeRole targets answered alike', () => {
  it('equal deciding every target, with the same proofs', () => {
    let assumed = 0;
    let conditional = 0;
    fc.assert(
      fc.property(randomWorld, (w) => {
        const { source, world } = worldOf(w);
        const authorizer = createAuthorizer(world);
        expect(authorizer.ok).toBe(true);
        const fast = createAnalysis(authorizer).edgesFrom(source);
        const every = createAnalysis(authorizer, { groupPrincipals: false }).edgesFrom(source);
        expect(edgeTexts(fast)).toEqual(edgeTexts(every));
        for (const e of fast.filter((x) => x.via === 'assume-role')) {
          for (const p of e.proofs) expect(p.decision.decision).toBe('Allow');
          assumed++;
          if (e.conditions !== 'true') conditional++;
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 40) > 40 ? 300 : 100 },
    );
    // The generator does produce AssumeRole hops, some conditional (the property is not vacuous).
    expect(assumed).toBeGreaterThan(30);
    expect(conditional).toBeGreaterThan(5);
  });
});
