/**
 * §0.2 the trace: which layer decided, which statements matched (policy id, statement index,
 * Sid, grant kind), why the others did not apply, and which condition keys were missing.
 */
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../src/index.js';
import {
  APP_ROLE,
  APP_SESSION,
  allowPolicy,
  decide,
  denyPolicy,
  policy,
  TIME,
  ALICE,
  OBJECT,
  ACCOUNT,
  authorizer,
} from './helpers.js';

describe('§0.2 explanations', () => {
  it('is absent unless asked for', () => {
    expect(decide({ policies: { identity: [allowPolicy()] } }).explanation).toBeUndefined();
  });

  it('names the deciding layer and the matched Deny with policy id, index and Sid', () => {
    const identity = [
      { id: 'ReadAll', document: allowPolicy('s3:*') },
      {
        id: 'NoReports',
        document: policy(
          { Sid: 'AllowEc2', Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
          {
            Sid: 'DenyReports',
            Effect: 'Deny',
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::example-bucket/reports/*',
          },
        ),
      },
    ];
    const d = decide({ explain: true, policies: { identity } });
    expect(d).toMatchObject({ decision: 'ExplicitDeny', decidedBy: 'identity' });
    expect(d.explanation?.matched).toContainEqual({
      layer: 'identity',
      policyId: 'NoReports',
      statementIndex: 1,
      sid: 'DenyReports',
      effect: 'Deny',
    });
    expect(d.explanation?.matched).toContainEqual({
      layer: 'identity',
      policyId: 'ReadAll',
      statementIndex: 0,
      effect: 'Allow',
    });
    expect(d.explanation?.summary).toContain('NoReports statement 1 (DenyReports)');
  });

  it('uses `<layer>[i]` as the policy id of unnamed policies', () => {
    const d = decide({ explain: true, policies: { identity: [allowPolicy('ec2:*'), allowPolicy('s3:*')] } });
    expect(d.explanation?.matched).toEqual([
      { layer: 'identity', policyId: 'identity[1]', statementIndex: 0, effect: 'Allow' },
    ]);
    expect(d.explanation?.summary).toContain('identity[1]');
  });

  it('records why statements whose action matched did not apply: resource, condition', () => {
    const identity = [
      policy(
        { Sid: 'OtherBucket', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' },
        {
          Sid: 'NeedsVpn',
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: '*',
          Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        },
        { Sid: 'Unrelated', Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
      ),
    ];
    const d = decide({ explain: true, context: { 'aws:SourceIp': '203.0.113.7' }, policies: { identity } });
    expect(d.decision).toBe('ImplicitDeny');
    const unmatched = d.explanation?.unmatched ?? [];
    expect(unmatched).toContainEqual(expect.objectContaining({ sid: 'OtherBucket', failed: 'resource' }));
    expect(unmatched).toContainEqual(
      expect.objectContaining({
        sid: 'NeedsVpn',
        failed: 'condition',
        condition: {
          operator: 'IpAddress',
          key: 'aws:SourceIp',
          values: ['10.0.0.0/8'],
          requestValue: '203.0.113.7',
          missing: false,
        },
      }),
    );
    expect(unmatched.some((m) => m.sid === 'Unrelated')).toBe(false);
    expect(d.explanation?.missingContextKeys).toEqual([]);
  });

  it('lists condition keys the request lacked', () => {
    const identity = [
      allowPolicy('s3:*', '*', {
        Condition: { StringEquals: { 'aws:PrincipalTag/Team': 'red' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      }),
    ];
    const d = decide({ explain: true, policies: { identity } });
    expect(d.explanation?.missingContextKeys).toEqual(
      expect.arrayContaining(['aws:principaltag/team', 'aws:multifactorauthpresent']),
    );
    expect(d.explanation?.unmatched[0]?.condition).toMatchObject({ key: 'aws:PrincipalTag/Team', missing: true });
    expect(d.explanation?.summary).toContain('aws:principaltag/team');
  });

  it('records a resource-policy statement that did not name the caller (failed: principal)', () => {
    const resource = {
      policy: policy({
        Sid: 'Bob',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/bob` },
        Action: 's3:GetObject',
        Resource: '*',
      }),
    };
    const d = decide({ explain: true, policies: { resource } });
    expect(d.explanation?.unmatched).toContainEqual(
      expect.objectContaining({ layer: 'resource', sid: 'Bob', failed: 'principal' }),
    );
  });

  it('reports the grant kind of a resource-policy Allow (§2.3)', () => {
    const resource = {
      policy: policy({
        Sid: 'Role',
        Effect: 'Allow',
        Principal: { AWS: APP_ROLE },
        Action: 's3:GetObject',
        Resource: '*',
      }),
    };
    const d = decide({ principal: APP_SESSION, explain: true, policies: { resource } });
    expect(d).toMatchObject({ decision: 'Allow', decidedBy: 'resource' });
    expect(d.explanation?.resourceGrant).toBe('role');
    expect(d.explanation?.matched).toContainEqual({
      layer: 'resource',
      policyId: 'resource',
      statementIndex: 0,
      sid: 'Role',
      effect: 'Allow',
      grant: 'role',
    });
  });

  it('reports every layer’s verdict, SCP levels by target, and names the blocking level', () => {
    const d = decide({
      explain: true,
      policies: {
        identity: [allowPolicy()],
        permissionsBoundary: allowPolicy('ec2:*'),
        scps: [
          { target: 'r-root', policies: [allowPolicy()] },
          { target: 'ou-dev', policies: [allowPolicy('ec2:*')] },
        ],
      },
    });
    expect(d).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'scp' });
    expect(d.explanation?.layers).toEqual(
      expect.arrayContaining([
        { layer: 'scp', level: 'r-root', verdict: 'allow', policies: 1 },
        { layer: 'scp', level: 'ou-dev', verdict: 'no-allow', policies: 1 },
        { layer: 'identity', verdict: 'allow', policies: 1 },
        { layer: 'boundary', verdict: 'no-allow', policies: 1 },
        { layer: 'resource', verdict: 'absent', policies: 0 },
      ]),
    );
    expect(d.explanation?.summary).toContain('ou-dev');
  });

  it('marks SCPs as not applicable to a service-linked role', () => {
    const d = decide({
      principal: APP_SESSION,
      principalDetails: { serviceLinked: true },
      explain: true,
      policies: { identity: [allowPolicy()], scps: [[denyPolicy()]] },
    });
    expect(d.decision).toBe('Allow');
    expect(d.explanation?.layers).toContainEqual({
      layer: 'scp',
      verdict: 'not-applicable',
      policies: 0,
      reason: 'service-linked-role',
    });
  });

  it('gives every layer a verdict: SCPs and RCPs are not applicable to the management account (spec §4.8, §4.9)', () => {
    const M = '999999999999';
    const ops = `arn:aws:iam::${M}:user/ops`;
    const denyAll = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] };
    const world = {
      accounts: { [M]: {}, '111111111111': { org: 'o-x', parents: ['r-root'] } },
      organization: { id: 'o-x', rootId: 'r-root', managementAccount: M, scps: { 'r-root': [denyAll] } },
      users: { [ops]: { policies: [allowPolicy()] } },
    };
    const d = createAuthorizer(world).authorize(
      { principal: ops, action: 's3:GetObject', resource: `arn:aws:s3:::b/k`, time: TIME },
      { explain: true },
    );
    expect(d.decision).toBe('Allow');
    const layers = d.explanation?.layers ?? [];
    expect(layers).toContainEqual({
      layer: 'scp',
      verdict: 'not-applicable',
      policies: 0,
      reason: 'management-account',
    });
    expect(layers).toContainEqual({
      layer: 'rcp',
      verdict: 'not-applicable',
      policies: 0,
      reason: 'management-account',
    });
    expect(layers).toContainEqual({
      layer: 'session',
      verdict: 'not-applicable',
      policies: 0,
      reason: 'not-a-session',
    });
    expect(new Set(layers.map((l) => l.layer))).toEqual(
      new Set(['rcp', 'scp', 'endpoint', 'resource', 'identity', 'boundary', 'session']),
    );
    // A member account's user is bound by the same SCP.
    const member = createAuthorizer({
      ...world,
      users: { 'arn:aws:iam::111111111111:user/dev': { policies: [allowPolicy()] } },
    });
    expect(
      member.authorize({
        principal: 'arn:aws:iam::111111111111:user/dev',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
        time: TIME,
      }).decision,
    ).toBe('ExplicitDeny');
  });

  it('gives the same decision with and without explanation', () => {
    const cases = [
      { policies: { identity: [allowPolicy()], scps: [[denyPolicy('s3:*')]] } },
      { policies: { identity: [allowPolicy()], permissionsBoundary: denyPolicy() } },
      { policies: { identity: [allowPolicy('ec2:*')] } },
    ];
    for (const c of cases) {
      const quick = decide(c);
      const full = decide({ ...c, explain: true });
      expect({ decision: full.decision, decidedBy: full.decidedBy }).toEqual({
        decision: quick.decision,
        decidedBy: quick.decidedBy,
      });
    }
  });

  it('createAuthorizer explains with world policy names', () => {
    const a = authorizer({
      users: { [ALICE]: { policies: [{ name: 'ReadOnly', document: allowPolicy('s3:Get*') }] } },
    });
    const d = a.authorize(
      { principal: ALICE, action: 's3:GetObject', resource: OBJECT, time: TIME },
      { explain: true },
    );
    expect(d.decision).toBe('Allow');
    expect(d.explanation?.matched[0]).toMatchObject({ layer: 'identity', statementIndex: 0, effect: 'Allow' });
    expect(d.explanation?.matched[0]?.policyId).toContain('ReadOnly');
  });
});
