/**
 * A kept collector (`spareCollector`, one per authorizer) decides one request after another.
 * Without an explanation a layer that does not apply (no SCPs, no RCPs, no boundary, not a
 * session) is not recorded: its verdict is the one `begin` set for the decision. So `begin` must
 * set every such verdict: a verdict left over from the previous decision (a boundary or session
 * policy that did not allow, an SCP level that did not) must never reach the next one.
 */
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/parse.js';
import { compilePolicy, type CompiledPolicy } from '../../src/evaluate/compile.js';
import { decide, spareCollector, Tracer } from '../../src/evaluate/decide.js';
import { prepareRequest } from '../../src/evaluate/request/index.js';
import type { PolicyLayers } from '../../src/evaluate/policy-layers.js';
import type { RequestPrincipal } from '../../src/evaluate/principal.js';

const A = '111111111111';
const RESOURCE = 'arn:aws:s3:::b/k';

function compiled(
  statements: Record<string, unknown>[],
  id: string,
  type: 'identity' | 'rcp' | 'resource' = 'identity',
): CompiledPolicy {
  const parsed = parsePolicy({ Version: '2012-10-17', Statement: statements }, { type });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return compilePolicy(parsed.policy, id);
}

const ALLOW_ALL = compiled([{ Effect: 'Allow', Action: '*', Resource: '*' }], 'allow-all');
/** Allows another action only: a layer made of it says `no-allow` for `s3:GetObject`. */
const OTHER = compiled([{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }], 'other');

/** An RCP denying every S3 request: the RCP layer says `deny`. */
const RCP_DENY = compiled([{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }], 'rcp-deny', 'rcp');

const user: RequestPrincipal = {
  kind: 'user',
  arn: `arn:aws:iam::${A}:user/alice`,
  account: A,
  partition: 'aws',
  userArn: `arn:aws:iam::${A}:user/alice`,
};
const session: RequestPrincipal = {
  kind: 'role-session',
  arn: `arn:aws:sts::${A}:assumed-role/app/s1`,
  account: A,
  partition: 'aws',
  roleArn: `arn:aws:iam::${A}:role/app`,
};

const request = (p: RequestPrincipal) => prepareRequest(p, 's3:GetObject', RESOURCE, { get: () => undefined });

/** Layers that leave a `no-allow` (RCPs: a `deny`) in the layer named, and otherwise allow. */
const blocking: Record<string, [RequestPrincipal, PolicyLayers]> = {
  boundary: [user, { identity: [ALLOW_ALL], boundary: OTHER }],
  session: [session, { identity: [ALLOW_ALL], session: [OTHER] }],
  scp: [user, { identity: [ALLOW_ALL], scps: [{ target: 'r-root', policies: [OTHER] }] }],
  rcp: [user, { identity: [ALLOW_ALL], rcps: [{ target: 'r-root', policies: [RCP_DENY] }] }],
  // An endpoint policy naming no principal allows nobody.
  endpoint: [user, { identity: [ALLOW_ALL], endpoint: [OTHER] }],
};

/** Layers where the boundary, session, SCPs and RCPs do not apply: the request is allowed. */
const open: PolicyLayers = { identity: [ALLOW_ALL] };

describe('a kept collector between decisions', () => {
  for (const [layer, [p, layers]] of Object.entries(blocking)) {
    it(`forgets a ${layer} verdict that blocked the previous decision`, () => {
      const spare = spareCollector();
      // The blocking decision, on the kept collector (and as the explained path gives it).
      const blocked = decide(layers, request(p), undefined, undefined, spare);
      const expected = layer === 'rcp' ? 'ExplicitDeny' : 'ImplicitDeny';
      expect(blocked).toMatchObject({ decision: expected, decidedBy: layer });
      expect(decide(layers, request(p), undefined, new Tracer()).decision).toBe(expected);
      // The next decision on the same collector: nothing of the first is left in it.
      expect(decide(open, request(user), undefined, undefined, spare)).toMatchObject({
        decision: 'Allow',
        decidedBy: 'identity',
      });
      // A user has no session: `not-applicable` even right after a session's `no-allow`.
      expect(decide({ identity: [ALLOW_ALL] }, request(user), undefined, new Tracer())).toMatchObject({
        decision: 'Allow',
      });
    });
  }

  it('forgets a resource policy that granted the previous request', () => {
    const spare = spareCollector();
    const granting = compiled(
      [{ Effect: 'Allow', Principal: { AWS: user.arn }, Action: 's3:GetObject', Resource: RESOURCE }],
      'bucket',
      'resource',
    );
    const layers: PolicyLayers = { identity: [OTHER], resource: { policy: granting, kind: 'generic' } };
    // Same account: the bucket policy's grant to the user allows without an identity Allow (spec §4.4).
    expect(decide(layers, request(user), undefined, undefined, spare)).toMatchObject({
      decision: 'Allow',
      decidedBy: 'resource',
    });
    expect(decide({ identity: [OTHER] }, request(user), undefined, undefined, spare)).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'identity',
    });
  });

  it('explains the layers it did not record as `begin` set them', () => {
    const d = decide(open, request(user), undefined, new Tracer());
    const layers = d.explanation?.layers.map((l) => [l.layer, l.verdict]);
    expect(layers).toEqual([
      ['rcp', 'absent'],
      ['scp', 'absent'],
      ['endpoint', 'not-applicable'],
      ['resource', 'absent'],
      ['identity', 'allow'],
      ['boundary', 'absent'],
      ['session', 'not-applicable'],
    ]);
  });
});
