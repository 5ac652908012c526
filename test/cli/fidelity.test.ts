/**
 * `iam-verdict eval` on the rules beyond policy documents (spec §4.14–§4.16): the conformance
 * cases as a scenario list, and a small estate through standard input, with explanations that
 * name the rule.
 */
import { describe, expect, it } from 'vitest';
import { json, runCli } from './helpers.js';

const CASES = 'test/conformance/fidelity-cases.json';

interface JsonResult {
  name: string;
  decision: string;
  decidedBy: string;
  reason?: string;
  expectationMet?: boolean;
  explanation?: {
    summary: string;
    layers: { layer: string; verdict: string }[];
    serviceRules?: { rule: string; effect: string; detail: string }[];
  };
}

const A = '111111111111';
const estate = {
  world: {
    users: {
      [`arn:aws:iam::${A}:user/admin`]: {
        policies: [
          {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: '*', Resource: '*' },
              { Effect: 'Deny', Action: 'sts:GetCallerIdentity', Resource: '*' },
            ],
          },
        ],
      },
    },
    vpcEndpoints: {
      'vpce-0a1b2c3d': {
        vpc: 'vpc-1',
        account: A,
        policy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }],
        },
      },
    },
  },
  requests: [
    {
      name: 'who am I',
      request: { principal: `arn:aws:iam::${A}:user/admin`, action: 'sts:GetCallerIdentity', resource: '*' },
      expect: 'Allow',
      expectReason: 'GetCallerIdentityAlwaysAllowed',
    },
    {
      name: 'pass a service-linked role',
      request: {
        principal: `arn:aws:iam::${A}:user/admin`,
        action: 'iam:PassRole',
        resource: `arn:aws:iam::${A}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
      },
      expect: 'ImplicitDeny',
      expectReason: 'ProtectedRole',
    },
    {
      name: 'write through the endpoint',
      request: {
        principal: `arn:aws:iam::${A}:user/admin`,
        action: 's3:PutObject',
        resource: 'arn:aws:s3:::b/k',
        vpcEndpoint: 'vpce-0a1b2c3d',
      },
      expect: 'ImplicitDeny',
    },
    {
      name: 'read without an endpoint',
      request: { principal: `arn:aws:iam::${A}:user/admin`, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' },
      expect: 'Allow',
    },
  ],
};

describe('iam-verdict eval: service rules, VPC endpoints, S3 Block Public Access', () => {
  it('decides every fidelity conformance case as expected', async () => {
    const r = await runCli(['eval', CASES]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/all 32 expectations met/);
    // The text output names the deciding layer and the rule.
    expect(r.stdout).toContain('decided by the service rule');
    expect(r.stdout).toMatch(/rule\s+Deny ProtectedRole:\s/);
    expect(r.stdout).toMatch(/rule\s+Allow GetCallerIdentityAlwaysAllowed:\s/);
    expect(r.stdout).toMatch(/rule\s+Deny S3RestrictPublicBuckets:\s/);
  });

  it('--json carries decidedBy service-rule, the reason code and the rule in the explanation', async () => {
    const r = await runCli(['eval', CASES, '--json']);
    expect(r.code).toBe(0);
    const results = json<{ results: JsonResult[] }>(r).results;
    const byId = (id: string) => results.find((x) => x.name.startsWith(id)) as JsonResult;
    expect(byId('F03')).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'service-rule',
      reason: 'AwsManagedPolicyImmutable',
      expectationMet: true,
    });
    expect(byId('F03').explanation?.serviceRules).toEqual([
      expect.objectContaining({ rule: 'AwsManagedPolicyImmutable', effect: 'Deny' }),
    ]);
    expect(byId('F20')).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'endpoint' });
    expect(byId('F20').explanation?.layers).toContainEqual(
      expect.objectContaining({ layer: 'endpoint', verdict: 'no-allow' }),
    );
    expect(byId('F30').explanation?.serviceRules?.[0]?.rule).toBe('S3BlockPublicPolicy');
    expect(results.every((x) => x.expectationMet === true)).toBe(true);
  });

  it('reads an estate with VPC endpoints from standard input', async () => {
    const r = await runCli(['eval', '-', '--json'], { stdin: JSON.stringify(estate) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const results = json<{ results: JsonResult[] }>(r).results;
    expect(results.map((x) => [x.decision, x.decidedBy, x.reason ?? null])).toEqual([
      ['Allow', 'service-rule', 'GetCallerIdentityAlwaysAllowed'],
      ['ImplicitDeny', 'service-rule', 'ProtectedRole'],
      ['ImplicitDeny', 'endpoint', null],
      ['Allow', 'identity', null],
    ]);
    expect(results[2]?.explanation?.summary).toContain('VPC endpoint policy');
    expect(results[3]?.explanation?.layers).toContainEqual({
      layer: 'endpoint',
      verdict: 'not-applicable',
      policies: 0,
    });
  });
});
