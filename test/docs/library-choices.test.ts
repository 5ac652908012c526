/**
 * Each spec §10 library choice that docs/semantics.md ("Library choices") says the library
 * implements, checked against the library's behaviour so that the list stays true.
 */
import { describe, expect, it } from 'vitest';
import {
  assumeRole,
  createAuthorizer,
  evaluate,
  evaluateScenario,
  parsePolicy,
  type EvaluationRequest,
  type PolicySetInput,
  type PolicyType,
} from '../../src/index.js';
import { formatReason } from '../../src/evaluate/reasons.js';

type Doc = Record<string, unknown>;
const P = (...Statement: Doc[]): Doc => ({ Version: '2012-10-17', Statement });
const allowAll = P({ Effect: 'Allow', Action: '*', Resource: '*' });
const alice = 'arn:aws:iam::111111111111:user/alice';

/** The decision of one request over the given identity policies (and other layers). */
function decide(identity: Doc[], request: Partial<EvaluationRequest> = {}, layers: PolicySetInput = {}): string {
  const d = evaluate({
    principal: alice,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    ...request,
    policies: { identity, ...layers },
  });
  return d.reason ? `${d.decision}:${formatReason(d)}` : d.decision;
}

/** The issue codes of a document: errors and warnings. */
function check(doc: unknown, type: PolicyType = 'identity'): { errors: string[]; warnings: string[] } {
  const r = parsePolicy(doc, { type });
  return { errors: r.ok ? [] : r.errors.map((e) => e.code), warnings: r.warnings.map((w) => w.code) };
}

const cond = (Condition: Doc): Doc => P({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition });

