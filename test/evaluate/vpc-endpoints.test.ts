/**
 * VPC endpoint policies (spec §4.15): the endpoint layer with its own verdict, the default
 * full-access policy, the derived keys and the absence of `aws:SourceIp`.
 */
import { describe, expect, it } from 'vitest';
import { createAuthorizer, type AuthorizationRequest } from '../../src/index.js';
import {
  ACCOUNT,
  ALICE,
  OBJECT,
  OTHER_ACCOUNT,
  TIME,
  allow,
  allowPolicy,
  authorizer,
  deny,
  policy,
} from './helpers.js';

const VPCE = 'vpce-0a1b2c3d';
const DEFAULT_VPCE = 'vpce-0defa017';
const FOREIGN_VPCE = 'vpce-0f0e0d0c';
const OUTSIDE_VPCE = 'vpce-0b0b0b0b';

const readOnly = policy(
  {
    Sid: 'ReadExampleBucket',
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::example-bucket/*',
  },
  {
    Sid: 'NoSecrets',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::example-bucket/secret/*',
  },
);

const world = {
  accounts: { [ACCOUNT]: { org: 'o-example', parents: ['r-root'] }, [OTHER_ACCOUNT]: {} },
  organization: { id: 'o-example', rootId: 'r-root', managementAccount: '999999999999' },
  users: { [ALICE]: { policies: [allowPolicy()] } },
  vpcEndpoints: {
    [VPCE]: { vpc: 'vpc-11111111', account: ACCOUNT, service: 'com.amazonaws.us-east-1.s3', policy: readOnly },
    [DEFAULT_VPCE]: { vpc: 'vpc-22222222', account: ACCOUNT, service: 'com.amazonaws.us-east-1.s3' },
    // Only principals of the other account may use it.
    [OUTSIDE_VPCE]: { vpc: 'vpc-44444444', account: OTHER_ACCOUNT },
    [FOREIGN_VPCE]: {
      vpc: 'vpc-33333333',
      account: OTHER_ACCOUNT,
      policy: policy({ Effect: 'Allow', Principal: { AWS: OTHER_ACCOUNT }, Action: '*', Resource: '*' }),
    },
  },
};
const a = authorizer(world);
const ask = (request: Partial<AuthorizationRequest>) =>
  a.authorize(
    { principal: ALICE, action: 's3:GetObject', resource: OBJECT, time: TIME, ...request } as AuthorizationRequest,
    { explain: true },
  );

describe('the endpoint policy is a guardrail layer (spec §4.15)', () => {
  it('allows what both the endpoint policy and the caller’s policies allow, with the endpoint’s verdict in the explanation', () => {
    const d = ask({ vpcEndpoint: VPCE });
    expect(d).toMatchObject({ decision: 'Allow', decidedBy: 'identity' });
    expect(d.explanation?.layers).toContainEqual({ layer: 'endpoint', verdict: 'allow', policies: 1 });
    expect(d.explanation?.matched).toContainEqual(
      expect.objectContaining({ layer: 'endpoint', policyId: `vpce/${VPCE}`, sid: 'ReadExampleBucket' }),
    );
  });

  it('no Allow in the endpoint policy → ImplicitDeny decided by the endpoint', () => {
    const d = ask({ vpcEndpoint: VPCE, action: 's3:PutObject' });
    expect(d).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'endpoint' });
    expect(d.explanation?.layers).toContainEqual({ layer: 'endpoint', verdict: 'no-allow', policies: 1 });
    expect(d.explanation?.summary).toContain('VPC endpoint policy');
  });

  it('a Deny in the endpoint policy → ExplicitDeny decided by the endpoint, whatever the identity policies allow', () => {
    const d = ask({ vpcEndpoint: VPCE, resource: 'arn:aws:s3:::example-bucket/secret/key' });
    expect(d).toMatchObject({ decision: 'ExplicitDeny', decidedBy: 'endpoint' });
    expect(d.explanation?.summary).toContain('NoSecrets');
  });

  it('grants nothing by itself: the caller’s policies must still allow', () => {
    const bare = authorizer({ ...world, users: { [ALICE]: {} } });
    const d = bare.authorize(
      { principal: ALICE, action: 's3:GetObject', resource: OBJECT, time: TIME, vpcEndpoint: VPCE },
      { explain: true },
    );
    expect(d).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'identity' });
    expect(d.explanation?.layers).toContainEqual({ layer: 'endpoint', verdict: 'allow', policies: 1 });
  });

  it('an endpoint without a policy has the default full-access policy', () => {
    const d = ask({ vpcEndpoint: DEFAULT_VPCE, action: 's3:PutObject' });
    expect(d).toMatchObject({ decision: 'Allow' });
    expect(d.explanation?.matched).toContainEqual(
      expect.objectContaining({ layer: 'endpoint', policyId: `vpce/${DEFAULT_VPCE}:default` }),
    );
  });

  it('matches the endpoint policy’s Principal like a resource policy’s', () => {
    expect(ask({ vpcEndpoint: FOREIGN_VPCE })).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'endpoint' });
  });

  it('without an endpoint the layer is not applicable', () => {
    const d = ask({ action: 's3:PutObject' });
    expect(d.decision).toBe('Allow');
    expect(d.explanation?.layers).toContainEqual({ layer: 'endpoint', verdict: 'not-applicable', policies: 0 });
  });

  it('an unknown endpoint is an invalid request (fail closed)', () => {
    expect(ask({ vpcEndpoint: 'vpce-0000000' })).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'input',
      reason: 'InvalidRequest',
      detail: 'unknownVpcEndpoint',
    });
    expect(ask({ vpcEndpoint: 42 as unknown as string })).toMatchObject({
      decision: 'ImplicitDeny',
      reason: 'InvalidRequest',
      detail: 'vpcEndpoint',
    });
  });

  it('an endpoint policy without Principal makes the world invalid', () => {
    const bad = createAuthorizer({
      vpcEndpoints: { [VPCE]: { vpc: 'vpc-1', account: ACCOUNT, policy: policy(allow()) } },
    });
    expect(bad.ok).toBe(false);
    expect(bad.errors[0]?.path).toContain('vpcEndpoints');
  });
});

describe('keys of a request through an endpoint (spec §4.15, §7)', () => {
  const onlyWhen = (condition: Record<string, unknown>) =>
    authorizer({
      ...world,
      users: { [ALICE]: { policies: [policy(allow('s3:GetObject', '*', { Condition: condition }))] } },
    });
  const decide = (condition: Record<string, unknown>, request: Partial<AuthorizationRequest>) =>
    onlyWhen(condition).authorize({
      principal: ALICE,
      action: 's3:GetObject',
      resource: OBJECT,
      time: TIME,
      ...request,
    } as AuthorizationRequest).decision;

  it.each([
    ['aws:SourceVpce', VPCE],
    ['aws:SourceVpc', 'vpc-11111111'],
    ['aws:VpceAccount', ACCOUNT],
    ['aws:VpceOrgID', 'o-example'],
  ])('%s is %s through the endpoint and absent otherwise', (key, value) => {
    expect(decide({ StringEquals: { [key]: value } }, { vpcEndpoint: VPCE })).toBe('Allow');
    expect(decide({ StringEquals: { [key]: value } }, {})).toBe('ImplicitDeny');
    expect(decide({ Null: { [key]: 'true' } }, {})).toBe('Allow');
  });

  it('aws:VpceOrgPaths is the account’s organization path; no organization keys for an account outside it', () => {
    expect(
      decide({ 'ForAnyValue:StringLike': { 'aws:VpceOrgPaths': 'o-example/r-root/*' } }, { vpcEndpoint: VPCE }),
    ).toBe('Allow');
    expect(decide({ Null: { 'aws:VpceOrgID': 'true' } }, { vpcEndpoint: OUTSIDE_VPCE })).toBe('Allow');
    expect(decide({ StringEquals: { 'aws:VpceAccount': OTHER_ACCOUNT } }, { vpcEndpoint: OUTSIDE_VPCE })).toBe('Allow');
  });

  it('aws:SourceIp is absent through an endpoint, even when the request context gives one', () => {
    const context = { 'aws:SourceIp': '203.0.113.7' };
    expect(decide({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { context })).toBe('Allow');
    expect(decide({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { context, vpcEndpoint: DEFAULT_VPCE })).toBe(
      'ImplicitDeny',
    );
    expect(decide({ Null: { 'aws:SourceIp': 'true' } }, { context, vpcEndpoint: DEFAULT_VPCE })).toBe('Allow');
  });

  it('a typical guardrail: deny unless through the company endpoint', () => {
    const guarded = authorizer({
      ...world,
      users: {
        [ALICE]: {
          policies: [
            policy(allow(), deny('s3:*', '*', { Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } } })),
          ],
        },
      },
    });
    const req = { principal: ALICE, action: 's3:GetObject', resource: OBJECT, time: TIME };
    expect(guarded.authorize({ ...req, vpcEndpoint: VPCE }).decision).toBe('Allow');
    expect(guarded.authorize({ ...req, vpcEndpoint: DEFAULT_VPCE }).decision).toBe('ExplicitDeny');
    expect(guarded.authorize(req).decision).toBe('ExplicitDeny');
  });
});

describe('evaluate: endpoint policies given explicitly', () => {
  it('has the endpoint layer', async () => {
    const { evaluate } = await import('../../src/index.js');
    const base = { principal: ALICE, action: 's3:PutObject', resource: OBJECT, time: TIME, explain: true };
    const d = evaluate({ ...base, policies: { identity: [allowPolicy()], endpoint: [readOnly] } });
    expect(d).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'endpoint' });
    expect(evaluate({ ...base, policies: { identity: [allowPolicy()] } }).explanation?.layers).toContainEqual({
      layer: 'endpoint',
      verdict: 'not-applicable',
      policies: 0,
    });
  });
});