describe('spec §10 library choices', () => {
  it('A1: a missing SCP Allow is an ImplicitDeny decided by the SCP layer', () => {
    const d = evaluate({
      principal: alice,
      action: 's3:GetObject',
      resource: '*',
      policies: { identity: [allowAll], scps: [[P({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })]] },
    });
    expect([d.decision, d.decidedBy]).toEqual(['ImplicitDeny', 'scp']);
  });

  it('G2, C1: element and operator names are case-sensitive', () => {
    expect(check(P({ effect: 'Allow', Action: '*', Resource: '*' })).errors.length).toBeGreaterThan(0);
    expect(check(cond({ stringequals: { 'aws:username': 'a' } })).errors).toContain('unknown-operator');
  });

  it('G3: Id in an identity policy is a warning', () => {
    const r = check({ ...allowAll, Id: 'x' });
    expect(r.errors).toEqual([]);
    expect(r.warnings.length).toBeGreaterThan(0);
  });

  it('G4: empty Action, Resource and condition value lists are invalid', () => {
    expect(check(P({ Effect: 'Allow', Action: [], Resource: '*' })).errors.length).toBeGreaterThan(0);
    expect(check(P({ Effect: 'Allow', Action: '*', Resource: [] })).errors.length).toBeGreaterThan(0);
    expect(check(cond({ StringEquals: { 'aws:username': [] } })).errors.length).toBeGreaterThan(0);
  });

  it('M1: a wildcard in the service prefix is a validation error', () => {
    expect(check(P({ Effect: 'Allow', Action: 's*:Get*', Resource: '*' })).errors.length).toBeGreaterThan(0);
  });

  it('M3: resource matching is case-sensitive', () => {
    const p = [P({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::Bucket/*' })];
    expect(decide(p, { resource: 'arn:aws:s3:::bucket/k' })).toBe('ImplicitDeny');
    expect(decide(p, { resource: 'arn:aws:s3:::Bucket/k' })).toBe('Allow');
  });

  it('P3: "Principal": "*" in a trust policy is accepted with a warning', () => {
    const r = check(P({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }), 'trust');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toContain('wildcard-principal-in-trust');
  });

  it('C4: a non-numeric request value makes a Numeric comparison false; a non-numeric policy value is an error', () => {
    expect(decide([cond({ NumericLessThan: { 's3:max-keys': '10' } })], { context: { 's3:max-keys': 'ten' } })).toBe(
      'ImplicitDeny',
    );
    expect(check(cond({ NumericLessThan: { 's3:max-keys': 'ten' } })).errors.length).toBeGreaterThan(0);
  });

  it('C6: Bool values are case-insensitive; other literals are errors', () => {
    expect(
      decide([cond({ Bool: { 'aws:SecureTransport': 'True' } })], { context: { 'aws:SecureTransport': 'true' } }),
    ).toBe('Allow');
    expect(check(cond({ Bool: { 'aws:SecureTransport': 'yes' } })).errors.length).toBeGreaterThan(0);
  });

  it('C7: an IPv6 address without prefix is /128; IPv4-mapped IPv6 does not match IPv4 ranges', () => {
    const v6 = [cond({ IpAddress: { 'aws:SourceIp': '2001:db8::1' } })];
    expect(decide(v6, { context: { 'aws:SourceIp': '2001:db8::1' } })).toBe('Allow');
    expect(decide(v6, { context: { 'aws:SourceIp': '2001:db8::2' } })).toBe('ImplicitDeny');
    expect(
      decide([cond({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })], {
        context: { 'aws:SourceIp': '::ffff:203.0.113.7' },
      }),
    ).toBe('ImplicitDeny');
  });

  it('C9: Null treats an empty string as present and an empty set as absent', () => {
    const isNull = [cond({ Null: { 'aws:TagKeys': 'true' } })];
    expect(decide(isNull, { context: { 'aws:TagKeys': '' } })).toBe('ImplicitDeny');
    expect(decide(isNull, { context: { 'aws:TagKeys': [] } })).toBe('Allow');
  });

  it('C10: ForAnyValue:…IfExists on an absent key is true', () => {
    expect(decide([cond({ 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': 'team' } })])).toBe('Allow');
  });

  it('V1: policy variables are not substituted in Bool values', () => {
    const p = [
      P({
        Effect: 'Allow',
        Action: '*',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': '${aws:SecureTransport}' } },
      }),
    ];
    expect(decide(p, { context: { 'aws:SecureTransport': 'true' } })).toBe('ImplicitDeny');
  });

  it('V3: variables are not substituted in condition key names or Principal; in Action they are invalid', () => {
    const p = [cond({ StringEquals: { 'aws:PrincipalTag/${aws:username}': 'x' } })];
    expect(decide(p, { context: { 'aws:PrincipalTag/alice': 'x' } })).toBe('ImplicitDeny');
    expect(decide(p, { context: { 'aws:PrincipalTag/${aws:username}': 'x' } })).toBe('Allow');
    expect(check(P({ Effect: 'Allow', Action: 's3:${aws:username}', Resource: '*' })).errors.length).toBeGreaterThan(0);
    const byVariable = {
      policy: P({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:user/${aws:username}' },
        Action: 's3:*',
        Resource: '*',
      }),
    };
    expect(decide([], {}, { resource: byVariable })).toBe('ImplicitDeny');
  });

  it('V4: substituted values are literal, even * and ?', () => {
    const p = [P({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:PrincipalTag/dir}/k' })];
    expect(decide(p, { resource: 'arn:aws:s3:::b/zzz/k', context: { 'aws:PrincipalTag/dir': '*' } })).toBe(
      'ImplicitDeny',
    );
    expect(decide(p, { resource: 'arn:aws:s3:::b/*/k', context: { 'aws:PrincipalTag/dir': '*' } })).toBe('Allow');
  });

  it('E3: KMS key policies and trust policies are strict; the strictness is configurable', () => {
    const key = {
      policy: P({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:role/Other' },
        Action: 'kms:*',
        Resource: '*',
      }),
    };
    const req = { action: 'kms:Decrypt', resource: 'arn:aws:kms:eu-west-1:111111111111:key/k' };
    expect(decide([allowAll], req, { resource: { ...key, kind: 'kms-key' } })).toBe('ImplicitDeny');
    expect(decide([allowAll], req, { resource: { ...key, kind: 'generic' } })).toBe('Allow');
    expect(decide([allowAll], req, { resource: { ...key, kind: 'generic', strict: true } })).toBe('ImplicitDeny');
  });

  it('E4: a federated-user session without a session policy has no permissions, unless the option says so', () => {
    const world = {
      users: { [alice]: { policies: [allowAll] } },
      sessions: {
        'arn:aws:sts::111111111111:federated-user/fed': {
          type: 'FederatedUser' as const,
          userArn: alice,
          issuedAt: '2025-06-01T11:00:00Z',
          expiresAt: '2025-06-01T13:00:00Z',
        },
      },
    };
    const request = {
      principal: 'arn:aws:sts::111111111111:federated-user/fed',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      time: '2025-06-01T12:00:00Z',
    };
    expect(createAuthorizer(world).authorize(request).decision).toBe('ImplicitDeny');
    expect(createAuthorizer(world, { federatedSessionDefaultAllow: true }).authorize(request).decision).toBe('Allow');
  });

  it('E5: a resource-policy Deny stops the root user', () => {
    const d = evaluate({
      principal: 'arn:aws:iam::111111111111:root',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      policies: { resource: { policy: P({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }) } },
    });
    expect(d.decision).toBe('ExplicitDeny');
  });

  it('O2, O3, O4: SCPs accept the full syntax; actions are case-insensitive; wildcards anywhere', () => {
    expect(
      check(
        P({
          Effect: 'Allow',
          NotAction: 'iam:*',
          NotResource: 'arn:aws:s3:::x',
          Condition: { Bool: { 'aws:SecureTransport': 'true' } },
        }),
        'scp',
      ).errors,
    ).toEqual([]);
    expect(
      decide(
        [allowAll],
        { action: 's3:GetObject' },
        { scps: [[P({ Effect: 'Allow', Action: 'S3:GETOBJECT', Resource: '*' })]] },
      ),
    ).toBe('Allow');
    expect(
      decide(
        [allowAll],
        { action: 's3:GetObject' },
        { scps: [[P({ Effect: 'Allow', Action: 's3:*Obj*', Resource: '*' })]] },
      ),
    ).toBe('Allow');
  });

  it('S1: the root user calling AssumeRole is refused with AccessDenied:RootCannotAssumeRole', () => {
    const d = evaluateScenario({
      world: {
        roles: {
          'arn:aws:iam::111111111111:role/R': {
            trustPolicy: P({ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole' }),
          },
        },
      },
      request: {
        principal: 'arn:aws:iam::111111111111:root',
        action: 'sts:AssumeRole',
        resource: 'arn:aws:iam::111111111111:role/R',
        sts: { RoleSessionName: 'root' },
      },
    });
    expect([d.decision, formatReason(d)]).toEqual(['ImplicitDeny', 'AccessDenied:RootCannotAssumeRole']);
  });

  const mfaWorld = {
    users: { [alice]: { mfaDevices: ['arn:aws:iam::111111111111:mfa/alice'], policies: [allowAll] } },
    roles: {
      'arn:aws:iam::111111111111:role/team/R': {
        trustPolicy: P({ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole' }),
        policies: [
          P(
            {
              Sid: 'NeedsMfa',
              Effect: 'Allow',
              Action: 's3:GetObject',
              Resource: '*',
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
            },
            {
              Sid: 'PathKept',
              Effect: 'Allow',
              Action: 's3:PutObject',
              Resource: '*',
              Condition: { StringEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/team/R' } },
            },
            {
              Sid: 'NoAge',
              Effect: 'Allow',
              Action: 's3:ListBucket',
              Resource: '*',
              Condition: { Null: { 'aws:MultiFactorAuthAge': 'true' } },
            },
          ),
        ],
      },
    },
  };

  it('S2, S3, S6: AssumeRole sessions carry no MFA; their ARN omits the role path, aws:PrincipalArn keeps it', () => {
    const r = assumeRole(mfaWorld, {
      caller: alice,
      roleArn: 'arn:aws:iam::111111111111:role/team/R',
      sessionName: 'sess',
      serialNumber: 'arn:aws:iam::111111111111:mfa/alice',
      tokenCode: '123456',
      now: '2025-06-01T12:00:00Z',
    });
    if (!r.ok) throw new Error(r.errors[0]?.message);
    expect(r.session.arn).toBe('arn:aws:sts::111111111111:assumed-role/R/sess');
    const a = createAuthorizer(r.world);
    const ask = (action: string) =>
      a.authorize({ principal: r.session.arn, action, resource: 'arn:aws:s3:::b/k', time: '2025-06-01T12:10:00Z' })
        .decision;
    expect(ask('s3:GetObject')).toBe('ImplicitDeny'); // S2
    expect(ask('s3:PutObject')).toBe('Allow'); // S3
    expect(ask('s3:ListBucket')).toBe('Allow'); // S6
  });

  it('K1: tag keys are case-insensitive, values compared by the operator', () => {
    const p = [cond({ StringEquals: { 'aws:PrincipalTag/Team': 'Red' } })];
    expect(decide(p, { context: { 'aws:principaltag/team': 'Red' } })).toBe('Allow');
    expect(decide(p, { context: { 'aws:principaltag/team': 'red' } })).toBe('ImplicitDeny');
  });

  it('Q1: size quotas are configurable and count non-whitespace characters', () => {
    const big = P({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: Array.from({ length: 300 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`),
    });
    expect(parsePolicy(big, { type: 'identity' }).ok).toBe(false);
    expect(parsePolicy(big, { type: 'identity', maxSize: false }).ok).toBe(true);
    const small = P({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
    const text = JSON.stringify(small, null, 40);
    expect(text.length).toBeGreaterThan(200);
    expect(parsePolicy(text, { type: 'identity', maxSize: JSON.stringify(small).length }).ok).toBe(true);
    expect(parsePolicy(text, { type: 'identity', maxSize: JSON.stringify(small).length - 1 }).ok).toBe(false);
  });

  it('O1: RCP denies are reported before SCP denies', () => {
    const deny = P({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' });
    const d = evaluate({
      principal: alice,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      policies: { identity: [allowAll], rcps: [[deny]], scps: [[P({ Effect: 'Deny', Action: '*', Resource: '*' })]] },
    });
    expect([d.decision, d.decidedBy]).toEqual(['ExplicitDeny', 'rcp']);
  });

  it('P2: NotPrincipal exempts a user only when its account and the user are both listed', () => {
    const deny = (NotPrincipal: Doc) => ({
      policy: P({ Effect: 'Deny', NotPrincipal, Action: 's3:*', Resource: '*' }),
    });
    expect(decide([allowAll], {}, { resource: deny({ AWS: [alice] }) })).toBe('ExplicitDeny');
    expect(decide([allowAll], {}, { resource: deny({ AWS: [alice, 'arn:aws:iam::111111111111:root'] }) })).toBe(
      'Allow',
    );
  });

  it('E1, E2: the grant kind comes from the Principal entry that matched; an account principal only delegates', () => {
    const granted = (Principal: Doc, Condition?: Doc) => {
      const d = evaluate({
        principal: alice,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
        policies: {
          identity: [],
          resource: {
            policy: P({
              Effect: 'Allow',
              Principal,
              Action: 's3:GetObject',
              Resource: '*',
              ...(Condition ? { Condition } : {}),
            }),
          },
        },
        explain: true,
      });
      return `${d.decision} ${d.explanation?.resourceGrant ?? '-'}`;
    };
    expect(granted({ AWS: alice })).toBe('Allow user');
    expect(granted({ AWS: '111111111111' }, { ArnEquals: { 'aws:PrincipalArn': alice } })).toBe('ImplicitDeny account');
  });

  it('C8: ARN operators split the value at its first five colons', () => {
    const p = [cond({ ArnLike: { 'aws:SourceArn': 'arn:aws:logs:*:111111111111:log-group:*' } })];
    expect(
      decide(p, { context: { 'aws:SourceArn': 'arn:aws:logs:eu-west-1:111111111111:log-group:app:log-stream:x' } }),
    ).toBe('Allow');
  });

  it("V2: a variable default is written ${key, 'default'}", () => {
    const p = [
      P({ Effect: 'Allow', Action: 's3:GetObject', Resource: "arn:aws:s3:::b/${aws:PrincipalTag/dir, 'shared'}/*" }),
    ];
    expect(decide(p, { resource: 'arn:aws:s3:::b/shared/k' })).toBe('Allow');
    expect(decide(p, { resource: 'arn:aws:s3:::b/mine/k', context: { 'aws:PrincipalTag/dir': 'mine' } })).toBe('Allow');
  });

  it('C11: a negated operator inside ForAllValues applies the NOR to each value', () => {
    const p = [
      cond({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] }, Null: { 'aws:TagKeys': 'false' } }),
    ];
    expect(decide(p, { context: { 'aws:TagKeys': ['team', 'env'] } })).toBe('Allow');
    expect(decide(p, { context: { 'aws:TagKeys': ['team', 'secret'] } })).toBe('ImplicitDeny');
  });

  it("S4: incoming transitive tags replace the target role's matching aws:ResourceTag values", () => {
    const trust = P({
      Effect: 'Allow',
      Principal: { AWS: '111111111111' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:ResourceTag/team': 'red' } },
    });
    const d = evaluateScenario({
      world: {
        roles: {
          'arn:aws:iam::111111111111:role/A': { trustPolicy: trust, policies: [allowAll] },
          'arn:aws:iam::111111111111:role/B': { trustPolicy: trust, tags: { team: 'blue' } },
        },
        sessions: {
          'arn:aws:sts::111111111111:assumed-role/A/s': {
            type: 'AssumedRole',
            issuedAt: '2025-06-01T11:00:00Z',
            expiresAt: '2025-06-01T13:00:00Z',
            sessionTags: { team: 'red' },
            transitiveTagKeys: ['team'],
          },
        },
      },
      request: {
        principal: 'arn:aws:sts::111111111111:assumed-role/A/s',
        action: 'sts:AssumeRole',
        resource: 'arn:aws:iam::111111111111:role/B',
        time: '2025-06-01T12:00:00Z',
        sts: { RoleSessionName: 'chain' },
      },
    });
    expect(d.decision).toBe('Allow');
  });

  it("R-REVIEW: a trust policy naming a user still needs the user's boundary to allow AssumeRole", () => {
    const d = evaluateScenario({
      world: {
        users: { [alice]: { permissionsBoundary: P({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) } },
        roles: {
          'arn:aws:iam::111111111111:role/R': {
            trustPolicy: P({ Effect: 'Allow', Principal: { AWS: alice }, Action: 'sts:AssumeRole' }),
          },
        },
      },
      request: { principal: alice, action: 'sts:AssumeRole', resource: 'arn:aws:iam::111111111111:role/R' },
    });
    expect([d.decision, d.decidedBy]).toEqual(['ImplicitDeny', 'boundary']);
  });
});
